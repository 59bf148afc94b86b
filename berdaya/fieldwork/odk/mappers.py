"""Turn one normalised submission into a call of the owning app's service.

Each mapper reads the form's fields (the names ``xlsform`` gave them), checks what only a form can get
wrong (a missing answer, a date that is not a date, an id from another programme's form, text where a
number belongs) and raises ``Rejected`` with a translated reason; everything else is the service's
business, and its ``ServiceError`` message becomes the reason. Mappers never write a model themselves.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from .models import FormKind
from .xlsform import NONE_CHOICE, FormSpec


class Rejected(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _required(fields: dict, name: str, label: str) -> str:
    value = (fields.get(name) or "").strip()
    if not value or value == NONE_CHOICE:
        raise Rejected(_("“%(field)s” is missing.") % {"field": label})
    return value


def _date(fields: dict, name: str, label: str, *, required: bool = True) -> dt.date | None:
    value = (fields.get(name) or "").strip()
    if not value:
        if required:
            raise Rejected(_("“%(field)s” is missing.") % {"field": label})
        return None
    try:
        # ODK writes dates as YYYY-MM-DD; a spreadsheet round-trip may add a time.
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise Rejected(
            _("“%(field)s” is not a date: “%(value)s” (expected YYYY-MM-DD).")
            % {"field": label, "value": value}
        ) from None


def _choice(spec: FormSpec, fields: dict, name: str, label: str, list_name: str, prefix: str) -> int:
    value = _required(fields, name, label)
    ids = spec.ids(list_name, prefix)
    if value not in ids:
        raise Rejected(
            _("“%(field)s” is “%(value)s”, which is not in this form's list; the form may be out of date.")
            % {"field": label, "value": value}
        )
    return ids[value]


def check_scope(spec: FormSpec, fields: dict) -> None:
    scope = (fields.get("scope") or "").strip()
    if scope and scope != str(spec.scope_id):
        raise Rejected(
            _("This submission was made with another form (scope %(found)s, expected %(expected)s).")
            % {"found": scope, "expected": spec.scope_id}
        )


def map_visit(spec: FormSpec, fields: dict, *, instance_id: str, acting_user) -> tuple[str, int]:
    from berdaya.fieldwork.mentoring.services import record_visit
    from berdaya.groups.models import Group
    from berdaya.people.models import Person
    from berdaya.programs.models import StaffMember

    visited_on = _date(fields, "visited_on", _("Date of the visit"))
    mentor_id = _choice(spec, fields, "mentor", _("Mentor"), "mentors", "m")
    technique = _required(fields, "technique", _("Technique"))
    if technique not in {name for name, *_labels in spec.choices["techniques"]}:
        raise Rejected(_("“%(field)s” is “%(value)s”, which is not in this form's list; the form may be out of date.")
                       % {"field": _("Technique"), "value": technique})  # fmt: skip
    visit_to = (fields.get("visit_to") or "").strip()
    group = person = None
    if visit_to == "person" or (not visit_to and fields.get("person") and not fields.get("group")):
        person = Person.objects.get(pk=_choice(spec, fields, "person", _("Person"), "people", "p"))
    else:
        group = Group.objects.get(pk=_choice(spec, fields, "group", _("Group"), "groups", "g"))
    next_visit_on = _date(fields, "next_visit_on", _("Next visit"), required=False)
    actions = [{"text": line.strip()} for line in (fields.get("actions") or "").splitlines() if line.strip()]
    visit, _created = record_visit(
        programme=spec.programme,
        mentor=StaffMember.objects.get(pk=mentor_id),
        visited_on=visited_on,
        technique=technique,
        group=group,
        person=person,
        productive_topics=fields.get("productive_topics", ""),
        welfare_topics=fields.get("welfare_topics", ""),
        issues=fields.get("issues", ""),
        actions=actions,
        next_visit_on=next_visit_on,
        idempotency_key=f"odk:{instance_id}"[:80],
        acting_user=acting_user,
    )
    return "mentoring.visit", visit.pk


def map_pra_vote(spec: FormSpec, fields: dict, *, instance_id: str, acting_user) -> tuple[str, int]:
    from berdaya.fieldwork.pra.services import cast_dot_votes
    from berdaya.people.models import Person

    person_id = _choice(spec, fields, "participant", _("Participant"), "participants", "p")
    votes: dict[int, int] = {}
    for name, label, _label_en in spec.choices.get("problems", []):
        value = (fields.get(name) or "").strip()
        if not value:
            continue  # an unanswered problem got no dots
        try:
            dots = int(value)
        except ValueError:
            raise Rejected(
                _("The dots for “%(problem)s” are not a whole number: “%(value)s”.")
                % {"problem": label, "value": value}
            ) from None
        if dots < 0:
            raise Rejected(_("The dots for “%(problem)s” are negative.") % {"problem": label})
        if dots:
            votes[int(name.removeprefix("problem_"))] = dots
    cast_dot_votes(
        session=spec.scope, person=Person.objects.get(pk=person_id), votes=votes, acting_user=acting_user
    )
    return "pra.session", spec.scope_id


def map_attendance(spec: FormSpec, fields: dict, *, instance_id: str, acting_user) -> tuple[str, int]:
    from berdaya.fieldwork.training.models import TrainingSession
    from berdaya.fieldwork.training.services import record_attendance
    from berdaya.people.models import Person

    session_id = _choice(spec, fields, "session", _("Training session"), "sessions", "s")
    participants = spec.ids("participants", "p")
    chosen = (fields.get("present") or "").split()
    unknown = [value for value in chosen if value not in participants]
    if unknown:
        raise Rejected(
            _("“%(field)s” names %(values)s, not in this form's list; the form may be out of date.")
            % {"field": _("Participants present"), "values": ", ".join(unknown)}
        )
    present = {participants[value] for value in chosen}
    session = TrainingSession.objects.select_related("training").get(pk=session_id)
    people = Person.objects.in_bulk(participants.values())
    for person_id in participants.values():
        record_attendance(
            session=session, person=people[person_id], present=person_id in present, acting_user=acting_user
        )
    return "training.session", session.pk


MAPPERS = {FormKind.VISIT: map_visit, FormKind.PRA_VOTE: map_pra_vote, FormKind.ATTENDANCE: map_attendance}
