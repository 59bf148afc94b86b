"""The pure line-balancing arithmetic (no database): exact capacities, bottleneck, advice, weekly flows."""

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berdaya.clusters.conveyor import balance as bal


def spec(key, order, per, workers, hours, rate, name=None):
    return bal.StageSpec.of(
        key=key,
        order=order,
        name=name or str(key),
        units_per_product=per,
        workers=workers,
        hours=hours,
        rate=rate,
    )


SHUTTLECOCK = [
    spec("bulu", 1, "16", 3, "40", "60"),
    spec("gabus", 2, "1", 2, "40", "8"),
    spec("jahit", 3, "1", 2, "35", "4"),
    spec("kemas", 4, "1", 1, "20", "30"),
]


def test_capacity_is_workers_times_hours_times_rate_over_units():
    caps = {s.key: s.capacity for s in SHUTTLECOCK}
    assert caps == {"bulu": 450, "gabus": 640, "jahit": 280, "kemas": 600}


def test_bottleneck_idle_capacity_and_advice_to_the_next_level():
    b = bal.analyse(SHUTTLECOCK)
    assert b.throughput == 280 and b.bottleneck_keys == ["jahit"]
    positions = {r.spec.key: r.position for r in b.stages}
    assert positions == {
        "bulu": "upstream",
        "gabus": "upstream",
        "jahit": "bottleneck",
        "kemas": "downstream",
    }
    idle = {r.spec.key: r.idle for r in b.stages}
    assert idle == {"bulu": 170, "gabus": 360, "jahit": 0, "kemas": 320}
    hours = {r.spec.key: r.idle_worker_hours for r in b.stages}
    assert hours["bulu"] == Fraction(170 * 16, 60) and hours["kemas"] == Fraction(320, 30)
    # Target: the next-slowest stage (feathers, 450 a week).
    assert (b.target, b.target_source, b.target_key) == (450, "next_stage", "bulu")
    [advised] = b.advised
    a = advised.advice
    assert advised.spec.key == "jahit"
    assert (a.workers_needed, a.extra_workers) == (4, 2)  # ⌈450 ÷ (35×4)⌉ = ⌈3,21⌉
    assert (a.hours_needed, a.extra_hours, a.hours_feasible) == (57, 22, True)  # ⌈450 ÷ (2×4)⌉ = ⌈56,25⌉


def test_demand_sets_the_target_for_every_stage_below_it():
    b = bal.analyse(SHUTTLECOCK, demand=600)
    assert b.meets_demand is False and b.target == 600 and b.target_source == "demand"
    advice = {r.spec.key: r.advice for r in b.advised}
    assert set(advice) == {"bulu", "jahit"}  # cork heads (640) and packing (600) already reach 600
    assert (advice["bulu"].workers_needed, advice["bulu"].extra_workers) == (4, 1)  # 9.600 feathers ÷ 2.400
    assert advice["bulu"].hours_needed == 54  # 9.600 ÷ (3×60) = 53,3
    assert (advice["jahit"].workers_needed, advice["jahit"].hours_needed) == (5, 75)
    assert advice["jahit"].hours_feasible is False  # 75 hours a week: add workers instead


def test_demand_met_needs_no_advice():
    b = bal.analyse(SHUTTLECOCK, demand=250)
    assert b.meets_demand is True and b.advised == []


def test_balanced_line_has_no_target_and_empty_line_nothing():
    b = bal.analyse([spec(1, 1, 1, 1, 10, 2), spec(2, 2, 2, 2, 10, 2)])
    assert b.throughput == 20 and b.bottleneck_keys == [1, 2] and b.target is None and b.advised == []
    empty = bal.analyse([])
    assert empty.throughput is None and empty.stages == []


def test_a_stage_with_nobody_is_the_bottleneck_and_only_workers_help():
    b = bal.analyse([spec("a", 1, 1, 0, 40, 5), spec("b", 2, 1, 2, 40, 5)])
    assert b.throughput == 0 and b.bottleneck_keys == ["a"]
    a = b.advised[0].advice
    assert (a.workers_needed, a.hours_needed, a.hours_feasible) == (2, None, False)


def test_invalid_specs_are_refused():
    with pytest.raises(ValueError):
        spec("x", 1, 0, 1, 1, 1)
    with pytest.raises(ValueError):
        spec("x", 1, 1, -1, 1, 1)


def test_flow_history_counts_work_in_progress():
    w1 = dt.date(2025, 10, 6)
    produced = {
        w1: {"bulu": 6400, "gabus": 600, "jahit": 260, "kemas": 240},
        w1 + dt.timedelta(days=7): {"bulu": 7040, "gabus": 620, "jahit": 275, "kemas": 290},
        w1 + dt.timedelta(days=14): {"bulu": 7200, "gabus": 640, "jahit": 270, "kemas": 270},
    }
    h = bal.flow_history(SHUTTLECOCK, produced)
    assert [w.finished for w in h.weeks] == [240, 290, 270]
    assert [w.finished_total for w in h.weeks] == [240, 530, 800]
    # Week 2 packed 290 although binding made 275 that week: 20 bound shuttlecocks waited from week 1.
    assert h.weeks[0].stages["jahit"].wip_units == 20
    assert h.scarcest_keys == ["jahit"] and h.limiting_keys == ["kemas"]
    assert h.average_finished == Fraction(800, 3)
    piles = {p.key: p for p in h.pileups}
    assert set(piles) == {"bulu", "gabus"}
    assert (piles["bulu"].first_wip_units, piles["bulu"].last_wip_units) == (2560, 7840)
    assert piles["bulu"].last_wip_products == 490
    assert piles["gabus"].growth_units == 700


def test_a_week_missing_a_stage_made_nothing_there():
    w1 = dt.date(2025, 10, 6)
    h = bal.flow_history(SHUTTLECOCK, {w1: {"bulu": 1600, "gabus": 100, "jahit": 100}})
    assert h.weeks[0].finished == 0 and h.weeks[0].limiting_keys == ["kemas"]
    assert bal.flow_history([], {w1: {}}).weeks == []
    assert bal.flow_history(SHUTTLECOCK, {}).weeks == []


def test_helpers():
    assert bal.monday(dt.date(2025, 10, 9)) == dt.date(2025, 10, 6)
    assert bal.ceil_frac(Fraction(7, 2)) == 4 and bal.ceil_frac(Fraction(4)) == 4
    assert bal.fmt(Fraction(1, 3), 2) == "0.33" and bal.fmt(None) == ""
    assert bal.frac(0.1) == Fraction(1, 10)


# --- properties -------------------------------------------------------------------------------------

stage_st = st.tuples(
    st.integers(1, 40),  # units per product
    st.integers(0, 25),  # workers
    st.integers(1, 60),  # hours
    st.fractions(min_value=Fraction(1, 4), max_value=Fraction(200), max_denominator=8),  # rate
)


def _specs(rows):
    return [spec(i, i + 1, per, w, h, r) for i, (per, w, h, r) in enumerate(rows)]


@settings(max_examples=300, deadline=None)
@given(st.lists(stage_st, min_size=1, max_size=8))
def test_throughput_never_exceeds_any_stage(rows):
    b = bal.analyse(_specs(rows))
    assert all(b.throughput <= r.capacity for r in b.stages)
    assert any(b.throughput == r.capacity for r in b.stages)
    assert all((r.position == "bottleneck") == (r.capacity == b.throughput) for r in b.stages)
    assert all(r.idle >= 0 for r in b.stages)


@settings(max_examples=300, deadline=None)
@given(st.lists(stage_st, min_size=2, max_size=8))
def test_adding_the_advised_workers_removes_that_bottleneck(rows):
    specs = _specs(rows)
    b = bal.analyse(specs)
    if b.target is None:  # balanced line: nothing to advise
        assert b.advised == []
        return
    after = bal.analyse(bal.with_advice(specs, b, by="workers"))
    # Every old bottleneck now reaches the next level, so the line finishes more than before.
    assert after.throughput >= b.target > b.throughput
    for key in b.bottleneck_keys:
        new = next(r for r in after.stages if r.spec.key == key)
        assert new.capacity >= b.target


@settings(max_examples=300, deadline=None)
@given(st.lists(stage_st, min_size=1, max_size=8), st.integers(1, 5000))
def test_following_the_advice_meets_the_demand(rows, demand):
    specs = _specs(rows)
    b = bal.analyse(specs, demand=demand)
    after = bal.analyse(bal.with_advice(specs, b, by="workers"))
    if all(r.advice is None or r.advice.workers_needed is not None for r in b.stages):
        assert after.throughput >= demand
    by_hours = bal.analyse(bal.with_advice(specs, b, by="hours"))
    if all(r.advice is None or r.advice.hours_needed is not None for r in b.stages):
        assert by_hours.throughput >= demand


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(1, 20), min_size=1, max_size=5),
    st.lists(st.lists(st.integers(0, 500), min_size=5, max_size=5), min_size=1, max_size=10),
)
def test_finished_never_exceeds_any_stage_and_never_goes_down(pers, weeks):
    specs = [spec(i, i + 1, per, 1, 1, 1) for i, per in enumerate(pers)]
    produced = {
        dt.date(2025, 1, 6) + dt.timedelta(days=7 * i): {s.key: row[s.key] for s in specs}
        for i, row in enumerate(weeks)
    }
    h = bal.flow_history(specs, produced)
    for w in h.weeks:
        assert w.finished >= 0
        for s in specs:
            assert w.finished_total * s.units_per_product <= w.stages[s.key].cumulative_units
            assert w.stages[s.key].wip_units >= 0
