"""Reads of mentoring that are more than a filter: lists, a month's figures, coverage, intensity, follow-ups.

Every function here is set-based (annotate / aggregate / values), never a query per row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from berdaya.accounts import access
from berdaya.core.lists import search
from berdaya.fieldwork.plans.models import CalendarItem
from berdaya.groups.models import Assignment, Group
from berdaya.programs.models import Programme, StaffMember

from .models import AgreedAction, MonthlyReport, Technique, Visit
from .services import first_of_month, month_end

DEFAULT_DAYS = 30
SOON_DAYS = 7
VISIT_SEARCH = [
    "group__name",
    "person__full_name",
    "mentor__full_name",
    "productive_topics",
    "welfare_topics",
    "issues",
]


def day_count(raw: str | None, default: int, upper: int = 3650) -> int:
    """A number of days from a query parameter (coverage's N, follow-ups' window); anything else is the default.

    The pages and the API read their parameters through this one rule.
    """
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and int(raw) <= upper else default


def parse_month(raw: str | None) -> dt.date | None:
    """``"2025-09"`` (or any ISO date in the month) → the first of that month; anything else → None."""
    raw = (raw or "").strip()
    try:
        if len(raw) == 7:
            return dt.date.fromisoformat(raw + "-01")
        return first_of_month(dt.date.fromisoformat(raw)) if raw else None
    except ValueError:
        return None


def visible_visits(user) -> QuerySet[Visit]:
    return access.visible_fieldwork(user, Visit.objects.all(), "programme")


def visits_for_list(
    user, *, q: str = "", mentor_id=None, group_id=None, month: dt.date | None = None, programme_id=None
) -> QuerySet[Visit]:
    qs = visible_visits(user).select_related("programme", "mentor", "group", "person")
    qs = qs.annotate(
        open_actions=Count("actions", filter=Q(actions__done_on__isnull=True)),
        all_actions=Count("actions"),
    )
    if q:
        qs = search(qs, q, VISIT_SEARCH)
    if str(mentor_id or "").isdigit():
        qs = qs.filter(mentor_id=mentor_id)
    if str(group_id or "").isdigit():
        qs = qs.filter(group_id=group_id)
    if str(programme_id or "").isdigit():
        qs = qs.filter(programme_id=programme_id)
    if month:
        qs = qs.filter(visited_on__gte=month, visited_on__lte=month_end(month))
    return qs.order_by("-visited_on", "-id")


def visible_reports(user) -> QuerySet[MonthlyReport]:
    return access.visible_fieldwork(user, MonthlyReport.objects.all(), "programme")


def reports_for_list(user, *, q: str = "", status: str = "", mentor_id=None) -> QuerySet[MonthlyReport]:
    qs = visible_reports(user).select_related("mentor", "programme")
    if q:
        qs = search(qs, q, ["mentor__full_name", "programme__name", "summary"])
    if status in MonthlyReport.Status.values:
        qs = qs.filter(status=status)
    if str(mentor_id or "").isdigit():
        qs = qs.filter(mentor_id=mentor_id)
    return qs.order_by("-month", "mentor__full_name", "id")


def mentors_in_scope(user, *, write: bool = False) -> QuerySet[StaffMember]:
    """Mentors and facilitators working in the programmes whose fieldwork the user reads (or records)."""
    programmes = access.fieldwork_programmes(user, write=write)
    assigned = Assignment.objects.filter(group__programme__in=programmes, end_on__isnull=True)
    qs = StaffMember.objects.filter(Q(programmes__in=programmes) | Q(pk__in=assigned.values("staff_id")))
    return StaffMember.objects.filter(pk__in=qs.values("pk"), active=True).order_by("full_name")


# --- a month's figures (the monthly report's draft) ------------------------------------------------


def month_figures(*, mentor: StaffMember, programme: Programme, month: dt.date) -> dict:
    """What the mentor did in ``month`` in ``programme``: JSON-safe, stored on the report as drafted.

    Counts per technique, groups and persons reached, topics (productive business / social welfare),
    issues, actions agreed (done, open), next visits planned, the mentor's assigned groups not visited,
    and warnings with their reasons (seed 004: mentoring that only talks about the stimulant fund and
    never about social welfare; groups left without a visit).
    """
    month = first_of_month(month)
    end = month_end(month)
    visits = list(
        Visit.objects.filter(mentor=mentor, programme=programme, visited_on__gte=month, visited_on__lte=end)
        .select_related("group", "person")
        .prefetch_related("actions")
        .order_by("visited_on", "id")
    )
    by_technique = dict.fromkeys(Technique.values, 0)
    groups: dict[int, str] = {}
    persons: dict[int, str] = {}
    productive, welfare, issues, done, open_, nexts = [], [], [], [], [], []
    minutes = 0
    for v in visits:
        by_technique[v.technique] += 1
        minutes += v.duration_minutes or 0
        if v.group_id:
            groups[v.group_id] = v.group.name
        if v.person_id:
            persons[v.person_id] = v.person.full_name
        where = {"date": v.visited_on.isoformat(), "visited": v.visited_name}
        if v.productive_topics:
            productive.append({**where, "text": v.productive_topics})
        if v.welfare_topics:
            welfare.append({**where, "text": v.welfare_topics})
        if v.issues:
            issues.append({**where, "text": v.issues})
        if v.next_visit_on:
            nexts.append({"visited": v.visited_name, "date": v.next_visit_on.isoformat()})
        for a in v.actions.all():
            row = {
                "text": a.text,
                "owner": a.owner or "-",
                "due": a.due_on.isoformat() if a.due_on else "-",
                "date": a.done_on.isoformat() if a.done_on else "",
                "visited": v.visited_name,
            }
            (done if a.done_on and a.done_on <= end else open_).append(row)
    assigned = dict(
        Assignment.objects.filter(staff=mentor, group__programme=programme, end_on__isnull=True)
        .values_list("group_id", "group__name")
        .order_by("group__name")
    )
    not_visited = [name for gid, name in assigned.items() if gid not in groups]
    warnings = []
    if visits and len(welfare) * 2 < len(visits):
        warnings.append(
            {
                "code": "welfare_neglected",
                "message": _(
                    "Social welfare (UKS) topics came up in only %(welfare)s of %(visits)s visits: mentoring "
                    "should cover social welfare as well as productive business."
                )
                % {"welfare": len(welfare), "visits": len(visits)},
            }
        )
    if not_visited:
        warnings.append(
            {
                "code": "not_visited",
                "message": ngettext(
                    "%(count)s assigned group was not visited this month: %(names)s.",
                    "%(count)s assigned groups were not visited this month: %(names)s.",
                    len(not_visited),
                )
                % {"count": len(not_visited), "names": ", ".join(not_visited)},
            }
        )
    if not visits:
        warnings.append({"code": "no_visits", "message": _("No visit was recorded this month.")})
    return {
        "month": month.isoformat(),
        "visits": len(visits),
        "by_technique": by_technique,
        "hours": round(minutes / 60, 1),
        "groups": sorted(groups.values()),
        "persons": sorted(persons.values()),
        "productive_topics": productive,
        "welfare_topics": welfare,
        "issues": issues,
        "actions_done": done,
        "actions_open": open_,
        "next_visits": nexts,
        "assigned_groups": list(assigned.values()),
        "assigned_not_visited": not_visited,
        "warnings": warnings,
    }


# --- coverage ---------------------------------------------------------------------------------------


@dataclass
class CoverageRow:
    group: Group
    last_visit: dt.date | None
    days_since: int | None
    mentors: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        if self.last_visit is None:
            return _("Never visited by a mentor.")
        return ngettext(
            "Last visited on %(date)s, %(days)s day ago.",
            "Last visited on %(date)s, %(days)s days ago.",
            self.days_since,
        ) % {"date": self.last_visit.isoformat(), "days": self.days_since}


def coverage(
    user,
    *,
    days: int = DEFAULT_DAYS,
    programme_id=None,
    mentor_id=None,
    today: dt.date | None = None,
) -> list[CoverageRow]:
    """Active groups in scope not visited for more than ``days`` days (or never), oldest first.

    ``mentor_id`` narrows to the groups that mentor is assigned to (open ``groups.Assignment``). The last
    visit date is one annotation (MAX over the group's visits), so this is one query for the groups
    and one for their mentors' names, whatever the number of groups.
    """
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=days)
    programmes = access.fieldwork_programmes(user)
    qs = Group.objects.filter(programme__in=programmes, status=Group.Status.ACTIVE)
    if str(programme_id or "").isdigit():
        qs = qs.filter(programme_id=programme_id)
    if str(mentor_id or "").isdigit():
        qs = qs.filter(
            pk__in=Assignment.objects.filter(staff_id=mentor_id, end_on__isnull=True).values("group_id")
        )
    last = Visit.objects.filter(group=OuterRef("pk")).order_by().values("group").annotate(m=Max("visited_on"))
    qs = (
        qs.annotate(last_visit=Subquery(last.values("m")[:1]))
        .filter(Q(last_visit__isnull=True) | Q(last_visit__lt=cutoff))
        .select_related("programme", "place")
        .order_by(F("last_visit").asc(nulls_first=True), "name")
    )
    groups = list(qs)
    names: dict[int, list[str]] = {}
    for gid, name in (
        Assignment.objects.filter(group__in=[g.pk for g in groups], end_on__isnull=True, staff__kind="mentor")
        .values_list("group_id", "staff__full_name")
        .order_by("staff__full_name")
    ):
        names.setdefault(gid, []).append(name)
    return [
        CoverageRow(
            group=g,
            last_visit=g.last_visit,
            days_since=(today - g.last_visit).days if g.last_visit else None,
            mentors=names.get(g.pk, []),
        )
        for g in groups
    ]


# --- intensity --------------------------------------------------------------------------------------


def intensity(
    user, *, programme_id=None, mentor_id=None, since: dt.date | None = None, until: dt.date | None = None
) -> list[dict]:
    """Visits, groups, persons and hours per mentor per month, newest month first (one GROUP BY)."""
    qs = visible_visits(user)
    if str(programme_id or "").isdigit():
        qs = qs.filter(programme_id=programme_id)
    if str(mentor_id or "").isdigit():
        qs = qs.filter(mentor_id=mentor_id)
    if since:
        qs = qs.filter(visited_on__gte=since)
    if until:
        qs = qs.filter(visited_on__lte=until)
    rows = (
        qs.annotate(month=TruncMonth("visited_on"))
        .values("mentor_id", "mentor__full_name", "month")
        .annotate(
            visits=Count("id"),
            groups=Count("group", distinct=True),
            persons=Count("person", distinct=True),
            minutes=Sum("duration_minutes"),
            discussion=Count("id", filter=Q(technique=Technique.DISCUSSION)),
            lecture=Count("id", filter=Q(technique=Technique.LECTURE)),
            home_visit=Count("id", filter=Q(technique=Technique.HOME_VISIT)),
            with_welfare=Count("id", filter=~Q(welfare_topics="")),
        )
        .order_by("-month", "mentor__full_name")
    )
    out = []
    for r in rows:
        month = r["month"]
        if isinstance(month, dt.datetime):  # some backends truncate a date to a datetime
            month = month.date()
        out.append(
            {
                "mentor_id": r["mentor_id"],
                "mentor_name": r["mentor__full_name"],
                "month": month,
                "visits": r["visits"],
                "groups": r["groups"],
                "persons": r["persons"],
                "hours": round((r["minutes"] or 0) / 60, 1),
                "discussion": r["discussion"],
                "lecture": r["lecture"],
                "home_visit": r["home_visit"],
                "with_welfare": r["with_welfare"],
            }
        )
    return out


# --- follow-ups -------------------------------------------------------------------------------------


@dataclass
class FollowUp:
    kind: str  # "action" (agreed on a visit) or "calendar" (a business plan's activity calendar)
    pk: int
    text: str
    owner: str
    due_on: dt.date | None
    where: str
    programme_id: int
    source_url_args: tuple
    overdue: bool
    days: int | None  # days late (overdue) or days left

    @property
    def reason(self) -> str:
        if self.due_on is None:
            return _("No due date was agreed.")
        if self.overdue:
            return ngettext(
                "Due on %(date)s, %(days)s day late.", "Due on %(date)s, %(days)s days late.", self.days
            ) % {"date": self.due_on.isoformat(), "days": self.days}
        return ngettext(
            "Due on %(date)s, in %(days)s day.", "Due on %(date)s, in %(days)s days.", self.days
        ) % {"date": self.due_on.isoformat(), "days": self.days}


def follow_ups(
    user,
    *,
    soon: int = SOON_DAYS,
    today: dt.date | None = None,
    programme_id=None,
    include_undated: bool = False,
) -> list[FollowUp]:
    """Open agreed actions and open business-plan calendar items, overdue or due within ``soon`` days."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=soon)
    due_q = Q(due_on__lte=horizon)
    if include_undated:
        due_q |= Q(due_on__isnull=True)
    actions = (
        AgreedAction.objects.filter(access.fieldwork_q(user, "visit__programme"), done_on__isnull=True)
        .filter(due_q)
        .select_related("visit__group", "visit__person", "visit__mentor")
    )
    if str(programme_id or "").isdigit():
        actions = actions.filter(visit__programme_id=programme_id)
    out = []
    for a in actions:
        days = (today - a.due_on).days if a.due_on else None
        out.append(
            FollowUp(
                kind="action",
                pk=a.pk,
                text=a.text,
                owner=a.owner,
                due_on=a.due_on,
                where=f"{a.visit.visited_name} · {a.visit.mentor.full_name}",
                programme_id=a.visit.programme_id,
                source_url_args=("mentoring:visit_detail", a.visit_id),
                overdue=bool(a.due_on and a.due_on < today),
                days=abs(days) if days is not None else None,
            )
        )
    # Open items of the groups' business-plan activity calendars (berdaya.fieldwork.plans).
    items = (
        CalendarItem.objects.filter(access.fieldwork_q(user, "plan__group__programme"), done_on__isnull=True)
        .filter(due_q)
        .select_related("plan__group")
    )
    if str(programme_id or "").isdigit():
        items = items.filter(plan__group__programme_id=programme_id)
    for item in items:
        days = (today - item.due_on).days if item.due_on else None
        out.append(
            FollowUp(
                kind="calendar",
                pk=item.pk,
                text=item.activity,
                owner=item.owner or "",
                due_on=item.due_on,
                where=_("Business plan of %(group)s") % {"group": item.plan.group.name},
                programme_id=item.plan.group.programme_id,
                source_url_args=("plans:plan_detail", item.plan_id),
                overdue=bool(item.due_on and item.due_on < today),
                days=abs(days) if days is not None else None,
            )
        )
    far = dt.date.max
    out.sort(key=lambda f: (f.due_on or far, f.kind, f.pk))
    return out
