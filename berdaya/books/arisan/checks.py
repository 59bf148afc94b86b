"""Arisan invariants, added to ``books.checks.EXTRA_CHECKS`` by ``ArisanConfig.ready``.

- the ARISAN_POT balance of each book equals the contributions received (paid or recorded as owed)
  minus the pots paid out: money held for rounds still open, nothing more, nothing less;
- no slot has won twice in a cycle (the database forbids it too; this says so if it ever happened).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Sum

from berdaya.books.chart import ARISAN_POT
from berdaya.books.checks import Finding
from berdaya.books.models import Leg


def _q(prefix, book_ids):
    return {} if book_ids is None else {f"{prefix}__in": list(book_ids)}


def arisan_pot_matches_rounds(book_ids=None) -> list:
    from .models import Contribution, Round

    held: dict[int, int] = defaultdict(int)
    for row in (
        Leg.objects.filter(account__code=ARISAN_POT, **_q("entry__book_id", book_ids))
        .values("entry__book_id")
        .annotate(d=Sum("debit"), c=Sum("credit"))
    ):
        held[row["entry__book_id"]] = (row["c"] or 0) - (row["d"] or 0)
    expected: dict[int, int] = defaultdict(int)
    for row in (
        Contribution.objects.filter(**_q("round__cycle__group__book__id", book_ids))
        .values("round__cycle__group__book__id")
        .annotate(t=Sum("amount"))
    ):
        expected[row["round__cycle__group__book__id"]] += row["t"] or 0
    for row in (
        Round.objects.filter(pot_entry__isnull=False, **_q("cycle__group__book__id", book_ids))
        .values("cycle__group__book__id")
        .annotate(t=Sum("pot"))
    ):
        expected[row["cycle__group__book__id"]] -= row["t"] or 0
    return [
        Finding(
            "arisan_pot", b, f"ARISAN_POT holds {held.get(b, 0)}, open rounds collected {expected.get(b, 0)}"
        )
        for b in sorted(set(held) | set(expected))
        if held.get(b, 0) != expected.get(b, 0)
    ]


def arisan_slot_won_once(book_ids=None) -> list:
    from .models import Round

    rows = (
        Round.objects.filter(winner_slot__isnull=False, **_q("cycle__group__book__id", book_ids))
        .values("cycle__group__book__id", "cycle_id", "winner_slot_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    return [
        Finding(
            "arisan_slot_wins_once",
            r["cycle__group__book__id"],
            f"cycle {r['cycle_id']}: slot {r['winner_slot_id']} won {r['n']} rounds",
        )
        for r in rows
    ]
