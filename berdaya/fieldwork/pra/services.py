"""Every write of a PRA session: the session, participants, problems and votes, potentials, needs, and
the suggested groups up to the real groups made from them.

Views, the API, the demo loader and the ODK ingestion (``cast_dot_votes``) all call these functions.
Each is atomic, audit-logged inside its transaction, and refuses a change that breaks a rule with a
translated ``ServiceError`` before anything is saved. Access is checked by the callers (they fetch the
session through ``berdaya.accounts.access``); services only check the session's own rules.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from berdaya.audit.log import record, snapshot
from berdaya.core.errors import ServiceError, check_fields
from berdaya.groups import services as groups
from berdaya.groups.models import Group
from berdaya.groups.services import local_today
from berdaya.people.models import Person
from berdaya.places.models import Place
from berdaya.programs.models import Site, StaffMember

from . import suggest as pure
from .models import (
    DotVote,
    Need,
    PairwiseChoice,
    Participant,
    Potential,
    PraSession,
    Problem,
    SuggestedGroup,
    SuggestedMember,
)

SESSION_FIELDS = ("title", "held_on", "facilitator", "notes", "dots_per_participant")
PARTICIPANT_FIELDS = ("skills", "business_interest", "notes")
MAX_DOTS = 50


def _text(value, field: str, what: str, max_length: int, required: bool = True) -> str:
    value = " ".join(str(value or "").split()) if field != "notes" else str(value or "").strip()
    if required and not value:
        msg = _("Give the %(what)s.") % {"what": what}
        raise ServiceError(msg, field_errors={field: _("This field is required.")})
    if len(value) > max_length:
        msg = _("The %(what)s is too long (at most %(max)s characters).") % {"what": what, "max": max_length}
        raise ServiceError(msg, field_errors={field: msg})
    return value


def _lock(session: PraSession) -> PraSession:
    # Votes, participants and suggestions are read then written: one writer per session at a time.
    return (
        PraSession.objects.select_for_update()
        .select_related("site__programme", "site__place")
        .get(pk=session.pk)
    )


def _in_site(site: Site, person: Person) -> None:
    code, root = person.place.code, site.place.code
    if code != root and not code.startswith(root + "."):
        msg = _("%(person)s lives in %(place)s, outside the site %(site)s.") % {
            "person": person.full_name,
            "place": person.place.name,
            "site": site.place.name,
        }
        raise ServiceError(msg, field_errors={"person": msg}, code="outside_site")


# --- sessions ---------------------------------------------------------------------------------------


def _check_session(site: Site, values: dict) -> dict:
    if "title" in values:
        values["title"] = _text(values["title"], "title", _("title"), 150)
    if "held_on" in values:
        if values["held_on"] is None:
            raise ServiceError(
                _("Give the date of the session."), field_errors={"held_on": _("This field is required.")}
            )
        if values["held_on"] > local_today(site.place):
            msg = _("A PRA session cannot be dated in the future.")
            raise ServiceError(msg, field_errors={"held_on": msg})
    if "dots_per_participant" in values:
        dots = values["dots_per_participant"]
        if not isinstance(dots, int) or isinstance(dots, bool) or not 1 <= dots <= MAX_DOTS:
            msg = _("Dots per participant must be a whole number from 1 to %(max)s.") % {"max": MAX_DOTS}
            raise ServiceError(msg, field_errors={"dots_per_participant": msg})
    facilitator = values.get("facilitator")
    if facilitator is not None and not isinstance(facilitator, StaffMember):
        raise TypeError("facilitator must be a StaffMember")
    if facilitator is not None and not facilitator.programmes.filter(pk=site.programme_id).exists():
        msg = _("%(staff)s does not work in the programme %(programme)s.") % {
            "staff": facilitator.full_name,
            "programme": site.programme.name,
        }
        raise ServiceError(msg, field_errors={"facilitator": msg})
    if "notes" in values:
        values["notes"] = str(values["notes"] or "").strip()
    return values


@transaction.atomic
def create_session(
    *,
    site: Site,
    title: str,
    held_on: dt.date,
    facilitator: StaffMember | None = None,
    notes: str = "",
    dots_per_participant: int = 3,
    idempotency_key: str | None = None,
    acting_user,
) -> PraSession:
    """Open a PRA session at a programme site. A repeated ``idempotency_key`` returns the first session."""
    if idempotency_key:
        existing = PraSession.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            if existing.site_id != site.pk:
                raise ServiceError(
                    _("This idempotency key was already used for another site."), code="key_reused"
                )
            return existing
    values = _check_session(
        site,
        {
            "title": title,
            "held_on": held_on,
            "facilitator": facilitator,
            "notes": notes,
            "dots_per_participant": dots_per_participant,
        },
    )
    session = PraSession.objects.create(
        site=site,
        idempotency_key=idempotency_key or None,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
        **values,
    )
    record(actor=acting_user, action="create", obj=session)
    return session


@transaction.atomic
def update_session(*, session: PraSession, acting_user, **changes) -> PraSession:
    """Change a session's title, date, facilitator, notes or dots per participant.

    Lowering the dots below what someone already cast is refused: their votes would become invalid.
    """
    check_fields(changes, SESSION_FIELDS)
    session = _lock(session)
    before = snapshot(session)
    changes = _check_session(session.site, dict(changes))
    if "dots_per_participant" in changes:
        used = max((p.used for p in _dots_used(session)), default=0)
        if used > changes["dots_per_participant"]:
            msg = _("A participant already cast %(used)s dots; the limit cannot go below that.") % {
                "used": used
            }
            raise ServiceError(msg, field_errors={"dots_per_participant": msg})
    for field, value in changes.items():
        setattr(session, field, value)
    session.save()
    record(actor=acting_user, action="update", obj=session, before=before)
    return session


@transaction.atomic
def delete_session(*, session: PraSession, acting_user) -> None:
    """Delete a session and everything recorded in it; refused once it produced real groups."""
    session = _lock(session)
    made = list(
        session.suggestions.filter(created_group__isnull=False).values_list("created_group__name", flat=True)
    )
    if made:
        raise ServiceError(
            _("Groups were formed from this session (%(groups)s); it is their record and cannot be deleted.")
            % {"groups": ", ".join(made)},
            code="has_groups",
        )
    record(actor=acting_user, action="delete", obj=session, before=snapshot(session), after={})
    session.delete()


# --- participants -----------------------------------------------------------------------------------


def _clean_participant(values: dict) -> dict:
    if "skills" in values:
        skills = [" ".join(s.split()) for s in str(values["skills"] or "").split(",")]
        values["skills"] = _text(
            ", ".join(s for s in skills if s), "skills", _("skills"), 250, required=False
        )
    if "business_interest" in values:
        values["business_interest"] = _text(
            values["business_interest"], "business_interest", _("business interest"), 100, required=False
        )
    if "notes" in values:
        values["notes"] = _text(values["notes"], "notes", _("notes"), 250, required=False)
    return values


def _add_participant(session: PraSession, person: Person, acting_user, **fields) -> Participant:
    _in_site(session.site, person)
    if Participant.objects.filter(session=session, person=person).exists():
        msg = _("%(person)s already takes part in this session.") % {"person": person.full_name}
        raise ServiceError(msg, field_errors={"person": msg}, code="duplicate")
    participant = Participant.objects.create(session=session, person=person, **_clean_participant(fields))
    record(actor=acting_user, action="create", obj=participant)
    return participant


@transaction.atomic
def add_participant(
    *,
    session: PraSession,
    person: Person,
    skills: str = "",
    business_interest: str = "",
    notes: str = "",
    acting_user,
) -> Participant:
    """Add a person living in the site's area as a participant (once per session)."""
    session = _lock(session)
    return _add_participant(
        session, person, acting_user, skills=skills, business_interest=business_interest, notes=notes
    )


@transaction.atomic
def add_new_participant(
    *,
    session: PraSession,
    acting_user,
    full_name: str,
    sex: str,
    place: Place,
    skills: str = "",
    business_interest: str = "",
    notes: str = "",
    **person_fields,
) -> Participant:
    """Register a person met at the workshop and add them, in one transaction (both or neither)."""
    from berdaya.people.services import create_person

    session = _lock(session)
    root = session.site.place.code
    if place.code != root and not place.code.startswith(root + "."):
        msg = _("%(place)s is outside the site %(site)s.") % {
            "place": place.name,
            "site": session.site.place.name,
        }
        raise ServiceError(msg, field_errors={"place": msg}, code="outside_site")
    person = create_person(
        acting_user=acting_user, full_name=full_name, sex=sex, place=place, **person_fields
    )
    return _add_participant(
        session, person, acting_user, skills=skills, business_interest=business_interest, notes=notes
    )


@transaction.atomic
def update_participant(*, participant: Participant, acting_user, **changes) -> Participant:
    check_fields(changes, PARTICIPANT_FIELDS)
    participant = (
        Participant.objects.select_for_update()
        .select_related("person", "session__site")
        .get(pk=participant.pk)
    )
    before = snapshot(participant)
    for field, value in _clean_participant(dict(changes)).items():
        setattr(participant, field, value)
    participant.save()
    record(actor=acting_user, action="update", obj=participant, before=before)
    return participant


@transaction.atomic
def remove_participant(*, participant: Participant, acting_user) -> None:
    """Remove a participant with their votes and their place in a suggestion (not from a real group)."""
    participant = Participant.objects.select_related("person", "session__site__programme").get(
        pk=participant.pk
    )
    _lock(participant.session)
    made = SuggestedMember.objects.filter(
        participant=participant, suggestion__created_group__isnull=False
    ).first()
    if made is not None:
        msg = _(
            "%(person)s is already a member of a group formed from this session; end that membership instead."
        ) % {"person": participant.person.full_name}
        raise ServiceError(msg, code="in_group")
    record(actor=acting_user, action="delete", obj=participant, before=snapshot(participant), after={})
    participant.delete()


# --- problems and votes -----------------------------------------------------------------------------


def _check_problem_title(session: PraSession, title: str, exclude_pk=None) -> str:
    title = _text(title, "title", _("problem"), 150)
    taken = Problem.objects.filter(session=session, title__iexact=title)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        msg = _("This session already lists the problem %(title)s.") % {"title": title}
        raise ServiceError(msg, field_errors={"title": msg}, code="duplicate")
    return title


@transaction.atomic
def add_problem(*, session: PraSession, title: str, description: str = "", acting_user) -> Problem:
    session = _lock(session)
    problem = Problem.objects.create(
        session=session, title=_check_problem_title(session, title), description=(description or "").strip()
    )
    record(actor=acting_user, action="create", obj=problem)
    return problem


@transaction.atomic
def update_problem(
    *, problem: Problem, acting_user, title: str | None = None, description: str | None = None
) -> Problem:
    problem = Problem.objects.select_for_update().select_related("session__site").get(pk=problem.pk)
    before = snapshot(problem)
    if title is not None:
        problem.title = _check_problem_title(problem.session, title, exclude_pk=problem.pk)
    if description is not None:
        problem.description = description.strip()
    problem.save()
    record(actor=acting_user, action="update", obj=problem, before=before)
    return problem


@transaction.atomic
def remove_problem(*, problem: Problem, acting_user) -> None:
    """Remove a problem with its votes and comparisons (the dots go back to the participants)."""
    problem = Problem.objects.select_related("session__site__programme").get(pk=problem.pk)
    _lock(problem.session)
    record(actor=acting_user, action="delete", obj=problem, before=snapshot(problem), after={})
    PairwiseChoice.objects.filter(Q(problem_a=problem) | Q(problem_b=problem) | Q(preferred=problem)).delete()
    problem.delete()


class _Used:
    def __init__(self, participant_id: int, used: int):
        self.participant_id, self.used = participant_id, used


def _dots_used(session: PraSession) -> list[_Used]:
    from django.db.models import Sum

    rows = (
        DotVote.objects.filter(problem__session=session).values("participant_id").annotate(used=Sum("dots"))
    )
    return [_Used(r["participant_id"], r["used"] or 0) for r in rows]


@transaction.atomic
def cast_dot_votes(
    *, session: PraSession, person: Person, votes: dict[int, int], acting_user
) -> list[DotVote]:
    """Record one person's dots: ``votes`` maps problem id → dots (0 or missing: none on that problem).

    Replaces the person's earlier votes in the session, so sending the same ballot twice changes
    nothing (ODK re-submissions, a phone retrying). The person becomes a participant if they are not
    yet one (they must live in the site's area). Unknown problems, negative dots and more dots than the
    session allows are refused, and then nothing is saved.
    """
    session = _lock(session)
    problems = {p.pk: p for p in Problem.objects.filter(session=session)}
    clean: dict[int, int] = {}
    for raw_id, raw_dots in (votes or {}).items():
        try:
            problem_id = int(raw_id)
        except (TypeError, ValueError):
            problem_id = None
        if problem_id not in problems:
            msg = _("Problem %(id)s is not one of this session's problems.") % {"id": raw_id}
            raise ServiceError(msg, field_errors={"votes": msg}, code="unknown_problem")
        if isinstance(raw_dots, str) and raw_dots.strip().lstrip("-").isdigit():
            raw_dots = int(raw_dots.strip())  # ODK submissions carry numbers as text
        if not isinstance(raw_dots, int) or isinstance(raw_dots, bool):
            msg = _("Dots must be whole numbers.")
            raise ServiceError(msg, field_errors={"votes": msg}, code="dots")
        if raw_dots < 0:
            msg = _("Dots cannot be negative (%(problem)s: %(dots)s).") % {
                "problem": problems[problem_id].title,
                "dots": raw_dots,
            }
            raise ServiceError(msg, field_errors={"votes": msg}, code="negative")
        if raw_dots:
            clean[problem_id] = clean.get(problem_id, 0) + raw_dots
    total = sum(clean.values())
    if total > session.dots_per_participant:
        msg = ngettext(
            "%(person)s cast %(total)s dots; each participant has %(limit)s dot.",
            "%(person)s cast %(total)s dots; each participant has %(limit)s dots.",
            session.dots_per_participant,
        ) % {"person": person.full_name, "total": total, "limit": session.dots_per_participant}
        raise ServiceError(msg, field_errors={"votes": msg}, code="too_many_dots")
    participant = Participant.objects.filter(session=session, person=person).first()
    if participant is None:
        participant = _add_participant(session, person, acting_user)
    before = {
        str(pid): d
        for pid, d in DotVote.objects.filter(participant=participant).values_list("problem_id", "dots")
    }
    DotVote.objects.filter(participant=participant).delete()
    rows = DotVote.objects.bulk_create(
        [DotVote(problem=problems[pid], participant=participant, dots=d) for pid, d in sorted(clean.items())]
    )
    after = {str(pid): d for pid, d in sorted(clean.items())}
    if before != after:
        record(
            actor=acting_user,
            action="update",
            obj=participant,
            before={"dots": before},
            after={"dots": after},
            note=_("dot votes"),
        )
    return rows


@transaction.atomic
def record_pairwise(
    *,
    session: PraSession,
    choices: list[tuple[int, int, int]],
    participant: Participant | None = None,
    acting_user,
) -> list[PairwiseChoice]:
    """Record pairwise comparisons (problem a, problem b, the one that weighs more).

    With a participant, their earlier comparisons are replaced (a re-sent sheet counts once); without
    one (the whole room decides by show of hands) the comparisons are added.
    """
    session = _lock(session)
    if participant is not None and participant.session_id != session.pk:
        raise ServiceError(
            _("That participant is not in this session."),
            field_errors={"participant": _("Not in this session.")},
        )
    problems = set(Problem.objects.filter(session=session).values_list("pk", flat=True))
    seen: set[frozenset] = set()
    rows = []
    for a, b, preferred in choices:
        if a not in problems or b not in problems:
            msg = _("Compare two of this session's problems.")
            raise ServiceError(msg, field_errors={"choices": msg}, code="unknown_problem")
        if a == b:
            msg = _("A problem cannot be compared with itself.")
            raise ServiceError(msg, field_errors={"choices": msg}, code="same_problem")
        if preferred not in (a, b):
            msg = _("The preferred problem must be one of the two compared.")
            raise ServiceError(msg, field_errors={"choices": msg}, code="preferred")
        pair = frozenset((a, b))
        if participant is not None and pair in seen:
            msg = _("The same two problems are compared twice by one participant.")
            raise ServiceError(msg, field_errors={"choices": msg}, code="duplicate_pair")
        seen.add(pair)
        rows.append(
            PairwiseChoice(
                session=session,
                participant=participant,
                problem_a_id=a,
                problem_b_id=b,
                preferred_id=preferred,
            )
        )
    if participant is not None:
        PairwiseChoice.objects.filter(session=session, participant=participant).delete()
    created = PairwiseChoice.objects.bulk_create(rows)
    record(
        actor=acting_user,
        action="update",
        obj=session,
        before={},
        after={"pairwise": [[c.problem_a_id, c.problem_b_id, c.preferred_id] for c in created]},
        note=_("pairwise comparisons"),
    )
    return created


# --- potentials and needs ---------------------------------------------------------------------------


@transaction.atomic
def add_potential(
    *, session: PraSession, kind: str, name: str, person: Person | None = None, notes: str = "", acting_user
) -> Potential:
    """A potential the participants named: a local institution, a person's skill, a natural resource."""
    if kind not in Potential.Kind.values:
        raise ServiceError(_("Choose a kind of potential."), field_errors={"kind": _("Choose a kind.")})
    name = _text(name, "name", _("name"), 150)
    if person is not None and not Participant.objects.filter(session=session, person=person).exists():
        msg = _("%(person)s is not a participant of this session.") % {"person": person.full_name}
        raise ServiceError(msg, field_errors={"person": msg})
    potential = Potential.objects.create(
        session=session,
        kind=kind,
        name=name,
        person=person,
        notes=_text(notes, "notes", _("notes"), 250, False),
    )
    record(actor=acting_user, action="create", obj=potential)
    return potential


@transaction.atomic
def remove_potential(*, potential: Potential, acting_user) -> None:
    record(actor=acting_user, action="delete", obj=potential, before=snapshot(potential), after={})
    potential.delete()


def _check_votes(votes) -> int:
    if not isinstance(votes, int) or isinstance(votes, bool) or votes < 0 or votes > 10_000:
        msg = _("The number of participants must be a whole number, zero or more.")
        raise ServiceError(msg, field_errors={"votes": msg})
    return votes


@transaction.atomic
def add_need(*, session: PraSession, kind: str, text: str, votes: int = 0, acting_user) -> Need:
    if kind not in Need.Kind.values:
        raise ServiceError(_("Choose need or business interest."), field_errors={"kind": _("Choose a kind.")})
    need = Need.objects.create(
        session=session, kind=kind, text=_text(text, "text", _("text"), 200), votes=_check_votes(votes)
    )
    record(actor=acting_user, action="create", obj=need)
    return need


@transaction.atomic
def update_need(*, need: Need, acting_user, text: str | None = None, votes: int | None = None) -> Need:
    need = Need.objects.select_for_update().select_related("session__site").get(pk=need.pk)
    before = snapshot(need)
    if text is not None:
        need.text = _text(text, "text", _("text"), 200)
    if votes is not None:
        need.votes = _check_votes(votes)
    need.save()
    record(actor=acting_user, action="update", obj=need, before=before)
    return need


@transaction.atomic
def remove_need(*, need: Need, acting_user) -> None:
    record(actor=acting_user, action="delete", obj=need, before=snapshot(need), after={})
    need.delete()


# --- suggested groups -------------------------------------------------------------------------------


def residence_paths(participants) -> dict[int, tuple[str, ...]]:
    """Participant id → names of the areas they live in, village first (two queries for all of them)."""
    codes: dict[int, list[str]] = {}
    wanted: set[str] = set()
    for p in participants:
        parts = p.person.place.code.split(".")
        chain = [".".join(parts[:i]) for i in range(min(4, len(parts)), len(parts) + 1)]
        codes[p.pk] = chain
        wanted.update(chain)
    names = dict(Place.objects.filter(code__in=wanted).values_list("code", "name"))
    return {pid: tuple(names.get(c, c) for c in chain) for pid, chain in codes.items()}


def candidates(session: PraSession, participants=None) -> list[pure.Candidate]:
    participants = list(
        participants
        if participants is not None
        else session.participants.select_related("person__place").order_by("person__full_name", "pk")
    )
    paths = residence_paths(participants)
    return [
        pure.Candidate(
            id=p.pk,
            name=p.person.full_name,
            business_interest=p.business_interest,
            skills=tuple(p.skill_list),
            residence=paths.get(p.pk, ()),
        )
        for p in participants
    ]


@transaction.atomic
def suggest_groups(*, session: PraSession, acting_user) -> list[SuggestedGroup]:
    """Replace the pending suggestions with fresh ones from the participants (see ``suggest.py``).

    Suggestions already turned into groups stay, and their members are not suggested again.
    """
    session = _lock(session)
    programme = session.site.programme
    done = SuggestedMember.objects.filter(
        suggestion__session=session, suggestion__created_group__isnull=False
    )
    placed = set(done.values_list("participant_id", flat=True))
    session.suggestions.filter(created_group__isnull=True).delete()
    pool = (
        session.participants.exclude(pk__in=placed)
        .select_related("person__place")
        .order_by("person__full_name", "pk")
    )
    result = pure.suggest(
        candidates(session, pool), size_min=programme.group_size_min, size_max=programme.group_size_max
    )
    start = session.suggestions.count()
    made = []
    for i, g in enumerate(result.groups):
        suggestion = SuggestedGroup.objects.create(
            session=session,
            name=(_("%(business)s group") % {"business": g.name})[:150],
            business=g.business[:100],
            reasons=[r.as_dict() for r in g.reasons],
            order=start + i,
        )
        SuggestedMember.objects.bulk_create(
            [SuggestedMember(suggestion=suggestion, participant_id=m) for m in g.members]
        )
        made.append(suggestion)
    session.unplaced = {str(u.id): u.reason.as_dict() for u in result.unplaced}
    session.save(update_fields=["unplaced"])
    record(
        actor=acting_user,
        action="update",
        obj=session,
        before={},
        after={"suggestions": [[s.name, len(g.members)] for s, g in zip(made, result.groups, strict=True)]},
        note=_("groups suggested"),
    )
    return made


def _pending(suggestion: SuggestedGroup) -> SuggestedGroup:
    if suggestion.created_group_id:
        msg = _("%(name)s is already a real group; change it on the group's page.") % {
            "name": suggestion.name
        }
        raise ServiceError(msg, code="created")
    return suggestion


@transaction.atomic
def add_suggestion(*, session: PraSession, name: str, business: str, acting_user) -> SuggestedGroup:
    """An empty suggestion the facilitator fills by moving participants into it."""
    session = _lock(session)
    suggestion = SuggestedGroup.objects.create(
        session=session,
        name=_text(name, "name", _("name"), 150),
        business=_text(business, "business", _("business"), 100),
        reasons=[{"code": "manual", "params": {}}],
        order=session.suggestions.count(),
    )
    record(actor=acting_user, action="create", obj=suggestion)
    return suggestion


@transaction.atomic
def update_suggestion(
    *, suggestion: SuggestedGroup, acting_user, name: str | None = None, business: str | None = None
) -> SuggestedGroup:
    suggestion = _pending(
        SuggestedGroup.objects.select_for_update().select_related("session__site").get(pk=suggestion.pk)
    )
    before = snapshot(suggestion)
    if name is not None:
        suggestion.name = _text(name, "name", _("name"), 150)
    if business is not None:
        suggestion.business = _text(business, "business", _("business"), 100)
    suggestion.save()
    record(actor=acting_user, action="update", obj=suggestion, before=before)
    return suggestion


@transaction.atomic
def remove_suggestion(*, suggestion: SuggestedGroup, acting_user) -> None:
    """Drop a pending suggestion; its members become unplaced ("removed by the facilitator")."""
    suggestion = _pending(
        SuggestedGroup.objects.select_related("session__site__programme").get(pk=suggestion.pk)
    )
    session = _lock(suggestion.session)
    ids = list(suggestion.members.values_list("participant_id", flat=True))
    session.unplaced = {**session.unplaced, **{str(i): {"code": "removed", "params": {}} for i in ids}}
    session.save(update_fields=["unplaced"])
    record(actor=acting_user, action="delete", obj=suggestion, before=snapshot(suggestion), after={})
    suggestion.delete()


@transaction.atomic
def move_participant(
    *, session: PraSession, participant: Participant, to: SuggestedGroup | None, acting_user
) -> SuggestedMember | None:
    """Put a participant in another pending suggestion, or (``to=None``) leave them unplaced."""
    session = _lock(session)
    if participant.session_id != session.pk or (to is not None and to.session_id != session.pk):
        raise ServiceError(_("Both must belong to this session."), code="other_session")
    current = SuggestedMember.objects.select_related("suggestion").filter(participant=participant).first()
    if current is not None:
        _pending(current.suggestion)
    if to is not None:
        _pending(to)
    before = {"suggestion": current.suggestion_id if current else None}
    if current is not None:
        current.delete()
    unplaced = dict(session.unplaced)
    member = None
    if to is None:
        unplaced[str(participant.pk)] = {"code": "removed", "params": {}}
    else:
        unplaced.pop(str(participant.pk), None)
        member = SuggestedMember.objects.create(suggestion=to, participant=participant)
    session.unplaced = unplaced
    session.save(update_fields=["unplaced"])
    record(
        actor=acting_user,
        action="update",
        obj=participant,
        before=before,
        after={"suggestion": to.pk if to else None},
        note=_("moved between suggested groups"),
    )
    return member


def size_problems(session: PraSession, suggestions=None) -> list[str]:
    """Messages for each pending suggestion whose size breaks the programme's limits (empty: all fine)."""
    programme = session.site.programme
    lo, hi = programme.group_size_min, programme.group_size_max
    from django.db.models import Count

    qs = suggestions if suggestions is not None else session.suggestions.filter(created_group__isnull=True)
    out = []
    for s in qs.annotate(n=Count("members")).order_by("order", "pk"):
        if not lo <= s.n <= hi:
            out.append(
                ngettext(
                    "%(name)s has %(n)s member; groups in %(programme)s need %(min)s to %(max)s.",
                    "%(name)s has %(n)s members; groups in %(programme)s need %(min)s to %(max)s.",
                    s.n,
                )
                % {"name": s.name, "n": s.n, "programme": programme.name, "min": lo, "max": hi}
            )
    return out


def _common_place(site: Site, persons: list[Person]) -> Place:
    """The smallest area every member lives in (their shared dusun/RT), never above the site."""
    parts_list = [p.place.code.split(".") for p in persons]
    common: list[str] = []
    for values in zip(*parts_list, strict=False):
        if len(set(values)) != 1:
            break
        common.append(values[0])
    code = ".".join(common)
    root = site.place.code
    if code == root or code.startswith(root + "."):
        place = Place.objects.filter(code=code).first()
        if place is not None:
            return place
    return site.place


@transaction.atomic
def create_groups_from_suggestions(
    *,
    session: PraSession,
    acting_user,
    kind: str = Group.Kind.KUBE,
    founded_on: dt.date | None = None,
    suggestion_ids: list[int] | None = None,
) -> list[Group]:
    """Turn the pending suggestions (or those named) into real groups, all or nothing.

    Each becomes a group of the session's programme at the smallest area its members share, founded on
    ``founded_on`` (default: the session's date), through ``groups.services.create_group`` and
    ``add_member`` — the same rules as the group pages (unique name, place inside the sites, dates).
    Refused, with every offending suggestion named, if any breaks the programme's size limits.
    """
    session = _lock(session)
    pending = session.suggestions.filter(created_group__isnull=True)
    if suggestion_ids is not None:
        pending = pending.filter(pk__in=suggestion_ids)
        if pending.count() != len(set(suggestion_ids)):
            raise ServiceError(
                _("Some of the chosen suggestions are not pending suggestions of this session."),
                code="unknown",
            )
    pending = list(pending.select_for_update().order_by("order", "pk"))
    if not pending:
        raise ServiceError(_("There is no pending suggestion to turn into a group."), code="nothing")
    problems = size_problems(session, SuggestedGroup.objects.filter(pk__in=[s.pk for s in pending]))
    if problems:
        raise ServiceError(
            _("No group was created. Adjust the suggestions first: %(problems)s")
            % {"problems": " ".join(problems)},
            code="size",
        )
    founded_on = founded_on or session.held_on
    made = []
    for suggestion in pending:
        members = list(
            suggestion.members.select_related("participant__person__place").order_by(
                "participant__person__full_name"
            )
        )
        persons = [m.participant.person for m in members]
        group = groups.create_group(
            acting_user=acting_user,
            programme=session.site.programme,
            name=suggestion.name,
            kind=kind,
            place=_common_place(session.site, persons),
            business_type=suggestion.business,
            founded_on=founded_on,
        )
        for person in persons:
            groups.add_member(
                acting_user=acting_user,
                group=group,
                person=person,
                joined_on=founded_on,
                join_reason=_("Formed at the PRA session %(title)s") % {"title": session.title},
            )
        before = snapshot(suggestion)
        suggestion.created_group = group
        suggestion.save(update_fields=["created_group"])
        record(actor=acting_user, action="update", obj=suggestion, before=before)
        made.append(group)
    return made
