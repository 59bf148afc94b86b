import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from berdaya.audit.models import AuditEntry
from berdaya.imports.exports import CONTENT_TYPE
from berdaya.imports.kinds import KINDS
from berdaya.people.models import Household, Person
from berdaya.people.services import create_person

from .conftest import NIK_AHMAD, NIK_SITI, csv_bytes, people_rows, read_xlsx, xlsx_bytes


def upload(client, data, *, kind="people", name="people.csv"):
    return client.post(
        reverse("imports:import_start"), {"kind": kind, "file": SimpleUploadedFile(name, data)}
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("manager", 200),
        ("outsider", 200),
        ("auditor", 403),
        ("member", 403),
        ("facilitator", 403),
        ("officer", 403),
        ("partner", 403),
    ],
)
def test_import_page_only_for_managers(client_for, role, status):
    response = client_for(role).get(reverse("imports:import_start"))
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        for kind in KINDS:
            assert reverse("imports:template", args=[kind]) in body
        assert "kode_wilayah" in body


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["auditor", "member", "facilitator"])
def test_upload_refused_for_non_managers(client_for, role):
    response = upload(client_for(role), csv_bytes(people_rows()))
    assert response.status_code == 403
    assert Person.objects.filter(nik=NIK_SITI).count() == 0


def test_page_needs_login(client):
    response = client.get("/import/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
def test_dry_run_then_commit(client_for, settings):
    c = client_for("manager")
    persons = Person.objects.count()
    response = upload(c, xlsx_bytes(people_rows()), name="orang.xlsx")
    assert response.status_code == 302
    result_url = response["Location"]
    page = c.get(result_url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "orang.xlsx" in body and 'data-testid="commit"' in body
    assert page.context["result"].rows_ok == 3
    assert Person.objects.count() == persons  # the dry run saved nothing
    stored = list((settings.VAR_DIR / "imports").glob("*.bin"))
    assert len(stored) == 1
    done = c.post(result_url)
    assert done.status_code == 302 and done["Location"] == reverse("imports:import_start")
    assert Person.objects.count() == persons + 3
    assert Household.objects.filter(kk_number__isnull=False).count() == 1
    assert AuditEntry.objects.filter(action="import", actor__username="manager").count() == 1
    assert list((settings.VAR_DIR / "imports").glob("*.*")) == []  # the upload is gone after the commit
    assert "3 persons" in c.get(reverse("imports:import_start")).content.decode()
    assert c.get(result_url).status_code == 404


@pytest.mark.django_db
def test_result_lists_errors_and_offers_no_commit(client_for):
    c = client_for("manager")
    rows = people_rows()
    rows[2][3] = "1234"
    response = upload(c, csv_bytes(rows))
    page = c.get(response["Location"])
    body = page.content.decode()
    assert 'data-testid="commit"' not in body
    assert 'data-testid="import-errors"' in body and "16 digits" in body
    assert [e.row_number for e in page.context["page_obj"]] == [3]
    # Searching the problems narrows the table.
    assert list(c.get(response["Location"], {"q": "nothing-like-this"}).context["page_obj"]) == []
    # Posting anyway saves nothing: the commit re-checks every row.
    c.post(response["Location"])
    assert not Person.objects.filter(nik=NIK_SITI).exists()


@pytest.mark.django_db
def test_commit_refused_when_database_changed_since_dry_run(client_for):
    c = client_for("manager")
    response = upload(c, csv_bytes(people_rows()))
    create_person(
        acting_user=None, full_name="Ahmad", sex="L", place=Person.objects.first().place, nik=NIK_AHMAD
    )
    again = c.post(response["Location"])
    assert again.status_code == 302 and again["Location"] == response["Location"]
    page = c.get(response["Location"])
    assert [e.row_number for e in page.context["page_obj"]] == [3]
    assert not Person.objects.filter(nik=NIK_SITI).exists()


@pytest.mark.django_db
def test_file_error_shown_on_the_form(client_for):
    response = upload(client_for("manager"), b"hobby,warna\nmenari,merah\n")
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert "Unknown columns: hobby, warna" in errors[0]


@pytest.mark.django_db
def test_oversized_upload_refused_by_the_form(client_for, settings):
    settings.BERDAYA_IMPORT_MAX_BYTES = 50
    response = upload(client_for("manager"), csv_bytes(people_rows()))
    assert response.status_code == 200 and "limit" in response.context["form"].errors["file"][0]


@pytest.mark.django_db
def test_another_user_cannot_open_or_commit_my_upload(client_for):
    response = upload(client_for("manager"), csv_bytes(people_rows()))
    other = client_for("admin")
    assert other.get(response["Location"]).status_code == 404
    assert other.post(response["Location"]).status_code == 404
    assert client_for("auditor").get(response["Location"]).status_code == 403
    assert client_for("admin").get("/import/result/..%2F..%2Fsecret_key/").status_code == 404
    assert not Person.objects.filter(nik=NIK_SITI).exists()


# --- exports and templates ---------------------------------------------------------------------------


def _export(client, kind):
    response = client.get(reverse("imports:export", args=[kind]))
    assert response.status_code == 200 and response["Content-Type"] == CONTENT_TYPE
    return read_xlsx(response.content)


@pytest.mark.django_db
def test_people_export_only_visible_and_masks_nik_for_auditor(world, client_for):
    create_person(acting_user=None, full_name="Siti Aminah", sex="P", place=world.banyumulek, nik=NIK_SITI)
    manager_rows = _export(client_for("manager"), "people")
    assert manager_rows[0] == [c.name for c in KINDS["people"].columns]
    names = {r[0] for r in manager_rows[1:]}
    assert names == {"Siti Aminah", *(f"Anggota A{i}" for i in range(1, 6))}
    assert [r[3] for r in manager_rows if r[0] == "Siti Aminah"] == [NIK_SITI]
    auditor_rows = _export(client_for("auditor"), "people")
    assert {r[0] for r in auditor_rows[1:]} == names
    assert [r[3] for r in auditor_rows if r[0] == "Siti Aminah"] == ["5201********0001"]
    outsider_names = {r[0] for r in _export(client_for("outsider"), "people")[1:]}
    assert outsider_names == {"Anggota B1", "Anggota B2", "Anggota B3"}
    assert {r[0] for r in _export(client_for("member"), "people")[1:]} == {"Anggota A2"}


@pytest.mark.django_db
def test_group_and_membership_exports(world, client_for):
    groups = _export(client_for("auditor"), "groups")
    assert [r[:2] for r in groups[1:]] == [["Alpha", "KUBE Alpha"]]
    members = _export(client_for("facilitator"), "memberships")
    assert {r[3] for r in members[1:]} == {f"Anggota A{i}" for i in range(1, 6)}
    assert {r[1] for r in _export(client_for("outsider"), "memberships")[1:]} == {"KUBE Beta"}


@pytest.mark.django_db
def test_export_round_trips_into_a_dry_run(world, client_for):
    from berdaya.imports.services import run_import

    data = client_for("manager").get(reverse("imports:export", args=["groups"])).content
    result = run_import(
        acting_user=world.users["manager"],
        kind="groups",
        uploaded_file_name="g.xlsx",
        data=data,
        commit=False,
    )
    # The columns are understood; the only problem is that the group already exists.
    assert [(e.row_number, e.column) for e in result.errors] == [(2, "nama_kelompok")]


@pytest.mark.django_db
def test_enterprise_export_masks_owner_nik(world, client_for):
    from berdaya.people.services import create_enterprise

    siti = create_person(
        acting_user=None, full_name="Siti Aminah", sex="P", place=world.banyumulek, nik=NIK_SITI
    )
    create_enterprise(
        acting_user=None,
        name="Gerabah Sari",
        place=world.banyumulek,
        product_type="gerabah",
        owners=[siti],
        net_assets=5_000_000,
    )
    rows = _export(client_for("partner"), "enterprises")
    assert rows[1][:3] == ["Gerabah Sari", "5201********0001", "52.01.02.2006"]
    assert rows[1][6] == 5_000_000
    assert _export(client_for("manager"), "enterprises")[1][1] == NIK_SITI
    assert _export(client_for("outsider"), "enterprises")[1:] == []


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(KINDS))
def test_templates_have_the_header_row(client_for, kind):
    response = client_for("member").get(reverse("imports:template", args=[kind]))
    assert response.status_code == 200
    assert read_xlsx(response.content) == [[c.name for c in KINDS[kind].columns]]


@pytest.mark.django_db
def test_unknown_kind_is_404(client_for):
    c = client_for("admin")
    assert c.get(reverse("imports:export", args=["loans"])).status_code == 404
    assert c.get(reverse("imports:template", args=["loans"])).status_code == 404
