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


# --- history ----------------------------------------------------------------------------------------


class SentraYear(models.Model):
    """What the sentra looked like in one year: units, craftsmen, looms or tools, capacity, turnover.

    Seed 001: one weaver and one loom (ATBM) in 1946, fifty weavers in the 1970s, about thirty after the
    factories came in the 1990s, fifteen today. Any figure may be unknown for a year (left empty).
    """

    sentra = models.ForeignKey(
        Sentra, verbose_name=_("sentra"), on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    units = models.PositiveIntegerField(
        _("units"), null=True, blank=True, help_text=_("Enterprises of the product type in the sentra.")
    )
    craftsmen = models.PositiveIntegerField(_("craftsmen"), null=True, blank=True)
    tools = models.PositiveIntegerField(
        _("looms or tools"), null=True, blank=True, help_text=_("E.g. hand looms (ATBM).")
    )
    daily_capacity = models.PositiveIntegerField(_("daily capacity"), null=True, blank=True)
    capacity_unit = models.CharField(
        _("capacity unit"), max_length=40, blank=True, help_text=_("What the capacity counts, e.g. sarongs.")
    )
    monthly_turnover = models.BigIntegerField(
        _("monthly turnover (Rp)"), null=True, blank=True, help_text=_("Of all units together, per month.")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("sentra year")
        verbose_name_plural = _("sentra years")
        ordering = ["sentra", "year"]
        constraints = [
            models.UniqueConstraint(fields=["sentra", "year"], name="sentra_year_unique"),
            models.CheckConstraint(
                condition=models.Q(monthly_turnover__isnull=True) | models.Q(monthly_turnover__gte=0),
                name="sentra_year_turnover_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sentra} {self.year}"


# --- infrastructure ---------------------------------------------------------------------------------


class InfrastructureRecord(models.Model):
    """How adequate one kind of infrastructure was at the sentra, as seen on a date (seed 001: PLN
    electricity for lighting and water pumps, roads for materials and buyers, telephone for business,
    clean water for dyeing)."""

    class Kind(models.TextChoices):
        ELECTRICITY = "electricity", _("Electricity")
        TRANSPORT = "transport", _("Transport")
        TELECOM = "telecom", _("Telecommunication")
        CLEAN_WATER = "clean_water", _("Clean water")

    class Adequacy(models.TextChoices):
        ADEQUATE = "adequate", _("Adequate")
        PARTLY = "partly", _("Partly adequate")
        INADEQUATE = "inadequate", _("Inadequate")

    sentra = models.ForeignKey(
        Sentra, verbose_name=_("sentra"), on_delete=models.CASCADE, related_name="infrastructure"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    adequacy = models.CharField(_("adequacy"), max_length=10, choices=Adequacy.choices)
    assessed_on = models.DateField(_("assessed on"))
    notes = models.TextField(_("notes"), blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("infrastructure record")
        verbose_name_plural = _("infrastructure records")
        ordering = ["sentra", "kind", "-assessed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sentra", "idempotency_key"],
                name="sentra_infra_idem",
                condition=models.Q(idempotency_key__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_adequacy_display()} ({self.assessed_on})"


# --- readiness --------------------------------------------------------------------------------------


class ReadinessCriteria(models.Model):
    """A programme's figures for cluster readiness. Without a row the defaults of ``readiness.DEFAULTS``
    apply (Kemenkop 2005: 30 units, Rp500 jt a month, and the four supporting conditions)."""

    programme = models.OneToOneField(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="readiness_criteria"
    )
    min_units = models.PositiveIntegerField(_("minimum similar units"), default=30)
    min_monthly_turnover = models.BigIntegerField(_("minimum monthly turnover (Rp)"), default=500_000_000)
    requires_technology = models.BooleanField(_("technology touch required"), default=True)
    requires_infrastructure = models.BooleanField(_("adequate infrastructure required"), default=True)
    requires_market_network = models.BooleanField(_("market network required"), default=True)
    requires_financial_institution = models.BooleanField(_("financial institution required"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("readiness criteria")
        verbose_name_plural = _("readiness criteria")

    def __str__(self) -> str:
        return str(self.programme)


class ReadinessAssessment(models.Model):
    """One judgement of a sentra against its programme's criteria; the thresholds used are kept with it,
    so a later change of the criteria does not rewrite an old assessment."""

    class Level(models.TextChoices):
        SENTRA = "sentra", _("Sentra UKM")
        UNGGULAN = "unggulan", _("Sentra UKM Unggulan")
        CLUSTER = "cluster", _("Part of a business cluster")

    sentra = models.ForeignKey(
        Sentra, verbose_name=_("sentra"), on_delete=models.CASCADE, related_name="assessments"
    )
    assessed_on = models.DateField(_("assessed on"))
    assessor = models.ForeignKey(
        "accounts.User",
        verbose_name=_("assessor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    min_units = models.PositiveIntegerField(_("minimum similar units"))
    min_monthly_turnover = models.BigIntegerField(_("minimum monthly turnover (Rp)"))
    required = models.JSONField(_("required criteria"), default=list)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("readiness assessment")
        verbose_name_plural = _("readiness assessments")
        ordering = ["sentra", "-assessed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sentra", "idempotency_key"],
                name="sentra_assessment_idem",
                condition=models.Q(idempotency_key__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.sentra} {self.assessed_on}"


class ReadinessFinding(models.Model):
    """One criterion of an assessment: the figure or answer, the evidence for it, and the verdict the
    pure ``readiness.judge`` computed (no evidence → unknown, never pass)."""

    class Criterion(models.TextChoices):
        UNITS = "units", _("Similar units")
        TURNOVER = "turnover", _("Monthly turnover")
        TECHNOLOGY = "technology", _("Technology touch")
        INFRASTRUCTURE = "infrastructure", _("Infrastructure adequacy")
        MARKET_NETWORK = "market_network", _("Market network")
        FINANCIAL_INSTITUTION = "financial_institution", _("Financial institutions")

    class Verdict(models.TextChoices):
        PASS = "pass", _("Pass")
        FAIL = "fail", _("Fail")
        UNKNOWN = "unknown", _("Unknown")
        NOT_REQUIRED = "not_required", _("Not required")

    assessment = models.ForeignKey(
        ReadinessAssessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="findings"
    )
    criterion = models.CharField(_("criterion"), max_length=24, choices=Criterion.choices)
    number = models.BigIntegerField(_("figure"), null=True, blank=True)
    answer = models.BooleanField(_("answer"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    verdict = models.CharField(_("verdict"), max_length=12, choices=Verdict.choices)

    class Meta:
        verbose_name = _("readiness finding")
        verbose_name_plural = _("readiness findings")
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="readiness_finding_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_criterion_display()}: {self.get_verdict_display()}"

    @property
    def value(self):
        return self.number if self.criterion in ("units", "turnover") else self.answer
