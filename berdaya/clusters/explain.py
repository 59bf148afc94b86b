"""Translated sentences for the codes the pure ``readiness`` module returns."""

from __future__ import annotations

from django.utils.translation import gettext as _

from berdaya.core.money import thousands

from . import readiness as r


def criterion_name(criterion: str) -> str:
    return {
        r.UNITS: _("Similar units"),
        r.TURNOVER: _("Monthly turnover"),
        r.TECHNOLOGY: _("Technology touch"),
        r.INFRASTRUCTURE: _("Infrastructure adequacy"),
        r.MARKET_NETWORK: _("Market network"),
        r.FINANCIAL_INSTITUTION: _("Financial institutions"),
    }[criterion]


def criterion_rule(criterion: str, thresholds: r.Thresholds) -> str:
    """What the criterion asks for, with the programme's figures."""
    return {
        r.UNITS: _("At least %(n)s units making the same product.") % {"n": thresholds.min_units},
        r.TURNOVER: _("All units together turn over at least Rp%(amount)s a month.")
        % {"amount": thousands(thresholds.min_monthly_turnover)},
        r.TECHNOLOGY: _("A technology touch that raises productivity has happened."),
        r.INFRASTRUCTURE: _("Electricity, transport, telecommunication and clean water are all adequate."),
        r.MARKET_NETWORK: _("The units reach a market network beyond their own place."),
        r.FINANCIAL_INSTITUTION: _("A bank or microfinance institution serves the units."),
    }[criterion]


def reason(v: r.Verdict) -> str:
    f = dict(v.figures)
    if v.criterion == r.TURNOVER and f:
        f = {"value": "Rp" + thousands(f["value"]), "minimum": "Rp" + thousands(f["minimum"])}
    return {
        "not_required": _("This programme does not require it."),
        "no_value": _("No figure or answer was given, so it is unknown."),
        "no_evidence": _("A value was given without evidence, so it is unknown, not a pass."),
        "at_least": _("%(value)s reaches the minimum of %(minimum)s.") % f if f else "",
        "below": _("%(value)s is below the minimum of %(minimum)s.") % f if f else "",
        "yes": _("Yes, with evidence."),
        "no": _("No, according to the evidence."),
    }[v.reason]


def level_name(level: str) -> str:
    return {
        r.SENTRA: _("Sentra UKM"),
        r.UNGGULAN: _("Sentra UKM Unggulan"),
        r.CLUSTER: _("Part of a business cluster"),
    }[level]


def _names(criteria) -> str:
    return ", ".join(criterion_name(c) for c in criteria)


def level_rule(result: r.LevelResult) -> str:
    """Why the sentra is at this level (Permen KUKM 23/2005) and what keeps it from the next."""
    names = {"failed": _names(result.failed), "unknown": _names(result.unknown)}
    return {
        "core_failed": _(
            "Sentra UKM: not yet a Sentra UKM Unggulan because these core criteria fail: %(failed)s."
        ),
        "core_unknown": _(
            "Sentra UKM: these core criteria have no evidence and so block Sentra UKM Unggulan: "
            "%(unknown)s. Find the evidence and assess again."
        ),
        "core_both": _(
            "Sentra UKM: not yet a Sentra UKM Unggulan because these core criteria fail: %(failed)s; "
            "and these have no evidence: %(unknown)s."
        ),
        "supporting_failed": _(
            "Sentra UKM Unggulan: the core criteria pass, but it is not yet part of a business cluster "
            "because these supporting criteria fail: %(failed)s."
        ),
        "supporting_unknown": _(
            "Sentra UKM Unggulan: the core criteria pass; these supporting criteria have no evidence and "
            "so block the cluster level: %(unknown)s."
        ),
        "supporting_both": _(
            "Sentra UKM Unggulan: the core criteria pass; these supporting criteria fail: %(failed)s; and "
            "these have no evidence: %(unknown)s."
        ),
        "all_pass": _("Part of a business cluster: every criterion passes, with evidence."),
    }[result.rule] % names
