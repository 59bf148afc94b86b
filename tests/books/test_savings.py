"""Savings: pokok, wajib, sukarela deposits; sukarela withdrawals only; refund on leaving; passbook."""

import datetime as dt

import pytest

from berdaya.books import chart
from berdaya.books.models import JournalEntry
from berdaya.books.queries import balance
from berdaya.books.savings import deposit, passbook, refund_on_leave, withdraw
from berdaya.books.services import open_book
from berdaya.core.errors import ServiceError
from berdaya.groups.services import end_membership

from .conftest import DAY


def test_deposits_and_a_withdrawal_show_in_the_passbook(world, bylaws, treasurer):
    siti = world.people_a[1]
    deposit(group=world.group_a, person=siti, kind="pokok", amount=10_000, on_date=DAY, acting_user=treasurer)
    deposit(group=world.group_a, person=siti, kind="wajib", amount=5_000, on_date=DAY, acting_user=treasurer)
    deposit(
        group=world.group_a, person=siti, kind="sukarela", amount=20_000, on_date=DAY, acting_user=treasurer
    )
    withdraw(group=world.group_a, person=siti, amount=7_500, on_date=DAY, acting_user=treasurer)
    book = open_book(group=world.group_a)
    assert balance(book, chart.CASH) == 27_500
    assert balance(book, chart.VOLUNTARY, person_id=siti.pk) == 12_500
    pb = passbook(world.group_a, siti)
    assert pb["balances"] == {"pokok": 10_000, "wajib": 5_000, "sukarela": 12_500}
    assert pb["total"] == 27_500
    assert [r["total"] for r in pb["rows"]] == [10_000, 15_000, 35_000, 27_500]


def test_withdrawing_more_than_the_balance_posts_nothing(world, bylaws, treasurer):
    siti = world.people_a[1]
    deposit(
        group=world.group_a, person=siti, kind="sukarela", amount=20_000, on_date=DAY, acting_user=treasurer
    )
    with pytest.raises(ServiceError) as err:
        withdraw(group=world.group_a, person=siti, amount=20_001, on_date=DAY, acting_user=treasurer)
    assert err.value.code == "insufficient"
    assert "20000" in err.value.message or "20.000" in err.value.message
    assert JournalEntry.objects.count() == 1


@pytest.mark.parametrize("kind", ["pokok", "wajib"])
def test_pokok_and_wajib_cannot_be_withdrawn(world, bylaws, treasurer, kind):
    siti = world.people_a[1]
    deposit(group=world.group_a, person=siti, kind=kind, amount=5_000, on_date=DAY, acting_user=treasurer)
    with pytest.raises(ServiceError) as err:
        withdraw(
            group=world.group_a, person=siti, amount=1_000, on_date=DAY, acting_user=treasurer, kind=kind
        )
    assert err.value.code == "not_withdrawable"


def test_pokok_cannot_exceed_the_bylaws(world, bylaws, treasurer):
    siti = world.people_a[1]
    deposit(group=world.group_a, person=siti, kind="pokok", amount=6_000, on_date=DAY, acting_user=treasurer)
    with pytest.raises(ServiceError) as err:
        deposit(
            group=world.group_a, person=siti, kind="pokok", amount=6_000, on_date=DAY, acting_user=treasurer
        )
    assert err.value.code == "pokok_limit"


@pytest.mark.parametrize("amount", [0, -100])
def test_a_deposit_must_be_positive(world, bylaws, treasurer, amount):
    with pytest.raises(ServiceError):
        deposit(
            group=world.group_a,
            person=world.people_a[1],
            kind="wajib",
            amount=amount,
            on_date=DAY,
            acting_user=treasurer,
        )


def test_a_non_member_cannot_save(world, bylaws, treasurer):
    with pytest.raises(ServiceError) as err:
        deposit(
            group=world.group_a,
            person=world.people_b[0],
            kind="wajib",
            amount=5_000,
            on_date=DAY,
            acting_user=treasurer,
        )
    assert err.value.code == "member"


def test_savings_are_returned_in_full_when_a_member_leaves(world, bylaws, treasurer):
    siti = world.people_a[1]
    for kind, amount in [("pokok", 10_000), ("wajib", 15_000), ("sukarela", 3_000)]:
        deposit(
            group=world.group_a, person=siti, kind=kind, amount=amount, on_date=DAY, acting_user=treasurer
        )
    with pytest.raises(ServiceError) as err:
        refund_on_leave(group=world.group_a, person=siti, on_date=DAY, acting_user=treasurer)
    assert err.value.code == "still_member"
    membership = world.group_a.memberships.get(person=siti)
    end_membership(
        membership=membership, left_on=dt.date(2025, 4, 1), leave_reason="pindah", acting_user=treasurer
    )
    entry = refund_on_leave(
        group=world.group_a, person=siti, on_date=dt.date(2025, 4, 1), acting_user=treasurer
    )
    assert sum(leg.credit for leg in entry.legs.all()) == 28_000
    assert passbook(world.group_a, siti)["total"] == 0
    assert (
        refund_on_leave(group=world.group_a, person=siti, on_date=dt.date(2025, 4, 2), acting_user=treasurer)
        is None
    )
