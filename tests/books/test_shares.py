"""Largest-remainder splits (pure functions, no db)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berdaya.books.shares import split_by_percentages, split_by_weights, split_equal


def test_split_by_weights_worked_example():
    # SHU jasa modal Rp1.000.000 over savings of 300, 200 and 100 thousand: 500 000, 333 333,3…, 166 666,6…
    parts = split_by_weights(1_000_000, {"ani": 300_000, "budi": 200_000, "citra": 100_000})
    assert parts == {"ani": 500_000, "budi": 333_333, "citra": 166_667}
    assert list(parts) == ["ani", "budi", "citra"]


def test_ties_go_to_the_key_given_first():
    assert split_equal(100, ["a", "b", "c"]) == {"a": 34, "b": 33, "c": 33}
    assert split_equal(100, ["c", "b", "a"]) == {"c": 34, "b": 33, "a": 33}
    assert split_by_weights(5, {"x": 1, "y": 1}) == {"x": 3, "y": 2}


def test_decimal_and_fraction_weights():
    assert split_by_weights(100, {"a": Decimal("0.5"), "b": Fraction(1, 4), "c": 0}) == {
        "a": 67,
        "b": 33,
        "c": 0,
    }


def test_sequence_of_weights_gives_a_list():
    assert split_by_weights(10, [1, 1, 1]) == [4, 3, 3]
    assert split_by_weights(10, (2, 0, 3)) == [4, 0, 6]


def test_zero_total_weight():
    assert split_by_weights(0, {"a": 0, "b": 0}) == {"a": 0, "b": 0}
    assert split_by_weights(0, {}) == {}
    with pytest.raises(ValueError):
        split_by_weights(10, {"a": 0, "b": 0})
    with pytest.raises(ValueError):
        split_equal(10, [])


def test_negative_total_is_split_like_a_loss():
    assert split_by_weights(-100, {"a": 1, "b": 1, "c": 1}) == {"a": -34, "b": -33, "c": -33}


def test_bad_weights():
    with pytest.raises(ValueError):
        split_by_weights(10, {"a": -1, "b": 2})
    with pytest.raises(TypeError):
        split_by_weights(10, {"a": 0.5, "b": 0.5})
    with pytest.raises(TypeError):
        split_by_weights(Decimal("10"), {"a": 1})
    with pytest.raises(ValueError):
        split_equal(10, ["a", "a"])


def test_split_by_percentages():
    bylaws = {
        "reserve": Decimal("40"),
        "members": Decimal("45"),
        "staff": Decimal("7.5"),
        "social": Decimal("7.5"),
    }
    parts = split_by_percentages(1_234_567, bylaws)
    assert parts == {"reserve": 493_827, "members": 555_555, "staff": 92_593, "social": 92_592}
    assert sum(parts.values()) == 1_234_567


def test_split_by_percentages_requires_100():
    with pytest.raises(ValueError):
        split_by_percentages(100, {"a": Decimal("60"), "b": Decimal("30")})
    with pytest.raises(ValueError):
        split_by_percentages(100, {"a": Decimal("110"), "b": Decimal("-10")})


weights = st.dictionaries(
    st.text(min_size=1, max_size=4),
    st.one_of(
        st.integers(min_value=0, max_value=10**9),
        st.decimals(min_value=0, max_value=10**6, places=3),
        st.fractions(min_value=0, max_value=1000, max_denominator=97),
    ),
    min_size=1,
    max_size=30,
).filter(lambda w: sum(Fraction(v) for v in w.values()) > 0)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**12), max_value=10**12), weights)
def test_parts_add_up_and_stay_within_one_of_the_quota(total, w):
    parts = split_by_weights(total, w)
    assert list(parts) == list(w)
    assert sum(parts.values()) == total
    whole = sum(Fraction(v) for v in w.values())
    for key, part in parts.items():
        quota = total * Fraction(w[key]) / whole
        assert abs(part - quota) < 1
        if w[key] == 0:
            assert part == 0


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=50))
def test_equal_split_differs_by_at_most_one(total, n):
    parts = split_equal(total, range(n))
    assert sum(parts.values()) == total
    assert max(parts.values()) - min(parts.values()) <= 1
    assert sorted(parts.values(), reverse=True) == list(parts.values())
