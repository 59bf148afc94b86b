import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from berdaya.audit.models import AuditEntry
from berdaya.core.errors import ServiceError
from berdaya.groups.models import Group, Membership
from berdaya.imports.models import ImportRun
from berdaya.imports.services import run_import
from berdaya.people.models import Enterprise, Household, Person
from berdaya.people.services import create_person

from .conftest import KK_1, NIK_AHMAD, NIK_SITI, PEOPLE_HEADER, csv_bytes, people_rows, xlsx_bytes


def counts():
    return (
        Person.objects.count(),
        Household.objects.count(),
        Enterprise.objects.count(),
        Group.objects.count(),
        Membership.objects.count(),
        AuditEntry.objects.count(),
        ImportRun.objects.count(),
    )


def run(world, kind, data, *, commit=True, role="manager", name=None):
    name = name or (f"{kind}.xlsx" if data.startswith(b"PK") else f"{kind}.csv")
    return run_import(
        acting_user=world.users[role], kind=kind, uploaded_file_name=name, data=data, commit=commit
    )


def errors_of(result):
    return [(e.row_number, e.column, e.message) for e in result.errors]


# --- people ------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes])
def test_people_import_creates_persons_and_shared_household(world, make):
    result = run(world, "people", make(people_rows()))
    assert result.committed and result.errors == []
    assert (result.rows_total, result.rows_ok) == (3, 3)
    assert result.created == {"persons": 3, "households": 1}
    siti = Person.objects.get(nik=NIK_SITI)
    ahmad = Person.objects.get(nik=NIK_AHMAD)
    assert siti.birth_date == dt.date(1990, 1, 1) and ahmad.birth_date == dt.date(1985, 5, 12)
    assert ahmad.sex == "L" and ahmad.place.code == "52.01.02.2006"
    assert siti.household == ahmad.household
    assert siti.household.kk_number == KK_1 and siti.household.poverty_registered
    assert Person.objects.get(full_name="Wayan Sari").household is None
    run_row = ImportRun.objects.get()
    assert run_row.created == {"persons": 3, "households": 1} and run_row.actor == world.users["manager"]
    entry = AuditEntry.objects.get(action="import")
    assert entry.actor == world.users["manager"] and entry.object_id == str(run_row.pk)


@pytest.mark.django_db
def test_people_xlsx_with_number_and_date_cells(world):
    rows = [
        PEOPLE_HEADER,
        ["Siti Aminah", "P", 5201022006, int(NIK_SITI), dt.datetime(1990, 1, 1), int(KK_1), 1],
        ["Ahmad Fauzi", "L", "52.01.02.2006", NIK_AHMAD, 31179, "", 0],  # 31179 = Excel serial of 1985-05-12
    ]
    result = run(world, "people", xlsx_bytes(rows))
    assert result.committed, errors_of(result)
    assert Person.objects.get(nik=NIK_SITI).household.kk_number == KK_1
    assert Person.objects.get(nik=NIK_AHMAD).birth_date == dt.date(1985, 5, 12)


@pytest.mark.django_db
def test_english_headers_any_case_and_semicolons(world):
    rows = [
        ["Full_Name", "SEX", "Place Code", "NIK", "birth_date"],
        ["Siti Aminah", "F", "52.01.02.2006", NIK_SITI, "01-01-1990"],
    ]
    result = run(world, "people", csv_bytes(rows, delimiter=";"))
    assert result.committed, errors_of(result)
    assert Person.objects.get(nik=NIK_SITI).sex == "P"


@pytest.mark.django_db
def test_dry_run_reports_what_it_would_create_and_saves_nothing(world):
    before = counts()
    result = run(world, "people", csv_bytes(people_rows()), commit=False)
    assert not result.committed and result.errors == []
    assert result.created == {"persons": 3, "households": 1}
    assert counts() == before


@pytest.mark.django_db
def test_bad_nik_is_reported_with_row_and_nothing_is_saved(world):
    rows = people_rows()
    rows[2][3] = "1234"  # Ahmad, spreadsheet row 3
    rows.append(["Budi", "L", "52.01.02.2006", "5201023213850003", "", "", ""])  # day 32: not a date
    before = counts()
    result = run(world, "people", csv_bytes(rows))
    assert not result.committed
    assert [(e.row_number, e.column) for e in result.errors] == [(3, "nik"), (5, "nik")]
    assert "16 digits" in result.errors[0].message
    assert result.errors[0].value == "1234"
    assert result.rows_ok == 2 and result.rows_failed == 2
    assert counts() == before  # Siti and Wayan were fine but are not saved either


@pytest.mark.django_db
def test_nik_that_disagrees_with_sex_is_refused_by_the_person_rule(world):
    rows = [PEOPLE_HEADER, ["Siti Aminah", "L", "52.01.02.2006", NIK_SITI, "", "", ""]]
    result = run(world, "people", csv_bytes(rows))
    assert [(e.row_number, e.column) for e in result.errors] == [(2, "nik")]
    assert Person.objects.filter(nik=NIK_SITI).count() == 0


@pytest.mark.django_db
def test_unknown_place_and_bad_values_each_reported(world):
    rows = [
        PEOPLE_HEADER,
        ["Siti Aminah", "P", "52.01.02.9999", "", "", "", ""],
        ["Ahmad Fauzi", "X", "12345", "", "31/02/1985", "", "mungkin"],
        ["", "L", "52.01.02.2006", "", "", "", ""],
    ]
    before = counts()
    result = run(world, "people", csv_bytes(rows))
    got = {(e.row_number, e.column) for e in result.errors}
    assert got == {
        (2, "kode_wilayah"),
        (3, "jenis_kelamin"),
        (3, "kode_wilayah"),
        (3, "tanggal_lahir"),
        (3, "dtks"),
        (4, "nama"),
    }
    assert "52.01.02.9999" in next(e.message for e in result.errors if e.row_number == 2)
    assert counts() == before


@pytest.mark.django_db
def test_duplicate_within_file_names_the_first_row(world):
    rows = people_rows()
    rows.append(["Siti A.", "P", "52.01.02.2006", NIK_SITI, "", "", ""])  # row 5 repeats row 2's NIK
    rows.append(["wayan sari", "P", "52.01.02.2006", "", "", "", ""])  # row 6 repeats row 4
    before = counts()
    result = run(world, "people", csv_bytes(rows))
    assert [e.row_number for e in result.errors] == [5, 6]
    assert "row 2" in result.errors[0].message and "row 4" in result.errors[1].message
    assert counts() == before


@pytest.mark.django_db
def test_duplicate_against_database(world):
    create_person(acting_user=None, full_name="Siti Aminah", sex="P", place=world.banyumulek, nik=NIK_SITI)
    Person.objects.create(full_name="Wayan Sari", sex="P", place=world.banyumulek)
    before = counts()
    result = run(world, "people", csv_bytes(people_rows()))
    assert [(e.row_number, e.column) for e in result.errors] == [(2, "nik"), (4, "nama")]
    assert "already registered" in result.errors[0].message
    assert counts() == before


@pytest.mark.django_db
def test_blank_lines_are_skipped_but_row_numbers_stay_true(world):
    data = b"nama,jenis_kelamin,kode_wilayah\n\nSiti,P,52.01.02.2006\n,,\nAhmad,Q,52.01.02.2006\n"
    result = run(world, "people", data, commit=False)
    assert result.rows_total == 2
    assert [(e.row_number, e.column) for e in result.errors] == [(5, "jenis_kelamin")]


@pytest.mark.django_db
def test_latin1_csv_is_read(world):
    rows = [["nama", "jenis_kelamin", "kode_wilayah"], ["Désy Ñoman", "P", "52.01.02.2006"]]
    result = run(world, "people", csv_bytes(rows, encoding="latin-1"))
    assert result.committed, errors_of(result)
    assert Person.objects.filter(full_name="Désy Ñoman").exists()


# --- file-level refusals -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("empty.csv", b"", "empty"),
        ("blank.csv", b"\n\n  \n", "empty"),
        ("header.csv", b"nama,jenis_kelamin,kode_wilayah\n", "no data rows"),
        ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not a CSV or XLSX"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        ("broken.xlsx", b"PK\x03\x04 definitely not a zip", "cannot be opened"),
        ("fake.xlsx", b"just some text", "cannot be opened"),
    ],
)
def test_unusable_files_are_refused_and_nothing_saved(world, name, data, needle):
    before = counts()
    with pytest.raises(ServiceError) as e:
        run(world, "people", data, name=name)
    assert needle in e.value.message
    assert e.value.field_errors["file"] == e.value.message
    assert counts() == before


@pytest.mark.django_db
def test_header_only_xlsx_is_refused(world):
    with pytest.raises(ServiceError, match="no data rows"):
        run(world, "people", xlsx_bytes([PEOPLE_HEADER]))


@pytest.mark.django_db
def test_wrong_columns_list_the_expected_ones(world):
    data = csv_bytes([["name", "", "gender", "hobby"], ["Siti", "x", "P", "menari"]])
    before = counts()
    with pytest.raises(ServiceError) as e:
        run(world, "people", data)
    message = e.value.message
    assert "hobby" in message and "column 2 has no name" in message
    assert "Missing required columns: kode_wilayah" in message
    assert "nama*, jenis_kelamin*, kode_wilayah*, nik" in message
    assert counts() == before


@pytest.mark.django_db
def test_same_column_twice_is_refused(world):
    with pytest.raises(ServiceError, match="twice: name"):
        run(
            world,
            "people",
            csv_bytes([["nama", "name", "jenis_kelamin", "kode_wilayah"], ["a", "b", "P", "52"]]),
        )


@pytest.mark.django_db
@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes])
def test_huge_file_is_refused_before_any_row_is_processed(world, settings, make):
    settings.BERDAYA_IMPORT_MAX_ROWS = 50
    rows = [PEOPLE_HEADER] + [[f"Orang {i}", "P", "52.01.02.2006", "", "", "", ""] for i in range(51)]
    before = counts()
    with pytest.raises(ServiceError, match="more than 50 data rows"):
        run(world, "people", make(rows))
    assert counts() == before
    # Exactly at the limit is accepted.
    assert run(world, "people", make(rows[:51])).committed


@pytest.mark.django_db
def test_file_over_the_byte_limit_is_refused(world, settings):
    settings.BERDAYA_IMPORT_MAX_BYTES = 100
    with pytest.raises(ServiceError, match="the limit is"):
        run(world, "people", csv_bytes(people_rows() * 3))


@pytest.mark.django_db
def test_extra_cells_beyond_the_header_are_reported(world):
    data = b"nama,jenis_kelamin,kode_wilayah\nSiti,P,52.01.02.2006,oops\n"
    result = run(world, "people", data)
    assert [(e.row_number, e.value) for e in result.errors] == [(2, "oops")]
    assert not Person.objects.filter(full_name="Siti").exists()


# --- enterprises -------------------------------------------------------------------------------------


def _owners(world):
    create_person(acting_user=None, full_name="Siti Aminah", sex="P", place=world.banyumulek, nik=NIK_SITI)
    create_person(acting_user=None, full_name="Ahmad Fauzi", sex="L", place=world.banyumulek, nik=NIK_AHMAD)


ENTERPRISE_HEADER = [
    "nama_usaha",
    "nik_pemilik",
    "kode_wilayah",
    "jenis_produk",
    "sektor",
    "tenaga_kerja",
    "aset_bersih",
    "omzet_tahunan",
    "mulai_usaha",
]


@pytest.mark.django_db
@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes])
def test_enterprises_import(world, make):
    _owners(world)
    rows = [
        ENTERPRISE_HEADER,
        [
            "Gerabah Sari",
            f"{NIK_SITI}; {NIK_AHMAD}",
            "52.01.02.2006",
            "gerabah",
            "kerajinan",
            "3",
            "Rp 25.000.000",
            "120000000",
            "2015-06-01",
        ],
        ["Tenun Ikat", "", "52.01.02.2006", "tenun", "textile", "", "", "", ""],
    ]
    result = run(world, "enterprises", make(rows))
    assert result.committed, errors_of(result)
    assert result.created == {"enterprises": 2}
    sari = Enterprise.objects.get(name="Gerabah Sari")
    assert sari.net_assets == 25_000_000 and sari.annual_sales == 120_000_000 and sari.workers == 3
    assert sari.sector == "craft" and sari.start_date == dt.date(2015, 6, 1)
    assert set(sari.owners.values_list("nik", flat=True)) == {NIK_SITI, NIK_AHMAD}


@pytest.mark.django_db
def test_enterprise_problems(world):
    _owners(world)
    Enterprise.objects.create(name="Sudah Ada", place=world.banyumulek, product_type="gerabah")
    rows = [
        ENTERPRISE_HEADER,
        ["Gerabah Sari", "5201024101909999", "52.01.02.2006", "gerabah", "", "", "", "", ""],  # unknown owner
        ["Kain", "", "52.01.02.2006", "kain", "antariksa", "dua", "1.5", "-5", ""],  # bad values
        ["Sudah Ada", "", "52.01.02.2006", "gerabah", "", "", "", "", ""],  # already in the database
        ["Tenun", "", "52.01.02.2006", "tenun", "", "", "", "", ""],
        ["TENUN", "", "52.01.02.2006", "tenun", "", "", "", "", ""],  # repeats row 5
    ]
    before = counts()
    result = run(world, "enterprises", csv_bytes(rows))
    assert {(e.row_number, e.column) for e in result.errors} == {
        (2, "nik_pemilik"),
        (3, "sektor"),
        (3, "tenaga_kerja"),
        (3, "aset_bersih"),
        (3, "omzet_tahunan"),
        (4, "nama_usaha"),
        (6, ""),
    }
    assert counts() == before


@pytest.mark.django_db
def test_enterprise_owner_must_be_visible(world):
    # Ahmad lives in Kediri (Beta): the Alpha manager cannot see him, so cannot name him as owner.
    create_person(acting_user=None, full_name="Ahmad", sex="L", place=world.kediri, nik="3571011205850002")
    rows = [ENTERPRISE_HEADER[:4], ["Gerabah", "3571011205850002", "52.01.02.2006", "gerabah"]]
    result = run(world, "enterprises", csv_bytes(rows))
    assert [(e.row_number, e.column) for e in result.errors] == [(2, "nik_pemilik")]
    assert run(world, "enterprises", csv_bytes(rows), role="admin").committed


# --- groups ------------------------------------------------------------------------------------------

GROUP_HEADER = ["program", "nama_kelompok", "jenis", "kode_wilayah", "jenis_usaha", "tanggal_berdiri"]


@pytest.mark.django_db
@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes])
def test_groups_import(world, make):
    rows = [
        GROUP_HEADER,
        ["Alpha", "KUBE Tanah Liat", "kube", "52.01.02.2006", "gerabah", "2024-01-10"],
        ["alpha", "Koperasi Sari", "Koperasi", "52.01.02.2006", "", ""],
    ]
    result = run(world, "groups", make(rows))
    assert result.committed, errors_of(result)
    group = Group.objects.get(name="KUBE Tanah Liat")
    assert group.programme == world.alpha and group.founded_on == dt.date(2024, 1, 10)
    assert Group.objects.get(name="Koperasi Sari").kind == "cooperative"


@pytest.mark.django_db
def test_group_problems(world):
    rows = [
        GROUP_HEADER,
        ["Alpha", "KUBE Alpha", "kube", "52.01.02.2006", "", ""],  # exists in the database
        ["Gamma", "KUBE Baru", "kube", "52.01.02.2006", "", ""],  # no such programme
        ["Alpha", "KUBE Jauh", "kube", "35.71.01.1002", "", ""],  # outside Alpha's sites
        ["Alpha", "KUBE Dua", "arisan", "52.01.02.2006", "", ""],  # unknown kind
        ["Alpha", "KUBE Tiga", "kube", "52.01.02.2006", "", ""],
        ["Alpha", "kube tiga", "kube", "52.01.02.2006", "", ""],  # repeats row 6
    ]
    before = counts()
    result = run(world, "groups", csv_bytes(rows))
    assert [(e.row_number, e.column) for e in result.errors] == [
        (2, "nama_kelompok"),
        (3, "program"),
        (4, "kode_wilayah"),
        (5, "jenis"),
        (7, ""),
    ]
    assert counts() == before


@pytest.mark.django_db
def test_outsider_cannot_import_groups_into_alpha(world):
    rows = [GROUP_HEADER, ["Alpha", "KUBE Curian", "kube", "52.01.02.2006", "", ""]]
    before = counts()
    result = run(world, "groups", csv_bytes(rows), role="outsider")
    assert [(e.row_number, e.column) for e in result.errors] == [(2, "program")]
    assert counts() == before
    # The same manager may import into their own programme.
    ok = run(
        world,
        "groups",
        csv_bytes([GROUP_HEADER, ["Beta", "KUBE Baru", "kube", "35.71.01.1002", "", ""]]),
        role="outsider",
    )
    assert ok.committed, errors_of(ok)


# --- memberships -------------------------------------------------------------------------------------

MEMBER_HEADER = [
    "program",
    "nama_kelompok",
    "nik",
    "nama",
    "kode_wilayah",
    "tanggal_bergabung",
    "alasan_bergabung",
]


@pytest.mark.django_db
@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes])
def test_memberships_import(world, make):
    _owners(world)
    Person.objects.create(full_name="Wayan Sari", sex="P", place=world.banyumulek)
    rows = [
        MEMBER_HEADER,
        ["Alpha", "KUBE Alpha", NIK_SITI, "", "", "2024-03-01", "pengrajin"],
        ["Alpha", "kube alpha", "", "Wayan Sari", "52.01.02.2006", "01/03/2024", ""],
    ]
    result = run(world, "memberships", make(rows))
    assert result.committed, errors_of(result)
    assert world.group_a.memberships.filter(person__nik=NIK_SITI, join_reason="pengrajin").exists()
    assert world.group_a.memberships.filter(
        person__full_name="Wayan Sari", joined_on=dt.date(2024, 3, 1)
    ).exists()


@pytest.mark.django_db
def test_membership_problems(world):
    _owners(world)
    rows = [
        MEMBER_HEADER,
        ["Alpha", "KUBE Alpha", "", "Anggota A1", "52.01.02.2006", "2024-03-01", ""],  # already a member
        ["Alpha", "KUBE Entah", NIK_SITI, "", "", "2024-03-01", ""],  # no such group
        ["Alpha", "KUBE Alpha", "", "Tidak Ada", "52.01.02.2006", "2024-03-01", ""],  # unknown person
        ["Alpha", "KUBE Alpha", "", "Anggota B1", "35.71.01.1002", "2024-03-01", ""],  # not visible
        ["Beta", "KUBE Beta", NIK_SITI, "", "", "2024-03-01", ""],  # programme not the manager's
        ["Alpha", "KUBE Alpha", NIK_AHMAD, "", "", "2099-01-01", ""],  # future date
        ["Alpha", "KUBE Alpha", NIK_SITI, "", "", "2024-03-01", ""],
        ["Alpha", "KUBE Alpha", NIK_SITI, "", "", "2024-04-01", ""],  # repeats row 8
    ]
    before = counts()
    result = run(world, "memberships", csv_bytes(rows))
    assert [(e.row_number, e.column) for e in result.errors] == [
        (2, "nama"),
        (3, "nama_kelompok"),
        (4, "nama"),
        (5, "nama"),
        (6, "program"),
        (7, "tanggal_bergabung"),
        (9, ""),
    ]
    assert "already a member" in result.errors[0].message
    assert counts() == before


# --- who may import ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "auditor", "facilitator", "officer", "partner"])
def test_only_managers_and_admins_import(world, role):
    before = counts()
    with pytest.raises(PermissionDenied):
        run(world, "people", csv_bytes(people_rows()), role=role)
    assert counts() == before


@pytest.mark.django_db
def test_unknown_kind(world):
    with pytest.raises(ServiceError):
        run(world, "loans", csv_bytes(people_rows()))
