import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from berdaya.groups.models import Group
from berdaya.imports.exports import CONTENT_TYPE
from berdaya.people.models import Person

from .conftest import NIK_SITI, csv_bytes, people_rows, read_xlsx, xlsx_bytes


def post(api, kind, data, *, commit=None, name="file.csv"):
    url = f"/api/v1/imports/{kind}/" + (f"?commit={commit}" if commit is not None else "")
    return api.post(url, {"file": SimpleUploadedFile(name, data)}, format="multipart")


@pytest.mark.django_db
def test_dry_run_returns_the_result_and_saves_nothing(api_for):
    before = Person.objects.count()
    response = post(api_for("manager"), "people", csv_bytes(people_rows()))
    assert response.status_code == 200
    body = response.json()
    assert body["committed"] is False and body["commit"] is False
    assert (body["rows_total"], body["rows_ok"], body["rows_failed"]) == (3, 3, 0)
    assert body["created"] == {"persons": 3, "households": 1}
    assert Person.objects.count() == before


@pytest.mark.django_db
def test_commit_saves_everything(api_for):
    response = post(api_for("admin"), "people", xlsx_bytes(people_rows()), commit=1, name="p.xlsx")
    assert response.status_code == 201 and response.json()["committed"] is True
    assert Person.objects.filter(nik=NIK_SITI).exists()


@pytest.mark.django_db
def test_commit_with_a_bad_row_is_400_and_saves_nothing(api_for):
    rows = people_rows()
    rows[3][2] = "99.99"
    before = Person.objects.count()
    response = post(api_for("manager"), "people", csv_bytes(rows), commit=1)
    assert response.status_code == 400
    body = response.json()
    assert "Nothing was saved" in body["detail"]
    assert body["errors"] == [
        {
            "row_number": 4,
            "column": "kode_wilayah",
            "value": "99.99",
            "message": "No place has the code 99.99.",
        }
    ]
    assert Person.objects.count() == before
    # The same file as a dry run is 200 with the same errors.
    dry = post(api_for("manager"), "people", csv_bytes(rows), commit=0)
    assert dry.status_code == 200 and dry.json()["errors"] == body["errors"]


@pytest.mark.django_db
def test_unusable_file_is_400_with_detail(api_for):
    response = post(api_for("manager"), "people", b"", commit=1)
    assert response.status_code == 400
    assert "empty" in response.json()["detail"]
    missing = api_for("manager").post("/api/v1/imports/people/", {}, format="multipart")
    assert missing.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["auditor", "member", "facilitator", "officer", "partner"])
def test_non_managers_get_403(api_for, role):
    response = post(api_for(role), "people", csv_bytes(people_rows()), commit=1)
    assert response.status_code == 403
    assert not Person.objects.filter(nik=NIK_SITI).exists()


@pytest.mark.django_db
def test_outsider_cannot_import_groups_into_alpha(api_for):
    rows = [
        ["program", "nama_kelompok", "jenis", "kode_wilayah"],
        ["Alpha", "KUBE Curian", "kube", "52.01.02.2006"],
    ]
    response = post(api_for("outsider"), "groups", csv_bytes(rows), commit=1)
    assert response.status_code == 400
    assert [e["column"] for e in response.json()["errors"]] == ["program"]
    assert not Group.objects.filter(name="KUBE Curian").exists()


@pytest.mark.django_db
def test_unknown_kind_and_anonymous(api_for, client):
    assert post(api_for("admin"), "loans", csv_bytes(people_rows())).status_code == 404
    assert client.post("/api/v1/imports/people/").status_code in (401, 403)
    assert client.get("/api/v1/exports/people.xlsx").status_code in (401, 403)


@pytest.mark.django_db
def test_export_endpoint(api_for, world):
    Person.objects.filter(pk=world.people_a[0].pk).update(nik=NIK_SITI)
    response = api_for("manager").get("/api/v1/exports/people.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == CONTENT_TYPE
    rows = read_xlsx(response.content)
    assert len(rows) == 6 and NIK_SITI in {r[3] for r in rows}
    auditor = read_xlsx(
        api_for("auditor").get("/api/v1/exports/people.xlsx", HTTP_ACCEPT=CONTENT_TYPE).content
    )
    assert NIK_SITI not in {r[3] for r in auditor} and "5201********0001" in {r[3] for r in auditor}
    member = read_xlsx(api_for("member").get("/api/v1/exports/memberships.xlsx").content)
    assert [r[1] for r in member[1:]] == ["KUBE Alpha"] * 5
    assert api_for("outsider").get("/api/v1/exports/loans.xlsx").status_code == 404
