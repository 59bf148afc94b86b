"""Field-form pages through HTTP: who sees and does what, the upload preview and ingest, retry, servers."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from berdaya.fieldwork.odk import services
from berdaya.fieldwork.odk.models import FormSource, Submission

READERS = ["admin", "manager", "auditor", "facilitator", "partner"]


@pytest.fixture
def ingested(world, specs, export):
    return services.ingest_file(spec=specs["visit"], file_name="odk_central_visits.csv",
                                data=export("odk_central_visits.csv"), acting_user=world.users["facilitator"])  # fmt: skip


@pytest.fixture
def source(world, field):
    return services.save_source(
        programme=world.alpha, acting_user=world.users["admin"], token="kobo-token-77aa1234", name="Kobo NTB",
        server="kobo", form_kind="visit", scope_id=world.alpha.pk, base_url="https://kf.kobotoolbox.org",
        project="aKq9vTz3Lm2Xp7",
    )  # fmt: skip


def _pages(world, field, ingested, source):
    sub = Submission.objects.filter(batch_id=ingested.batch_id).first()
    return [
        "/field-forms/",
        f"/field-forms/forms/visit/{world.alpha.pk}.xlsx",
        f"/field-forms/forms/pra_vote/{field.session.pk}.xml",
        f"/field-forms/forms/attendance/{field.training.pk}.xlsx",
        f"/field-forms/batches/{ingested.batch_id}/",
        "/field-forms/submissions/",
        f"/field-forms/submissions/{sub.pk}/",
        "/field-forms/servers/",
        f"/field-forms/servers/{source.pk}/",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", READERS)
def test_readers_see_the_pages(client_for, world, field, ingested, source, role):
    c = client_for(role)
    for url in _pages(world, field, ingested, source):
        assert c.get(url).status_code == 200, url


@pytest.mark.django_db
def test_member_and_outsider(client_for, world, field, ingested, source):
    member = client_for("member")
    for url in _pages(world, field, ingested, source):
        assert member.get(url).status_code == 404, url
    outsider = client_for("outsider")  # manager of Beta
    body = outsider.get("/field-forms/").content.decode()
    assert "Beta" in body and "PRA Pedukuhan Senik" not in body
    assert "6f1c2e0a" not in outsider.get("/field-forms/submissions/").content.decode()
    for url in _pages(world, field, ingested, source)[1:]:
        if url.endswith("/submissions/") or url.endswith("/servers/"):
            continue
        assert outsider.get(url).status_code == 404, url


@pytest.mark.django_db
def test_form_list_shows_forms_and_counts(client_for, world, field, ingested):
    body = client_for("facilitator").get("/field-forms/").content.decode()
    assert f"berdaya_visit_p{world.alpha.pk}" in body
    assert "PRA Pedukuhan Senik" in body and "Pelatihan diversifikasi gerabah modern" in body
    assert "5 rejected" in body
    assert "Upload an export" in body
    assert "Upload an export" not in client_for("auditor").get("/field-forms/").content.decode()
    assert "PRA Pedukuhan" in client_for("admin").get("/field-forms/?q=Senik").content.decode()
    assert "Pelatihan divers" not in client_for("admin").get("/field-forms/?q=Senik").content.decode()


@pytest.mark.django_db
def test_download_is_the_xlsform(client_for, world):
    response = client_for("facilitator").get(f"/field-forms/forms/visit/{world.alpha.pk}.xlsx")
    assert response["Content-Disposition"] == f'attachment; filename="berdaya_visit_p{world.alpha.pk}.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["survey", "choices", "settings"]
    xml = client_for("facilitator").get(f"/field-forms/forms/visit/{world.alpha.pk}.xml").content.decode()
    assert f'id="berdaya_visit_p{world.alpha.pk}"' in xml
    assert client_for("facilitator").get(f"/field-forms/forms/nope/{world.alpha.pk}.xlsx").status_code == 404


@pytest.mark.django_db
def test_upload_preview_then_ingest(client_for, world, specs, export):
    c = client_for("facilitator")
    assert c.get("/field-forms/upload/").status_code == 200
    upload = SimpleUploadedFile("odk_central_visits.csv", export("odk_central_visits.csv"), "text/csv")
    response = c.post("/field-forms/upload/", {"form": f"visit:{world.alpha.pk}", "file": upload})
    body = response.content.decode()
    assert response.status_code == 200 and "nothing is saved yet" in body
    assert "is not a date: “31/09/2025”" in body
    assert not Submission.objects.exists()
    token = response.context["token"]
    done = c.post(f"/field-forms/upload/{token}/ingest/")
    assert done.status_code == 302
    assert Submission.objects.count() == 7
    page = c.get(done.url).content.decode()
    assert 'data-testid="count-mapped">2<' in page and 'data-testid="count-duplicates">1<' in page
    # the token is spent
    assert c.post(f"/field-forms/upload/{token}/ingest/").status_code == 404


@pytest.mark.django_db
def test_upload_refuses_a_bad_file_with_a_message(client_for, world):
    c = client_for("facilitator")
    upload = SimpleUploadedFile("x.json", b"{oops", "application/json")
    body = c.post(
        "/field-forms/upload/", {"form": f"visit:{world.alpha.pk}", "file": upload}
    ).content.decode()
    assert "cannot be read" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,status", [("auditor", 403), ("partner", 403), ("member", 404), ("officer", 403)]
)
def test_upload_is_for_writers(client_for, world, role, status):
    assert client_for(role).get("/field-forms/upload/").status_code == status


@pytest.mark.django_db
def test_outsider_cannot_upload_into_alpha(client_for, world, export):
    upload = SimpleUploadedFile("v.csv", export("odk_central_visits.csv"), "text/csv")
    response = client_for("outsider").post(
        "/field-forms/upload/", {"form": f"visit:{world.alpha.pk}", "file": upload}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_submission_filters_detail_and_retry(client_for, world, ingested):
    c = client_for("facilitator")
    body = c.get("/field-forms/submissions/?status=rejected").content.decode()
    assert "31/09/2025" in body and "Pembukuan" not in body
    assert "g999999" in c.get("/field-forms/submissions/?q=g999999").content.decode()
    bad = Submission.objects.get(instance_id="0c9e7d21-5a44-4f1b-8e3a-7b6c5d4e3f03")
    detail = c.get(f"/field-forms/submissions/{bad.pk}/").content.decode()
    assert "Retry" in detail and "visit-visited_on" in detail
    assert "Retry" not in client_for("auditor").get(f"/field-forms/submissions/{bad.pk}/").content.decode()
    assert client_for("auditor").post(f"/field-forms/submissions/{bad.pk}/retry/").status_code == 403
    assert client_for("outsider").post(f"/field-forms/submissions/{bad.pk}/retry/").status_code == 404
    response = c.post(f"/field-forms/submissions/{bad.pk}/retry/", follow=True)
    assert "Still rejected" in response.content.decode()
    bad.refresh_from_db()
    assert bad.attempts == 2


@pytest.mark.django_db
def test_servers_create_edit_and_token_is_masked(client_for, world, field):
    c = client_for("manager")
    form = {"name": "Central Lombok Barat", "form": f"attendance:{field.training.pk}", "server": "odk_central",
            "base_url": "https://central.berdaya.example", "project": "4",
            "remote_form_id": f"berdaya_attendance_t{field.training.pk}", "token": "sekret-token-0000abcd",
            "active": "on"}  # fmt: skip
    response = c.post("/field-forms/servers/new/", form)
    assert response.status_code == 302
    source = FormSource.objects.get()
    assert source.token == "sekret-token-0000abcd" and source.programme == world.alpha
    page = c.get(response.url).content.decode()
    assert "••••abcd" in page and "sekret-token" not in page
    edit = c.get(f"/field-forms/servers/{source.pk}/edit/").content.decode()
    assert "sekret-token" not in edit
    c.post(f"/field-forms/servers/{source.pk}/edit/", {**form, "token": "", "name": "Central NTB"})
    source.refresh_from_db()
    assert source.name == "Central NTB" and source.token == "sekret-token-0000abcd"
    bad = c.post("/field-forms/servers/new/", {**form, "project": "abc"}).content.decode()
    assert "project number" in bad
    assert client_for("auditor").get("/field-forms/servers/new/").status_code == 403
    assert client_for("auditor").get(f"/field-forms/servers/{source.pk}/edit/").status_code == 403
    assert client_for("outsider").get(f"/field-forms/servers/{source.pk}/edit/").status_code == 404


@pytest.mark.django_db
def test_pull_now_reports_a_failure(client_for, world, source, monkeypatch):
    def unreachable(url, headers):
        raise OSError("Name or service not known")

    monkeypatch.setattr(services, "_urlopen_json", unreachable)
    response = client_for("facilitator").post(f"/field-forms/servers/{source.pk}/pull/", follow=True)
    assert "could not be reached" in response.content.decode()
    assert client_for("auditor").post(f"/field-forms/servers/{source.pk}/pull/").status_code == 403


@pytest.mark.django_db
def test_admin_inspects_without_the_token(client_for, world, source, ingested):
    c = client_for("admin")
    page = c.get(f"/admin/odk/formsource/{source.pk}/change/")
    assert page.status_code == 200 and "kobo-token" not in page.content.decode()
    assert c.get("/admin/odk/submission/").status_code == 200
