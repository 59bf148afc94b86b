"""The pure readiness rules: verdicts per criterion, the Permen KUKM 23/2005 level, infrastructure."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from berdaya.clusters import readiness as r

T = r.Thresholds()


def test_numeric_criteria_compare_with_the_minimum():
    assert r.judge(r.UNITS, 30, "30 weavers counted", T).verdict == r.PASS
    v = r.judge(r.UNITS, 15, "15 weavers counted", T)
    assert (v.verdict, v.reason, v.figures["minimum"]) == (r.FAIL, "below", 30)
    assert r.judge(r.TURNOVER, 500_000_000, "books", T).verdict == r.PASS
    assert r.judge(r.TURNOVER, 499_999_999, "books", T).verdict == r.FAIL


def test_answers_pass_or_fail_only_with_evidence():
    assert r.judge(r.TECHNOLOGY, True, "university built a yarn counter", T).verdict == r.PASS
    assert r.judge(r.TECHNOLOGY, False, "still counted by hand", T).verdict == r.FAIL
    v = r.judge(r.TECHNOLOGY, True, "   ", T)
    assert (v.verdict, v.reason) == (r.UNKNOWN, "no_evidence")
    assert r.judge(r.MARKET_NETWORK, None, "x", T).reason == "no_value"


def test_a_criterion_the_programme_does_not_require():
    t = r.Thresholds(required=frozenset({r.UNITS, r.TURNOVER}))
    assert r.judge(r.TECHNOLOGY, None, "", t).verdict == r.NOT_REQUIRED


def test_programme_figures_are_settings():
    t = r.Thresholds(min_units=10, min_monthly_turnover=100_000_000)
    assert r.judge(r.UNITS, 15, "count", t).verdict == r.PASS
    assert r.judge(r.UNITS, 15, "count", T).verdict == r.FAIL


def test_wrong_types_are_refused():
    with pytest.raises(ValueError):
        r.judge(r.UNITS, True, "x", T)
    with pytest.raises(ValueError):
        r.judge(r.TECHNOLOGY, 1, "x", T)
    with pytest.raises(ValueError):
        r.judge("beauty", 1, "x", T)


@given(
    criterion=st.sampled_from(r.CRITERIA),
    number=st.integers(min_value=0, max_value=10**13),
    answer=st.booleans(),
    blank=st.sampled_from(["", " ", "\n\t", None]),
)
def test_no_evidence_never_passes(criterion, number, answer, blank):
    value = number if criterion in r.NUMERIC else answer
    assert r.judge(criterion, value, blank, T).verdict == r.UNKNOWN


@given(
    values=st.dictionaries(
        st.sampled_from(r.CRITERIA),
        st.tuples(st.one_of(st.none(), st.booleans()), st.sampled_from(["", "seen"])),
    )
)
def test_cluster_level_needs_every_criterion_passed_with_evidence(values):
    fixed = {
        c: (v if c not in r.NUMERIC else (10**12 if v else None if v is None else 0), e)
        for c, (v, e) in values.items()
    }
    verdicts = r.judge_all(fixed, T)
    result = r.level(verdicts)
    if result.level == r.CLUSTER:
        assert all(v.verdict == r.PASS for v in verdicts)
        assert all(r.has_evidence(fixed[c][1]) for c in r.CRITERIA)
    else:
        assert result.failed or result.unknown


def _verdicts(**by):
    return [r.Verdict(c, by.get(c, r.PASS), "x") for c in r.CRITERIA]


def test_levels_and_their_rules():
    assert r.level(_verdicts()).level == r.CLUSTER
    res = r.level(_verdicts(units=r.FAIL, turnover=r.UNKNOWN))
    assert (res.level, res.rule, res.failed, res.unknown) == (
        r.SENTRA,
        "core_both",
        ("units",),
        ("turnover",),
    )
    res = r.level(_verdicts(turnover=r.UNKNOWN))
    assert (res.level, res.rule) == (r.SENTRA, "core_unknown")
    res = r.level(_verdicts(infrastructure=r.FAIL))
    assert (res.level, res.rule, res.failed) == (r.UNGGULAN, "supporting_failed", ("infrastructure",))
    res = r.level(_verdicts(market_network=r.UNKNOWN))
    assert (res.level, res.rule) == (r.UNGGULAN, "supporting_unknown")
    res = r.level(_verdicts(technology=r.NOT_REQUIRED, financial_institution=r.NOT_REQUIRED))
    assert res.level == r.CLUSTER


def test_infrastructure_answer():
    all4 = dict.fromkeys(r.INFRA_KINDS, "adequate")
    assert r.infrastructure_answer(all4) == (True, ())
    assert r.infrastructure_answer({**all4, "clean_water": "partly"})[0] is False
    answer, missing = r.infrastructure_answer({"electricity": "adequate"})
    assert answer is None and missing == ("transport", "telecom", "clean_water")
    assert r.infrastructure_answer({"electricity": "inadequate"})[0] is False


def test_the_rules_module_is_pure_python():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(r.__file__).read_text())
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert imported <= {"__future__", "collections", "dataclasses"}
