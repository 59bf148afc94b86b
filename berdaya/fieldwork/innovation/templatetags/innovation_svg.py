"""Small helpers for drawing the adoption network as server-side SVG (no JavaScript, no outside asset)."""

from __future__ import annotations

import math

from django import template

register = template.Library()

COLOURS = {"learned": "#5b8fb9", "adopted": "#d08a1e", "spreading": "#2a7a4b"}


@register.simple_tag
def stage_colour(stage: str) -> str:
    return COLOURS.get(stage, "#999")


@register.simple_tag
def arrow(edge, radius: float = 14, start: float | None = None) -> tuple[float, float, float, float]:
    """The edge's line shortened by ``radius`` at the learner (the arrow head touches the circle) and by
    ``start`` at the teacher (room for the teacher's name under the circle)."""
    start = radius if start is None else start
    dx, dy = edge.x2 - edge.x1, edge.y2 - edge.y1
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    return (
        round(edge.x1 + ux * start, 1),
        round(edge.y1 + uy * start, 1),
        round(edge.x2 - ux * radius, 1),
        round(edge.y2 - uy * radius, 1),
    )


@register.filter
def get(mapping, key):
    return mapping.get(key, "") if mapping else ""
