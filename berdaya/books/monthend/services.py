"""Month-end close for every group's books, as a background task, set-based and safe to re-run.

For a month, ``run_month_end`` rewrites, book by book in chunks (progress is saved after each chunk):
1. ``AccountMonth``: each account's debits and credits in the month and its balance at the month's end.
   When the previous month was rolled up, only this month's postings are read (incremental); otherwise
   all postings up to the month's end are summed once.
2. ``ArrearsSnapshot``: every loan's outstanding principal, days past due and collectibility grade at
   the month's end (``berdaya.books.loans.queries.arrears_sql``: the rows of ``arrears_rows``, in SQL).
3. ``GroupMonth``: the group's cash, savings, loans outstanding, PAR1/30/90 and loans per grade,
   from the two tables above — what dashboards read.
Each step is one ``INSERT … SELECT`` per chunk (never a Python loop over loans or legs); a chunk's rows
for the month are deleted first, inside the same transaction, so a repeated run gives the same result.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from berdaya.audit.log import record
from berdaya.books import chart
from berdaya.books.models import Account, Book
from berdaya.core.errors import ServiceError

from .models import AccountMonth, ArrearsSnapshot, GroupMonth, MonthEndRun

log = logging.getLogger(__name__)
CHUNK = 2_000  # books per transaction: big enough for set-based SQL, small enough to show progress
PAR_DAYS = (1, 30, 90)
GRADES = ("lancar", "dpk", "kurang_lancar", "diragukan", "macet")
# The westernmost zone (WIB) is the last to finish a day: a month is over everywhere once it is over there.
_LAST_ZONE = ZoneInfo("Asia/Jakarta")


def month_bounds(period: dt.date) -> tuple[dt.date, dt.date]:
    first = period.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def previous_month(period: dt.date) -> dt.date:
    first = period.replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1)


def request_month_end(*, period: dt.date, acting_user) -> MonthEndRun:
    """Queue the close of a finished month for a worker; the page follows its progress."""
    first, last = month_bounds(period)
    if last >= timezone.now().astimezone(_LAST_ZONE).date():
        raise ServiceError(
            _("%(month)s is not over yet; a month is closed after its last day.")
            % {"month": first.strftime("%Y-%m")},
            field_errors={"period": _("Choose a month that is over.")},
            code="month_not_over",
        )
    active = MonthEndRun.objects.filter(
        period=first, status__in=[MonthEndRun.Status.QUEUED, MonthEndRun.Status.RUNNING]
    )
    if active.exists():
        raise ServiceError(
            _("The close of %(month)s is already waiting or running; follow it below.")
            % {"month": first.strftime("%Y-%m")},
            code="already_running",
        )
    from .tasks import month_end_task

    with transaction.atomic():
        run = MonthEndRun.objects.create(period=first, requested_by=acting_user)
        record(actor=acting_user, action="create", obj=run, note=_("month-end close requested"))
        transaction.on_commit(lambda: month_end_task.enqueue(run.pk))
    return run


def run_month_end(run_id: int) -> MonthEndRun:
    """Do the close for a queued run (called by the worker; also usable from a shell or command)."""
    run = MonthEndRun.objects.get(pk=run_id)
    first, last = month_bounds(run.period)
    prev = previous_month(first)
    ids = list(Book.objects.order_by("pk").values_list("pk", flat=True))
    run.status, run.started_at, run.books_total, run.books_done, run.error = (
        MonthEndRun.Status.RUNNING,
        timezone.now(),
        len(ids),
        0,
        "",
    )
    run.incremental = AccountMonth.objects.filter(period=prev).exists()
    run.save(update_fields=["status", "started_at", "books_total", "books_done", "error", "incremental"])
    try:
        snapshotted = 0
        for start in range(0, len(ids), CHUNK):
            lo, hi = ids[start], ids[min(start + CHUNK, len(ids)) - 1]
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    # A chunk's statements are estimated expensive enough to be JIT-compiled, which costs
                    # more (~0,6 s a statement) than it saves on 2.000 books; off for this transaction.
                    with connection.cursor() as cur:
                        cur.execute("SET LOCAL jit = off")
                roll_up_accounts(first, last, prev, lo, hi)
                snapshotted += snapshot_arrears(first, last, lo, hi)
                roll_up_groups(first, lo, hi)
            run.books_done = min(start + CHUNK, len(ids))
            run.loans_snapshotted = snapshotted
            run.save(update_fields=["books_done", "loans_snapshotted"])
    except Exception as err:  # the run records why it failed; the worker logs the traceback
        log.exception("month-end close %s failed", run.period)
        run.status, run.error, run.finished_at = MonthEndRun.Status.FAILED, str(err)[:2000], timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        raise
    run.status, run.finished_at = MonthEndRun.Status.DONE, timezone.now()
    run.save(update_fields=["status", "finished_at"])
    return run


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def roll_up_accounts(first: dt.date, last: dt.date, prev: dt.date, lo: int, hi: int) -> None:
    """AccountMonth rows of books lo..hi for the month: incremental from the previous month if complete."""
    am, acc = _table(AccountMonth), _table(Account)
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {am} WHERE period = %s AND book_id BETWEEN %s AND %s", [first, lo, hi])
        accounts = Account.objects.filter(book_id__gte=lo, book_id__lte=hi).count()
        previous = AccountMonth.objects.filter(period=prev, book_id__gte=lo, book_id__lte=hi).count()
        if previous and previous == accounts:
            cur.execute(
                f"""
                INSERT INTO {am} (period, book_id, account_id, debit, credit, closing)
                SELECT %s, a.book_id, a.id, COALESCE(m.d, 0), COALESCE(m.c, 0),
                       COALESCE(p.closing, 0) + COALESCE(m.d, 0) - COALESCE(m.c, 0)
                FROM {acc} a
                LEFT JOIN (
                    SELECT l.account_id, SUM(l.debit) AS d, SUM(l.credit) AS c
                    FROM books_leg l JOIN books_journalentry e ON e.id = l.entry_id
                    WHERE e.book_id BETWEEN %s AND %s AND e.on_date BETWEEN %s AND %s
                    GROUP BY l.account_id
                ) m ON m.account_id = a.id
                LEFT JOIN {am} p ON p.account_id = a.id AND p.period = %s
                WHERE a.book_id BETWEEN %s AND %s
                """,
                [first, lo, hi, first, last, prev, lo, hi],
            )
        else:
            cur.execute(
                f"""
                INSERT INTO {am} (period, book_id, account_id, debit, credit, closing)
                SELECT %s, a.book_id, a.id, COALESCE(m.d, 0), COALESCE(m.c, 0), COALESCE(m.net, 0)
                FROM {acc} a
                LEFT JOIN (
                    SELECT l.account_id,
                           SUM(CASE WHEN e.on_date >= %s THEN l.debit ELSE 0 END) AS d,
                           SUM(CASE WHEN e.on_date >= %s THEN l.credit ELSE 0 END) AS c,
                           SUM(l.debit - l.credit) AS net
                    FROM books_leg l JOIN books_journalentry e ON e.id = l.entry_id
                    WHERE e.book_id BETWEEN %s AND %s AND e.on_date <= %s
                    GROUP BY l.account_id
                ) m ON m.account_id = a.id
                WHERE a.book_id BETWEEN %s AND %s
                """,
                [first, first, first, lo, hi, last, lo, hi],
            )


def snapshot_arrears(first: dt.date, last: dt.date, lo: int, hi: int) -> int:
    """ArrearsSnapshot rows for the loans of books lo..hi at the month's end; returns how many.

    One ``INSERT … SELECT`` over ``loans.queries.arrears_sql`` (the grade computed in SQL from the policy
    bounds): a Python loop and ``bulk_create`` over a million loans cost several times the query itself."""
    from berdaya.books.loans.queries import arrears_sql

    # A list, not a subquery: "group_id IN (…ids)" probes the (period, group) index per group even when the
    # planner's statistics do not know this month's rows yet (a subquery then scans the whole month).
    group_ids = list(Book.objects.filter(pk__range=(lo, hi)).values_list("group_id", flat=True))
    ArrearsSnapshot.objects.filter(period=first, group_id__in=group_ids).delete()
    sql, params = arrears_sql(last, group_ids=group_ids)
    with connection.cursor() as cur:
        cur.execute(
            f"""
            INSERT INTO {_table(ArrearsSnapshot)}
                (period, loan_id, group_id, person_id, outstanding_principal, days_past_due, grade)
            SELECT %s, a.loan_id, a.group_id, a.person_id, a.outstanding_principal, a.days_past_due, a.grade
            FROM ({sql}) a
            WHERE a.outstanding_principal > 0
            """,
            [connection.ops.adapt_datefield_value(first), *params],
        )
        return cur.rowcount


def roll_up_groups(first: dt.date, lo: int, hi: int) -> None:
    """GroupMonth rows of books lo..hi from the account rollup and the arrears snapshot."""
    gm, am, acc, snap = _table(GroupMonth), _table(AccountMonth), _table(Account), _table(ArrearsSnapshot)
    cash = ", ".join(f"'{c}'" for c in chart.CASH_ACCOUNTS)
    savings = ", ".join(f"'{c}'" for c in (chart.PRINCIPAL, chart.MANDATORY, chart.VOLUNTARY))
    par = ", ".join(
        f"SUM(CASE WHEN days_past_due > {n} THEN outstanding_principal ELSE 0 END) AS par{n}"
        for n in PAR_DAYS
    )
    grades = ", ".join(f"SUM(CASE WHEN grade = '{g}' THEN 1 ELSE 0 END) AS g_{g}" for g in GRADES)
    # The chunk's groups as a list of ids (see snapshot_arrears): index probes whatever the statistics say.
    group_ids = list(Book.objects.filter(pk__range=(lo, hi)).values_list("group_id", flat=True)) or [0]
    in_groups = ", ".join(["%s"] * len(group_ids))
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {gm} WHERE period = %s AND group_id IN ({in_groups})", [first, *group_ids])
        cur.execute(
            f"""
            INSERT INTO {gm} (period, group_id, programme_id, cash, savings, loans_outstanding, loans_count,
                              par1, par30, par90, grade_lancar, grade_dpk, grade_kurang_lancar, grade_diragukan,
                              grade_macet)
            SELECT %s, g.id, g.programme_id, COALESCE(r.cash, 0), COALESCE(r.savings, 0),
                   COALESCE(s.outstanding, 0), COALESCE(s.n, 0), COALESCE(s.par1, 0), COALESCE(s.par30, 0),
                   COALESCE(s.par90, 0), COALESCE(s.g_lancar, 0), COALESCE(s.g_dpk, 0),
                   COALESCE(s.g_kurang_lancar, 0), COALESCE(s.g_diragukan, 0), COALESCE(s.g_macet, 0)
            FROM books_book b
            JOIN groups_group g ON g.id = b.group_id
            LEFT JOIN (
                SELECT am.book_id,
                       SUM(CASE WHEN a.code IN ({cash}) THEN am.closing ELSE 0 END) AS cash,
                       SUM(CASE WHEN a.code IN ({savings}) THEN -am.closing ELSE 0 END) AS savings
                FROM {am} am JOIN {acc} a ON a.id = am.account_id
                WHERE am.period = %s AND am.book_id BETWEEN %s AND %s
                GROUP BY am.book_id
            ) r ON r.book_id = b.id
            LEFT JOIN (
                SELECT group_id, SUM(outstanding_principal) AS outstanding, COUNT(*) AS n, {par}, {grades}
                FROM {snap}
                WHERE period = %s AND group_id IN ({in_groups})
                GROUP BY group_id
            ) s ON s.group_id = g.id
            WHERE b.id BETWEEN %s AND %s
            """,
            [first, first, lo, hi, first, *group_ids, lo, hi],
        )
