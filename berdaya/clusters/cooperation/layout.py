"""Pure drawing of a cluster map: where each actor sits and where each link runs. No Django here.

The picture follows the cluster literature of seed 001 (Taufik; Ceglie and Dini): the core industry in
the middle, everyone else around it. Core actors sit on an inner ring (one core actor sits in the very
centre); the others sit on an outer ring, grouped by role in a fixed order — suppliers, related
industries, knowledge institutions, bridging institutions, buyers — each role on its own arc, in name
order within it. Rings grow with the number of actors so circles never crowd closer than ``min_gap``;
the picture is then cropped to the circles drawn (with a margin for the labels).
The same actors and links always give the same picture (ids break ties), so a screenshot, a print and a
test agree.

Coordinates come as floats and as pre-formatted strings (``sx``, ``sy`` …) with a decimal point: a
page in Indonesian would otherwise print 12,5 and break the SVG.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

ROLES = ("core", "supplier", "related", "knowledge", "bridging", "buyer")
OUTER_ORDER = ROLES[1:]
COLOURS = {
    "core": "#b5452b",
    "supplier": "#d08a1e",
    "related": "#8a6bb0",
    "knowledge": "#2a7a4b",
    "bridging": "#5b8fb9",
    "buyer": "#3d3d3d",
}


def fmt(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True)
class Node:
    actor: int
    role: str
    name: str
    x: float
    y: float

    @property
    def sx(self) -> str:
        return fmt(self.x)

    @property
    def sy(self) -> str:
        return fmt(self.y)

    @property
    def label_y(self) -> str:
        return fmt(self.y + 24)

    label: str = ""

    @property
    def short_name(self) -> str:
        # Neighbours on a ring sit ``min_gap`` apart: a longer label would run into the next one.
        text = self.label or self.name
        return text if len(text) <= 13 else text[:12] + "…"

    @property
    def colour(self) -> str:
        return COLOURS.get(self.role, "#999")


@dataclass(frozen=True)
class Edge:
    link: int
    source: int
    target: int
    kind: str
    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def coords(self) -> dict[str, str]:
        return {"x1": fmt(self.x1), "y1": fmt(self.y1), "x2": fmt(self.x2), "y2": fmt(self.y2)}


@dataclass
class Drawing:
    width: float
    height: float
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)

    @property
    def swidth(self) -> str:
        return fmt(self.width)

    @property
    def sheight(self) -> str:
        return fmt(self.height)


def common_words(names: list[str]) -> int:
    """How many leading words all ``names`` share ("Tenun Ikat Kurnia", "Tenun Ikat Endang" → 2), keeping
    at least one word of each name; 0 for fewer than two names."""
    if len(names) < 2:
        return 0
    split = [n.split() for n in names]
    shared = 0
    for words in zip(*split, strict=False):
        if len({w.casefold() for w in words}) != 1:
            break
        shared += 1
    return min(shared, min(len(w) for w in split) - 1)


def _ring(count: int, base: float, min_gap: float) -> float:
    """Radius of a ring holding ``count`` circles at least ``min_gap`` apart along it (never below ``base``)."""
    if count <= 1:
        return base
    return max(base, min_gap * count / (2 * math.pi))


def _shorten(x1: float, y1: float, x2: float, y2: float, start: float, end: float) -> tuple[float, ...]:
    """The segment with ``start`` cut at its beginning and ``end`` at its end (arrows touch the circle)."""
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    return (x1 + ux * start, y1 + uy * start, x2 - ux * end, y2 - uy * end)


def layout(
    actors: Iterable[tuple[int, str, str]],
    links: Iterable[tuple[int, int, int, str]] = (),
    *,
    radius: float = 12,
    min_gap: float = 58,
    inner: float = 64,
    ring_gap: float = 84,
    margin: float = 44,
) -> Drawing:
    """Place ``actors`` — (id, role, name) — and draw ``links`` — (id, source id, target id, kind).

    A link naming an actor that is not drawn is left out; an actor with an unknown role is drawn last on
    the outer ring, so no actor given is silently dropped.
    """
    actors = sorted(set(actors), key=lambda a: (a[1] != "core", a[2].casefold(), a[0]))
    core = [a for a in actors if a[1] == "core"]
    rank = {r: i for i, r in enumerate(OUTER_ORDER)}
    outer = sorted(
        (a for a in actors if a[1] != "core"),
        key=lambda a: (rank.get(a[1], len(rank)), a[2].casefold(), a[0]),
    )
    r_core = 0.0 if len(core) <= 1 else _ring(len(core), inner, min_gap)
    base_outer = (r_core if core else 0.0) + ring_gap if outer else 0.0
    r_outer = _ring(len(outer), base_outer, min_gap) if outer else 0.0
    if len(outer) == 1 and not core:
        r_outer = 0.0
    extent = max(r_core, r_outer)
    size = 2 * (extent + margin)
    cx = cy = size / 2
    nodes: dict[int, Node] = {}

    def place(group, r: float, offset: float) -> None:
        n = len(group)
        for i, (pk, role, name) in enumerate(group):
            # Start at the top and go clockwise; the offset turns the outer ring half a step so its first
            # circle does not sit straight above a core circle.
            angle = -math.pi / 2 + 2 * math.pi * (i + offset) / max(n, 1)
            x, y = (cx, cy) if r == 0 else (cx + r * math.cos(angle), cy + r * math.sin(angle))
            nodes[pk] = Node(pk, role, name, round(x, 1), round(y, 1))

    place(core, r_core, 0.0)
    place(outer, r_outer, 0.5 if core else 0.0)
    # The sentra's weavers often share a prefix ("Tenun Ikat …"): label the core by what tells them apart.
    drop = common_words([a[2] for a in core])
    if drop:
        for pk, _role, name in core:
            nodes[pk] = replace(nodes[pk], label=" ".join(name.split()[drop:]))
    if nodes:
        # Crop the square to the circles actually drawn (plus room for the labels): a map of a few actors
        # would otherwise float in empty space, and on a phone every pixel of width counts.
        left = min(n.x for n in nodes.values()) - margin
        top = min(n.y for n in nodes.values()) - margin
        right = max(n.x for n in nodes.values()) + margin
        bottom = max(n.y for n in nodes.values()) + margin
        nodes = {pk: replace(n, x=round(n.x - left, 1), y=round(n.y - top, 1)) for pk, n in nodes.items()}
        size_x, size_y = right - left, bottom - top
    else:
        size_x = size_y = size
    edges = []
    for pk, source, target, kind in sorted(set(links)):
        if source not in nodes or target not in nodes or source == target:
            continue
        a, b = nodes[source], nodes[target]
        x1, y1, x2, y2 = _shorten(a.x, a.y, b.x, b.y, radius + 2, radius + 3)
        edges.append(Edge(pk, source, target, kind, round(x1, 1), round(y1, 1), round(x2, 1), round(y2, 1)))
    return Drawing(
        width=round(size_x, 1),
        height=round(size_y, 1),
        nodes=[nodes[a[0]] for a in [*core, *outer]],
        edges=edges,
    )
