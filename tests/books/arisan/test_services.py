"""Arisan services as worked examples: a full cycle, the verifiable draw, receivables, bad input."""

import datetime as dt

import pytest
from django.utils import translation

from berdaya.books import chart
from berdaya.books.arisan import queries, services
from berdaya.books.arisan.models import Contribution, Cycle, Round
from berdaya.books.models import JournalEntry
from berdaya.books.queries import balance
from berdaya.books.services import open_book
from berdaya.core.errors import ServiceError

from .conftest import START, pay_everyone


def _bal(group, code, person=None):
    return balance(open_book(group=group), code, person_id=getattr(person, "pk", None))


def _run_round(rnd, people, user, *, witness=""):
    pay_everyone(rnd, people, user)
    rnd = services.draw_round(round=rnd, acting_user=user, witness=witness)
    services.pay_pot(round=rnd, on_date=rnd.due_on, acting_user=user)
    rnd.refresh_from_db()
    return rnd


def test_start_cycle_defaults_from_bylaws_and_commits_to_a_seed(world, cycle, rounds):
    assert cycle.contribution == 20_000  # bylaws.arisan_amount
    assert cycle.slots.count() == 4 and len(rounds) == 4
    assert [r.due_on for r in rounds] == [
        START,
        dt.date(2025, 2, 10),
        dt.date(2025, 3, 10),
        dt.date(2025, 4, 10),
    ]
    assert len(cycle.seed) == 64 and len(cycle.commitment) == 64
    assert cycle.revealed_seed == ""  # never shown before the reveal
    from berdaya.audit.models import AuditEntry

    logged = AuditEntry.objects.get(object_type="arisan.cycle", object_id=str(cycle.pk), action="create")
    assert cycle.seed not in str(logged.changes)


def test_full_cycle_worked_example(world, cycle, rounds, people, treasurer):
    a1, a2, a3, a4 = people[:4]
    group = world.group_a
    # Round 1: A1 pays 20.000, A2 pays 40.000 for two slots, A3 and A4 10.000 each.
    sheet = {row["person"].pk: row for row in queries.round_sheet(rounds[0])}
    assert {pid: row["due"] for pid, row in sheet.items()} == {
        a1.pk: 20_000,
        a2.pk: 40_000,
        a3.pk: 10_000,
        a4.pk: 10_000,
    }
    cash_before = _bal(group, chart.CASH)
    winners = []
    for rnd in rounds:
        rnd = _run_round(rnd, people, treasurer, witness="17" if rnd.number == 2 else "")
        assert rnd.pot == 80_000
        winners.append(rnd.winner_slot.number)
        assert _bal(group, chart.ARISAN_POT) == 0  # each pot paid in full
    assert sorted(winners) == [1, 2, 3, 4]  # every slot won exactly once
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.FINISHED and cycle.revealed_at is not None
    assert _bal(group, chart.ARISAN_POT) == 0
    assert _bal(group, chart.CASH) == cash_before  # everything collected was paid out
    # A2 paid 4 × 40.000 and won twice 80.000; A3 and A4 paid 4 × 10.000 and got 40.000 each.
    pot_legs = JournalEntry.objects.filter(book__group=group, kind="arisan", memo__contains="pot to slot")
    assert pot_legs.count() == 4
    result = queries.verify_cycle(cycle)
    assert result["seed_ok"] and result["all_ok"]
    assert all(row["ok"] for row in result["rows"]) and len(result["rows"]) == 4
    assert result["rows"][1]["witness"] == "17"
    assert any("witness" in step for step in result["rows"][1]["steps"])
    assert any("matches the published commitment" in step for step in result["rows"][0]["steps"])
    # The steps are in the reader's language, like every other sentence the system writes.
    with translation.override("id"):
        steps = queries.verify_cycle(cycle)["rows"][0]["steps"]
    assert any("cocok dengan komitmen yang diumumkan" in step for step in steps)
    assert any("pemenangnya" in step for step in steps)
    # Nothing can be drawn, paid or collected in a finished cycle.
    with pytest.raises(ServiceError) as e:
        services.draw_round(round=rounds[3], acting_user=treasurer)
    assert e.value.code == "finished"
    with pytest.raises(ServiceError):
        services.contribute(round=rounds[3], person=a1, amount=20_000, on_date=START, acting_user=treasurer)


def test_tampered_seed_or_winner_fails_verification(world, cycle, rounds, people, treasurer):
    for rnd in rounds:
        _run_round(rnd, people, treasurer)
    cycle.refresh_from_db()
    assert queries.verify_cycle(cycle)["all_ok"]
    forged = queries.verify_cycle(cycle, seed="0" * 64)
    assert forged["seed_ok"] is False and forged["all_ok"] is False
    # Someone edits the record to swap the winners of rounds 1 and 2.
    r1, r2 = Round.objects.filter(cycle=cycle, number__in=[1, 2]).order_by("number")
    w1, w2 = r1.winner_slot_id, r2.winner_slot_id
    Round.objects.filter(pk=r1.pk).update(winner_slot=None)
    Round.objects.filter(pk=r2.pk).update(winner_slot=w1)
    Round.objects.filter(pk=r1.pk).update(winner_slot=w2)
    result = queries.verify_cycle(cycle)
    assert result["seed_ok"] is True and result["all_ok"] is False
    assert result["rows"][0]["ok"] is False


def test_agreed_order(world, bylaws, treasurer, people):
    a1, a2, a3 = people[:3]
    cycle = services.start_cycle(
        group=world.group_a,
        name="Urut",
        start_on=START,
        slots=[[a3.pk], [a1.pk], [a2.pk]],
        method="order",
        cadence="weekly",
        contribution=10_000,
        acting_user=treasurer,
    )
    assert cycle.commitment == ""
    order = []
    for rnd in cycle.rounds.order_by("number"):
        pay_everyone(rnd, people, treasurer)
        with pytest.raises(ServiceError):
            services.draw_round(round=rnd, acting_user=treasurer)
        rnd = services.award_round(round=rnd, acting_user=treasurer)
        order.append(rnd.winner_slot.holders.get().person_id)
        services.pay_pot(round=rnd, on_date=rnd.due_on, acting_user=treasurer, into_savings=True)
    assert order == [a3.pk, a1.pk, a2.pk]
    # Paid into savings: each has 30.000 voluntary savings and cash holds the 90.000 collected.
    assert _bal(world.group_a, chart.VOLUNTARY, a1) == 30_000
    assert _bal(world.group_a, chart.CASH) == 90_000


def test_winner_who_stops_paying_leaves_a_receivable_that_settlement_clears(world, bylaws, people, treasurer):
    group = world.group_a
    # Agreed order, one slot each: the round-1 winner is known, and round 2 goes to someone else.
    cycle = services.start_cycle(
        group=group,
        name="Tiga",
        start_on=START,
        slots=[[p.pk] for p in people[:3]],
        method="order",
        acting_user=treasurer,
    )
    r1, r2, _r3 = cycle.rounds.order_by("number")
    pay_everyone(r1, people, treasurer)
    services.award_round(round=r1, acting_user=treasurer)
    services.pay_pot(round=r1, on_date=r1.due_on, acting_user=treasurer)
    r1.refresh_from_db()
    winner = r1.winner_slot.holders.order_by("person_id").first().person
    # Round 2: the winner of round 1 does not pay; the treasurer records it as owed.
    for row in queries.round_sheet(r2):
        if row["person"].pk != winner.pk:
            services.contribute(
                round=r2,
                person=row["person"],
                amount=row["outstanding"],
                on_date=r2.due_on,
                acting_user=treasurer,
            )
    r2 = services.award_round(round=r2, acting_user=treasurer)
    with pytest.raises(ServiceError) as e:
        services.pay_pot(round=r2, on_date=r2.due_on, acting_user=treasurer)
    assert e.value.code == "incomplete"
    services.record_missed(round=r2, person=winner, on_date=r2.due_on, acting_user=treasurer)
    owed = services.receivable_of(group, [winner.pk])[winner.pk]
    assert owed > 0
    assert not r2.winner_slot.holders.filter(person=winner).exists()
    services.pay_pot(round=r2, on_date=r2.due_on, acting_user=treasurer)
    assert _bal(group, chart.ARISAN_POT) == 0
    assert [r["person_id"] for r in queries.receivables(group)] == [winner.pk]
    with pytest.raises(ServiceError):
        services.settle_receivable(
            group=group, person=winner, amount=owed + 1, on_date=r2.due_on, acting_user=treasurer
        )
    services.settle_receivable(
        group=group, person=winner, amount=owed, on_date=r2.due_on, acting_user=treasurer
    )
    assert services.receivable_of(group, [winner.pk])[winner.pk] == 0
    assert queries.receivables(group) == []


def test_member_who_has_not_won_has_the_missed_contribution_netted_from_the_pot(
    world, bylaws, treasurer, people
):
    a1, a2 = people[:2]
    group = world.group_a
    cycle = services.start_cycle(
        group=group,
        name="Dua",
        start_on=START,
        slots=[[a1.pk], [a2.pk]],
        method="order",
        acting_user=treasurer,
    )
    r1, r2 = cycle.rounds.order_by("number")
    services.contribute(round=r1, person=a1, amount=20_000, on_date=START, acting_user=treasurer)
    services.record_missed(round=r1, person=a2, on_date=START, acting_user=treasurer)  # a2 wins round 2
    services.award_round(round=r1, acting_user=treasurer)
    services.pay_pot(round=r1, on_date=START, acting_user=treasurer)  # a1 gets 40.000 (20.000 cash short)
    pay_everyone(r2, people, treasurer)
    services.award_round(round=r2, acting_user=treasurer)
    entry = services.pay_pot(round=r2, on_date=r2.due_on, acting_user=treasurer)
    legs = {(leg.account.code, leg.debit, leg.credit) for leg in entry.legs.select_related("account")}
    assert legs == {
        (chart.ARISAN_POT, 40_000, 0),
        (chart.ARISAN_RECEIVABLE, 0, 20_000),
        (chart.CASH, 0, 20_000),
    }
    assert services.receivable_of(group, [a2.pk])[a2.pk] == 0
    assert _bal(group, chart.CASH) == 0 and _bal(group, chart.ARISAN_POT) == 0


def test_shared_slot_splits_an_odd_contribution_exactly(world, bylaws, treasurer, people):
    a1, a2, a3 = people[:3]
    cycle = services.start_cycle(
        group=world.group_a,
        name="Ganjil",
        start_on=START,
        contribution=10_001,
        slots=[[a1.pk], {a2.pk: 2, a3.pk: 1}],
        acting_user=treasurer,
    )
    r1 = cycle.rounds.get(number=1)
    sheet = {row["person"].pk: row["due"] for row in queries.round_sheet(r1)}
    assert sheet[a2.pk] + sheet[a3.pk] == 10_001 and sheet[a2.pk] > sheet[a3.pk]
    pay_everyone(r1, people, treasurer)
    assert Contribution.objects.filter(round=r1).count() == 3


def test_bad_input_posts_nothing(world, cycle, rounds, people, treasurer):
    a1, a2, _a3, _a4, a5 = people
    group = world.group_a
    entries = JournalEntry.objects.filter(book__group=group).count()
    bad = [
        lambda: services.contribute(
            round=rounds[0], person=a2, amount=20_000, on_date=START, acting_user=treasurer
        ),
        lambda: services.contribute(
            round=rounds[0], person=a5, amount=20_000, on_date=START, acting_user=treasurer
        ),
        lambda: services.contribute(
            round=rounds[0], person=a1, amount=0, on_date=START, acting_user=treasurer
        ),
        lambda: services.contribute(
            round=rounds[0], person=a1, amount=20_000, on_date=dt.date(2027, 1, 1), acting_user=treasurer
        ),
        lambda: services.pay_pot(round=rounds[0], on_date=START, acting_user=treasurer),
        lambda: services.draw_round(round=rounds[1], acting_user=treasurer),
        lambda: services.settle_receivable(
            group=group, person=a1, amount=1, on_date=START, acting_user=treasurer
        ),
    ]
    for call in bad:
        with pytest.raises(ServiceError):
            call()
    assert JournalEntry.objects.filter(book__group=group).count() == entries
    assert not Contribution.objects.exists()
    with pytest.raises(ServiceError) as e:
        services.contribute(round=rounds[0], person=a2, amount=20_000, on_date=START, acting_user=treasurer)
    assert "40.000" in e.value.message and e.value.code == "wrong_amount"


def test_start_cycle_refuses_bad_slots(world, bylaws, treasurer, people):
    outsider = world.people_b[0]
    a1, a2 = people[:2]
    cases = [
        {"slots": [[a1.pk], [outsider.pk]]},  # not a member of this group
        {"slots": [[a1.pk]]},  # one slot is no arisan
        {"slots": [[a1.pk], [a2.pk, a2.pk]]},  # same member twice in a slot
        {"slots": [[a1.pk], []]},
        {"slots": [[a1.pk], [a2.pk]], "contribution": 0},
        {"slots": [[a1.pk], [a2.pk]], "name": " "},
    ]
    for case in cases:
        kwargs = {"group": world.group_a, "name": "X", "start_on": START, "acting_user": treasurer, **case}
        with pytest.raises(ServiceError):
            services.start_cycle(**kwargs)
    assert not Cycle.objects.exists()


def test_pot_cannot_be_paid_twice_and_idempotent_retries_post_once(world, cycle, rounds, people, treasurer):
    a1 = people[0]
    r1 = rounds[0]
    first = services.contribute(
        round=r1, person=a1, amount=20_000, on_date=START, acting_user=treasurer, idempotency_key="k-1"
    )
    again = services.contribute(
        round=r1, person=a1, amount=20_000, on_date=START, acting_user=treasurer, idempotency_key="k-1"
    )
    assert first.pk == again.pk
    assert Contribution.objects.filter(round=r1, person=a1).count() == 1
    with pytest.raises(ServiceError) as e:  # without the key: already paid
        services.contribute(round=r1, person=a1, amount=20_000, on_date=START, acting_user=treasurer)
    assert e.value.code == "already_paid"
    pay_everyone(r1, people, treasurer)
    services.draw_round(round=r1, acting_user=treasurer)
    paid = services.pay_pot(round=r1, on_date=START, acting_user=treasurer, idempotency_key="pot-1")
    assert (
        services.pay_pot(round=r1, on_date=START, acting_user=treasurer, idempotency_key="pot-1").pk
        == paid.pk
    )
    with pytest.raises(ServiceError) as e:
        services.pay_pot(round=r1, on_date=START, acting_user=treasurer)
    assert e.value.code == "already_paid"
    with pytest.raises(ServiceError) as e:
        services.draw_round(round=r1, acting_user=treasurer)
    assert e.value.code == "already_drawn"


def test_slot_wins_once_is_enforced_by_the_database(world, cycle, rounds, treasurer, people):
    from django.db import IntegrityError, transaction

    r1 = services.draw_round(round=rounds[0], acting_user=treasurer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.filter(pk=rounds[1].pk).update(winner_slot=r1.winner_slot_id)


def test_reveal_only_after_every_draw(world, cycle, rounds, people, treasurer):
    with pytest.raises(ServiceError) as e:
        services.reveal_seed(cycle=cycle, acting_user=treasurer)
    assert e.value.code == "too_early"
    for rnd in rounds:
        services.draw_round(round=rnd, acting_user=treasurer)
    cycle = services.reveal_seed(cycle=cycle, acting_user=treasurer)
    assert cycle.revealed_seed == cycle.seed
    assert queries.verify_cycle(cycle)["all_ok"]


def test_open_round_for_the_collection_sheet(
    world, cycle, rounds, people, treasurer, django_assert_max_num_queries
):
    from django.db import transaction

    a1, a2, a3, a4 = people[:4]
    with transaction.atomic():  # the meeting sheet calls it inside its own transaction
        services.contribute(round=rounds[0], person=a2, amount=40_000, on_date=START, acting_user=treasurer)
        with django_assert_max_num_queries(12):
            rows = services.open_round_for(world.group_a, START)
    by_person = {r["person_id"]: r for r in rows}
    assert set(by_person) == {a1.pk, a2.pk, a3.pk, a4.pk}
    assert by_person[a2.pk]["amount"] == 40_000 and by_person[a2.pk]["already_paid"]
    assert len(by_person[a2.pk]["slot_labels"]) == 2
    assert by_person[a3.pk]["amount"] == 10_000 and not by_person[a3.pk]["already_paid"]
    assert all(r["round_number"] == 1 for r in rows)
