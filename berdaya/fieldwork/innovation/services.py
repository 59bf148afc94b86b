"""Every write of innovation adoption: innovations, and each person's steps (learned → adopted → spreading).

One service per change, called by the pages, the API, the demo and ODK ingestion alike. Each runs in one
transaction, locks the innovation row while it reads the history it is about to extend (so two phones
recording the same person cannot both pass the order checks), and writes the audit log.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from berdaya.audit.log import record, snapshot
from berdaya.core.errors import ServiceError, check_fields
from berdaya.people.models import Person
from berdaya.programs.models import Agency, Programme

from . import layout
from .models import STAGE_ORDER, AdoptionEvent, Innovation, Stage
from .queries import programme_people

EDITABLE = ("name", "description", "introduced_on", "introduced_by_agency", "introduced_by")


def _stage_label(stage: str) -> str:
    return str(Stage(stage).label)


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        msg = _("Give the innovation a name, e.g. modern pottery designs.")
        raise ServiceError(msg, field_errors={"name": msg}, code="name")
    return name


def create_innovation(
    *,
    programme: Programme,
    name: str,
    introduced_on: dt.date,
    acting_user,
    description: str = "",
    introduced_by_agency: Agency | None = None,
    introduced_by: str = "",
) -> Innovation:
    """Record an innovation brought into ``programme`` (by an agency, a person, or both)."""
    name = _check_name(name)
    with transaction.atomic():
        innovation = Innovation.objects.create(
            programme=programme,
            name=name,
            description=description.strip(),
            introduced_on=introduced_on,
            introduced_by_agency=introduced_by_agency,
            introduced_by=introduced_by.strip(),
            created_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        record(actor=acting_user, action="create", obj=innovation, note=_("innovation recorded"))
    return innovation


def update_innovation(*, innovation: Innovation, changes: dict, acting_user) -> Innovation:
    """Change the description of an innovation. Its introduction date cannot move after the first step."""
    check_fields(changes, EDITABLE)
    if "name" in changes:
        changes["name"] = _check_name(changes["name"])
    with transaction.atomic():
        innovation = Innovation.objects.select_for_update().get(pk=innovation.pk)
        before = snapshot(innovation)
        if "introduced_on" in changes:
            first = innovation.events.order_by("on_date").values_list("on_date", flat=True).first()
            if first and changes["introduced_on"] > first:
                msg = _("The first step was recorded on %(date)s; the introduction cannot be later.") % {
                    "date": first.isoformat()
                }
                raise ServiceError(msg, field_errors={"introduced_on": msg}, code="introduced_on")
        for key, value in changes.items():
            setattr(innovation, key, value.strip() if isinstance(value, str) else value)
        innovation.save(update_fields=list(changes))
        record(actor=acting_user, action="update", obj=innovation, before=before)
    return innovation


def _refuse(message: str, field: str, code: str):
    raise ServiceError(message, field_errors={field: message}, code=code)


def record_stage(
    *,
    innovation: Innovation,
    person: Person,
    stage: str,
    on_date: dt.date,
    acting_user,
    learned_from: Person | None = None,
    notes: str = "",
    idempotency_key: str | None = None,
) -> AdoptionEvent:
    """Record that ``person`` reached ``stage`` of ``innovation`` on ``on_date``.

    A person moves forward one stage at a time: learned (from ``learned_from``, or from the introduction
    when empty), then adopted, then spreading. Refused with a message: a stage already reached or behind
    the current one, a skipped stage (adopting before learning), a date before the previous step or the
    introduction, a person outside the programme, learning from oneself, from someone who had not
    learned it yet, or a loop in who taught whom. A repeated ``idempotency_key`` returns the first step.
    """
    if stage not in Stage.values:
        _refuse(_("Choose learned, adopted or spreading."), "stage", "stage")
    with transaction.atomic():
        innovation = Innovation.objects.select_for_update().get(pk=innovation.pk)
        if idempotency_key:
            done = AdoptionEvent.objects.filter(
                innovation=innovation, idempotency_key=idempotency_key
            ).first()
            if done is not None:
                return done
        if on_date < innovation.introduced_on:
            _refuse(
                _("%(innovation)s was introduced on %(date)s; nobody can reach a stage before that.")
                % {"innovation": innovation.name, "date": innovation.introduced_on.isoformat()},
                "on_date",
                "before_introduction",
            )
        if not programme_people(innovation.programme).filter(pk=person.pk).exists():
            _refuse(
                _("%(person)s is neither a member of a group nor a resident of a site of %(programme)s.")
                % {"person": person.full_name, "programme": innovation.programme.name},
                "person",
                "person_scope",
            )
        history = list(
            AdoptionEvent.objects.filter(innovation=innovation, person=person).order_by("on_date", "id")
        )
        reached = [e.stage for e in history]
        current = max((layout.RANK[s] for s in reached), default=-1)
        wanted = layout.RANK[stage]
        if wanted <= current:
            _refuse(
                _(
                    "%(person)s is already at the stage “%(current)s”; a person only moves forward, "
                    "so “%(stage)s” cannot be recorded again."
                )
                % {
                    "person": person.full_name,
                    "current": _stage_label(STAGE_ORDER[current]),
                    "stage": _stage_label(stage),
                },
                "stage",
                "backwards",
            )
        if wanted > current + 1:
            _refuse(
                _("%(person)s must first reach the stage “%(needed)s” before “%(stage)s”.")
                % {
                    "person": person.full_name,
                    "needed": _stage_label(STAGE_ORDER[current + 1]),
                    "stage": _stage_label(stage),
                },
                "stage",
                "skipped",
            )
        if history and on_date < history[-1].on_date:
            _refuse(
                _("%(person)s reached %(previous)s on %(date)s; the next stage cannot come before.")
                % {
                    "person": person.full_name,
                    "previous": _stage_label(history[-1].stage),
                    "date": history[-1].on_date.isoformat(),
                },
                "on_date",
                "date_order",
            )
        if learned_from is not None:
            _check_teacher(innovation, person, stage, on_date, learned_from)
        event = AdoptionEvent.objects.create(
            innovation=innovation,
            person=person,
            stage=stage,
            on_date=on_date,
            learned_from=learned_from,
            notes=notes.strip(),
            idempotency_key=idempotency_key or None,
            created_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        record(actor=acting_user, action="create", obj=event, note=_("adoption step recorded"))
    return event


def _check_teacher(innovation: Innovation, person: Person, stage: str, on_date: dt.date, teacher: Person):
    if stage != Stage.LEARNED:
        _refuse(
            _("Who someone learned from is recorded with the learning step, not with %(stage)s.")
            % {"stage": _stage_label(stage)},
            "learned_from",
            "teacher_stage",
        )
    if teacher.pk == person.pk:
        _refuse(_("A person cannot learn from themselves."), "learned_from", "self")
    learned_on = (
        AdoptionEvent.objects.filter(innovation=innovation, person=teacher, stage=Stage.LEARNED)
        .values_list("on_date", flat=True)
        .first()
    )
    if learned_on is None or learned_on > on_date:
        _refuse(
            _("%(teacher)s had not learned %(innovation)s by %(date)s, so could not pass it on yet.")
            % {"teacher": teacher.full_name, "innovation": innovation.name, "date": on_date.isoformat()},
            "learned_from",
            "teacher_unknown",
        )
    teacher_of = dict(
        AdoptionEvent.objects.filter(innovation=innovation, stage=Stage.LEARNED).values_list(
            "person_id", "learned_from_id"
        )
    )
    if layout.creates_cycle(teacher.pk, person.pk, teacher_of):
        _refuse(
            _("%(teacher)s learned it (directly or through others) from %(person)s; that would make a loop.")
            % {"teacher": teacher.full_name, "person": person.full_name},
            "learned_from",
            "cycle",
        )


def remove_step(*, event: AdoptionEvent, acting_user) -> None:
    """Undo a wrongly recorded step: only a person's latest one, and never a learning others learned from."""
    with transaction.atomic():
        innovation = Innovation.objects.select_for_update().get(pk=event.innovation_id)
        event = AdoptionEvent.objects.select_related("person").get(pk=event.pk)
        latest = (
            AdoptionEvent.objects.filter(innovation=innovation, person=event.person_id)
            .order_by("-on_date", "-id")
            .first()
        )
        if latest.pk != event.pk:
            raise ServiceError(
                _("Only %(person)s's latest step can be removed; remove %(stage)s first.")
                % {"person": event.person.full_name, "stage": _stage_label(latest.stage)},
                code="not_latest",
            )
        if event.stage == Stage.LEARNED:
            learners = AdoptionEvent.objects.filter(
                innovation=innovation, learned_from=event.person_id
            ).count()
            if learners:
                raise ServiceError(
                    ngettext(
                        "%(count)s person learned it from %(person)s; remove that step first.",
                        "%(count)s people learned it from %(person)s; remove those steps first.",
                        learners,
                    )
                    % {"count": learners, "person": event.person.full_name},
                    code="has_learners",
                )
        before = snapshot(event)
        record(
            actor=acting_user,
            action="delete",
            obj=event,
            before=before,
            after={},
            note=_("adoption step removed"),
        )
        event.delete()
