"""Every write of a training: the training itself, its checklist, partners, sessions, participants,
attendance, skill assessments and outcomes.

Pages, the API, the demo and ODK ingestion all call these functions. Each runs in one transaction,
refuses with a translated ``ServiceError`` (nothing saved) and leaves an audit entry. Who may call them
is the caller's concern (``access.access_fieldwork``); what is consistent is checked here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from berdaya.audit.log import record, snapshot
from berdaya.core.errors import ServiceError, check_fields
from berdaya.groups.models import Group, Membership
from berdaya.people.models import Person
from berdaya.programs.models import Agency, Programme, Site

from .models import (
    Assessment,
    ChecklistItem,
    Outcome,
    SessionAttendance,
    Training,
    TrainingParticipant,
    TrainingPartner,
    TrainingSession,
)

#: Created with every new training: what seed 002's preparation covered (letters of invitation to the 14
#: participants and the speakers, the venue, clay, gypsum and paint, and finding competent speakers).
DEFAULT_CHECKLIST = [
    ChecklistItem.Kind.INVITATIONS,
    ChecklistItem.Kind.VENUE,
    ChecklistItem.Kind.MATERIALS,
    ChecklistItem.Kind.SPEAKERS,
]

TRAINING_FIELDS = {"title", "site", "starts_on", "ends_on", "venue", "notes", "certificate_min_share"}
SESSION_FIELDS = {"on_date", "starts_at", "topic", "speaker", "speaker_agency", "method", "venue"}

# The audit log knows three actions (create, update, delete); what changed in a training is said in the note.
_AUDIT = {
    "training.create": ("create", gettext_lazy("training planned")),
    "training.update": ("update", gettext_lazy("training changed")),
    "training.delete": ("delete", gettext_lazy("training deleted")),
    "training.checklist_add": ("update", gettext_lazy("preparation item added")),
    "training.checklist_tick": ("update", gettext_lazy("preparation item ticked or unticked")),
    "training.checklist_remove": ("update", gettext_lazy("preparation item removed")),
    "training.partner_add": ("update", gettext_lazy("partner added")),
    "training.partner_remove": ("update", gettext_lazy("partner removed")),
    "training.session_add": ("update", gettext_lazy("session added")),
    "training.session_update": ("update", gettext_lazy("session changed")),
    "training.session_remove": ("update", gettext_lazy("session removed")),
    "training.participants_add": ("update", gettext_lazy("participants added")),
    "training.participant_remove": ("update", gettext_lazy("participant removed")),
    "training.attendance": ("update", gettext_lazy("attendance recorded")),
    "training.attendance_session": ("update", gettext_lazy("session attendance recorded")),
    "training.assessment": ("update", gettext_lazy("skill levels recorded")),
    "training.assessment_remove": ("update", gettext_lazy("skill assessment removed")),
    "training.outcome_add": ("update", gettext_lazy("outcome recorded")),
    "training.outcome_remove": ("update", gettext_lazy("outcome removed")),
}


def _record(*, actor, action: str, obj, before=None, after=None, note: str = ""):
    """``audit.log.record`` against the training (so the entry is scoped to its programme)."""
    kind, what = _AUDIT[action]
    return record(
        actor=actor,
        action=kind,
        obj=obj,
        before=before,
        after=after,
        note=f"{what}: {note}" if note else str(what),
    )


def _snap(obj) -> dict:
    # audit.log.snapshot knows dates but not times of day (a session's start); keep them as "HH:MM:SS".
    return {k: (v.isoformat() if isinstance(v, dt.time) else v) for k, v in snapshot(obj).items()}


def _err(message: str, field: str | None = None, code: str = "invalid") -> ServiceError:
    return ServiceError(message, field_errors={field: message} if field else None, code=code)


def _check_training_values(
    *, programme: Programme, site: Site | None, title: str, starts_on, ends_on, certificate_min_share
):
    if not (title or "").strip():
        raise _err(_("Give the training a title."), "title", "title")
    if ends_on < starts_on:
        raise _err(
            _("The training ends on %(end)s, before it starts on %(start)s.")
            % {"end": ends_on.isoformat(), "start": starts_on.isoformat()},
            "ends_on",
            "dates",
        )
    if (ends_on - starts_on).days > 366:
        raise _err(_("A training lasts at most a year; check the dates."), "ends_on", "dates")
    if site is not None and site.programme_id != programme.pk:
        raise _err(
            _("The site %(site)s belongs to another programme.") % {"site": site.place.name}, "site", "site"
        )
    if not (0 <= int(certificate_min_share) <= 100):
        raise _err(
            _("The attendance needed for a certificate is a percentage from 0 to 100."),
            "certificate_min_share",
            "share",
        )


# --- trainings --------------------------------------------------------------------------------------


@transaction.atomic
def create_training(
    *,
    programme: Programme,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    site: Site | None = None,
    venue: str = "",
    notes: str = "",
    certificate_min_share: int | None = None,
    acting_user,
    idempotency_key: str | None = None,
) -> Training:
    """A new training with the four default checklist items (invitations, venue, materials, speakers).

    With an ``idempotency_key`` already used in the programme, the first training is returned unchanged.
    """
    if idempotency_key:
        existing = Training.objects.filter(programme=programme, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    share = Training._meta.get_field("certificate_min_share").default
    if certificate_min_share is not None:
        share = certificate_min_share
    _check_training_values(
        programme=programme,
        site=site,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        certificate_min_share=share,
    )
    training = Training.objects.create(
        programme=programme,
        site=site,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        venue=venue.strip(),
        notes=notes,
        certificate_min_share=share,
        idempotency_key=idempotency_key or None,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    ChecklistItem.objects.bulk_create(
        [ChecklistItem(training=training, kind=kind, order=i) for i, kind in enumerate(DEFAULT_CHECKLIST)]
    )
    _record(actor=acting_user, action="training.create", obj=training)
    return training


@transaction.atomic
def update_training(*, training: Training, changes: dict, acting_user) -> Training:
    """Change a training's title, site, dates, venue, notes or certificate threshold.

    Sessions must stay within the dates: moving the dates so that a session falls outside is refused.
    """
    check_fields(changes, TRAINING_FIELDS)
    training = Training.objects.select_for_update().get(pk=training.pk)
    before = snapshot(training)
    for key, value in changes.items():
        setattr(training, key, value)
    _check_training_values(
        programme=training.programme,
        site=training.site,
        title=training.title,
        starts_on=training.starts_on,
        ends_on=training.ends_on,
        certificate_min_share=training.certificate_min_share,
    )
    outside = (
        training.sessions.exclude(on_date__range=(training.starts_on, training.ends_on))
        .order_by("on_date")
        .first()
    )
    if outside is not None:
        raise _err(
            _("The session “%(topic)s” on %(date)s would fall outside the new dates; move it first.")
            % {"topic": outside.topic, "date": outside.on_date.isoformat()},
            "starts_on",
            "dates",
        )
    training.title = training.title.strip()
    training.save()
    _record(actor=acting_user, action="training.update", obj=training, before=before)
    return training


@transaction.atomic
def delete_training(*, training: Training, acting_user) -> None:
    """Delete a training with everything recorded in it (sessions, attendance, assessments, outcomes)."""
    _record(
        actor=acting_user,
        action="training.delete",
        obj=training,
        before=snapshot(training),
        after={},
        note=_("Deleted with %(sessions)s sessions and %(participants)s participants.")
        % {"sessions": training.sessions.count(), "participants": training.participants.count()},
    )
    training.delete()


# --- checklist --------------------------------------------------------------------------------------


@transaction.atomic
def add_checklist_item(*, training: Training, label: str, note: str = "", acting_user) -> ChecklistItem:
    label = (label or "").strip()
    if not label:
        raise _err(_("Say what has to be prepared."), "label", "label")
    last = training.checklist.order_by("-order").values_list("order", flat=True).first()
    item = ChecklistItem.objects.create(
        training=training,
        kind=ChecklistItem.Kind.OTHER,
        label=label[:200],
        note=note[:250],
        order=(last if last is not None else -1) + 1,
    )
    _record(actor=acting_user, action="training.checklist_add", obj=training, after={"item": item.title})
    return item


@transaction.atomic
def tick_checklist_item(
    *, item: ChecklistItem, done: bool, note: str | None = None, acting_user
) -> ChecklistItem:
    """Mark an item done (by whom, when) or not done again."""
    item = ChecklistItem.objects.select_for_update().select_related("training").get(pk=item.pk)
    before = {"item": item.title, "done": item.done, "note": item.note}
    item.done = bool(done)
    item.done_by = acting_user if (done and getattr(acting_user, "pk", None)) else None
    item.done_at = timezone.now() if done else None
    if note is not None:
        item.note = note[:250]
    item.save(update_fields=["done", "done_by", "done_at", "note"])
    _record(
        actor=acting_user,
        action="training.checklist_tick",
        obj=item.training,
        before=before,
        after={"item": item.title, "done": item.done, "note": item.note},
    )
    return item


@transaction.atomic
def remove_checklist_item(*, item: ChecklistItem, acting_user) -> None:
    _record(
        actor=acting_user,
        action="training.checklist_remove",
        obj=item.training,
        before={"item": item.title, "done": item.done},
        after={},
    )
    item.delete()


# --- partners ---------------------------------------------------------------------------------------


@transaction.atomic
def add_partner(
    *, training: Training, agency: Agency, contribution: str = "", acting_user
) -> TrainingPartner:
    if TrainingPartner.objects.filter(training=training, agency=agency).exists():
        raise _err(
            _("%(agency)s is already a partner of this training.") % {"agency": agency.name},
            "agency",
            "duplicate",
        )
    partner = TrainingPartner.objects.create(
        training=training, agency=agency, contribution=contribution[:250]
    )
    _record(
        actor=acting_user,
        action="training.partner_add",
        obj=training,
        after={"agency": agency.name, "contribution": partner.contribution},
    )
    return partner


@transaction.atomic
def remove_partner(*, partner: TrainingPartner, acting_user) -> None:
    _record(
        actor=acting_user,
        action="training.partner_remove",
        obj=partner.training,
        before={"agency": partner.agency.name, "contribution": partner.contribution},
        after={},
    )
    partner.delete()


# --- sessions ---------------------------------------------------------------------------------------


def _check_session(training: Training, *, on_date, topic, method) -> None:
    if not (topic or "").strip():
        raise _err(_("Give the session a topic."), "topic", "topic")
    if on_date is None or not (training.starts_on <= on_date <= training.ends_on):
        raise _err(
            _("The session's date must be within the training, from %(start)s to %(end)s.")
            % {"start": training.starts_on.isoformat(), "end": training.ends_on.isoformat()},
            "on_date",
            "dates",
        )
    if method not in TrainingSession.Method.values:
        raise _err(_("Choose lecture, practice or field visit."), "method", "method")


@transaction.atomic
def add_session(
    *,
    training: Training,
    on_date: dt.date,
    topic: str,
    method: str = TrainingSession.Method.LECTURE,
    starts_at: dt.time | None = None,
    speaker: str = "",
    speaker_agency: Agency | None = None,
    venue: str = "",
    acting_user,
    idempotency_key: str | None = None,
) -> TrainingSession:
    """A session of the training on one of its days. A repeated ``idempotency_key`` returns the first."""
    if idempotency_key:
        existing = TrainingSession.objects.filter(training=training, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    _check_session(training, on_date=on_date, topic=topic, method=method)
    session = TrainingSession.objects.create(
        training=training,
        on_date=on_date,
        starts_at=starts_at,
        topic=topic.strip(),
        method=method,
        speaker=(speaker or "").strip(),
        speaker_agency=speaker_agency,
        venue=(venue or "").strip(),
        idempotency_key=idempotency_key or None,
    )
    _record(actor=acting_user, action="training.session_add", obj=training, after=_snap(session))
    return session


@transaction.atomic
def update_session(*, session: TrainingSession, changes: dict, acting_user) -> TrainingSession:
    check_fields(changes, SESSION_FIELDS)
    session = TrainingSession.objects.select_for_update().select_related("training").get(pk=session.pk)
    before = _snap(session)
    for key, value in changes.items():
        setattr(session, key, value)
    _check_session(session.training, on_date=session.on_date, topic=session.topic, method=session.method)
    session.topic = session.topic.strip()
    session.save()
    _record(
        actor=acting_user,
        action="training.session_update",
        obj=session.training,
        before=before,
        after=_snap(session),
    )
    return session


@transaction.atomic
def remove_session(*, session: TrainingSession, acting_user) -> None:
    """Remove a session and the attendance taken in it."""
    _record(
        actor=acting_user,
        action="training.session_remove",
        obj=session.training,
        before=_snap(session),
        after={},
        note=_("%(count)s attendance rows removed with it.") % {"count": session.attendance.count()},
    )
    session.delete()


# --- participants -----------------------------------------------------------------------------------


@transaction.atomic
def add_participants(
    *, training: Training, people: Iterable[Person], acting_user
) -> list[TrainingParticipant]:
    """Add people as participants; those already in the training are left as they are.

    Returns the participants created (none when everyone was already in).
    """
    wanted = {p.pk: p for p in people}
    if not wanted:
        raise _err(_("Choose at least one person."), "people", "empty")
    already = set(
        TrainingParticipant.objects.filter(training=training, person_id__in=wanted).values_list(
            "person_id", flat=True
        )
    )
    new = [TrainingParticipant(training=training, person=p) for pk, p in wanted.items() if pk not in already]
    TrainingParticipant.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        _record(
            actor=acting_user,
            action="training.participants_add",
            obj=training,
            after={"people": sorted(p.person_id for p in new)},
            note=", ".join(sorted(p.person.full_name for p in new))[:500],
        )
    return new


def group_members(group: Group) -> list[Person]:
    """The group's current members, to add them all at once."""
    return [
        m.person
        for m in Membership.objects.filter(group=group, left_on__isnull=True)
        .select_related("person")
        .order_by("person__full_name")
    ]


@transaction.atomic
def remove_participant(*, participant: TrainingParticipant, acting_user) -> None:
    """Remove a participant with their attendance and assessments in this training."""
    training = participant.training
    SessionAttendance.objects.filter(session__training=training, person_id=participant.person_id).delete()
    Assessment.objects.filter(training=training, person_id=participant.person_id).delete()
    _record(
        actor=acting_user,
        action="training.participant_remove",
        obj=training,
        before={"person": participant.person_id},
        after={},
        note=participant.person.full_name,
    )
    participant.delete()


# --- attendance -------------------------------------------------------------------------------------


@transaction.atomic
def record_attendance(
    *, session: TrainingSession, person: Person, present: bool, acting_user
) -> SessionAttendance:
    """Whether one person was at one session (the ODK attendance form sends one of these per row).

    Idempotent: the same person and session again updates the one row. A person who is not yet a
    participant becomes one, and the audit note says so. Whether the session is in the user's scope is
    the caller's concern.
    """
    training = session.training
    _participant, joined = TrainingParticipant.objects.get_or_create(training=training, person=person)
    row = SessionAttendance.objects.select_for_update().filter(session=session, person=person).first()
    before = {"present": row.present} if row else {}
    if row is None:
        try:
            with transaction.atomic():
                row = SessionAttendance.objects.create(
                    session=session, person=person, present=bool(present), recorded_by=_user(acting_user)
                )
        except IntegrityError:  # the same submission arrived twice at once: update the row the other made
            row = SessionAttendance.objects.select_for_update().get(session=session, person=person)
    if row.present != bool(present) or row.recorded_by_id != getattr(_user(acting_user), "pk", None):
        row.present = bool(present)
        row.recorded_by = _user(acting_user)
        row.save(update_fields=["present", "recorded_by", "recorded_at"])
    note = ""
    if joined:
        note = _("%(person)s was not a participant yet and was added to the training.") % {
            "person": person.full_name
        }
    if before != {"present": row.present} or joined:
        _record(
            actor=acting_user,
            action="training.attendance",
            obj=training,
            before=before,
            after={"session": session.pk, "person": person.pk, "present": row.present},
            note=note,
        )
    return row


def _user(acting_user):
    return acting_user if getattr(acting_user, "pk", None) else None


@transaction.atomic
def record_session_attendance(
    *, session: TrainingSession, present_ids: Iterable[int], acting_user
) -> list[SessionAttendance]:
    """Attendance of a whole session in one go: the people in ``present_ids`` were there, every other
    participant was not. All or nothing; everyone named must be a participant.
    """
    training = session.training
    present = {int(pk) for pk in present_ids}
    participants = set(
        TrainingParticipant.objects.filter(training=training).values_list("person_id", flat=True)
    )
    strangers = present - participants
    if strangers:
        names = ", ".join(
            Person.objects.filter(pk__in=strangers).order_by("full_name").values_list("full_name", flat=True)
        )
        raise _err(
            _("Not participants of this training: %(names)s. Add them as participants first.")
            % {"names": names or ", ".join(str(pk) for pk in sorted(strangers))},
            "present",
            "not_participant",
        )
    existing = {a.person_id: a for a in SessionAttendance.objects.select_for_update().filter(session=session)}
    user = _user(acting_user)
    create, update = [], []
    for person_id in participants:
        is_present = person_id in present
        row = existing.get(person_id)
        if row is None:
            create.append(
                SessionAttendance(session=session, person_id=person_id, present=is_present, recorded_by=user)
            )
        elif row.present != is_present:
            row.present, row.recorded_by = is_present, user
            update.append(row)
    SessionAttendance.objects.bulk_create(create)
    now = timezone.now()
    for row in update:
        row.recorded_at = now
    SessionAttendance.objects.bulk_update(update, ["present", "recorded_by", "recorded_at"])
    _record(
        actor=acting_user,
        action="training.attendance_session",
        obj=training,
        before={"session": session.pk, "present": sorted(pk for pk, a in existing.items() if a.present)},
        after={"session": session.pk, "present": sorted(present)},
        note=_("%(present)s of %(total)s participants present.")
        % {"present": len(present), "total": len(participants)},
    )
    return list(SessionAttendance.objects.filter(session=session).select_related("person"))


# --- skill assessment -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    person_id: int
    before: int | None
    after: int | None


def _check_score(value, field: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not (1 <= value <= 5):
        raise _err(_("A skill level is a whole number from 1 to 5."), field, "scale")


@transaction.atomic
def record_assessments(
    *, training: Training, skill: str, scores: Iterable[Score], acting_user
) -> list[Assessment]:
    """Levels (1–5) of one skill before and after the training, for several participants at once.

    A row with neither level removes that person's assessment of the skill. Only participants can be
    assessed. All or nothing.
    """
    skill = (skill or "").strip()
    if not skill:
        raise _err(_("Name the skill being assessed."), "skill", "skill")
    scores = list(scores)
    participants = set(training.participants.values_list("person_id", flat=True))
    for s in scores:
        _check_score(s.before, "before")
        _check_score(s.after, "after")
        if s.person_id not in participants:
            raise _err(_("Only participants of the training can be assessed."), "person", "not_participant")
    existing = {
        a.person_id: a for a in Assessment.objects.select_for_update().filter(training=training, skill=skill)
    }
    create, update, delete = [], [], []
    for s in scores:
        row = existing.get(s.person_id)
        if s.before is None and s.after is None:
            if row:
                delete.append(row.pk)
            continue
        if row is None:
            create.append(
                Assessment(
                    training=training, person_id=s.person_id, skill=skill, before=s.before, after=s.after
                )
            )
        elif (row.before, row.after) != (s.before, s.after):
            row.before, row.after = s.before, s.after
            update.append(row)
    Assessment.objects.bulk_create(create)
    Assessment.objects.bulk_update(update, ["before", "after"])
    Assessment.objects.filter(pk__in=delete).delete()
    _record(
        actor=acting_user,
        action="training.assessment",
        obj=training,
        after={"skill": skill, "scores": {str(s.person_id): [s.before, s.after] for s in scores}},
    )
    return list(Assessment.objects.filter(training=training, skill=skill).select_related("person"))


def record_assessment(
    *, training: Training, person: Person, skill: str, before: int | None, after: int | None, acting_user
) -> Assessment | None:
    """One participant's levels in one skill (see ``record_assessments``)."""
    rows = record_assessments(
        training=training, skill=skill, scores=[Score(person.pk, before, after)], acting_user=acting_user
    )
    return next((a for a in rows if a.person_id == person.pk), None)


@transaction.atomic
def remove_skill(*, training: Training, skill: str, acting_user) -> int:
    count, _detail = Assessment.objects.filter(training=training, skill=skill).delete()
    _record(
        actor=acting_user,
        action="training.assessment_remove",
        obj=training,
        before={"skill": skill},
        after={},
    )
    return count


# --- outcomes ---------------------------------------------------------------------------------------


@transaction.atomic
def add_outcome(
    *,
    training: Training,
    kind: str,
    description: str = "",
    group: Group | None = None,
    acting_user,
    idempotency_key: str | None = None,
) -> Outcome:
    """What came of the training. A group formed names the group, which must be in the same programme."""
    if idempotency_key:
        existing = Outcome.objects.filter(training=training, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if kind not in Outcome.Kind.values:
        raise _err(_("Choose what kind of outcome this is."), "kind", "kind")
    if kind == Outcome.Kind.GROUP_FORMED and group is None:
        raise _err(_("Name the group that was formed (create it among the groups first)."), "group", "group")
    if group is not None and group.programme_id != training.programme_id:
        raise _err(
            _("%(group)s belongs to another programme than the training.") % {"group": group.name},
            "group",
            "group",
        )
    if kind != Outcome.Kind.GROUP_FORMED and group is None and not (description or "").strip():
        raise _err(_("Describe the outcome."), "description", "description")
    outcome = Outcome.objects.create(
        training=training,
        kind=kind,
        group=group,
        description=(description or "").strip(),
        idempotency_key=idempotency_key or None,
    )
    _record(actor=acting_user, action="training.outcome_add", obj=training, after=snapshot(outcome))
    return outcome


@transaction.atomic
def remove_outcome(*, outcome: Outcome, acting_user) -> None:
    _record(
        actor=acting_user,
        action="training.outcome_remove",
        obj=outcome.training,
        before=snapshot(outcome),
        after={},
    )
    outcome.delete()
