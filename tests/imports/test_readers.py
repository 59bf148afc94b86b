import datetime as dt

import pytest

from berdaya.core.errors import ServiceError
from berdaya.imports import parsing as p
from berdaya.imports.kinds import KINDS
from berdaya.imports.readers import cell_text, read_table
from berdaya.imports.services import _normal

from .conftest import xlsx_bytes


def rows(table):
    return list(table.rows())


def test_csv_with_bom_and_semicolons():
    table = read_table("a.csv", "\ufeffnama;alamat\nSiti;Jl. Melati, 3\n".encode())
    assert table.header == ["nama", "alamat"]
    assert rows(table) == [(2, ["Siti", "Jl. Melati, 3"])]


def test_csv_quoted_cells_and_tabs():
    table = read_table("a.csv", b'nama\talamat\n"Siti\tA"\tx\n')
    assert rows(table) == [(2, ["Siti\tA", "x"])]


def test_latin1_fallback():
    table = read_table("a.csv", "nama\nDésy\n".encode("cp1252"))
    assert rows(table) == [(2, ["Désy"])]


def test_xlsx_cells_become_text():
    data = xlsx_bytes(
        [["a", "b", "c", "d"], [5201022006.0, dt.datetime(2024, 1, 2), True, None], [1.5, "x", "", ""]]
    )
    table = read_table("x.xlsx", data)
    assert table.rows_total == 2
    assert rows(table) == [(2, ["5201022006", "2024-01-02", "1", ""]), (3, ["1.5", "x", "", ""])]


def test_csv_renamed_xlsx_is_refused_but_xlsx_renamed_csv_is_read():
    with pytest.raises(ServiceError):
        read_table("x.xlsx", b"nama\nSiti\n")
    assert rows(read_table("x.csv", xlsx_bytes([["nama"], ["Siti"]]))) == [(2, ["Siti"])]


def test_cell_text():
    assert cell_text(None) == ""
    assert cell_text(12.0) == "12"
    assert cell_text(dt.date(2024, 5, 6)) == "2024-05-06"
    assert cell_text("  x ") == "x"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("L", "L"), ("p", "P"), ("Laki-laki", "L"), ("PEREMPUAN", "P"), ("M", "L"), ("f", "P"), ("wanita", "P")],
)
def test_sex(value, expected):
    assert p.sex(value) == expected


def test_sex_refuses_unknown():
    with pytest.raises(ValueError):
        p.sex("X")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-31", dt.date(2024, 1, 31)),
        ("31/01/2024", dt.date(2024, 1, 31)),
        ("31-01-2024", dt.date(2024, 1, 31)),
        ("1/2/2024", dt.date(2024, 2, 1)),
        ("2024-01-31 00:00:00", dt.date(2024, 1, 31)),
        ("45322", dt.date(2024, 1, 31)),
        ("", None),
    ],
)
def test_dates(value, expected):
    assert p.date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2024", "01/31/2024", "kemarin", "20240131", "2024/01/31"])
def test_bad_dates(value):
    with pytest.raises(ValueError):
        p.date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("52.01.02.2006", "52.01.02.2006"),
        ("5201022006", "52.01.02.2006"),
        ("5201", "52.01"),
        ("52.01.02.2006.D01", "52.01.02.2006.D01"),
        ("", None),
    ],
)
def test_place_codes(value, expected):
    assert p.place_code(value) == expected


@pytest.mark.parametrize("value", ["520", "52-01", "Banyumulek"])
def test_bad_place_codes(value):
    with pytest.raises(ValueError):
        p.place_code(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1500000", 1500000),
        ("1.500.000", 1500000),
        ("1,500,000", 1500000),
        ("Rp 1.500.000", 1500000),
        ("Rp1500000", 1500000),
        ("1500000.0", 1500000),
        ("", None),
    ],
)
def test_rupiah(value, expected):
    assert p.rupiah(value) == expected


@pytest.mark.parametrize("value", ["1,5", "1.500,50", "-100", "satu juta", "1.50"])
def test_bad_rupiah(value):
    with pytest.raises(ValueError):
        p.rupiah(value)


def test_booleans():
    assert p.boolean("Ya") and p.boolean("1") and not p.boolean("tidak") and not p.boolean("")
    with pytest.raises(ValueError):
        p.boolean("mungkin")


def test_nik_uses_the_person_rule():
    assert p.nik("5201 0241 0190 0001") == "5201024101900001"
    assert p.nik("'5201024101900001") == "5201024101900001"
    assert p.nik("") is None
    with pytest.raises(ValueError, match="16 digits"):
        p.nik("52010241019000")
    with pytest.raises(ValueError):
        p.nik("9901024101900001")  # no province 99


@pytest.mark.parametrize("kind", list(KINDS.values()), ids=list(KINDS))
def test_every_header_name_means_one_column(kind):
    seen = {}
    for column in kind.columns:
        for name in (column.name, *column.aliases):
            assert seen.setdefault(_normal(name), column.field) == column.field, name
