"""The pure split (berdaya.clusters.allocation): worked examples and properties."""

from hypothesis import given, settings
from hypothesis import strategies as st

from berdaya.clusters.allocation import GRADES, OrderSpec, Producer, cost_of, greedy_split, optimal_split

# Seed 001-like weavers over 14 days: free 250, 160, 100, 80 and a grade-C one with 40.
WEAVERS = [
    Producer(1, 150, 50, "A", 0.5, "Bandar Jaya"),
    Producer(2, 80, 0, "A", 1.2, "Kurnia"),
    Producer(3, 60, 20, "B", 2.0, "Sumber Rejeki"),
    Producer(4, 40, 0, "B", 1.0, "Endang"),
    Producer(5, 20, 0, "C", 0.8, "Didik"),
]


def codes(split, pid):
    return [r.code for s in split.shares if s.producer.id == pid for r in s.reasons]


def test_an_order_split_by_capacity():
    """500 pieces, grade B or better, lot 20: both A weavers full, the rest from ONE B weaver.

    Endang is cheaper per unit (nearer) but has only 80 free; using her means a second trip for the
    last 10 (lot 20), so Sumber Rejeki alone makes the 90 — one trip fewer.
    """
    split = optimal_split(WEAVERS, OrderSpec(quantity=500, days=14, min_grade="B", min_lot=20))
    assert split.feasible and split.optimal
    assert split.by_id() == {1: 250, 2: 160, 3: 90, 4: 0, 5: 0}
    assert codes(split, 1) == ["all_free", "load_counted"]
    assert codes(split, 2) == ["all_free"]
    assert codes(split, 3) == ["remainder", "load_counted"]
    assert codes(split, 4) == ["not_needed_trip"]
    assert codes(split, 5) == ["grade_too_low"]
    # 250·0.1+60+3 + 160·0.24+60+7.2 + 90·4.4+60+12 — the objective the docstring describes
    assert round(split.cost, 6) == round(25 + 63 + 38.4 + 67.2 + 396 + 72, 6)


def test_an_impossible_order_says_what_is_missing():
    split = optimal_split(WEAVERS, OrderSpec(quantity=1000, days=14, min_grade="B"))
    assert not split.feasible and split.allocated == 0
    gap = split.shortfall
    assert (gap.missing, gap.producers, gap.can_make) == (410, 4, 590)
    # 330 a week, 70 already promised: 23 days make 442 + 262 + 177 + 131 = 1012 (22 days: 965)
    assert gap.days_needed == 23
    assert gap.average_weekly_capacity == 82 and gap.extra_producers == 3  # 164 each in 14 days
    assert gap.lower_grade_would_add == 40


def test_lot_is_relaxed_rather_than_leaving_the_order_uncovered():
    two = [Producer(1, 5, 0, "A", 1.0), Producer(2, 5, 0, "A", 1.0)]
    split = optimal_split(two, OrderSpec(quantity=15, days=14, min_lot=10))
    assert split.feasible and split.lot_relaxed and split.allocated == 15


def test_greedy_baseline_fills_best_grade_then_nearest():
    split = greedy_split(WEAVERS, OrderSpec(quantity=500, days=14, min_grade="B"))
    assert split.by_id() == {1: 250, 2: 160, 3: 0, 4: 80, 5: 0} | {3: 10}
    assert split.cost >= optimal_split(WEAVERS, OrderSpec(quantity=500, days=14, min_grade="B")).cost


producer = st.builds(
    Producer,
    id=st.integers(),
    weekly_capacity=st.integers(0, 120),
    current_load=st.integers(0, 200),
    grade=st.sampled_from(GRADES),
    distance_km=st.floats(0, 40, allow_nan=False).map(lambda v: round(v, 1)),
)
producers = st.lists(producer, min_size=0, max_size=9, unique_by=lambda p: p.id)
specs = st.builds(
    OrderSpec,
    quantity=st.integers(1, 900),
    days=st.integers(1, 45),
    min_grade=st.sampled_from(GRADES),
    min_lot=st.integers(1, 40),
)


@settings(max_examples=150, deadline=None)
@given(producers, specs)
def test_a_split_never_exceeds_a_capacity_and_covers_the_order_when_it_can(ps, spec):
    split = optimal_split(ps, spec)
    eligible = [p for p in ps if GRADES.index(p.grade) <= GRADES.index(spec.min_grade)]
    can_make = sum(p.available(spec.days) for p in eligible)
    for s in split.shares:
        assert 0 <= s.quantity <= s.available == s.producer.available(spec.days)
        if s.producer not in eligible:
            assert s.quantity == 0
    if can_make >= spec.quantity:
        assert split.feasible and split.allocated == spec.quantity
        if not split.lot_relaxed:
            lot = min(spec.min_lot, spec.quantity)
            assert all(s.quantity == 0 or s.quantity >= lot for s in split.shares)
    else:
        assert not split.feasible and split.allocated == 0
        assert split.shortfall.missing == spec.quantity - can_make


@settings(max_examples=80, deadline=None)
@given(producers, specs)
def test_the_exact_split_is_never_costlier_than_greedy(ps, spec):
    spec = OrderSpec(spec.quantity, spec.days, spec.min_grade, 1)  # greedy ignores the lot
    best, greedy = optimal_split(ps, spec), greedy_split(ps, spec)
    assert best.feasible == greedy.feasible
    if best.feasible:
        assert best.cost <= greedy.cost + 1e-6
        assert best.cost == cost_of(best.by_id(), ps, spec.weights)


def test_splitting_prints_nothing_on_stdout():
    """HiGHS announces itself on its first instance in a process; ./run's and the server's output stay clean.

    A fresh interpreter, because the banner comes only once per process.
    """
    import subprocess
    import sys

    code = (
        "from berdaya.clusters.allocation import OrderSpec, Producer, optimal_split\n"
        "s = optimal_split([Producer(1, 50, 0, 'A', 1.0, 'x')], OrderSpec(quantity=20, days=7))\n"
        "assert s.feasible\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == ""
