"""The UMKM size class in words: which rule, which figure and which thresholds decided.

``size_class.py`` decides (pure Python, no Django); this module only translates its decision into
sentences in the user's language. It reads the enterprise's own fields and never queries the
database, so list pages can call it per row.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import size_class as sc
from .models import Enterprise

SIZE_LABELS = {
    sc.MICRO: gettext_lazy("Micro"),
    sc.SMALL: gettext_lazy("Small"),
    sc.MEDIUM: gettext_lazy("Medium"),
    sc.LARGE: gettext_lazy("Large"),
}
RULE_LABELS = {
    sc.RULE_UU_20_2008: gettext_lazy("UU 20/2008"),
    sc.RULE_PP_7_2021: gettext_lazy("PP 7/2021"),
    sc.RULE_BPS_WORKFORCE: gettext_lazy("BPS workforce classes"),
}
BASIS_LABELS = {
    sc.BASIS_NET_ASSETS: gettext_lazy("net assets (excluding land and buildings)"),
    sc.BASIS_ANNUAL_SALES: gettext_lazy("annual sales"),
    sc.BASIS_BUSINESS_CAPITAL: gettext_lazy("business capital (excluding land and buildings)"),
    sc.BASIS_WORKERS: gettext_lazy("workers"),
}
PURPOSE_LABELS = {
    sc.PURPOSE_EMPOWERMENT: gettext_lazy("empowerment of a running business"),
    sc.PURPOSE_REGISTRATION: gettext_lazy("registration of a business"),
}
# size_class.py names the article in Indonesian; the English UI says it the English way.
REFERENCE_LABELS = {
    "UU 20/2008 pasal 6 ayat (1)": gettext_lazy("UU 20/2008 art. 6(1)"),
    "UU 20/2008 pasal 6 ayat (2)": gettext_lazy("UU 20/2008 art. 6(2)"),
    "UU 20/2008 pasal 6 ayat (3)": gettext_lazy("UU 20/2008 art. 6(3)"),
    "UU 20/2008 pasal 1 angka 4": gettext_lazy("UU 20/2008 art. 1(4)"),
    "PP 7/2021 pasal 35 ayat (3)": gettext_lazy("PP 7/2021 art. 35(3)"),
    "PP 7/2021 pasal 35 ayat (5)": gettext_lazy("PP 7/2021 art. 35(5)"),
}
BADGE = {sc.MICRO: "ok", sc.SMALL: "ok", sc.MEDIUM: "warn", sc.LARGE: "bad"}


def _decide(enterprise: Enterprise, on: dt.date, purpose: str) -> sc.SizeDecision | None:
    return sc.classify_umkm(
        on=on,
        net_assets=enterprise.net_assets,
        annual_sales=enterprise.annual_sales,
        business_capital=enterprise.business_capital,
        purpose=purpose,
    )


def size_label(enterprise: Enterprise, on: dt.date, purpose: str = sc.PURPOSE_EMPOWERMENT) -> str:
    """Just the class label (or "" when no figure is recorded): for list columns."""
    decision = _decide(enterprise, on, purpose)
    return str(SIZE_LABELS[decision.size_class]) if decision else ""


def _size_sentence(decision: sc.SizeDecision) -> str:
    p = sc.explain_params(decision)
    values = {
        "size": SIZE_LABELS[decision.size_class],
        "reference": REFERENCE_LABELS.get(decision.legal_reference, decision.legal_reference),
        "basis": BASIS_LABELS[decision.basis],
        "figure": p["figure_rp"],
        "low": p["threshold_low_rp"],
        "high": p["threshold_high_rp"],
    }
    if p["comparison"] == "at_most":
        text = _("%(size)s under %(reference)s: %(basis)s %(figure)s is at most %(high)s.")
    elif p["comparison"] == "between":
        text = _("%(size)s under %(reference)s: %(basis)s %(figure)s is above %(low)s and at most %(high)s.")
    else:
        text = _("%(size)s under %(reference)s: %(basis)s %(figure)s is above %(low)s.")
    return text % values


def _workforce_sentence(decision: sc.WorkforceDecision) -> str:
    workers = ngettext("%(count)s worker", "%(count)s workers", decision.workers) % {
        "count": decision.workers
    }
    values = {
        "size": SIZE_LABELS[decision.size_class],
        "workers": workers,
        "min": decision.min_workers,
        "max": decision.max_workers,
    }
    if decision.max_workers is None:
        text = _(
            "%(size)s by the BPS workforce classes (statistics only, not a legal size): %(workers)s is at least %(min)s."
        )
    else:
        text = _(
            "%(size)s by the BPS workforce classes (statistics only, not a legal size): "
            "%(workers)s is between %(min)s and %(max)s."
        )
    return text % values


def _other_basis(decision: sc.SizeDecision) -> str:
    if decision.rule == sc.RULE_UU_20_2008:
        return sc.BASIS_ANNUAL_SALES if decision.basis == sc.BASIS_NET_ASSETS else sc.BASIS_NET_ASSETS
    return sc.BASIS_BUSINESS_CAPITAL if decision.basis == sc.BASIS_ANNUAL_SALES else sc.BASIS_ANNUAL_SALES


def _notes(decision: sc.SizeDecision, purpose: str) -> list[str]:
    notes: list[str] = []
    other = decision.other_criterion_class
    values = {
        "basis": BASIS_LABELS[decision.basis],
        "other_basis": BASIS_LABELS[_other_basis(decision)],
        "other": SIZE_LABELS[other] if other else "",
        "purpose": PURPOSE_LABELS[purpose],
    }
    if sc.NOTE_BEFORE_UU_20_2008 in decision.notes:
        notes.append(
            _(
                "The date is before UU 20/2008 took effect (4 July 2008); its thresholds are used as the earliest rule supported."
            )
        )
    if decision.rule == sc.RULE_UU_20_2008:
        if sc.NOTE_SMALLER_CLASS in decision.notes:
            notes.append(
                _(
                    "Under UU 20/2008 either figure is enough to belong to a class, so the smaller class wins: "
                    "by %(other_basis)s it would be %(other)s."
                )
                % values
            )
        elif sc.NOTE_SAME_CLASS in decision.notes:
            notes.append(_("By %(other_basis)s it would be the same class.") % values)
        if sc.NOTE_CAPITAL_NOT_USED in decision.notes:
            notes.append(_("Business capital is recorded but is not a criterion under UU 20/2008."))
        return notes
    if decision.basis == (
        sc.BASIS_ANNUAL_SALES if purpose == sc.PURPOSE_EMPOWERMENT else sc.BASIS_BUSINESS_CAPITAL
    ):
        notes.append(_("For %(purpose)s PP 7/2021 uses %(basis)s.") % values)
    if sc.NOTE_FALLBACK_TO_CAPITAL in decision.notes:
        notes.append(
            _(
                "For %(purpose)s PP 7/2021 uses annual sales, which are not recorded; business capital decided instead."
            )
            % values
        )
    if sc.NOTE_FALLBACK_TO_SALES in decision.notes:
        notes.append(
            _(
                "For %(purpose)s PP 7/2021 uses business capital, which is not recorded; annual sales decided instead."
            )
            % values
        )
    if other:
        notes.append(_("By %(other_basis)s it would be %(other)s.") % values)
    if sc.NOTE_NET_ASSETS_NOT_USED in decision.notes:
        notes.append(_("Net assets are recorded but are not a criterion under PP 7/2021."))
    return notes


def size_explanation(enterprise: Enterprise, on: dt.date, purpose: str = sc.PURPOSE_EMPOWERMENT) -> dict:
    """The size class of ``enterprise`` on date ``on`` with the reasons, in the active language.

    Keys: on, purpose, purpose_label, rule, rule_label, size_class (None when no usable figure),
    label, badge, basis, basis_label, figure, legal_reference, sentence, notes (list of sentences),
    workforce_class, workforce_label, workforce_sentence.
    """
    if purpose not in sc.PURPOSES:
        raise ValueError(f"purpose must be one of {sc.PURPOSES}, got {purpose!r}")
    rule = sc.rule_in_force(on)
    decision = _decide(enterprise, on, purpose)
    result: dict = {
        "on": on,
        "purpose": purpose,
        "purpose_label": str(PURPOSE_LABELS[purpose]),
        "rule": rule,
        "rule_label": str(RULE_LABELS[rule]),
        "size_class": None,
        "label": "",
        "badge": "",
        "basis": None,
        "basis_label": "",
        "figure": None,
        "legal_reference": "",
        "notes": [],
    }
    if decision is None:
        if rule == sc.RULE_UU_20_2008:
            result["sentence"] = _(
                "No size class under UU 20/2008: record the net assets or the annual sales."
            )
        else:
            result["sentence"] = _(
                "No size class under PP 7/2021: record the annual sales or the business capital."
            )
    else:
        result.update(
            size_class=decision.size_class,
            label=str(SIZE_LABELS[decision.size_class]),
            badge=BADGE[decision.size_class],
            basis=decision.basis,
            basis_label=str(BASIS_LABELS[decision.basis]),
            figure=decision.figure,
            legal_reference=str(REFERENCE_LABELS.get(decision.legal_reference, decision.legal_reference)),
            sentence=_size_sentence(decision),
            notes=_notes(decision, purpose),
        )
    workforce = sc.classify_workforce(enterprise.workers)
    if workforce is None:
        result.update(
            workforce_class=None,
            workforce_label="",
            workforce_sentence=_("No BPS workforce class: record the number of workers."),
        )
    else:
        result.update(
            workforce_class=workforce.size_class,
            workforce_label=str(SIZE_LABELS[workforce.size_class]),
            workforce_sentence=_workforce_sentence(workforce),
        )
    return result
