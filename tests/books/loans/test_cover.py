"""Tanggung renteng as worked examples: A2 leaves February's Rp110.000 unpaid and the group covers it.

Savings (sukarela) of the other members: A1 1.000.000, A3 3.000.000, A4 4.000.000, A5 nothing.
"""

import datetime as dt

import pytest

from berdaya.books import chart
from berdaya.books.loans import services
from berdaya.books.loans.models import CoverDebt, Loan
from berdaya.books.queries import balance
from berdaya.books.services import open_book
from berdaya.core.errors import ServiceError

from .conftest import FIRST_DUE, OPEN

MEETING = FIRST_DUE


def bal(world, code, person=None):
    return balance(open_book(group=world.group_a), code, person_id=getattr(person, "pk", None))


def parts(cover):
    return {d.coverer_id: d.amount for d in cover.debts.all()}


def test_equal_cover_pays_the_instalment_in_full(world, make_loan, treasurer):
    a1, a2, a3, a4, a5 = world.people_a
    loan = make_loan(a2)
    cash = bal(world, chart.CASH)
    cover = services.cover_instalment(loan=loan, on_date=MEETING, acting_user=treasurer)
    assert cover.amount == 110_000 and cover.fund_part == 0
    assert parts(cover) == {a1.pk: 27_500, a3.pk: 27_500, a4.pk: 27_500, a5.pk: 27_500}
    assert "equal shares" in cover.explanation
    # The instalment is paid in full like a repayment; the members' cash came into the box.
    assert loan.instalments.get(number=1).paid_on == MEETING
    assert bal(world, chart.LOANS, a2) == 900_000
    assert bal(world, chart.INTEREST_INCOME) == 10_000
    assert bal(world, chart.CASH) == cash + 110_000
    assert bal(world, chart.COVER_RECEIVABLE, a2) == 110_000
    assert bal(world, chart.COVER_PAYABLE, a4) == 27_500
    assert services.amount_due(loan, MEETING)["total_due"] == 0


def test_pro_rata_cover_by_savings(world, make_loan, treasurer):
    a1, a2, a3, a4, a5 = world.people_a
    services.update_policy(group=world.group_a, changes={"cover_split": "pro_rata"}, acting_user=treasurer)
    cover = services.cover_instalment(loan=make_loan(a2), on_date=MEETING, acting_user=treasurer)
    # 110.000 × 1/8, 3/8, 4/8 of Rp8.000.000 savings; A5 has none and pays nothing.
    assert parts(cover) == {a1.pk: 13_750, a3.pk: 41_250, a4.pk: 55_000}
    assert "savings" in cover.explanation


def test_group_fund_covers_first_up_to_its_limit(world, make_loan, treasurer):
    a1, a2, a3, a4, a5 = world.people_a
    services.update_policy(
        group=world.group_a,
        changes={"fund_covers_first": True, "fund_cover_limit": 10_000},
        acting_user=treasurer,
    )
    loan = make_loan(a2)
    cash = bal(world, chart.CASH)
    cover = services.cover_instalment(loan=loan, on_date=MEETING, acting_user=treasurer)
    assert cover.fund_part == 10_000
    assert parts(cover) == {None: 10_000, a1.pk: 25_000, a3.pk: 25_000, a4.pk: 25_000, a5.pk: 25_000}
    assert bal(world, chart.CASH) == cash + 100_000  # the fund's part never left the box
    assert bal(world, chart.COVER_RECEIVABLE, a2) == 110_000


def test_settlement_pays_the_coverers_back_oldest_first(world, make_loan, treasurer):
    a1, a2, a3, a4, a5 = world.people_a
    loan = make_loan(a2)
    services.cover_instalment(loan=loan, on_date=MEETING, acting_user=treasurer)
    cash = bal(world, chart.CASH)
    with pytest.raises(ServiceError, match=r"owes Rp110\.000"):
        services.settle_cover(
            group=world.group_a, defaulter=a2, amount=110_001, on_date=MEETING, acting_user=treasurer
        )
    s = services.settle_cover(
        group=world.group_a,
        defaulter=a2,
        amount=60_000,
        on_date=dt.date(2025, 2, 20),
        acting_user=treasurer,
        idempotency_key="settle-1",
    )
    again = services.settle_cover(
        group=world.group_a,
        defaulter=a2,
        amount=60_000,
        on_date=dt.date(2025, 2, 20),
        acting_user=treasurer,
        idempotency_key="settle-1",
    )
    assert again.pk == s.pk
    assert bal(world, chart.COVER_RECEIVABLE, a2) == 50_000
    assert [bal(world, chart.COVER_PAYABLE, p) for p in (a1, a3, a4, a5)] == [0, 0, 22_500, 27_500]
    assert bal(world, chart.CASH) == cash  # received 60.000 from A2, paid 60.000 back to A1, A3, A4
    last = CoverDebt.objects.get(coverer=a5)
    services.settle_cover(debt=last, amount=27_500, on_date=dt.date(2025, 2, 20), acting_user=treasurer)
    last.refresh_from_db()
    assert last.settled_on == dt.date(2025, 2, 20)


def test_new_loans_blocked_while_cover_is_owed(world, make_loan, treasurer, checker):
    a1, a2, a3, *_ = world.people_a
    services.cover_instalment(loan=make_loan(a2), on_date=MEETING, acting_user=treasurer)
    with pytest.raises(ServiceError, match=r"Anggota A2 owes Rp110\.000"):
        services.apply(
            group=world.group_a,
            person=a3,
            principal=100_000,
            term_periods=2,
            first_due_on=dt.date(2025, 3, 10),
            on_date=MEETING,
            acting_user=treasurer,
        )
    services.settle_cover(
        group=world.group_a, defaulter=a2, amount=110_000, on_date=MEETING, acting_user=treasurer
    )
    loan = services.apply(
        group=world.group_a,
        person=a3,
        principal=100_000,
        term_periods=2,
        first_due_on=dt.date(2025, 3, 10),
        on_date=MEETING,
        acting_user=treasurer,
    )
    assert loan.status == Loan.Status.APPLIED


def test_blocking_is_a_policy_setting(world, make_loan, treasurer):
    a2, a3 = world.people_a[1], world.people_a[2]
    services.update_policy(
        group=world.group_a, changes={"block_loans_while_cover_owed": False}, acting_user=treasurer
    )
    services.cover_instalment(loan=make_loan(a2), on_date=MEETING, acting_user=treasurer)
    services.apply(
        group=world.group_a,
        person=a3,
        principal=100_000,
        term_periods=2,
        first_due_on=dt.date(2025, 3, 10),
        on_date=MEETING,
        acting_user=treasurer,
    )


def test_cover_refused_without_joint_liability_or_anything_due(world, bylaws, make_loan, treasurer):
    loan = make_loan()
    with pytest.raises(ServiceError, match="Nothing is due"):
        services.cover_instalment(loan=loan, on_date=dt.date(2025, 1, 20), acting_user=treasurer)
    bylaws.joint_liability = False
    bylaws.save()
    with pytest.raises(ServiceError, match="does not practise joint liability"):
        services.cover_instalment(loan=loan, on_date=MEETING, acting_user=treasurer)
    assert not CoverDebt.objects.exists()


def test_cover_is_idempotent(world, make_loan, treasurer):
    loan = make_loan()
    a = services.cover_instalment(loan=loan, on_date=MEETING, acting_user=treasurer, idempotency_key="m1")
    b = services.cover_instalment(loan=loan, on_date=MEETING, acting_user=treasurer, idempotency_key="m1")
    assert a.pk == b.pk and CoverDebt.objects.count() == 4
    assert OPEN < MEETING


def test_share_out_pays_oldest_first_and_leaves_the_excess():
    from berdaya.books.loans.queries import share_out

    assert share_out([10_000, 25_000, 25_000], 30_000) == [10_000, 20_000, 0]
    assert share_out([10_000, 25_000], 35_000) == [10_000, 25_000]
    assert share_out([10_000, 25_000], 50_000) == [10_000, 25_000]  # 15.000 left over: the caller refuses it
    assert share_out([], 5_000) == [] and share_out([7_000], 0) == [0]
