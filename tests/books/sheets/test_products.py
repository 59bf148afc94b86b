"""The sheet with loans and arisan: what is due is suggested, and paying it posts through their services."""

import datetime as dt

import pytest

from berdaya.books import chart
from berdaya.books.arisan.models import Contribution
from berdaya.books.arisan.services import start_cycle
from berdaya.books.loans.models import LoanPayment
from berdaya.books.queries import balance
from berdaya.books.services import open_book
from berdaya.books.sheets.services import LineInput, opening_cash, post_meeting, prefill, sheet_totals
from berdaya.core.errors import ServiceError
from berdaya.groups.services import record_meeting

DAY = dt.date(2025, 2, 10)


@pytest.fixture
def setup(world, make_loan, treasurer):
    loan = make_loan(world.people_a[1])  # Rp1.000.000, 1 % flat, 10 months, first due 10 February
    start_cycle(
        group=world.group_a,
        name="Arisan 2025",
        start_on=DAY,
        slots=[[p.pk] for p in world.people_a[:4]],
        contribution=20_000,
        acting_user=treasurer,
    )
    meeting = record_meeting(acting_user=treasurer, group=world.group_a, held_on=DAY)
    return loan, meeting


def _post(meeting, lines, user, key="s"):
    counted = opening_cash(meeting) + sheet_totals(lines)["net_cash"]
    return post_meeting(
        meeting=meeting, lines=lines, cash_counted=counted, acting_user=user, idempotency_key=key
    )


def test_the_sheet_suggests_the_instalment_and_the_arisan_and_posts_them(world, setup, treasurer):
    loan, meeting = setup
    rows = {r["person_id"]: r for r in prefill(meeting)}
    borrower = world.people_a[1]
    assert rows[borrower.pk]["loan_repayment"] == 110_000
    assert rows[borrower.pk]["arisan"] == 20_000 and rows[world.people_a[4].pk]["arisan"] == 0
    lines = [
        LineInput(
            person_id=p.pk,
            present=True,
            loan_repayment=rows[p.pk]["loan_repayment"],
            arisan=rows[p.pk]["arisan"],
        )
        for p in world.people_a
    ]
    _post(meeting, lines, treasurer)
    payment = LoanPayment.objects.get(loan=loan)
    assert (payment.principal, payment.interest) == (100_000, 10_000)
    assert Contribution.objects.count() == 4
    book = open_book(group=world.group_a)
    assert balance(book, chart.LOANS, person_id=borrower.pk) == 900_000
    assert balance(book, chart.ARISAN_POT) == 80_000


def test_paying_more_than_the_loans_owe_or_part_of_an_arisan_round_posts_nothing(world, setup, treasurer):
    _loan, meeting = setup
    borrower = world.people_a[1]
    with pytest.raises(ServiceError) as err:
        _post(meeting, [LineInput(person_id=borrower.pk, loan_repayment=1_100_001)], treasurer)
    assert err.value.code == "loan_overpaid"
    with pytest.raises(ServiceError) as err:
        _post(meeting, [LineInput(person_id=borrower.pk, arisan=15_000)], treasurer)
    assert err.value.code == "arisan_amount" and "Rp20.000" in err.value.message
    assert not LoanPayment.objects.exists() and not Contribution.objects.exists()
