"""The size class in words, under both rules (English source strings; tests run without a catalogue)."""

import datetime as dt

import pytest
from django.utils import translation

from berdaya.people.explain import size_explanation, size_label
from berdaya.people.models import Enterprise

PP_DAY = dt.date(2024, 1, 1)
UU_DAY = dt.date(2020, 6, 1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def ent(**figures) -> Enterprise:
    # Unsaved: the explanation reads only the enterprise's own fields.
    return Enterprise(name="X", product_type="pottery", **figures)


def test_pp_7_2021_by_annual_sales_the_example_sentence():
    s = size_explanation(ent(annual_sales=3_000_000_000), PP_DAY)
    assert s["rule"] == "pp_7_2021" and s["size_class"] == "small" and s["basis"] == "annual_sales"
    assert s["sentence"] == (
        "Small under PP 7/2021 art. 35(5): annual sales Rp3.000.000.000 is above Rp2.000.000.000 "
        "and at most Rp15.000.000.000."
    )


def test_pp_7_2021_micro_and_large_sentence_shapes():
    assert size_explanation(ent(annual_sales=2_000_000_000), PP_DAY)["sentence"] == (
        "Micro under PP 7/2021 art. 35(5): annual sales Rp2.000.000.000 is at most Rp2.000.000.000."
    )
    assert size_explanation(ent(annual_sales=50_000_000_001), PP_DAY)["sentence"] == (
        "Large under PP 7/2021 art. 35(5): annual sales Rp50.000.000.001 is above Rp50.000.000.000."
    )


def test_pp_7_2021_registration_uses_capital_and_mentions_the_other_figure():
    s = size_explanation(
        ent(annual_sales=3_000_000_000, business_capital=600_000_000), PP_DAY, "registration"
    )
    assert s["basis"] == "business_capital" and s["size_class"] == "micro"
    assert "art. 35(3)" in s["sentence"]
    assert "By annual sales it would be Small." in s["notes"]


def test_pp_7_2021_fallback_is_said_in_words():
    s = size_explanation(ent(business_capital=2_000_000_000), PP_DAY, "empowerment")
    assert s["basis"] == "business_capital" and s["size_class"] == "small"
    assert any(
        "annual sales, which are not recorded; business capital decided instead" in n for n in s["notes"]
    )


def test_uu_20_2008_smaller_class_of_two_criteria():
    s = size_explanation(ent(net_assets=60_000_000, annual_sales=3_000_000_000), UU_DAY)
    assert s["rule"] == "uu_20_2008" and s["size_class"] == "small" and s["basis"] == "net_assets"
    assert s["sentence"] == (
        "Small under UU 20/2008 art. 6(2): net assets (excluding land and buildings) Rp60.000.000 "
        "is above Rp50.000.000 and at most Rp500.000.000."
    )
    assert any("the smaller class wins: by annual sales it would be Medium" in n for n in s["notes"])


def test_uu_20_2008_sales_only_and_capital_not_a_criterion():
    s = size_explanation(ent(annual_sales=300_000_000, business_capital=5), UU_DAY)
    assert (
        s["sentence"]
        == "Micro under UU 20/2008 art. 6(1): annual sales Rp300.000.000 is at most Rp300.000.000."
    )
    assert "Business capital is recorded but is not a criterion under UU 20/2008." in s["notes"]


def test_same_enterprise_different_class_on_either_side_of_2021_02_02():
    e = ent(annual_sales=1_000_000_000)
    assert size_explanation(e, dt.date(2021, 2, 1))["size_class"] == "small"  # UU: > 300 jt
    assert size_explanation(e, dt.date(2021, 2, 2))["size_class"] == "micro"  # PP: ≤ 2 M


def test_no_figures():
    s = size_explanation(ent(), PP_DAY)
    assert s["size_class"] is None and "record the annual sales or the business capital" in s["sentence"]
    assert "record the number of workers" in s["workforce_sentence"]
    assert size_label(ent(), PP_DAY) == ""


def test_bps_workforce_sentence():
    assert size_explanation(ent(workers=1), PP_DAY)["workforce_sentence"] == (
        "Micro by the BPS workforce classes (statistics only, not a legal size): 1 worker is between 1 and 4."
    )
    s = size_explanation(ent(workers=120), PP_DAY)
    assert s["workforce_class"] == "large" and "120 workers is at least 100" in s["workforce_sentence"]


def test_bad_purpose_is_refused():
    with pytest.raises(ValueError):
        size_explanation(ent(), PP_DAY, "tax")
