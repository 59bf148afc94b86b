"""Coverage (groups not visited for N days), intensity per mentor and month, follow-ups."""

import datetime as dt

import pytest

from berdaya.fieldwork.mentoring import queries, services
from berdaya.groups.models import Assignment, Group

from .test_worked_example import month_of_visits  # noqa: F401  (fixture)

D = dt.date


@pytest.mark.django_db
def test_coverage_lists_groups_not_visited_with_reasons(world, month_of_visits):  # noqa: F811
    manager = world.users["manager"]
    rows = queries.coverage(manager, days=30, today=D(2025, 10, 10))
    assert [(r.group.name, r.last_visit) for r in rows] == [("KUBE Gamma", None)]
    assert rows[0].reason == "Never visited by a mentor."
    assert rows[0].mentors == ["Pendamping Satu"]
    rows = queries.coverage(manager, days=30, today=D(2025, 10, 20))
    assert [r.group.name for r in rows] == ["KUBE Gamma", "KUBE Alpha"]  # never visited first
    alpha = rows[1]
    # the home visit to a member (no group named) does not count as a visit to the group
    assert alpha.last_visit == D(2025, 9, 13) and alpha.days_since == 37
    assert alpha.reason == "Last visited on 2025-09-13, 37 days ago."
    # the outsider (manager of Beta) sees only Beta's group, never visited
    assert [r.group.name for r in queries.coverage(world.users["outsider"], days=30)] == ["KUBE Beta"]


@pytest.mark.django_db
def test_coverage_per_mentor_uses_assignments(world, month_of_visits):  # noqa: F811
    Group.objects.create(name="KUBE Delta", kind="kube", programme=world.alpha, place=world.banyumulek)
    admin = world.users["admin"]
    everyone = {
        r.group.name
        for r in queries.coverage(admin, days=30, today=D(2025, 10, 10), programme_id=world.alpha.pk)
    }
    assert everyone == {"KUBE Gamma", "KUBE Delta"}
    mine = {
        r.group.name
        for r in queries.coverage(admin, days=30, today=D(2025, 10, 10), mentor_id=world.staff.pk)
    }
    assert mine == {"KUBE Gamma"}
    Assignment.objects.filter(group__name="KUBE Gamma").update(end_on=D(2025, 10, 1))
    assert queries.coverage(admin, days=30, today=D(2025, 10, 10), mentor_id=world.staff.pk) == []


@pytest.mark.django_db
def test_coverage_is_set_based(world, month_of_visits, django_assert_max_num_queries):  # noqa: F811
    for i in range(15):
        g = Group.objects.create(name=f"KUBE {i}", kind="kube", programme=world.alpha, place=world.banyumulek)
        Assignment.objects.create(group=g, staff=world.staff, start_on=D(2025, 1, 1))
    user = world.users["manager"]
    with django_assert_max_num_queries(6):
        rows = queries.coverage(user, days=30, today=D(2025, 10, 20))
    assert len(rows) == 17  # 15 new, Gamma never visited, Alpha 37 days ago


@pytest.mark.django_db
def test_intensity_per_mentor_and_month(world, month_of_visits):  # noqa: F811
    services.record_visit(
        programme=world.alpha,
        mentor=world.staff,
        group=world.group_a,
        visited_on=D(2025, 10, 2),
        technique="discussion",
        welfare_topics="Kerukunan antar tetangga",
        acting_user=world.users["facilitator"],
    )
    rows = queries.intensity(world.users["auditor"])
    assert [
        (r["month"], r["visits"], r["groups"], r["persons"], r["hours"], r["with_welfare"]) for r in rows
    ] == [
        (D(2025, 10, 1), 1, 1, 0, 0.0, 1),
        (D(2025, 9, 1), 3, 1, 1, 4.0, 0),
    ]
    assert (rows[1]["discussion"], rows[1]["lecture"], rows[1]["home_visit"]) == (1, 1, 1)
    assert queries.intensity(world.users["outsider"]) == []


@pytest.mark.django_db
def test_follow_ups_overdue_and_due_soon(world, month_of_visits):  # noqa: F811
    rows = queries.follow_ups(world.users["manager"], today=D(2025, 10, 15))
    assert [(r.text, r.overdue, r.days) for r in rows] == [("Mencatat penjualan harian", True, 5)]
    assert rows[0].reason == "Due on 2025-10-10, 5 days late."
    soon = queries.follow_ups(world.users["manager"], today=D(2025, 10, 5), soon=7)
    assert [(r.overdue, r.reason) for r in soon] == [(False, "Due on 2025-10-10, in 5 days.")]
    assert queries.follow_ups(world.users["manager"], today=D(2025, 10, 1), soon=7) == []
    assert queries.follow_ups(world.users["outsider"], today=D(2025, 10, 15)) == []
