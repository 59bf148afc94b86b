from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.places.models import Place


class Household(models.Model):
    """A family card (KK) household; the poverty-registry flag is what KUBE targeting checks."""

    kk_number = models.CharField(
        _("family card (KK) number"), max_length=16, null=True, blank=True, unique=True
    )
    head_name = models.CharField(_("head of household"), max_length=120, blank=True)
    place = models.ForeignKey(Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("address"), max_length=250, blank=True)
    poverty_registered = models.BooleanField(
        _("in the poverty registry"), default=False, help_text=_("Listed in DTKS / DTSEN.")
    )
    poverty_registry_id = models.CharField(_("poverty registry id"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["head_name", "id"]

    def __str__(self) -> str:
        return self.head_name or self.masked_kk or str(_("Household %(id)s") % {"id": self.pk})

    @property
    def masked_kk(self) -> str:
        """KK number as readers see it: like the NIK, the middle (issue date) digits are hidden."""
        if not self.kk_number:
            return ""
        return self.kk_number[:4] + "********" + self.kk_number[-4:]


class Person(models.Model):
    class Sex(models.TextChoices):
        MALE = "L", _("Male")
        FEMALE = "P", _("Female")

    full_name = models.CharField(_("full name"), max_length=120, db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    nik = models.CharField(_("NIK"), max_length=16, null=True, blank=True, unique=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    place = models.ForeignKey(Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["full_name", "id"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def masked_nik(self) -> str:
        """NIK as lists show it: region and sequence visible, birth date hidden (UU PDP)."""
        if not self.nik:
            return ""
        return self.nik[:4] + "********" + self.nik[-4:]


class Enterprise(models.Model):
    class Sector(models.TextChoices):
        CRAFT = "craft", _("Craft")
        TEXTILE = "textile", _("Textile and garment")
        FOOD = "food", _("Food and beverage")
        AGRICULTURE = "agriculture", _("Agriculture, livestock and fishery")
        TRADE = "trade", _("Trade")
        SERVICE = "service", _("Services")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=150, db_index=True)
    owners = models.ManyToManyField(Person, verbose_name=_("owners"), related_name="enterprises", blank=True)
    place = models.ForeignKey(Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+")
    product_type = models.CharField(
        _("product type"), max_length=80, help_text=_("What it makes or sells, e.g. pottery, ikat weaving.")
    )
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices, default=Sector.OTHER)
    workers = models.PositiveIntegerField(
        _("workers"), null=True, blank=True, help_text=_("Including the owner.")
    )
    net_assets = models.BigIntegerField(
        _("net assets (Rp)"), null=True, blank=True, help_text=_("Excluding land and buildings.")
    )
    business_capital = models.BigIntegerField(
        _("business capital (Rp)"), null=True, blank=True, help_text=_("Excluding land and buildings.")
    )
    annual_sales = models.BigIntegerField(_("annual sales (Rp)"), null=True, blank=True)
    start_date = models.DateField(_("started"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(net_assets__gte=0) | models.Q(net_assets__isnull=True),
                name="ent_net_assets_nonneg",
            ),
            models.CheckConstraint(
                condition=models.Q(business_capital__gte=0) | models.Q(business_capital__isnull=True),
                name="ent_capital_nonneg",
            ),
            models.CheckConstraint(
                condition=models.Q(annual_sales__gte=0) | models.Q(annual_sales__isnull=True),
                name="ent_sales_nonneg",
            ),
        ]

    def __str__(self) -> str:
        return self.name
