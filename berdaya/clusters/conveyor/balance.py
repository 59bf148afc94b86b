"""Line balancing for conveyor-belt (*ban berjalan*) production — pure arithmetic, no Django.

Seed 003: one product (a shuttlecock, a bird cage) is made of components, each made by a different group,
and put together at the finishing. The line can finish no more products a week than its slowest stage
allows. Everything here is exact (``Fraction``), so "is this stage the bottleneck" never depends on a
rounding; callers round only for display.

* A stage's capacity in products per week = workers × hours per worker × output per worker-hour ÷ units
  per product (16 feathers make one shuttlecock, so 16 feathers is one product's worth).
* The line's throughput is the smallest capacity; the stage(s) at that capacity are the bottleneck.
* Every other stage has idle capacity (what it could make beyond what the line can finish), upstream of
  the bottleneck (its components pile up in front of it) or downstream (it waits for work).
* Advice: how many workers — or how many hours a week each — a stage needs to reach a target: a demand
  figure when one is given, otherwise the next capacity level above the bottleneck (raising the bottleneck
  any further gains nothing until the next-slowest stage grows too). Workers and hours are rounded UP, so
  following the advice always reaches the target.
* From recorded weekly output: products finished per week limited by the scarcest component counting
  the work in progress carried from earlier weeks, and the work in progress piling up at each stage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

#: Above this many hours per worker a week, "work longer" is not advice a group can follow.
MAX_HOURS = Fraction(60)


def frac(value) -> Fraction:
    """Exact fraction of an int, Decimal, Fraction or decimal string (a float goes through its repr)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def ceil_frac(value: Fraction) -> int:
    return -((-value.numerator) // value.denominator)


def rounded(value: Fraction, places: int = 1) -> Decimal:
    """For display only: half up to ``places`` decimals."""
    q = Decimal(1).scaleb(-places)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(q, rounding="ROUND_HALF_UP")


@dataclass(frozen=True)
class StageSpec:
    key: Hashable
    order: int
    name: str
    units_per_product: Fraction
    workers: int
    hours: Fraction  # per worker per week
    rate: Fraction  # units per worker-hour

    @classmethod
    def of(cls, *, key, order, name, units_per_product, workers, hours, rate) -> StageSpec:
        spec = cls(key, int(order), name, frac(units_per_product), int(workers), frac(hours), frac(rate))
        if spec.units_per_product <= 0:
            raise ValueError("units per product must be above zero")
        if spec.workers < 0 or spec.hours < 0 or spec.rate < 0:
            raise ValueError("workers, hours and rate cannot be negative")
        return spec

    @property
    def capacity(self) -> Fraction:
        """Products per week this stage can supply."""
        return self.workers * self.hours * self.rate / self.units_per_product

    def units_for(self, products: Fraction) -> Fraction:
        return products * self.units_per_product


@dataclass(frozen=True)
class Advice:
    target: Fraction  # products per week to reach
    source: str  # "demand" or "next_stage"
    source_key: Hashable | None  # the stage that sets the target (next_stage)
    workers_needed: int | None  # None: the stage has no hours or rate, workers cannot help
    extra_workers: int | None
    hours_needed: int | None  # per worker per week; None: nobody works there
    extra_hours: int | None
    hours_feasible: bool


@dataclass(frozen=True)
class StageResult:
    spec: StageSpec
    capacity: Fraction
    position: str  # "bottleneck", "upstream", "downstream"
    idle: Fraction  # products per week beyond the throughput
    idle_worker_hours: Fraction | None  # worker-hours a week that idle capacity stands for
    share_of_max: Fraction  # capacity ÷ the largest capacity (for drawing)
    advice: Advice | None


@dataclass(frozen=True)
class LineBalance:
    stages: list[StageResult]
    throughput: Fraction | None
    bottleneck_keys: list[Hashable]
    target: Fraction | None
    target_source: str | None  # "demand", "next_stage" or None (balanced line, no demand)
    target_key: Hashable | None
    demand: Fraction | None
    meets_demand: bool | None

    @property
    def bottlenecks(self) -> list[StageResult]:
        return [s for s in self.stages if s.position == "bottleneck"]

    @property
    def advised(self) -> list[StageResult]:
        return [s for s in self.stages if s.advice is not None]


def advise(spec: StageSpec, target: Fraction, source: str, source_key=None, *, max_hours=MAX_HOURS) -> Advice:
    """Workers (at today's hours) or hours per worker (with today's workers) to supply ``target`` a week."""
    units = spec.units_for(target)
    per_worker = spec.hours * spec.rate  # units one worker makes a week
    workers_needed = ceil_frac(units / per_worker) if per_worker > 0 else None
    hours_needed = (
        ceil_frac(units / (spec.workers * spec.rate)) if spec.workers > 0 and spec.rate > 0 else None
    )
    return Advice(
        target=target,
        source=source,
        source_key=source_key,
        workers_needed=workers_needed,
        extra_workers=None if workers_needed is None else max(0, workers_needed - spec.workers),
        hours_needed=hours_needed,
        extra_hours=None if hours_needed is None else max(0, ceil_frac(hours_needed - spec.hours)),
        hours_feasible=hours_needed is not None and hours_needed <= max_hours,
    )


def analyse(specs: Iterable[StageSpec], demand=None, *, max_hours=MAX_HOURS) -> LineBalance:
    """Capacities, throughput, bottleneck(s), idle capacity and advice for a line's stages."""
    specs = sorted(specs, key=lambda s: (s.order, str(s.key)))
    demand_f = frac(demand) if demand not in (None, "") else None
    if not specs:
        return LineBalance([], None, [], None, None, None, demand_f, None)
    caps = {s.key: s.capacity for s in specs}
    throughput = min(caps.values())
    bottleneck_keys = [s.key for s in specs if caps[s.key] == throughput]
    first_bottleneck = min(s.order for s in specs if s.key in bottleneck_keys)
    largest = max(caps.values())

    target_key = None
    if demand_f is not None:
        target, source = demand_f, "demand"
    else:
        higher = [s for s in specs if caps[s.key] > throughput]
        if higher:
            nxt = min(higher, key=lambda s: (caps[s.key], s.order))
            target, source, target_key = caps[nxt.key], "next_stage", nxt.key
        else:
            target, source = None, None

    results = []
    for s in specs:
        cap = caps[s.key]
        if cap == throughput:
            position = "bottleneck"
        elif s.order < first_bottleneck:
            position = "upstream"
        else:
            position = "downstream"
        idle = cap - throughput
        idle_hours = s.units_for(idle) / s.rate if s.rate > 0 else None
        advice = None
        if target is not None and cap < target:
            advice = advise(s, target, source, target_key, max_hours=max_hours)
        results.append(
            StageResult(
                spec=s,
                capacity=cap,
                position=position,
                idle=idle,
                idle_worker_hours=idle_hours,
                share_of_max=cap / largest if largest > 0 else Fraction(0),
                advice=advice,
            )
        )
    return LineBalance(
        stages=results,
        throughput=throughput,
        bottleneck_keys=bottleneck_keys,
        target=target,
        target_source=source,
        target_key=target_key,
        demand=demand_f,
        meets_demand=None if demand_f is None else throughput >= demand_f,
    )


def with_advice(specs: Iterable[StageSpec], balance: LineBalance, *, by: str = "workers") -> list[StageSpec]:
    """The stages as they would be after following the advice (``by`` "workers" or "hours")."""
    advice = {r.spec.key: r.advice for r in balance.stages if r.advice is not None}
    out = []
    for s in specs:
        a = advice.get(s.key)
        if a is None:
            out.append(s)
        elif by == "workers" and a.workers_needed is not None:
            out.append(
                StageSpec(s.key, s.order, s.name, s.units_per_product, a.workers_needed, s.hours, s.rate)
            )
        elif by == "hours" and a.hours_needed is not None:
            out.append(
                StageSpec(
                    s.key, s.order, s.name, s.units_per_product, s.workers, Fraction(a.hours_needed), s.rate
                )
            )
        else:
            out.append(s)
    return out


# --- recorded weekly flows --------------------------------------------------------------------------


@dataclass(frozen=True)
class StageWeek:
    produced: int  # units this week
    equivalent: Fraction  # products' worth this week
    cumulative_units: int
    cumulative_products: int  # whole products' worth made so far
    wip_units: Fraction  # made but not yet in a finished product
    wip_products: Fraction


@dataclass(frozen=True)
class WeekResult:
    week: dt.date
    finished: int  # products finished this week
    finished_total: int
    limiting_keys: list[Hashable]  # stage(s) whose cumulative output decided the finished count
    scarcest_keys: list[Hashable]  # the scarcest component(s) before the finishing stage
    stages: dict[Hashable, StageWeek]


@dataclass(frozen=True)
class PileUp:
    key: Hashable
    first_wip_units: Fraction
    last_wip_units: Fraction
    growth_units: Fraction
    last_wip_products: Fraction


@dataclass(frozen=True)
class FlowHistory:
    weeks: list[WeekResult]
    average_finished: Fraction | None
    limiting_keys: list[Hashable]  # at the end of the last week
    scarcest_keys: list[Hashable] = field(default_factory=list)  # at the end of the last week
    pileups: list[PileUp] = field(default_factory=list)


def flow_history(
    specs: Iterable[StageSpec], produced: Mapping[dt.date, Mapping[Hashable, int]]
) -> FlowHistory:
    """Finished products per week from each stage's recorded output.

    Cumulatively, a line can have finished only as many products as its scarcest component allows:
    ``finished so far = min over stages of ⌊units made so far ÷ units per product⌋``. What a week finished
    is the growth of that figure, so a component made last week and used this week counts this week —
    that is the work in progress. A stage missing from a week made nothing that week.
    """
    specs = sorted(specs, key=lambda s: (s.order, str(s.key)))
    weeks_out: list[WeekResult] = []
    if not specs:
        return FlowHistory([], None, [])
    cum = {s.key: 0 for s in specs}
    finished_before = 0
    for week in sorted(produced):
        row = produced[week]
        for s in specs:
            cum[s.key] += int(row.get(s.key, 0) or 0)
        whole = {s.key: int(Fraction(cum[s.key]) // s.units_per_product) for s in specs}
        finished_total = min(whole.values())
        limiting = [s.key for s in specs if whole[s.key] == finished_total]
        # The finishing stage can only finish what reaches it, so it is always among the "limiting" ones
        # in a consistent record; the question a group asks is which COMPONENT ran short.
        components = specs[:-1] or specs
        scarce = min(whole[s.key] for s in components)
        scarcest = [s.key for s in components if whole[s.key] == scarce]
        stage_weeks = {}
        for s in specs:
            made = int(row.get(s.key, 0) or 0)
            wip_units = cum[s.key] - s.units_for(Fraction(finished_total))
            stage_weeks[s.key] = StageWeek(
                produced=made,
                equivalent=Fraction(made) / s.units_per_product,
                cumulative_units=cum[s.key],
                cumulative_products=whole[s.key],
                wip_units=wip_units,
                wip_products=wip_units / s.units_per_product,
            )
        weeks_out.append(
            WeekResult(
                week=week,
                finished=finished_total - finished_before,
                finished_total=finished_total,
                limiting_keys=limiting,
                scarcest_keys=scarcest,
                stages=stage_weeks,
            )
        )
        finished_before = finished_total
    if not weeks_out:
        return FlowHistory([], None, [])
    last = weeks_out[-1]
    # Work in progress piles up in front of the scarcest component: at the stages before it on the line.
    first_scarce = min(s.order for s in specs if s.key in last.scarcest_keys)
    pileups = []
    for s in specs:
        first_wip = weeks_out[0].stages[s.key].wip_units
        last_wip = last.stages[s.key].wip_units
        if s.order < first_scarce and last_wip > first_wip:
            pileups.append(
                PileUp(
                    key=s.key,
                    first_wip_units=first_wip,
                    last_wip_units=last_wip,
                    growth_units=last_wip - first_wip,
                    last_wip_products=last.stages[s.key].wip_products,
                )
            )
    return FlowHistory(
        weeks=weeks_out,
        average_finished=Fraction(last.finished_total, len(weeks_out)),
        limiting_keys=last.limiting_keys,
        scarcest_keys=last.scarcest_keys,
        pileups=pileups,
    )


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def fmt(value: Fraction | None, places: int = 1) -> str:
    """Plain decimal text (dot, no thousands separator) for SVG attributes and machine output."""
    if value is None:
        return ""
    return f"{rounded(value, places):f}"


__all__ = [
    "MAX_HOURS",
    "Advice",
    "FlowHistory",
    "LineBalance",
    "PileUp",
    "StageResult",
    "StageSpec",
    "WeekResult",
    "advise",
    "analyse",
    "ceil_frac",
    "flow_history",
    "fmt",
    "frac",
    "monday",
    "rounded",
    "with_advice",
]
