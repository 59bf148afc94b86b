"""Reads of the arisan: the round grid, what each member owes in the current round, receivables,
the verification of every draw. A handful of queries each, never one per slot or per round.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q, Sum

from berdaya.books import chart
from berdaya.books.models import Leg
from berdaya.groups.models import Group

from . import drawing
from .models import Contribution, Cycle, Holder, Round, Slot
from .services import holder_parts


def cycles_for_group(group: Group):
    return (
        Cycle.objects.filter(group=group)
        .annotate(
            slot_count=Count("slots", distinct=True),
            decided=Count("rounds", filter=Q(rounds__winner_slot__isnull=False), distinct=True),
            paid=Count("rounds", filter=Q(rounds__pot_entry__isnull=False), distinct=True),
        )
        .order_by("status", "-start_on", "-id")
    )


def _holders_by_slot(cycle_ids) -> dict[int, list[Holder]]:
    out: dict[int, list[Holder]] = defaultdict(list)
    for h in Holder.objects.filter(slot__cycle_id__in=list(cycle_ids)).select_related("slot", "person"):
        out[h.slot_id].append(h)
    return out


def slot_label(holders: list[Holder]) -> str:
    names = " + ".join(h.person.full_name for h in sorted(holders, key=lambda h: h.person_id))
    return f"{holders[0].slot.number} · {names}" if holders else ""


def cycle_grid(cycle: Cycle) -> dict:
    """Slots × rounds: for each cell whether the slot paid, owes, or won that round."""
    slots = list(cycle.slots.order_by("number"))
    rounds = list(cycle.rounds.select_related("winner_slot").order_by("number"))
    holders = _holders_by_slot([cycle.pk])
    dues: dict[int, int] = {}
    for slot in slots:
        dues[slot.pk] = sum(holder_parts(cycle, holders[slot.pk]).values()) if holders[slot.pk] else 0
    cells: dict[tuple[int, int], dict] = defaultdict(lambda: {"paid": 0, "owed": 0})
    for row in (
        Contribution.objects.filter(round__cycle=cycle)
        .values("round_id", "slot_id", "status")
        .annotate(total=Sum("amount"))
    ):
        cells[(row["slot_id"], row["round_id"])][row["status"]] += row["total"]
    grid = []
    for slot in slots:
        row_cells = []
        for r in rounds:
            c = cells.get((slot.pk, r.pk), {"paid": 0, "owed": 0})
            complete = c["paid"] + c["owed"] >= dues[slot.pk]
            if c["owed"]:
                state = "owed"
            elif complete:
                state = "paid"
            else:
                state = "due"
            row_cells.append(
                {
                    "round": r,
                    "state": state,
                    "paid": c["paid"],
                    "owed": c["owed"],
                    "won": r.winner_slot_id == slot.pk,
                }
            )
        grid.append(
            {
                "slot": slot,
                "label": slot_label(holders[slot.pk]),
                "holders": sorted(holders[slot.pk], key=lambda h: h.person_id),
                "cells": row_cells,
            }
        )
    paid_by_round: dict[int, int] = defaultdict(int)
    for row in (
        Contribution.objects.filter(round__cycle=cycle).values("round_id").annotate(total=Sum("amount"))
    ):
        paid_by_round[row["round_id"]] = row["total"]
    return {
        "slots": slots,
        "rounds": rounds,
        "grid": grid,
        "pot": cycle.contribution * len(slots),
        "collected": paid_by_round,
    }


def round_sheet(round: Round) -> list[dict]:
    """Each holder of each slot in one round: their part, what they paid or owe (a row per person)."""
    cycle = round.cycle
    holders = _holders_by_slot([cycle.pk])
    done = defaultdict(lambda: {"paid": 0, "owed": 0, "slots": set()})
    for c in Contribution.objects.filter(round=round):
        done[c.person_id][c.status] += c.amount
        done[c.person_id]["slots"].add(c.slot_id)
    people: dict[int, dict] = {}
    for slot_id, hs in sorted(holders.items(), key=lambda kv: kv[1][0].slot.number):
        parts = holder_parts(cycle, hs)
        for h in hs:
            row = people.setdefault(
                h.person_id,
                {"person": h.person, "due": 0, "outstanding": 0, "slots": [], "paid": 0, "owed": 0},
            )
            row["due"] += parts[h.person_id]
            row["slots"].append(h.slot.number)
            if slot_id not in done[h.person_id]["slots"]:
                row["outstanding"] += parts[h.person_id]
    for pid, row in people.items():
        row["paid"] = done[pid]["paid"]
        row["owed"] = done[pid]["owed"]
    return sorted(people.values(), key=lambda r: r["person"].full_name)


def current_round(cycle: Cycle) -> Round | None:
    return cycle.rounds.filter(pot_entry__isnull=True).order_by("number").first()


def open_round_for(group: Group, on_date: dt.date) -> list[dict]:
    """For each running cycle of the group, its current round (the first whose pot is not paid yet) and
    what each holder owes in it, for the meeting collection sheet. Four queries whatever the size.

    Rows: {cycle_id, cycle_name, round_id, round_number, due_on, person_id, person_name, amount (their
    part of every slot they hold), outstanding (still to pay), paid, owed, already_paid, slot_labels}.
    ``on_date`` only marks whether the round is already due (``is_due``): members may pay ahead.
    """
    cycles = {c.pk: c for c in Cycle.objects.filter(group=group, status=Cycle.Status.RUNNING)}
    if not cycles:
        return []
    rounds: dict[int, Round] = {}
    for r in Round.objects.filter(cycle_id__in=list(cycles), pot_entry__isnull=True).order_by(
        "cycle_id", "number"
    ):
        rounds.setdefault(r.cycle_id, r)
    holders = _holders_by_slot(list(rounds))
    done: dict[tuple[int, int, int], tuple[str, int]] = {}
    for round_id, slot_id, pid, status, amount in Contribution.objects.filter(
        round_id__in=[r.pk for r in rounds.values()]
    ).values_list("round_id", "slot_id", "person_id", "status", "amount"):
        done[(round_id, slot_id, pid)] = (status, amount)
    by_cycle: dict[int, list[list[Holder]]] = defaultdict(list)
    for hs in holders.values():
        by_cycle[hs[0].slot.cycle_id].append(hs)
    out = []
    for cycle_id, r in rounds.items():
        cycle = cycles[cycle_id]
        people: dict[int, dict] = {}
        for hs in sorted(by_cycle[cycle_id], key=lambda hs: hs[0].slot.number):
            parts = holder_parts(cycle, hs)
            label = slot_label(hs)
            for h in hs:
                row = people.setdefault(
                    h.person_id,
                    {
                        "cycle_id": cycle.pk,
                        "cycle_name": cycle.name,
                        "round_id": r.pk,
                        "round_number": r.number,
                        "due_on": r.due_on,
                        "is_due": r.due_on <= on_date,
                        "person_id": h.person_id,
                        "person_name": h.person.full_name,
                        "amount": 0,
                        "outstanding": 0,
                        "paid": 0,
                        "owed": 0,
                        "slot_labels": [],
                    },
                )
                part = parts[h.person_id]
                row["amount"] += part
                row["slot_labels"].append(label)
                status, amount = done.get((r.pk, h.slot_id, h.person_id), ("", 0))
                if status == Contribution.Status.PAID:
                    row["paid"] += amount
                elif status == Contribution.Status.OWED:
                    row["owed"] += amount
                else:
                    row["outstanding"] += part
        for row in people.values():
            row["already_paid"] = row["outstanding"] == 0
        out.extend(sorted(people.values(), key=lambda row: row["person_name"]))
    return out


def receivables(group: Group) -> list[dict]:
    """Members who owe the arisan (contributions recorded as owed, not yet settled), largest first."""
    rows = (
        Leg.objects.filter(
            entry__book__group=group, account__code=chart.ARISAN_RECEIVABLE, person__isnull=False
        )
        .values("person_id", "person__full_name")
        .annotate(d=Sum("debit"), c=Sum("credit"))
    )
    out = [
        {
            "person_id": r["person_id"],
            "person_name": r["person__full_name"],
            "owed": (r["d"] or 0) - (r["c"] or 0),
        }
        for r in rows
    ]
    out = [r for r in out if r["owed"] > 0]
    won = set(
        Round.objects.filter(cycle__group=group, winner_slot__isnull=False).values_list(
            "winner_slot__holders__person_id", flat=True
        )
    )
    for r in out:
        r["has_won"] = r["person_id"] in won
    return sorted(out, key=lambda r: (-r["owed"], r["person_name"]))


def verify_cycle(cycle: Cycle, *, seed: str | None = None) -> dict:
    """Re-run every draw of a lot cycle from the revealed seed (or a seed given to test it).

    Returns {"revealed", "seed", "commitment", "seed_ok", "rows", "all_ok"}; before the seed is revealed
    (and none is given) only the commitment is known and no round can be checked yet.
    """
    use = seed if seed is not None else cycle.revealed_seed
    slots = {s.pk: s.number for s in Slot.objects.filter(cycle=cycle)}
    rounds = [
        {
            "number": r.number,
            "candidates": list(r.candidates or []),
            "witness": r.witness,
            "winner": slots.get(r.winner_slot_id),
            "decided_at": r.decided_at,
        }
        for r in cycle.rounds.filter(winner_slot__isnull=False).order_by("number")
    ]
    result = {"revealed": bool(cycle.revealed_at), "seed": use, "commitment": cycle.commitment, "rows": []}
    if not use:
        result.update(
            seed_ok=None,
            all_ok=None,
            rows=[{**r, "recomputed": None, "ok": None, "steps": []} for r in rounds],
        )
        return result
    result.update(
        drawing.verify_rounds(
            seed=use, commitment_hex=cycle.commitment, slots=sorted(slots.values()), rounds=rounds
        )
    )
    return result
