"""Splitting an integer rupiah amount into parts that add up to it exactly (largest remainder).

Pure calculations (stdlib only, no Django). Used wherever a pool is shared: SHU by services and
capital, share-out of a savings group, cost sharing, an arisan slot held by several people, covering a
defaulter's instalment in tanggung renteng.

Method (Hamilton / largest remainder): every key's exact quota total·w/W is computed as a fraction;
each key first gets the quota rounded down; the rupiah still left (fewer than the number of keys) go
one each to the keys with the largest fractional remainders. **Ties** are broken by the order the keys
were given in (earlier key first), so the same input always splits the same way: callers that need a
particular tie order (e.g. member number) pass the keys in that order. Every part is therefore within
one rupiah of its exact quota, and a key with weight 0 gets 0.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar, overload

__all__ = ["split_by_percentages", "split_by_weights", "split_equal"]

K = TypeVar("K", bound=Hashable)
Weight = int | Decimal | Fraction


def _weight(value: object) -> Fraction:
    # Floats are refused: 0.1 as a float is not one tenth, and the split must be exact.
    if isinstance(value, bool) or not isinstance(value, int | Decimal | Fraction):
        raise TypeError("weights must be int, Decimal or Fraction")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError("weights must be finite")
    weight = Fraction(value)
    if weight < 0:
        raise ValueError("weights must not be negative")
    return weight


def _split(total: int, weights: list[Fraction]) -> list[int]:
    if isinstance(total, bool) or not isinstance(total, int):
        raise TypeError("total must be a whole number of rupiah")
    if total < 0:
        # A loss is shared like a surplus, by symmetry: split the amount, then negate every part.
        return [-part for part in _split(-total, weights)]
    whole = sum(weights, Fraction(0))
    if whole == 0:
        if total == 0:
            return [0] * len(weights)
        raise ValueError("cannot split a non-zero total when the weights add up to zero")
    quotas = [total * w / whole for w in weights]
    parts = [math.floor(q) for q in quotas]
    left = total - sum(parts)
    # Largest fractional remainder first; sorted() is stable, so equal remainders keep the given order.
    by_remainder = sorted(range(len(quotas)), key=lambda i: quotas[i] - parts[i], reverse=True)
    for i in by_remainder[:left]:
        parts[i] += 1
    return parts


@overload
def split_by_weights(total: int, weights: Mapping[K, Weight]) -> dict[K, int]: ...
@overload
def split_by_weights(total: int, weights: Sequence[Weight]) -> list[int]: ...
def split_by_weights(total, weights):
    """Split ``total`` rupiah in proportion to ``weights`` by largest remainder; parts add up exactly.

    ``weights`` maps each key to an int, Decimal or Fraction weight (floats are refused); the result
    maps the same keys, in the same order, to whole rupiah. A plain sequence of weights is accepted too
    and gives a list of parts in the same order. Ties go to the key given first. A negative ``total``
    (a loss) is split as its absolute value and negated. Raises ``ValueError`` for a negative weight, or
    for weights adding up to zero when ``total`` is not zero; ``TypeError`` for a float.
    """
    if isinstance(weights, Mapping):
        keys = list(weights)
        return dict(zip(keys, _split(total, [_weight(weights[k]) for k in keys]), strict=True))
    return _split(total, [_weight(w) for w in weights])


def split_equal(total: int, keys: Iterable[K]) -> dict[K, int]:
    """Split ``total`` rupiah equally over ``keys``; the first keys get the extra rupiah.

    E.g. Rp100 over three members → 34, 33, 33. Raises ``ValueError`` for repeated keys, or for no keys
    when ``total`` is not zero.
    """
    keys = list(keys)
    if len(set(keys)) != len(keys):
        raise ValueError("keys must be distinct")
    return split_by_weights(total, dict.fromkeys(keys, 1))


def split_by_percentages(total: int, percents: Mapping[K, Decimal]) -> dict[K, int]:
    """Split ``total`` rupiah by percentages that must add up to exactly 100 (e.g. SHU by the bylaws).

    A pool only partly allocated is the caller's to complete: add a "rest" key with the missing
    percentage. Raises ``ValueError`` when the percentages do not add up to 100 or one is negative.
    """
    whole = sum((_weight(p) for p in percents.values()), Fraction(0))
    if whole != 100:
        raise ValueError("percentages must add up to exactly 100")
    return split_by_weights(total, percents)
