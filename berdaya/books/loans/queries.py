"""Reads of the loans app that are more than a filter: amounts due, arrears, grades, PAR, cover owed.

Portfolio figures are set-based: one annotated query over the loans (days past due from the oldest
instalment not fully paid *as of* the date, outstanding principal from the payments up to that date),
aggregated in the database. Nothing loops over loans in Python to add them up.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from berdaya.books import schedule
from berdaya.groups.models import Group

from .models import CoverDebt, Instalment, Loan, LoanPayment, LoanPolicy

PAR_DAYS = (1, 30, 90)
GRADE_LABELS = {
    "lancar": _("Lancar (current)"),
    "dpk": _("Dalam perhatian khusus (special mention)"),
    "kurang_lancar": _("Kurang lancar (substandard)"),
    "diragukan": _("Diragukan (doubtful)"),
    "macet": _("Macet (loss)"),
}


def _policy_values(group_ids) -> dict[int, tuple[int, int, tuple]]:
    """{group_id: (late fee, grace days, grade bounds)} for the groups that have a policy row."""
    out = {}
    for p in LoanPolicy.objects.filter(group_id__in=group_ids):
        out[p.group_id] = (p.late_fee, p.late_fee_grace_days, p.grade_bounds)
    return out


_DEFAULT = (0, 0, schedule.DEFAULT_GRADE_BOUNDS)


def _policy(group_id: int) -> tuple[int, int, tuple]:
    return _policy_values([group_id]).get(group_id, _DEFAULT)


# --- what is due ------------------------------------------------------------------------------------


def _due_aggregates(on_date: dt.date, fee: int, grace: int) -> dict:
    cutoff = on_date - dt.timedelta(days=grace)
    due = Q(due_on__lte=on_date)
    zero = Value(0)
    return {
        "principal_due": Coalesce(Sum(F("principal") - F("paid_principal"), filter=due), zero),
        "interest_due": Coalesce(Sum(F("interest") - F("paid_interest"), filter=due), zero),
        "penalty_charged": Coalesce(Sum(F("penalty") - F("paid_penalty")), zero),
        # Late and not charged yet: the fee the next payment will charge (see services._assess_late_fees).
        "late_uncharged": Count("id", filter=Q(penalty=0, due_on__lt=cutoff)),
        "outstanding": Coalesce(
            Sum(
                F("principal")
                + F("interest")
                + F("penalty")
                - F("paid_principal")
                - F("paid_interest")
                - F("paid_penalty")
            ),
            zero,
        ),
        "outstanding_principal": Coalesce(Sum(F("principal") - F("paid_principal")), zero),
    }


def _due_dict(row: dict, fee: int) -> dict:
    penalty = row["penalty_charged"] + fee * row["late_uncharged"]
    return {
        "penalty": penalty,
        "interest": row["interest_due"],
        "principal": row["principal_due"],
        "total_due": penalty + row["interest_due"] + row["principal_due"],
        "outstanding": row["outstanding"] + fee * row["late_uncharged"],
        "outstanding_principal": row["outstanding_principal"],
    }


def amount_due(loan: Loan, on_date: dt.date) -> dict:
    """What the member should pay on ``on_date``: late fees, interest and principal of the instalments due
    up to that date and not paid (``total_due``), and everything still owed on the loan (``outstanding``,
    ``outstanding_principal``). Late fees not charged yet are included as they would be charged."""
    fee, grace, _bounds = _policy(loan.group_id)
    row = Instalment.objects.filter(loan=loan, paid_on__isnull=True).aggregate(
        **_due_aggregates(on_date, fee, grace)
    )
    return _due_dict(row, fee)


def due_by_member(group: Group, on_date: dt.date) -> dict[int, list[dict]]:
    """{person_id: [{loan_id, penalty, interest, principal, total_due, outstanding, outstanding_principal}]}
    for every loan of the group being repaid — the meeting sheet's prefill. Two queries for the group."""
    fee, grace, _bounds = _policy(group.pk)
    rows = (
        Instalment.objects.filter(loan__group=group, loan__status=Loan.Status.DISBURSED, paid_on__isnull=True)
        .values("loan_id", "loan__person_id")
        .annotate(**_due_aggregates(on_date, fee, grace))
        .order_by("loan__person_id", "loan_id")
    )
    out: dict[int, list[dict]] = {}
    for row in rows:
        out.setdefault(row["loan__person_id"], []).append({"loan_id": row["loan_id"], **_due_dict(row, fee)})
    return out


def cover_owed(group: Group) -> list[dict]:
    """[{person_id, person_name, owed}] — who owes joint-liability cover in the group, largest first."""
    return list(
        CoverDebt.objects.filter(group=group, settled__lt=F("amount"))
        .values("defaulter_id", "defaulter__full_name")
        .annotate(owed=Sum(F("amount") - F("settled")))
        .order_by("-owed", "defaulter__full_name")
        .values(person_id=F("defaulter_id"), person_name=F("defaulter__full_name"), owed=F("owed"))
    )


def open_cover_debts(group: Group) -> QuerySet[CoverDebt]:
    return (
        CoverDebt.objects.filter(group=group, settled__lt=F("amount"))
        .select_related("defaulter", "coverer", "cover")
        .order_by("defaulter__full_name", "cover__on_date", "id")
    )


# The order a settlement pays a defaulter's cover debts in: oldest cover first.
SETTLE_ORDER = ("cover__on_date", "cover_id", "id")


def share_out(remaining, amount: int) -> list[int]:
    """Each debt's part of ``amount`` when debts (with these remaining amounts, in ``SETTLE_ORDER``) are
    paid oldest first, each up to what remains of it. What is beyond the debts is left over: the caller
    refuses it. ``services.settle_cover`` posts with this rule and the meeting sheet predicts with it."""
    parts, left = [], amount
    for owed in remaining:
        part = max(min(left, owed), 0)
        parts.append(part)
        left -= part
    return parts


def cover_debts_to_settle(group: Group, person_ids=None) -> list[dict]:
    """Open cover debts per defaulter, in the order ``services.settle_cover`` pays them (oldest cover
    first): [{id, defaulter_id, coverer_id (None: the group fund), coverer_name, remaining}].

    Read by the meeting sheet to know, before posting, how much of a settlement is handed straight
    back to the members who covered and how much stays in the box (the group fund's part).
    """
    qs = CoverDebt.objects.filter(group=group, settled__lt=F("amount"))
    if person_ids is not None:
        qs = qs.filter(defaulter_id__in=list(person_ids))
    return list(
        qs.order_by("defaulter_id", *SETTLE_ORDER).values(
            "id",
            "defaulter_id",
            "coverer_id",
            coverer_name=F("coverer__full_name"),
            remaining=F("amount") - F("settled"),
        )
    )


# --- arrears, grades and PAR ----------------------------------------------------------------------------


def _scope(group_ids) -> Q:
    if group_ids is None:
        return Q()
    if isinstance(group_ids, QuerySet):
        return Q(group_id__in=group_ids.values("pk") if group_ids.model is Group else group_ids)
    return Q(group_id__in=[getattr(g, "pk", g) for g in group_ids])


def book_loans(as_of: dt.date, group_ids=None) -> QuerySet[Loan]:
    """Loans on the books on ``as_of`` (paid out by then, not repaid by then), annotated with
    ``outstanding`` (principal less principal repaid up to ``as_of``) and ``oldest_unpaid`` (due date of
    the oldest instalment due before ``as_of`` and not fully paid by then; null when none is late)."""
    # SUM as a plain function (not an aggregate) so the outer query can aggregate over it again.
    repaid = (
        LoanPayment.objects.filter(loan=OuterRef("pk"), on_date__lte=as_of)
        .order_by()
        .annotate(s=Func(F("principal"), function="SUM"))
        .values("s")
    )
    oldest = (
        Instalment.objects.filter(loan=OuterRef("pk"), due_on__lt=as_of)
        .filter(Q(paid_on__isnull=True) | Q(paid_on__gt=as_of))
        .order_by("due_on")
        .values("due_on")[:1]
    )
    return (
        Loan.objects.filter(_scope(group_ids), disbursed_on__lte=as_of)
        .filter(Q(status=Loan.Status.DISBURSED) | Q(status=Loan.Status.CLOSED, closed_on__gt=as_of))
        .annotate(
            outstanding=F("principal") - Coalesce(Subquery(repaid, output_field=IntegerField()), Value(0)),
            oldest_unpaid=Subquery(oldest),
        )
    )


def _days(as_of: dt.date, oldest: dt.date | None) -> int:
    return 0 if oldest is None else max(0, (as_of - oldest).days)


def arrears_rows(as_of: dt.date, group_ids=None, *, only_late: bool = False) -> list[dict]:
    """One dict per loan on the books on ``as_of``: loan_id, group_id, person_id, outstanding_principal,
    days_past_due, grade (by the group's policy bounds). One query for the loans, one for the policies.
    ``only_late`` keeps the loans with at least one day past due. Reused by the month-end close."""
    qs = book_loans(as_of, group_ids)
    if only_late:
        qs = qs.filter(oldest_unpaid__isnull=False)
    rows = list(
        qs.values("pk", "group_id", "person_id", "outstanding", "oldest_unpaid").order_by(
            "group_id", "oldest_unpaid", "pk"
        )
    )
    policies = _policy_values({r["group_id"] for r in rows})
    out = []
    for r in rows:
        days = _days(as_of, r["oldest_unpaid"])
        bounds = policies.get(r["group_id"], _DEFAULT)[2]
        out.append(
            {
                "loan_id": r["pk"],
                "group_id": r["group_id"],
                "person_id": r["person_id"],
                "outstanding_principal": r["outstanding"],
                "days_past_due": days,
                "grade": schedule.grade(days, bounds),
            }
        )
    return out


def arrears_sql(as_of: dt.date, group_ids=None) -> tuple[str, list]:
    """SQL and parameters of a SELECT with the rows of ``arrears_rows`` (columns loan_id, group_id,
    person_id, outstanding_principal, days_past_due, grade), computed in the database so the month-end close
    can ``INSERT … SELECT`` them: no row travels to Python. The grade comes from the group's policy bounds
    (the defaults without a policy), by the same rule as ``schedule.grade``; the days are ``as_of`` minus
    the oldest unpaid due date, as in ``_days``. ``group_ids`` as for ``book_loans`` (a queryset of
    ``group_id`` values keeps the scope a subquery)."""
    from django.db import connection

    loans = (
        book_loans(as_of, group_ids)
        .order_by()
        # Aliased, so the columns have these names in the CTE on every database.
        .values(
            "outstanding", "oldest_unpaid", a_loan=F("pk"), a_group=F("group_id"), a_person=F("person_id")
        )
    )
    sql, params = loans.query.sql_with_params()
    day = as_of.isoformat()  # a date's ISO form: digits and dashes only, safe as a literal
    if connection.vendor == "postgresql":
        days = f"GREATEST(0, COALESCE(DATE '{day}' - b.oldest_unpaid, 0))"
    else:
        days = f"MAX(0, COALESCE(CAST(julianday('{day}') - julianday(b.oldest_unpaid) AS INTEGER), 0))"
    *graded, (_open, last_key) = _DEFAULT[2]
    policy = connection.ops.quote_name(LoanPolicy._meta.db_table)
    grade = " ".join(
        f"WHEN {days} <= COALESCE(p.{key}_max_days, {upper}) THEN '{key}'" for upper, key in graded
    )
    # MATERIALIZED: the per-loan subqueries run once, not once per use of their column in the CASE.
    return (
        f"""WITH b AS MATERIALIZED ({sql})
        SELECT b.a_loan AS loan_id, b.a_group AS group_id, b.a_person AS person_id,
               b.outstanding AS outstanding_principal,
               {days} AS days_past_due, CASE {grade} ELSE '{last_key}' END AS grade
        FROM b LEFT JOIN {policy} p ON p.group_id = b.a_group""",
        list(params),
    )


def _percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.00")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def portfolio(group_ids, as_of: dt.date) -> dict:
    """Portfolio at risk and collectibility grades of the loans of ``group_ids`` (ids, groups or a
    queryset of groups) on ``as_of``.

    PARn = outstanding principal of loans more than n days past due ÷ total outstanding principal.
    Returns ``{"as_of", "loans", "outstanding", "par": {n: {"late", "percent"}}, "grades": {key:
    {"count", "outstanding"}}}``. Sums are aggregated in the database; grades group the loans by
    (group, oldest unpaid due date) first, so Python only classifies those few distinct dates.
    """
    qs = book_loans(as_of, group_ids)
    sums = {"n_loans": Count("id"), "total": Coalesce(Sum("outstanding"), Value(0))}
    for n in PAR_DAYS:
        sums[f"late{n}"] = Coalesce(
            Sum("outstanding", filter=Q(oldest_unpaid__lt=as_of - dt.timedelta(days=n))), Value(0)
        )
    totals = qs.aggregate(**sums)
    grades = {key: {"count": 0, "outstanding": 0} for key in schedule.GRADE_KEYS}
    buckets = list(
        qs.values("group_id", "oldest_unpaid").annotate(n=Count("id"), amount=Sum("outstanding")).order_by()
    )
    policies = _policy_values({b["group_id"] for b in buckets})
    for b in buckets:
        key = schedule.grade(_days(as_of, b["oldest_unpaid"]), policies.get(b["group_id"], _DEFAULT)[2])
        grades[key]["count"] += b["n"]
        grades[key]["outstanding"] += b["amount"] or 0
    total = totals["total"]
    return {
        "as_of": as_of,
        "loans": totals["n_loans"],
        "outstanding": total,
        "par": {
            n: {"late": totals[f"late{n}"], "percent": _percent(totals[f"late{n}"], total)} for n in PAR_DAYS
        },
        "grades": grades,
    }


# --- one loan -----------------------------------------------------------------------------------------


def schedule_rows(loan: Loan) -> list[dict]:
    """The loan's schedule for the card: stored rows once paid out, a preview before."""
    if loan.status in (Loan.Status.DISBURSED, Loan.Status.CLOSED):
        rows = []
        balance = loan.principal
        for r in loan.instalments.order_by("number"):
            balance -= r.principal
            rows.append(
                {
                    "number": r.number,
                    "due_on": r.due_on,
                    "principal": r.principal,
                    "interest": r.interest,
                    "penalty": r.penalty,
                    "total": r.principal + r.interest,
                    "paid": r.paid,
                    "owed": r.owed,
                    "balance": balance,
                    "paid_on": r.paid_on,
                }
            )
        return rows
    from .services import _schedule

    return [
        {
            "number": r.number,
            "due_on": r.due_on,
            "principal": r.principal,
            "interest": r.interest,
            "penalty": 0,
            "total": r.total,
            "paid": 0,
            "owed": r.total,
            "balance": r.balance_after,
            "paid_on": None,
        }
        for r in _schedule(loan)
    ]


def effective_rate(loan: Loan, rows: list[dict] | None = None) -> dict | None:
    """For a flat loan: the effective annual rate (IRR of its cash flows), nominal and compounded, next to
    the flat rate quoted per year. None for other methods (their quoted rate already is on the balance)."""
    if loan.method != "flat":
        return None
    rows = rows if rows is not None else schedule_rows(loan)
    k = schedule.PERIODS_PER_YEAR[schedule.Frequency(loan.frequency)]
    nominal = schedule.effective_annual_rate(
        [r["total"] for r in rows], principal=loan.principal, periods_per_year=k
    )
    compound = schedule.compound_annual_rate(nominal / k, k)
    cents = Decimal("0.01")
    return {
        "flat_annual": (Decimal(loan.rate_percent) * k).quantize(cents),
        "nominal": nominal.quantize(cents, rounding=ROUND_HALF_UP),
        "compound": compound.quantize(cents, rounding=ROUND_HALF_UP),
    }


def loan_arrears(loan: Loan, as_of: dt.date) -> dict:
    """Days past due and grade of one loan on ``as_of`` (by its group's policy)."""
    oldest = (
        loan.instalments.filter(due_on__lt=as_of)
        .filter(Q(paid_on__isnull=True) | Q(paid_on__gt=as_of))
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .first()
    )
    days = _days(as_of, oldest) if loan.status == Loan.Status.DISBURSED else 0
    return {"days_past_due": days, "grade": schedule.grade(days, _policy(loan.group_id)[2])}


def loans_for_group(group: Group) -> QuerySet[Loan]:
    return Loan.objects.filter(group=group).select_related("person").order_by("-applied_on", "-id")
