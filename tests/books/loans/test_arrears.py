"""Arrears, grades and PAR on a known portfolio (as of 2025-03-15).

A (A2): Rp1.000.000, nothing paid → 33 days past due. B (A3): Rp1.000.000, paid February on time,
March (due the 10th) unpaid → 5 days. C (A4): Rp500.000, both instalments paid → current.
Outstanding principal 1.000.000 + 900.000 + 400.000 = 2.300.000.
"""

import datetime as dt
from decimal import Decimal

from berdaya.books.loans import queries, services

from .conftest import FIRST_DUE

AS_OF = dt.date(2025, 3, 15)


def portfolio_world(world, make_loan, treasurer):
    a = make_loan(world.people_a[1])
    b = make_loan(world.people_a[2])
    c = make_loan(world.people_a[3], principal=500_000)
    services.repay(loan=b, amount=110_000, on_date=FIRST_DUE, acting_user=treasurer)
    services.repay(loan=c, amount=55_000, on_date=FIRST_DUE, acting_user=treasurer)
    services.repay(loan=c, amount=55_000, on_date=dt.date(2025, 3, 10), acting_user=treasurer)
    return a, b, c


def test_par_and_grades(world, make_loan, treasurer, django_assert_max_num_queries):
    a, b, c = portfolio_world(world, make_loan, treasurer)
    with django_assert_max_num_queries(4):
        p = queries.portfolio([world.group_a.pk], AS_OF)
    assert (p["loans"], p["outstanding"]) == (3, 2_300_000)
    assert p["par"][1] == {"late": 1_900_000, "percent": Decimal("82.61")}
    assert p["par"][30] == {"late": 1_000_000, "percent": Decimal("43.48")}
    assert p["par"][90] == {"late": 0, "percent": Decimal("0.00")}
    assert p["grades"]["lancar"] == {"count": 1, "outstanding": 400_000}
    assert p["grades"]["dpk"] == {"count": 2, "outstanding": 1_900_000}


def test_arrears_rows_for_the_month_end_close(world, make_loan, treasurer):
    a, b, c = portfolio_world(world, make_loan, treasurer)
    rows = {r["loan_id"]: r for r in queries.arrears_rows(AS_OF, [world.group_a.pk])}
    assert rows[a.pk] == {
        "loan_id": a.pk,
        "group_id": world.group_a.pk,
        "person_id": a.person_id,
        "outstanding_principal": 1_000_000,
        "days_past_due": 33,
        "grade": "dpk",
    }
    assert (rows[b.pk]["days_past_due"], rows[c.pk]["days_past_due"]) == (5, 0)
    assert rows[c.pk]["grade"] == "lancar"
    # As of an earlier date, later payments do not count: on 2025-02-05 nothing was late yet.
    early = queries.arrears_rows(dt.date(2025, 2, 5), [world.group_a.pk])
    assert {r["days_past_due"] for r in early} == {0}
    assert sum(r["outstanding_principal"] for r in early) == 2_500_000
    late = queries.arrears_rows(
        AS_OF, world.group_a.__class__.objects.filter(pk=world.group_a.pk), only_late=True
    )
    assert {r["loan_id"] for r in late} == {a.pk, b.pk}


def test_grade_bounds_from_policy(world, make_loan, treasurer):
    services.update_policy(
        group=world.group_a, changes={"lancar_max_days": 7, "dpk_max_days": 30}, acting_user=treasurer
    )
    a, b, c = portfolio_world(world, make_loan, treasurer)
    grades = {r["loan_id"]: r["grade"] for r in queries.arrears_rows(AS_OF, [world.group_a.pk])}
    assert grades == {a.pk: "kurang_lancar", b.pk: "lancar", c.pk: "lancar"}
    assert queries.loan_arrears(a, AS_OF) == {"days_past_due": 33, "grade": "kurang_lancar"}
