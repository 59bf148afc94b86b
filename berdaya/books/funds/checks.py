"""Invariant of the revolving fund, appended to ``books.checks.EXTRA_CHECKS`` by ``FundsConfig.ready``.

Per book and member: what the fund's rows say is still owed (allocations' gross minus repayments)
equals the member's balance on the fund loans account (1210) in the ledger.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F, Sum

from berdaya.books import chart
from berdaya.books.checks import Finding
from berdaya.books.models import Leg

from .models import Allocation, Repayment


def fund_loans_match_ledger(book_ids=None) -> list[Finding]:
    legs = Leg.objects.filter(account__code=chart.FUND_LOANS)
    allocs = Allocation.objects.all()
    reps = Repayment.objects.all()
    if book_ids is not None:
        legs = legs.filter(entry__book_id__in=list(book_ids))
        allocs = allocs.filter(entry__book_id__in=list(book_ids))
        reps = reps.filter(entry__book_id__in=list(book_ids))
    owed: dict[tuple[int, int], int] = defaultdict(int)
    for book, person, total in (
        allocs.values("entry__book_id", "person_id")
        .annotate(s=Sum("gross"))
        .values_list("entry__book_id", "person_id", "s")
    ):
        owed[(book, person)] += total
    for book, person, total in (
        reps.values("entry__book_id", "allocation__person_id")
        .annotate(s=Sum("amount"))
        .values_list("entry__book_id", "allocation__person_id", "s")
    ):
        owed[(book, person)] -= total
    ledger: dict[tuple[int, int], int] = defaultdict(int)
    for book, person, net in (
        legs.values("entry__book_id", "person_id")
        .annotate(net=Sum(F("debit") - F("credit")))
        .values_list("entry__book_id", "person_id", "net")
    ):
        ledger[(book, person)] = net
    return [
        Finding(
            "fund_loans",
            key[0],
            f"member {key[1]}: fund rows say {owed.get(key, 0)}, ledger {ledger.get(key, 0)}",
        )
        for key in sorted(set(owed) | set(ledger))
        if owed.get(key, 0) != ledger.get(key, 0)
    ]
