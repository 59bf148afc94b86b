from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.places.models import Place

# The default stage template, from the seeds: 004 (precondition, appraisal, mentoring, capacity building,
# revolving stimulant aid, evaluation), 002 (coordination, preparation, training, group formation) and the
# KUBE guidelines (growth → development → independence).
DEFAULT_STAGES = [
    ("coordination", _("Coordination")),
    ("preparation", _("Preparation")),
    ("appraisal", _("Participatory appraisal")),
    ("group_formation", _("Group formation")),
    ("capacity_building", _("Capacity building")),
    ("stimulant_capital", _("Stimulant capital")),
    ("mentoring", _("Mentoring")),
    ("evaluation", _("Evaluation")),
    ("independence", _("Independence")),
]


class Programme(models.Model):
    class Model(models.TextChoices):
        KUBE = "kube", _("KUBE (joint business group)")
        UMKM_CLUSTER = "umkm_cluster", _("UMKM cluster")
        MIGRANT = "migrant", _("Urban migrant empowerment")
        CRAFT_INCUBATOR = "craft_incubator", _("Craft incubator")
        CUSTOM = "custom", _("Custom")

    class ResidenceLevel(models.IntegerChoices):
        VILLAGE = 4, _("Village")
        DUSUN = 5, _("Hamlet (dusun)")
        RW = 6, _("RW")

    name = models.CharField(_("name"), max_length=150, unique=True)
    model_type = models.CharField(_("empowerment model"), max_length=20, choices=Model.choices)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    funding_source = models.CharField(_("funding source"), max_length=150, blank=True)
    group_size_min = models.PositiveSmallIntegerField(_("minimum group size"), default=5)
    group_size_max = models.PositiveSmallIntegerField(_("maximum group size"), default=20)
    residence_level = models.PositiveSmallIntegerField(
        _("members should live in the same"),
        choices=ResidenceLevel.choices,
        default=ResidenceLevel.VILLAGE,
        help_text=_("A group whose members live in different areas of this level gets a warning."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(group_size_min__lte=models.F("group_size_max")), name="prog_size_range"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="prog_period",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Stage(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="stages"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["programme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "order"], name="stage_order_unique"),
            models.UniqueConstraint(fields=["programme", "key"], name="stage_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class Site(models.Model):
    """A place where a programme works; agencies commit their roles per site."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="sites"
    )
    place = models.ForeignKey(Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["programme", "place__code"]
        constraints = [models.UniqueConstraint(fields=["programme", "place"], name="site_unique")]

    def __str__(self) -> str:
        return f"{self.programme} — {self.place.name}"


class TargetCriterion(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="criteria"
    )
    text = models.CharField(_("criterion"), max_length=250)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("target criterion")
        verbose_name_plural = _("target criteria")
        ordering = ["programme", "order", "id"]

    def __str__(self) -> str:
        return self.text


class Agency(models.Model):
    class Kind(models.TextChoices):
        DINAS_SOSIAL = "dinas_sosial", _("Social affairs office (Dinas Sosial)")
        DINAS_KOPERASI_UMKM = "dinas_koperasi_umkm", _("Cooperatives & SME office (Dinas Koperasi & UMKM)")
        DINAS_PERINDAG = "dinas_perindag", _("Industry & trade office (Dinas Perindag)")
        DINAS_PASAR = "dinas_pasar", _("Markets office (Dinas Pasar)")
        BANK = "bank", _("Bank")
        LKM = "lkm", _("Microfinance institution (LKM)")
        BANK_INDONESIA = "bank_indonesia", _("Bank Indonesia")
        UNIVERSITY = "university", _("University / LPPM")
        NGO = "ngo", _("NGO / LSM")
        OFFTAKER = "offtaker", _("Offtaker / buyer")
        VILLAGE_GOVERNMENT = "village_government", _("Village government")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    place = models.ForeignKey(
        Place, verbose_name=_("place"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contact = models.CharField(_("contact"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgencyRole(models.Model):
    """One agency's commitment to one role at one programme site (a cell of the role matrix)."""

    class Role(models.TextChoices):
        COORDINATION = "coordination", _("Coordination")
        FUNDING = "funding", _("Funding / stimulant capital")
        TRAINING = "training", _("Training")
        MENTORING = "mentoring", _("Mentoring")
        CREDIT = "credit", _("Credit")
        MARKETING = "marketing", _("Marketing and market access")
        INFRASTRUCTURE = "infrastructure", _("Infrastructure")
        RESEARCH = "research", _("Research and evaluation")
        POLICY = "policy", _("Policy and regulation")

    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="roles")
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    commitment = models.CharField(_("commitment"), max_length=250, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("agency role")
        verbose_name_plural = _("agency roles")
        ordering = ["site", "role", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["site", "agency", "role"], name="agency_role_unique")]

    def __str__(self) -> str:
        return f"{self.agency} — {self.get_role_display()}"


class StaffMember(models.Model):
    """A facilitator (fasilitator) or mentor (pendamping) with the terms of their engagement (seed 004)."""

    class Kind(models.TextChoices):
        FACILITATOR = "facilitator", _("Facilitator")
        MENTOR = "mentor", _("Mentor")

    full_name = models.CharField(_("full name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    programmes = models.ManyToManyField(
        Programme, verbose_name=_("programmes"), related_name="staff", blank=True
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    qualifications = models.TextField(_("qualifications"), blank=True)
    duties = models.TextField(_("duties"), blank=True)
    rights = models.TextField(_("rights"), blank=True)
    obligations = models.TextField(_("obligations"), blank=True)
    sanctions = models.TextField(_("sanctions"), blank=True)
    trained = models.BooleanField(_("trained"), default=False)
    trained_on = models.DateField(_("trained on"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name
