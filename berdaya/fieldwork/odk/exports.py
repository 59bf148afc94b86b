"""Read the exports of ODK Central and KoboToolbox into raw rows, and normalise one raw row.

What the servers write (the fixtures in ``tests/fieldwork/odk/fixtures/`` are real-shaped examples):

- ODK Central CSV: ``SubmissionDate``, the fields with group paths joined by ``-`` (``visit-visited_on``,
  ``meta-instanceID``), then ``KEY``, ``SubmitterID``, ``SubmitterName``, ``Status``, ``ReviewState``,
  ``FormVersion`` …
- ODK Central JSON (OData ``Submissions``): ``{"value": [{"__id": "uuid:…", "__system":
  {"submissionDate": …, "formVersion": …}, "visit": {"visited_on": …}, "meta": {"instanceID": …}}]}``.
- Kobo CSV / XLSX: the fields with ``/`` paths (``visit/visited_on``), then ``_id``, ``_uuid``,
  ``_submission_time``, ``_validation_status``, ``__version__``, ``_index``. Select-multiple answers may
  also come split into one 1/0 column per choice (``present/p12``).
- Kobo JSON (``/api/v2/assets/<uid>/data/``): ``{"count": …, "next": …, "results": [{"_uuid": …,
  "_submission_time": …, "visit/visited_on": …}]}``.

A raw row is kept exactly as read (that is what the ``Submission`` stores); ``normalise`` turns any of
them into the form's own field names, so the mappers and a later retry read every source alike.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from berdaya.core.errors import ServiceError
from berdaya.imports.readers import file_error, read_table

# Columns the servers add around the form's own fields; never a field of ours.
SYSTEM_COLUMNS = {
    "SubmissionDate",
    "KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
    "start",
    "end",
    "today",
    "deviceid",
}
EXTRA_CELLS = "_extra_cells"
NOT_AN_OBJECT = "_not_a_submission"  # how a JSON entry that is not an object is stored


@dataclass
class Normalised:
    fields: dict[str, str] = field(default_factory=dict)
    instance_id: str = ""
    submitted_at: dt.datetime | None = None
    form_version: str = ""
    error: str = ""


def _flatten(obj: dict, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in obj.items():
        path = f"{prefix}/{key}" if prefix else str(key)
        if isinstance(value, dict) and key != "__system":
            out.update(_flatten(value, path))
        else:
            out[path] = value
    return out


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    return str(value).strip()


def _leaf(path: str) -> str:
    # Kobo joins group paths with "/", ODK Central's CSV with "-"; our field names use neither.
    last = path.rsplit("/", 1)[-1]
    return last.rsplit("-", 1)[-1]


def _instance(value: str) -> str:
    value = (value or "").strip()
    return value[5:] if value.lower().startswith("uuid:") else value


def parse_time(value) -> dt.datetime | None:
    """An ISO timestamp as the servers write it (``…Z``, ``+07:00`` or naive UTC for Kobo)."""
    text = _text(value)
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        return None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=dt.UTC)
    return moment


def normalise(raw: dict) -> Normalised:
    """The form's fields (by their own names), the submission id, time and form version of a raw row."""
    result = Normalised()
    if not isinstance(raw, dict) or NOT_AN_OBJECT in raw:
        result.error = _("This entry is not a submission (expected an object with the form's fields).")
        return result
    flat = _flatten(raw)
    system = raw.get("__system") if isinstance(raw.get("__system"), dict) else {}
    candidates = [
        flat.get("meta/instanceID"),
        flat.get("meta-instanceID"),
        flat.get("instanceID"),
        flat.get("KEY"),
        flat.get("__id"),
        flat.get("_uuid"),
    ]
    result.instance_id = next((_instance(_text(c)) for c in candidates if _text(c)), "")
    result.submitted_at = parse_time(
        flat.get("SubmissionDate") or system.get("submissionDate") or flat.get("_submission_time")
    )
    for path, value in flat.items():
        if path in SYSTEM_COLUMNS or path.startswith("_") or path == EXTRA_CELLS:
            continue
        leaf = _leaf(path)
        if not leaf or leaf in ("instanceID", "instanceName", "deprecatedID") or leaf in SYSTEM_COLUMNS:
            continue
        # Two paths with the same leaf (a field repeated in two groups): the first answer wins.
        if not result.fields.get(leaf):
            result.fields[leaf] = _text(value)
    result.form_version = (
        result.fields.get("form_version")
        or _text(flat.get("FormVersion"))
        or _text(system.get("formVersion"))
    )
    if raw.get(EXTRA_CELLS):
        result.error = _("The row has more cells than the file has columns; it was cut or shifted.")
    elif not result.instance_id:
        result.error = _(
            "The row has no submission id (meta/instanceID, KEY or _uuid), so it cannot be traced."
        )
    return result


def _json_rows(data: bytes) -> list:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise file_error(
            _("The JSON file cannot be read; export it again from ODK Central or Kobo.")
        ) from None
    if isinstance(doc, dict):
        for key in ("value", "results"):
            if isinstance(doc.get(key), list):
                return doc[key]
        raise file_error(
            _('The JSON file has neither a "value" list (ODK Central) nor a "results" list (Kobo).')
        )
    if isinstance(doc, list):
        return doc
    raise file_error(_("The JSON file holds no submissions."))


def read_export(file_name: str, data: bytes) -> list[tuple[int, object]]:
    """(row number or position, raw row) for every submission in an export file.

    Raises ``ServiceError`` for a file we cannot read as a whole; a single bad row is returned as it is
    and rejected later with its reason, so nothing in a readable file is dropped.
    """
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if (file_name or "").lower().endswith(".json") or stripped[:1] in (b"{", b"["):
        rows = _json_rows(data)
        if not rows:
            raise file_error(_("The file holds no submissions."))
        return list(enumerate(rows, start=1))
    table = read_table(file_name, data)
    header = table.header
    out: list[tuple[int, object]] = []
    for number, cells in table.rows():
        row: dict[str, object] = {}
        for index, name in enumerate(header):
            row[name or f"column {index + 1}"] = cells[index] if index < len(cells) else ""
        extra = [c for c in cells[len(header) :] if c.strip()]
        if extra:
            row[EXTRA_CELLS] = extra
        out.append((number, row))
    return out


def fingerprint(raw) -> str:
    text = json.dumps(raw, sort_keys=True, default=str)
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def page_of(doc) -> tuple[list, str | None]:
    """The submissions in one page of a server's answer, and the next page's address if any."""
    if not isinstance(doc, dict):
        raise ServiceError(_("The server's answer is not a list of submissions."), code="server")
    if isinstance(doc.get("value"), list):
        return doc["value"], doc.get("@odata.nextLink")
    if isinstance(doc.get("results"), list):
        return doc["results"], doc.get("next")
    raise ServiceError(_("The server's answer is not a list of submissions."), code="server")
