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
    legs = Leg.objects.filter(entry__book=book)
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
