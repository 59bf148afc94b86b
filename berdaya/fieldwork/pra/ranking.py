"""Ranking problems from a PRA: by dot votes, and by pairwise comparisons. Pure Python, no Django.

Dot voting (seed 004, Pakis: "prioritas masalah, didominasi masalah modal (17 suara)"): each
participant spreads a few dots over the problems; a problem's score is its dots.

Pairwise ranking: participants compare two problems at a time and say which weighs more; a problem's
score is the number of times it was preferred (for complete comparisons this is the Borda count).

Ranks are competition ranks (1, 2, 2, 4): problems with the same score share a rank, and each tie is
explained — with whom it is tied and, for pairwise, who won when the two were compared head to head —
instead of being broken silently by name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Row:
    id: int
    name: str
    score: int
    rank: int = 0
    voters: int = 0
    tied_with: list[str] = field(default_factory=list)
    head_to_head: list[tuple[str, int, int]] = field(default_factory=list)  # (other, wins, losses)


def rank(
    items: list[tuple[int, str]], scores: dict[int, int], voters: dict[int, int] | None = None
) -> list[Row]:
    """Rows best first; equal scores share the rank of the first of them."""
    voters = voters or {}
    rows = [
        Row(id=i, name=name, score=int(scores.get(i, 0)), voters=int(voters.get(i, 0))) for i, name in items
    ]
    rows.sort(key=lambda r: (-r.score, r.name.casefold(), r.id))
    for position, row in enumerate(rows, start=1):
        if position > 1 and row.score == rows[position - 2].score:
            row.rank = rows[position - 2].rank
        else:
            row.rank = position
    by_score: dict[int, list[Row]] = {}
    for row in rows:
        by_score.setdefault(row.score, []).append(row)
    for same in by_score.values():
        if len(same) > 1:
            for row in same:
                row.tied_with = [o.name for o in same if o is not row]
    return rows


def pairwise_wins(choices: list[tuple[int, int, int]]) -> tuple[Counter, Counter]:
    """(wins per problem, head-to-head wins keyed by (winner, loser)) from (a, b, preferred) choices."""
    wins: Counter = Counter()
    duels: Counter = Counter()
    for a, b, preferred in choices:
        if preferred not in (a, b):
            continue
        loser = b if preferred == a else a
        wins[preferred] += 1
        duels[(preferred, loser)] += 1
    return wins, duels


def rank_pairwise(items: list[tuple[int, str]], choices: list[tuple[int, int, int]]) -> list[Row]:
    """Problems ranked by how often they were preferred, ties explained by their head-to-head record."""
    wins, duels = pairwise_wins(choices)
    compared: Counter = Counter()
    for a, b, _p in choices:
        compared[a] += 1
        compared[b] += 1
    rows = rank(items, dict(wins), dict(compared))
    by_name = {r.name: r for r in rows}
    for row in rows:
        for other_name in row.tied_with:
            other = by_name[other_name]
            row.head_to_head.append((other_name, duels[(row.id, other.id)], duels[(other.id, row.id)]))
    return rows


def all_pairs(ids: list[int]) -> list[tuple[int, int]]:
    """Every unordered pair once, in a stable order (the pairwise sheet a facilitator reads out)."""
    ids = sorted(ids)
    return [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
