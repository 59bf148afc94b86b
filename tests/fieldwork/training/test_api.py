"""Training API: every endpoint, its scoping by role, idempotent creation and refused changes."""

import pytest

from berdaya.fieldwork.training import services
from berdaya.fieldwork.training.models import (
    Assessment,
    ChecklistItem,
    Outcome,
    SessionAttendance,
    Training,
    TrainingParticipant,
    TrainingSession,
)

pytestmark = pytest.mark.django_db

READ = {
    "admin": 200,
    "manager": 200,
    "facilitator": 200,
    "auditor": 200,
    "partner": 200,
    "member": 404,
    "outsider": 404,
}
WRITE_DENIED = {"auditor": 403, "partner": 403, "member": 404, "outsider": 404}


def test_full_flow_over_the_api(api_for, world):
    c = api_for("facilitator")
    body = {
        "programme": world.alpha.pk,
        "site": world.site_a.pk,
        "title": "Pelatihan diversifikasi gerabah modern",
        "starts_on": "2025-11-03",
        "ends_on": "2025-11-05",
        "venue": "Rumah Kepala Dukuh",
        "idempotency_key": "t-1",
    }
    r = c.post("/api/v1/trainings/", body, format="json")
    assert r.status_code == 201, r.json()
    tid = r.json()["id"]
    assert [i["kind"] for i in r.json()["checklist"]] == ["invitations", "venue", "materials", "speakers"]
    again = c.post("/api/v1/trainings/", body, format="json")
    assert again.status_code == 200 and again.json()["id"] == tid and Training.objects.count() == 1

    item = r.json()["checklist"][0]["id"]
    r = c.patch(f"/api/v1/trainings/checklist/{item}/", {"done": True, "note": "14 undangan"}, format="json")
    assert r.status_code == 200 and r.json()["done"] and r.json()["done_by_name"] == "facilitator"
    r = c.post(f"/api/v1/trainings/{tid}/checklist/", {"label": "Sewa motor"}, format="json")
    assert r.status_code == 201
    assert c.delete(f"/api/v1/trainings/checklist/{r.json()['id']}/").status_code == 204

    r = c.post(
        f"/api/v1/trainings/{tid}/partners/",
        {"agency": world.agency.pk, "contribution": "Narasumber"},
        format="json",
    )
    assert r.status_code == 201 and r.json()["agency_name"] == world.agency.name
    dup = c.post(f"/api/v1/trainings/{tid}/partners/", {"agency": world.agency.pk}, format="json")
    assert dup.status_code == 400 and "already a partner" in dup.json()["detail"]

    sessions = []
    for day, method in [("2025-11-03", "lecture"), ("2025-11-04", "practice"), ("2025-11-05", "field_visit")]:
        s = {
            "on_date": day,
            "topic": f"Sesi {method}",
            "method": method,
            "starts_at": "09:00",
            "idempotency_key": f"s-{day}",
        }
        r = c.post(f"/api/v1/trainings/{tid}/sessions/", s, format="json")
        assert r.status_code == 201, r.json()
        sessions.append(r.json()["id"])
        assert c.post(f"/api/v1/trainings/{tid}/sessions/", s, format="json").status_code == 200
    assert TrainingSession.objects.filter(training_id=tid).count() == 3
    assert [s["day"] for s in c.get(f"/api/v1/trainings/{tid}/sessions/").json()] == [1, 2, 3]
    bad = c.post(f"/api/v1/trainings/{tid}/sessions/", {"on_date": "2025-12-01", "topic": "X"}, format="json")
    assert bad.status_code == 400 and "on_date" in bad.json()["errors"]
    r = c.patch(f"/api/v1/trainings/sessions/{sessions[0]}/", {"speaker": "Drs. Dewantoro"}, format="json")
    assert r.status_code == 200 and r.json()["speaker"] == "Drs. Dewantoro"

    r = c.post(f"/api/v1/trainings/{tid}/participants/", {"group": world.group_a.pk}, format="json")
    assert r.status_code == 201 and len(r.json()) == 5
    ids = [p.pk for p in world.people_a]
    r = c.put(f"/api/v1/trainings/sessions/{sessions[0]}/attendance/", {"present": ids}, format="json")
    assert r.status_code == 200 and sum(a["present"] for a in r.json()) == 5
    c.put(f"/api/v1/trainings/sessions/{sessions[1]}/attendance/", {"present": ids[:4]}, format="json")
    c.put(f"/api/v1/trainings/sessions/{sessions[2]}/attendance/", {"present": ids[:2]}, format="json")
    r = c.post(
        f"/api/v1/trainings/sessions/{sessions[2]}/attendance/",
        {"person": ids[2], "present": True},
        format="json",
    )
    assert r.status_code == 200 and r.json()["present"]
    assert len(c.get(f"/api/v1/trainings/sessions/{sessions[2]}/attendance/").json()) == 5
    stranger = c.put(
        f"/api/v1/trainings/sessions/{sessions[0]}/attendance/",
        {"present": [world.people_b[0].pk]},
        format="json",
    )
    assert stranger.status_code in (400, 404)

    scores = [{"person": pid, "before": 1, "after": 3} for pid in ids[:3]]
    r = c.put(
        f"/api/v1/trainings/{tid}/assessments/", {"skill": "Cetak gypsum", "scores": scores}, format="json"
    )
    assert r.status_code == 200 and r.json()["skills"][0]["change"] == "2.00"
    bad = c.put(
        f"/api/v1/trainings/{tid}/assessments/",
        {"skill": "X", "scores": [{"person": ids[0], "before": 9}]},
        format="json",
    )
    assert bad.status_code == 400

    r = c.post(
        f"/api/v1/trainings/{tid}/outcomes/",
        {"kind": "group_formed", "group": world.group_a.pk, "idempotency_key": "o"},
        format="json",
    )
    assert r.status_code == 201 and r.json()["group_name"] == world.group_a.name
    assert (
        c.post(
            f"/api/v1/trainings/{tid}/outcomes/",
            {"kind": "group_formed", "group": world.group_a.pk, "idempotency_key": "o"},
            format="json",
        ).status_code
        == 200
    )

    certs = {row["person"]: row for row in c.get(f"/api/v1/trainings/{tid}/certificates/").json()}
    assert certs[ids[0]]["eligible"] and certs[ids[2]]["eligible"]
    assert not certs[ids[4]]["eligible"] and "1 of 3 sessions" in certs[ids[4]]["reason"]

    detail = c.get(f"/api/v1/trainings/{tid}/").json()
    assert len(detail["sessions"]) == 3 and len(detail["participants"]) == 5 and len(detail["outcomes"]) == 1
    r = c.patch(f"/api/v1/trainings/{tid}/", {"certificate_min_share": 30}, format="json")
    assert r.status_code == 200 and all(p["eligible"] for p in r.json()["participants"])

    assert c.delete(f"/api/v1/trainings/{tid}/participants/{ids[4]}/").status_code == 204
    assert c.delete(f"/api/v1/trainings/outcomes/{Outcome.objects.get().pk}/").status_code == 204
    assert c.delete(f"/api/v1/trainings/sessions/{sessions[2]}/").status_code == 204
    assert c.delete(f"/api/v1/trainings/{tid}/").status_code == 204
    assert not Training.objects.exists()


def test_list_search_and_when(api_for, world, training, other_training):
    c = api_for("manager")
    rows = c.get("/api/v1/trainings/").json()["results"]
    assert [r["title"] for r in rows] == ["Pelatihan gerabah modern"]
    assert c.get("/api/v1/trainings/?q=zzz").json()["count"] == 0
    assert c.get("/api/v1/trainings/?when=past").json()["count"] == 1
    assert c.get("/api/v1/trainings/?when=upcoming").json()["count"] == 0
    assert api_for("admin").get("/api/v1/trainings/").json()["count"] == 2


@pytest.fixture
def ids(world, training):
    admin = world.users["admin"]
    session = training.sessions.first()
    return {
        "t": training.pk,
        "s": session.pk,
        "item": training.checklist.first().pk,
        "partner": services.add_partner(training=training, agency=world.agency, acting_user=admin).pk,
        "outcome": services.add_outcome(
            training=training, kind="other", description="Usaha", acting_user=admin
        ).pk,
        "person": world.people_a[0].pk,
    }


@pytest.mark.parametrize("role", list(READ))
def test_reads_by_role(api_for, ids, role):
    c = api_for(role)
    t, s = ids["t"], ids["s"]
    for url in [
        f"/api/v1/trainings/{t}/",
        f"/api/v1/trainings/{t}/sessions/",
        f"/api/v1/trainings/sessions/{s}/",
        f"/api/v1/trainings/sessions/{s}/attendance/",
        f"/api/v1/trainings/{t}/participants/",
        f"/api/v1/trainings/{t}/assessments/",
        f"/api/v1/trainings/{t}/certificates/",
    ]:
        assert c.get(url).status_code == READ[role], url
    assert c.get("/api/v1/trainings/").status_code == (404 if role == "member" else 200)


@pytest.mark.parametrize("role", list(WRITE_DENIED))
def test_writes_refused_by_role(api_for, world, ids, role):
    c = api_for(role)
    t, s, code = ids["t"], ids["s"], WRITE_DENIED[role]
    calls = [
        ("patch", f"/api/v1/trainings/{t}/", {"title": "X"}),
        ("delete", f"/api/v1/trainings/{t}/", None),
        ("post", f"/api/v1/trainings/{t}/checklist/", {"label": "X"}),
        ("patch", f"/api/v1/trainings/checklist/{ids['item']}/", {"done": True}),
        ("delete", f"/api/v1/trainings/checklist/{ids['item']}/", None),
        ("post", f"/api/v1/trainings/{t}/partners/", {"agency": world.agency.pk}),
        ("delete", f"/api/v1/trainings/partners/{ids['partner']}/", None),
        ("post", f"/api/v1/trainings/{t}/sessions/", {"on_date": "2025-11-03", "topic": "X"}),
        ("patch", f"/api/v1/trainings/sessions/{s}/", {"topic": "X"}),
        ("delete", f"/api/v1/trainings/sessions/{s}/", None),
        ("put", f"/api/v1/trainings/sessions/{s}/attendance/", {"present": [ids["person"]]}),
        ("post", f"/api/v1/trainings/sessions/{s}/attendance/", {"person": ids["person"], "present": True}),
        ("post", f"/api/v1/trainings/{t}/participants/", {"people": [ids["person"]]}),
        ("delete", f"/api/v1/trainings/{t}/participants/{ids['person']}/", None),
        ("put", f"/api/v1/trainings/{t}/assessments/", {"skill": "X", "scores": []}),
        ("post", f"/api/v1/trainings/{t}/outcomes/", {"kind": "other", "description": "X"}),
        ("delete", f"/api/v1/trainings/outcomes/{ids['outcome']}/", None),
    ]
    for method, url, body in calls:
        r = getattr(c, method)(url, body, format="json") if body is not None else getattr(c, method)(url)
        assert r.status_code == code, (method, url, r.status_code)
    created = c.post(
        "/api/v1/trainings/",
        {"programme": world.alpha.pk, "title": "X", "starts_on": "2025-01-01", "ends_on": "2025-01-01"},
        format="json",
    )
    assert created.status_code == (404 if role in ("member", "outsider") else 403)
    assert Training.objects.count() == 1 and ChecklistItem.objects.filter(done=True).count() == 0
    assert not SessionAttendance.objects.exists() and not Assessment.objects.exists()
    assert TrainingParticipant.objects.count() == 5 and Outcome.objects.count() == 1


def test_outsider_manages_only_their_own_programme(api_for, world, other_training):
    c = api_for("outsider")
    assert c.get(f"/api/v1/trainings/{other_training.pk}/").status_code == 200
    r = c.post(
        f"/api/v1/trainings/{other_training.pk}/participants/",
        {"people": [world.people_a[0].pk]},
        format="json",
    )
    assert r.status_code == 404  # a person of Alpha is not theirs to add
    r = c.post(
        f"/api/v1/trainings/{other_training.pk}/participants/",
        {"people": [world.people_b[0].pk]},
        format="json",
    )
    assert r.status_code == 201


def test_site_of_another_programme_is_not_found(api_for, world):
    beta_site = world.beta.sites.get()
    r = api_for("admin").post(
        "/api/v1/trainings/",
        {
            "programme": world.alpha.pk,
            "site": beta_site.pk,
            "title": "X",
            "starts_on": "2025-01-01",
            "ends_on": "2025-01-01",
        },
        format="json",
    )
    assert r.status_code == 404 and not Training.objects.exists()
