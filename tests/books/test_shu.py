"""SHU year-end close: a worked example where largest remainder matters, and the refusals."""

import datetime as dt
from decimal import Decimal

import pytest

from berdaya.books import chart
from berdaya.books.checks import run_checks
from berdaya.books.models import ShuDistribution
from berdaya.books.queries import account_balances, balance, member_balances
from berdaya.books.savings import deposit
from berdaya.books.services import Line, open_book, post_entry
from berdaya.books.shu import close_year, preview_shu, set_policy
from berdaya.core.errors import ServiceError


def build_2025(world, user):
    """Savings and a year of income that leaves a surplus of Rp1.000.003."""
    g = world.group_a
    a1, a2, a3, a4, a5 = world.people_a
    day = dt.date(2025, 2, 1)
    for person, kind, amount in [
        (a1, "pokok", 10_000),
        (a1, "wajib", 60_000),
        (a2, "pokok", 10_000),
        (a2, "wajib", 30_000),
        (a3, "pokok", 10_000),
        (a5, "sukarela", 50_000),  # sukarela does not count for jasa modal by default
    ]:
        deposit(group=g, person=person, kind=kind, amount=amount, on_date=day, acting_user=user)

    def income(person, amount, code=chart.INTEREST_INCOME):
        lines = [
            Line(chart.CASH, debit=amount, person_id=person.pk if person else None),
            Line(code, credit=amount),
        ]
        post_entry(group=g, on_date=dt.date(2025, 6, 1), memo="income", lines=lines, acting_user=user)

    income(a1, 600_001)
    income(a2, 400_002)
    income(None, 200_000, chart.OTHER_INCOME)
    post_entry(
        group=g,
        on_date=dt.date(2025, 7, 1),
        memo="stationery",
        lines=[Line(chart.OPERATING, debit=200_000), Line(chart.CASH, credit=200_000)],
        acting_user=user,
    )


def test_shu_split_worked_example(world, treasurer):
    build_2025(world, treasurer)
    a1, a2, a3, a4, a5 = world.people_a
    p = preview_shu(world.group_a, 2025)
    assert p["surplus"] == 1_000_003
    assert p["refusal"] is None
    # 40 / 20 / 25 / 5 / 5 / 5: the two leftover rupiah go to the largest remainders (.75 and .6).
    assert (p["reserve"], p["jasa_modal"], p["jasa_usaha"]) == (400_001, 200_001, 250_001)
    assert (p["management_fund"], p["education_fund"], p["social_fund"]) == (50_000, 50_000, 50_000)
    rows = {r["person_id"]: r for r in p["members"]}
    assert rows[a1.pk]["counted_savings"] == 70_000 and rows[a5.pk]["counted_savings"] == 0
    assert [rows[x.pk]["jasa_modal"] for x in (a1, a2, a3, a4, a5)] == [116_667, 66_667, 16_667, 0, 0]
    assert [rows[x.pk]["transactions_income"] for x in (a1, a2, a3)] == [600_001, 400_002, 0]
    assert [rows[x.pk]["jasa_usaha"] for x in (a1, a2, a3, a4, a5)] == [150_000, 100_001, 0, 0, 0]
    assert sum(r["total"] for r in p["members"]) == 450_002

    dist = close_year(group=world.group_a, year=2025, acting_user=treasurer)
    book = open_book(group=world.group_a)
    book.refresh_from_db()
    assert book.closed_through == dt.date(2025, 12, 31)
    assert dist.surplus == 1_000_003
    assert sum(s.total for s in dist.shares.all()) + dist.reserve + dist.management_fund * 3 == 1_000_003
    payable = member_balances(book, [chart.SHU_PAYABLE])
    assert payable[a1.pk][chart.SHU_PAYABLE] == 266_667
    assert payable[a2.pk][chart.SHU_PAYABLE] == 166_668
    assert payable[a3.pk][chart.SHU_PAYABLE] == 16_667
    assert balance(book, chart.RESERVE) == 400_001
    assert balance(book, chart.SOCIAL_FUND) == 50_000
    assert balance(book, chart.SURPLUS) == 0
    # Income and expenses of 2025 are closed to zero.
    for r in account_balances(book, as_of=dt.date(2025, 12, 31)):
        if r["kind"] in (chart.INCOME, chart.EXPENSE):
            assert r["balance"] == 0, r
    assert run_checks([book]) == []

    with pytest.raises(ServiceError, match="already"):
        close_year(group=world.group_a, year=2025, acting_user=treasurer)
    with pytest.raises(ServiceError, match="closed"):
        post_entry(
            group=world.group_a,
            on_date=dt.date(2025, 12, 30),
            memo="late",
            lines=[Line(chart.CASH, debit=1), Line(chart.OTHER_INCOME, credit=1)],
            acting_user=treasurer,
        )


def test_close_year_is_idempotent_with_a_key(world, treasurer):
    build_2025(world, treasurer)
    first = close_year(group=world.group_a, year=2025, acting_user=treasurer, idempotency_key="k1")
    again = close_year(group=world.group_a, year=2025, acting_user=treasurer, idempotency_key="k1")
    assert first.pk == again.pk
    assert ShuDistribution.objects.count() == 1


def test_refusals(world, treasurer):
    g = world.group_a
    with pytest.raises(ServiceError, match="not over"):
        close_year(group=g, year=2026, acting_user=treasurer)
    # A deficit year: nothing distributed, the deficit is carried.
    deposit(
        group=g,
        person=world.people_a[0],
        kind="sukarela",
        amount=50_000,
        on_date=dt.date(2024, 3, 1),
        acting_user=treasurer,
    )
    post_entry(
        group=g,
        on_date=dt.date(2024, 5, 1),
        memo="repairs",
        lines=[Line(chart.OPERATING, debit=30_000), Line(chart.CASH, credit=30_000)],
        acting_user=treasurer,
    )
    with pytest.raises(ServiceError, match="deficit"):
        close_year(group=g, year=2024, acting_user=treasurer)
    assert not ShuDistribution.objects.exists()
    assert open_book(group=g).closed_through is None


def test_policy_must_add_up_to_100(world, treasurer):
    with pytest.raises(ServiceError, match="100"):
        set_policy(group=world.group_a, acting_user=treasurer, reserve_percent=Decimal("50"))
    policy = set_policy(
        group=world.group_a,
        acting_user=treasurer,
        reserve_percent=Decimal("30"),
        jasa_modal_percent=Decimal("30"),
        modal_savings="all",
    )
    assert policy.pk and policy.reserve_percent == Decimal("30")


def test_all_savings_count_when_the_policy_says_so(world, treasurer):
    build_2025(world, treasurer)
    set_policy(group=world.group_a, acting_user=treasurer, modal_savings="all")
    p = preview_shu(world.group_a, 2025)
    rows = {r["person_id"]: r for r in p["members"]}
    assert rows[world.people_a[4].pk]["counted_savings"] == 50_000
    assert sum(r["jasa_modal"] for r in p["members"]) == p["jasa_modal"]
