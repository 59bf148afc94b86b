"""The cluster map (actors and their links) and cooperation records of a sentra.

Seed 001 (Sentra Industri Tenun Ikat Bandar Kidul, Kota Kediri): a cluster is the core industry (the
weavers), its suppliers and related industries, knowledge institutions (universities), bridging
institutions (Dinas, consultants, Bank Indonesia) and buyers, linked in one value-adding chain; it lives
through internal cooperation (joint production, sub-production, joint procurement, joint marketing,
exhibitions, innovation) and external cooperation (bank investment credit, LKM working capital, the local
government's 4 % credit, university innovation, exhibitions, Bank Indonesia training and study visits).
Each cooperation is observed as actors → inputs → process → output → impact.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.clusters.models import Sentra
from berdaya.people.models import Enterprise
from berdaya.programs.models import Agency

INTERNAL_KINDS = [
    "joint_production",
    "sub_production",
    "joint_procurement",
    "joint_marketing",
    "exhibition",
    "innovation",
]


class ClusterActor(models.Model):
    class Role(models.TextChoices):
        CORE = "core", _("Core industry")
        SUPPLIER = "supplier", _("Supplier")
        RELATED = "related", _("Related industry")
        KNOWLEDGE = "knowledge", _("Knowledge institution")
        BRIDGING = "bridging", _("Bridging institution")
        BUYER = "buyer", _("Buyer")

    sentra = models.ForeignKey(
        Sentra, verbose_name=_("sentra"), on_delete=models.CASCADE, related_name="actors"
    )
    role = models.CharField(_("role in the cluster"), max_length=12, choices=Role.choices)
    name = models.CharField(_("name"), max_length=150)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cluster_roles",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cluster_roles",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("cluster actor")
        verbose_name_plural = _("cluster actors")
        ordering = ["sentra", "role", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sentra", "name"], name="coop_actor_name_unique"),
            models.UniqueConstraint(
                fields=["sentra", "enterprise"],
                condition=models.Q(enterprise__isnull=False),
                name="coop_actor_enterprise_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def programme(self):
        # The audit log scopes an entry by the object's programme: the sentra's.
        return self.sentra.programme


class ActorLink(models.Model):
    class Kind(models.TextChoices):
        SUPPLIES = "supplies", _("supplies")
        BUYS = "buys", _("buys from")
        TRAINS = "trains", _("trains")
        FINANCES = "finances", _("finances")
        COORDINATES = "coordinates", _("coordinates")
        OTHER = "other", _("other")

    sentra = models.ForeignKey(
        Sentra, verbose_name=_("sentra"), on_delete=models.CASCADE, related_name="actor_links"
    )
    source = models.ForeignKey(
        ClusterActor, verbose_name=_("from"), on_delete=models.CASCADE, related_name="links_out"
    )
    target = models.ForeignKey(
        ClusterActor, verbose_name=_("to"), on_delete=models.CASCADE, related_name="links_in"
    )
    kind = models.CharField(_("kind of link"), max_length=12, choices=Kind.choices)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("actor link")
        verbose_name_plural = _("actor links")
        ordering = ["sentra", "source__name", "target__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="coop_link_unique"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="coop_link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"

    @property
    def programme(self):
        return self.sentra.programme


class Cooperation(models.Model):
    class Scope(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        EXTERNAL = "external", _("External")

    class Kind(models.TextChoices):
        # internal: between the units of the sentra
        JOINT_PRODUCTION = "joint_production", _("Joint production")
        SUB_PRODUCTION = "sub_production", _("Sub-production")
        JOINT_PROCUREMENT = "joint_procurement", _("Joint procurement of raw material")
        JOINT_MARKETING = "joint_marketing", _("Joint marketing")
        EXHIBITION = "exhibition", _("Joint exhibition")
        INNOVATION = "innovation", _("Joint innovation")
        # external: with banks, microfinance, government, universities, Bank Indonesia
        BANK_CREDIT = "bank_credit", _("Bank investment credit")
        LKM_CREDIT = "lkm_credit", _("LKM working-capital credit")
        GOVERNMENT_CREDIT = "government_credit", _("Local government low-interest credit")
        UNIVERSITY_INNOVATION = "university_innovation", _("University innovation")
        GOVERNMENT_EXHIBITION = "government_exhibition", _("Exhibition facilitated by government")
        BI_TRAINING = "bi_training", _("Bank Indonesia training and study visit")

    sentra = models.ForeignKey(
        Sentra, verbose_name=_("sentra"), on_delete=models.CASCADE, related_name="cooperations"
    )
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    actors = models.ManyToManyField(
        ClusterActor, verbose_name=_("actors"), through="CoopActor", related_name="cooperations"
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("cooperation")
        verbose_name_plural = _("cooperations")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="coop_dates",
            ),
            models.UniqueConstraint(
                fields=["sentra", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="coop_idempotency",
            ),
            # The scope follows from the kind (internal kinds are between the sentra's own units).
            models.CheckConstraint(
                condition=models.Q(scope="internal", kind__in=INTERNAL_KINDS)
                | (models.Q(scope="external") & ~models.Q(kind__in=INTERNAL_KINDS)),
                name="coop_scope_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def programme(self):
        return self.sentra.programme


class CoopActor(models.Model):
    """An actor taking part in a cooperation, with its part in it (who leads, who lends, who benefits)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead / organiser")
        PARTICIPANT = "participant", _("Participant")
        PROVIDER = "provider", _("Provider (lender, trainer, supplier)")
        BENEFICIARY = "beneficiary", _("Beneficiary / applicant")
        BUYER = "buyer", _("Buyer")

    cooperation = models.ForeignKey(
        Cooperation, verbose_name=_("cooperation"), on_delete=models.CASCADE, related_name="participants"
    )
    actor = models.ForeignKey(
        ClusterActor, verbose_name=_("actor"), on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(_("role in the cooperation"), max_length=12, choices=Role.choices)

    class Meta:
        verbose_name = _("cooperation actor")
        verbose_name_plural = _("cooperation actors")
        ordering = ["cooperation", "role", "actor__name"]
        constraints = [models.UniqueConstraint(fields=["cooperation", "actor"], name="coop_actor_once")]

    def __str__(self) -> str:
        return f"{self.actor} — {self.get_role_display()}"

    @property
    def programme(self):
        return self.cooperation.sentra.programme


class CoopInput(models.Model):
    class Kind(models.TextChoices):
        MONEY = "money", _("Money")
        MATERIAL = "material", _("Material")
        EQUIPMENT = "equipment", _("Equipment")
        TRAINING = "training", _("Training")
        OTHER = "other", _("Other")

    cooperation = models.ForeignKey(
        Cooperation, verbose_name=_("cooperation"), on_delete=models.CASCADE, related_name="inputs"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200)
    amount = models.BigIntegerField(_("amount, Rp"), null=True, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)

    class Meta:
        verbose_name = _("cooperation input")
        verbose_name_plural = _("cooperation inputs")
        ordering = ["cooperation", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gt=0), name="coop_input_amount"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__isnull=True) | models.Q(quantity__gt=0),
                name="coop_input_quantity",
            ),
            models.UniqueConstraint(
                fields=["cooperation", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="coop_input_idempotency",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def programme(self):
        return self.cooperation.sentra.programme


class CoopStep(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        REJECTED = "rejected", _("Rejected")

    cooperation = models.ForeignKey(
        Cooperation, verbose_name=_("cooperation"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.CharField(
        _("standard step"),
        max_length=20,
        blank=True,
        help_text=_(
            "Set for the standard steps of a kind (e.g. a credit's applied, assessed, decision, disbursed)."
        ),
    )
    name = models.CharField(_("name"), max_length=150)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    on_date = models.DateField(_("on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["cooperation", "order"]
        constraints = [
            models.UniqueConstraint(fields=["cooperation", "order"], name="coop_step_order"),
            # A step that moved has a date; a pending one has none.
            models.CheckConstraint(
                condition=models.Q(status="pending", on_date__isnull=True)
                | (~models.Q(status="pending") & models.Q(on_date__isnull=False)),
                name="coop_step_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def programme(self):
        return self.cooperation.sentra.programme


class CoopResult(models.Model):
    """An output (what the cooperation produced) or an impact (what changed because of it)."""

    class Kind(models.TextChoices):
        OUTPUT = "output", _("Output")
        IMPACT = "impact", _("Impact")

    cooperation = models.ForeignKey(
        Cooperation, verbose_name=_("cooperation"), on_delete=models.CASCADE, related_name="results"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    text = models.TextField(_("what"))
    figure = models.DecimalField(_("figure"), max_digits=16, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)

    class Meta:
        verbose_name = _("output or impact")
        verbose_name_plural = _("outputs and impacts")
        ordering = ["cooperation", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperation", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="coop_result_idempotency",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def programme(self):
        return self.cooperation.sentra.programme
