"""XLSX exports of what a user may see, and the empty templates to fill in.

An export uses the same column names as the import, so a list can be exported, corrected in a
spreadsheet and (for new rows) imported again. Workbooks are written in openpyxl's write-only mode from
querysets read in chunks, so a national programme's list does not have to fit in memory as objects.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from berdaya.accounts import access
from berdaya.groups.models import Membership

from .kinds import KINDS, Kind

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000


def _mask(nik: str | None, show: bool) -> str:
    if not nik:
        return ""
    # Same masking as Person.masked_nik: region and sequence visible, birth date hidden (UU PDP).
    return nik if show else nik[:4] + "********" + nik[-4:]


def _yes_no(value: bool) -> str:
    return "ya" if value else "tidak"


def _people(user, show_ids: bool) -> Iterator[list]:
    qs = access.visible_persons(user).select_related("place", "household").order_by("full_name", "id")
    for person in qs.iterator(chunk_size=CHUNK):
        household = person.household
        yield [
            person.full_name,
            person.sex,
            person.place.code,
            _mask(person.nik, show_ids),
            person.birth_date,
            person.phone,
            person.address,
            _mask(household.kk_number, show_ids) if household else "",
            household.head_name if household else "",
            _yes_no(household.poverty_registered) if household else "",
            household.poverty_registry_id if household else "",
        ]


def _enterprises(user, show_ids: bool) -> Iterator[list]:
    qs = (
        access.visible_enterprises(user)
        .select_related("place")
        .prefetch_related("owners")
        .order_by("name", "id")
    )
    for enterprise in qs.iterator(chunk_size=CHUNK):
        owners = ", ".join(_mask(o.nik, show_ids) for o in enterprise.owners.all() if o.nik)
        yield [
            enterprise.name,
            owners,
            enterprise.place.code,
            enterprise.product_type,
            enterprise.sector,
            enterprise.workers,
            enterprise.net_assets,
            enterprise.business_capital,
            enterprise.annual_sales,
            enterprise.start_date,
        ]


def _groups(user, show_ids: bool) -> Iterator[list]:
    qs = access.visible_groups(user).select_related("programme", "place").order_by("programme__name", "name")
    for group in qs.iterator(chunk_size=CHUNK):
        yield [
            group.programme.name,
            group.name,
            group.kind,
            group.place.code,
            group.business_type,
            group.founded_on,
        ]


def _memberships(user, show_ids: bool) -> Iterator[list]:
    # Only current members: the import has no "left on" column, and a history row re-imported would
    # make a former member current again.
    qs = (
        Membership.objects.filter(group__in=access.visible_groups(user), left_on__isnull=True)
        .select_related("group__programme", "person__place")
        .order_by("group__programme__name", "group__name", "person__full_name", "id")
    )
    for m in qs.iterator(chunk_size=CHUNK):
        yield [
            m.group.programme.name,
            m.group.name,
            _mask(m.person.nik, show_ids),
            m.person.full_name,
            m.person.place.code,
            m.joined_on,
            m.join_reason,
        ]


_ROWS = {"people": _people, "enterprises": _enterprises, "groups": _groups, "memberships": _memberships}


def _header(sheet, kind: Kind) -> None:
    bold = Font(bold=True)
    cells = []
    for column in kind.columns:
        cell = WriteOnlyCell(sheet, value=column.name)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)


def _dated(sheet, row: list) -> list:
    cells = []
    for value in row:
        cell = WriteOnlyCell(sheet, value=value)
        if hasattr(value, "isoformat"):
            cell.number_format = "yyyy-mm-dd"
        cells.append(cell)
    return cells


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_xlsx(*, user, kind: str) -> bytes:
    """The ``kind`` list as the user may see it; NIK and KK numbers are masked unless the user may write."""
    spec = KINDS[kind]
    show_ids = access.can_write(user)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(kind)
    _header(sheet, spec)
    for row in _ROWS[kind](user, show_ids):
        sheet.append(_dated(sheet, row))
    return _save(workbook)


def template_xlsx(kind: str) -> bytes:
    """An empty first sheet with the header row, and a second sheet explaining every column.

    The explanation and example sit on their own sheet because the importer reads only the first one:
    an example row on the data sheet would be imported if the user forgot to delete it.
    """
    spec = KINDS[kind]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(kind)
    _header(sheet, spec)
    help_sheet = workbook.create_sheet(_("Columns")[:31])
    bold = Font(bold=True)
    titles = []
    for title in (_("Column"), _("Required"), _("What to write"), _("Example"), _("Also accepted as")):
        cell = WriteOnlyCell(help_sheet, value=title)
        cell.font = bold
        titles.append(cell)
    help_sheet.append(titles)
    for column in spec.columns:
        help_sheet.append(
            [
                column.name,
                _("yes") if column.required else "",
                str(column.label),
                column.example,
                ", ".join(column.aliases),
            ]
        )
    return _save(workbook)
