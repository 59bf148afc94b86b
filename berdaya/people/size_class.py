"""UMKM size classification that explains itself.

Pure Python (no Django). Two legal rules classify an Indonesian enterprise by money figures:

* UU 20/2008 pasal 6 (in force until PP 7/2021 took effect on 2021-02-02): net assets excluding
  land and buildings (*kekayaan bersih*) OR annual sales (*hasil penjualan tahunan*). The two criteria
  are alternatives ("atau"): when both are known the enterprise gets the SMALLER class either figure
  gives, and the decision names the figure that placed it there.
* PP 7/2021 pasal 35 (from 2021-02-02): business capital excluding land and buildings (*modal usaha*,
  used at establishment/registration) or annual sales (used for facilitation/empowerment of running
  businesses). ``purpose`` picks the primary figure; the other one is the fallback.

BPS's workforce classes (statistics only, never a legal size) are in :func:`classify_workforce`.

Every decision records the rule, the figure that decided, the band it fell in and machine-readable
notes, so the presentation layer can say *why*: see :func:`explain_params`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType

# --- vocabulary -------------------------------------------------------------------------------------

MICRO = "micro"
SMALL = "small"
MEDIUM = "medium"
LARGE = "large"
SIZE_CLASSES: tuple[str, ...] = (MICRO, SMALL, MEDIUM, LARGE)  # smallest first
_RANK = {size_class: rank for rank, size_class in enumerate(SIZE_CLASSES)}

RULE_UU_20_2008 = "uu_20_2008"
RULE_PP_7_2021 = "pp_7_2021"
RULE_BPS_WORKFORCE = "bps_workforce"

BASIS_NET_ASSETS = "net_assets"
BASIS_ANNUAL_SALES = "annual_sales"
BASIS_BUSINESS_CAPITAL = "business_capital"
BASIS_WORKERS = "workers"

PURPOSE_EMPOWERMENT = "empowerment"
PURPOSE_REGISTRATION = "registration"
PURPOSES: tuple[str, ...] = (PURPOSE_EMPOWERMENT, PURPOSE_REGISTRATION)

# UU 20/2008 was promulgated on 2008-07-04; PP 7/2021 on 2021-02-02 (effective the same day).
UU_20_2008_EFFECTIVE = date(2008, 7, 4)
PP_7_2021_EFFECTIVE = date(2021, 2, 2)

# Machine keys used in SizeDecision.notes / WorkforceDecision.notes.
NOTE_SMALLER_CLASS = "smaller_class_of_two_criteria"  # UU 20/2008: the figures disagreed, smaller won
NOTE_SAME_CLASS = "both_criteria_same_class"  # UU 20/2008: both figures gave the same class
NOTE_OTHER_CLASS_PREFIX = "other_criterion_class="  # followed by the class the other figure gives
NOTE_FALLBACK_TO_CAPITAL = "fallback_to_capital"  # PP 7/2021 empowerment, sales unknown
NOTE_FALLBACK_TO_SALES = "fallback_to_sales"  # PP 7/2021 registration, capital unknown
NOTE_NET_ASSETS_NOT_USED = "net_assets_not_a_criterion"  # given, but PP 7/2021 does not use it
NOTE_CAPITAL_NOT_USED = "business_capital_not_a_criterion"  # given, but UU 20/2008 does not use it
NOTE_BEFORE_UU_20_2008 = "date_before_uu_20_2008"  # earliest supported rule applied to an older date
NOTE_STATISTICS_ONLY = "statistics_only"  # BPS workforce class is not a legal size

# --- the table --------------------------------------------------------------------------------------
# Each band: (size class, inclusive upper bound in rupiah or None = no upper bound, legal reference).
# A band's exclusive lower bound is the previous band's upper bound ("lebih dari ... sampai dengan
# paling banyak ..."); the first band starts at zero. Bands are ordered smallest class first.
#
# UU 20/2008 pasal 6: ayat (1) Usaha Mikro, ayat (2) Usaha Kecil, ayat (3) Usaha Menengah; huruf a
#   kekayaan bersih (tidak termasuk tanah dan bangunan tempat usaha), huruf b hasil penjualan tahunan.
#   Usaha Besar = above Usaha Menengah (pasal 1 angka 4).
# PP 7/2021 pasal 35: ayat (3) modal usaha (tidak termasuk tanah dan bangunan tempat usaha), used for
#   establishment/registration; ayat (5) hasil penjualan tahunan, used for facilitation, protection and
#   empowerment. Huruf a/b/c = mikro/kecil/menengah; larger than menengah = Usaha Besar.

_JT = 1_000_000  # juta
_M = 1_000_000_000  # miliar

Band = tuple[str, int | None, str]

THRESHOLDS: Mapping[tuple[str, str], tuple[Band, ...]] = MappingProxyType(
    {
        (RULE_UU_20_2008, BASIS_NET_ASSETS): (
            (MICRO, 50 * _JT, "UU 20/2008 pasal 6 ayat (1)"),
            (SMALL, 500 * _JT, "UU 20/2008 pasal 6 ayat (2)"),
            (MEDIUM, 10 * _M, "UU 20/2008 pasal 6 ayat (3)"),
            (LARGE, None, "UU 20/2008 pasal 1 angka 4"),
        ),
        (RULE_UU_20_2008, BASIS_ANNUAL_SALES): (
            (MICRO, 300 * _JT, "UU 20/2008 pasal 6 ayat (1)"),
            (SMALL, 2_500 * _JT, "UU 20/2008 pasal 6 ayat (2)"),
            (MEDIUM, 50 * _M, "UU 20/2008 pasal 6 ayat (3)"),
            (LARGE, None, "UU 20/2008 pasal 1 angka 4"),
        ),
        (RULE_PP_7_2021, BASIS_BUSINESS_CAPITAL): (
            (MICRO, 1 * _M, "PP 7/2021 pasal 35 ayat (3)"),
            (SMALL, 5 * _M, "PP 7/2021 pasal 35 ayat (3)"),
            (MEDIUM, 10 * _M, "PP 7/2021 pasal 35 ayat (3)"),
            (LARGE, None, "PP 7/2021 pasal 35 ayat (3)"),
        ),
        (RULE_PP_7_2021, BASIS_ANNUAL_SALES): (
            (MICRO, 2 * _M, "PP 7/2021 pasal 35 ayat (5)"),
            (SMALL, 15 * _M, "PP 7/2021 pasal 35 ayat (5)"),
            (MEDIUM, 50 * _M, "PP 7/2021 pasal 35 ayat (5)"),
            (LARGE, None, "PP 7/2021 pasal 35 ayat (5)"),
        ),
    }
)

# BPS workforce classes (statistics only): (size class, min workers inclusive, max inclusive or None).
WORKFORCE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    (MICRO, 1, 4),
    (SMALL, 5, 19),
    (MEDIUM, 20, 99),
    (LARGE, 100, None),
)
BPS_WORKFORCE_REFERENCE = "BPS, klasifikasi usaha menurut jumlah tenaga kerja"

# Default Indonesian labels for building sentences (the Django layer may translate instead).
SIZE_LABELS: Mapping[str, str] = MappingProxyType(
    {MICRO: "Mikro", SMALL: "Kecil", MEDIUM: "Menengah", LARGE: "Besar"}
)
RULE_LABELS: Mapping[str, str] = MappingProxyType(
    {RULE_UU_20_2008: "UU 20/2008", RULE_PP_7_2021: "PP 7/2021", RULE_BPS_WORKFORCE: "BPS"}
)
BASIS_LABELS: Mapping[str, str] = MappingProxyType(
    {
        BASIS_NET_ASSETS: "kekayaan bersih (tidak termasuk tanah dan bangunan tempat usaha)",
        BASIS_ANNUAL_SALES: "hasil penjualan tahunan",
        BASIS_BUSINESS_CAPITAL: "modal usaha (tidak termasuk tanah dan bangunan tempat usaha)",
        BASIS_WORKERS: "jumlah tenaga kerja",
    }
)


# --- decisions --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SizeDecision:
    """Why an enterprise has its size class.

    ``threshold_low`` is the exclusive lower bound (None for micro: from zero), ``threshold_high``
    the inclusive upper bound (None for large: no ceiling); ``threshold_low < figure <= threshold_high``.
    """

    size_class: str
    rule: str
    basis: str
    figure: int
    threshold_low: int | None
    threshold_high: int | None
    legal_reference: str
    notes: tuple[str, ...] = ()

    @property
    def other_criterion_class(self) -> str | None:
        """The class the other figure would give, when both figures were known."""
        for note in self.notes:
            if note.startswith(NOTE_OTHER_CLASS_PREFIX):
                return note[len(NOTE_OTHER_CLASS_PREFIX) :]
        return None


@dataclass(frozen=True)
class WorkforceDecision:
    """BPS workforce class; ``min_workers``..``max_workers`` inclusive (max None for large)."""

    size_class: str
    workers: int
    min_workers: int
    max_workers: int | None
    rule: str = RULE_BPS_WORKFORCE
    basis: str = BASIS_WORKERS
    legal_reference: str = BPS_WORKFORCE_REFERENCE
    notes: tuple[str, ...] = (NOTE_STATISTICS_ONLY,)


# --- validation -------------------------------------------------------------------------------------


def _check_count(value: object, name: str) -> int | None:
    """None or a non-negative int (bool, float, Decimal, str are refused)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an integer (rupiah or a count) or None, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value!r}")
    return value


def _check_date(on: object) -> date:
    # datetime is a date subclass but cannot be compared with a date; ask for the calendar date.
    if isinstance(on, datetime) or not isinstance(on, date):
        raise ValueError(f"on must be a datetime.date (not a datetime), got {on!r}")
    return on


# --- rules ------------------------------------------------------------------------------------------


def rule_in_force(on: date) -> str:
    """The UMKM size rule in force on ``on``: PP 7/2021 from 2021-02-02, UU 20/2008 before.

    UU 20/2008 is the earliest supported rule; it is also returned for dates before it took effect
    (``classify_umkm`` then adds the note ``date_before_uu_20_2008``).
    """
    on = _check_date(on)
    return RULE_PP_7_2021 if on >= PP_7_2021_EFFECTIVE else RULE_UU_20_2008


def band_for(rule: str, basis: str, figure: int) -> tuple[str, int | None, int | None, str]:
    """(size class, exclusive low, inclusive high, legal reference) of ``figure`` in the table."""
    try:
        bands = THRESHOLDS[(rule, basis)]
    except KeyError:
        raise ValueError(f"{basis!r} is not a criterion of {rule!r}") from None
    figure = _check_count(figure, basis)
    if figure is None:
        raise ValueError(f"{basis} is required")
    low: int | None = None
    for size_class, high, reference in bands:
        if high is None or figure <= high:
            return size_class, low, high, reference
        low = high
    raise AssertionError("the last band of every table is unbounded")  # pragma: no cover


def _decide(rule: str, basis: str, figure: int, notes: list[str]) -> SizeDecision:
    size_class, low, high, reference = band_for(rule, basis, figure)
    return SizeDecision(
        size_class=size_class,
        rule=rule,
        basis=basis,
        figure=figure,
        threshold_low=low,
        threshold_high=high,
        legal_reference=reference,
        notes=tuple(notes),
    )


def classify_umkm(
    *,
    on: date,
    net_assets: int | None,
    annual_sales: int | None,
    business_capital: int | None,
    purpose: str = PURPOSE_EMPOWERMENT,
) -> SizeDecision | None:
    """Classify an enterprise under the rule in force on ``on``; None when no usable figure.

    All money is integer rupiah (None = unknown). Under UU 20/2008 ``business_capital`` is not a
    criterion; under PP 7/2021 ``net_assets`` is not. ``purpose`` only matters under PP 7/2021:
    "empowerment" uses annual sales (fallback: business capital), "registration" uses business capital
    (fallback: annual sales).
    """
    rule = rule_in_force(on)
    net_assets = _check_count(net_assets, BASIS_NET_ASSETS)
    annual_sales = _check_count(annual_sales, BASIS_ANNUAL_SALES)
    business_capital = _check_count(business_capital, BASIS_BUSINESS_CAPITAL)
    if purpose not in PURPOSES:
        raise ValueError(f"purpose must be one of {PURPOSES}, got {purpose!r}")

    notes: list[str] = []
    if rule == RULE_UU_20_2008:
        if on < UU_20_2008_EFFECTIVE:
            notes.append(NOTE_BEFORE_UU_20_2008)
        if business_capital is not None:
            notes.append(NOTE_CAPITAL_NOT_USED)
        if net_assets is None and annual_sales is None:
            return None
        if net_assets is None:
            return _decide(rule, BASIS_ANNUAL_SALES, annual_sales, notes)
        if annual_sales is None:
            return _decide(rule, BASIS_NET_ASSETS, net_assets, notes)
        by_assets = band_for(rule, BASIS_NET_ASSETS, net_assets)[0]
        by_sales = band_for(rule, BASIS_ANNUAL_SALES, annual_sales)[0]
        # "atau": either criterion suffices to be in a class, so the smaller class wins. On a tie the
        # net-assets criterion (huruf a, listed first) is named.
        if _RANK[by_sales] < _RANK[by_assets]:
            notes += [NOTE_SMALLER_CLASS, NOTE_OTHER_CLASS_PREFIX + by_assets]
            return _decide(rule, BASIS_ANNUAL_SALES, annual_sales, notes)
        notes.append(NOTE_SMALLER_CLASS if by_assets != by_sales else NOTE_SAME_CLASS)
        notes.append(NOTE_OTHER_CLASS_PREFIX + by_sales)
        return _decide(rule, BASIS_NET_ASSETS, net_assets, notes)

    # PP 7/2021: one criterion chosen by purpose, the other as fallback.
    if net_assets is not None:
        notes.append(NOTE_NET_ASSETS_NOT_USED)
    if purpose == PURPOSE_EMPOWERMENT:
        primary, primary_value = BASIS_ANNUAL_SALES, annual_sales
        secondary, secondary_value, fallback_note = (
            BASIS_BUSINESS_CAPITAL,
            business_capital,
            NOTE_FALLBACK_TO_CAPITAL,
        )
    else:
        primary, primary_value = BASIS_BUSINESS_CAPITAL, business_capital
        secondary, secondary_value, fallback_note = BASIS_ANNUAL_SALES, annual_sales, NOTE_FALLBACK_TO_SALES
    if primary_value is not None:
        if secondary_value is not None:
            notes.append(NOTE_OTHER_CLASS_PREFIX + band_for(rule, secondary, secondary_value)[0])
        return _decide(rule, primary, primary_value, notes)
    if secondary_value is not None:
        notes.append(fallback_note)
        return _decide(rule, secondary, secondary_value, notes)
    return None


def classify_workforce(workers: int | None) -> WorkforceDecision | None:
    """BPS workforce class (statistics only): micro 1–4, small 5–19, medium 20–99, large ≥ 100.

    None for None or 0 workers (no class).
    """
    workers = _check_count(workers, "workers")
    if not workers:
        return None
    for size_class, low, high in WORKFORCE_BANDS:
        if high is None or workers <= high:
            return WorkforceDecision(
                size_class=size_class, workers=workers, min_workers=low, max_workers=high
            )
    raise AssertionError("the last workforce band is unbounded")  # pragma: no cover


# --- explanation parameters -------------------------------------------------------------------------


def format_rupiah(amount: int | None) -> str | None:
    """Rp with dots for thousands, e.g. 3000000000 -> "Rp3.000.000.000"; None stays None."""
    if amount is None:
        return None
    from berdaya.core.money import rupiah  # pure, no Django: this module stays importable alone

    return rupiah(amount)


def explain_params(decision: SizeDecision | WorkforceDecision) -> dict[str, object]:
    """Named values for a sentence such as

    "Kecil menurut PP 7/2021 pasal 35 ayat (5): hasil penjualan tahunan Rp3.000.000.000 berada di atas
    Rp2.000.000.000 dan paling banyak Rp15.000.000.000".

    ``comparison`` tells which shape the sentence takes: "at_most" (no lower bound: "paling banyak
    {threshold_high_rp}"), "between" ("di atas {threshold_low_rp} dan paling banyak
    {threshold_high_rp}") or "above" (no ceiling: "di atas {threshold_low_rp}"). Raw values are kept
    next to default Indonesian labels and formatted amounts, so a translating caller can ignore the
    labels.
    """
    if isinstance(decision, WorkforceDecision):
        low, high = decision.min_workers, decision.max_workers
        return {
            "size_class": decision.size_class,
            "size_label": SIZE_LABELS[decision.size_class],
            "rule": decision.rule,
            "rule_label": RULE_LABELS[decision.rule],
            "legal_reference": decision.legal_reference,
            "basis": decision.basis,
            "basis_label": BASIS_LABELS[decision.basis],
            "figure": decision.workers,
            "min_workers": low,
            "max_workers": high,
            "comparison": "between_inclusive" if high is not None else "at_least",
            "notes": decision.notes,
            "statistics_only": True,
        }
    if not isinstance(decision, SizeDecision):
        raise ValueError(f"not a size decision: {decision!r}")
    low, high = decision.threshold_low, decision.threshold_high
    if low is None:
        comparison = "at_most"
    elif high is None:
        comparison = "above"
    else:
        comparison = "between"
    fallback_from = None
    if NOTE_FALLBACK_TO_CAPITAL in decision.notes:
        fallback_from = BASIS_ANNUAL_SALES
    elif NOTE_FALLBACK_TO_SALES in decision.notes:
        fallback_from = BASIS_BUSINESS_CAPITAL
    other = decision.other_criterion_class
    return {
        "size_class": decision.size_class,
        "size_label": SIZE_LABELS[decision.size_class],
        "rule": decision.rule,
        "rule_label": RULE_LABELS[decision.rule],
        "legal_reference": decision.legal_reference,
        "basis": decision.basis,
        "basis_label": BASIS_LABELS[decision.basis],
        "figure": decision.figure,
        "figure_rp": format_rupiah(decision.figure),
        "threshold_low": low,
        "threshold_low_rp": format_rupiah(low),
        "threshold_high": high,
        "threshold_high_rp": format_rupiah(high),
        "comparison": comparison,
        "fallback_from": fallback_from,
        "other_criterion_class": other,
        "other_criterion_label": SIZE_LABELS[other] if other is not None else None,
        "smaller_class_of_two_criteria": NOTE_SMALLER_CLASS in decision.notes,
        "notes": decision.notes,
        "statistics_only": False,
    }
