"""Field-forms API: same scoping as the pages; JSON submissions are idempotent by submission id."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from berdaya.fieldwork.odk import services
from berdaya.fieldwork.odk.models import FormSource, Submission

API = "/api/v1/field-forms"


@pytest.fixture
def ingested(world, specs, export):
    return services.ingest_file(spec=specs["pra_vote"], file_name="kobo_pra_votes.json",
                                data=export("kobo_pra_votes.json"), acting_user=world.users["facilitator"])  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "manager", "auditor", "facilitator", "partner"])
def test_readers(api_for, world, field, ingested, role):
    c = api_for(role)
    forms = c.get(f"{API}/forms/").json()
    assert {f["key"] for f in forms["results"]} >= {f"visit:{world.alpha.pk}", f"pra_vote:{field.session.pk}"}
    assert c.get(f"{API}/forms/pra_vote/{field.session.pk}.xml").status_code == 200
    assert c.get(f"{API}/forms/visit/{world.alpha.pk}.xlsx").status_code == 200
    subs = c.get(f"{API}/submissions/?status=rejected").json()
    assert subs["count"] == 2
    one = c.get(f"{API}/submissions/{subs['results'][0]['id']}/").json()
    assert one["raw"]["_uuid"] and "participant" in one["fields"]
    assert c.get(f"{API}/batches/").json()["count"] == 1
    assert c.get(f"{API}/batches/{ingested.batch_id}/").json()["rows"] == 5


@pytest.mark.django_db
def test_form_list_is_paginated_and_searchable(api_for, world, field):
    c = api_for("admin")
    every = c.get(f"{API}/forms/").json()
    assert every["count"] >= 2
    first = c.get(f"{API}/forms/?page_size=1").json()
    assert first["count"] == every["count"] and len(first["results"]) == 1 and first["next"]
    second = c.get(first["next"]).json()
    assert second["results"][0]["key"] != first["results"][0]["key"]
    found = c.get(f"{API}/forms/", {"q": field.session.title}).json()
    assert f"pra_vote:{field.session.pk}" in {f["key"] for f in found["results"]}
    assert found["count"] < every["count"]


@pytest.mark.django_db
def test_member_and_outsider(api_for, world, field, ingested):
    sub = Submission.objects.first()
    assert api_for("member").get(f"{API}/submissions/").status_code == 404
    assert api_for("member").get(f"{API}/forms/").status_code == 404
    outsider = api_for("outsider")
    assert outsider.get(f"{API}/submissions/").json()["count"] == 0
    assert outsider.get(f"{API}/submissions/{sub.pk}/").status_code == 404
    assert outsider.get(f"{API}/batches/{ingested.batch_id}/").status_code == 404
    assert outsider.get(f"{API}/forms/pra_vote/{field.session.pk}.xml").status_code == 404
    assert outsider.post(f"{API}/submissions/{sub.pk}/retry/").status_code == 404


@pytest.mark.django_db
def test_upload_dry_run_then_commit(api_for, world, field, export):
    c = api_for("facilitator")

    def send(commit):
        upload = SimpleUploadedFile("kobo_pra_votes.xlsx", export("kobo_pra_votes.xlsx"))
        return c.post(f"{API}/uploads/", {"form": f"pra_vote:{field.session.pk}", "file": upload,
                                           "commit": commit}, format="multipart")  # fmt: skip

    dry = send(False)
    assert dry.status_code == 200 and dry.json()["dry_run"] is True and dry.json()["mapped"] == 2
    assert not Submission.objects.exists()
    done = send(True)
    assert done.status_code == 201
    body = done.json()
    assert (body["rows"], body["mapped"], body["rejected"], body["duplicates"]) == (5, 2, 2, 1)
    assert any("“dua”" in o["reason"] for o in body["outcomes"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,status", [("auditor", 403), ("partner", 403), ("outsider", 404), ("member", 404)]
)
def test_upload_forbidden(api_for, world, field, export, role, status):
    upload = SimpleUploadedFile("v.json", export("kobo_pra_votes.json"))
    response = api_for(role).post(f"{API}/uploads/", {"form": f"pra_vote:{field.session.pk}", "file": upload,
                                                      "commit": True}, format="multipart")  # fmt: skip
    assert response.status_code == status
    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_json_submissions_are_idempotent(api_for, world, field, export):
    rows = json.loads(export("kobo_pra_votes.json"))["results"]
    c = api_for("facilitator")
    first = c.post(
        f"{API}/submissions/", {"form": f"pra_vote:{field.session.pk}", "submissions": rows}, format="json"
    )
    assert first.status_code == 201 and first.json()["mapped"] == 2
    again = c.post(
        f"{API}/submissions/", {"form": f"pra_vote:{field.session.pk}", "submissions": rows}, format="json"
    )
    assert again.json()["mapped"] == 0 and again.json()["duplicates"] == 3
    assert Submission.objects.count() == 4
    bad = c.post(f"{API}/submissions/", {"form": "pra_vote", "submissions": rows}, format="json")
    assert bad.status_code == 400 and "kind:id" in json.dumps(bad.json())


@pytest.mark.django_db
def test_retry(api_for, world, field, ingested):
    sub = Submission.objects.filter(status="rejected").first()
    assert api_for("auditor").post(f"{API}/submissions/{sub.pk}/retry/").status_code == 403
    response = api_for("facilitator").post(f"{API}/submissions/{sub.pk}/retry/")
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    mapped = Submission.objects.filter(status="mapped").first()
    refused = api_for("facilitator").post(f"{API}/submissions/{mapped.pk}/retry/")
    assert refused.status_code == 400 and "already recorded" in refused.json()["detail"]


@pytest.mark.django_db
def test_sources(api_for, world, field, monkeypatch):
    c = api_for("manager")
    payload = {"name": "Kobo NTB", "form": f"visit:{world.alpha.pk}", "server": "kobo",
               "base_url": "https://kf.kobotoolbox.org", "project": "aKq9vTz3Lm2Xp7", "token": "abcdef0123456789"}  # fmt: skip
    created = c.post(f"{API}/sources/", payload, format="json")
    assert created.status_code == 201 and created.json()["token"] == "••••6789"
    pk = created.json()["id"]
    assert "abcdef" not in json.dumps(c.get(f"{API}/sources/").json())
    patched = c.patch(f"{API}/sources/{pk}/", {"name": "Kobo Lombok"}, format="json")
    assert patched.status_code == 200 and patched.json()["name"] == "Kobo Lombok"
    assert FormSource.objects.get().token == "abcdef0123456789"
    assert api_for("auditor").get(f"{API}/sources/{pk}/").status_code == 200
    assert api_for("auditor").patch(f"{API}/sources/{pk}/", {"name": "x"}, format="json").status_code == 403
    assert api_for("auditor").post(f"{API}/sources/", payload, format="json").status_code == 403
    assert api_for("outsider").get(f"{API}/sources/{pk}/").status_code == 404
    other = c.post(f"{API}/sources/", {**payload, "form": f"visit:{world.beta.pk}"}, format="json")
    assert other.status_code == 404  # a manager of Alpha cannot configure Beta's forms

    monkeypatch.setattr(
        services, "_urlopen_json", lambda url, headers: {"count": 0, "next": None, "results": []}
    )
    pulled = c.post(f"{API}/sources/{pk}/pull/")
    assert pulled.status_code == 200 and pulled.json()["rows"] == 0
    assert api_for("auditor").post(f"{API}/sources/{pk}/pull/").status_code == 403
