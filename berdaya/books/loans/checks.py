"""Invariant checks of the loans app, added to ``books.checks.EXTRA_CHECKS`` by ``LoansConfig.ready``.

- per member: outstanding principal by the instalment rows == the member's LOANS ledger balance;
- per defaulter: COVER_RECEIVABLE balance == unsettled cover debts;
- per coverer: COVER_PAYABLE balance == unsettled debts owed to them.
Each is two grouped queries compared in Python (one dict per book and member).
"""

from __future__ import annotations

from django.db.models import F, Q, Sum

from berdaya.books import chart
from berdaya.books.checks import Finding
from berdaya.books.models import Book, Leg

from .models import CoverDebt, Instalment


def _ledger(book_ids, code: str) -> dict[tuple[int, int], int]:
    legs = Leg.objects.filter(account__code=code)
    if book_ids is not None:
        legs = legs.filter(entry__book_id__in=book_ids)
    sign = 1 if code in (chart.LOANS, chart.COVER_RECEIVABLE) else -1
    return {
        (r["entry__book__group_id"], r["person_id"]): sign * (r["d"] - r["c"])
        for r in legs.values("entry__book__group_id", "person_id").annotate(d=Sum("debit"), c=Sum("credit"))
    }


def _books(book_ids) -> tuple[dict[int, int], Q]:
    books = Book.objects.all() if book_ids is None else Book.objects.filter(pk__in=book_ids)
    by_group = dict(books.values_list("group_id", "pk"))
    return by_group, Q(group_id__in=list(by_group))


def _compare(name: str, ledger: dict, rows: dict, by_group: dict, what: str) -> list[Finding]:
    findings = []
    for key in set(ledger) | set(rows):
        a, b = ledger.get(key, 0), rows.get(key, 0)
        if a != b and key[0] in by_group:
            findings.append(Finding(name, by_group[key[0]], f"member {key[1]}: ledger {a} ≠ {what} {b}"))
    return findings


def loans_match_ledger(book_ids=None) -> list[Finding]:
    by_group, in_books = _books(book_ids)
    rows = {
        (r["loan__group_id"], r["loan__person_id"]): r["s"]
        for r in Instalment.objects.filter(Q(loan__group_id__in=list(by_group)))
        .values("loan__group_id", "loan__person_id")
        .annotate(s=Sum(F("principal") - F("paid_principal")))
    }
    return _compare("loans_ledger", _ledger(book_ids, chart.LOANS), rows, by_group, "instalment rows")


def cover_matches_ledger(book_ids=None) -> list[Finding]:
    by_group, in_books = _books(book_ids)
    debts = CoverDebt.objects.filter(in_books)
    receivable = {
        (r["group_id"], r["defaulter_id"]): r["s"]
        for r in debts.values("group_id", "defaulter_id").annotate(s=Sum(F("amount") - F("settled")))
    }
    payable = {
        (r["group_id"], r["coverer_id"]): r["s"]
        for r in debts.filter(coverer__isnull=False)
        .values("group_id", "coverer_id")
        .annotate(s=Sum(F("amount") - F("settled")))
    }
    return _compare(
        "cover_receivable",
        _ledger(book_ids, chart.COVER_RECEIVABLE),
        receivable,
        by_group,
        "open cover debts",
    ) + _compare(
        "cover_payable", _ledger(book_ids, chart.COVER_PAYABLE), payable, by_group, "cover owed to them"
    )
