"""Reads about programmes that are more than a filter: the role matrix and its overlap warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from berdaya.accounts import access
from berdaya.core.lists import search

from .models import Agency, AgencyRole, Programme, Site, StaffMember


def search_programmes(user, q: str) -> QuerySet[Programme]:
    """The user's programmes whose name, description or funding source has every word of ``q``."""
    return search(
        access.visible_programmes(user), (q or "").strip(), ["name", "description", "funding_source"]
    )


def search_agencies(user, q: str) -> QuerySet[Agency]:
    """Agencies by name, contact or place."""
    return search(access.visible_agencies(user), (q or "").strip(), ["name", "contact", "place__name"])


def search_staff(user, q: str) -> QuerySet[StaffMember]:
    """The user's facilitators and mentors by name, qualifications, agency or phone."""
    fields = ["full_name", "qualifications", "agency__name", "phone"]
    return search(access.visible_staff(user), (q or "").strip(), fields)


@dataclass
class Cell:
    role: str
    label: str
    commitments: list[AgencyRole] = field(default_factory=list)
    overlap: bool = False

    @property
    def gap(self) -> bool:
        """Nobody covers this role at this site."""
        return not self.commitments

    @property
    def agencies(self) -> list:
        return [c.agency for c in self.commitments]


@dataclass
class Row:
    site: Site
    cells: list[Cell]


def _periods_intersect(a: AgencyRole, b: AgencyRole) -> bool:
    # A commitment without dates counts as open-ended: we cannot tell it apart in time, so assume it overlaps.
    a_start, a_end = a.start_date or dt.date.min, a.end_date or dt.date.max
    b_start, b_end = b.start_date or dt.date.min, b.end_date or dt.date.max
    return a_start <= b_end and b_start <= a_end


def _cell_overlaps(commitments: list[AgencyRole]) -> bool:
    """Two different agencies commit the same role at the same site for periods that meet."""
    return any(
        a.agency_id != b.agency_id and _periods_intersect(a, b)
        for i, a in enumerate(commitments)
        for b in commitments[i + 1 :]
    )


def role_matrix(programme: Programme) -> list[Row]:
    """Sites × roles of ``programme``; each cell lists the committing agencies.

    ``cell.overlap`` is set when two or more agencies commit the same role at the same site for periods
    that meet (seed 001: overlapping assistance wastes money and confuses the groups); ``cell.gap`` when
    nobody covers it. Two queries: the sites, and every commitment with its agency.
    """
    sites = list(Site.objects.filter(programme=programme).select_related("place"))
    by_cell: dict[tuple[int, str], list[AgencyRole]] = {}
    commitments = (
        AgencyRole.objects.filter(site__programme=programme)
        .select_related("agency")
        .order_by("agency__name", "pk")
    )
    for commitment in commitments:
        by_cell.setdefault((commitment.site_id, commitment.role), []).append(commitment)
    rows = []
    for site in sites:
        cells = []
        for role, label in AgencyRole.Role.choices:
            found = by_cell.get((site.pk, role), [])
            cells.append(Cell(role=role, label=str(label), commitments=found, overlap=_cell_overlaps(found)))
        rows.append(Row(site=site, cells=cells))
    return rows


def _names(agencies: list[str]) -> str:
    if len(agencies) == 2:
        return _("%(first)s and %(second)s") % {"first": agencies[0], "second": agencies[1]}
    return _("%(list)s and %(last)s") % {"list": ", ".join(agencies[:-1]), "last": agencies[-1]}


def overlaps(programme: Programme, matrix: list[Row] | None = None) -> list[dict]:
    """Each overlapping cell of the role matrix with a translated explanation of what to do about it.

    Pass ``matrix`` when the caller already computed ``role_matrix`` to save its two queries.
    """
    matrix = role_matrix(programme) if matrix is None else matrix
    found = []
    for row in matrix:
        for cell in row.cells:
            if not cell.overlap:
                continue
            names = sorted({c.agency.name for c in cell.commitments})
            params = {"agencies": _names(names), "role": cell.label, "site": row.site.place.name}
            if len(names) == 2:
                text = _(
                    "%(agencies)s both commit %(role)s at %(site)s — coordinate so assistance is not "
                    "duplicated (seed 001)."
                )
            else:
                text = _(
                    "%(agencies)s all commit %(role)s at %(site)s — coordinate so assistance is not "
                    "duplicated (seed 001)."
                )
            found.append(
                {
                    "site": row.site,
                    "role": cell.role,
                    "role_label": cell.label,
                    "agencies": [c.agency for c in cell.commitments],
                    "explanation": text % params,
                }
            )
    return found


def groups_per_stage(programme: Programme, groups) -> dict[int | None, int]:
    """Stage id → number of ``groups`` (already scoped by the caller) of the programme at that stage."""
    rows = groups.filter(programme=programme).values("stage_id").annotate(n=Count("id")).order_by()
    return {row["stage_id"]: row["n"] for row in rows}
