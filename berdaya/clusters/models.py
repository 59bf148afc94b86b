"""A sentra — enterprises making one product type in one area — and who belongs to it.

Every cluster record (readiness, actors, cooperation, production, procurement, value chain) hangs off a
sentra, and a sentra off a programme: that is the path ``berdaya.accounts.access`` scopes by
(``"sentra__programme"``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.people.models import Enterprise
from berdaya.places.models import Place
from berdaya.programs.models import Programme


class Sentra(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="sentras"
    )
    name = models.CharField(_("name"), max_length=150)
    product_type = models.CharField(
        _("product type"),
        max_length=80,
        help_text=_("The one kind of product its units make, e.g. ikat weaving."),
    )
    place = models.ForeignKey(Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("description"), blank=True)
    founded_year = models.PositiveSmallIntegerField(_("founded (year)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("sentra")
        verbose_name_plural = _("sentras")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="sentra_name_unique")]

    def __str__(self) -> str:
        return self.name


class SentraMember(models.Model):
    """An enterprise (unit) in the sentra, from when to when."""

    sentra = models.ForeignKey(
        Sentra, verbose_name=_("sentra"), on_delete=models.CASCADE, related_name="members"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="sentra_memberships"
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("sentra member")
        verbose_name_plural = _("sentra members")
        ordering = ["sentra", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["sentra", "enterprise"], name="sentra_member_unique"),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(joined_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="sentra_member_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} — {self.sentra}"
