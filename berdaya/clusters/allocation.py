"""The split of a large order across the producers of a sentra (joint production) — pure Python, no Django.

Seed 001 (Sentra Industri Tenun Ikat Bandar Kidul): a weaver gets an order too large to make alone (school
or city uniforms) and shares it with the other weavers "sesuai dengan kemampuan masing-masing, yang
penting dapat memenuhi jumlah order". This module decides how much each one makes, and says why.

The model
---------
Each producer ``i`` has a weekly capacity ``cap_i``, units already promised elsewhere (``load_i``), a
quality grade (A best, C lowest) and a distance ``d_i`` in km from where the order is collected. Over the
order period of ``days`` days it can make ``avail_i = max(0, floor(cap_i * days / 7) - load_i)`` units.

A producer is *eligible* when its grade is at least the order's minimum grade and ``avail_i > 0``. For
eligible producers we choose integers ``x_i`` (units to make) and binaries ``y_i`` (takes part) to

    minimise   Σ c_i·x_i + Σ f_i·y_i
    subject to Σ x_i = Q                       (the whole order, no more)
               L·y_i ≤ x_i ≤ avail_i·y_i       (within free capacity; nobody gets a token lot below L)

with, in cost *points* (not rupiah — the price is the same for everyone; the points rank the risk and
the effort of a unit made here):

    c_i = grade_cost[grade_i] + unit_km_cost · d_i      quality risk (more rejects from a lower grade)
                                                       and carrying each unit from farther away
    f_i = producer_cost + trip_km_cost · d_i            coordinating one more producer and one
                                                       collection trip to it

``L = min(min_lot, Q)``. It is a mixed-integer programme solved with HiGHS (``highspy``). The fixed
cost ``f_i`` is what makes it more than sorting: a far producer with a large free capacity can be worth
more than two near ones with little. If the minimum lot makes the order impossible although there is
enough free capacity (two weavers with 10 free each and an order of 15, lot 10), the lot is relaxed and
the result says so — covering the order comes first.

When ``Σ avail_i < Q`` there is no split: the result says what is missing, how many days the period
would need for the same producers to make it all, and how many more producers of average capacity would
be needed by the due date.

``greedy_split`` is the baseline the benchmark compares against: best grade first, then nearest, each
filled to its free capacity. Reasons are codes with parameters; the Django layer translates them.
"""

from __future__ import annotations

import math
import os
import sys
import threading
import time
from dataclasses import dataclass, field

GRADES = ("A", "B", "C")


@dataclass(frozen=True)
class Weights:
    grade_cost: tuple[float, float, float] = (0.0, 4.0, 10.0)  # per unit, grade A, B, C
    unit_km_cost: float = 0.2  # per unit per km
    producer_cost: float = 60.0  # per producer taking part
    trip_km_cost: float = 6.0  # per producer per km (one collection trip)

    def unit_cost(self, p: Producer) -> float:
        return self.grade_cost[GRADES.index(p.grade)] + self.unit_km_cost * p.distance_km

    def fixed_cost(self, p: Producer) -> float:
        return self.producer_cost + self.trip_km_cost * p.distance_km


@dataclass(frozen=True)
class Producer:
    id: int
    weekly_capacity: int
    current_load: int = 0
    grade: str = "B"
    distance_km: float = 0.0
    name: str = ""

    def available(self, days: int) -> int:
        return max(0, (self.weekly_capacity * days) // 7 - self.current_load)


@dataclass(frozen=True)
class OrderSpec:
    quantity: int
    days: int
    min_grade: str = "C"
    min_lot: int = 1
    weights: Weights = field(default_factory=Weights)


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict


@dataclass
class Share:
    producer: Producer
    available: int
    quantity: int
    reasons: list[Reason]


@dataclass
class Shortfall:
    missing: int
    producers: int  # eligible producers counted
    can_make: int
    days_needed: int | None  # the period that would let the same producers make it all
    extra_producers: int  # more producers of average capacity needed by the due date
    average_weekly_capacity: int
    lower_grade_would_add: int  # free capacity of producers below the minimum grade


@dataclass
class Split:
    quantity: int
    shares: list[Share]
    feasible: bool
    shortfall: Shortfall | None = None
    cost: float = 0.0
    method: str = "milp"
    lot_relaxed: bool = False
    seconds: float = 0.0
    optimal: bool = True

    @property
    def allocated(self) -> int:
        return sum(s.quantity for s in self.shares)

    def by_id(self) -> dict[int, int]:
        return {s.producer.id: s.quantity for s in self.shares}


def _eligible(p: Producer, spec: OrderSpec) -> bool:
    return GRADES.index(p.grade) <= GRADES.index(spec.min_grade)


def validate(producers: list[Producer], spec: OrderSpec) -> None:
    if spec.quantity <= 0:
        raise ValueError("quantity must be positive")
    if spec.days <= 0:
        raise ValueError("days must be positive")
    if spec.min_grade not in GRADES:
        raise ValueError("unknown grade")
    seen = set()
    for p in producers:
        if p.grade not in GRADES or p.weekly_capacity < 0 or p.current_load < 0 or p.distance_km < 0:
            raise ValueError(f"bad producer {p.id}")
        if p.id in seen:
            raise ValueError(f"duplicate producer {p.id}")
        seen.add(p.id)


def cost_of(split_by_id: dict[int, int], producers: list[Producer], weights: Weights) -> float:
    """The objective value of any split (used to compare the greedy baseline with the MILP)."""
    total = 0.0
    for p in producers:
        x = split_by_id.get(p.id, 0)
        if x > 0:
            total += weights.unit_cost(p) * x + weights.fixed_cost(p)
    return total


def shortfall(producers: list[Producer], spec: OrderSpec) -> Shortfall | None:
    eligible = [p for p in producers if _eligible(p, spec)]
    can_make = sum(p.available(spec.days) for p in eligible)
    if can_make >= spec.quantity:
        return None
    missing = spec.quantity - can_make
    weekly = sum(p.weekly_capacity for p in eligible)
    load = sum(p.current_load for p in eligible)
    # Smallest period D with Σ floor(cap_i·D/7) − load_i ≥ Q (each term at least 0): a lower bound from the
    # totals, then step up — at most a few steps, floors lose under one unit per producer.
    days_needed = None
    if weekly > 0:
        d = max(spec.days, math.ceil((spec.quantity + load) * 7 / weekly))
        while sum(max(0, (p.weekly_capacity * d) // 7 - p.current_load) for p in eligible) < spec.quantity:
            d += 1
        days_needed = d
    pool = eligible or producers
    avg = round(sum(p.weekly_capacity for p in pool) / len(pool)) if pool else 0
    per_new = (avg * spec.days) // 7
    extra = math.ceil(missing / per_new) if per_new > 0 else 0
    lower = sum(p.available(spec.days) for p in producers if not _eligible(p, spec))
    return Shortfall(
        missing=missing,
        producers=len(eligible),
        can_make=can_make,
        days_needed=days_needed,
        extra_producers=extra,
        average_weekly_capacity=avg,
        lower_grade_would_add=lower,
    )


_banner_shown = False
_banner_lock = threading.Lock()


def _new_highs(highspy):
    """A HiGHS instance; the first one in a process prints a licence banner on stdout, which we swallow so
    that ``./run`` and the server's output stay readable (output_flag cannot be set before it exists)."""
    global _banner_shown
    with _banner_lock:
        if _banner_shown:
            return highspy.Highs()
        _banner_shown = True
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as devnull:
                os.dup2(devnull.fileno(), 1)
                return highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def _solve_milp(items: list[tuple[Producer, int]], q: int, lot: int, w: Weights, time_limit: float):
    """HiGHS on variables [x_0..x_n-1, y_0..y_n-1]; returns (x list, optimal flag) or None if infeasible."""
    import highspy
    import numpy as np

    n = len(items)
    h = _new_highs(highspy)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", 1e-6)
    h.setOptionValue("threads", 1)
    lp = highspy.HighsLp()
    lp.num_col_ = 2 * n
    lp.num_row_ = 1 + 2 * n
    avail = np.array([a for _p, a in items], dtype=float)
    lp.col_cost_ = np.concatenate(
        [np.array([w.unit_cost(p) for p, _a in items]), np.array([w.fixed_cost(p) for p, _a in items])]
    )
    lp.col_lower_ = np.zeros(2 * n)
    lp.col_upper_ = np.concatenate([avail, np.ones(n)])
    # Rows: 0: Σx = Q; 1..n: x_i − avail_i·y_i ≤ 0; n+1..2n: x_i − L·y_i ≥ 0.
    inf = highspy.kHighsInf
    lp.row_lower_ = np.concatenate([[q], np.full(n, -inf), np.zeros(n)])
    lp.row_upper_ = np.concatenate([[q], np.zeros(n), np.full(n, inf)])
    # Column-wise matrix: x_i appears in rows 0, 1+i, 1+n+i (all +1); y_i in 1+i (−avail_i), 1+n+i (−L).
    starts, index, value = [], [], []
    for i in range(n):
        starts.append(len(index))
        index += [0, 1 + i, 1 + n + i]
        value += [1.0, 1.0, 1.0]
    for i in range(n):
        starts.append(len(index))
        index += [1 + i, 1 + n + i]
        value += [-avail[i], -float(lot)]
    starts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * (2 * n)
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return None
    values = h.getSolution().col_value
    if not len(values) or h.getInfo().primal_solution_status != 2:  # 2 = feasible point found
        return None
    x = [int(round(v)) for v in values[:n]]
    return x, status == highspy.HighsModelStatus.kOptimal


def _repair(x: list[int], items: list[tuple[Producer, int]], q: int) -> list[int]:
    """Make Σx = Q exactly after rounding (never needed with integral solutions; a guard, not a model)."""
    diff = q - sum(x)
    for i in range(len(x)):
        if diff == 0:
            break
        step = min(diff, items[i][1] - x[i]) if diff > 0 else -min(-diff, x[i])
        x[i] += step
        diff -= step
    return x


def _explain(
    spec: OrderSpec, producers: list[Producer], chosen: dict[int, int], lot: int, *, short: bool = False
) -> list[Share]:
    """Reasons for every producer: why all its free capacity, why part, why none."""
    w = spec.weights
    used = [p for p in producers if chosen.get(p.id, 0) > 0]
    worst_used = max((w.unit_cost(p) for p in used), default=0.0)
    shares = []
    for p in producers:
        avail = p.available(spec.days)
        x = chosen.get(p.id, 0)
        common = {"grade": p.grade, "km": p.distance_km, "available": avail, "load": p.current_load}
        reasons: list[Reason] = []
        if not _eligible(p, spec):
            reasons.append(Reason("grade_too_low", {**common, "min_grade": spec.min_grade}))
        elif avail <= 0:
            reasons.append(Reason("full", common))
        elif short:
            reasons.append(Reason("counted", common))
        elif x == 0:
            if avail < lot:
                reasons.append(Reason("below_lot", {**common, "lot": lot}))
            elif w.unit_cost(p) > worst_used:
                reasons.append(Reason("not_needed_costlier", common))
            else:
                reasons.append(Reason("not_needed_trip", common))
        elif x == avail:
            reasons.append(Reason("all_free", common))
        elif x == lot and lot > 1:
            reasons.append(Reason("minimum_lot", {**common, "lot": lot}))
        else:
            reasons.append(Reason("remainder", common))
        if x > 0 and p.current_load > 0:
            reasons.append(Reason("load_counted", common))
        shares.append(Share(producer=p, available=avail, quantity=x, reasons=reasons))
    return shares


def optimal_split(producers: list[Producer], spec: OrderSpec, *, time_limit: float = 30.0) -> Split:
    """The cheapest split (MILP, HiGHS), or, when the free capacity is short, the shortfall and no split."""
    validate(producers, spec)
    started = time.perf_counter()
    gap = shortfall(producers, spec)
    if gap is not None:
        return Split(
            quantity=spec.quantity,
            shares=_explain(spec, producers, {}, 0, short=True),
            feasible=False,
            shortfall=gap,
            seconds=time.perf_counter() - started,
        )
    items = [
        (p, p.available(spec.days)) for p in producers if _eligible(p, spec) and p.available(spec.days) > 0
    ]
    lot = max(1, min(spec.min_lot, spec.quantity))
    relaxed = False
    solved = _solve_milp(items, spec.quantity, lot, spec.weights, time_limit)
    if solved is None and lot > 1:
        relaxed, lot = True, 1
        solved = _solve_milp(items, spec.quantity, lot, spec.weights, time_limit)
    if solved is None:  # cannot happen with enough free capacity and lot 1; keep a defined answer anyway
        x, optimal = _greedy_x(items, spec.quantity, spec.weights), False
    else:
        x, optimal = solved
    x = _repair(x, items, spec.quantity)
    chosen = {p.id: xi for (p, _a), xi in zip(items, x, strict=True) if xi > 0}
    return Split(
        quantity=spec.quantity,
        shares=_explain(spec, producers, chosen, lot),
        feasible=True,
        cost=cost_of(chosen, producers, spec.weights),
        lot_relaxed=relaxed,
        seconds=time.perf_counter() - started,
        optimal=optimal,
    )


def _greedy_x(items: list[tuple[Producer, int]], q: int, w: Weights) -> list[int]:
    order = sorted(
        range(len(items)), key=lambda i: (GRADES.index(items[i][0].grade), items[i][0].distance_km)
    )
    x = [0] * len(items)
    left = q
    for i in order:
        if left <= 0:
            break
        take = min(items[i][1], left)
        x[i] = take
        left -= take
    return x


def greedy_split(producers: list[Producer], spec: OrderSpec) -> Split:
    """Baseline: best grade first, then nearest, each filled to its free capacity (the minimum lot ignored)."""
    validate(producers, spec)
    started = time.perf_counter()
    gap = shortfall(producers, spec)
    if gap is not None:
        return Split(spec.quantity, _explain(spec, producers, {}, 0, short=True), False, gap, method="greedy")
    items = [
        (p, p.available(spec.days)) for p in producers if _eligible(p, spec) and p.available(spec.days) > 0
    ]
    x = _greedy_x(items, spec.quantity, spec.weights)
    chosen = {p.id: xi for (p, _a), xi in zip(items, x, strict=True) if xi > 0}
    return Split(
        quantity=spec.quantity,
        shares=_explain(spec, producers, chosen, 1),
        feasible=True,
        cost=cost_of(chosen, producers, spec.weights),
        method="greedy",
        seconds=time.perf_counter() - started,
    )
