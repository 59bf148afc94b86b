"""Month-end close: its runs, and the rollup tables dashboards read instead of raw postings.

All rollup rows of a period are rewritten by each run for that period, so a run is safe to repeat.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.books.models import Account, Book
from berdaya.groups.models import Group


class MonthEndRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    period = models.DateField(_("month"), help_text=_("First day of the month that is closed."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    books_total = models.PositiveIntegerField(_("books to close"), default=0)
    books_done = models.PositiveIntegerField(_("books closed"), default=0)
    loans_snapshotted = models.PositiveIntegerField(_("loans in the arrears snapshot"), default=0)
    incremental = models.BooleanField(
        _("incremental"),
        default=False,
        help_text=_("Built on the previous month's rollup instead of all postings."),
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("month-end run")
        verbose_name_plural = _("month-end runs")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return (
            int(100 * self.books_done / self.books_total)
            if self.books_total
            else (100 if self.status == "done" else 0)
        )


class AccountMonth(models.Model):
    """One account's movements in a month and its balance at the month's end (debit minus credit)."""

    period = models.DateField(_("month"))
    book = models.ForeignKey(Book, verbose_name=_("book"), on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="+"
    )
    debit = models.BigIntegerField(_("debits in the month, Rp"), default=0)
    credit = models.BigIntegerField(_("credits in the month, Rp"), default=0)
    closing = models.BigIntegerField(_("debit minus credit at month end, Rp"), default=0)

    class Meta:
        verbose_name = _("account month")
        verbose_name_plural = _("account months")
        constraints = [models.UniqueConstraint(fields=["period", "account"], name="account_month_unique")]
        indexes = [models.Index(fields=["period", "book"], name="account_month_book")]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} {self.account_id}: {self.closing}"


class ArrearsSnapshot(models.Model):
    """A loan's arrears at a month's end: what PAR and collectibility were computed from."""

    period = models.DateField(_("month"))
    loan_id = models.BigIntegerField(_("loan"))
    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="+")
    person_id = models.BigIntegerField(_("member"))
    outstanding_principal = models.BigIntegerField(_("outstanding principal, Rp"))
    days_past_due = models.IntegerField(_("days past due"))
    grade = models.CharField(_("collectibility"), max_length=20)

    class Meta:
        verbose_name = _("arrears snapshot")
        verbose_name_plural = _("arrears snapshots")
        constraints = [models.UniqueConstraint(fields=["period", "loan_id"], name="arrears_snapshot_unique")]
        indexes = [models.Index(fields=["period", "group"], name="arrears_snapshot_group")]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} loan {self.loan_id}: {self.days_past_due} days"


class GroupMonth(models.Model):
    """A group's figures at a month's end, for dashboards (one row per group and month)."""

    period = models.DateField(_("month"))
    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="+")
    programme_id = models.BigIntegerField(_("programme"))
    cash = models.BigIntegerField(_("cash and bank, Rp"), default=0)
    savings = models.BigIntegerField(_("members' savings, Rp"), default=0)
    loans_outstanding = models.BigIntegerField(_("loan principal outstanding, Rp"), default=0)
    loans_count = models.IntegerField(_("loans outstanding"), default=0)
    par1 = models.BigIntegerField(_("principal more than 1 day late, Rp"), default=0)
    par30 = models.BigIntegerField(_("principal more than 30 days late, Rp"), default=0)
    par90 = models.BigIntegerField(_("principal more than 90 days late, Rp"), default=0)
    grade_lancar = models.IntegerField(_("loans current (lancar)"), default=0)
    grade_dpk = models.IntegerField(_("loans under special mention (DPK)"), default=0)
    grade_kurang_lancar = models.IntegerField(_("loans substandard (kurang lancar)"), default=0)
    grade_diragukan = models.IntegerField(_("loans doubtful (diragukan)"), default=0)
    grade_macet = models.IntegerField(_("loans lost (macet)"), default=0)

    class Meta:
        verbose_name = _("group month")
        verbose_name_plural = _("group months")
        constraints = [models.UniqueConstraint(fields=["period", "group"], name="group_month_unique")]
        indexes = [models.Index(fields=["period", "programme_id"], name="group_month_programme")]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} {self.group_id}"
