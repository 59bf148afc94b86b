"""Pure calculations for innovation adoption: the curve, the who-taught-whom tree and its drawing.

No Django here, so the rules can be tested by the thousand. People are plain ids; stages are the
strings "learned", "adopted", "spreading" in that order.

- ``curve``: for each month, how many people had reached at least each stage by the end of it
  (cumulative, so the lines only rise — the classic diffusion curve).
- ``reach``: for each person, how many they taught directly and how many learned through them
  (directly or down the chain): "who spread it furthest".
- ``layout``: a deterministic drawing. Layer 0 holds the first learners (taught by the introduction
  itself); layer n those taught by someone in layer n-1. Within a layer people sit under their teacher
  (ordered by the teacher's place, then by when they learned, then by id), spread evenly across the
  width; those who passed it on furthest come first, so chains start at the left. The same data always
  gives the same picture.
- ``creates_cycle``: whether "``learner`` learned from ``teacher``" would close a loop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

STAGES = ("learned", "adopted", "spreading")
RANK = {s: i for i, s in enumerate(STAGES)}


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def creates_cycle(teacher: int, learner: int, teacher_of: Mapping[int, int | None]) -> bool:
    """True if ``learner`` is ``teacher`` or somewhere up ``teacher``'s chain of teachers."""
    seen: set[int] = set()
    current: int | None = teacher
    while current is not None and current not in seen:
        if current == learner:
            return True
        seen.add(current)
        current = teacher_of.get(current)
    return False


@dataclass(frozen=True)
class CurvePoint:
    month: dt.date
    learned: int
    adopted: int
    spreading: int

    def count(self, stage: str) -> int:
        return getattr(self, stage)


def curve(events: Iterable[tuple[int, str, dt.date]], until: dt.date | None = None) -> list[CurvePoint]:
    """Cumulative people at (at least) each stage at the end of every month, first event to ``until``.

    ``events`` are (person, stage, date). A person counted as adopted is also counted as learned: the
    learned line is everyone reached, the adopted line everyone using it, the spreading line everyone
    passing it on.
    """
    first: dict[tuple[int, str], dt.date] = {}
    for person, stage, day in events:
        key = (person, stage)
        if key not in first or day < first[key]:
            first[key] = day
    if not first:
        return []
    # "at least this stage": a later stage implies the earlier ones from its own date on.
    reached: dict[str, list[dt.date]] = {s: [] for s in STAGES}
    people = {p for p, _s in first}
    for person in people:
        for i, stage in enumerate(STAGES):
            dates = [first[(person, s)] for s in STAGES[i:] if (person, s) in first]
            if dates:
                reached[stage].append(min(dates))
    start = month_start(min(first.values()))
    end = month_start(max([*first.values(), *([until] if until else [])]))
    points = []
    month = start
    while month <= end:
        after = next_month(month)
        counts = {s: sum(1 for d in reached[s] if d < after) for s in STAGES}
        points.append(CurvePoint(month, counts["learned"], counts["adopted"], counts["spreading"]))
        month = after
    return points


@dataclass
class Reach:
    person: int
    direct: int = 0
    total: int = 0
    depth: int = 0  # the longest chain below this person


def reach(teacher_of: Mapping[int, int | None]) -> dict[int, Reach]:
    """Direct and total (direct + indirect) learners of every person in ``teacher_of`` (learner → teacher)."""
    children: dict[int, list[int]] = {}
    for learner, teacher in teacher_of.items():
        if teacher is not None:
            children.setdefault(teacher, []).append(learner)
    people = set(teacher_of) | set(children)
    result: dict[int, Reach] = {}

    def walk(person: int, path: frozenset[int]) -> Reach:
        if person in result:
            return result[person]
        r = Reach(person)
        for child in children.get(person, []):
            if child in path:  # a loop cannot be stored (services refuse it); never recurse forever
                continue
            c = walk(child, path | {child})
            r.direct += 1
            r.total += 1 + c.total
            r.depth = max(r.depth, 1 + c.depth)
        result[person] = r
        return r

    for person in sorted(people):
        walk(person, frozenset({person}))
    return result


@dataclass(frozen=True)
class Node:
    person: int
    stage: str
    layer: int
    x: float
    y: float


@dataclass(frozen=True)
class Edge:
    teacher: int
    learner: int
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class Drawing:
    width: float
    height: float
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def layout(
    people: Mapping[int, tuple[str, int | None, dt.date]],
    *,
    width: float = 240,
    layer_height: float = 80,
    margin: float = 40,
    min_gap: float = 56,
) -> Drawing:
    """Place every person: ``people`` maps id → (current stage, teacher id or None, date learned).

    A teacher not among ``people`` (not recorded for this innovation) makes the learner a first learner.
    The width grows when a layer holds more people than fit ``min_gap`` apart.
    """
    teacher_of = {p: (t if t in people and t != p else None) for p, (_s, t, _d) in people.items()}
    layer: dict[int, int] = {}

    def depth(p: int, seen: frozenset[int] = frozenset()) -> int:
        if p in layer:
            return layer[p]
        t = teacher_of[p]
        d = 0 if t is None or t in seen else 1 + depth(t, seen | {p})
        layer[p] = d
        return d

    for p in sorted(people):
        depth(p)
    layers: dict[int, list[int]] = {}
    for p, d in layer.items():
        layers.setdefault(d, []).append(p)
    reached = reach(teacher_of)
    widest = max((len(v) for v in layers.values()), default=0)
    width = max(width, 2 * margin + widest * min_gap)
    inner = width - 2 * margin
    order: dict[int, float] = {}
    nodes: dict[int, Node] = {}
    for d in sorted(layers):
        # Sit under the teacher; among the same teacher's learners (and in the first row) those who passed
        # it on furthest come first, so on a narrow screen the chains start at the left, in view.
        row = sorted(
            layers[d],
            key=lambda p: (
                order.get(teacher_of[p], -1.0) if teacher_of[p] is not None else -1.0,
                -reached[p].total,
                people[p][2],
                p,
            ),
        )
        n = len(row)
        if d == 0:
            xs = [margin + inner * (i + 0.5) / n for i in range(n)]
        else:
            xs = _under_teachers([order[teacher_of[p]] for p in row], min_gap, margin, width - margin)
        for p, x in zip(row, xs, strict=True):
            y = margin + d * layer_height
            order[p] = x
            nodes[p] = Node(p, people[p][0], d, round(x, 1), round(y, 1))
    height = margin * 2 + max(layers, default=0) * layer_height
    edges = [
        Edge(t, p, nodes[t].x, nodes[t].y, nodes[p].x, nodes[p].y)
        for p, t in sorted(teacher_of.items())
        if t is not None
    ]
    return Drawing(
        width=round(width, 1), height=round(height, 1), nodes=[nodes[p] for p in sorted(nodes)], edges=edges
    )


def _under_teachers(teacher_xs: list[float], gap: float, low: float, high: float) -> list[float]:
    """x for each learner of a row (ordered by teacher): siblings centred under their teacher, at least
    ``gap`` apart, pushed right then left to stay within [low + gap/2, high - gap/2]."""
    desired: list[float] = []
    i = 0
    while i < len(teacher_xs):
        j = i
        while j < len(teacher_xs) and teacher_xs[j] == teacher_xs[i]:
            j += 1
        k = j - i
        desired += [teacher_xs[i] + (m - (k - 1) / 2) * gap for m in range(k)]
        i = j
    xs: list[float] = []
    for x in desired:  # left to right: never closer than gap to the previous one
        xs.append(max(x, low + gap / 2, xs[-1] + gap if xs else x))
    right = high - gap / 2
    for m in range(len(xs) - 1, -1, -1):  # right to left: back inside the box
        right = min(xs[m], right)
        xs[m] = right
        right -= gap
    return xs


@dataclass(frozen=True)
class Chart:
    """The adoption curve as SVG coordinates: one polyline per stage, axis ticks."""

    width: float
    height: float
    lines: dict[str, str]
    x_ticks: list[tuple[float, dt.date]]
    y_ticks: list[tuple[float, int]]
    left: float
    bottom: float
    right: float
    top: float


def chart(points: list[CurvePoint], *, width: float = 360, height: float = 200, pad: float = 36) -> Chart:
    """Scale ``curve`` points into a ``width`` × ``height`` box (y up), with about six ticks per axis."""
    left, right, top, bottom = pad + 8, width - pad / 2, pad / 2, height - pad
    top_count = max([p.learned for p in points] + [1])
    n = len(points)

    def x(i: int) -> float:
        return left if n <= 1 else left + (right - left) * i / (n - 1)

    def y(v: int) -> float:
        return bottom - (bottom - top) * v / top_count

    lines = {
        s: " ".join(f"{round(x(i), 1)},{round(y(p.count(s)), 1)}" for i, p in enumerate(points))
        for s in STAGES
    }
    step = max(1, (n + 5) // 6)
    x_ticks = [(round(x(i), 1), p.month) for i, p in enumerate(points) if i % step == 0 or i == n - 1]
    y_step = max(1, (top_count + 4) // 5)
    y_ticks = [(round(y(v), 1), v) for v in range(0, top_count + 1, y_step)]
    return Chart(width, height, lines, x_ticks, y_ticks, left, bottom, right, top)
