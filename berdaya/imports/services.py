"""Importing people, enterprises, groups and memberships from a spreadsheet.

There is ONE code path for a dry run and a commit: every row is really created, through the same
service functions the pages use, inside one transaction, each row in its own savepoint so a bad row is
reported without hiding the problems of the rows after it. At the end the whole transaction is rolled
back if it was a dry run or if any row failed. So a dry run reports exactly what a commit would do, a
commit is all-or-nothing, and there is no second set of validation rules that could drift apart from
the services'.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from berdaya.accounts import access
from berdaya.audit.log import record
from berdaya.core.errors import ServiceError

from .kinds import KINDS, Column, Context, Kind, RowProblem
from .models import ImportRun
from .readers import file_error, read_table

MAX_VALUE_SHOWN = 100
PROGRESS_EVERY = 500


@dataclass
class RowError:
    row_number: int  # as the spreadsheet shows it: the header is row 1
    column: str  # the header as written in the file ("" for the whole row)
    value: str
    message: str


@dataclass
class ImportResult:
    kind: str
    file_name: str
    commit: bool
    committed: bool = False
    rows_total: int = 0
    rows_ok: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)

    @property
    def rows_failed(self) -> int:
        return len({e.row_number for e in self.errors})

    def to_dict(self) -> dict:
        data = asdict(self)
        data["rows_failed"] = self.rows_failed
        return data

    @classmethod
    def from_dict(cls, data: dict) -> ImportResult:
        data = {k: v for k, v in data.items() if k != "rows_failed"}
        data["errors"] = [RowError(**e) for e in data.get("errors", [])]
        return cls(**data)


def _normal(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().strip("*").strip().lower())


def expected_columns(kind: Kind) -> str:
    return ", ".join(c.name + ("*" if c.required else "") for c in kind.columns)


def match_header(kind: Kind, header: list[str]) -> list[Column]:
    """The column behind each header cell, or a file-level error naming what is wrong and what is expected."""
    names: dict[str, Column] = {}
    for column in kind.columns:
        for name in (column.name, *column.aliases):
            names.setdefault(_normal(name), column)
    matched: list[Column] = []
    unknown: list[str] = []
    seen: dict[str, str] = {}
    twice: list[str] = []
    for position, cell in enumerate(header, start=1):
        column = names.get(_normal(cell))
        if column is None:
            unknown.append(cell.strip() or _("(column %(n)d has no name)") % {"n": position})
            continue
        if column.field in seen:
            twice.append(cell.strip())
        seen[column.field] = cell.strip()
        matched.append(column)
    missing = [c.name for c in kind.columns if c.required and c.field not in seen]
    problems = []
    if unknown:
        problems.append(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    if twice:
        problems.append(_("Columns given twice: %(columns)s.") % {"columns": ", ".join(twice)})
    if missing:
        problems.append(_("Missing required columns: %(columns)s.") % {"columns": ", ".join(missing)})
    if problems:
        problems.append(
            _("Expected columns (* = required): %(columns)s. Download the template to see them.")
            % {"columns": expected_columns(kind)}
        )
        raise file_error(" ".join(problems))
    return matched


def _shown(value: str) -> str:
    return value if len(value) <= MAX_VALUE_SHOWN else value[: MAX_VALUE_SHOWN - 1] + "…"


def _parse_row(
    columns: list[Column], header: list[str], cells: list[str], row_number: int
) -> tuple[dict, list[RowError]]:
    values: dict = {}
    errors: list[RowError] = []
    for index, column in enumerate(columns):
        raw = cells[index] if index < len(cells) else ""
        if column.required and not raw.strip():
            errors.append(RowError(row_number, header[index], "", _("This column is required.")))
            continue
        try:
            values[column.field] = column.parse(raw)
        except ValueError as e:
            errors.append(RowError(row_number, header[index], _shown(raw), str(e)))
    extra = [c for c in cells[len(columns) :] if c.strip()]
    if extra:
        errors.append(
            RowError(
                row_number, "", _shown(extra[0]), _("This row has more cells than the header has columns.")
            )
        )
    return values, errors


def _row_errors(
    kind: Kind, header_of: dict[str, str], raw_of: dict[str, str], row_number: int, problems
) -> list[RowError]:
    errors = []
    for field_name, message in problems:
        column = kind.column(field_name)
        # "person" problems on a membership row are about whichever identifying column was given.
        if column is None and field_name == "person":
            column = kind.column("nik") if raw_of.get("nik") else kind.column("full_name")
        header = header_of.get(column.field, column.name) if column else ""
        errors.append(
            RowError(row_number, header, _shown(raw_of.get(column.field, "")) if column else "", message)
        )
    return errors


def _service_problems(error: ServiceError) -> list[tuple[str, str]]:
    if len(error.field_errors) == 1:
        # The summary message is usually the fuller sentence; put it under the one field concerned.
        return [(next(iter(error.field_errors)), error.message)]
    if error.field_errors:
        return list(error.field_errors.items())
    return [("", error.message)]


def run_import(
    *,
    acting_user,
    kind: str,
    uploaded_file_name: str,
    data: bytes,
    commit: bool,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import a CSV or XLSX file of ``kind`` (people, enterprises, groups, memberships).

    With ``commit=False`` nothing is saved; the result lists every row's problems. With ``commit=True``
    everything is saved only if no row has a problem. A file that cannot be used at all (too big, empty,
    wrong columns, not a spreadsheet) raises ``ServiceError`` before any row is processed. Requires a
    user who may manage (admin or manager); groups and memberships only in programmes they manage.
    """
    access.require_manage(acting_user)
    spec = KINDS.get(kind)
    if spec is None:
        raise ServiceError(_("Unknown kind of import."), field_errors={"kind": _("Choose what to import.")})
    table = read_table(uploaded_file_name, data)
    columns = match_header(spec, table.header)
    header_of = {c.field: h.strip() for c, h in zip(columns, table.header, strict=False)}
    result = ImportResult(kind=kind, file_name=uploaded_file_name[:200], commit=commit)
    ctx = Context(user=acting_user)
    first_row: dict[tuple, int] = {}
    with transaction.atomic():
        # Rows stream from the reader one at a time; only lookups and row identities are kept.
        for row_number, cells in table.rows():
            result.rows_total += 1
            if progress and result.rows_total % PROGRESS_EVERY == 0:
                progress(result.rows_total, table.rows_total)
            values, errors = _parse_row(columns, table.header, cells, row_number)
            raw_of = {c.field: (cells[i] if i < len(cells) else "") for i, c in enumerate(columns)}
            if not errors:
                identity = spec.identity(values)
                if identity in first_row:
                    errors.append(
                        RowError(
                            row_number, "", "", str(spec.duplicate_message) % {"row": first_row[identity]}
                        )
                    )
                else:
                    first_row[identity] = row_number
            if errors:
                result.errors.extend(errors)
                continue
            try:
                with transaction.atomic():
                    created = spec.create(ctx, values)
            except RowProblem as e:
                problems = e.problems
            except ServiceError as e:
                problems = _service_problems(e)
            except IntegrityError:
                problems = [
                    ("", _("This row conflicts with a record already saved (e.g. the same NIK or name)."))
                ]
            else:
                ctx.row_succeeded()
                result.rows_ok += 1
                for what, n in created.items():
                    result.created[what] = result.created.get(what, 0) + n
                continue
            ctx.row_failed()
            result.errors.extend(_row_errors(spec, header_of, raw_of, row_number, problems))
        if progress:
            progress(result.rows_total, table.rows_total)
        if commit and not result.errors:
            run = ImportRun.objects.create(
                kind=kind,
                file_name=result.file_name,
                rows=result.rows_total,
                created=result.created,
                actor=acting_user if getattr(acting_user, "pk", None) else None,
            )
            record(actor=acting_user, action="import", obj=run)
            result.committed = True
        else:
            # The dry run and a failed commit end here: every row above is undone together.
            transaction.set_rollback(True)
    return result
