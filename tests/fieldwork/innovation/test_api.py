"""Innovation API: scope, writes through the same services, curve and network as JSON, idempotency."""

import pytest

from berdaya.fieldwork.innovation.models import AdoptionEvent, Innovation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["admin", "manager", "auditor", "facilitator", "partner"])
def test_readers_get_everything(api_for, world, spread, role):
    c = api_for(role)
    listing = c.get("/api/v1/innovations/")
    assert listing.status_code == 200 and listing.json()["count"] == 1
    detail = c.get(f"/api/v1/innovations/{spread.pk}/").json()
    assert detail["counts"] == {"learned": 3, "adopted": 2, "spreading": 1}
    assert {p["name"]: p["stage"] for p in detail["people"]}["Anggota A1"] == "spreading"
    curve = c.get(f"/api/v1/innovations/{spread.pk}/curve/").json()
    assert curve[-1] == {"month": "2025-03-01", "learned": 3, "adopted": 2, "spreading": 1}
    network = c.get(f"/api/v1/innovations/{spread.pk}/network/").json()
    a1, a2, a3 = (p.pk for p in world.people_a[:3])
    assert {(e["teacher"], e["learner"]) for e in network["edges"]} == {(a1, a2), (a2, a3)}
    assert network["spreaders"][0]["person_id"] == a1 and network["spreaders"][0]["total"] == 2
    assert len(c.get(f"/api/v1/innovations/{spread.pk}/events/").json()["results"]) == 6


def test_member_and_outsider(api_for, spread):
    assert api_for("member").get("/api/v1/innovations/").status_code == 404
    assert api_for("member").get(f"/api/v1/innovations/{spread.pk}/").status_code == 404
    assert api_for("outsider").get("/api/v1/innovations/").json()["count"] == 0
    for suffix in ["", "curve/", "network/", "events/"]:
        assert api_for("outsider").get(f"/api/v1/innovations/{spread.pk}/{suffix}").status_code == 404


@pytest.mark.parametrize("role", ["auditor", "partner"])
def test_readers_cannot_write(api_for, world, spread, role):
    c = api_for(role)
    body = {"programme": world.alpha.pk, "name": "X", "introduced_on": "2025-01-01"}
    assert c.post("/api/v1/innovations/", body, format="json").status_code == 403
    assert c.patch(f"/api/v1/innovations/{spread.pk}/", {"name": "Y"}, format="json").status_code == 403
    step = {"person": world.people_a[3].pk, "stage": "learned", "on_date": "2025-04-01"}
    assert c.post(f"/api/v1/innovations/{spread.pk}/events/", step, format="json").status_code == 403


def test_facilitator_creates_and_records_with_idempotency(api_for, world):
    c = api_for("facilitator")
    r = c.post(
        "/api/v1/innovations/",
        {
            "programme": world.alpha.pk,
            "name": "Finishing cat",
            "introduced_on": "2024-11-03",
            "introduced_by_agency": world.agency.pk,
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    step = {
        "person": world.people_a[0].pk,
        "stage": "learned",
        "on_date": "2024-11-03",
        "idempotency_key": "hp-1",
    }
    first = c.post(f"/api/v1/innovations/{pk}/events/", step, format="json")
    again = c.post(f"/api/v1/innovations/{pk}/events/", step, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert AdoptionEvent.objects.filter(innovation_id=pk).count() == 1
    bad = c.post(
        f"/api/v1/innovations/{pk}/events/",
        {"person": world.people_a[0].pk, "stage": "learned", "on_date": "2024-11-04"},
        format="json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "backwards"
    r = c.patch(f"/api/v1/innovations/{pk}/", {"description": "Teknik finishing"}, format="json")
    assert r.status_code == 200 and Innovation.objects.get(pk=pk).description == "Teknik finishing"


def test_outsider_cannot_create_in_alpha(api_for, world):
    r = api_for("outsider").post(
        "/api/v1/innovations/",
        {"programme": world.alpha.pk, "name": "X", "introduced_on": "2025-01-01"},
        format="json",
    )
    assert r.status_code == 404
