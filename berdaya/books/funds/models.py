"""Revolving stimulant funds (dana stimulan bergulir): grants, plans, deduction rules, allocations.

A grant comes from an agency in a programme to one or more groups (``GrantGroup`` holds each group's
share and when it reached the group's books). The plan names each beneficiary with an amount and a
date. An ``Allocation`` is money lent out of the fund to a member: generation 1 from the grant itself,
generation 2, 3 … from earlier allocations' repayments (``AllocationSource`` records which ones and how
much, the lineage). Every money movement is also a ledger entry (``entry``); these rows say what the
entries mean for the fund, and ``checks.fund_loans_match_ledger`` keeps both in step.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.books import chart
from berdaya.books.models import JournalEntry
from berdaya.groups.models import Group
from berdaya.people.models import Person
from berdaya.programs.models import Agency, Programme

RECEIVE_ACCOUNTS = [(chart.CASH, _("Cash (kas)")), (chart.BANK, _("Bank or other account"))]
DEDUCTION_ACCOUNTS = [
    (chart.RESERVE, _("Reserve (cadangan)")),
    (chart.PRINCIPAL, _("Member's principal savings (shares)")),
    (chart.MANDATORY, _("Member's mandatory savings")),
    (chart.VOLUNTARY, _("Member's voluntary savings")),
    (chart.ADMIN_FEES, _("Administration fees")),
    (chart.DUES, _("Member dues (iuran)")),
]


class Grant(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="fund_grants"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="fund_grants"
    )
    reference = models.CharField(_("reference"), max_length=100, help_text=_("Decree or letter number."))
    source = models.CharField(_("source of funds"), max_length=150, blank=True)
    amount = models.BigIntegerField(_("amount, Rp"), validators=[MinValueValidator(1)])
    granted_on = models.DateField(_("granted on"))
    note = models.TextField(_("note"), blank=True)
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
        verbose_name = _("stimulant grant")
        verbose_name_plural = _("stimulant grants")
        ordering = ["-granted_on", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="fund_grant_amount_pos")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.agency})"


class GrantGroup(models.Model):
    """A group's share of a grant and, once received, the entry that put it in the group's books."""

    grant = models.ForeignKey(Grant, verbose_name=_("grant"), on_delete=models.PROTECT, related_name="shares")
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="fund_grant_shares"
    )
    amount = models.BigIntegerField(_("amount, Rp"), validators=[MinValueValidator(1)])
    received_on = models.DateField(_("received on"), null=True, blank=True)
    received_into = models.CharField(
        _("received into"), max_length=10, choices=RECEIVE_ACCOUNTS, blank=True, default=""
    )
    entry = models.OneToOneField(
        JournalEntry,
        verbose_name=_("ledger entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("group's share of a grant")
        verbose_name_plural = _("groups' shares of grants")
        ordering = ["grant", "group__name"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "group"], name="fund_grant_group_unique"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="fund_grant_group_amount_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.grant} → {self.group}"


class PlanLine(models.Model):
    grant = models.ForeignKey(Grant, verbose_name=_("grant"), on_delete=models.CASCADE, related_name="plan")
    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, verbose_name=_("beneficiary"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.BigIntegerField(_("planned amount, Rp"), validators=[MinValueValidator(1)])
    planned_on = models.DateField(_("planned date"))

    class Meta:
        verbose_name = _("planned beneficiary")
        verbose_name_plural = _("plan")
        ordering = ["grant", "group", "planned_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "group", "person"], name="fund_plan_unique"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="fund_plan_amount_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.amount}"


class DeductionRule(models.Model):
    class Kind(models.TextChoices):
        PERCENT = "percent", _("Percentage of the gross")
        FIXED = "fixed", _("Fixed amount")

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="fund_rules"
    )
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    percent = models.DecimalField(
        _("percentage"), max_digits=6, decimal_places=3, default=Decimal(0), help_text=_("e.g. 1.5 for 1,5 %")
    )
    fixed_amount = models.BigIntegerField(_("fixed amount, Rp"), default=0)
    rounding = models.PositiveIntegerField(
        _("round to, Rp"), default=1, help_text=_("A percentage is rounded half up to this unit.")
    )
    account = models.CharField(_("goes to"), max_length=10, choices=DEDUCTION_ACCOUNTS)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("fund deduction rule")
        verbose_name_plural = _("fund deduction rules")
        ordering = ["group", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__gte=0, percent__lt=100, fixed_amount__gte=0, rounding__gte=1),
                name="fund_rule_ranges",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Allocation(models.Model):
    """Money lent out of the fund to one member: a disbursement (generation 1) or a re-lending (2, 3 …)."""

    grant = models.ForeignKey(
        Grant, verbose_name=_("grant"), on_delete=models.PROTECT, related_name="allocations"
    )
    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, verbose_name=_("beneficiary"), on_delete=models.PROTECT, related_name="+"
    )
    generation = models.PositiveSmallIntegerField(_("generation"), default=1)
    on_date = models.DateField(_("date"))
    gross = models.BigIntegerField(_("gross, Rp"))
    deducted = models.BigIntegerField(_("deductions, Rp"), default=0)
    net = models.BigIntegerField(_("net paid, Rp"))
    paid_from = models.CharField(_("paid from"), max_length=10, choices=RECEIVE_ACCOUNTS, default=chart.CASH)
    entry = models.OneToOneField(
        JournalEntry, verbose_name=_("ledger entry"), on_delete=models.PROTECT, related_name="+"
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("fund allocation")
        verbose_name_plural = _("fund allocations")
        ordering = ["grant", "generation", "on_date", "id"]
        indexes = [models.Index(fields=["group", "person"], name="fund_alloc_group_person")]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="fund_alloc_idempotency",
            ),
            models.CheckConstraint(
                condition=models.Q(gross__gt=0, deducted__gte=0, net__gte=0, generation__gte=1)
                & models.Q(net=models.F("gross") - models.F("deducted")),
                name="fund_alloc_amounts",
            ),
        ]

    def __str__(self) -> str:
        return f"G{self.generation} {self.person} {self.gross}"


class AllocationDeduction(models.Model):
    """A deduction as it was taken (rules may change later; the receipt must not)."""

    allocation = models.ForeignKey(
        Allocation, verbose_name=_("allocation"), on_delete=models.CASCADE, related_name="deductions"
    )
    name = models.CharField(_("name"), max_length=80)
    account = models.CharField(_("goes to"), max_length=10, choices=DEDUCTION_ACCOUNTS)
    amount = models.BigIntegerField(_("amount, Rp"))

    class Meta:
        verbose_name = _("deduction taken")
        verbose_name_plural = _("deductions taken")
        ordering = ["allocation", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.amount}"


class AllocationSource(models.Model):
    """Lineage: ``amount`` of ``source``'s repayments funds ``allocation`` (a re-lending)."""

    allocation = models.ForeignKey(
        Allocation, verbose_name=_("allocation"), on_delete=models.CASCADE, related_name="sources"
    )
    source = models.ForeignKey(
        Allocation, verbose_name=_("funded by"), on_delete=models.PROTECT, related_name="relent"
    )
    amount = models.BigIntegerField(_("amount, Rp"))

    class Meta:
        verbose_name = _("re-lending source")
        verbose_name_plural = _("re-lending sources")
        constraints = [
            models.UniqueConstraint(fields=["allocation", "source"], name="fund_source_unique"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="fund_source_amount_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.allocation_id}: {self.amount}"


class Repayment(models.Model):
    allocation = models.ForeignKey(
        Allocation, verbose_name=_("allocation"), on_delete=models.PROTECT, related_name="repayments"
    )
    on_date = models.DateField(_("date"))
    amount = models.BigIntegerField(_("amount, Rp"))
    entry = models.OneToOneField(
        JournalEntry, verbose_name=_("ledger entry"), on_delete=models.PROTECT, related_name="+"
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("fund repayment")
        verbose_name_plural = _("fund repayments")
        ordering = ["allocation", "on_date", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="fund_repayment_pos")]

    def __str__(self) -> str:
        return f"{self.allocation_id} {self.on_date:%Y-%m-%d} {self.amount}"
