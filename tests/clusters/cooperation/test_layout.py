"""The cluster map's drawing is pure and deterministic: core in the middle, roles grouped around it."""

import math

from hypothesis import given
from hypothesis import strategies as st

from berdaya.clusters.cooperation import layout

ROLES = list(layout.ROLES)


def _dist(a, b):
    return math.hypot(a.x - b.x, a.y - b.y)


def test_one_core_actor_sits_in_the_centre_and_the_others_around_it():
    d = layout.layout(
        [(1, "core", "Tenun Bandar Jaya"), (2, "supplier", "Toko Benang"), (3, "buyer", "Pemkot")]
    )
    core, *others = d.nodes
    assert core.actor == 1
    radii = [_dist(core, n) for n in others]
    assert max(radii) - min(radii) < 0.5 and min(radii) > 0  # one outer ring around it


def test_outer_ring_is_grouped_by_role_in_a_fixed_order_whatever_the_input_order():
    actors = [
        (10, "buyer", "Sekolah"),
        (11, "supplier", "Benang B"),
        (12, "knowledge", "Universitas"),
        (13, "supplier", "Benang A"),
        (14, "bridging", "Dinas Koperasi"),
        (15, "core", "Weaver 1"),
        (16, "core", "Weaver 2"),
        (17, "related", "Penjahit"),
    ]
    d1 = layout.layout(actors)
    d2 = layout.layout(list(reversed(actors)))
    assert d1 == d2
    outer = [n for n in d1.nodes if n.role != "core"]
    assert [n.name for n in outer] == [
        "Benang A",
        "Benang B",
        "Penjahit",
        "Universitas",
        "Dinas Koperasi",
        "Sekolah",
    ]
    cores = [n for n in d1.nodes if n.role == "core"]
    centre = (sum(n.x for n in cores) / len(cores), sum(n.y for n in cores) / len(cores))
    core_r = [math.hypot(n.x - centre[0], n.y - centre[1]) for n in cores]
    outer_r = [math.hypot(n.x - centre[0], n.y - centre[1]) for n in outer]
    # Two rings around one centre, the core inside.
    assert (
        max(core_r) - min(core_r) < 0.5 and max(outer_r) - min(outer_r) < 0.5 and max(core_r) < min(outer_r)
    )


def test_links_are_cut_at_the_circles_and_unknown_ends_are_left_out():
    d = layout.layout(
        [(1, "core", "A"), (2, "supplier", "B")],
        [(7, 2, 1, "supplies"), (8, 2, 99, "supplies"), (9, 1, 1, "other")],
    )
    assert [e.link for e in d.edges] == [7]
    e = d.edges[0]
    a, b = d.nodes[1], d.nodes[0]
    assert math.hypot(e.x1 - a.x, e.y1 - a.y) > 12 and math.hypot(e.x2 - b.x, e.y2 - b.y) > 12


def test_svg_numbers_use_a_decimal_point():
    d = layout.layout([(1, "core", "A"), (2, "core", "B"), (3, "buyer", "C")], [(1, 1, 3, "buys")])
    for n in d.nodes:
        assert "," not in n.sx and "." in n.sx
    assert "," not in d.swidth and all("," not in v for v in d.edges[0].coords.values())


def test_empty_map():
    d = layout.layout([])
    assert d.nodes == [] and d.edges == [] and d.width > 0


@given(
    st.lists(
        st.tuples(st.integers(1, 500), st.sampled_from(ROLES), st.text(min_size=1, max_size=8)),
        max_size=60,
        unique_by=lambda a: a[0],
    )
)
def test_circles_never_crowd_and_stay_inside_the_picture(actors):
    d = layout.layout(actors)
    assert len(d.nodes) == len(actors)
    for n in d.nodes:
        assert 12 <= n.x <= d.width - 12 and 12 <= n.y <= d.height - 12
    for i, a in enumerate(d.nodes):
        for b in d.nodes[i + 1 :]:
            assert _dist(a, b) >= 24  # never overlapping (radius 12)


def test_core_labels_drop_the_prefix_every_weaver_shares():
    d = layout.layout(
        [
            (1, "core", "Tenun Ikat Bandar Jaya"),
            (2, "core", "Tenun Ikat Kurnia"),
            (3, "supplier", "Toko Benang"),
        ]
    )
    assert [n.short_name for n in d.nodes] == ["Bandar Jaya", "Kurnia", "Toko Benang"]
    assert layout.common_words(["Tenun Ikat", "Tenun Ikat Kurnia"]) == 1  # never an empty label
    assert layout.common_words(["Tenun Ikat Kurnia"]) == 0
