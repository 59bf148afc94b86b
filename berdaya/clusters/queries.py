"""Read-only queries for the sentra pages and API (set-based: no query per row)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from berdaya.accounts import access
from berdaya.core.lists import search

from .models import ReadinessAssessment, Sentra, SentraYear


def sentras_for_list(user, *, q: str = "", programme_id: str = "") -> QuerySet[Sentra]:
    qs = access.visible_sentras(user).annotate(
        member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True)
    )
    if q:
        qs = search(qs, q, ["name", "product_type", "place__name", "programme__name"])
    if programme_id.isdigit():
        qs = qs.filter(programme_id=int(programme_id))
    return qs.order_by("name", "pk")


def latest_assessment(sentra: Sentra) -> ReadinessAssessment | None:
    return sentra.assessments.order_by("-assessed_on", "-id").first()


# --- the history chart ------------------------------------------------------------------------------

CHART_W, CHART_H, PAD_L, PAD_R, PAD_T, PAD_B = 600, 220, 40, 24, 14, 26
SERIES = [
    ("units", "#2f6f4f"),
    ("craftsmen", "#b5651d"),
    ("tools", "#3b6ea8"),
]


def _fmt(x: float) -> str:
    # Never localised: Indonesian writes a decimal comma, which breaks SVG attributes.
    return f"{x:.1f}"


def history_chart(years: list[SentraYear]) -> dict | None:
    """Polylines (units, craftsmen, looms or tools) over the years, for an inline SVG.

    The x axis is proportional to the year (1946, 1950, the 1970s and today are far apart in seed 001);
    each series uses the same y scale so they can be compared. None when fewer than two years.
    """
    years = sorted(years, key=lambda y: y.year)
    if len(years) < 2:
        return None
    lo, hi = years[0].year, years[-1].year
    top = max([getattr(y, name) or 0 for y in years for name, _c in SERIES] + [1])
    inner_w, inner_h = CHART_W - PAD_L - PAD_R, CHART_H - PAD_T - PAD_B

    def x(year: int) -> float:
        return PAD_L + (year - lo) / max(hi - lo, 1) * inner_w

    def y(value: int) -> float:
        return PAD_T + inner_h - value / top * inner_h

    series = []
    for name, colour in SERIES:
        pts = [(x(r.year), y(getattr(r, name))) for r in years if getattr(r, name) is not None]
        if pts:
            series.append(
                {
                    "name": name,
                    "colour": colour,
                    "points": " ".join(f"{_fmt(a)},{_fmt(b)}" for a, b in pts),
                    "dots": [{"x": _fmt(a), "y": _fmt(b)} for a, b in pts],
                }
            )
    ticks = [{"x": _fmt(x(r.year)), "label": r.year} for r in years]
    return {
        "w": CHART_W,
        "h": CHART_H,
        "series": series,
        "ticks": ticks,
        "top": top,
        "top_y": _fmt(y(top)),
        "base_y": _fmt(y(0)),
        "label_y": _fmt(CHART_H - 6),
        "left": PAD_L,
        "right": CHART_W - PAD_R,
    }
