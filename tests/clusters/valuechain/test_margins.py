"""The pure arithmetic: medians, margins and shares, months between dates, ijon rates."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from berdaya.clusters.valuechain import margins


def test_worked_ijon_example_exact():
    """Rp7.000.000 cash for goods worth Rp10.000.000 in four months (seed 000, Banyumulek ijon)."""
    r = margins.ijon_rates(cash=7_000_000, goods_value=10_000_000, months=4)
    assert r.period == Fraction(3, 7)
    assert r.simple_annual == Fraction(9, 7)
    # (10/7)^3 − 1 = 1000/343 − 1 = 657/343, exactly
    assert r.compound_annual == Fraction(657, 343)
    assert r.exact
    assert margins.as_percent(r.period) == Decimal("42.86")
    assert margins.as_percent(r.simple_annual) == Decimal("128.57")
    assert margins.as_percent(r.compound_annual) == Decimal("191.55")
    assert margins.as_percent(r.compound_annual, 1) == Decimal("191.5")  # "≈ 191,5 %"
    # Against KUR at 6 % a year: 128,57 / 6 = 21,43 times as much
    assert margins.times_reference(r.simple_annual, Fraction(6, 100)) == Fraction(150, 7)


def test_compound_with_fractional_exponent_is_close():
    r = margins.ijon_rates(cash=1_000_000, goods_value=1_100_000, months=5)  # 12/5 periods a year
    assert not r.exact
    expected = (1.1**2.4) - 1
    assert abs(float(r.compound_annual) - expected) < 1e-12
    assert r.simple_annual == Fraction(1, 10) * Fraction(12, 5)


@pytest.mark.parametrize(
    ("cash", "value", "months", "code"),
    [(10, 9, 4, "value"), (0, 5, 4, "amount"), (5, 10, 0, "months"), (5, 10, -1, "months")],
)
def test_impossible_contracts_refused(cash, value, months, code):
    with pytest.raises(margins.InvalidContract) as e:
        margins.ijon_rates(cash=cash, goods_value=value, months=months)
    assert e.value.code == code


def test_months_between_calendar_months():
    assert margins.months_between(dt.date(2025, 1, 15), dt.date(2025, 5, 15)) == 4
    assert margins.months_between(dt.date(2025, 3, 1), dt.date(2025, 3, 16)) == Fraction(15, 31)
    assert margins.months_between(dt.date(2025, 1, 31), dt.date(2025, 2, 28)) == 1  # end of month
    assert margins.months_between(dt.date(2024, 11, 10), dt.date(2025, 2, 10)) == 3  # across the year
    with pytest.raises(margins.InvalidContract):
        margins.months_between(dt.date(2025, 5, 1), dt.date(2025, 5, 1))


def test_chain_medians_margins_and_producer_share():
    ch = margins.chain(
        {
            "craftsman": [40_000, 50_000, 45_000],
            "juragan": [70_000, 80_000],
            "art_shop": [150_000],
            "buyer": [],
        }
    )
    assert [s.step for s in ch.steps] == ["craftsman", "juragan", "art_shop"]
    assert [s.price for s in ch.steps] == [45_000, 75_000, 150_000]
    assert [s.margin for s in ch.steps] == [45_000, 30_000, 75_000]
    assert ch.final_price == 150_000
    assert ch.producer_share == Fraction(3, 10)
    assert ch.biggest.step == "art_shop"  # the art shop captures the value added (seed 000)
    assert sum(s.share for s in ch.steps) == 1
    assert ch.notes == []


def test_chain_without_craftsman_price_says_why():
    ch = margins.chain({"juragan": [10], "buyer": [20]})
    assert ch.producer_share is None
    assert "no_producer" in ch.notes
    assert margins.chain({}).notes == ["no_prices"]


def test_negative_margin_noted():
    ch = margins.chain({"craftsman": [100], "juragan": [90], "buyer": [200]})
    assert "negative_margin" in ch.notes
    assert sum(s.share for s in ch.steps) == 1


def test_share_over_time_by_quarter():
    obs = [
        (dt.date(2025, 1, 5), "craftsman", 40),
        (dt.date(2025, 2, 5), "buyer", 100),
        (dt.date(2025, 4, 5), "craftsman", 50),
        (dt.date(2025, 5, 5), "buyer", 100),
        (dt.date(2025, 7, 5), "craftsman", 60),  # no final price this quarter: left out
    ]
    points = margins.share_over_time(obs, by="quarter")
    assert [(p.period, p.share) for p in points] == [
        (dt.date(2025, 1, 1), Fraction(2, 5)),
        (dt.date(2025, 4, 1), Fraction(1, 2)),
    ]
    assert [p.period for p in margins.share_over_time(obs, by="month")] == []  # never in the same month


def test_median_even_count():
    assert margins.median([1, 2, 3, 4]) == Fraction(5, 2)
    assert margins.to_rupiah(Fraction(5, 2)) == 3


prices = st.lists(st.integers(min_value=1, max_value=10**9), min_size=0, max_size=5)


@given(st.fixed_dictionaries(dict.fromkeys(margins.STEP_ORDER, prices)))
def test_shares_sum_to_100_percent(data):
    ch = margins.chain(data)
    if ch.steps:
        assert sum(s.share for s in ch.steps) == 1
        assert ch.final_price == ch.steps[-1].price


@given(
    cash=st.integers(min_value=1, max_value=10**12),
    extra=st.integers(min_value=0, max_value=10**12),
    months=st.fractions(min_value=Fraction(1, 30), max_value=Fraction(239, 20)),
)
def test_compound_at_least_simple_below_a_year(cash, extra, months):
    r = margins.ijon_rates(cash=cash, goods_value=cash + extra, months=months)
    assert r.compound_annual >= r.simple_annual
    assert r.simple_annual >= r.period  # m < 12: a year holds more than one period


@given(
    cash=st.integers(min_value=1, max_value=10**12),
    extra=st.integers(min_value=1, max_value=10**12),
    months=st.integers(min_value=1, max_value=12),
)
def test_period_rate_definition(cash, extra, months):
    r = margins.ijon_rates(cash=cash, goods_value=cash + extra, months=months)
    assert r.period == Fraction(extra, cash)
    assert r.simple_annual == Fraction(extra, cash) * 12 / months
