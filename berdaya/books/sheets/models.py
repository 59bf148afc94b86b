"""A meeting's collection sheet: what every member paid or took at the meeting, posted at once.

The money itself is in the ledger (entries linked to the meeting); these rows keep what the treasurer
entered, per member, so the sheet can be shown again and each member handed a receipt.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.groups.models import Meeting
from berdaya.people.models import Person


class CollectionSheet(models.Model):
    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="collection_sheet"
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, unique=True)
    # The treasurer counts the cash box at the end of the meeting: what the books held before it plus
    # what the sheet took in minus what it paid out is what the box should hold.
    opening_cash = models.BigIntegerField(_("cash before the meeting, Rp"), default=0)
    expected_cash = models.BigIntegerField(_("cash expected after the meeting, Rp"))
    cash_counted = models.BigIntegerField(_("cash counted, Rp"))
    difference_reason = models.TextField(_("explanation of the difference"), blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    posted_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("collection sheet")
        verbose_name_plural = _("collection sheets")
        ordering = ["-meeting__held_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(cash_counted__gte=0), name="sheet_cash_nonneg")
        ]

    def __str__(self) -> str:
        return str(_("Collection sheet of %(meeting)s") % {"meeting": self.meeting})

    @property
    def difference(self) -> int:
        return self.cash_counted - self.expected_cash

    @property
    def group(self):
        return self.meeting.group


class SheetLine(models.Model):
    """One member's line on the sheet, amounts in integer rupiah (0 = nothing)."""

    sheet = models.ForeignKey(
        CollectionSheet, verbose_name=_("sheet"), on_delete=models.PROTECT, related_name="lines"
    )
    person = models.ForeignKey(Person, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("present"), default=False)
    principal_saving = models.BigIntegerField(_("pokok"), default=0)
    mandatory_saving = models.BigIntegerField(_("wajib"), default=0)
    voluntary_saving = models.BigIntegerField(_("sukarela"), default=0)
    withdrawal = models.BigIntegerField(_("sukarela withdrawn"), default=0)
    dues = models.BigIntegerField(_("dues"), default=0)
    fine = models.BigIntegerField(_("fine"), default=0)
    loan_repayment = models.BigIntegerField(_("loan repayment"), default=0)
    arisan = models.BigIntegerField(_("arisan"), default=0)
    cover_settlement = models.BigIntegerField(
        _("cover settlement"),
        default=0,
        help_text=_("Joint-liability cover the member pays back (tanggung renteng), oldest cover first."),
    )
    fund_repayment = models.BigIntegerField(
        _("revolving fund repayment"),
        default=0,
        help_text=_("Paid back into the revolving fund, oldest allocation first."),
    )
    # Not entered: worked out when the sheet is posted. The members' parts of a cover settlement are
    # paid straight back to the members who covered, so only the group fund's part stays in the box.
    cover_handed_back = models.BigIntegerField(
        _("of the cover settlement, handed back to the members who covered"), default=0
    )

    AMOUNT_FIELDS = (
        "principal_saving",
        "mandatory_saving",
        "voluntary_saving",
        "withdrawal",
        "dues",
        "fine",
        "loan_repayment",
        "arisan",
        "cover_settlement",
        "fund_repayment",
    )
    CASH_IN_FIELDS = (
        "principal_saving",
        "mandatory_saving",
        "voluntary_saving",
        "dues",
        "fine",
        "loan_repayment",
        "arisan",
        "cover_settlement",
        "fund_repayment",
    )
    # Shown only for the members who owe something there (and on a posted sheet only when used).
    OPTIONAL_FIELDS = ("cover_settlement", "fund_repayment")

    class Meta:
        verbose_name = _("sheet line")
        verbose_name_plural = _("sheet lines")
        ordering = ["sheet", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "person"], name="sheet_line_unique"),
            models.CheckConstraint(
                condition=models.Q(principal_saving__gte=0)
                & models.Q(mandatory_saving__gte=0)
                & models.Q(voluntary_saving__gte=0)
                & models.Q(withdrawal__gte=0)
                & models.Q(dues__gte=0)
                & models.Q(fine__gte=0)
                & models.Q(loan_repayment__gte=0)
                & models.Q(arisan__gte=0)
                & models.Q(cover_settlement__gte=0)
                & models.Q(fund_repayment__gte=0)
                & models.Q(cover_handed_back__gte=0),
                name="sheet_line_nonneg",
            ),
            models.CheckConstraint(
                condition=models.Q(cover_handed_back__lte=models.F("cover_settlement")),
                name="sheet_line_handback_within_settlement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.sheet}"

    @property
    def paid_in(self) -> int:
        """What the member handed over (the receipt's total), cover settlement included in full."""
        return sum(getattr(self, f) for f in self.CASH_IN_FIELDS)

    @property
    def net_cash(self) -> int:
        """What the line leaves in the box: paid in, minus the withdrawal and the cover handed back."""
        return self.paid_in - self.withdrawal - self.cover_handed_back
