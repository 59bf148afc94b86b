"""Reads of PRA sessions: scoping, the list, rankings with their chart, and reasons in words.

Each figure is one aggregate query over the session (never one query per participant or problem).
"""

from __future__ import annotations

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from berdaya.accounts import access
from berdaya.core.lists import search

from . import ranking
from .models import DotVote, PairwiseChoice, Participant, PraSession, Problem, SuggestedGroup, SuggestedMember

PATH = "site__programme"


def visible_sessions(user):
    return access.visible_fieldwork(user, PraSession.objects.all(), PATH)


def session_for(user, pk, *, write: bool = False) -> PraSession:
    """One session (404 out of scope, 403 when the user may only read)."""
    qs = PraSession.objects.select_related("site__programme", "site__place", "facilitator")
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


def sessions_for_list(user, *, q: str = "", programme_id: str = "", site_id: str = ""):
    qs = visible_sessions(user).select_related("site__programme", "site__place", "facilitator")
    if programme_id:
        qs = qs.filter(site__programme_id=programme_id) if str(programme_id).isdigit() else qs.none()
    if site_id:
        qs = qs.filter(site_id=site_id) if str(site_id).isdigit() else qs.none()
    if q:
        qs = search(
            qs, q, ["title", "notes", "site__place__name", "site__programme__name", "facilitator__full_name"]
        )
    return qs.annotate(
        n_participants=Count("participants", distinct=True), n_problems=Count("problems", distinct=True)
    ).order_by("-held_on", "-id")


def may_write(user, session: PraSession) -> bool:
    return access.fieldwork_programmes(user, write=True).filter(pk=session.site.programme_id).exists()


# --- rankings ---------------------------------------------------------------------------------------


def dot_ranking(session: PraSession) -> list[ranking.Row]:
    problems = list(Problem.objects.filter(session=session).values_list("pk", "title"))
    totals = (
        DotVote.objects.filter(problem__session=session)
        .values("problem_id")
        .annotate(dots=Sum("dots"), voters=Count("participant", distinct=True))
    )
    scores = {r["problem_id"]: r["dots"] for r in totals}
    voters = {r["problem_id"]: r["voters"] for r in totals}
    return ranking.rank(problems, scores, voters)


def pairwise_ranking(session: PraSession) -> list[ranking.Row]:
    problems = list(Problem.objects.filter(session=session).values_list("pk", "title"))
    choices = list(
        PairwiseChoice.objects.filter(session=session).values_list(
            "problem_a_id", "problem_b_id", "preferred_id"
        )
    )
    return ranking.rank_pairwise(problems, choices) if choices else []


def tie_note(row: ranking.Row, *, pairwise: bool = False) -> str:
    """Why a problem shares its rank, in words."""
    if not row.tied_with:
        return ""
    values = {"others": ", ".join(row.tied_with), "score": row.score, "rank": row.rank}
    if pairwise:
        values["duels"] = "; ".join(
            _("head to head with %(other)s: %(wins)s–%(losses)s")
            % {"other": other, "wins": w, "losses": lost}
            for other, w, lost in row.head_to_head
        )
        return (
            ngettext(
                "Tied with %(others)s on %(score)s win; they share rank %(rank)s (%(duels)s).",
                "Tied with %(others)s on %(score)s wins; they share rank %(rank)s (%(duels)s).",
                row.score,
            )
            % values
        )
    return (
        ngettext(
            "Tied with %(others)s on %(score)s dot; they share rank %(rank)s.",
            "Tied with %(others)s on %(score)s dots; they share rank %(rank)s.",
            row.score,
        )
        % values
    )


def chart(rows: list[ranking.Row], unit: str) -> dict:
    """Geometry of a horizontal bar chart drawn as inline SVG (viewBox units; it scales to the width).

    Each bar sits under its label so long Indonesian problem names never collide with the bars at 360 px.
    Numbers are written out here as plain strings: the page's locale would put a decimal comma in them
    (Indonesian), which SVG does not read.
    """
    width, bar, step, top = 300, 14, 42, 4
    best = max((r.score for r in rows), default=0) or 1
    bars = []
    for i, r in enumerate(rows):
        y = top + i * step
        w = r.score / best * (width - 50) if r.score else 0
        bars.append(
            {
                "label": f"{r.rank}. {r.name}",
                "score": r.score,
                "label_y": str(y + 13),
                "bar_y": str(y + 18),
                "bar_w": f"{w:.1f}",
                "value_x": f"{w + 5:.1f}",
                "value_y": str(y + 30),
                "tied": bool(r.tied_with),
            }
        )
    return {
        "bars": bars,
        "width": str(width),
        "height": str(top + len(rows) * step + 4),
        "bar": str(bar),
        "unit": unit,
    }


def ballots(session: PraSession) -> tuple[list[Participant], list[Problem], dict[tuple[int, int], int]]:
    """The voting grid: participants, problems and the dots cast (participant id, problem id) → dots."""
    participants = list(session.participants.select_related("person").order_by("person__full_name", "pk"))
    problems = list(Problem.objects.filter(session=session).order_by("pk"))
    cast = {
        (pid, prob): dots
        for pid, prob, dots in DotVote.objects.filter(problem__session=session).values_list(
            "participant_id", "problem_id", "dots"
        )
    }
    return participants, problems, cast


# --- suggestions ------------------------------------------------------------------------------------


def reason_text(reason: dict) -> str:
    """One stored reason (``suggest.Reason.as_dict()``) in the reader's language."""
    code, p = reason.get("code"), reason.get("params") or {}
    try:
        if code == "business":
            return (
                ngettext(
                    "%(count)s person chose %(business)s.", "All %(count)s chose %(business)s.", p["count"]
                )
                % p
            )
        if code == "business_from_skill":
            return (
                ngettext(
                    "%(count)s named no business; their skill %(business)s was used.",
                    "%(count)s named no business; their skill %(business)s was used.",
                    p["count"],
                )
                % p
            )
        if code == "split":
            return (
                _(
                    "%(count)s people chose %(business)s, more than %(max)s per group: split into %(groups)s groups by "
                    "where they live."
                )
                % p
            )
        if code == "same_area":
            return _("All live in %(area)s.") % p
        if code == "near":
            return (
                ngettext(
                    "All live in %(area)s (%(areas)s).",
                    "All live in %(area)s, across %(count)s areas: %(areas)s.",
                    p["count"],
                )
                % p
            )
        if code == "scattered":
            return _("They live apart (%(areas)s); check they can meet easily.") % p
        if code == "skills":
            return _("Skills in the group: %(skills)s.") % p
        if code == "size":
            return _("%(count)s members, within the programme's limits of %(min)s to %(max)s.") % p
        if code == "manual":
            return _("Added by the facilitator.")
        if code == "too_few":
            return (
                ngettext(
                    "Only %(count)s person chose %(business)s; a group needs at least %(min)s.",
                    "Only %(count)s people chose %(business)s; a group needs at least %(min)s.",
                    p["count"],
                )
                % p
            )
        if code == "groups_full":
            return (
                _(
                    "%(count)s people chose %(business)s: %(groups)s full groups of %(max)s; the rest are fewer than "
                    "the %(min)s a further group needs."
                )
                % p
            )
        if code == "no_business":
            return _("No business interest or skill recorded; add one to place this person.")
        if code == "removed":
            return _("Taken out of the suggestions by the facilitator.")
    except (KeyError, TypeError, ValueError):
        pass
    return str(code or "")


def suggestions(session: PraSession) -> tuple[list[SuggestedGroup], list[Participant]]:
    """The suggestions with members (and each member's business), and the unplaced participants with reasons."""
    programme = session.site.programme
    groups = list(
        SuggestedGroup.objects.filter(session=session)
        .select_related("created_group")
        .annotate(n=Count("members"))
        .order_by("order", "pk")
    )
    members: dict[int, list] = {}
    placed: set[int] = set()
    for m in SuggestedMember.objects.filter(suggestion__session=session).select_related(
        "participant__person__place"
    ):
        members.setdefault(m.suggestion_id, []).append(m.participant)
        placed.add(m.participant_id)
    for g in groups:
        g.member_list = sorted(members.get(g.pk, []), key=lambda p: p.person.full_name)
        g.reason_texts = [reason_text(r) for r in g.reasons]
        g.size_ok = programme.group_size_min <= g.n <= programme.group_size_max
        interests = {(p.business_interest or "").strip().casefold() for p in g.member_list} - {""}
        g.mixed = len(interests | {g.business.strip().casefold()}) > 1 if interests else False
    unplaced = list(
        session.participants.exclude(pk__in=placed).select_related("person").order_by("person__full_name")
    )
    # Read fresh: the services update a locked copy of the session, not the caller's instance.
    reasons = PraSession.objects.filter(pk=session.pk).values_list("unplaced", flat=True).first() or {}
    for p in unplaced:
        stored = reasons.get(str(p.pk))
        p.unplaced_reason = (
            reason_text(stored) if stored else _("Not yet considered: run the suggestion again.")
        )
    return groups, unplaced


def participants_with_votes(session: PraSession):
    return (
        session.participants.select_related("person__place")
        .annotate(dots=Sum("votes__dots"))
        .order_by("person__full_name", "pk")
    )
