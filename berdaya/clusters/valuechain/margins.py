"""The value chain's arithmetic, with no Django: medians per step, margins, producer share, ijon rates.

Exact rationals (``fractions.Fraction``) throughout, so a share or a rate is what the figures say and
not what a float rounds them to; ``as_percent`` turns one into a ``Decimal`` for display. Money inputs
are integer rupiah. Nothing here knows about models: the caller passes plain numbers and dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

# The order goods travel along the chain; the same codes as ``models.Step``.
STEP_ORDER = ["craftsman", "collector", "juragan", "art_shop", "exporter", "retailer", "buyer"]
PRODUCER = "craftsman"


class InvalidContract(ValueError):
    """An advance sale whose figures make no sense (``code`` tells which rule: value, dates, months)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# --- the chain --------------------------------------------------------------------------------------


def median(values: Iterable[int]) -> Fraction:
    """Median of integer prices (the mean of the two middle ones for an even count)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("median of nothing")
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[mid])
    return Fraction(ordered[mid - 1] + ordered[mid], 2)


@dataclass(frozen=True)
class StepPrice:
    step: str
    price: Fraction  # median of the observations
    observations: int
    margin: Fraction  # what this step adds to the previous step's price (the first step: its price)
    share: Fraction  # margin / final price; the shares of all steps sum to exactly 1


@dataclass(frozen=True)
class Chain:
    steps: list[StepPrice]
    final_price: Fraction | None
    producer_share: Fraction | None  # the craftsman's price / the final price
    # Why a figure is missing or odd, as codes the page explains: "no_producer" (no craftsman price),
    # "producer_not_first" (a step before the craftsman was observed), "negative_margin" (a step sold
    # for less than it bought at: the medians come from different sales, look at the observations).
    notes: list[str] = field(default_factory=list)

    @property
    def biggest(self) -> StepPrice | None:
        """The step that keeps the largest part of the final price."""
        return max(self.steps, key=lambda s: s.share) if self.steps else None


def chain(prices: dict[str, list[int]]) -> Chain:
    """The chain from the prices observed at each step (steps without observations are left out)."""
    steps: list[StepPrice] = []
    observed = [s for s in STEP_ORDER if prices.get(s)]
    if not observed:
        return Chain(steps=[], final_price=None, producer_share=None, notes=["no_prices"])
    medians = {s: median(prices[s]) for s in observed}
    final = medians[observed[-1]]
    notes: list[str] = []
    previous = Fraction(0)
    for s in observed:
        price = medians[s]
        margin = price - previous
        if margin < 0:
            notes.append("negative_margin")
        steps.append(StepPrice(s, price, len(prices[s]), margin, margin / final))
        previous = price
    producer_share = None
    if PRODUCER in medians:
        producer_share = medians[PRODUCER] / final
        if observed[0] != PRODUCER:
            notes.append("producer_not_first")
    else:
        notes.append("no_producer")
    return Chain(steps=steps, final_price=final, producer_share=producer_share, notes=sorted(set(notes)))


def period_start(day: dt.date, by: str = "quarter") -> dt.date:
    """First day of the month or quarter holding ``day``."""
    if by == "month":
        return day.replace(day=1)
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


@dataclass(frozen=True)
class SharePoint:
    period: dt.date  # first day of the month or quarter
    producer_price: Fraction
    final_price: Fraction
    share: Fraction


def share_over_time(
    observations: Iterable[tuple[dt.date, str, int]], *, by: str = "quarter", final_step: str | None = None
) -> list[SharePoint]:
    """The producer's share per month or quarter, from (date, step, price) observations.

    The final step is the same for every period (the furthest step observed overall, unless given), so
    a period where only the juragan's price was seen is not compared with one where the buyer's was.
    Periods without both the craftsman's and the final step's prices are left out.
    """
    buckets: dict[dt.date, dict[str, list[int]]] = {}
    seen: set[str] = set()
    for day, step, price in observations:
        buckets.setdefault(period_start(day, by), {}).setdefault(step, []).append(price)
        seen.add(step)
    if final_step is None:
        later = [s for s in STEP_ORDER if s in seen and s != PRODUCER]
        if not later:
            return []
        final_step = later[-1]
    points = []
    for period in sorted(buckets):
        got = buckets[period]
        if got.get(PRODUCER) and got.get(final_step):
            producer, final = median(got[PRODUCER]), median(got[final_step])
            points.append(SharePoint(period, producer, final, producer / final))
    return points


# --- ijon and advance sales --------------------------------------------------------------------------


def months_between(start: dt.date, end: dt.date) -> Fraction:
    """Calendar months from ``start`` to ``end``: whole months, then the rest as a part of the next month.

    15 January → 15 May is exactly 4; 1 March → 16 March is 15/31.
    """
    if end <= start:
        raise InvalidContract("dates")
    whole = (end.year - start.year) * 12 + (end.month - start.month)
    if _add_months(start, whole) > end:
        whole -= 1
    anchor = _add_months(start, whole)
    following = _add_months(start, whole + 1)
    return whole + Fraction((end - anchor).days, (following - anchor).days)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Rates:
    months: Fraction
    period: Fraction  # (V − C) / C for the whole contract
    simple_annual: Fraction  # period × 12 / m
    compound_annual: Fraction  # (1 + period) ^ (12 / m) − 1; exact when 12 / m is a whole number
    exact: bool  # False when the compound rate had to be computed to 40 significant digits


def ijon_rates(*, cash: int, goods_value: int, months: Fraction | int | Decimal) -> Rates:
    """Cash C now for goods worth V at delivery in m months: the implied interest rates.

    The craftsman "borrows" C and repays with goods worth V: period rate (V − C)/C, simple annual
    rate × 12/m, compound annual rate (1 + r)^(12/m) − 1.
    """
    if cash <= 0 or goods_value <= 0:
        raise InvalidContract("amount")
    if goods_value < cash:
        raise InvalidContract("value")
    m = Fraction(months)
    if m <= 0:
        raise InvalidContract("months")
    period = Fraction(goods_value - cash, cash)
    times = 12 / m  # compounding periods in a year
    simple = period * times
    if times.denominator == 1:
        compound = (1 + period) ** times.numerator - 1
        exact = True
    else:
        with localcontext() as ctx:
            ctx.prec = 40
            base = Decimal(goods_value) / Decimal(cash)
            power = (base.ln() * Decimal(times.numerator) / Decimal(times.denominator)).exp()
            compound = Fraction(power - 1)
        exact = False
    return Rates(months=m, period=period, simple_annual=simple, compound_annual=compound, exact=exact)


def as_percent(value: Fraction, places: int = 2) -> Decimal:
    """A rate or share as a percentage Decimal rounded half-up: Fraction(3, 7) → Decimal("42.86")."""
    scaled = Fraction(value) * 100
    quantum = Decimal(1).scaleb(-places)
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(scaled.numerator) / Decimal(scaled.denominator)
        return exact.quantize(quantum, rounding=ROUND_HALF_UP)


def to_rupiah(value: Fraction) -> int:
    """A median price as whole rupiah (half up), for display and the API."""
    return int((value + Fraction(1, 2)) // 1)


def times_reference(rate: Fraction, reference: Fraction) -> Fraction | None:
    """How many times the reference rate ``rate`` is (None when the reference is zero)."""
    return rate / reference if reference else None
