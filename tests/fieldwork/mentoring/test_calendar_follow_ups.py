"""The follow-ups also list the groups' business-plan calendar items (the plans app), marked done through
the plans app's own service."""

import datetime as dt

import pytest

from berdaya.fieldwork.mentoring import queries

D = dt.date
plans_models = pytest.importorskip("berdaya.fieldwork.plans.models")


@pytest.fixture
def item(world):
    plan = plans_models.BusinessPlan.objects.create(
        group=world.group_a, business="Gerabah hias", goal="Menjual tanpa ijon", prepared_on=D(2025, 8, 1)
    )
    return plans_models.CalendarItem.objects.create(
        plan=plan,
        activity="Pameran di Mataram",
        starts_on=D(2025, 9, 1),
        due_on=D(2025, 9, 30),
        owner="Seksi pemasaran",
    )


@pytest.mark.django_db
def test_calendar_items_are_follow_ups(world, item):
    rows = queries.follow_ups(world.users["manager"], today=D(2025, 10, 2))
    assert [(r.kind, r.text, r.overdue, r.days) for r in rows] == [
        ("calendar", "Pameran di Mataram", True, 2)
    ]
    assert rows[0].where == "Business plan of KUBE Alpha"
    assert queries.follow_ups(world.users["outsider"], today=D(2025, 10, 2)) == []


@pytest.mark.django_db
def test_mark_a_calendar_item_done(client_for, api_for, world, item):
    assert "Pameran di Mataram" in client_for("auditor").get("/mentoring/follow-ups/").content.decode()
    assert (
        client_for("auditor")
        .post(f"/mentoring/calendar-items/{item.pk}/done/", {"done_on": "2025-09-28"})
        .status_code
        == 403
    )
    assert client_for("outsider").get(f"/mentoring/calendar-items/{item.pk}/done/").status_code == 404
    assert client_for("member").get(f"/mentoring/calendar-items/{item.pk}/done/").status_code == 404
    c = client_for("facilitator")
    assert c.get(f"/mentoring/calendar-items/{item.pk}/done/").status_code == 200
    r = c.post(f"/mentoring/calendar-items/{item.pk}/done/", {"done_on": "2025-09-28"})
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.done_on == D(2025, 9, 28)
    assert "Pameran di Mataram" not in c.get("/mentoring/follow-ups/").content.decode()


@pytest.mark.django_db
def test_calendar_item_done_through_the_api(api_for, world, item):
    url = f"/api/v1/mentoring/calendar-items/{item.pk}/done/"
    assert api_for("auditor").post(url, {"done_on": "2025-09-28"}).status_code == 403
    assert api_for("outsider").post(url, {"done_on": "2025-09-28"}).status_code == 404
    fu = api_for("manager").get("/api/v1/mentoring/follow-ups/").json()["results"]
    assert [f["kind"] for f in fu] == ["calendar"]
    r = api_for("manager").post(url, {"done_on": "2025-09-28"})
    assert r.status_code == 200 and r.json()["done_on"] == "2025-09-28"
