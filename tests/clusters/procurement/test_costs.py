"""The pure cost module: break choice, exact split, savings, pro-rata shortfall (no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from berdaya.clusters.procurement import costs
from berdaya.clusters.procurement.costs import Break

YARN = [Break(5, 62_000), Break(50, 58_000), Break(200, 54_000)]


def test_choose_break_is_the_best_one_reached():
    assert costs.choose_break(YARN, 4) is None
    assert costs.choose_break(YARN, 5).unit_price == 62_000
    assert costs.choose_break(YARN, 199).unit_price == 58_000
    assert costs.choose_break(YARN, 200).unit_price == 54_000
    # A price list that is not monotone: the cheapest reached break wins, not the highest minimum.
    odd = [Break(0, 100), Break(10, 80), Break(20, 90)]
    assert costs.choose_break(odd, 25).unit_price == 80


def test_price_names_the_next_cheaper_break():
    p = costs.price(YARN, 180)
    assert (p.unit_price, p.break_min, p.goods) == (58_000, 50, 180 * 58_000)
    assert p.next_break == Break(200, 54_000)
    below = costs.price(YARN, 3)
    assert not below.reached and below.next_break == Break(5, 62_000)


def test_a_procurement_cost_split():
    """Worked example: twelve weavers' yarn needs (210 kg) reach the 200 kg break at Rp54.000."""
    needs = dict(zip("ABCDEFGHIJKL", [10, 15, 20, 25, 12, 8, 30, 18, 22, 16, 14, 20], strict=True))
    s = costs.split(YARN, needs, delivery_cost=250_000, solo_delivery_cost=50_000)
    assert s.pricing.unit_price == 54_000 and s.pricing.quantity == 210
    assert s.total == 210 * 54_000 + 250_000 == 11_590_000
    assert sum(x.total for x in s.shares) == s.total
    a = s.shares[0]
    # 10 kg × 54.000 + 250.000 × 10/210 = 11.904,76 → 11.905 (a large remainder gets the extra rupiah)
    assert (a.goods, a.delivery, a.total) == (540_000, 11_905, 551_905)
    # Alone, 10 kg only reaches the 5 kg break: 10 × 62.000 + 50.000 delivery
    assert (a.solo.unit_price, a.solo_total, a.saving) == (62_000, 670_000, 118_095)
    assert s.saving == 2_030_000


def test_below_minimum_alone_has_no_saving_and_fixed_price_is_used():
    s = costs.split(YARN, {"a": 3, "b": 60}, delivery_cost=0, unit_price=57_000)
    assert s.pricing.unit_price == 57_000
    assert s.shares[0].solo_total is None and s.shares[0].saving is None
    with pytest.raises(ValueError):
        costs.split(YARN, {"a": 2}, delivery_cost=0)


def test_allot_shares_a_shortfall_pro_rata():
    needs = {"a": 10, "b": 20, "c": 30}
    assert costs.allot(60, needs) == needs
    assert costs.allot(45, needs) == {"a": 8, "b": 15, "c": 22}  # 7,5 · 15 · 22,5 → remainders to a then c
    assert sum(costs.allot(45, needs).values()) == 45


@st.composite
def monotone_breaks(draw):
    mins = sorted(draw(st.sets(st.integers(1, 500), min_size=1, max_size=5)))
    prices = sorted(
        draw(st.lists(st.integers(1, 200_000), min_size=len(mins), max_size=len(mins))), reverse=True
    )
    return [Break(m, p) for m, p in zip(mins, prices, strict=True)]


needs_st = st.lists(st.integers(1, 400), min_size=1, max_size=15)


@given(monotone_breaks(), needs_st, st.integers(0, 5_000_000))
def test_parts_always_add_up_to_the_total(breaks, needs, delivery):
    keyed = dict(enumerate(needs))
    if not costs.price(breaks, sum(needs)).reached:
        return
    s = costs.split(breaks, keyed, delivery_cost=delivery)
    assert sum(x.total for x in s.shares) == s.total == s.pricing.goods + delivery
    assert sum(x.delivery for x in s.shares) == delivery


@given(monotone_breaks(), needs_st, st.integers(0, 5_000_000))
def test_nobody_pays_more_than_alone_when_breaks_are_monotone(breaks, needs, delivery):
    keyed = dict(enumerate(needs))
    if not costs.price(breaks, sum(needs)).reached:
        return
    s = costs.split(breaks, keyed, delivery_cost=delivery)  # solo delivery = the whole delivery cost
    for share in s.shares:
        if share.solo_total is not None:
            assert share.total <= share.solo_total
            assert share.saving >= 0


@given(needs_st, st.integers(0, 6000))
def test_allot_never_exceeds_needs_and_adds_up(needs, delivered):
    keyed = dict(enumerate(needs))
    out = costs.allot(delivered, keyed)
    assert sum(out.values()) == min(delivered, sum(needs))
    assert all(0 <= out[k] <= keyed[k] for k in keyed)
