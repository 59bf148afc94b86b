"""The promises of the pure suggestion module, by the thousand (hypothesis) and by example."""

from hypothesis import given, settings
from hypothesis import strategies as st

from berdaya.fieldwork.pra.suggest import Candidate, common_residence, plan_sizes, suggest

BUSINESSES = ["tempe", "jahit", "kue", "bengkel", "dagang", "Jahit ", ""]
AREAS = [
    ("Pakis", "RW 05", "RT 10"),
    ("Pakis", "RW 05", "RT 11"),
    ("Pakis", "RW 06", "RT 01"),
    ("Pakis",),
    (),
]


@st.composite
def cases(draw):
    n = draw(st.integers(0, 60))
    people = [
        Candidate(
            id=i,
            name=f"P{i}",
            business_interest=draw(st.sampled_from(BUSINESSES)),
            skills=tuple(draw(st.lists(st.sampled_from(["tempe", "menjahit", "", "las"]), max_size=2))),
            residence=draw(st.sampled_from(AREAS)),
        )
        for i in range(n)
    ]
    lo = draw(st.integers(1, 12))
    hi = draw(st.integers(lo, 25))
    return people, lo, hi


@settings(max_examples=400, deadline=None)
@given(cases())
def test_groups_within_limits_and_everyone_once(case):
    people, lo, hi = case
    result = suggest(people, size_min=lo, size_max=hi)
    for g in result.groups:
        assert lo <= len(g.members) <= hi, (len(g.members), lo, hi)
    placed = [m for g in result.groups for m in g.members]
    unplaced = [u.id for u in result.unplaced]
    assert sorted(placed + unplaced) == sorted(c.id for c in people)
    assert len(set(placed + unplaced)) == len(people)


@settings(max_examples=300, deadline=None)
@given(cases())
def test_one_business_per_group_and_every_decision_has_reasons(case):
    people, lo, hi = case
    by_id = {c.id: c for c in people}
    result = suggest(people, size_min=lo, size_max=hi)
    from berdaya.fieldwork.pra.suggest import business_of

    for g in result.groups:
        assert len({business_of(by_id[m])[0] for m in g.members}) == 1
        codes = [r.code for r in g.reasons]
        assert codes[0] == "business" and "size" in codes
    for u in result.unplaced:
        assert u.reason.code in {"too_few", "groups_full", "no_business"}


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 200), st.integers(1, 15), st.integers(0, 20))
def test_plan_sizes_places_as_many_as_possible(n, lo, extra):
    hi = lo + extra
    sizes = plan_sizes(n, lo, hi)
    assert all(lo <= s <= hi for s in sizes)
    assert sum(sizes) <= n
    if sizes:
        # Whatever is left could not form one more group of its own.
        assert n - sum(sizes) < lo or sum(sizes) == n


def test_too_few_people_are_unplaced_with_the_figures():
    people = [Candidate(i, f"P{i}", "tempe", (), ("Pakis", "RW 05", "RT 10")) for i in range(3)]
    result = suggest(people, size_min=5, size_max=20)
    assert result.groups == []
    assert {u.reason.code for u in result.unplaced} == {"too_few"}
    assert result.unplaced[0].reason.params == {"business": "tempe", "count": 3, "min": 5}


def test_neighbours_are_kept_together_when_a_business_is_split():
    rt10 = ("Pakis", "RW 05", "RT 10")
    rt11 = ("Pakis", "RW 05", "RT 11")
    people = [Candidate(i, f"P{i:02d}", "dagang", (), rt10 if i % 2 else rt11) for i in range(12)]
    result = suggest(people, size_min=5, size_max=6)
    assert [len(g.members) for g in result.groups] == [6, 6]
    for g in result.groups:
        assert len({people[m].residence for m in g.members}) == 1
        assert any(r.code == "same_area" for r in g.reasons)
        assert any(r.code == "split" for r in g.reasons)


def test_skill_stands_in_for_a_missing_business_interest():
    people = [Candidate(i, f"P{i}", "", ("Menjahit",), ()) for i in range(5)]
    result = suggest(people, size_min=5, size_max=10)
    assert len(result.groups) == 1 and result.groups[0].business == "Menjahit"
    assert any(r.code == "business_from_skill" for r in result.groups[0].reasons)


def test_common_residence():
    assert common_residence([("A", "B", "C"), ("A", "B", "D")]) == ("A", "B")
    assert common_residence([("A",), ("B",)]) == ()
    assert common_residence([]) == ()
