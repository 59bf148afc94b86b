"""Reads of the cluster map and the cooperation records: set-based, one query per table shown."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from berdaya.clusters.models import Sentra
from berdaya.core.lists import search

from . import layout
from .models import ActorLink, ClusterActor, Cooperation, CoopInput, CoopStep
from .services import scope_of, step_label

Status = CoopStep.Status


def actors(sentra: Sentra, *, q: str = "", role: str = "") -> QuerySet[ClusterActor]:
    qs = (
        ClusterActor.objects.filter(sentra=sentra)
        .select_related("enterprise", "agency")
        .annotate(
            links_out_count=Count("links_out", distinct=True),
            links_in_count=Count("links_in", distinct=True),
            cooperation_count=Count("participations", distinct=True),
        )
        .order_by("role", "name", "id")
    )
    if role:
        qs = qs.filter(role=role)
    return search(qs, q, ["name", "notes", "enterprise__name", "agency__name"]) if q else qs


def links(sentra: Sentra) -> QuerySet[ActorLink]:
    return (
        ActorLink.objects.filter(sentra=sentra)
        .select_related("source", "target")
        .order_by("source__name", "target__name", "kind", "id")
    )


def network(sentra: Sentra) -> layout.Drawing:
    """The map drawn by the pure layout: two queries, whatever the number of actors."""
    nodes = ClusterActor.objects.filter(sentra=sentra).values_list("pk", "role", "name")
    edges = ActorLink.objects.filter(sentra=sentra).values_list("pk", "source_id", "target_id", "kind")
    return layout.layout(list(nodes), list(edges))


def role_counts(sentra: Sentra) -> list[dict]:
    """Actors per role, in the map's role order, with the role's colour (the legend)."""
    counts = dict(
        ClusterActor.objects.filter(sentra=sentra)
        .values("role")
        .annotate(n=Count("id"))
        .values_list("role", "n")
    )
    return [
        {
            "role": r,
            "label": ClusterActor.Role(r).label,
            "colour": layout.COLOURS[r],
            "count": counts.get(r, 0),
        }
        for r in layout.ROLES
    ]


def _money() -> Subquery:
    return Subquery(
        CoopInput.objects.filter(cooperation=OuterRef("pk"), kind=CoopInput.Kind.MONEY)
        .values("cooperation")
        .annotate(s=Sum("amount"))
        .values("s"),
        output_field=IntegerField(),
    )


def cooperations(sentra: Sentra, *, q: str = "", scope: str = "", kind: str = "") -> QuerySet[Cooperation]:
    qs = (
        Cooperation.objects.filter(sentra=sentra)
        .annotate(
            money=Coalesce(_money(), Value(0)),
            steps_total=Count("steps", distinct=True),
            steps_done=Count("steps", filter=Q(steps__status=Status.DONE), distinct=True),
            steps_rejected=Count("steps", filter=Q(steps__status=Status.REJECTED), distinct=True),
        )
        .order_by("-started_on", "-id")
    )
    if scope:
        qs = qs.filter(scope=scope)
    if kind:
        qs = qs.filter(kind=kind)
    return search(qs, q, ["title", "description", "participants__actor__name"]).distinct() if q else qs


def state(*, total: int, done: int, rejected: int) -> tuple[str, str]:
    """(code, sentence) of a process from its step counts — the verdict shown on the list and the page."""
    if rejected:
        return "rejected", _("Ended: a step was rejected.")
    if total and done == total:
        return "done", _("All %(total)s steps done.") % {"total": total}
    if done:
        return "in_progress", _("%(done)s of %(total)s steps done.") % {"done": done, "total": total}
    if not total:
        return "no_steps", _("No process steps recorded.")
    return "not_started", _("Not started: no step done yet.")


def totals(sentra: Sentra) -> dict:
    """Records and money put in, per scope and per kind (one grouped query each)."""
    money = Sum("inputs__amount", filter=Q(inputs__kind=CoopInput.Kind.MONEY))
    base = Cooperation.objects.filter(sentra=sentra)
    by_kind = {
        row["kind"]: row
        for row in base.values("kind").annotate(count=Count("id", distinct=True), money=money).order_by()
    }
    by_scope = {
        row["scope"]: row
        for row in base.values("scope").annotate(count=Count("id", distinct=True), money=money).order_by()
    }
    kinds = [
        {
            "kind": k,
            "label": label,
            "scope": scope_of(k),
            "count": by_kind.get(k, {}).get("count", 0),
            "money": by_kind.get(k, {}).get("money") or 0,
        }
        for k, label in Cooperation.Kind.choices
    ]
    scopes = [
        {
            "scope": s,
            "label": label,
            "count": by_scope.get(s, {}).get("count", 0),
            "money": by_scope.get(s, {}).get("money") or 0,
            "kinds": [k for k in kinds if k["scope"] == s],
        }
        for s, label in Cooperation.Scope.choices
    ]
    return {
        "scopes": scopes,
        "count": sum(s["count"] for s in scopes),
        "money": sum(s["money"] for s in scopes),
    }


def detail(cooperation: Cooperation) -> dict:
    """Everything on the record's page, in the actor–input–process–output–impact order."""
    steps = list(cooperation.steps.order_by("order"))
    rejected_at = next((s.order for s in steps if s.status == Status.REJECTED), None)
    waiting_found = False
    for s in steps:
        s.label = step_label(s)
        s.unreached = rejected_at is not None and s.order > rejected_at
        # The next step to move: the first not final, while nothing was rejected.
        s.is_next = False
        if rejected_at is None and not waiting_found and s.status in (Status.PENDING, Status.IN_PROGRESS):
            s.is_next = waiting_found = True
    inputs = list(cooperation.inputs.order_by("kind", "id"))
    input_totals = (
        cooperation.inputs.values("kind").annotate(count=Count("id"), amount=Sum("amount")).order_by("kind")
    )
    labels = dict(CoopInput.Kind.choices)
    results = list(cooperation.results.order_by("kind", "id"))
    code, sentence = state(
        total=len(steps),
        done=sum(1 for s in steps if s.status == Status.DONE),
        rejected=sum(1 for s in steps if s.status == Status.REJECTED),
    )
    return {
        "participants": list(
            cooperation.participants.select_related("actor").order_by("role", "actor__name")
        ),
        "inputs": inputs,
        "input_totals": [{**row, "label": labels.get(row["kind"], row["kind"])} for row in input_totals],
        "money": sum(i.amount or 0 for i in inputs if i.kind == CoopInput.Kind.MONEY),
        "steps": steps,
        "outputs": [r for r in results if r.kind == "output"],
        "impacts": [r for r in results if r.kind == "impact"],
        "state": code,
        "state_sentence": sentence,
    }
