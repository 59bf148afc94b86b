"""Every write of the arisan: start a cycle, collect contributions, draw or award a round, pay the pot,
record what is owed, settle it, reveal the seed.

Money goes through ``books.services.post_entry`` only:
- a contribution: debit CASH / credit ARISAN_POT;
- a contribution recorded as owed: debit ARISAN_RECEIVABLE (member) / credit ARISAN_POT;
- a settlement of what is owed: debit CASH / credit ARISAN_RECEIVABLE (member);
- the pot to the winner: debit ARISAN_POT / credit CASH (or the winner's VOLUNTARY savings), minus any
  arisan receivable of the winner, which is netted (credit ARISAN_RECEIVABLE) instead of paid out.

Every service locks the group's book first (``lock_book``) and runs in ``transaction.atomic()``, so it
works inside the meeting sheet's outer transaction and two phones cannot pay one round twice.
"""

from __future__ import annotations

import calendar
import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Mapping, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from berdaya.audit.log import record, snapshot
from berdaya.books import chart
from berdaya.books.models import JournalEntry
from berdaya.books.queries import member_balances
from berdaya.books.services import Line, check_rupiah, lock_book, post_entry
from berdaya.books.shares import split_by_weights
from berdaya.core.errors import ServiceError
from berdaya.core.money import thousands
from berdaya.groups.models import Group, Membership
from berdaya.people.models import Person

from . import drawing
from .models import Contribution, Cycle, Holder, Round, Slot

MAX_SLOTS = 200


# --- helpers ----------------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def due_date(cycle_start: dt.date, cadence: str, number: int) -> dt.date:
    if cadence == Cycle.Cadence.WEEKLY:
        return cycle_start + dt.timedelta(weeks=number - 1)
    return add_months(cycle_start, number - 1)


def split_weights(total: int, weights: Sequence[int]) -> list[int]:
    """Largest-remainder split of ``total`` by ``weights``; the parts add up to ``total`` exactly."""
    return list(split_by_weights(total, list(weights)))


def holder_parts(cycle: Cycle, holders: Sequence[Holder], total: int | None = None) -> dict[int, int]:
    """{person_id: part} of ``total`` (default: the contribution) for one slot's holders.

    Holders are taken in person-id order so the same slot always splits the same way.
    """
    ordered = sorted(holders, key=lambda h: h.person_id)
    parts = split_weights(cycle.contribution if total is None else total, [h.weight for h in ordered])
    return {h.person_id: part for h, part in zip(ordered, parts, strict=True)}


def _positive_amount(amount, what: str) -> int:
    check_rupiah(amount, what)
    if amount <= 0:
        raise ServiceError(
            _("The amount must be more than zero."), field_errors={"amount": _("More than zero.")}
        )
    return amount


def _refuse_finished(cycle: Cycle) -> None:
    if cycle.status == Cycle.Status.FINISHED:
        raise ServiceError(
            _("The arisan cycle %(name)s is finished: every slot has won and every pot is paid.")
            % {"name": cycle.name},
            code="finished",
        )


def _lock_round(round: Round) -> tuple[Round, Cycle]:
    """Lock the book, then re-read the round and its cycle (another request may have changed them)."""
    lock_book(round.cycle.group)
    fresh = Round.objects.select_related("cycle", "cycle__group", "winner_slot").get(pk=round.pk)
    return fresh, fresh.cycle


def _existing_entry(group: Group, key: str | None) -> JournalEntry | None:
    if not key:
        return None
    return JournalEntry.objects.filter(book__group=group, idempotency_key=key).first()


def slot_labels(slots_holders: Mapping[int, Sequence[Holder]]) -> dict[int, str]:
    """{slot id: "3 · Siti + Ani"} for showing slots on the grid and the collection sheet."""
    out = {}
    for slot_id, holders in slots_holders.items():
        names = " + ".join(h.person.full_name for h in sorted(holders, key=lambda h: h.person_id))
        number = holders[0].slot.number if holders else ""
        out[slot_id] = f"{number} · {names}"
    return out


def cycle_snapshot(cycle: Cycle) -> dict:
    """The audit snapshot of a cycle without its seed until revealed (the audit log is readable)."""
    data = snapshot(cycle)
    if not cycle.revealed_at:
        data.pop("seed", None)
    return data


# --- starting a cycle -------------------------------------------------------------------------------


def _normalise_slots(slots) -> list[dict[int, int]]:
    """Accept [[person_id, …] | {person_id: weight} | [(person_id, weight), …], …] → [{person_id: weight}]."""
    out = []
    for i, slot in enumerate(slots, start=1):
        if isinstance(slot, Mapping):
            items = list(slot.items())
        else:
            items = [(x, 1) if not isinstance(x, (tuple, list)) else tuple(x) for x in slot]
        holders: dict[int, int] = {}
        for person, weight in items:
            pid = getattr(person, "pk", person)
            if isinstance(weight, bool) or not isinstance(weight, int) or weight <= 0 or weight > 1000:
                raise ServiceError(
                    _("Slot %(n)s: each share weight must be a whole number from 1 to 1000.") % {"n": i},
                    field_errors={"slots": _("Invalid share weight.")},
                    code="slots",
                )
            if pid in holders:
                raise ServiceError(
                    _("Slot %(n)s names the same member twice.") % {"n": i},
                    field_errors={"slots": _("A member appears twice in one slot.")},
                    code="slots",
                )
            holders[pid] = weight
        if not holders:
            raise ServiceError(
                _("Slot %(n)s has nobody holding it.") % {"n": i},
                field_errors={"slots": _("Every slot needs at least one member.")},
                code="slots",
            )
        out.append(holders)
    return out


def start_cycle(
    *,
    group: Group,
    name: str,
    start_on: dt.date,
    slots: Sequence,
    acting_user,
    contribution: int | None = None,
    cadence: str = Cycle.Cadence.MONTHLY,
    method: str = Cycle.Method.LOT,
) -> Cycle:
    """Start an arisan cycle: its slots, one round per slot, and (for a draw) the seed commitment.

    ``slots`` lists who holds each slot: ``[[a], [b], [b], [c, d]]`` — b holds two slots (pays and wins
    twice), c and d share one (its contribution and pot split by weight, ``{c: 2, d: 1}``, default
    equal). With ``method="order"`` the list is the agreed order: slot 1 wins round 1, and so on.
    ``contribution`` (per slot per round) defaults to the bylaws' arisan amount.

    For a draw by lot a secret seed is generated now and only its sha256 commitment is shown; the seed
    is revealed at the end so anyone can re-run every draw (see ``drawing``).
    """
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Give the cycle a name."), field_errors={"name": _("Required.")})
    if cadence not in Cycle.Cadence.values:
        raise ServiceError(_("Unknown cadence."), field_errors={"cadence": _("Unknown.")})
    if method not in Cycle.Method.values:
        raise ServiceError(_("Unknown draw method."), field_errors={"method": _("Unknown.")})
    if contribution is None:
        contribution = getattr(getattr(group, "bylaws", None), "arisan_amount", 0) or 0
        if not contribution:
            raise ServiceError(
                _("The bylaws set no arisan contribution; enter the contribution per round."),
                field_errors={"contribution": _("Required.")},
                code="contribution",
            )
    check_rupiah(contribution, _("The contribution"))
    if contribution <= 0:
        raise ServiceError(
            _("The contribution must be more than zero."),
            field_errors={"contribution": _("More than zero.")},
            code="contribution",
        )
    normalised = _normalise_slots(slots)
    if len(normalised) < 2:
        raise ServiceError(
            _("An arisan needs at least two slots."),
            field_errors={"slots": _("At least two slots.")},
            code="slots",
        )
    if len(normalised) > MAX_SLOTS:
        raise ServiceError(
            _("An arisan can have at most %(max)s slots.") % {"max": MAX_SLOTS},
            field_errors={"slots": _("Too many slots.")},
            code="slots",
        )
    for i, holders in enumerate(normalised, start=1):
        if contribution < sum(holders.values()) and len(holders) > 1:
            raise ServiceError(
                _("Slot %(n)s is shared too finely: the contribution cannot give every sharer a part.")
                % {"n": i},
                field_errors={"slots": _("Too many sharers for the contribution.")},
                code="slots",
            )
    person_ids = {pid for holders in normalised for pid in holders}
    with transaction.atomic():
        lock_book(group)
        members = set(
            Membership.objects.filter(
                group=group, person_id__in=person_ids, left_on__isnull=True, joined_on__lte=start_on
            ).values_list("person_id", flat=True)
        )
        outsiders = person_ids - members
        if outsiders:
            names = ", ".join(
                Person.objects.filter(pk__in=outsiders)
                .order_by("full_name")
                .values_list("full_name", flat=True)
            ) or ", ".join(str(x) for x in sorted(outsiders, key=str))
            raise ServiceError(
                _("Only members of %(group)s on %(date)s can hold a slot: %(names)s.")
                % {"group": group.name, "date": start_on.isoformat(), "names": names},
                field_errors={"slots": _("Not a member of this group.")},
                code="member",
            )
        seed = commitment = ""
        if method == Cycle.Method.LOT:
            seed = secrets.token_hex(32)
            commitment = drawing.commitment(seed)
        cycle = Cycle.objects.create(
            group=group,
            name=name[:120],
            contribution=contribution,
            start_on=start_on,
            cadence=cadence,
            method=method,
            seed=seed,
            commitment=commitment,
            created_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        made = Slot.objects.bulk_create(
            Slot(cycle=cycle, number=i, turn=i if method == Cycle.Method.ORDER else None)
            for i in range(1, len(normalised) + 1)
        )
        Holder.objects.bulk_create(
            Holder(slot=slot, person_id=pid, weight=weight)
            for slot, holders in zip(made, normalised, strict=True)
            for pid, weight in holders.items()
        )
        Round.objects.bulk_create(
            Round(cycle=cycle, number=i, due_on=due_date(start_on, cadence, i))
            for i in range(1, len(normalised) + 1)
        )
        record(
            actor=acting_user,
            action="create",
            obj=cycle,
            after=cycle_snapshot(cycle),
            note=_("arisan cycle started"),
        )
    return cycle


# --- contributions ----------------------------------------------------------------------------------


def _dues(round: Round, person_id: int) -> list[tuple[Slot, int]]:
    """[(slot, part)] this person owes in this round, one per slot they hold (in slot order)."""
    cycle = round.cycle
    my_slots = Slot.objects.filter(cycle=cycle, holders__person_id=person_id).order_by("number")
    holders = defaultdict(list)
    for h in Holder.objects.filter(slot__in=my_slots).select_related("slot"):
        holders[h.slot_id].append(h)
    return [(slot, holder_parts(cycle, holders[slot.pk])[person_id]) for slot in my_slots]


def _outstanding(round: Round, person: Person) -> list[tuple[Slot, int]]:
    done = set(Contribution.objects.filter(round=round, person=person).values_list("slot_id", flat=True))
    return [(slot, part) for slot, part in _dues(round, person.pk) if slot.pk not in done]


def _not_a_holder(cycle: Cycle, person: Person) -> ServiceError:
    return ServiceError(
        _("%(person)s holds no slot in the arisan %(name)s.")
        % {"person": person.full_name, "name": cycle.name},
        field_errors={"person": _("Holds no slot in this cycle.")},
        code="member",
    )


def _post_round_part(
    *,
    round: Round,
    cycle: Cycle,
    person: Person,
    todo: list[tuple[Slot, int]],
    status: str,
    on_date: dt.date,
    memo: str,
    debit_line: Line,
    acting_user,
    idempotency_key: str | None,
    meeting=None,
) -> JournalEntry:
    """Post a member's whole part of a round into the pot and mark each slot's share with that entry.

    A contribution paid and one recorded as owed are the same posting but for the account debited
    (cash, or the member's receivable) and the status of the rows; both credit ARISAN_POT for the member.
    """
    owed = sum(part for _slot, part in todo)
    entry = post_entry(
        group=cycle.group,
        on_date=on_date,
        memo=memo,
        lines=[debit_line, Line(chart.ARISAN_POT, credit=owed, person_id=person.pk)],
        acting_user=acting_user,
        kind=JournalEntry.Kind.ARISAN,
        idempotency_key=idempotency_key,
        meeting=meeting,
    )
    Contribution.objects.bulk_create(
        Contribution(
            round=round,
            slot=slot,
            person=person,
            amount=part,
            status=status,
            on_date=on_date,
            entry=entry,
        )
        for slot, part in todo
    )
    return entry


def contribute(
    *,
    round: Round,
    person: Person,
    amount: int,
    on_date: dt.date,
    acting_user,
    idempotency_key: str | None = None,
    meeting=None,
) -> JournalEntry:
    """A member pays their arisan contribution for a round: debit CASH / credit ARISAN_POT.

    ``amount`` must be exactly what the member still owes in the round: their part of every slot they
    hold (two slots pay twice; a shared slot pays its share). A retry with the same idempotency key
    returns the first entry and posts nothing.
    """
    _positive_amount(amount, _("The amount"))
    with transaction.atomic():
        round, cycle = _lock_round(round)
        existing = _existing_entry(cycle.group, idempotency_key)
        if existing is not None:
            return existing
        _refuse_finished(cycle)
        if round.is_paid:
            raise ServiceError(
                _("The pot of round %(n)s has already been paid; its contributions are closed.")
                % {"n": round.number},
                code="round_paid",
            )
        dues = _dues(round, person.pk)
        if not dues:
            raise _not_a_holder(cycle, person)
        todo = _outstanding(round, person)
        owed = sum(part for _slot, part in todo)
        if not todo:
            raise ServiceError(
                _("%(person)s has already paid (or been recorded as owing) round %(n)s.")
                % {"person": person.full_name, "n": round.number},
                field_errors={"amount": _("Nothing left to pay in this round.")},
                code="already_paid",
            )
        if amount != owed:
            raise ServiceError(
                _(
                    "%(person)s owes Rp%(owed)s for round %(n)s (%(slots)s slot(s)); Rp%(amount)s is not that amount."
                )
                % {
                    "person": person.full_name,
                    "owed": thousands(owed),
                    "n": round.number,
                    "slots": len(todo),
                    "amount": thousands(amount),
                },
                field_errors={"amount": _("Must be Rp%(owed)s.") % {"owed": thousands(owed)}},
                code="wrong_amount",
            )
        return _post_round_part(
            round=round,
            cycle=cycle,
            person=person,
            todo=todo,
            status=Contribution.Status.PAID,
            on_date=on_date,
            memo=_("Arisan %(name)s round %(n)s: contribution of %(person)s")
            % {"name": cycle.name, "n": round.number, "person": person.full_name},
            debit_line=Line(chart.CASH, debit=amount),
            acting_user=acting_user,
            idempotency_key=idempotency_key,
            meeting=meeting,
        )


def record_missed(
    *,
    round: Round,
    person: Person,
    on_date: dt.date,
    acting_user,
    idempotency_key: str | None = None,
) -> JournalEntry:
    """Record that a member did not pay this round: the pot is still full, the member owes the group.

    Debit ARISAN_RECEIVABLE (member) / credit ARISAN_POT. A member who already won settles it later
    (``settle_receivable``); a member who has not won yet has it netted from their pot when they win.
    """
    with transaction.atomic():
        round, cycle = _lock_round(round)
        existing = _existing_entry(cycle.group, idempotency_key)
        if existing is not None:
            return existing
        _refuse_finished(cycle)
        if round.is_paid:
            raise ServiceError(
                _("The pot of round %(n)s has already been paid.") % {"n": round.number}, code="round_paid"
            )
        if not _dues(round, person.pk):
            raise _not_a_holder(cycle, person)
        todo = _outstanding(round, person)
        if not todo:
            raise ServiceError(
                _("%(person)s has nothing left to pay in round %(n)s.")
                % {"person": person.full_name, "n": round.number},
                code="already_paid",
            )
        owed = sum(part for _slot, part in todo)
        return _post_round_part(
            round=round,
            cycle=cycle,
            person=person,
            todo=todo,
            status=Contribution.Status.OWED,
            on_date=on_date,
            memo=_("Arisan %(name)s round %(n)s: contribution owed by %(person)s")
            % {"name": cycle.name, "n": round.number, "person": person.full_name},
            debit_line=Line(chart.ARISAN_RECEIVABLE, debit=owed, person_id=person.pk),
            acting_user=acting_user,
            idempotency_key=idempotency_key,
        )


def receivable_of(group: Group, person_ids: Sequence[int]) -> dict[int, int]:
    """{person_id: arisan receivable still owed} from the ledger (one grouped query)."""
    from berdaya.books.services import open_book

    book = open_book(group=group)
    rows = member_balances(book, [chart.ARISAN_RECEIVABLE], person_ids=list(person_ids))
    return {pid: rows.get(pid, {}).get(chart.ARISAN_RECEIVABLE, 0) for pid in person_ids}


def settle_receivable(
    *,
    group: Group,
    person: Person,
    amount: int,
    on_date: dt.date,
    acting_user,
    idempotency_key: str | None = None,
    meeting=None,
) -> JournalEntry:
    """A member pays back arisan contributions recorded as owed: debit CASH / credit ARISAN_RECEIVABLE."""
    _positive_amount(amount, _("The amount"))
    with transaction.atomic():
        lock_book(group)
        existing = _existing_entry(group, idempotency_key)
        if existing is not None:
            return existing
        owed = receivable_of(group, [person.pk])[person.pk]
        if owed <= 0:
            raise ServiceError(
                _("%(person)s owes nothing to the arisan.") % {"person": person.full_name},
                field_errors={"amount": _("Nothing is owed.")},
                code="nothing_owed",
            )
        if amount > owed:
            raise ServiceError(
                _("%(person)s owes Rp%(owed)s to the arisan; Rp%(amount)s is more than that.")
                % {"person": person.full_name, "owed": thousands(owed), "amount": thousands(amount)},
                field_errors={"amount": _("More than is owed.")},
                code="too_much",
            )
        return post_entry(
            group=group,
            on_date=on_date,
            memo=_("Arisan: %(person)s pays back contributions owed") % {"person": person.full_name},
            lines=[
                Line(chart.CASH, debit=amount),
                Line(chart.ARISAN_RECEIVABLE, credit=amount, person_id=person.pk),
            ],
            acting_user=acting_user,
            kind=JournalEntry.Kind.ARISAN,
            idempotency_key=idempotency_key,
            meeting=meeting,
        )


# --- deciding the winner ----------------------------------------------------------------------------


def _check_next_round(round: Round, cycle: Cycle) -> None:
    _refuse_finished(cycle)
    if round.winner_slot_id is not None:
        raise ServiceError(
            _("Round %(n)s already has its winner: slot %(slot)s.")
            % {"n": round.number, "slot": round.winner_slot.number},
            code="already_drawn",
        )
    earlier = Round.objects.filter(cycle=cycle, number__lt=round.number, winner_slot__isnull=True)
    first = earlier.order_by("number").first()
    if first is not None:
        raise ServiceError(
            _("Round %(first)s has no winner yet; rounds are decided in order.") % {"first": first.number},
            code="out_of_order",
        )


def _set_winner(round: Round, slot: Slot, acting_user, *, candidates=(), witness: str = "") -> Round:
    before = snapshot(round)
    round.winner_slot = slot
    round.candidates = list(candidates)
    round.witness = witness
    round.decided_at = timezone.now()
    try:
        with transaction.atomic():
            round.save(update_fields=["winner_slot", "candidates", "witness", "decided_at"])
    except IntegrityError:  # the database's own guard: a slot wins once per cycle
        raise ServiceError(_("That slot has already won in this cycle."), code="already_won") from None
    record(actor=acting_user, action="update", obj=round, before=before, note=_("arisan winner decided"))
    return round


def draw_round(*, round: Round, acting_user, witness: str = "") -> Round:
    """Draw the winner of the next round by lot (kocok), verifiably.

    The draw takes the cycle's secret seed, the round number and the sorted slots that have not won yet
    (and the optional witness number called out at the meeting) and picks one deterministically; the
    seed's sha256 was published when the cycle started, so once the seed is revealed anyone can re-run it.
    """
    witness = (witness or "").strip()
    if len(witness) > 40:
        raise ServiceError(
            _("The witness number is at most 40 characters."), field_errors={"witness": _("Too long.")}
        )
    with transaction.atomic():
        round, cycle = _lock_round(round)
        if not cycle.is_lot:
            _refuse_finished(cycle)
            raise ServiceError(
                _("This cycle follows an agreed order; award the round instead of drawing it."), code="method"
            )
        _check_next_round(round, cycle)
        won = set(
            Round.objects.filter(cycle=cycle, winner_slot__isnull=False).values_list(
                "winner_slot__number", flat=True
            )
        )
        candidates = sorted(set(cycle.slots.values_list("number", flat=True)) - won)
        number = drawing.winner(
            seed=cycle.seed, round_number=round.number, candidates=candidates, witness=witness
        )
        slot = cycle.slots.get(number=number)
        return _set_winner(round, slot, acting_user, candidates=candidates, witness=witness)


def award_round(*, round: Round, acting_user) -> Round:
    """Give the next round to the slot whose turn it is in the agreed order fixed at the start."""
    with transaction.atomic():
        round, cycle = _lock_round(round)
        if cycle.is_lot:
            _refuse_finished(cycle)
            raise ServiceError(_("This cycle is drawn by lot; draw the round instead."), code="method")
        _check_next_round(round, cycle)
        slot = cycle.slots.get(turn=round.number)
        return _set_winner(round, slot, acting_user)


# --- paying the pot ---------------------------------------------------------------------------------


def round_dues(round: Round) -> dict[tuple[int, int], int]:
    """{(slot_id, person_id): part} every holder owes in the round."""
    cycle = round.cycle
    holders = defaultdict(list)
    for h in Holder.objects.filter(slot__cycle=cycle):
        holders[h.slot_id].append(h)
    return {
        (slot_id, pid): part
        for slot_id, hs in holders.items()
        for pid, part in holder_parts(cycle, hs).items()
    }


def pay_pot(
    *,
    round: Round,
    on_date: dt.date,
    acting_user,
    into_savings: bool = False,
    idempotency_key: str | None = None,
) -> JournalEntry:
    """Pay the round's pot to its winning slot: debit ARISAN_POT / credit CASH (or VOLUNTARY savings).

    Refused until every slot's contribution for the round is paid or recorded as owed
    (``record_missed``). A shared slot's pot is split between its holders by weight (largest
    remainder). A winner who owes the arisan (missed contributions) gets the pot minus what they owe;
    the difference clears their receivable — they are never paid money they still owe the pot.
    The last pot finishes the cycle and reveals the seed.
    """
    with transaction.atomic():
        round, cycle = _lock_round(round)
        existing = _existing_entry(cycle.group, idempotency_key)
        if existing is not None:
            return existing
        if round.is_paid:
            raise ServiceError(
                _("The pot of round %(n)s was already paid on %(date)s.")
                % {"n": round.number, "date": round.paid_on.isoformat()},
                code="already_paid",
            )
        _refuse_finished(cycle)
        if round.winner_slot_id is None:
            raise ServiceError(
                _("Round %(n)s has no winner yet; draw or award it first.") % {"n": round.number},
                code="no_winner",
            )
        dues = round_dues(round)
        done = {
            (s, p): a
            for s, p, a in Contribution.objects.filter(round=round).values_list(
                "slot_id", "person_id", "amount"
            )
        }
        missing = [key for key in dues if key not in done]
        if missing:
            names = ", ".join(
                sorted(
                    set(
                        Person.objects.filter(pk__in={p for _s, p in missing}).values_list(
                            "full_name", flat=True
                        )
                    )
                )
            )
            raise ServiceError(
                _(
                    "Round %(n)s is not complete: %(names)s have not paid. Collect their contributions or "
                    "record them as owed before paying the pot."
                )
                % {"n": round.number, "names": names},
                code="incomplete",
            )
        pot = sum(done.values())
        winners = list(Holder.objects.filter(slot_id=round.winner_slot_id).select_related("person"))
        shares = holder_parts(cycle, winners, total=pot)
        owed = receivable_of(cycle.group, list(shares))
        lines = [Line(chart.ARISAN_POT, debit=pot)] if pot else []
        netted_total = 0
        for h in sorted(winners, key=lambda h: h.person_id):
            share = shares[h.person_id]
            netted = min(share, max(owed.get(h.person_id, 0), 0))
            netted_total += netted
            if netted:
                lines.append(Line(chart.ARISAN_RECEIVABLE, credit=netted, person_id=h.person_id))
            if share - netted:
                if into_savings:
                    lines.append(Line(chart.VOLUNTARY, credit=share - netted, person_id=h.person_id))
                else:
                    lines.append(Line(chart.CASH, credit=share - netted, person_id=h.person_id))
        names = " + ".join(h.person.full_name for h in sorted(winners, key=lambda h: h.person_id))
        memo = _("Arisan %(name)s round %(n)s: pot to slot %(slot)s (%(names)s)") % {
            "name": cycle.name,
            "n": round.number,
            "slot": round.winner_slot.number,
            "names": names,
        }
        if netted_total:
            memo += " " + _("less Rp%(owed)s owed") % {"owed": thousands(netted_total)}
        entry = post_entry(
            group=cycle.group,
            on_date=on_date,
            memo=memo,
            lines=lines,
            acting_user=acting_user,
            kind=JournalEntry.Kind.ARISAN,
            idempotency_key=idempotency_key,
        )
        round.pot = pot
        round.paid_on = on_date
        round.into_savings = into_savings
        round.pot_entry = entry
        round.save(update_fields=["pot", "paid_on", "into_savings", "pot_entry"])
        if not Round.objects.filter(cycle=cycle, pot_entry__isnull=True).exists():
            before = cycle_snapshot(cycle)
            cycle.status = Cycle.Status.FINISHED
            fields = ["status"]
            if cycle.is_lot and not cycle.revealed_at:
                cycle.revealed_at = timezone.now()
                fields.append("revealed_at")
            cycle.save(update_fields=fields)
            record(
                actor=acting_user,
                action="update",
                obj=cycle,
                before=before,
                after=cycle_snapshot(cycle),
                note=_("arisan cycle finished; seed revealed")
                if cycle.is_lot
                else _("arisan cycle finished"),
            )
        return entry


def reveal_seed(*, cycle: Cycle, acting_user) -> Cycle:
    """Reveal the draw seed so anyone can re-run every draw against the published commitment.

    Allowed once every round has its winner: revealing earlier would let anyone predict the rest.
    The seed is also revealed automatically when the last pot is paid.
    """
    with transaction.atomic():
        lock_book(cycle.group)
        cycle = Cycle.objects.get(pk=cycle.pk)
        if not cycle.is_lot:
            raise ServiceError(_("This cycle follows an agreed order; there is no seed."), code="method")
        if cycle.revealed_at:
            raise ServiceError(_("The seed has already been revealed."), code="already_revealed")
        if cycle.rounds.filter(winner_slot__isnull=True).exists():
            raise ServiceError(
                _(
                    "The seed can be revealed once every round has been drawn; revealing it earlier would let "
                    "anyone predict the remaining draws."
                ),
                code="too_early",
            )
        before = cycle_snapshot(cycle)
        cycle.revealed_at = timezone.now()
        cycle.save(update_fields=["revealed_at"])
        record(
            actor=acting_user,
            action="update",
            obj=cycle,
            before=before,
            after=cycle_snapshot(cycle),
            note=_("arisan seed revealed"),
        )
    return cycle


def open_round_for(group: Group, on_date: dt.date) -> list[dict]:
    """For each running cycle of the group: its current round and what each member owes in it.

    The meeting collection sheet calls this; see ``queries.open_round_for`` for the rows. The book is
    locked so that what is read stays true until the sheet posts in the same transaction.
    """
    from .queries import open_round_for as rows_for

    with transaction.atomic():
        lock_book(group)
        return rows_for(group, on_date)
