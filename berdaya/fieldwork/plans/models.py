"""A group's business plan from the PRA (seed 004, "menyusun rencana kegiatan usaha").

The group, with a facilitator beside it, writes down: what success means (the success circle,
*lingkaran sukses*), where it stands (SWOT), what each member pledges (*janji hati*: cash, tools,
labour), the steps to get there with who does them and by when, and the activity calendar (*tabel
kalender kegiatan*). Calendar items are what a mentor later follows up (``queries.open_calendar_items``).

Every row hangs off ``BusinessPlan.group``, so the access path to the programme is
``"group__programme"`` for a plan and ``"plan__group__programme"`` for its parts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.groups.models import Group
from berdaya.people.models import Person

PLAN_PATH = "group__programme"
PART_PATH = "plan__group__programme"


class BusinessPlan(models.Model):
    # One current plan per group: the PRA makes one, the group revises it rather than keeping drafts.
    group = models.OneToOneField(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="business_plan"
    )
    business = models.CharField(_("business"), max_length=150, help_text=_("e.g. Selling cakes, tailoring"))
    goal = models.TextField(
        _("goal"), blank=True, help_text=_("What the group wants to reach, in its words.")
    )
    prepared_on = models.DateField(_("prepared on"))
    notes = models.TextField(_("notes"), blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("business plan")
        verbose_name_plural = _("business plans")
        ordering = ["group__name", "id"]

    def __str__(self) -> str:
        return f"{self.group.name}: {self.business}"


class PlanPart(models.Model):
    """What every part of a plan shares: the plan, a client's idempotency key, and the plan's group
    (a property, so ``audit.log.record`` files the entry under the group and its programme)."""

    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def group(self) -> Group:
        return self.plan.group


def _idempotency(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["plan", "idempotency_key"],
        condition=models.Q(idempotency_key__isnull=False),
        name=f"{name}_idempotency",
    )


class SuccessFactor(PlanPart):
    """One answer to "what is success?" placed on a ring of the success circle, from oneself outwards."""

    class Ring(models.TextChoices):
        SELF = "self", _("Myself")
        FAMILY = "family", _("My family")
        BUSINESS = "business", _("Our business")
        GROUP = "group", _("Our group")
        COMMUNITY = "community", _("Our neighbourhood")

    plan = models.ForeignKey(
        BusinessPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="success_factors"
    )
    ring = models.CharField(_("ring"), max_length=10, choices=Ring.choices)
    text = models.CharField(_("what success means"), max_length=250)

    class Meta:
        verbose_name = _("success factor")
        verbose_name_plural = _("success circle")
        ordering = ["plan", "ring", "id"]
        constraints = [_idempotency("plan_factor")]

    def __str__(self) -> str:
        return self.text


class SwotItem(PlanPart):
    class Quadrant(models.TextChoices):
        STRENGTH = "S", _("Strength")
        WEAKNESS = "W", _("Weakness")
        OPPORTUNITY = "O", _("Opportunity")
        THREAT = "T", _("Threat")

    plan = models.ForeignKey(
        BusinessPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="swot"
    )
    quadrant = models.CharField(_("quadrant"), max_length=1, choices=Quadrant.choices)
    text = models.CharField(_("text"), max_length=250)

    class Meta:
        verbose_name = _("SWOT item")
        verbose_name_plural = _("SWOT")
        ordering = ["plan", "quadrant", "id"]
        constraints = [_idempotency("plan_swot")]

    def __str__(self) -> str:
        return f"{self.quadrant}: {self.text}"


class Commitment(PlanPart):
    """A pledge (*janji hati*): cash in rupiah, a tool, labour or anything else, by a member or the group."""

    class Kind(models.TextChoices):
        CASH = "cash", _("Cash")
        TOOLS = "tools", _("Tools and materials")
        LABOUR = "labour", _("Labour")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(
        BusinessPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="commitments"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty when the whole group or someone outside it pledges."),
    )
    pledged_by = models.CharField(
        _("pledged by"), max_length=120, blank=True, help_text=_("When not a member: who pledges.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=250, blank=True)
    amount = models.BigIntegerField(
        _("amount, Rp"), null=True, blank=True, help_text=_("Cash pledged; for tools, their estimated value.")
    )
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    unit = models.CharField(
        _("unit"), max_length=30, blank=True, help_text=_("e.g. machines, days, hours a week")
    )

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["plan", "kind", "id"]
        constraints = [
            _idempotency("plan_commitment"),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="plan_commitment_amount",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="cash") | models.Q(amount__gt=0), name="plan_commitment_cash_amount"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"

    @property
    def who(self) -> str:
        return self.person.full_name if self.person_id else self.pledged_by


class PlanStep(PlanPart):
    """A step towards the goal (*langkah-langkah kegiatan*): what, who, by when, and when it was done."""

    plan = models.ForeignKey(
        BusinessPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("step"), max_length=250)
    owner = models.CharField(_("who does it"), max_length=120, blank=True)
    owner_person = models.ForeignKey(
        Person,
        verbose_name=_("member who does it"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["plan", "order", "due_on", "id"]
        constraints = [_idempotency("plan_step")]

    def __str__(self) -> str:
        return self.text

    @property
    def who(self) -> str:
        return self.owner_person.full_name if self.owner_person_id else self.owner


class CalendarItem(PlanPart):
    """A row of the activity calendar (*kalender kegiatan*). Read by mentoring as a due follow-up:
    the field names are a contract with ``berdaya.fieldwork.mentoring``."""

    plan = models.ForeignKey(
        BusinessPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="calendar"
    )
    activity = models.CharField(_("activity"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    due_on = models.DateField(_("due on"))
    owner = models.CharField(_("who is responsible"), max_length=120, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("calendar item")
        verbose_name_plural = _("activity calendar")
        ordering = ["plan", "starts_on", "due_on", "id"]
        indexes = [models.Index(fields=["done_on", "due_on"], name="plan_calendar_open")]
        constraints = [
            _idempotency("plan_calendar"),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("starts_on")), name="plan_calendar_dates"
            ),
        ]

    def __str__(self) -> str:
        return self.activity
