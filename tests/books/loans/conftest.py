"""Loans fixtures: KUBE Alpha with seed 002's bylaws (1 % flat a month), cash in the box, a loan maker
(the treasurer) and a checker (the manager)."""

import datetime as dt
from decimal import Decimal

import pytest

from berdaya.books import savings
from berdaya.books.loans import services

OPEN = dt.date(2025, 1, 5)
OUT = dt.date(2025, 1, 10)
FIRST_DUE = dt.date(2025, 2, 10)


@pytest.fixture
def cash(world, bylaws, treasurer):
    """Every member of KUBE Alpha puts savings in, so the group has Rp10.000.000 in cash."""
    amounts = [1_000_000, 2_000_000, 3_000_000, 4_000_000, 0]
    for person, amount in zip(world.people_a, amounts, strict=True):
        if amount:
            savings.deposit(
                group=world.group_a,
                person=person,
                kind="sukarela",
                amount=amount,
                on_date=OPEN,
                acting_user=treasurer,
            )
    return sum(amounts)


@pytest.fixture
def checker(world):
    return world.users["manager"]


@pytest.fixture
def make_loan(world, cash, treasurer, checker):
    """make_loan(person, principal=…, …) → a disbursed loan (applied by the treasurer, approved by the manager)."""

    def make(
        person=None,
        *,
        principal=1_000_000,
        term=10,
        rate=Decimal("1"),
        method="flat",
        frequency="monthly",
        first_due=FIRST_DUE,
        on=OUT,
        disburse=True,
    ):
        loan = services.apply(
            group=world.group_a,
            person=person or world.people_a[1],
            principal=principal,
            term_periods=term,
            rate_percent=rate,
            method=method,
            frequency=frequency,
            first_due_on=first_due,
            on_date=OPEN,
            purpose="clay and glaze",
            acting_user=treasurer,
        )
        if not disburse:
            return loan
        services.approve(loan=loan, acting_user=checker)
        return services.disburse(loan=loan, on_date=on, acting_user=treasurer)

    return make
