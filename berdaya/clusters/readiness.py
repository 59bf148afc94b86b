"""Cluster readiness, as pure computation (no Django): the verdict per criterion and the sentra's level.

Kemenkop (2005:4), quoted in seed 001: a sentra to be grown into a cluster has one kind of business with
a clear market; 30–50 small units doing it; a turnover of all units of at least Rp500 jt a month; a
technology touch that raises productivity; and, as further conditions, infrastructure, a market network
and financial institutions. The figures are settings (``Thresholds``; a programme stores its own).

Levels (Permen KUKM 23/2005): every recorded sentra is a *Sentra UKM*; it is a *Sentra UKM Unggulan*
when the core criteria (units, turnover, technology) pass; it is *part of a business cluster* when the
supporting ones (infrastructure, market network, financial institutions) pass as well.

The rule that matters most: a criterion without evidence is UNKNOWN, never PASS — a figure typed with
nothing to back it proves nothing — and an unknown blocks a higher level just as a fail does, with its
own reason, so the user knows to go and find the evidence rather than to give up.

Reasons are codes with figures; ``berdaya.clusters.explain`` turns them into translated sentences.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

UNITS = "units"
TURNOVER = "turnover"
TECHNOLOGY = "technology"
INFRASTRUCTURE = "infrastructure"
MARKET_NETWORK = "market_network"
FINANCIAL_INSTITUTION = "financial_institution"

CRITERIA = (UNITS, TURNOVER, TECHNOLOGY, INFRASTRUCTURE, MARKET_NETWORK, FINANCIAL_INSTITUTION)
NUMERIC = (UNITS, TURNOVER)
CORE = (UNITS, TURNOVER, TECHNOLOGY)
SUPPORTING = (INFRASTRUCTURE, MARKET_NETWORK, FINANCIAL_INSTITUTION)

PASS, FAIL, UNKNOWN, NOT_REQUIRED = "pass", "fail", "unknown", "not_required"

SENTRA, UNGGULAN, CLUSTER = "sentra", "unggulan", "cluster"

INFRA_KINDS = ("electricity", "transport", "telecom", "clean_water")


@dataclass(frozen=True)
class Thresholds:
    min_units: int = 30
    min_monthly_turnover: int = 500_000_000
    required: frozenset[str] = frozenset(CRITERIA)


DEFAULTS = Thresholds()


@dataclass(frozen=True)
class Verdict:
    criterion: str
    verdict: str
    reason: str  # a code, explained by ``explain.reason``
    figures: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class LevelResult:
    level: str
    rule: str  # a code, explained by ``explain.level_rule``
    failed: tuple[str, ...] = ()  # criteria that failed and keep the sentra from the next level
    unknown: tuple[str, ...] = ()  # criteria without evidence that keep it from the next level


def has_evidence(evidence: str | None) -> bool:
    return bool(evidence and evidence.strip())


def judge(criterion: str, value, evidence: str | None, thresholds: Thresholds = DEFAULTS) -> Verdict:
    """The verdict for one criterion from its figure (int) or answer (bool) and the evidence text."""
    if criterion not in CRITERIA:
        raise ValueError(f"unknown criterion {criterion!r}")
    if criterion not in thresholds.required:
        return Verdict(criterion, NOT_REQUIRED, "not_required")
    if value is None:
        return Verdict(criterion, UNKNOWN, "no_value")
    if not has_evidence(evidence):
        return Verdict(criterion, UNKNOWN, "no_evidence")
    if criterion in NUMERIC:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{criterion} takes a whole number")
        minimum = thresholds.min_units if criterion == UNITS else thresholds.min_monthly_turnover
        figures = {"value": value, "minimum": minimum}
        if value >= minimum:
            return Verdict(criterion, PASS, "at_least", figures)
        return Verdict(criterion, FAIL, "below", figures)
    if not isinstance(value, bool):
        raise ValueError(f"{criterion} takes yes or no")
    return Verdict(criterion, PASS if value else FAIL, "yes" if value else "no")


def judge_all(
    values: Mapping[str, tuple[object, str | None]], thresholds: Thresholds = DEFAULTS
) -> list[Verdict]:
    """Every criterion, in order; a criterion missing from ``values`` has no value (unknown)."""
    return [judge(c, *values.get(c, (None, ""))[:2], thresholds) for c in CRITERIA]


def level(verdicts: Iterable[Verdict]) -> LevelResult:
    """The Permen KUKM 23/2005 level the verdicts support, with the rule that decided it.

    A level needs every one of its criteria to PASS (or be not required); a FAIL or an UNKNOWN among
    them keeps the sentra one level below, and the result names which criteria did it.
    """
    by = {v.criterion: v.verdict for v in verdicts}

    def blockers(criteria):
        failed = tuple(c for c in criteria if by.get(c, UNKNOWN) == FAIL)
        unknown = tuple(c for c in criteria if by.get(c, UNKNOWN) == UNKNOWN)
        return failed, unknown

    failed, unknown = blockers(CORE)
    if failed or unknown:
        rule = (
            "core_failed"
            if failed and not unknown
            else "core_unknown"
            if unknown and not failed
            else "core_both"
        )
        return LevelResult(SENTRA, rule, failed, unknown)
    failed, unknown = blockers(SUPPORTING)
    if failed or unknown:
        rule = (
            "supporting_failed"
            if failed and not unknown
            else "supporting_unknown"
            if unknown and not failed
            else "supporting_both"
        )
        return LevelResult(UNGGULAN, rule, failed, unknown)
    return LevelResult(CLUSTER, "all_pass")


def infrastructure_answer(latest: Mapping[str, str]) -> tuple[bool | None, tuple[str, ...]]:
    """Whether infrastructure is adequate, from the latest adequacy per kind.

    All four kinds adequate → True; any kind partly or not adequate → False; otherwise (a kind never
    assessed) → None, with the kinds that are missing, because silence about clean water is not proof
    that the dyeing has water.
    """
    missing = tuple(k for k in INFRA_KINDS if k not in latest)
    if any(latest.get(k) in ("partly", "inadequate") for k in INFRA_KINDS):
        return False, missing
    if missing:
        return None, missing
    return True, ()
