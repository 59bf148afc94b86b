"""Reads for innovation adoption: who is where, the curve, the network. One query each, folded in Python
by the pure ``layout`` module (a programme has dozens or hundreds of people, not millions)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from berdaya.accounts import access
from berdaya.core.lists import search
from berdaya.people.models import Person
from berdaya.places.models import subtree_q
from berdaya.programs.models import Programme, Site

from . import layout
from .models import AdoptionEvent, Innovation, Stage


def programme_people(programme: Programme) -> QuerySet[Person]:
    """People an innovation of ``programme`` can reach: members (past or present) of its groups and
    residents of its sites — seed 002's neighbours learned from members before they joined."""
    q = Q(memberships__group__programme=programme)
    for code in Site.objects.filter(programme=programme).values_list("place__code", flat=True):
        q |= subtree_q(code)
    return Person.objects.filter(pk__in=Person.objects.filter(q).values("pk"))


def innovations_for_list(user, *, q: str = "") -> QuerySet[Innovation]:
    qs = access.visible_fieldwork(
        user, Innovation.objects.select_related("programme", "introduced_by_agency")
    )
    if q:
        qs = search(
            qs, q, ["name", "description", "programme__name", "introduced_by", "introduced_by_agency__name"]
        )
    return qs.annotate(
        learned_count=Count("events", filter=Q(events__stage=Stage.LEARNED)),
        adopted_count=Count("events", filter=Q(events__stage=Stage.ADOPTED)),
        spreading_count=Count("events", filter=Q(events__stage=Stage.SPREADING)),
    ).order_by("-introduced_on", "-id")  # an aggregate drops Meta.ordering


@dataclass
class PersonStage:
    person_id: int
    name: str
    stage: str
    stage_label: str
    learned_on: dt.date | None
    adopted_on: dt.date | None
    spreading_on: dt.date | None
    teacher_id: int | None
    teacher_name: str
    direct: int = 0
    total: int = 0
    latest_event_id: int | None = None


def _events(innovation: Innovation) -> list[AdoptionEvent]:
    return list(
        AdoptionEvent.objects.filter(innovation=innovation)
        .select_related("person", "learned_from")
        .order_by("on_date", "id")
    )


def current_stages(innovation: Innovation, events: list[AdoptionEvent] | None = None) -> list[PersonStage]:
    """Each person's current stage, dates, teacher and reach, furthest stage first, then by name."""
    events = _events(innovation) if events is None else events
    rows: dict[int, PersonStage] = {}
    for e in events:
        row = rows.get(e.person_id)
        if row is None:
            row = rows[e.person_id] = PersonStage(
                e.person_id, e.person.full_name, e.stage, "", None, None, None, None, ""
            )
        setattr(row, f"{e.stage}_on", e.on_date)
        if layout.RANK[e.stage] >= layout.RANK[row.stage]:
            row.stage = e.stage
        row.latest_event_id = e.pk
        if e.stage == Stage.LEARNED and e.learned_from_id:
            row.teacher_id, row.teacher_name = e.learned_from_id, e.learned_from.full_name
    reach = layout.reach({p: r.teacher_id for p, r in rows.items()})
    for p, row in rows.items():
        row.stage_label = str(Stage(row.stage).label)
        if p in reach:
            row.direct, row.total = reach[p].direct, reach[p].total
    return sorted(rows.values(), key=lambda r: (-layout.RANK[r.stage], r.name.lower(), r.person_id))


def curve(innovation: Innovation, events: list[AdoptionEvent] | None = None) -> list[layout.CurvePoint]:
    events = _events(innovation) if events is None else events
    return layout.curve((e.person_id, e.stage, e.on_date) for e in events)


def network(innovation: Innovation, stages: list[PersonStage]) -> layout.Drawing:
    return layout.layout({r.person_id: (r.stage, r.teacher_id, r.learned_on or dt.date.max) for r in stages})


def spreaders(stages: list[PersonStage], limit: int = 10) -> list[PersonStage]:
    """Who passed it on to the most people, directly and down the chain (ties: more direct, then name)."""
    return sorted(
        (r for r in stages if r.total), key=lambda r: (-r.total, -r.direct, r.name.lower(), r.person_id)
    )[:limit]


def summary(innovation: Innovation) -> dict:
    """Everything the detail page and the API show: stages, curve, network, spreaders."""
    events = _events(innovation)
    stages = current_stages(innovation, events)
    points = curve(innovation, events)
    drawing = network(innovation, stages)
    names = {r.person_id: r.name for r in stages}
    return {
        "stages": stages,
        "curve": points,
        "chart": layout.chart(points) if points else None,
        "network": drawing,
        "names": names,
        "spreaders": spreaders(stages),
        "counts": {
            s: sum(1 for r in stages if layout.RANK[r.stage] >= layout.RANK[s]) for s in layout.STAGES
        },
        "events": events,
    }
