"""The pure module: curve, reach, cycle check and a deterministic drawing (no database)."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from berdaya.fieldwork.innovation import layout

D = dt.date


def test_curve_is_cumulative_per_month_and_later_stages_count_as_earlier():
    events = [
        (1, "learned", D(2024, 11, 2)),
        (1, "adopted", D(2024, 12, 5)),
        (2, "learned", D(2025, 1, 10)),
        (1, "spreading", D(2025, 1, 10)),
        (3, "learned", D(2025, 3, 2)),
    ]
    points = layout.curve(events)
    assert [p.month for p in points] == [
        D(2024, 11, 1),
        D(2024, 12, 1),
        D(2025, 1, 1),
        D(2025, 2, 1),
        D(2025, 3, 1),
    ]
    assert [(p.learned, p.adopted, p.spreading) for p in points] == [
        (1, 0, 0),
        (1, 1, 0),
        (2, 1, 1),
        (2, 1, 1),  # a month without news repeats the level
        (3, 1, 1),
    ]
    assert layout.curve([]) == []


def test_reach_counts_direct_and_down_the_chain():
    # 1 taught 2 and 4; 2 taught 3.
    r = layout.reach({1: None, 2: 1, 3: 2, 4: 1})
    assert (r[1].direct, r[1].total, r[1].depth) == (2, 3, 2)
    assert (r[2].direct, r[2].total) == (1, 1)
    assert (r[3].direct, r[3].total) == (0, 0)


def test_creates_cycle():
    teacher_of = {1: None, 2: 1, 3: 2}
    assert layout.creates_cycle(3, 1, teacher_of)  # 1 learning from 3 closes 1 → 2 → 3 → 1
    assert layout.creates_cycle(2, 2, teacher_of)  # oneself
    assert not layout.creates_cycle(1, 4, teacher_of)


def test_layout_layers_by_distance_and_children_under_their_teacher():
    people = {
        10: ("spreading", None, D(2024, 11, 2)),
        20: ("adopted", 10, D(2025, 1, 10)),
        30: ("learned", 20, D(2025, 3, 2)),
        40: ("learned", None, D(2024, 11, 2)),
        50: ("learned", 99, D(2025, 1, 1)),  # teacher not recorded: drawn as a first learner
    }
    drawing = layout.layout(people)
    by = {n.person: n for n in drawing.nodes}
    assert (by[10].layer, by[20].layer, by[30].layer, by[40].layer, by[50].layer) == (0, 1, 2, 0, 0)
    assert by[10].y == by[40].y < by[20].y < by[30].y
    assert [(e.teacher, e.learner) for e in drawing.edges] == [(10, 20), (20, 30)]
    assert drawing.height > by[30].y
    assert layout.layout(people) == drawing  # deterministic


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=40))
def test_layout_of_any_tree_is_inside_the_box_and_each_edge_goes_one_layer_down(parents):
    # Person i+1's teacher is a person with a smaller id (or none): always a forest, like the services keep it.
    people = {0: ("learned", None, D(2025, 1, 1))}
    for i, p in enumerate(parents, start=1):
        teacher = p if p < i else None
        people[i] = ("adopted", teacher, D(2025, 1, 1))
    drawing = layout.layout(people)
    assert len(drawing.nodes) == len(people)
    layer = {n.person: n.layer for n in drawing.nodes}
    for n in drawing.nodes:
        assert 0 < n.x < drawing.width and 0 < n.y < drawing.height
    for e in drawing.edges:
        assert layer[e.learner] == layer[e.teacher] + 1
    positions = {(n.x, n.y) for n in drawing.nodes}
    assert len(positions) == len(people)  # nobody drawn on top of someone else
    r = layout.reach({p: t for p, (_s, t, _d) in people.items()})
    assert sum(x.direct for x in r.values()) == len(drawing.edges)


def test_chart_scales_points_into_the_box():
    points = layout.curve(
        [(1, "learned", D(2024, 11, 2)), (2, "learned", D(2025, 1, 2)), (2, "adopted", D(2025, 1, 5))]
    )
    c = layout.chart(points, width=600, height=200)
    first, *_rest, last = c.lines["learned"].split()
    assert float(first.split(",")[0]) == c.left and float(last.split(",")[0]) == c.right
    assert float(last.split(",")[1]) == c.top  # 2 people: the top of the scale
    assert c.y_ticks[0] == (c.bottom, 0)
