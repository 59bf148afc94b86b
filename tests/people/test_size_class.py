"""UMKM size classification: every threshold, the date boundary, "atau", fallback, workforce."""

from dataclasses import FrozenInstanceError
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from berdaya.people import size_class as sc
from berdaya.people.size_class import (
    PP_7_2021_EFFECTIVE,
    RULE_PP_7_2021,
    RULE_UU_20_2008,
    SizeDecision,
    classify_umkm,
    classify_workforce,
    explain_params,
    rule_in_force,
)

UU_DAY = date(2021, 2, 1)  # last day of UU 20/2008
PP_DAY = date(2021, 2, 2)  # first day of PP 7/2021
JT = 1_000_000
M = 1_000_000_000


def uu(net_assets=None, annual_sales=None, business_capital=None, **kw):
    return classify_umkm(
        on=UU_DAY, net_assets=net_assets, annual_sales=annual_sales, business_capital=business_capital, **kw
    )


def pp(net_assets=None, annual_sales=None, business_capital=None, **kw):
    return classify_umkm(
        on=PP_DAY, net_assets=net_assets, annual_sales=annual_sales, business_capital=business_capital, **kw
    )


# --- dates ------------------------------------------------------------------------------------------


def test_effective_date_constant():
    assert date(2021, 2, 2) == PP_7_2021_EFFECTIVE


@pytest.mark.parametrize(
    ("on", "rule"),
    [
        (date(2008, 7, 4), RULE_UU_20_2008),
        (date(2020, 12, 31), RULE_UU_20_2008),
        (date(2021, 2, 1), RULE_UU_20_2008),
        (date(2021, 2, 2), RULE_PP_7_2021),
        (date(2021, 2, 3), RULE_PP_7_2021),
        (date(2030, 1, 1), RULE_PP_7_2021),
    ],
)
def test_rule_in_force(on, rule):
    assert rule_in_force(on) == rule


def test_date_boundary_changes_the_class():
    # Rp400 jt sales: small under UU 20/2008 (> 300 jt), micro under PP 7/2021 (<= 2 M).
    before = classify_umkm(on=date(2021, 2, 1), net_assets=None, annual_sales=400 * JT, business_capital=None)
    after = classify_umkm(on=date(2021, 2, 2), net_assets=None, annual_sales=400 * JT, business_capital=None)
    assert (before.rule, before.size_class, before.legal_reference) == (
        RULE_UU_20_2008,
        "small",
        "UU 20/2008 pasal 6 ayat (2)",
    )
    assert (after.rule, after.size_class, after.legal_reference) == (
        RULE_PP_7_2021,
        "micro",
        "PP 7/2021 pasal 35 ayat (5)",
    )


def test_date_before_uu_20_2008_is_flagged():
    d = classify_umkm(on=date(2005, 1, 1), net_assets=10 * JT, annual_sales=None, business_capital=None)
    assert d.rule == RULE_UU_20_2008
    assert "date_before_uu_20_2008" in d.notes
    assert "date_before_uu_20_2008" not in uu(net_assets=10 * JT).notes


# --- every threshold, exactly at the bound and one rupiah above -------------------------------------

# (rule, basis, bound, class at the bound, class one rupiah above, reference at bound, reference above)
BOUNDS = [
    (RULE_UU_20_2008, "net_assets", 50 * JT, "micro", "small", "pasal 6 ayat (1)", "pasal 6 ayat (2)"),
    (RULE_UU_20_2008, "net_assets", 500 * JT, "small", "medium", "pasal 6 ayat (2)", "pasal 6 ayat (3)"),
    (RULE_UU_20_2008, "net_assets", 10 * M, "medium", "large", "pasal 6 ayat (3)", "pasal 1 angka 4"),
    (RULE_UU_20_2008, "annual_sales", 300 * JT, "micro", "small", "pasal 6 ayat (1)", "pasal 6 ayat (2)"),
    (RULE_UU_20_2008, "annual_sales", 2_500 * JT, "small", "medium", "pasal 6 ayat (2)", "pasal 6 ayat (3)"),
    (RULE_UU_20_2008, "annual_sales", 50 * M, "medium", "large", "pasal 6 ayat (3)", "pasal 1 angka 4"),
    (RULE_PP_7_2021, "business_capital", 1 * M, "micro", "small", "pasal 35 ayat (3)", "pasal 35 ayat (3)"),
    (RULE_PP_7_2021, "business_capital", 5 * M, "small", "medium", "pasal 35 ayat (3)", "pasal 35 ayat (3)"),
    (RULE_PP_7_2021, "business_capital", 10 * M, "medium", "large", "pasal 35 ayat (3)", "pasal 35 ayat (3)"),
    (RULE_PP_7_2021, "annual_sales", 2 * M, "micro", "small", "pasal 35 ayat (5)", "pasal 35 ayat (5)"),
    (RULE_PP_7_2021, "annual_sales", 15 * M, "small", "medium", "pasal 35 ayat (5)", "pasal 35 ayat (5)"),
    (RULE_PP_7_2021, "annual_sales", 50 * M, "medium", "large", "pasal 35 ayat (5)", "pasal 35 ayat (5)"),
]


def _only(rule, basis, figure):
    """Classify with ``figure`` as the only known figure."""
    kwargs = {"net_assets": None, "annual_sales": None, "business_capital": None, basis: figure}
    on = UU_DAY if rule == RULE_UU_20_2008 else PP_DAY
    return classify_umkm(on=on, **kwargs)


@pytest.mark.parametrize(("rule", "basis", "bound", "at", "above", "ref_at", "ref_above"), BOUNDS)
def test_threshold_exactly_at_bound_is_the_lower_class(rule, basis, bound, at, above, ref_at, ref_above):
    d = _only(rule, basis, bound)
    assert (d.rule, d.basis, d.figure, d.size_class) == (rule, basis, bound, at)
    assert d.threshold_high == bound
    assert d.legal_reference.endswith(ref_at)


@pytest.mark.parametrize(("rule", "basis", "bound", "at", "above", "ref_at", "ref_above"), BOUNDS)
def test_threshold_one_rupiah_above_is_the_next_class(rule, basis, bound, at, above, ref_at, ref_above):
    d = _only(rule, basis, bound + 1)
    assert (d.rule, d.basis, d.figure, d.size_class) == (rule, basis, bound + 1, above)
    assert d.threshold_low == bound
    assert d.legal_reference.endswith(ref_above)


@pytest.mark.parametrize(
    ("rule", "basis"),
    [
        (RULE_UU_20_2008, "net_assets"),
        (RULE_UU_20_2008, "annual_sales"),
        (RULE_PP_7_2021, "business_capital"),
        (RULE_PP_7_2021, "annual_sales"),
    ],
)
def test_zero_is_micro_and_huge_is_large(rule, basis):
    zero = _only(rule, basis, 0)
    assert (zero.size_class, zero.threshold_low) == ("micro", None)
    huge = _only(rule, basis, 10**15)
    assert (huge.size_class, huge.threshold_high) == ("large", None)


def test_legal_reference_prefixes():
    assert uu(net_assets=1).legal_reference == "UU 20/2008 pasal 6 ayat (1)"
    assert pp(annual_sales=3 * M).legal_reference == "PP 7/2021 pasal 35 ayat (5)"
    assert pp(business_capital=3 * M).legal_reference == "PP 7/2021 pasal 35 ayat (3)"


# --- UU 20/2008: "atau" ------------------------------------------------------------------------------


def test_atau_sales_smaller_than_assets_decides_by_sales():
    # Net assets Rp600 jt -> medium; sales Rp200 jt -> micro. Smaller class wins: micro, by sales.
    d = uu(net_assets=600 * JT, annual_sales=200 * JT)
    assert (d.size_class, d.basis, d.figure) == ("micro", "annual_sales", 200 * JT)
    assert (d.threshold_low, d.threshold_high) == (None, 300 * JT)
    assert "smaller_class_of_two_criteria" in d.notes
    assert "other_criterion_class=medium" in d.notes
    assert d.other_criterion_class == "medium"


def test_atau_assets_smaller_than_sales_decides_by_assets():
    # Net assets Rp40 jt -> micro; sales Rp3 M -> medium.
    d = uu(net_assets=40 * JT, annual_sales=3 * M)
    assert (d.size_class, d.basis, d.figure) == ("micro", "net_assets", 40 * JT)
    assert "smaller_class_of_two_criteria" in d.notes
    assert "other_criterion_class=medium" in d.notes


def test_atau_large_only_if_both_are_large():
    assert uu(net_assets=11 * M, annual_sales=51 * M).size_class == "large"
    d = uu(net_assets=11 * M, annual_sales=50 * M)
    assert (d.size_class, d.basis) == ("medium", "annual_sales")
    assert "other_criterion_class=large" in d.notes


def test_atau_agreeing_figures_name_net_assets():
    d = uu(net_assets=100 * JT, annual_sales=1 * M)
    assert (d.size_class, d.basis) == ("small", "net_assets")
    assert "both_criteria_same_class" in d.notes
    assert "smaller_class_of_two_criteria" not in d.notes
    assert "other_criterion_class=small" in d.notes


def test_uu_single_figure_is_used():
    assert (uu(net_assets=60 * JT).size_class, uu(net_assets=60 * JT).basis) == ("small", "net_assets")
    d = uu(annual_sales=60 * JT)
    assert (d.size_class, d.basis, d.notes) == ("micro", "annual_sales", ())


def test_uu_ignores_business_capital():
    assert uu(business_capital=1 * M) is None
    d = uu(annual_sales=60 * JT, business_capital=20 * M)
    assert (d.size_class, d.basis) == ("micro", "annual_sales")
    assert "business_capital_not_a_criterion" in d.notes


def test_uu_purpose_does_not_matter():
    assert uu(net_assets=60 * JT, purpose="registration") == uu(net_assets=60 * JT)


# --- PP 7/2021: purpose and fallback ----------------------------------------------------------------


def test_pp_empowerment_uses_sales_by_default():
    d = pp(annual_sales=3 * M, business_capital=500 * JT)
    assert (d.size_class, d.basis, d.figure) == ("small", "annual_sales", 3 * M)
    assert (d.threshold_low, d.threshold_high) == (2 * M, 15 * M)
    assert "other_criterion_class=micro" in d.notes
    assert "fallback_to_capital" not in d.notes


def test_pp_empowerment_falls_back_to_capital():
    d = pp(business_capital=6 * M)
    assert (d.size_class, d.basis, d.figure) == ("medium", "business_capital", 6 * M)
    assert d.legal_reference == "PP 7/2021 pasal 35 ayat (3)"
    assert "fallback_to_capital" in d.notes


def test_pp_registration_uses_capital():
    d = pp(annual_sales=3 * M, business_capital=500 * JT, purpose="registration")
    assert (d.size_class, d.basis, d.figure) == ("micro", "business_capital", 500 * JT)
    assert "other_criterion_class=small" in d.notes
    assert "fallback_to_sales" not in d.notes


def test_pp_registration_falls_back_to_sales():
    d = pp(annual_sales=16 * M, purpose="registration")
    assert (d.size_class, d.basis) == ("medium", "annual_sales")
    assert "fallback_to_sales" in d.notes


def test_pp_ignores_net_assets():
    assert pp(net_assets=1 * JT) is None
    d = pp(net_assets=1 * JT, annual_sales=20 * M)
    assert (d.size_class, d.basis) == ("medium", "annual_sales")
    assert "net_assets_not_a_criterion" in d.notes


def test_no_figure_gives_none():
    assert uu() is None
    assert pp() is None
    assert pp(purpose="registration") is None


# --- workforce (BPS) ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("workers", "size_class"),
    [(1, "micro"), (4, "micro"), (5, "small"), (19, "small"), (20, "medium"), (99, "medium"), (100, "large")],
)
def test_workforce_bands(workers, size_class):
    d = classify_workforce(workers)
    assert (d.size_class, d.workers) == (size_class, workers)
    assert d.min_workers <= workers
    assert d.max_workers is None or workers <= d.max_workers
    assert "statistics_only" in d.notes


@pytest.mark.parametrize("workers", [0, None])
def test_workforce_none(workers):
    assert classify_workforce(workers) is None


def test_workforce_band_limits():
    assert (classify_workforce(5).min_workers, classify_workforce(5).max_workers) == (5, 19)
    assert (classify_workforce(100).min_workers, classify_workforce(100).max_workers) == (100, None)


@pytest.mark.parametrize("bad", [-1, 1.0, 4.5, True, "5", Decimal(5)])
def test_workforce_rejects_bad_input(bad):
    with pytest.raises(ValueError):
        classify_workforce(bad)


# --- bad inputs --------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["net_assets", "annual_sales", "business_capital"])
@pytest.mark.parametrize("bad", [-1, 1.0, 50_000_000.0, float("nan"), True, "100", Decimal(100)])
@pytest.mark.parametrize("on", [UU_DAY, PP_DAY])
def test_money_rejects_bad_values(field, bad, on):
    kwargs = {"net_assets": None, "annual_sales": None, "business_capital": None, field: bad}
    with pytest.raises(ValueError):
        classify_umkm(on=on, **kwargs)


@pytest.mark.parametrize("bad_on", [datetime(2021, 2, 2, 12, 0), "2021-02-02", None, 20210202])
def test_rejects_bad_date(bad_on):
    with pytest.raises(ValueError):
        classify_umkm(on=bad_on, net_assets=1, annual_sales=None, business_capital=None)
    with pytest.raises(ValueError):
        rule_in_force(bad_on)


def test_rejects_unknown_purpose():
    with pytest.raises(ValueError):
        pp(annual_sales=1, purpose="statistics")
    with pytest.raises(ValueError):
        uu(annual_sales=1, purpose="")


def test_arguments_are_keyword_only():
    with pytest.raises(TypeError):
        classify_umkm(PP_DAY, None, 1, None)  # type: ignore[misc]


def test_decisions_are_frozen():
    d = pp(annual_sales=1)
    with pytest.raises(FrozenInstanceError):
        d.size_class = "large"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        classify_workforce(3).workers = 4  # type: ignore[misc]


# --- explanation parameters --------------------------------------------------------------------------


def test_explain_params_builds_the_example_sentence():
    p = explain_params(pp(annual_sales=3 * M))
    sentence = (
        f"{p['size_label']} menurut {p['legal_reference']}: {p['basis_label']} {p['figure_rp']} "
        f"berada di atas {p['threshold_low_rp']} dan paling banyak {p['threshold_high_rp']}"
    )
    assert sentence == (
        "Kecil menurut PP 7/2021 pasal 35 ayat (5): hasil penjualan tahunan Rp3.000.000.000 "
        "berada di atas Rp2.000.000.000 dan paling banyak Rp15.000.000.000"
    )
    assert p["comparison"] == "between"
    assert p["rule_label"] == "PP 7/2021"
    assert p["fallback_from"] is None


def test_explain_params_shapes():
    micro = explain_params(uu(net_assets=10 * JT))
    assert (micro["comparison"], micro["threshold_low_rp"], micro["threshold_high_rp"]) == (
        "at_most",
        None,
        "Rp50.000.000",
    )
    large = explain_params(uu(net_assets=11 * M))
    assert (large["comparison"], large["size_label"], large["threshold_low_rp"]) == (
        "above",
        "Besar",
        "Rp10.000.000.000",
    )
    assert large["threshold_high"] is None


def test_explain_params_fallback_and_other_class():
    p = explain_params(pp(business_capital=2 * M))
    assert (p["fallback_from"], p["basis"]) == ("annual_sales", "business_capital")
    q = explain_params(pp(business_capital=2 * M, purpose="registration"))
    assert q["fallback_from"] is None
    r = explain_params(uu(net_assets=600 * JT, annual_sales=200 * JT))
    assert (r["other_criterion_class"], r["other_criterion_label"]) == ("medium", "Menengah")
    assert r["smaller_class_of_two_criteria"] is True


def test_explain_params_workforce():
    p = explain_params(classify_workforce(12))
    assert (p["size_label"], p["min_workers"], p["max_workers"], p["statistics_only"]) == (
        "Kecil",
        5,
        19,
        True,
    )


def test_explain_params_rejects_other_objects():
    with pytest.raises(ValueError):
        explain_params({"size_class": "micro"})


def test_format_rupiah():
    assert sc.format_rupiah(0) == "Rp0"
    assert sc.format_rupiah(2_500_000_000) == "Rp2.500.000.000"
    assert sc.format_rupiah(None) is None


# --- the table itself --------------------------------------------------------------------------------


def test_table_bands_are_increasing_and_end_unbounded():
    for bands in sc.THRESHOLDS.values():
        assert tuple(b[0] for b in bands) == sc.SIZE_CLASSES
        highs = [b[1] for b in bands]
        assert highs[-1] is None
        assert highs[:-1] == sorted(highs[:-1])
        assert len(set(highs[:-1])) == len(highs) - 1


# --- properties --------------------------------------------------------------------------------------

money = st.integers(min_value=0, max_value=10**14)
maybe_money = st.none() | money
dates = st.dates(min_value=date(2008, 7, 4), max_value=date(2040, 12, 31))
near_boundary = st.sampled_from([date(2021, 2, 1), date(2021, 2, 2)])
any_date = dates | near_boundary
purposes = st.sampled_from(["empowerment", "registration"])
RANK = {c: i for i, c in enumerate(sc.SIZE_CLASSES)}


def _rank(decision):
    return RANK[decision.size_class]


def _expected_band(rule, basis, figure):
    """Band found by a different route than the implementation: first band whose ceiling holds."""
    bands = sc.THRESHOLDS[(rule, basis)]
    lows = [None] + [b[1] for b in bands[:-1]]
    matches = [
        (cls, low, high)
        for (cls, high, _), low in zip(bands, lows, strict=True)
        if (low is None or figure > low) and (high is None or figure <= high)
    ]
    assert len(matches) == 1
    return matches[0]


@given(on=any_date, na=maybe_money, cap=maybe_money, purpose=purposes, a=money, b=money)
def test_more_sales_never_gives_a_smaller_class(on, na, cap, purpose, a, b):
    lo, hi = sorted((a, b))
    d_lo = classify_umkm(on=on, net_assets=na, annual_sales=lo, business_capital=cap, purpose=purpose)
    d_hi = classify_umkm(on=on, net_assets=na, annual_sales=hi, business_capital=cap, purpose=purpose)
    if d_lo is None:
        assert d_hi is None
    else:
        assert _rank(d_lo) <= _rank(d_hi)


@given(on=any_date, sales=maybe_money, purpose=purposes, a=money, b=money, capital_varies=st.booleans())
def test_more_assets_or_capital_never_gives_a_smaller_class(on, sales, purpose, a, b, capital_varies):
    lo, hi = sorted((a, b))

    def run(x):
        kw = (
            {"business_capital": x, "net_assets": None}
            if capital_varies
            else {"net_assets": x, "business_capital": None}
        )
        return classify_umkm(on=on, annual_sales=sales, purpose=purpose, **kw)

    d_lo, d_hi = run(lo), run(hi)
    if d_lo is not None and d_hi is not None:
        assert _rank(d_lo) <= _rank(d_hi)


@given(on=any_date, na=maybe_money, sales=maybe_money, cap=maybe_money, purpose=purposes)
def test_class_is_consistent_with_thresholds(on, na, sales, cap, purpose):
    d = classify_umkm(on=on, net_assets=na, annual_sales=sales, business_capital=cap, purpose=purpose)
    inputs = {"net_assets": na, "annual_sales": sales, "business_capital": cap}
    usable = (
        ("net_assets", "annual_sales") if on < PP_7_2021_EFFECTIVE else ("annual_sales", "business_capital")
    )
    if all(inputs[k] is None for k in usable):
        assert d is None
        return
    assert isinstance(d, SizeDecision)
    assert d.rule == rule_in_force(on)
    assert d.basis in usable
    assert d.figure == inputs[d.basis]
    assert (d.size_class, d.threshold_low, d.threshold_high) == _expected_band(d.rule, d.basis, d.figure)
    assert d.threshold_low is None or d.figure > d.threshold_low
    assert d.threshold_high is None or d.figure <= d.threshold_high
    assert d.legal_reference.startswith("UU 20/2008" if d.rule == RULE_UU_20_2008 else "PP 7/2021 pasal 35")


@given(on=st.dates(min_value=date(2008, 7, 4), max_value=date(2021, 2, 1)), na=money, sales=money)
def test_uu_both_known_gives_the_smaller_single_class(on, na, sales):
    by_na = classify_umkm(on=on, net_assets=na, annual_sales=None, business_capital=None)
    by_sales = classify_umkm(on=on, net_assets=None, annual_sales=sales, business_capital=None)
    both = classify_umkm(on=on, net_assets=na, annual_sales=sales, business_capital=None)
    assert _rank(both) == min(_rank(by_na), _rank(by_sales))
    winner = by_sales if _rank(by_sales) < _rank(by_na) else by_na
    assert (both.basis, both.figure) == (winner.basis, winner.figure)
    other = by_na if winner is by_sales else by_sales
    assert both.other_criterion_class == other.size_class


@given(
    on=st.dates(min_value=PP_7_2021_EFFECTIVE, max_value=date(2040, 12, 31)),
    sales=maybe_money,
    cap=maybe_money,
)
def test_pp_purpose_picks_the_figure(on, sales, cap):
    emp = classify_umkm(on=on, net_assets=None, annual_sales=sales, business_capital=cap)
    reg = classify_umkm(
        on=on, net_assets=None, annual_sales=sales, business_capital=cap, purpose="registration"
    )
    if sales is None and cap is None:
        assert emp is None and reg is None
        return
    assert emp.basis == ("annual_sales" if sales is not None else "business_capital")
    assert reg.basis == ("business_capital" if cap is not None else "annual_sales")
    assert ("fallback_to_capital" in emp.notes) == (sales is None)
    assert ("fallback_to_sales" in reg.notes) == (cap is None)


@given(workers=st.integers(min_value=1, max_value=10**6))
def test_workforce_class_is_consistent(workers):
    d = classify_workforce(workers)
    assert d.min_workers <= workers
    assert d.max_workers is None or workers <= d.max_workers
    bigger = classify_workforce(workers + 1)
    assert RANK[bigger.size_class] >= RANK[d.size_class]


@given(on=any_date, na=maybe_money, sales=maybe_money, cap=maybe_money, purpose=purposes)
def test_explain_params_matches_the_decision(on, na, sales, cap, purpose):
    d = classify_umkm(on=on, net_assets=na, annual_sales=sales, business_capital=cap, purpose=purpose)
    if d is None:
        return
    p = explain_params(d)
    assert p["figure"] == d.figure
    assert int(p["figure_rp"].removeprefix("Rp").replace(".", "")) == d.figure
    assert p["legal_reference"] == d.legal_reference
    assert p["comparison"] in {"at_most", "between", "above"}
