"""PRA API: same rules and scope as the pages."""

import pytest

from berdaya.fieldwork.pra.models import DotVote, Participant, PraSession
from berdaya.groups.models import Group

from .conftest import HELD

pytestmark = pytest.mark.django_db


def _urls(session, problems, participants):
    s = session.pk
    return {
        "list": "/api/v1/pra/sessions/",
        "detail": f"/api/v1/pra/sessions/{s}/",
        "participants": f"/api/v1/pra/sessions/{s}/participants/",
        "problems": f"/api/v1/pra/sessions/{s}/problems/",
        "ranking": f"/api/v1/pra/sessions/{s}/ranking/",
        "potentials": f"/api/v1/pra/sessions/{s}/potentials/",
        "needs": f"/api/v1/pra/sessions/{s}/needs/",
        "suggestions": f"/api/v1/pra/sessions/{s}/suggestions/",
    }


@pytest.mark.parametrize("role", ["admin", "manager", "facilitator", "auditor", "partner", "officer"])
def test_readers(api_for, session, problems, participants, role):
    c = api_for(role)
    for name, url in _urls(session, problems, participants).items():
        r = c.get(url)
        assert r.status_code == 200, (name, r.content)
    assert c.get("/api/v1/pra/sessions/").json()["count"] == 1


@pytest.mark.parametrize("role", ["auditor", "partner", "officer"])
def test_read_only_roles_cannot_write(api_for, world, session, problems, participants, role):
    c = api_for(role)
    s = session.pk
    posts = [
        ("/api/v1/pra/sessions/", {"site": world.site_a.pk, "title": "X", "held_on": "2025-06-01"}),
        (f"/api/v1/pra/sessions/{s}/participants/", {"person": world.people_a[0].pk}),
        (f"/api/v1/pra/sessions/{s}/problems/", {"title": "Baru"}),
        (f"/api/v1/pra/sessions/{s}/votes/", {"person": world.people_a[0].pk, "votes": {}}),
        (f"/api/v1/pra/sessions/{s}/pairwise/", {"choices": []}),
        (f"/api/v1/pra/sessions/{s}/potentials/", {"kind": "institution", "name": "Arisan"}),
        (f"/api/v1/pra/sessions/{s}/needs/", {"kind": "need", "text": "Modal"}),
        (f"/api/v1/pra/sessions/{s}/suggestions/", {}),
        (f"/api/v1/pra/sessions/{s}/suggestions/add/", {"name": "A", "business": "b"}),
        (f"/api/v1/pra/sessions/{s}/suggestions/move/", {"participant": participants[0].pk, "to": None}),
        (f"/api/v1/pra/sessions/{s}/create-groups/", {}),
    ]
    for url, body in posts:
        assert c.post(url, body, format="json").status_code == 403, url
    assert c.patch(f"/api/v1/pra/sessions/{s}/", {"title": "Y"}, format="json").status_code == 403
    assert c.delete(f"/api/v1/pra/sessions/{s}/").status_code == 403
    assert c.delete(f"/api/v1/pra/participants/{participants[0].pk}/").status_code == 403
    assert (
        c.patch(f"/api/v1/pra/problems/{problems[0].pk}/", {"title": "Z"}, format="json").status_code == 403
    )


@pytest.mark.parametrize("role", ["member", "outsider"])
def test_member_and_outsider(api_for, session, problems, participants, role):
    c = api_for(role)
    for name, url in _urls(session, problems, participants).items():
        if name == "list":
            r = c.get(url)
            assert r.status_code == (404 if role == "member" else 200)
            if role == "outsider":
                assert r.json()["count"] == 0
            continue
        assert c.get(url).status_code == 404, name
    assert (
        c.post(f"/api/v1/pra/sessions/{session.pk}/problems/", {"title": "X"}, format="json").status_code
        == 404
    )


def test_workshop_through_the_api(api_for, world):
    c = api_for("facilitator")
    body = {
        "site": world.site_a.pk,
        "title": "PRA API",
        "held_on": HELD.isoformat(),
        "idempotency_key": "phone-1",
    }
    r = c.post("/api/v1/pra/sessions/", body, format="json")
    assert r.status_code == 201
    again = c.post("/api/v1/pra/sessions/", body, format="json")
    assert again.status_code == 200 and again.json()["id"] == r.json()["id"]
    s = r.json()["id"]
    for p in world.people_a:
        r = c.post(
            f"/api/v1/pra/sessions/{s}/participants/",
            {"person": p.pk, "business_interest": "gerabah", "skills": "membentuk, membakar"},
            format="json",
        )
        assert r.status_code == 201, r.content
    r = c.post(
        f"/api/v1/pra/sessions/{s}/participants/",
        {
            "new_person": {"full_name": "Inaq Api", "sex": "P", "place": world.banyumulek.pk},
            "business_interest": "tenun",
        },
        format="json",
    )
    assert r.status_code == 201 and r.json()["person_name"] == "Inaq Api"
    dup = c.post(f"/api/v1/pra/sessions/{s}/participants/", {"person": world.people_a[0].pk}, format="json")
    assert dup.status_code == 400 and dup.json()["code"] == "duplicate"
    modal = c.post(f"/api/v1/pra/sessions/{s}/problems/", {"title": "Modal"}, format="json").json()["id"]
    rumah = c.post(f"/api/v1/pra/sessions/{s}/problems/", {"title": "Perumahan"}, format="json").json()["id"]
    r = c.post(
        f"/api/v1/pra/sessions/{s}/votes/",
        {"person": world.people_a[0].pk, "votes": {str(modal): 2, str(rumah): 1}},
        format="json",
    )
    assert r.status_code == 200 and len(r.json()) == 2
    bad = c.post(
        f"/api/v1/pra/sessions/{s}/votes/",
        {"person": world.people_a[0].pk, "votes": {str(modal): 9}},
        format="json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "too_many_dots"
    assert DotVote.objects.count() == 2
    r = c.post(
        f"/api/v1/pra/sessions/{s}/pairwise/",
        {"choices": [{"problem_a": modal, "problem_b": rumah, "preferred": rumah}]},
        format="json",
    )
    assert r.status_code == 201 and r.json()["pairwise"][0]["title"] == "Perumahan"
    ranking = c.get(f"/api/v1/pra/sessions/{s}/ranking/").json()
    assert [(row["title"], row["score"], row["rank"]) for row in ranking["dots"]] == [
        ("Modal", 2, 1),
        ("Perumahan", 1, 2),
    ]
    assert (
        c.post(
            f"/api/v1/pra/sessions/{s}/potentials/", {"kind": "institution", "name": "Arisan"}, format="json"
        ).status_code
        == 201
    )
    need = c.post(
        f"/api/v1/pra/sessions/{s}/needs/", {"kind": "need", "text": "Modal", "votes": 4}, format="json"
    ).json()
    assert c.patch(f"/api/v1/pra/needs/{need['id']}/", {"votes": 5}, format="json").json()["votes"] == 5
    r = c.post(f"/api/v1/pra/sessions/{s}/suggestions/", format="json")
    assert r.status_code == 201
    body = r.json()
    assert len(body["suggestions"]) == 1 and len(body["suggestions"][0]["members"]) == 5
    assert body["unplaced"][0]["reason"] == "Only 1 person chose tenun; a group needs at least 5."
    sug = body["suggestions"][0]["id"]
    assert (
        c.patch(f"/api/v1/pra/suggestions/{sug}/", {"name": "KUBE Gerabah API"}, format="json").status_code
        == 200
    )
    moved = c.post(
        f"/api/v1/pra/sessions/{s}/suggestions/move/",
        {"participant": body["suggestions"][0]["members"][0], "to": None},
        format="json",
    ).json()
    assert moved["size_problems"]
    refused = c.post(f"/api/v1/pra/sessions/{s}/create-groups/", {}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "size"
    c.post(
        f"/api/v1/pra/sessions/{s}/suggestions/move/",
        {"participant": body["suggestions"][0]["members"][0], "to": sug},
        format="json",
    )
    r = c.post(f"/api/v1/pra/sessions/{s}/create-groups/", {"kind": "kube"}, format="json")
    assert r.status_code == 201 and r.json()[0]["name"] == "KUBE Gerabah API"
    assert Group.objects.get(name="KUBE Gerabah API").memberships.count() == 5
    assert c.delete(f"/api/v1/pra/sessions/{s}/").status_code == 400  # it formed a group


def test_patch_and_delete(api_for, session, problems, participants):
    c = api_for("manager")
    r = c.patch(
        f"/api/v1/pra/sessions/{session.pk}/", {"title": "PRA Baru", "dots_per_participant": 5}, format="json"
    )
    assert r.status_code == 200 and r.json()["dots_per_participant"] == 5
    r = c.patch(f"/api/v1/pra/participants/{participants[0].pk}/", {"skills": "las"}, format="json")
    assert r.json()["skill_list"] == ["las"]
    assert (
        c.patch(f"/api/v1/pra/problems/{problems[0].pk}/", {"title": "Alat"}, format="json").status_code
        == 400
    )
    assert c.delete(f"/api/v1/pra/problems/{problems[0].pk}/").status_code == 204
    assert c.delete(f"/api/v1/pra/participants/{participants[0].pk}/").status_code == 204
    assert not Participant.objects.filter(pk=participants[0].pk).exists()
    assert c.delete(f"/api/v1/pra/sessions/{session.pk}/").status_code == 204
    assert not PraSession.objects.exists()


def test_schema_lists_the_endpoints(api_for):
    r = api_for("admin").get("/api/v1/schema/")
    assert r.status_code == 200 and b"/api/v1/pra/sessions/{id}/votes/" in r.content
