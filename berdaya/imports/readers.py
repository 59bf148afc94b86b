"""Turn an uploaded CSV or XLSX file into a header and rows of plain strings.

Nothing here knows about people or groups: a reader only decides whether the bytes are a table we can
read, and refuses files that are too big *before* any row is processed, so a 200 MB upload never reaches
the database code. Rows are yielded lazily, so memory stays flat however many rows a file has.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from berdaya.core.errors import ServiceError

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format


@dataclass
class Table:
    header: list[str]
    rows_total: int
    _rows: object  # a zero-argument callable returning a fresh iterator

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(row number as the spreadsheet shows it, cells) for every non-blank data row."""
        return self._rows()


def file_error(message: str) -> ServiceError:
    return ServiceError(message, field_errors={"file": message}, code="file")


def cell_text(value) -> str:
    """A cell as text. Whole-number floats lose their ``.0`` (Excel stores 5 as 5.0, and a NIK typed
    as a number would otherwise read as ``5201…0.0``); dates become ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _blank(cells: list[str]) -> bool:
    return not any(c.strip() for c in cells)


def _too_many_rows(count: int, limit: int) -> ServiceError:
    return file_error(
        ngettext(
            "The file has more than %(limit)d data row; split it into smaller files.",
            "The file has more than %(limit)d data rows; split it into smaller files.",
            limit,
        )
        % {"limit": limit}
    )


def _decode(data: bytes) -> str:
    # utf-8-sig also reads plain UTF-8 and drops the byte-order mark Excel writes; spreadsheets saved
    # by older Excel on Windows are cp1252/latin-1, which decodes any byte, so it is the last resort.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _delimiter(first_line: str) -> str:
    # Indonesian-locale Excel writes ";" because "," is the decimal mark; pick whichever the header uses.
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(data: bytes, max_rows: int) -> Table:
    if b"\x00" in data[:4096]:
        raise file_error(_("This is not a CSV or XLSX file. Save the spreadsheet as .xlsx or .csv."))
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = _delimiter(first_line)

    def records() -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for index, record in enumerate(reader, start=1):
            yield index, [c.strip() for c in record]

    return _table(records, max_rows)


def _read_xlsx(data: bytes, max_rows: int) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise file_error(
            _("The XLSX file cannot be opened; it may be damaged. Save it again as .xlsx.")
        ) from None
    if not workbook.worksheets:
        raise file_error(_("The file is empty."))
    sheet = workbook.worksheets[0]
    # A declared size over the limit is refused without reading a single row.
    declared = sheet.max_row or 0
    if declared - 1 > max_rows:
        raise _too_many_rows(declared - 1, max_rows)

    def records() -> Iterator[tuple[int, list[str]]]:
        for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield index, [cell_text(v) for v in values]

    return _table(records, max_rows)


def _table(records, max_rows: int) -> Table:
    header: list[str] | None = None
    count = 0
    # First pass only counts, keeping nothing, so an oversized file is refused before processing.
    for _index, cells in records():
        if _blank(cells):
            continue
        if header is None:
            header = cells
            continue
        count += 1
        if count > max_rows:
            raise _too_many_rows(count, max_rows)
    if header is None:
        raise file_error(_("The file is empty."))
    while header and not header[-1].strip():
        header.pop()
    if count == 0:
        raise file_error(_("The file has a header row but no data rows."))

    def rows() -> Iterator[tuple[int, list[str]]]:
        seen_header = False
        for index, cells in records():
            if _blank(cells):
                continue
            if not seen_header:
                seen_header = True
                continue
            yield index, cells

    return Table(header=header, rows_total=count, _rows=rows)


def read_table(file_name: str, data: bytes) -> Table:
    """Read a CSV or XLSX upload. Raises ``ServiceError`` (code ``"file"``) for a file we cannot use."""
    max_bytes = settings.BERDAYA_IMPORT_MAX_BYTES
    max_rows = settings.BERDAYA_IMPORT_MAX_ROWS
    if len(data) > max_bytes:
        raise _too_big(len(data), max_bytes)
    if not data.strip():
        raise file_error(_("The file is empty."))
    name = (file_name or "").lower()
    # Trust the bytes over the name: a CSV renamed .xlsx (or the reverse) still reads correctly.
    if data.startswith(_ZIP_MAGIC):
        return _read_xlsx(data, max_rows)
    if data.startswith(_OLE_MAGIC) or name.endswith(".xls"):
        raise file_error(_("The old .xls format is not supported. Save the spreadsheet as .xlsx or .csv."))
    if name.endswith((".xlsx", ".xlsm")):
        raise file_error(_("The XLSX file cannot be opened; it may be damaged. Save it again as .xlsx."))
    return _read_csv(data, max_rows)


def _too_big(size: int, max_bytes: int) -> ServiceError:
    return file_error(
        _("The file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller files.")
        % {"size": f"{size / 1048576:.1f}", "limit": f"{max_bytes / 1048576:.1f}"}
    )


def read_upload(upload) -> bytes:
    """The bytes of an uploaded file, refusing an oversized one from its declared size without reading it."""
    max_bytes = settings.BERDAYA_IMPORT_MAX_BYTES
    if upload.size is not None and upload.size > max_bytes:
        raise _too_big(upload.size, max_bytes)
    return upload.read(max_bytes + 1)
