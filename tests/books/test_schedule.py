"""Loan schedules, effective rates, payment allocation, arrears and grades (pure functions, no db)."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berdaya.books.schedule import (
    DEFAULT_GRADE_BOUNDS,
    Frequency,
    Instalment,
    Method,
    ScheduleError,
    allocate_payment,
    build_schedule,
    compound_annual_rate,
    days_past_due,
    due_date,
    effective_annual_rate,
    flat_effective_rates,
    grade,
    irr_per_period,
)

JAN31 = dt.date(2024, 1, 31)


def schedule(**terms):
    defaults = {
        "principal": 1_000_000,
        "rate_percent_per_period": Decimal("1"),
        "periods": 10,
        "method": Method.FLAT,
        "frequency": Frequency.MONTHLY,
        "first_due": JAN31,
    }
    return build_schedule(**{**defaults, **terms})


# --- worked examples --------------------------------------------------------------------------------


def test_seed_002_flat_loan_is_ten_instalments_of_110_000():
    rows = schedule()
    assert [row.total for row in rows] == [110_000] * 10
    assert [row.principal for row in rows] == [100_000] * 10
    assert [row.interest for row in rows] == [10_000] * 10
    assert sum(row.interest for row in rows) == 100_000
    assert [row.balance_after for row in rows] == [900_000 - 100_000 * k for k in range(10)]
    assert [row.number for row in rows] == list(range(1, 11))


def test_twelve_percent_flat_a_year_is_about_21_5_percent_effective():
    nominal, compound = flat_effective_rates(1_000_000, Decimal("1"), 12, Frequency.MONTHLY)
    assert abs(nominal - Decimal("21.5")) <= Decimal("0.1")
    assert nominal == Decimal("21.46")
    assert compound == Decimal("23.70")
    assert nominal.as_tuple().exponent == -2


def test_effective_rate_accepts_schedule_or_totals():
    rows = schedule(periods=12)
    from_rows = effective_annual_rate(rows, principal=1_000_000, periods_per_year=12)
    from_totals = effective_annual_rate([r.total for r in rows], principal=1_000_000, periods_per_year=12)
    assert from_rows == from_totals
    assert abs(from_rows - Decimal("21.45")) < Decimal("0.02")


def test_irr_of_an_annuity_is_its_rate():
    rows = schedule(method=Method.ANNUITY, periods=24, principal=50_000_000)
    period_rate = irr_per_period([-50_000_000, *(r.total for r in rows)])
    assert abs(period_rate - Decimal("0.01")) < Decimal("1e-6")  # only rupiah rounding moves it


def test_irr_with_no_interest_is_zero():
    assert irr_per_period([-1000, 500, 500]) == 0


def test_irr_rejects_malformed_flows():
    for flows in ([1000, 500], [-1000], [-1000, 0, 0], [-1000, 1200, -100]):
        with pytest.raises(ValueError):
            irr_per_period(flows)


def test_compound_annual_rate():
    assert compound_annual_rate(Decimal("1"), 12) == Decimal("12.682503")
    assert compound_annual_rate(Decimal("0"), 52) == 0


def test_annuity_totals_are_consistent():
    principal = 1_000_000
    rows = schedule(method=Method.ANNUITY, periods=12)
    # A = P·i/(1−(1+i)^−n) = 88 848,79 → Rp88.849 for the first eleven instalments.
    assert [r.total for r in rows[:-1]] == [88_849] * 11
    exact_a = principal * Fraction(1, 100) / (1 - Fraction(101, 100) ** -12)
    total_interest = round(12 * exact_a - principal)  # 66 185,46 → 66 185
    assert sum(r.interest for r in rows) == total_interest == 66_185
    assert sum(r.principal for r in rows) == principal
    assert abs(rows[-1].total - 88_849) <= 12  # the remainder differs by rounding only
    # Interest is on the outstanding balance: 1 % of the full principal first.
    assert rows[0].interest == 10_000
    assert rows[1].interest == round(rows[0].balance_after / 100)


def test_annuity_at_zero_rate_is_equal_parts():
    rows = schedule(method=Method.ANNUITY, rate_percent_per_period=Decimal(0), periods=4)
    assert [r.total for r in rows] == [250_000] * 4
    assert all(r.interest == 0 for r in rows)


def test_declining_interest_on_outstanding_balance():
    rows = schedule(method=Method.DECLINING, periods=4)
    assert [r.principal for r in rows] == [250_000] * 4
    assert [r.interest for r in rows] == [10_000, 7_500, 5_000, 2_500]
    assert [r.balance_after for r in rows] == [750_000, 500_000, 250_000, 0]


def test_declining_rounds_principal_part_to_the_unit():
    rows = schedule(method=Method.DECLINING, periods=3, rounding_unit=500)
    assert [r.principal for r in rows] == [333_500, 333_500, 333_000]
    assert [r.interest for r in rows] == [10_000, 6_665, 3_330]


def test_rounding_unit_500_remainder_on_last():
    # Rp1.000.000 at 1,5 % flat over 7 months: exact 142 857,14… + 15 000 = 157 857,14 → Rp158.000.
    rows = schedule(rate_percent_per_period=Decimal("1.5"), periods=7, rounding_unit=500)
    assert [r.total for r in rows[:-1]] == [158_000] * 6
    assert sum(r.interest for r in rows) == 105_000
    assert sum(r.principal for r in rows) == 1_000_000
    assert rows[-1].total == 1_105_000 - 6 * 158_000 == 157_000
    assert all(r.interest == 15_000 for r in rows)


def test_rounding_half_up_at_exactly_half():
    # Rp1.250 over 2 at 0 %: exact instalment 625 = 12,5 units of 50 → 13 units (half-way goes up).
    rows = schedule(principal=1_250, rate_percent_per_period=Decimal(0), periods=2, rounding_unit=50)
    assert [r.total for r in rows] == [650, 600]


def test_flat_interest_is_rounded_cumulatively():
    # 1 % of Rp1.050 is Rp10,5 a period: 11, 10, 11, 10 … never drifting from the exact total.
    rows = schedule(principal=1_050, periods=4)
    assert [r.interest for r in rows] == [11, 10, 11, 10]
    assert sum(r.interest for r in rows) == 42


def test_rounding_up_that_would_overshoot_rounds_down():
    rows = schedule(principal=1_000, rate_percent_per_period=Decimal(0), periods=4, rounding_unit=500)
    assert sum(r.principal for r in rows) == 1_000
    assert all(r.balance_after >= 0 for r in rows)
    assert [r.total % 500 for r in rows[:-1]] == [0, 0, 0]


def test_weekly_due_dates():
    rows = schedule(frequency=Frequency.WEEKLY, periods=3, first_due=dt.date(2024, 12, 24))
    assert [r.due_on for r in rows] == [dt.date(2024, 12, 24), dt.date(2024, 12, 31), dt.date(2025, 1, 7)]


def test_monthly_due_dates_from_31_january_keep_the_day():
    rows = schedule(periods=5)
    assert [r.due_on for r in rows] == [
        dt.date(2024, 1, 31),
        dt.date(2024, 2, 29),
        dt.date(2024, 3, 31),
        dt.date(2024, 4, 30),
        dt.date(2024, 5, 31),
    ]
    assert due_date(dt.date(2023, 1, 31), "monthly", 2) == dt.date(2023, 2, 28)
    assert due_date(dt.date(2023, 11, 30), Frequency.MONTHLY, 3) == dt.date(2024, 1, 30)


def test_instalment_total_is_principal_plus_interest():
    row = Instalment(number=1, due_on=JAN31, principal=100, interest=7, balance_after=0)
    assert row.total == 107


@pytest.mark.parametrize(
    ("terms", "code"),
    [
        ({"principal": 0}, "principal"),
        ({"principal": -5}, "principal"),
        ({"principal": Decimal("100")}, "principal"),
        ({"periods": 0}, "periods"),
        ({"rate_percent_per_period": Decimal("-0.5")}, "rate"),
        ({"rate_percent_per_period": 1.0}, "rate"),
        ({"rate_percent_per_period": Decimal("NaN")}, "rate"),
        ({"rounding_unit": 0}, "rounding"),
        ({"method": "balloon"}, "method"),
        ({"frequency": "daily"}, "frequency"),
    ],
)
def test_invalid_terms_raise_schedule_error_with_code(terms, code):
    with pytest.raises(ScheduleError) as info:
        schedule(**terms)
    assert info.value.code == code
    assert isinstance(info.value, ValueError)


def test_string_method_and_frequency_are_accepted():
    assert schedule(method="declining", frequency="weekly")[0].interest == 10_000


# --- properties -------------------------------------------------------------------------------------

terms = st.fixed_dictionaries(
    {
        "principal": st.integers(min_value=1, max_value=500_000_000),
        "rate_percent_per_period": st.decimals(min_value=0, max_value=10, places=2),
        "periods": st.integers(min_value=1, max_value=60),
        "method": st.sampled_from(list(Method)),
        "frequency": st.sampled_from(list(Frequency)),
        "rounding_unit": st.sampled_from([1, 100, 500, 1_000, 7, 50_000]),
    }
)


@settings(max_examples=200, deadline=None)
@given(terms)
def test_schedule_invariants(t):
    rows = build_schedule(first_due=JAN31, **t)
    principal, unit = t["principal"], t["rounding_unit"]
    assert len(rows) == t["periods"]
    assert sum(r.principal for r in rows) == principal
    assert all(r.principal >= 0 and r.interest >= 0 for r in rows)
    # Every instalment but the last is a multiple of the unit: the total (flat, annuity) or the
    # principal part (declining).
    for r in rows[:-1]:
        assert (r.principal if t["method"] == Method.DECLINING else r.total) % unit == 0
    balances = [principal] + [r.balance_after for r in rows]
    assert all(a >= b for a, b in zip(balances, balances[1:], strict=False))
    assert rows[-1].balance_after == 0
    assert all(a.due_on < b.due_on for a, b in zip(rows, rows[1:], strict=False))


@settings(max_examples=100, deadline=None)
@given(terms.filter(lambda t: t["method"] == Method.FLAT))
def test_flat_total_interest_is_exact(t):
    rows = build_schedule(first_due=JAN31, **t)
    exact = t["principal"] * Fraction(t["rate_percent_per_period"]) / 100 * t["periods"]
    assert sum(r.interest for r in rows) == int(exact + Fraction(1, 2))


@settings(max_examples=100, deadline=None)
@given(terms.filter(lambda t: t["method"] == Method.ANNUITY and t["rate_percent_per_period"] > 0))
def test_annuity_total_interest_is_exact(t):
    rows = build_schedule(first_due=JAN31, **t)
    p, n, i = t["principal"], t["periods"], Fraction(t["rate_percent_per_period"]) / 100
    exact_a = p * i / (1 - (1 + i) ** -n)
    assert sum(r.interest for r in rows) == int(n * exact_a - p + Fraction(1, 2))


# --- allocation, arrears, grades --------------------------------------------------------------------


def test_allocate_payment_in_order():
    due = {"penalty": 2_000, "interest": 10_000, "principal": 100_000}
    assert allocate_payment(50_000, due=due) == {
        "penalty": 2_000,
        "interest": 10_000,
        "principal": 38_000,
        "excess": 0,
    }
    assert allocate_payment(120_000, due=due)["excess"] == 8_000
    assert allocate_payment(5_000, due=due, order=("interest", "penalty", "principal")) == {
        "interest": 5_000,
        "penalty": 0,
        "principal": 0,
        "excess": 0,
    }
    assert allocate_payment(1_000, due={"interest": 500}) == {
        "penalty": 0,
        "interest": 500,
        "principal": 0,
        "excess": 500,
    }


@pytest.mark.parametrize(
    ("amount", "due", "order"),
    [
        (-1, {"interest": 5}, ("interest",)),
        (10, {"interest": -5}, ("interest",)),
        (10, {"fee": 5}, ("interest",)),
        (10, {}, ("excess",)),
        (10, {}, ("interest", "interest")),
    ],
)
def test_allocate_payment_rejects_bad_input(amount, due, order):
    with pytest.raises(ValueError):
        allocate_payment(amount, due=due, order=order)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=0, max_value=10**9),
    st.dictionaries(st.sampled_from(["penalty", "interest", "principal"]), st.integers(0, 10**8)),
)
def test_allocate_payment_conserves_the_amount(amount, due):
    split = allocate_payment(amount, due=due)
    assert sum(split.values()) == amount
    assert all(0 <= split[k] <= due.get(k, 0) for k in ("penalty", "interest", "principal"))


def test_days_past_due_counts_from_the_oldest_unpaid():
    rows = [(dt.date(2024, 1, 31), False), (dt.date(2024, 2, 29), True), (dt.date(2024, 3, 31), True)]
    assert days_past_due(rows, as_of=dt.date(2024, 4, 10)) == 41
    assert days_past_due(rows, as_of=dt.date(2024, 2, 29)) == 0  # due today is not late
    assert days_past_due(rows, as_of=dt.date(2024, 2, 1)) == 0
    assert days_past_due([(dt.date(2024, 1, 31), False)], as_of=dt.date(2025, 1, 1)) == 0
    assert days_past_due([], as_of=dt.date(2025, 1, 1)) == 0


@pytest.mark.parametrize(
    ("days", "key"),
    [
        (0, "lancar"),
        (1, "dpk"),
        (90, "dpk"),
        (91, "kurang_lancar"),
        (120, "kurang_lancar"),
        (121, "diragukan"),
        (180, "diragukan"),
        (181, "macet"),
        (5_000, "macet"),
    ],
)
def test_default_grades_follow_ojk_day_bounds(days, key):
    assert grade(days) == key
    assert grade(days, DEFAULT_GRADE_BOUNDS) == key


def test_grade_bounds_are_configurable():
    bounds = ((7, "lancar"), (30, "dpk"), (None, "macet"))
    assert [grade(d, bounds) for d in (0, 7, 8, 30, 31)] == ["lancar", "lancar", "dpk", "dpk", "macet"]


@pytest.mark.parametrize(
    ("days", "bounds"),
    [
        (-1, DEFAULT_GRADE_BOUNDS),
        (5, ((10, "a"), (20, "b"))),
        (5, ((10, "a"), (10, "b"), (None, "c"))),
        (5, ((None, "a"), (10, "b"), (None, "c"))),
        (5, ()),
    ],
)
def test_grade_rejects_bad_input(days, bounds):
    with pytest.raises(ValueError):
        grade(days, bounds)
