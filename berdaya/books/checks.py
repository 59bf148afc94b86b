"""Invariant checks of the books: pure reads returning findings, never fixing anything.

Run after every books scenario test (``tests/books/conftest.py``) and by ``berdaya check_books``.
Each check is one set-based query over all books (or the ones given), so it also runs on a national
database. An empty list means the books are sound.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce

from .chart import MEMBER_ACCOUNTS, VOLUNTARY
from .models import Book, JournalEntry, Leg


@dataclass(frozen=True)
class Finding:
    check: str
    book_id: int
    detail: str


def _books_q(prefix: str, book_ids):
    return Q() if book_ids is None else Q(**{f"{prefix}__in": list(book_ids)})


def unbalanced_entries(book_ids=None) -> list[Finding]:
    rows = (
        JournalEntry.objects.filter(_books_q("book_id", book_ids))
        .annotate(
            d=Coalesce(Sum("legs__debit"), Value(0)),
            c=Coalesce(Sum("legs__credit"), Value(0)),
            n=Count("legs"),
        )
        .filter(Q(n__lt=2) | ~Q(d=F("c")))
        .values_list("book_id", "pk", "d", "c", "n")
    )
    return [
        Finding("entry_balances", b, f"entry {pk}: debit {d}, credit {c}, {n} legs")
        for b, pk, d, c, n in rows
    ]


def trial_balance_not_zero(book_ids=None) -> list[Finding]:
    rows = (
        Leg.objects.filter(_books_q("entry__book_id", book_ids))
        .values("entry__book_id")
        .annotate(d=Sum("debit"), c=Sum("credit"))
        .exclude(d=F("c"))
        .values_list("entry__book_id", "d", "c")
    )
    return [Finding("trial_balance", b, f"debits {d} ≠ credits {c}") for b, d, c in rows]


def one_sided_legs(book_ids=None) -> list[Finding]:
    rows = (
        Leg.objects.filter(_books_q("entry__book_id", book_ids))
        .exclude((Q(debit__gt=0) & Q(credit=0)) | (Q(debit=0) & Q(credit__gt=0)))
        .values_list("entry__book_id", "pk")
    )
    return [Finding("leg_sides", b, f"leg {pk} has not exactly one positive side") for b, pk in rows]


def foreign_account_legs(book_ids=None) -> list[Finding]:
    rows = (
        Leg.objects.filter(_books_q("entry__book_id", book_ids))
        .exclude(account__book_id=F("entry__book_id"))
        .values_list("entry__book_id", "pk")
    )
    return [Finding("leg_account_book", b, f"leg {pk} posts to another book's account") for b, pk in rows]


def closed_period_postings(book_ids=None) -> list[Finding]:
    rows = JournalEntry.objects.filter(
        _books_q("book_id", book_ids),
        book__closed_through__isnull=False,
        on_date__lte=F("book__closed_through"),
        created_at__gt=F("book__closed_at"),
    ).values_list("book_id", "pk", "on_date")
    return [
        Finding("closed_period", b, f"entry {pk} on {d} posted after the period was closed")
        for b, pk, d in rows
    ]


def closed_account_postings(book_ids=None) -> list[Finding]:
    rows = Leg.objects.filter(
        _books_q("entry__book_id", book_ids),
        account__is_closed=True,
        entry__created_at__gt=F("account__closed_at"),
    ).values_list("entry__book_id", "pk")
    return [
        Finding("closed_account", b, f"leg {pk} posted to an account after it was closed") for b, pk in rows
    ]


def member_legs_without_member(book_ids=None) -> list[Finding]:
    rows = Leg.objects.filter(
        _books_q("entry__book_id", book_ids), account__code__in=MEMBER_ACCOUNTS, person__isnull=True
    ).values_list("entry__book_id", "pk")
    return [Finding("member_leg", b, f"leg {pk} on a member account names no member") for b, pk in rows]


def negative_voluntary_savings(book_ids=None) -> list[Finding]:
    rows = (
        Leg.objects.filter(_books_q("entry__book_id", book_ids), account__code=VOLUNTARY)
        .values("entry__book_id", "person_id")
        .annotate(net=Sum(F("credit") - F("debit")))
        .filter(net__lt=0)
        .values_list("entry__book_id", "person_id", "net")
    )
    return [Finding("voluntary_negative", b, f"member {p} voluntary savings {n}") for b, p, n in rows]


def double_reversals(book_ids=None) -> list[Finding]:
    rows = JournalEntry.objects.filter(
        _books_q("book_id", book_ids), reverses__isnull=False, reverses__kind=JournalEntry.Kind.REVERSAL
    ).values_list("book_id", "pk")
    return [Finding("reversal_of_reversal", b, f"entry {pk} reverses a reversal") for b, pk in rows]


CHECKS = [
    unbalanced_entries,
    trial_balance_not_zero,
    one_sided_legs,
    foreign_account_legs,
    closed_period_postings,
    closed_account_postings,
    member_legs_without_member,
    negative_voluntary_savings,
    double_reversals,
]
# Product apps (loans, arisan, funds) add their own checks here at import time.
EXTRA_CHECKS: list = []


def run_checks(books=None) -> list[Finding]:
    """All findings for the given books (Book objects or ids), or for every book."""
    book_ids = None if books is None else [getattr(b, "pk", b) for b in books]
    if book_ids is not None and not book_ids:
        return []
    findings: list[Finding] = []
    for check in CHECKS + EXTRA_CHECKS:
        findings.extend(check(book_ids))
    return findings


def all_books():
    return Book.objects.all()
