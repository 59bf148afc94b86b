"""Reads of the ledger that are more than a filter: balances, trial balance, member balances, cashbook.

Every figure is one aggregate query (SUM … GROUP BY), never a Python loop over legs.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import F, Q, Sum, Value
from django.db.models.functions import Coalesce

from .chart import CASH_ACCOUNTS, DEBIT_NORMAL
from .models import Account, Book, Leg


def _legs(book: Book, *, as_of: dt.date | None = None, since: dt.date | None = None):
    # Through the leg's account, not its entry: a balance of one account then reads that account's legs
    # by their index instead of every leg of the book (4 ms → 1,8 ms, and a quarter of the planning time,
    # for a cash balance on a two-year book of 20 members on PostgreSQL). A leg's account is always in
    # its entry's book (the ledger's triggers and books.checks hold that), so the rows are the same.
    legs = Leg.objects.filter(account__book=book)
    if as_of is not None:
        legs = legs.filter(entry__on_date__lte=as_of)
    if since is not None:
        legs = legs.filter(entry__on_date__gte=since)
    return legs


def signed(kind: str, debit: int, credit: int) -> int:
    """A balance on the account's normal side: assets and expenses debit, the rest credit."""
    return debit - credit if kind in DEBIT_NORMAL else credit - debit


def account_balances(book: Book, *, as_of: dt.date | None = None, since: dt.date | None = None) -> list[dict]:
    """Every account of the book with its debit and credit totals and its normal-side balance."""
    totals = {
        row["account_id"]: (row["d"], row["c"])
        for row in _legs(book, as_of=as_of, since=since)
        .values("account_id")
        .annotate(d=Coalesce(Sum("debit"), Value(0)), c=Coalesce(Sum("credit"), Value(0)))
    }
    rows = []
    for account in book.accounts.order_by("code"):
        d, c = totals.get(account.pk, (0, 0))
        rows.append(
            {
                "account": account,
                "code": account.code,
                "kind": account.kind,
                "debit": d,
                "credit": c,
                "balance": signed(account.kind, d, c),
            }
        )
    return rows


def balance(book: Book, code: str, *, person_id: int | None = None, as_of: dt.date | None = None) -> int:
    legs = _legs(book, as_of=as_of).filter(account__code=code)
    if person_id is not None:
        legs = legs.filter(person_id=person_id)
    totals = legs.aggregate(d=Coalesce(Sum("debit"), Value(0)), c=Coalesce(Sum("credit"), Value(0)))
    kind = Account.objects.filter(book=book, code=code).values_list("kind", flat=True).first() or "asset"
    return signed(kind, totals["d"], totals["c"])


def member_balances(
    book: Book, codes: list[str], *, person_ids: list[int] | None = None, as_of: dt.date | None = None
) -> dict[int, dict[str, int]]:
    """{person_id: {code: balance}} for member accounts, in one grouped query."""
    legs = _legs(book, as_of=as_of).filter(account__code__in=codes, person_id__isnull=False)
    if person_ids is not None:
        legs = legs.filter(person_id__in=person_ids)
    out: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(codes, 0))
    for row in legs.values("person_id", "account__code", "account__kind").annotate(
        d=Coalesce(Sum("debit"), Value(0)), c=Coalesce(Sum("credit"), Value(0))
    ):
        out[row["person_id"]][row["account__code"]] = signed(row["account__kind"], row["d"], row["c"])
    return dict(out)


def trial_balance(book: Book, *, as_of: dt.date | None = None) -> dict:
    rows = [r for r in account_balances(book, as_of=as_of) if r["debit"] or r["credit"]]
    for r in rows:
        net = r["debit"] - r["credit"]
        r["dr"], r["cr"] = (net, 0) if net >= 0 else (0, -net)
    total_dr = sum(r["dr"] for r in rows)
    total_cr = sum(r["cr"] for r in rows)
    return {
        "rows": rows,
        "total_debit": total_dr,
        "total_credit": total_cr,
        "difference": total_dr - total_cr,
    }


def cash_movements(book: Book, *, since: dt.date | None = None, until: dt.date | None = None, person_id=None):
    """Legs on cash and bank accounts in date order: the cashbook (buku kas) before running totals."""
    legs = (
        Leg.objects.filter(entry__book=book, account__code__in=CASH_ACCOUNTS)
        .select_related("entry", "account")
        .order_by("entry__on_date", "entry_id", "id")
    )
    if since:
        legs = legs.filter(entry__on_date__gte=since)
    if until:
        legs = legs.filter(entry__on_date__lte=until)
    if person_id:
        legs = legs.filter(Q(entry__legs__person_id=person_id)).distinct()
    return legs


def opening_cash(book: Book, since: dt.date | None) -> int:
    if since is None:
        return 0
    totals = Leg.objects.filter(
        entry__book=book, account__code__in=CASH_ACCOUNTS, entry__on_date__lt=since
    ).aggregate(net=Coalesce(Sum(F("debit") - F("credit")), Value(0)))
    return totals["net"]


# --- statements (appended for the books pages; each figure is one grouped query) ------------------------


def _kind_total(rows: list[dict], kind: str) -> int:
    return sum(r["balance"] for r in rows if r["kind"] == kind)


def income_statement(book: Book, *, since: dt.date | None = None, until: dt.date | None = None) -> dict:
    """Income and expense accounts over a period, and the surplus (negative: a deficit)."""
    from .chart import EXPENSE, INCOME

    rows = account_balances(book, as_of=until, since=since)
    income = [r for r in rows if r["kind"] == INCOME and (r["debit"] or r["credit"])]
    expenses = [r for r in rows if r["kind"] == EXPENSE and (r["debit"] or r["credit"])]
    total_income = _kind_total(income, INCOME)
    total_expenses = _kind_total(expenses, EXPENSE)
    return {
        "income": income,
        "expenses": expenses,
        "total_income": total_income,
        "total_expenses": total_expenses,
        "surplus": total_income - total_expenses,
    }


def balance_sheet(book: Book, *, as_of: dt.date | None = None) -> dict:
    """Assets against liabilities, equity and the surplus not yet closed into equity, as of a date.

    ``difference`` is assets − (liabilities + equity + current surplus); it is 0 in sound books.
    """
    from .chart import ASSET, EQUITY, EXPENSE, INCOME, LIABILITY

    rows = [r for r in account_balances(book, as_of=as_of) if r["debit"] or r["credit"]]
    assets = [r for r in rows if r["kind"] == ASSET]
    liabilities = [r for r in rows if r["kind"] == LIABILITY]
    equity = [r for r in rows if r["kind"] == EQUITY]
    current_surplus = _kind_total(rows, INCOME) - _kind_total(rows, EXPENSE)
    total_assets = _kind_total(assets, ASSET)
    total_liabilities = _kind_total(liabilities, LIABILITY)
    total_equity = _kind_total(equity, EQUITY)
    right = total_liabilities + total_equity + current_surplus
    return {
        "assets": assets,
        "liabilities": liabilities,
        "equity": equity,
        "total_assets": total_assets,
        "total_liabilities": total_liabilities,
        "total_equity": total_equity,
        "current_surplus": current_surplus,
        "total_liabilities_equity": right,
        "difference": total_assets - right,
    }


def cash_before(book: Book, leg) -> int:
    """Net cash (debit − credit on cash and bank) strictly before ``leg`` in cashbook order.

    Lets a paginated cashbook start its running balance on any page with one aggregate.
    """
    on_date = leg.entry.on_date
    earlier = (
        Q(entry__on_date__lt=on_date)
        | Q(entry__on_date=on_date, entry_id__lt=leg.entry_id)
        | Q(entry__on_date=on_date, entry_id=leg.entry_id, id__lt=leg.id)
    )
    totals = Leg.objects.filter(earlier, entry__book=book, account__code__in=CASH_ACCOUNTS).aggregate(
        net=Coalesce(Sum(F("debit") - F("credit")), Value(0))
    )
    return totals["net"]


def cash_totals(book: Book, *, since: dt.date | None = None, until: dt.date | None = None) -> dict:
    """Cash in, cash out over a period (one aggregate)."""
    legs = _legs(book, as_of=until, since=since).filter(account__code__in=CASH_ACCOUNTS)
    totals = legs.aggregate(d=Coalesce(Sum("debit"), Value(0)), c=Coalesce(Sum("credit"), Value(0)))
    return {"cash_in": totals["d"], "cash_out": totals["c"]}


def member_account_movements(
    book: Book, person_id: int, *, since: dt.date | None = None, until: dt.date | None = None
):
    """The member's legs on member accounts in a period, in date order (their statement's rows)."""
    from .chart import MEMBER_ACCOUNTS

    return (
        _legs(book, as_of=until, since=since)
        .filter(person_id=person_id, account__code__in=MEMBER_ACCOUNTS)
        .select_related("entry", "account")
        .order_by("account__code", "entry__on_date", "entry_id", "id")
    )


def income_from_members(
    book: Book, person_ids: list[int], *, since: dt.date, until: dt.date
) -> dict[int, int]:
    """{person_id: income} — income legs of entries in the period that also carry a leg of that member.

    One correlated aggregate per member row in a single query (an entry's income counts once per
    member even when the entry carries several legs of that member).
    """
    from django.db.models import Exists, OuterRef, Subquery

    from berdaya.people.models import Person

    from .chart import INCOME

    member_leg = Leg.objects.filter(entry_id=OuterRef("entry_id"), person_id=OuterRef(OuterRef("pk")))
    income = (
        Leg.objects.filter(
            entry__book=book,
            entry__on_date__gte=since,
            entry__on_date__lte=until,
            account__kind=INCOME,
        )
        .filter(Exists(member_leg))
        .values("entry__book_id")
        .annotate(net=Sum(F("credit") - F("debit")))
        .values("net")
    )
    rows = Person.objects.filter(pk__in=person_ids).annotate(income=Coalesce(Subquery(income), Value(0)))
    return dict(rows.values_list("pk", "income"))
