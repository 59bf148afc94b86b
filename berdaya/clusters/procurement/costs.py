"""The money of a joint purchase, as pure calculations (stdlib only, no Django).

* ``choose_break``: the price for a quantity is the best (cheapest) break whose minimum it reaches.
* ``split``: the supplier's total at the aggregated quantity, each member's share of it — their
  quantity × the agreed unit price plus the delivery cost shared by quantity by largest remainder, so
  the parts add up EXACTLY to the total — and each member's saving against buying their own quantity
  alone (their own break, plus the whole delivery cost or a configured solo delivery cost).
* ``allot``: a short delivery shared pro rata to the needs, in whole units, by largest remainder.

Results are plain numbers with the facts that explain them (which break, why); the wording is the
caller's (``queries.explain_*``), so this module stays testable without Django.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from berdaya.books.shares import split_by_weights

__all__ = ["Break", "MemberShare", "Pricing", "Split", "allot", "choose_break", "price", "split"]


@dataclass(frozen=True)
class Break:
    min_quantity: int
    unit_price: int


@dataclass(frozen=True)
class Pricing:
    quantity: int
    unit_price: int | None  # None: the quantity reaches no break (below the supplier's minimum)
    break_min: int | None
    goods: int | None  # quantity × unit price
    next_break: Break | None  # the next cheaper break not yet reached, to show how far away it is

    @property
    def reached(self) -> bool:
        return self.unit_price is not None


@dataclass(frozen=True)
class MemberShare:
    key: Hashable
    quantity: int
    goods: int  # quantity × the joint unit price
    delivery: int  # this member's part of the delivery cost (by quantity, largest remainder)
    total: int
    solo: Pricing  # buying the same quantity alone
    solo_delivery: int
    solo_total: int | None  # None: could not buy alone (below the supplier's minimum)
    saving: int | None


@dataclass(frozen=True)
class Split:
    pricing: Pricing
    delivery_cost: int
    total: int  # what the supplier is paid: goods + delivery
    shares: list[MemberShare]

    @property
    def saving(self) -> int:
        return sum(s.saving for s in self.shares if s.saving is not None)


def _check(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} must be a whole number, not negative")
    return value


def choose_break(breaks: Iterable[Break], quantity: int) -> Break | None:
    """The cheapest break whose minimum ``quantity`` reaches (ties: the higher minimum), or None."""
    reached = [b for b in breaks if b.min_quantity <= quantity]
    if not reached:
        return None
    return min(reached, key=lambda b: (b.unit_price, -b.min_quantity))


def price(breaks: Iterable[Break], quantity: int) -> Pricing:
    breaks = list(breaks)
    _check(quantity, "quantity")
    chosen = choose_break(breaks, quantity)
    current = chosen.unit_price if chosen else None
    cheaper = [b for b in breaks if b.min_quantity > quantity and (current is None or b.unit_price < current)]
    nxt = min(cheaper, key=lambda b: (b.min_quantity, b.unit_price)) if cheaper else None
    if chosen is None:
        return Pricing(quantity, None, None, None, nxt)
    return Pricing(quantity, chosen.unit_price, chosen.min_quantity, quantity * chosen.unit_price, nxt)


def split(
    breaks: Iterable[Break],
    needs: Mapping[Hashable, int],
    *,
    delivery_cost: int = 0,
    solo_delivery_cost: int | None = None,
    unit_price: int | None = None,
) -> Split:
    """Share a joint order among ``needs`` (key → whole units, in the order given: ties follow it).

    ``unit_price`` fixes the joint price (an order already placed at an agreed price); otherwise the
    break the aggregated quantity reaches is used. Raises ``ValueError`` when the joint quantity
    reaches no break and no price is given.
    """
    breaks = list(breaks)
    _check(delivery_cost, "delivery cost")
    if solo_delivery_cost is not None:
        _check(solo_delivery_cost, "solo delivery cost")
    for q in needs.values():
        _check(q, "quantity")
    quantity = sum(needs.values())
    if unit_price is None:
        pricing = price(breaks, quantity)
        if not pricing.reached:
            raise ValueError("the joint quantity reaches no price break")
    else:
        _check(unit_price, "unit price")
        pricing = Pricing(quantity, unit_price, None, quantity * unit_price, None)
    # Delivery is shared by quantity: who takes more of the load pays more of the truck. With no
    # quantity at all there is nothing to share it over; the caller refuses to order an empty purchase.
    delivery = split_by_weights(delivery_cost, dict(needs)) if quantity else dict.fromkeys(needs, 0)
    solo_delivery = delivery_cost if solo_delivery_cost is None else solo_delivery_cost
    shares = []
    for key, q in needs.items():
        goods = q * pricing.unit_price
        total = goods + delivery[key]
        solo = price(breaks, q)
        solo_total = solo.goods + solo_delivery if solo.reached else None
        shares.append(
            MemberShare(
                key=key,
                quantity=q,
                goods=goods,
                delivery=delivery[key],
                total=total,
                solo=solo,
                solo_delivery=solo_delivery,
                solo_total=solo_total,
                saving=None if solo_total is None else solo_total - total,
            )
        )
    return Split(pricing, delivery_cost, pricing.goods + delivery_cost, shares)


def allot(delivered: int, needs: Mapping[Hashable, int]) -> dict[Hashable, int]:
    """Share ``delivered`` whole units pro rata to ``needs`` (largest remainder; nobody above their need).

    A delivery at least as large as the needs gives everyone their need.
    """
    _check(delivered, "delivered")
    total = sum(needs.values())
    if delivered >= total:
        return dict(needs)
    # floor(q·D/Q) ≤ q, and the extra unit goes only where q·D/Q has a fraction, i.e. is below q.
    return split_by_weights(delivered, dict(needs))
