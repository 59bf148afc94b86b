import datetime as dt

import pytest

from berdaya.groups import services
from berdaya.groups.models import Assignment, Group, Meeting, Membership, OfficerTerm
from berdaya.programs.models import StaffMember

D = dt.date
READERS = {"auditor": 403, "member": 403, "partner": 403, "outsider": 404}


@pytest.fixture
def ids(world):
    meeting = services.record_meeting(
        acting_user=world.users["admin"],
        group=world.group_a,
        held_on=D(2024, 3, 1),
        present=[world.people_a[0].pk],
    )
    return {
        "group": world.group_a.pk,
        "membership": Membership.objects.get(group=world.group_a, person=world.people_a[3]).pk,
        "term": OfficerTerm.objects.get(group=world.group_a).pk,
        "meeting": meeting.pk,
        "assignment": Assignment.objects.get(group=world.group_a).pk,
    }


GETS = [
    "/api/v1/groups/{group}/",
    "/api/v1/groups/{group}/members/",
    "/api/v1/groups/{group}/officers/",
    "/api/v1/groups/{group}/bylaws/",
    "/api/v1/groups/{group}/meetings/",
    "/api/v1/meetings/{meeting}/",
    "/api/v1/groups/{group}/stages/",
    "/api/v1/groups/{group}/assignments/",
]

WRITES = [
    ("patch", "/api/v1/groups/{group}/", {"business_type": "gerabah"}),
    (
        "post",
        "/api/v1/groups/{group}/members/",
        {"new_person": {"full_name": "X", "sex": "P"}, "joined_on": "2024-04-01"},
    ),
    ("post", "/api/v1/memberships/{membership}/end/", {"left_on": "2024-06-01", "leave_reason": "moved"}),
    ("post", "/api/v1/groups/{group}/officers/", {"person": 0, "role": "chair", "start_on": "2024-02-01"}),
    ("post", "/api/v1/officer-terms/{term}/end/", {"end_on": "2024-06-01"}),
    ("put", "/api/v1/groups/{group}/bylaws/", {}),
    ("post", "/api/v1/groups/{group}/meetings/", {"held_on": "2024-04-01"}),
    ("put", "/api/v1/meetings/{meeting}/", {"held_on": "2024-03-01"}),
    ("post", "/api/v1/groups/{group}/stages/", {"stage": "x", "reached_on": "2024-04-01", "evidence": "e"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", GETS)
def test_reads(api_for, ids, url):
    url = url.format(**ids)
    for role in ("manager", "facilitator", "officer", "member", "auditor", "partner"):
        assert api_for(role).get(url).status_code == 200, role
    assert api_for("outsider").get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("method,url,data", WRITES, ids=[w[1] for w in WRITES])
def test_writes_refused_for_readers(api_for, ids, method, url, data):
    url = url.format(**ids)
    before = (
        Membership.objects.filter(left_on=None).count(),
        Meeting.objects.count(),
        OfficerTerm.objects.filter(end_on=None).count(),
    )
    for role, status in READERS.items():
        assert getattr(api_for(role), method)(url, data, format="json").status_code == status, role
    after = (
        Membership.objects.filter(left_on=None).count(),
        Meeting.objects.count(),
        OfficerTerm.objects.filter(end_on=None).count(),
    )
    assert before == after


@pytest.mark.django_db
def test_group_list_filters_scope_and_warnings(api_for, world):
    r = api_for("member").get("/api/v1/groups/")
    assert [g["name"] for g in r.json()["results"]] == ["KUBE Alpha"]
    r = api_for("admin").get("/api/v1/groups/", {"q": "beta"})
    (beta,) = r.json()["results"]
    assert beta["active_members"] == 3
    assert "size" in [w["code"] for w in beta["warnings"]]
    assert (
        api_for("admin").get("/api/v1/groups/", {"programme": world.alpha.pk, "kind": "cbo"}).json()["count"]
        == 0
    )


@pytest.mark.django_db
def test_create_group_via_api(api_for, world):
    body = {
        "programme": world.alpha.pk,
        "name": "KUBE Baru",
        "kind": "kube",
        "place_code": world.banyumulek.code,
    }
    assert api_for("facilitator").post("/api/v1/groups/", body, format="json").status_code == 403
    assert (
        api_for("outsider").post("/api/v1/groups/", body, format="json").status_code == 404
    )  # Alpha is not theirs
    r = api_for("manager").post("/api/v1/groups/", {**body, "place_code": world.kediri.code}, format="json")
    assert r.status_code == 400 and "place" in r.json()["errors"]
    r = api_for("manager").post("/api/v1/groups/", body, format="json")
    assert r.status_code == 201, r.content
    assert Group.objects.get(pk=r.json()["id"]).bylaws.quorum_percent == 50


@pytest.mark.django_db
def test_patch_and_get_group_with_warnings(api_for, world):
    r = api_for("officer").patch(
        f"/api/v1/groups/{world.group_a.pk}/", {"business_type": "gerabah"}, format="json"
    )
    assert r.status_code == 200 and r.json()["business_type"] == "gerabah"
    r = api_for("auditor").get(f"/api/v1/groups/{world.group_a.pk}/")
    assert "offices" in [w["code"] for w in r.json()["warnings"]]


@pytest.mark.django_db
def test_members_add_existing_new_and_end(api_for, world):
    api = api_for("facilitator")
    url = f"/api/v1/groups/{world.group_a.pk}/members/"
    r = api.post(
        url,
        {"new_person": {"full_name": "Inaq Rumini", "sex": "P"}, "joined_on": "2024-04-01"},
        format="json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["person_name"] == "Inaq Rumini"
    r = api.post(url, {"person": world.people_a[0].pk, "joined_on": "2024-04-01"}, format="json")
    assert r.status_code == 400 and "already a member" in r.json()["detail"]
    r = api.post(url, {"person": world.people_b[0].pk, "joined_on": "2024-04-01"}, format="json")
    assert r.status_code == 404  # not in the facilitator's scope
    assert api.post(url, {"joined_on": "2024-04-01"}, format="json").status_code == 400
    assert api.get(url, {"active": "1"}).json()["count"] == 6
    m = Membership.objects.get(group=world.group_a, person=world.people_a[0])
    r = api.post(
        f"/api/v1/memberships/{m.pk}/end/", {"left_on": "2024-06-01", "leave_reason": "moved"}, format="json"
    )
    assert r.status_code == 200 and r.json()["left_on"] == "2024-06-01"
    assert OfficerTerm.objects.get(group=world.group_a, person=world.people_a[0]).end_on == D(2024, 6, 1)


@pytest.mark.django_db
def test_officers_via_api(api_for, world):
    api = api_for("officer")
    url = f"/api/v1/groups/{world.group_a.pk}/officers/"
    r = api.post(
        url, {"person": world.people_a[2].pk, "role": "treasurer", "start_on": "2025-01-01"}, format="json"
    )
    assert r.status_code == 201
    terms = {t["person"]: t for t in api_for("auditor").get(url).json()["results"]}
    assert terms[world.people_a[0].pk]["end_on"] == "2024-12-31"
    # The officer user was the treasurer just succeeded: with no office left, the group leaves their scope.
    assert api.get(url).status_code == 404
    r = api_for("manager").post(
        f"/api/v1/officer-terms/{r.json()['id']}/end/", {"end_on": "2025-06-30"}, format="json"
    )
    assert r.status_code == 200 and r.json()["end_on"] == "2025-06-30"


@pytest.mark.django_db
def test_bylaws_via_api(api_for, world):
    url = f"/api/v1/groups/{world.group_a.pk}/bylaws/"
    assert api_for("member").get(url).json()["quorum_percent"] == 50  # defaults shown, nothing written
    body = {
        "principal_saving": 50000,
        "mandatory_saving": 10000,
        "mandatory_period": "monthly",
        "dues": 0,
        "loan_rate_percent_month": "11",
        "loan_method": "flat",
        "arisan_amount": 10000,
        "meeting_cadence": "monthly",
        "quorum_percent": 50,
    }
    r = api_for("facilitator").put(url, body, format="json")
    assert r.status_code == 400 and "loan_rate_percent_month" in r.json()["errors"]
    r = api_for("facilitator").put(url, {**body, "loan_rate_percent_month": "1"}, format="json")
    assert r.status_code == 200 and r.json()["mandatory_saving"] == 10000


@pytest.mark.django_db
def test_meetings_via_api(api_for, world, at):
    at(2024, 3, 1, 16, 30)  # 00:30 on 2 March in Lombok
    api = api_for("officer")
    a = world.people_a
    r = api.post(
        f"/api/v1/groups/{world.group_a.pk}/meetings/", {"present": [a[0].pk, a[1].pk]}, format="json"
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["held_on"] == "2024-03-02" and (body["present_count"], body["total_count"]) == (2, 5)
    r = api.put(
        f"/api/v1/meetings/{body['id']}/", {"held_on": "2024-03-02", "present": [a[4].pk]}, format="json"
    )
    assert r.status_code == 200
    assert [row["person"] for row in r.json()["attendance"] if row["present"]] == [a[4].pk]
    r = api.post(
        f"/api/v1/groups/{world.group_a.pk}/meetings/", {"present": [world.people_b[0].pk]}, format="json"
    )
    assert r.status_code == 400 and "present" in r.json()["errors"]


@pytest.mark.django_db
def test_stages_via_api(api_for, world, stages):
    url = f"/api/v1/groups/{world.group_a.pk}/stages/"
    api = api_for("facilitator")
    r = api.post(
        url,
        {"stage": "capacity_building", "reached_on": "2024-04-01", "evidence": "Pelatihan"},
        format="json",
    )
    assert r.status_code == 201
    assert api.get(f"/api/v1/groups/{world.group_a.pk}/").json()["stage_key"] == "capacity_building"
    r = api.post(
        url, {"stage": "capacity_building", "reached_on": "2024-04-01", "evidence": ""}, format="json"
    )
    assert r.status_code == 400


@pytest.mark.django_db
def test_assignments_via_api(api_for, world):
    rookie = StaffMember.objects.create(full_name="Pendamping Baru", kind="mentor", trained=False)
    rookie.programmes.add(world.alpha)
    url = f"/api/v1/groups/{world.group_a.pk}/assignments/"
    assert (
        api_for("facilitator")
        .post(url, {"staff": rookie.pk, "start_on": "2024-03-01"}, format="json")
        .status_code
        == 403
    )
    assert (
        api_for("auditor")
        .post(url, {"staff": rookie.pk, "start_on": "2024-03-01"}, format="json")
        .status_code
        == 403
    )
    r = api_for("manager").post(url, {"staff": rookie.pk, "start_on": "2024-03-01"}, format="json")
    assert r.status_code == 201
    assert len(r.json()["warnings"]) == 1 and "trained" in r.json()["warnings"][0]
    end = f"/api/v1/assignments/{r.json()['assignment']['id']}/end/"
    assert api_for("officer").post(end, {"end_on": "2024-09-30"}, format="json").status_code == 403
    assert api_for("outsider").post(end, {"end_on": "2024-09-30"}, format="json").status_code == 404
    r = api_for("manager").post(end, {"end_on": "2024-09-30"}, format="json")
    assert r.status_code == 200 and r.json()["end_on"] == "2024-09-30"


def test_schema_of_group_endpoints_generates():
    from drf_spectacular.generators import SchemaGenerator

    from berdaya.groups import api

    schema = SchemaGenerator(patterns=api.urlpatterns).get_schema(request=None, public=True)
    members = schema["paths"]["/groups/{id}/members/"]
    assert set(members) == {"get", "post"}
    assert "MemberInRequest" in schema["components"]["schemas"]
