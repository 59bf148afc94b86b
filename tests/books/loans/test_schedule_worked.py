"""Worked examples of loan schedules as stored at disbursement (seed 002: 1 % a month)."""

import datetime as dt
from decimal import Decimal

from berdaya.books import chart
from berdaya.books.loans import queries, services
from berdaya.books.loans.models import Loan
from berdaya.books.queries import balance
from berdaya.books.services import open_book


def rows(loan):
    return list(loan.instalments.order_by("number").values_list("principal", "interest"))


def test_flat_1m_at_1_percent_over_10_months(world, make_loan):
    loan = make_loan(principal=1_000_000, term=10)
    assert loan.status == Loan.Status.DISBURSED
    assert rows(loan) == [(100_000, 10_000)] * 10
    assert [r["total"] for r in queries.schedule_rows(loan)] == [110_000] * 10
    dues = list(loan.instalments.values_list("due_on", flat=True))
    assert dues[0] == dt.date(2025, 2, 10) and dues[-1] == dt.date(2025, 11, 10)
    # The ledger: Dr LOANS (member) 1.000.000 / Cr CASH.
    book = open_book(group=world.group_a)
    assert balance(book, chart.LOANS, person_id=loan.person_id) == 1_000_000
    assert balance(book, chart.CASH) == 10_000_000 - 1_000_000
    rate = queries.effective_rate(loan)
    assert rate["flat_annual"] == Decimal("12.00")
    # 12 % flat a year over 10 months is about 21 % effective (the IRR of -1.000.000, 10 × 110.000).
    assert Decimal("21") < rate["nominal"] < Decimal("21.5")
    assert rate["compound"] > rate["nominal"]


def test_declining_loan(world, make_loan):
    loan = make_loan(principal=1_200_000, term=4, method="declining")
    assert rows(loan) == [(300_000, 12_000), (300_000, 9_000), (300_000, 6_000), (300_000, 3_000)]
    assert queries.effective_rate(loan) is None


def test_annuity_loan_levels_the_instalment(world, make_loan):
    loan = make_loan(principal=1_000_000, term=3, method="annuity")
    totals = [p + i for p, i in rows(loan)]
    assert sum(p for p, _ in rows(loan)) == 1_000_000
    # A = P·i/(1−(1+i)^−n) = 340.022,11 → 340.022; the last instalment takes the remainder.
    assert totals[:2] == [340_022, 340_022]
    assert abs(totals[2] - 340_022) <= 2


def test_rounding_unit_500_puts_the_remainder_on_the_last(world, make_loan, treasurer):
    services.update_policy(group=world.group_a, changes={"rounding_unit": 500}, acting_user=treasurer)
    loan = make_loan(principal=1_000_000, term=3)
    # Exact flat instalment 333.333,33 + 10.000 = 343.333,33 → Rp343.500 for the first two.
    assert [p + i for p, i in rows(loan)][:2] == [343_500, 343_500]
    assert sum(p for p, _ in rows(loan)) == 1_000_000
    assert sum(i for _, i in rows(loan)) == 30_000
    assert loan.rounding_unit == 500


def test_policy_defaults_come_from_bylaws(world, bylaws):
    bylaws.loan_method = "declining"
    bylaws.loan_rate_percent_month = Decimal("1.50")
    bylaws.save()
    policy = services.policy_for(world.group_a)
    assert policy.default_method == "declining"
    assert policy.default_rate_percent == Decimal("1.5")
    assert policy.order == ("penalty", "interest", "principal")
    assert policy.grade_bounds[-1] == (None, "macet")
