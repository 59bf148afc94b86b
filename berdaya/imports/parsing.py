"""Cell parsers: text from a spreadsheet cell → a Python value, or ``ValueError`` with a translated reason.

They accept what Indonesian spreadsheets really contain (``L``/``P``, ``laki-laki``, ``31/12/1980``,
``Rp 1.500.000``, dotted or undotted Kemendagri codes, Excel date serials) and refuse anything
ambiguous instead of guessing, because a wrong guess is saved silently while a refusal gets fixed.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")

SEX_VALUES = {
    "l": "L",
    "lk": "L",
    "laki-laki": "L",
    "laki laki": "L",
    "lakilaki": "L",
    "pria": "L",
    "m": "L",
    "male": "L",
    "p": "P",
    "pr": "P",
    "perempuan": "P",
    "wanita": "P",
    "f": "P",
    "female": "P",
}
_TRUE = {"1", "y", "ya", "yes", "true", "benar", "b", "x", "v", "✓"}
_FALSE = {"", "0", "t", "n", "tidak", "no", "false", "salah", "-"}


def text(max_length: int):
    def parse(value: str) -> str:
        value = " ".join(value.split())
        if len(value) > max_length:
            raise ValueError(_("Too long: at most %(n)d characters.") % {"n": max_length})
        return value

    return parse


def sex(value: str) -> str:
    try:
        return SEX_VALUES[" ".join(value.lower().split())]
    except KeyError:
        raise ValueError(_("Write L or P (laki-laki / perempuan).")) from None


def date(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    if re.fullmatch(r"\d{4,5}(\.0+)?", value):
        # A date cell formatted as a number shows Excel's day count since 1899-12-30.
        serial = int(float(value))
        if 1000 <= serial <= 80000:
            return _EXCEL_EPOCH + dt.timedelta(days=serial)
    candidate = value[:10] if re.match(r"\d{4}-\d{2}-\d{2}[ T]\d", value) else value
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(candidate, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("Not a date; write it as YYYY-MM-DD or DD/MM/YYYY, e.g. 1980-12-31."))


def _service_rule(cleaner, value: str):
    # The person service owns the NIK and KK rules; the import reuses them instead of keeping a copy.
    from berdaya.core.errors import ServiceError

    try:
        return cleaner(value.strip().lstrip("'"))  # Excel users type a leading ' to keep digits as text
    except ServiceError as e:
        raise ValueError(e.message) from None


def nik(value: str) -> str | None:
    from berdaya.people.services import clean_nik

    return _service_rule(clean_nik, value)


def kk_number(value: str) -> str | None:
    from berdaya.people.services import clean_kk

    return _service_rule(clean_kk, value)


def nik_list(value: str) -> list[str]:
    niks = []
    for part in re.split(r"[,;/|\n]+", value.strip()):
        if part:
            niks.append(nik(part))
    return niks


def place_code(value: str) -> str | None:
    """Kemendagri code, dotted (52.01.02.2006) or not (5201022006)."""
    code = re.sub(r"[\s']", "", value)
    if not code:
        return None
    if re.fullmatch(r"\d+", code):
        parts = {2: (2,), 4: (2, 2), 6: (2, 2, 2), 10: (2, 2, 2, 4)}.get(len(code))
        if parts is None:
            raise ValueError(_("Not a Kemendagri region code; write it like 52.01.02.2006."))
        pieces, start = [], 0
        for size in parts:
            pieces.append(code[start : start + size])
            start += size
        return ".".join(pieces)
    if not re.fullmatch(r"\d{2}(\.[0-9A-Za-z]+)*", code):
        raise ValueError(_("Not a Kemendagri region code; write it like 52.01.02.2006."))
    return code


def boolean(value: str) -> bool:
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise ValueError(_("Write ya or tidak (yes or no)."))


def whole_number(value: str) -> int | None:
    v = value.strip().replace(" ", "")
    if not v:
        return None
    if re.fullmatch(r"\d+(\.0+)?", v):
        return int(float(v)) if "." in v else int(v)
    raise ValueError(_("Write a whole number, e.g. 5."))


def rupiah(value: str) -> int | None:
    """Integer rupiah: ``1500000``, ``1.500.000``, ``1,500,000`` or ``Rp 1.500.000``; no cents."""
    v = re.sub(r"(?i)^rp\.?", "", value.strip()).replace(" ", "")
    if not v:
        return None
    if v.startswith("-"):
        raise ValueError(_("An amount cannot be negative."))
    if re.fullmatch(r"\d+", v):
        return int(v)
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", v) or re.fullmatch(r"\d{1,3}(,\d{3})+", v):
        return int(re.sub(r"[.,]", "", v))
    if re.fullmatch(r"\d+\.0+", v):  # a number cell read back from Excel
        return int(v.split(".")[0])
    raise ValueError(_("Write whole rupiah without cents, e.g. 1500000 or 1.500.000."))


def choice(options: dict[str, str], hint: str):
    """``options`` maps every accepted spelling (lower case) to the stored value."""

    def parse(value: str) -> str | None:
        v = " ".join(value.lower().replace("_", " ").split())
        if not v:
            return None
        for key in (v, v.replace(" ", "_")):
            if key in options:
                return options[key]
        raise ValueError(_("Unknown value; use one of: %(values)s.") % {"values": hint})

    return parse
