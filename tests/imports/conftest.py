"""Helpers for the import tests: build CSV and XLSX files in memory, keep uploads in a temporary dir."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

# Valid NIKs for Banyumulek's district (52.01.02): a woman born 1990-01-01 (day + 40) and a man born
# 1985-05-12.
NIK_SITI = "5201024101900001"
NIK_AHMAD = "5201021205850002"
KK_1 = "5201020101900001"


def csv_bytes(rows: list[list], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    return "\n".join(delimiter.join(str(c) for c in row) for row in rows).encode(encoding) + b"\n"


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_xlsx(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


PEOPLE_HEADER = ["nama", "jenis_kelamin", "kode_wilayah", "nik", "tanggal_lahir", "no_kk", "dtks"]


def people_rows() -> list[list]:
    return [
        PEOPLE_HEADER,
        ["Siti Aminah", "P", "52.01.02.2006", NIK_SITI, "1990-01-01", KK_1, "ya"],
        ["Ahmad Fauzi", "laki-laki", "5201022006", NIK_AHMAD, "12/05/1985", KK_1, "ya"],
        ["Wayan Sari", "perempuan", "52.01.02.2006", "", "", "", ""],
    ]


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path
