"""An arisan in KUBE Alpha as in seed 002 (a paguyuban's monthly arisan), with the awkward cases:
A1 holds one slot, A2 holds two (pays and wins twice), A3 and A4 share one slot. Rp20.000 a slot a
month, so four slots, four rounds and a pot of Rp80.000.
"""

import datetime as dt

import pytest

START = dt.date(2025, 1, 10)


@pytest.fixture
def people(world):
    return world.people_a


@pytest.fixture
def cycle(world, bylaws, treasurer, people):
    from berdaya.books.arisan.services import start_cycle

    a1, a2, a3, a4 = people[:4]
    return start_cycle(
        group=world.group_a,
        name="Arisan 2025",
        start_on=START,
        slots=[[a1.pk], [a2.pk], [a2.pk], [a3.pk, a4.pk]],
        acting_user=treasurer,
    )


@pytest.fixture
def rounds(cycle):
    return list(cycle.rounds.order_by("number"))


def pay_everyone(rnd, people, user, on_date=None):
    """Every holder pays what they owe in the round."""
    from berdaya.books.arisan.queries import round_sheet
    from berdaya.books.arisan.services import contribute

    for row in round_sheet(rnd):
        if row["outstanding"]:
            contribute(
                round=rnd,
                person=row["person"],
                amount=row["outstanding"],
                on_date=on_date or rnd.due_on,
                acting_user=user,
            )
