"""Warnings about a group's make-up, each with the reasons behind it.

The checks come from the KUBE guidelines and the seeds: a group outside the programme's size range;
members running different kinds of business (seed 003: KUBE with heterogeneous businesses end up only
doing savings and loans, then die); members living far apart (the guidelines ask for neighbours);
no chair or treasurer in office; and a last meeting below the bylaws' quorum.

Everything is computed for a whole set of groups in a fixed number of queries (one per kind of data,
never one per group or per member), so the group list can badge a page of groups as cheaply as the
detail page explains one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from berdaya.people.models import Enterprise, Person
from berdaya.places.models import Place
from berdaya.programs.models import Programme

from .models import Bylaws, Group, Meeting, Membership, OfficerTerm

REQUIRED_OFFICES = (OfficerTerm.Role.CHAIR, OfficerTerm.Role.TREASURER)
_LEVEL_LETTER = {Place.Level.DUSUN: "D", Place.Level.RW: "W", Place.Level.RT: "T"}


@dataclass
class Warning:  # noqa: A001 - the domain word; never confused with the builtin here
    code: str
    message: str
    details: list[str] = field(default_factory=list)


def area_code(place_code: str, level: int) -> str:
    """The code of the area at ``level`` containing the place, or the place's own code if it is above.

    Codes are prefixes of their children's (village = first four dotted parts); below a village, user
    added parts start with D (dusun), W (RW) or T (RT), and an RW may sit directly under a village, so
    the dusun and RW levels are found by their letter rather than by counting parts.
    """
    parts = place_code.split(".")
    if level <= Place.Level.VILLAGE:
        return ".".join(parts[:level])
    if len(parts) <= 4:
        return place_code
    letter = _LEVEL_LETTER[level]
    for i in range(4, len(parts)):
        if parts[i].startswith(letter):
            return ".".join(parts[: i + 1])
    # The place is below the village but not inside an area of this level (e.g. an RW with no dusun):
    # the village itself is the closest area we know.
    return ".".join(parts[:4])


def warnings_for_groups(groups) -> dict[int, list[Warning]]:
    """Warnings for each group in ``groups`` (a queryset or a list of groups), keyed by group id."""
    groups = list(groups)
    if not groups:
        return {}
    ids = [g.pk for g in groups]
    programmes = {
        p.pk: p
        for p in Programme.objects.filter(pk__in={g.programme_id for g in groups}).only(
            "name", "group_size_min", "group_size_max", "residence_level"
        )
    }
    # Every query below is unordered (order_by()): the warnings sort what they show themselves, and the
    # models' default orderings (by group name, by person name) only added joins and sorts.
    # Members are read in two steps, memberships by group and then their persons by id: one join of the
    # page's memberships to persons made PostgreSQL hash all 100.000 persons (~45 ms) for 750 rows.
    active = Membership.objects.filter(group_id__in=ids, left_on__isnull=True).order_by()
    member_rows = list(active.values_list("group_id", "person_id"))
    person_ids = {pid for _g, pid in member_rows}
    persons = {
        pk: (name, code)
        for pk, name, code in Person.objects.filter(pk__in=person_ids)
        .order_by()
        .values_list("pk", "full_name", "place__code")
    }
    members: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for group_id, person_id in member_rows:
        members[group_id].append((person_id, *persons[person_id]))
    businesses: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for person_id, product_type, sector in (
        # The members as a subquery, not a list of ~1.000 ids each prepared one by one in Python.
        Enterprise.owners.through.objects.filter(person_id__in=active.values("person_id"))
        .order_by()
        .values_list("person_id", "enterprise__product_type", "enterprise__sector")
    ):
        kind = (product_type or "").strip().lower() or str(Enterprise.Sector(sector).label).lower()
        businesses[person_id].append((kind, sector))
    offices: dict[int, set[str]] = defaultdict(set)
    for group_id, role in (
        OfficerTerm.objects.filter(group_id__in=ids, end_on__isnull=True, role__in=REQUIRED_OFFICES)
        .order_by()
        .values_list("group_id", "role")
    ):
        offices[group_id].add(role)
    quorum = dict(
        Bylaws.objects.filter(group_id__in=ids).order_by().values_list("group_id", "quorum_percent")
    )
    latest = (
        Meeting.objects.filter(group_id=OuterRef("group_id")).order_by("-held_on", "-id").values("id")[:1]
    )
    last_meetings = {
        row["group_id"]: row
        for row in Meeting.objects.filter(group_id__in=ids, id=Subquery(latest))
        .order_by()
        .annotate(
            total=Count("attendance"),
            present=Count("attendance", filter=Q(attendance__present=True)),
        )
        .values("group_id", "held_on", "total", "present")
    }
    area_names = _area_names(members, programmes, groups)

    result: dict[int, list[Warning]] = {}
    for group in groups:
        programme = programmes[group.programme_id]
        rows = members.get(group.pk, [])
        found = [
            _size(programme, rows),
            _mixed_business(rows, businesses),
            _scattered(programme, rows, area_names),
            _offices(offices.get(group.pk, set())),
            _quorum(quorum.get(group.pk), last_meetings.get(group.pk)),
        ]
        result[group.pk] = [w for w in found if w is not None]
    return result


def group_warnings(group: Group) -> list[Warning]:
    """The warnings for one group, each with its reasons (see ``warnings_for_groups``)."""
    return warnings_for_groups([group])[group.pk]


def _area_names(members, programmes, groups) -> dict[str, str]:
    codes = set()
    for group in groups:
        level = programmes[group.programme_id].residence_level
        codes |= {area_code(code, level) for _p, _n, code in members.get(group.pk, [])}
    return dict(Place.objects.filter(code__in=codes).order_by().values_list("code", "name"))


def _size(programme: Programme, rows) -> Warning | None:
    n = len(rows)
    if programme.group_size_min <= n <= programme.group_size_max:
        return None
    message = ngettext(
        "%(n)s active member; this programme expects %(min)s–%(max)s.",
        "%(n)s active members; this programme expects %(min)s–%(max)s.",
        n,
    ) % {"n": n, "min": programme.group_size_min, "max": programme.group_size_max}
    details = [
        _("Too small to share work and risk; recruit neighbours in the same business.")
        if n < programme.group_size_min
        else _("Too large for every member to take part in the monthly meeting; consider splitting.")
    ]
    return Warning("size", message, details)


def _mixed_business(rows, businesses) -> Warning | None:
    by_kind: dict[str, list[str]] = defaultdict(list)
    without = []
    for person_id, name, _code in rows:
        kinds = sorted({kind for kind, _sector in businesses.get(person_id, [])})
        if not kinds:
            without.append(name)
        for kind in kinds:
            by_kind[kind].append(name)
    if len(by_kind) <= 1:
        return None
    message = _(
        "Members run %(n)s different kinds of business. KUBE with mixed businesses tend to die: they end "
        "up doing only savings and loans instead of improving a shared production."
    ) % {"n": len(by_kind)}
    details = [
        _("%(kind)s: %(names)s") % {"kind": kind, "names": ", ".join(sorted(names))}
        for kind, names in sorted(by_kind.items(), key=lambda item: (-len(item[1]), item[0]))
    ]
    if without:
        details.append(_("No business recorded: %(names)s") % {"names": ", ".join(sorted(without))})
    return Warning("mixed_business", message, details)


def _scattered(programme: Programme, rows, area_names) -> Warning | None:
    level = programme.residence_level
    by_area: dict[str, list[str]] = defaultdict(list)
    for _pid, name, code in rows:
        by_area[area_code(code, level)].append(name)
    # A member known only down to the village is not evidence of living elsewhere if another member's
    # dusun lies in that village; merge such coarser areas into the finer ones before counting.
    distinct = [a for a in by_area if not any(b != a and b.startswith(a + ".") for b in by_area)]
    if len(distinct) <= 1:
        return None
    level_label = Programme.ResidenceLevel(level).label
    message = _(
        "Members live in %(n)s different areas at the %(level)s level; the programme expects neighbours."
    ) % {
        "n": len(distinct),
        "level": str(level_label).lower(),
    }
    details = []
    for code, names in sorted(by_area.items(), key=lambda item: (-len(item[1]), item[0])):
        details.append(
            ngettext(
                "%(area)s: %(n)s member (%(names)s)",
                "%(area)s: %(n)s members (%(names)s)",
                len(names),
            )
            % {"area": area_names.get(code, code), "n": len(names), "names": ", ".join(sorted(names))}
        )
    return Warning("scattered", message, details)


def _offices(held: set[str]) -> Warning | None:
    missing = [role for role in REQUIRED_OFFICES if role not in held]
    if not missing:
        return None
    labels = ", ".join(str(OfficerTerm.Role(role).label) for role in missing)
    message = _("No %(offices)s in office.") % {"offices": labels}
    details = [_("A group without a chair and a treasurer cannot run its meetings and books; appoint them.")]
    return Warning("offices", message, details)


def _quorum(quorum_percent, meeting) -> Warning | None:
    if not meeting or not meeting["total"] or quorum_percent is None:
        return None
    present, total = meeting["present"], meeting["total"]
    # Integer comparison avoids rounding: present/total < quorum/100 ⇔ 100·present < quorum·total.
    if 100 * present >= quorum_percent * total:
        return None
    message = _(
        "Only %(present)s of %(total)s members came to the last meeting (%(date)s); the quorum is %(quorum)s %%."
    ) % {
        "present": present,
        "total": total,
        "date": meeting["held_on"].isoformat(),
        "quorum": quorum_percent,
    }
    return Warning(
        "quorum", message, [_("Decisions taken at a meeting without quorum are not valid under the bylaws.")]
    )
