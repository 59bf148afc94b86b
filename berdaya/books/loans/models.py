"""Loans to members, their schedules and payments, the group's loan policy, and joint-liability cover.

Money is integer rupiah (BigIntegerField); rates are Decimal percentages per period. The ledger
(``books.JournalEntry``) is the record of money; these rows are the record of *terms*: what was
agreed, what falls due when, and how each payment was allocated. ``checks.py`` proves the two agree.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.books.models import JournalEntry
from berdaya.books.schedule import DEFAULT_GRADE_BOUNDS
from berdaya.groups.models import Group, Meeting
from berdaya.people.models import Person

_BOUNDS = {key: upper for upper, key in DEFAULT_GRADE_BOUNDS}


class Method(models.TextChoices):
    FLAT = "flat", _("Flat")
    DECLINING = "declining", _("Declining balance")
    ANNUITY = "annuity", _("Annuity")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


class LoanPolicy(models.Model):
    """How one group lends: rounding, payment order, defaults, grades, late fee and joint liability.

    One per group, created with defaults (from the bylaws) the first time it is needed
    (``services.policy_for``). Joint liability itself is switched on in the bylaws.
    """

    class Rounding(models.IntegerChoices):
        RP1 = 1, _("Rp1")
        RP100 = 100, _("Rp100")
        RP500 = 500, _("Rp500")

    class Order(models.TextChoices):
        PIP = "penalty,interest,principal", _("Penalty, then interest, then principal")
        PPI = "penalty,principal,interest", _("Penalty, then principal, then interest")
        IPP = "interest,penalty,principal", _("Interest, then penalty, then principal")
        IPN = "interest,principal,penalty", _("Interest, then principal, then penalty")
        PNP = "principal,penalty,interest", _("Principal, then penalty, then interest")
        PNI = "principal,interest,penalty", _("Principal, then interest, then penalty")

    class Split(models.TextChoices):
        EQUAL = "equal", _("Equal shares")
        PRO_RATA = "pro_rata", _("Pro-rata to savings")

    group = models.OneToOneField(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="loan_policy"
    )
    rounding_unit = models.PositiveIntegerField(
        _("rounding unit"),
        choices=Rounding.choices,
        default=Rounding.RP1,
        help_text=_("Instalments are rounded to this unit; the last instalment takes the remainder."),
    )
    payment_order = models.CharField(
        _("repayment allocation order"), max_length=40, choices=Order.choices, default=Order.PIP
    )
    default_method = models.CharField(
        _("default method"), max_length=10, choices=Method.choices, default=Method.FLAT
    )
    default_frequency = models.CharField(
        _("default frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    default_rate_percent = models.DecimalField(
        _("default interest, % per period"),
        max_digits=6,
        decimal_places=3,
        default=Decimal("1"),
        validators=[MinValueValidator(0)],
    )
    lancar_max_days = models.PositiveIntegerField(
        _("current (lancar) up to, days late"), default=_BOUNDS["lancar"]
    )
    dpk_max_days = models.PositiveIntegerField(
        _("special mention (dalam perhatian khusus) up to, days late"), default=_BOUNDS["dpk"]
    )
    kurang_lancar_max_days = models.PositiveIntegerField(
        _("substandard (kurang lancar) up to, days late"), default=_BOUNDS["kurang_lancar"]
    )
    diragukan_max_days = models.PositiveIntegerField(
        _("doubtful (diragukan) up to, days late"),
        default=_BOUNDS["diragukan"],
        help_text=_("Later than this is loss (macet)."),
    )
    late_fee = models.BigIntegerField(
        _("late fee per instalment, Rp"),
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Charged once on an instalment still unpaid after the grace days; 0 = no late fee."),
    )
    late_fee_grace_days = models.PositiveIntegerField(_("grace days before the late fee"), default=0)
    cover_split = models.CharField(
        _("how members share a cover"),
        max_length=10,
        choices=Split.choices,
        default=Split.EQUAL,
        help_text=_(
            "Equal: every other active member pays the same. Pro-rata: in proportion to each covering "
            "member's savings balance (pokok + wajib + sukarela)."
        ),
    )
    fund_covers_first = models.BooleanField(
        _("group fund covers first"),
        default=False,
        help_text=_("The group's own funds pay first, up to the limit; the members pay the rest."),
    )
    fund_cover_limit = models.BigIntegerField(
        _("group fund limit per cover, Rp"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Empty = no limit."),
    )
    block_loans_while_cover_owed = models.BooleanField(
        _("block new loans while cover is owed"),
        default=True,
        help_text=_("No member of the group gets a new loan while anyone still owes a cover."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("loan policy")
        verbose_name_plural = _("loan policies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lancar_max_days__lt=models.F("dpk_max_days"))
                & models.Q(dpk_max_days__lt=models.F("kurang_lancar_max_days"))
                & models.Q(kurang_lancar_max_days__lt=models.F("diragukan_max_days")),
                name="loan_policy_bounds_increasing",
            ),
            models.CheckConstraint(condition=models.Q(late_fee__gte=0), name="loan_policy_fee_nonneg"),
        ]

    def __str__(self) -> str:
        return str(_("Loan policy of %(group)s") % {"group": self.group})

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(self.payment_order.split(","))

    @property
    def grade_bounds(self) -> tuple[tuple[int | None, str], ...]:
        return (
            (self.lancar_max_days, "lancar"),
            (self.dpk_max_days, "dpk"),
            (self.kurang_lancar_max_days, "kurang_lancar"),
            (self.diragukan_max_days, "diragukan"),
            (None, "macet"),
        )


class Loan(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        DISBURSED = "disbursed", _("Disbursed")
        CLOSED = "closed", _("Repaid")

    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="loans")
    person = models.ForeignKey(Person, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    principal = models.BigIntegerField(_("principal, Rp"))
    term_periods = models.PositiveIntegerField(_("term, periods"))
    rate_percent = models.DecimalField(_("interest, % per period"), max_digits=6, decimal_places=3)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    first_due_on = models.DateField(_("first instalment due"))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    rounding_unit = models.PositiveIntegerField(_("rounding unit"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    applied_on = models.DateField(_("applied on"))
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved or rejected by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.CharField(_("reason for rejection"), max_length=250, blank=True)
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    disbursement_entry = models.ForeignKey(
        JournalEntry,
        verbose_name=_("disbursement entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Running totals, kept by the repayment service under the loan's row lock (the instalment rows hold
    # the same figures per instalment; the invariant check compares them with the ledger).
    principal_paid = models.BigIntegerField(_("principal repaid, Rp"), default=0)
    interest_paid = models.BigIntegerField(_("interest paid, Rp"), default=0)
    penalty_paid = models.BigIntegerField(_("late fees paid, Rp"), default=0)
    closed_on = models.DateField(_("repaid on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["group", "-applied_on", "-id"]
        indexes = [models.Index(fields=["group", "status"], name="loan_group_status")]
        constraints = [
            models.CheckConstraint(condition=models.Q(principal__gt=0), name="loan_principal_positive"),
            models.CheckConstraint(condition=models.Q(term_periods__gt=0), name="loan_term_positive"),
            models.CheckConstraint(
                condition=models.Q(principal_paid__gte=0)
                & models.Q(principal_paid__lte=models.F("principal")),
                name="loan_principal_paid_range",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Loan #%(id)s to %(person)s") % {"id": self.pk, "person": self.person})

    @property
    def outstanding_principal(self) -> int:
        return self.principal - self.principal_paid

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.DISBURSED


class Instalment(models.Model):
    """One row of a disbursed loan's schedule (fixed at disbursement) and what has been paid on it."""

    loan = models.ForeignKey(
        Loan, verbose_name=_("loan"), on_delete=models.PROTECT, related_name="instalments"
    )
    number = models.PositiveIntegerField(_("number"))
    due_on = models.DateField(_("due on"))
    principal = models.BigIntegerField(_("principal, Rp"))
    interest = models.BigIntegerField(_("interest, Rp"))
    penalty = models.BigIntegerField(_("late fee charged, Rp"), default=0)
    paid_principal = models.BigIntegerField(_("principal paid, Rp"), default=0)
    paid_interest = models.BigIntegerField(_("interest paid, Rp"), default=0)
    paid_penalty = models.BigIntegerField(_("late fee paid, Rp"), default=0)
    paid_on = models.DateField(
        _("fully paid on"), null=True, blank=True, help_text=_("Date the instalment was paid in full.")
    )

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["loan", "number"]
        indexes = [models.Index(fields=["loan", "paid_on", "due_on"], name="instalment_unpaid")]
        constraints = [
            models.UniqueConstraint(fields=["loan", "number"], name="instalment_number_unique"),
            models.CheckConstraint(
                condition=models.Q(paid_principal__gte=0)
                & models.Q(paid_principal__lte=models.F("principal"))
                & models.Q(paid_interest__gte=0)
                & models.Q(paid_interest__lte=models.F("interest"))
                & models.Q(paid_penalty__gte=0)
                & models.Q(paid_penalty__lte=models.F("penalty")),
                name="instalment_paid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.loan_id}/{self.number} {self.due_on:%Y-%m-%d}"

    @property
    def total(self) -> int:
        return self.principal + self.interest

    @property
    def paid(self) -> int:
        return self.paid_principal + self.paid_interest + self.paid_penalty

    @property
    def owed(self) -> int:
        return self.principal + self.interest + self.penalty - self.paid


class Cover(models.Model):
    """Joint liability at work: an instalment left unpaid, paid for the defaulter by the group.

    ``explanation`` says how the amount was split (who, by which weight) so the meeting can check it.
    """

    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="+")
    loan = models.ForeignKey(Loan, verbose_name=_("loan"), on_delete=models.PROTECT, related_name="covers")
    defaulter = models.ForeignKey(
        Person, verbose_name=_("defaulter"), on_delete=models.PROTECT, related_name="+"
    )
    on_date = models.DateField(_("date"))
    amount = models.BigIntegerField(_("amount covered, Rp"))
    fund_part = models.BigIntegerField(_("paid by the group fund, Rp"), default=0)
    split = models.CharField(_("split"), max_length=10, choices=LoanPolicy.Split.choices)
    explanation = models.TextField(_("how it was split"), blank=True)
    entry = models.ForeignKey(
        JournalEntry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cover")
        verbose_name_plural = _("covers")
        ordering = ["group", "-on_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="cover_idempotency_unique",
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="cover_amount_positive"),
        ]

    def __str__(self) -> str:
        return str(_("Cover of %(person)s on %(date)s") % {"person": self.defaulter, "date": self.on_date})


class CoverDebt(models.Model):
    """What a defaulter owes one coverer (a member, or the group fund when ``coverer`` is empty)."""

    cover = models.ForeignKey(Cover, verbose_name=_("cover"), on_delete=models.PROTECT, related_name="debts")
    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="+")
    defaulter = models.ForeignKey(
        Person, verbose_name=_("defaulter"), on_delete=models.PROTECT, related_name="+"
    )
    coverer = models.ForeignKey(
        Person,
        verbose_name=_("covered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the group fund covered."),
    )
    weight = models.BigIntegerField(
        _("weight"), default=1, help_text=_("Savings balance for a pro-rata split.")
    )
    amount = models.BigIntegerField(_("amount, Rp"))
    settled = models.BigIntegerField(_("settled, Rp"), default=0)
    settled_on = models.DateField(_("settled in full on"), null=True, blank=True)

    class Meta:
        verbose_name = _("cover debt")
        verbose_name_plural = _("cover debts")
        ordering = ["cover_id", "id"]
        indexes = [models.Index(fields=["group", "settled_on"], name="coverdebt_open")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0)
                & models.Q(settled__gte=0)
                & models.Q(settled__lte=models.F("amount")),
                name="coverdebt_settled_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.defaulter} → {self.coverer or _('group fund')}: {self.amount - self.settled}"

    @property
    def remaining(self) -> int:
        return self.amount - self.settled


class CoverSettlement(models.Model):
    """A defaulter paying back cover: the entry and how much went to whom (``parts``: debt id → Rp)."""

    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="+")
    defaulter = models.ForeignKey(
        Person, verbose_name=_("defaulter"), on_delete=models.PROTECT, related_name="+"
    )
    on_date = models.DateField(_("date"))
    amount = models.BigIntegerField(_("amount, Rp"))
    parts = models.JSONField(_("paid to each coverer"), default=dict)
    entry = models.ForeignKey(
        JournalEntry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="+"
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cover settlement")
        verbose_name_plural = _("cover settlements")
        ordering = ["group", "-on_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="coversettlement_idempotency_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.defaulter} {self.amount} {self.on_date}"


class LoanPayment(models.Model):
    """One repayment (cash from the borrower, or a cover paid for them) and how it was allocated."""

    class Source(models.TextChoices):
        MEMBER = "member", _("Paid by the member")
        COVER = "cover", _("Covered by the group (tanggung renteng)")

    loan = models.ForeignKey(Loan, verbose_name=_("loan"), on_delete=models.PROTECT, related_name="payments")
    on_date = models.DateField(_("date"))
    amount = models.BigIntegerField(_("amount, Rp"))
    principal = models.BigIntegerField(_("to principal, Rp"), default=0)
    interest = models.BigIntegerField(_("to interest, Rp"), default=0)
    penalty = models.BigIntegerField(_("to late fees, Rp"), default=0)
    source = models.CharField(_("paid by"), max_length=10, choices=Source.choices, default=Source.MEMBER)
    cover = models.OneToOneField(
        Cover,
        verbose_name=_("cover"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payment",
    )
    entry = models.ForeignKey(
        JournalEntry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)
    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("loan payment")
        verbose_name_plural = _("loan payments")
        ordering = ["loan", "on_date", "id"]
        indexes = [models.Index(fields=["loan", "on_date"], name="loanpayment_loan_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="loanpayment_idempotency_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0)
                & models.Q(amount=models.F("principal") + models.F("interest") + models.F("penalty")),
                name="loanpayment_allocated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.on_date:%Y-%m-%d} {self.amount}"
