"""Business plan API: scoping per role, every part's add / change / remove, idempotent retries, errors."""

import datetime as dt

import pytest

from berdaya.fieldwork.plans.models import (
    BusinessPlan,
    CalendarItem,
    Commitment,
    PlanStep,
    SuccessFactor,
    SwotItem,
)
from berdaya.groups.models import Group

D = dt.date
READERS = ["auditor", "partner", "officer"]
WRITERS = ["admin", "manager", "facilitator"]

NEW = {
    "circle": {"ring": "group", "text": "Kelompok tetap rukun"},
    "swot": {"quadrant": "O", "text": "Pesanan seragam sekolah"},
    "commitments": {"kind": "labour", "pledged_by": "Semua anggota", "description": "Tenaga", "quantity": 2},
    "steps": {"text": "Mencari tempat", "owner": "Ketua", "due_on": "2025-08-01"},
    "calendar": {"activity": "Pameran", "starts_on": "2025-09-01", "due_on": "2025-09-30", "owner": "Ketua"},
}
MODELS = {
    "circle": SuccessFactor,
    "swot": SwotItem,
    "commitments": Commitment,
    "steps": PlanStep,
    "calendar": CalendarItem,
}


@pytest.fixture
def fresh_group(world):
    return Group.objects.create(
        name="KUBE Alpha Dua", kind="kube", programme=world.alpha, place=world.banyumulek
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", WRITERS + READERS)
def test_readers_get_plans_parts_and_follow_ups(api_for, world, plan, role):
    api = api_for(role)
    listed = api.get("/api/v1/plans/").json()
    assert [p["id"] for p in listed["results"]] == [plan.pk]
    detail = api.get(f"/api/v1/plans/{plan.pk}/").json()
    assert detail["group_name"] == "KUBE Alpha" and detail["calendar"][0]["activity"] == "Belanja bahan kue"
    assert {t["kind"]: t["amount"] for t in detail["commitment_totals"]}["cash"] == 50_000
    assert api.get(f"/api/v1/plans/groups/{world.group_a.pk}/").json()["id"] == plan.pk
    for part in MODELS:
        r = api.get(f"/api/v1/plans/{plan.pk}/{part}/")
        assert r.status_code == 200 and r.json()["count"] == 1, part
        item = MODELS[part].objects.get(plan=plan)
        assert api.get(f"/api/v1/plans/{part}/{item.pk}/").status_code == 200
    follow = api.get("/api/v1/plans/follow-ups/").json()["results"]
    assert follow[0]["activity"] == "Belanja bahan kue" and follow[0]["status"] == "overdue"


@pytest.mark.django_db
@pytest.mark.parametrize("role", READERS)
def test_read_only_roles_get_403_on_every_write(api_for, world, plan, fresh_group, role):
    api = api_for(role)
    assert (
        api.post(
            "/api/v1/plans/", {"group": fresh_group.pk, "business": "x", "prepared_on": "2025-06-11"}
        ).status_code
        == 403
    )
    assert api.patch(f"/api/v1/plans/{plan.pk}/", {"business": "x"}, format="json").status_code == 403
    assert api.delete(f"/api/v1/plans/{plan.pk}/").status_code == 403
    for part, body in NEW.items():
        assert api.post(f"/api/v1/plans/{plan.pk}/{part}/", body, format="json").status_code == 403, part
        item = MODELS[part].objects.get(plan=plan)
        assert api.patch(f"/api/v1/plans/{part}/{item.pk}/", {}, format="json").status_code == 403
        assert api.delete(f"/api/v1/plans/{part}/{item.pk}/").status_code == 403
    step = PlanStep.objects.get(plan=plan)
    assert api.post(f"/api/v1/plans/steps/{step.pk}/done/", {"done_on": "2025-07-01"}).status_code == 403
    assert BusinessPlan.objects.count() == 1 and CalendarItem.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "outsider"])
def test_member_and_outsider_get_404(api_for, world, plan, role):
    api = api_for(role)
    assert api.get(f"/api/v1/plans/{plan.pk}/").status_code == 404
    assert api.get(f"/api/v1/plans/groups/{world.group_a.pk}/").status_code == 404
    assert api.patch(f"/api/v1/plans/{plan.pk}/", {"business": "x"}, format="json").status_code == 404
    for part in MODELS:
        item = MODELS[part].objects.get(plan=plan)
        assert api.get(f"/api/v1/plans/{part}/{item.pk}/").status_code == 404
        assert api.post(f"/api/v1/plans/{plan.pk}/{part}/", NEW[part], format="json").status_code == 404
    r = api.post("/api/v1/plans/", {"group": world.group_a.pk, "business": "x", "prepared_on": "2025-06-11"})
    assert r.status_code == 404
    if role == "outsider":
        assert api.get("/api/v1/plans/").json()["count"] == 0
        assert api.get("/api/v1/plans/follow-ups/").json()["count"] == 0
    else:
        assert api.get("/api/v1/plans/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", WRITERS)
def test_writers_build_a_plan(api_for, world, fresh_group, role):
    api = api_for(role)
    body = {
        "group": fresh_group.pk,
        "business": "Menjahit",
        "prepared_on": "2025-06-11",
        "idempotency_key": "p1",
    }
    r = api.post("/api/v1/plans/", body, format="json")
    assert r.status_code == 201
    pk = r.json()["id"]
    again = api.post("/api/v1/plans/", body, format="json")
    assert again.status_code == 200 and again.json()["id"] == pk  # a retried request
    other = api.post("/api/v1/plans/", {**body, "idempotency_key": "p2"}, format="json")
    assert other.status_code == 400 and "already has a business plan" in other.json()["detail"]
    for part, new in NEW.items():
        r = api.post(f"/api/v1/plans/{pk}/{part}/", {**new, "idempotency_key": f"k-{part}"}, format="json")
        assert r.status_code == 201, (part, r.json())
        again = api.post(
            f"/api/v1/plans/{pk}/{part}/", {**new, "idempotency_key": f"k-{part}"}, format="json"
        )
        assert again.status_code == 200 and again.json()["id"] == r.json()["id"]
        assert MODELS[part].objects.filter(plan_id=pk).count() == 1
    cal = CalendarItem.objects.get(plan_id=pk)
    r = api.patch(f"/api/v1/plans/calendar/{cal.pk}/", {"owner": "Sekretaris"}, format="json")
    assert r.json()["owner"] == "Sekretaris" and r.json()["activity"] == "Pameran"
    r = api.post(f"/api/v1/plans/calendar/{cal.pk}/done/", {"done_on": "2025-09-28"}, format="json")
    assert r.json()["done_on"] == "2025-09-28" and r.json()["status"] == "done"
    r = api.patch(f"/api/v1/plans/{pk}/", {"goal": "Usaha jahit bersama"}, format="json")
    assert r.json()["goal"] == "Usaha jahit bersama" and r.json()["business"] == "Menjahit"
    swot = SwotItem.objects.get(plan_id=pk)
    assert api.delete(f"/api/v1/plans/swot/{swot.pk}/").status_code == 204
    assert api.delete(f"/api/v1/plans/{pk}/").status_code == 204
    assert not BusinessPlan.objects.filter(pk=pk).exists()


@pytest.mark.django_db
def test_errors_name_the_field_and_save_nothing(api_for, world, plan):
    api = api_for("facilitator")
    r = api.post(
        f"/api/v1/plans/{plan.pk}/calendar/",
        {"activity": "Pameran", "starts_on": "2025-09-10", "due_on": "2025-09-01"},
        format="json",
    )
    assert r.status_code == 400 and "due_on" in r.json()["errors"]
    r = api.post(
        f"/api/v1/plans/{plan.pk}/commitments/", {"kind": "cash", "pledged_by": "Ibu RT"}, format="json"
    )
    assert r.status_code == 400 and "amount" in r.json()["errors"]
    r = api.post(
        f"/api/v1/plans/{plan.pk}/commitments/",
        {"kind": "cash", "person": world.people_b[0].pk, "amount": 10_000},
        format="json",
    )
    # Someone outside the group is refused without their name being told.
    assert r.status_code == 400 and world.people_b[0].full_name not in r.content.decode()
    r = api.post(
        f"/api/v1/plans/{plan.pk}/steps/",
        {"text": "Menjual", "owner_person": world.people_a[3].pk, "due_on": "2025-08-01"},
        format="json",
    )
    assert r.status_code == 201 and r.json()["owner_person_name"] == world.people_a[3].full_name
    step = PlanStep.objects.get(pk=r.json()["id"])
    r = api.post(f"/api/v1/plans/steps/{step.pk}/done/", {"done_on": "2099-01-01"}, format="json")
    assert r.status_code == 400 and "future" in r.json()["detail"]
    assert plan.calendar.count() == 1 and plan.commitments.count() == 1


@pytest.mark.django_db
def test_follow_ups_filters(api_for, world, plan):
    api = api_for("manager")
    assert api.get("/api/v1/plans/follow-ups/?due_before=2025-07-01").json()["count"] == 0
    assert api.get("/api/v1/plans/follow-ups/?due_before=2025-08-01").json()["count"] == 1
    assert api.get(f"/api/v1/plans/follow-ups/?group={world.group_b.pk}").json()["count"] == 0
    assert api.get("/api/v1/plans/follow-ups/?due_before=nonsense").status_code == 400
    assert api.get(f"/api/v1/plans/groups/{world.group_b.pk}/").status_code == 404


@pytest.mark.django_db
def test_detail_and_follow_ups_do_not_query_per_row(api_for, world, plan, django_assert_max_num_queries):
    from berdaya.fieldwork.plans import services

    api = api_for("manager")
    urls = [f"/api/v1/plans/{plan.pk}/", "/api/v1/plans/follow-ups/", f"/api/v1/plans/{plan.pk}/calendar/"]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(60) as ctx:
            api.get(url)
        counts[url] = len(ctx.captured_queries)
    for i in range(20):
        services.add_calendar_item(
            plan=plan,
            activity=f"kegiatan {i}",
            starts_on=D(2025, 7, 1),
            due_on=D(2025, 8, 1),
            acting_user=world.users["manager"],
        )
        services.add_commitment(
            plan=plan,
            kind="cash",
            person=world.people_a[i % 5],
            amount=1_000,
            acting_user=world.users["manager"],
        )
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            api.get(url)
