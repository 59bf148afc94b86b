"""The group ledger: one book per group, its accounts, journal entries and their legs.

The database guards the books, not only the services (DESIGN principle 4):
- a leg has exactly one positive side (CHECK constraint, both databases);
- on PostgreSQL every entry balances, with at least two legs, when its transaction commits; legs go
  only to open accounts of the entry's book and never to an entry of an earlier transaction
  (statement trigger, migration 0004); posted entries and legs cannot be updated or deleted, and
  nothing is posted on or before the book's closed date (triggers, migration 0002);
- on SQLite the same insert-time rules are triggers too; deleting is refused by the models (SQLite
  test databases are emptied with DELETE, so a DELETE trigger would break every test run).
Corrections are reversal entries linked to what they reverse.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.groups.models import Group
from berdaya.people.models import Person

from .chart import DEBIT_NORMAL, KIND_CHOICES


class ImmutableError(Exception):
    """Raised when code tries to change or delete a posted entry (use a reversal instead)."""


class Book(models.Model):
    """A group's books: opened from the chart template of its kind, closed up to a date."""

    group = models.OneToOneField(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="book"
    )
    opened_on = models.DateField(_("opened on"))
    closed_through = models.DateField(
        _("closed through"),
        null=True,
        blank=True,
        help_text=_("Nothing may be posted on or before this date."),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("book")
        verbose_name_plural = _("books")

    def __str__(self) -> str:
        return str(_("Books of %(group)s") % {"group": self.group})


class Account(models.Model):
    book = models.ForeignKey(Book, verbose_name=_("book"), on_delete=models.PROTECT, related_name="accounts")
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES)
    is_closed = models.BooleanField(
        _("closed"), default=False, help_text=_("A closed account takes no postings.")
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["book", "code"]
        constraints = [models.UniqueConstraint(fields=["book", "code"], name="account_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def debit_normal(self) -> bool:
        return self.kind in DEBIT_NORMAL


class JournalEntry(models.Model):
    class Kind(models.TextChoices):
        MANUAL = "manual", _("Manual entry")
        SAVING = "saving", _("Saving")
        WITHDRAWAL = "withdrawal", _("Withdrawal")
        SAVINGS_REFUND = "savings_refund", _("Savings returned on leaving")
        DUES = "dues", _("Dues")
        FINE = "fine", _("Fine")
        LOAN_DISBURSEMENT = "loan_disbursement", _("Loan disbursement")
        LOAN_REPAYMENT = "loan_repayment", _("Loan repayment")
        COVER = "cover", _("Joint-liability cover")
        COVER_SETTLEMENT = "cover_settlement", _("Cover settlement")
        ARISAN = "arisan", _("Arisan")
        FUND = "fund", _("Revolving fund")
        SHU = "shu", _("SHU distribution")
        REVERSAL = "reversal", _("Reversal")

    book = models.ForeignKey(Book, verbose_name=_("book"), on_delete=models.PROTECT, related_name="entries")
    on_date = models.DateField(_("date"), help_text=_("Local date at the group's place."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MANUAL)
    memo = models.CharField(_("description"), max_length=250)
    # A client-supplied key: posting the same key twice returns the first entry instead of a second one.
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    meeting = models.ForeignKey(
        "groups.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["book", "on_date", "id"]
        indexes = [models.Index(fields=["book", "on_date"], name="entry_book_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["book", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="entry_idempotency_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.on_date:%Y-%m-%d} {self.memo}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ImmutableError("posted journal entries cannot be changed; post a reversal")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("posted journal entries cannot be deleted; post a reversal")


class Leg(models.Model):
    entry = models.ForeignKey(
        JournalEntry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="legs"
    )
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="legs"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The member whose balance this leg moves (savings, loans, cover)."),
    )
    debit = models.BigIntegerField(_("debit, Rp"), default=0)
    credit = models.BigIntegerField(_("credit, Rp"), default=0)

    class Meta:
        verbose_name = _("leg")
        verbose_name_plural = _("legs")
        indexes = [models.Index(fields=["account", "person"], name="leg_account_person")]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(debit__gt=0) & models.Q(credit=0))
                | (models.Q(debit=0) & models.Q(credit__gt=0)),
                name="leg_one_positive_side",
            ),
        ]

    def __str__(self) -> str:
        side = f"D {self.debit}" if self.debit else f"C {self.credit}"
        return f"{self.account.code} {side}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ImmutableError("posted legs cannot be changed; post a reversal")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("posted legs cannot be deleted; post a reversal")


# --- SHU (sisa hasil usaha): the year-end split of a group's surplus ------------------------------------


class ShuPolicy(models.Model):
    """How a group splits its yearly surplus (from its bylaws); the six percentages add up to 100.

    Defaults: seed 002 (the Bumirejo paguyuban) names no SHU percentages, so they follow common
    Indonesian cooperative practice (AD/ART templates of primary cooperatives): 40 % reserve, 45 % to
    members (20 % jasa modal, 25 % jasa usaha), 5 % each to the management, education and social funds.
    """

    class ModalSavings(models.TextChoices):
        POKOK_WAJIB = "pokok_wajib", _("Principal and mandatory savings (pokok + wajib)")
        ALL = "all", _("All savings (pokok + wajib + sukarela)")

    group = models.OneToOneField(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="shu_policy"
    )
    reserve_percent = models.DecimalField(_("reserve, %"), max_digits=5, decimal_places=2, default=40)
    jasa_modal_percent = models.DecimalField(
        _("members for their savings (jasa modal), %"), max_digits=5, decimal_places=2, default=20
    )
    jasa_usaha_percent = models.DecimalField(
        _("members for their transactions (jasa usaha), %"), max_digits=5, decimal_places=2, default=25
    )
    management_percent = models.DecimalField(
        _("management fund, %"), max_digits=5, decimal_places=2, default=5
    )
    education_percent = models.DecimalField(_("education fund, %"), max_digits=5, decimal_places=2, default=5)
    social_percent = models.DecimalField(_("social fund, %"), max_digits=5, decimal_places=2, default=5)
    modal_savings = models.CharField(
        _("savings counted for jasa modal"),
        max_length=20,
        choices=ModalSavings.choices,
        default=ModalSavings.POKOK_WAJIB,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("SHU policy")
        verbose_name_plural = _("SHU policies")

    def __str__(self) -> str:
        return str(_("SHU policy of %(group)s") % {"group": self.group})


class ShuDistribution(models.Model):
    """The record of one year's close: the surplus, how it was split, and the entries that posted it."""

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="shu_distributions"
    )
    year = models.PositiveIntegerField(_("year"))
    surplus = models.BigIntegerField(_("surplus, Rp"))
    reserve = models.BigIntegerField(_("reserve, Rp"))
    management_fund = models.BigIntegerField(_("management fund, Rp"))
    education_fund = models.BigIntegerField(_("education fund, Rp"))
    social_fund = models.BigIntegerField(_("social fund, Rp"))
    jasa_modal = models.BigIntegerField(_("jasa modal, Rp"))
    jasa_usaha = models.BigIntegerField(_("jasa usaha, Rp"))
    policy = models.JSONField(_("policy applied"), default=dict)
    closing_entry = models.ForeignKey(
        JournalEntry, verbose_name=_("closing entry"), on_delete=models.PROTECT, related_name="+"
    )
    distribution_entry = models.ForeignKey(
        JournalEntry, verbose_name=_("distribution entry"), on_delete=models.PROTECT, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("SHU distribution")
        verbose_name_plural = _("SHU distributions")
        ordering = ["group", "-year"]
        constraints = [models.UniqueConstraint(fields=["group", "year"], name="shu_year_unique")]

    def __str__(self) -> str:
        return f"SHU {self.year} {self.group}"


class ShuShare(models.Model):
    """One member's SHU for a year, with the figures it was computed from."""

    distribution = models.ForeignKey(
        ShuDistribution, verbose_name=_("distribution"), on_delete=models.PROTECT, related_name="shares"
    )
    person = models.ForeignKey(Person, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    counted_savings = models.BigIntegerField(_("savings counted, Rp"))
    transactions_income = models.BigIntegerField(_("income from their transactions, Rp"))
    jasa_modal = models.BigIntegerField(_("jasa modal, Rp"))
    jasa_usaha = models.BigIntegerField(_("jasa usaha, Rp"))

    class Meta:
        verbose_name = _("SHU share")
        verbose_name_plural = _("SHU shares")
        constraints = [models.UniqueConstraint(fields=["distribution", "person"], name="shu_share_unique")]

    def __str__(self) -> str:
        return f"{self.person} {self.jasa_modal + self.jasa_usaha}"

    @property
    def total(self) -> int:
        return self.jasa_modal + self.jasa_usaha
