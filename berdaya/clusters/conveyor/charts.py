"""Geometry of the line's SVG drawings, computed here so templates only place shapes.

Every coordinate is formatted with ``balance.fmt`` (a dot, never a localised comma: Indonesian writes
12,5 and an SVG attribute would break). No JavaScript, no library: the server draws.
"""

from __future__ import annotations

from fractions import Fraction

from . import balance as bal

PALETTE = ["#1f6f50", "#2f7fb5", "#b5862f", "#8a4fb5", "#b54f6f", "#4f9fb5", "#6f8a2f", "#b56a2f"]
BOX_W, GAP, BOX_H, TOP = 130, 34, 64, 26


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _fill(result: bal.StageResult, throughput: Fraction) -> tuple[str, str, str]:
    """(fill, stroke, stroke width): red for the bottleneck, amber when close to it, green with room."""
    if result.position == "bottleneck":
        return "#fdecea", "#a1261d", "3"
    ratio = throughput / result.capacity if result.capacity else Fraction(1)
    if ratio >= Fraction(4, 5):
        return "#fff5dc", "#8a5a00", "1.5"
    return "#e9f4ef", "#1f6f50", "1.5"


def flow_diagram(view, label=str) -> dict | None:
    """Stages as boxes left to right; a bar under each box as long as its capacity (the longest = full)."""
    stages = view.stages
    if not stages:
        return None
    throughput = view.balance.throughput
    boxes = []
    for i, sv in enumerate(stages):
        r = sv.result
        x = 8 + i * (BOX_W + GAP)
        fill, stroke, width = _fill(r, throughput)
        bar = Fraction(BOX_W) * r.share_of_max
        boxes.append(
            {
                "x": bal.fmt(Fraction(x), 0),
                "y": TOP,
                "cx": bal.fmt(Fraction(x) + Fraction(BOX_W, 2), 1),
                "w": BOX_W,
                "h": BOX_H,
                "fill": fill,
                "stroke": stroke,
                "stroke_width": width,
                "name": _short(sv.stage.name, 18),
                "maker": _short(sv.stage.maker or "", 20),
                "bar_w": bal.fmt(max(bar, Fraction(2)), 1),
                "bar_y": TOP + BOX_H + 8,
                "capacity": sv.result.capacity,
                "capacity_label": label(sv.result.capacity),
                "bottleneck": r.position == "bottleneck",
                "arrow": None
                if i == len(stages) - 1
                else {
                    "x1": x + BOX_W + 3,
                    "x2": x + BOX_W + GAP - 5,
                    "y": TOP + BOX_H // 2,
                },
                "title": sv.reason,
            }
        )
    width = 16 + len(stages) * BOX_W + (len(stages) - 1) * GAP
    # The same boxes top to bottom for a phone: a 360 px screen cannot show four boxes side by side.
    rows, row_h, v_gap, v_box_w, v_box_h, bar_x, bar_max = [], 58, 22, 180, 58, 196, 130
    for i, (sv, b) in enumerate(zip(stages, boxes, strict=True)):
        y = TOP + i * (row_h + v_gap)
        rows.append(
            {
                **b,
                "x": 8,
                "y": y,
                "cx": 8 + v_box_w // 2,
                "w": v_box_w,
                "h": v_box_h,
                "name": _short(sv.stage.name, 24),
                "maker": _short(sv.stage.maker or "", 26),
                "bar_x": bar_x,
                "bar_y": y + 16,
                "bar_w": bal.fmt(max(Fraction(bar_max) * sv.result.share_of_max, Fraction(2)), 1),
                "label_y": y + 42,
                "arrow": None
                if i == len(stages) - 1
                else {"x": 8 + v_box_w // 2, "y1": y + v_box_h + 2, "y2": y + v_box_h + v_gap - 3},
            }
        )
    return {
        "boxes": boxes,
        "width": width,
        "height": TOP + BOX_H + 44,
        "rows": rows,
        "v_width": bar_x + bar_max + 8,
        "v_height": TOP + len(stages) * (row_h + v_gap),
    }


def weekly_chart(history_view, balance_view, *, weeks: int = 12) -> dict | None:
    """Per week: one bar per stage (its output in products' worth) and a dot for the products finished."""
    hist = history_view.history
    if not hist.weeks:
        return None
    shown = hist.weeks[-weeks:]
    stages = history_view.stages
    values = [w.stages[s.pk].equivalent for w in shown for s in stages] + [
        Fraction(w.finished) for w in shown
    ]
    if balance_view.throughput is not None:
        values.append(balance_view.throughput)
    top = max(values + [Fraction(1)])
    plot_h, left, bottom_pad = 150, 40, 34
    bar_w = 9
    group_w = len(stages) * bar_w + 16
    width = left + len(shown) * group_w + 10

    def y(v: Fraction) -> Fraction:
        return Fraction(10) + Fraction(plot_h) * (1 - v / top)

    groups = []
    for gi, w in enumerate(shown):
        gx = left + gi * group_w + 8
        bars = []
        for si, s in enumerate(stages):
            v = w.stages[s.pk].equivalent
            bars.append(
                {
                    "x": gx + si * bar_w,
                    "y": bal.fmt(y(v), 1),
                    "h": bal.fmt(Fraction(plot_h) * v / top, 1),
                    "w": bar_w - 1,
                    "colour": colour(si),
                    "title": f"{s.name}: {w.stages[s.pk].produced} {s.unit}",
                }
            )
        groups.append(
            {
                "bars": bars,
                "dot_x": bal.fmt(Fraction(gx) + Fraction(len(stages) * bar_w, 2), 1),
                "dot_y": bal.fmt(y(Fraction(w.finished)), 1),
                "finished": w.finished,
                "label_x": bal.fmt(Fraction(gx) + Fraction(len(stages) * bar_w, 2), 1),
                "label": w.week.strftime("%d/%m"),
                "week": w.week,
            }
        )
    line = " ".join(f"{g['dot_x']},{g['dot_y']}" for g in groups)
    ticks = [{"y": bal.fmt(y(top * k / 4), 1), "label": bal.fmt(top * k / 4, 0)} for k in range(5)]
    capacity_y = bal.fmt(y(balance_view.throughput), 1) if balance_view.throughput is not None else None
    return {
        "width": width,
        "height": 10 + plot_h + bottom_pad,
        "groups": groups,
        "line": line,
        "ticks": ticks,
        "left": left,
        "right": width - 4,
        "base_y": 10 + plot_h,
        "label_y": 10 + plot_h + 16,
        "capacity_y": capacity_y,
        "legend": [{"name": s.name, "colour": colour(i)} for i, s in enumerate(stages)],
    }
