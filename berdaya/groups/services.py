"""Every write to groups: founding, membership, officers, bylaws, meetings, stages and staff assignments.

Views, the API, the importer and the demo loader all call these functions; none of them writes the
models directly. Each function is atomic, logs to the audit trail inside its transaction, and refuses a
change that breaks a rule with a translated ``ServiceError`` before anything is saved.

Access is not checked here: callers fetch the group, person or staff member through
``berdaya.accounts.access`` first, so a service never sees an object its caller may not touch.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from berdaya.audit.log import record, snapshot
from berdaya.core.errors import ServiceError, check_fields
from berdaya.people.models import Person
from berdaya.places.models import Place
from berdaya.programs.models import Programme, StaffMember, Stage

from .models import Assignment, Attendance, Bylaws, Group, Meeting, Membership, OfficerTerm, StageRecord

GROUP_FIELDS = ("name", "kind", "place", "business_type", "founded_on", "status")
BYLAWS_FIELDS = (
    "principal_saving",
    "mandatory_saving",
    "mandatory_period",
    "dues",
    "loan_rate_percent_month",
    "loan_method",
    "arisan_amount",
    "meeting_cadence",
    "meeting_day",
    "quorum_percent",
    "sanctions",
    "joint_liability",
    "adopted_on",
)
_RUPIAH_FIELDS = ("principal_saving", "mandatory_saving", "dues", "arisan_amount")
# A monthly rate above 10 % is almost certainly a typo for a yearly rate (seed 002 uses 1 % a month).
MAX_RATE_PERCENT_MONTH = Decimal("10")


def local_today(place: Place) -> dt.date:
    """Today at the group's place: a meeting at 00:30 WITA in Lombok is still 'yesterday' in Jakarta."""
    return timezone.now().astimezone(ZoneInfo(place.timezone)).date()


def _fmt(day: dt.date) -> str:
    return day.isoformat()


# --- groups -----------------------------------------------------------------------------------------


def _check_place(programme: Programme, place: Place) -> None:
    sites = list(programme.sites.select_related("place").only("place__code", "place__name"))
    if not sites:
        return  # A programme without sites yet has not limited where it works.
    for site in sites:
        if place.code == site.place.code or place.code.startswith(site.place.code + "."):
            return
    names = ", ".join(site.place.name for site in sites)
    message = _(
        "%(place)s is outside the sites of %(programme)s (%(sites)s). A group must be formed where the "
        "programme works; add a site to the programme first if it is expanding."
    ) % {"place": place.name, "programme": programme.name, "sites": names}
    raise ServiceError(message, field_errors={"place": message})


def _check_name(programme: Programme, name: str, exclude_pk=None) -> str:
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Give the group a name."), field_errors={"name": _("This field is required.")})
    taken = Group.objects.filter(programme=programme, name__iexact=name)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        message = _("%(programme)s already has a group named %(name)s.") % {
            "programme": programme.name,
            "name": name,
        }
        raise ServiceError(message, field_errors={"name": message})
    return name


def _check_kind(kind: str) -> None:
    if kind not in Group.Kind.values:
        raise ServiceError(_("Choose a kind of group."), field_errors={"kind": _("Choose a kind of group.")})


@transaction.atomic
def create_group(
    *,
    acting_user,
    programme: Programme,
    name: str,
    kind: str,
    place: Place,
    business_type: str = "",
    founded_on=None,
) -> Group:
    """Found a group in a programme, at its first stage, with default (all-zero) bylaws to fill in.

    The place must lie under one of the programme's sites when the programme has any, so that groups
    are not silently formed outside the area the agencies committed to.
    """
    name = _check_name(programme, name)
    _check_kind(kind)
    _check_place(programme, place)
    if founded_on and founded_on > local_today(place):
        raise ServiceError(
            _("The founding date cannot be in the future."),
            field_errors={"founded_on": _("Not in the future.")},
        )
    first_stage = programme.stages.order_by("order").first()
    group = Group.objects.create(
        programme=programme,
        name=name,
        kind=kind,
        place=place,
        business_type=(business_type or "").strip(),
        founded_on=founded_on,
        stage=first_stage,
    )
    record(actor=acting_user, action="create", obj=group)
    bylaws = Bylaws.objects.create(group=group)
    record(actor=acting_user, action="create", obj=bylaws)
    return group


@transaction.atomic
def update_group(*, acting_user, group: Group, **changes) -> Group:
    """Change a group's name, kind, place, business type, founding date or status.

    The programme cannot change: stages, sites and size rules all belong to it. A founding date after
    the first member joined is refused because it would make that membership predate the group.
    """
    check_fields(changes, GROUP_FIELDS)
    group = Group.objects.select_for_update().select_related("programme", "place").get(pk=group.pk)
    before = snapshot(group)
    if "name" in changes:
        changes["name"] = _check_name(group.programme, changes["name"], exclude_pk=group.pk)
    if "kind" in changes:
        _check_kind(changes["kind"])
    if "place" in changes and changes["place"].pk != group.place_id:
        _check_place(group.programme, changes["place"])
    if "status" in changes and changes["status"] not in Group.Status.values:
        raise ServiceError(_("Choose a status."), field_errors={"status": _("Choose a status.")})
    if changes.get("founded_on"):
        first = group.memberships.order_by("joined_on").values_list("joined_on", flat=True).first()
        if first and changes["founded_on"] > first:
            message = _("The first member joined on %(date)s, before this founding date.") % {
                "date": _fmt(first)
            }
            raise ServiceError(message, field_errors={"founded_on": message})
    if "business_type" in changes:
        changes["business_type"] = (changes["business_type"] or "").strip()
    for field, value in changes.items():
        setattr(group, field, value)
    group.save()
    record(actor=acting_user, action="update", obj=group, before=before)
    return group


# --- membership -------------------------------------------------------------------------------------


def _lock_group(group: Group) -> Group:
    # Locking the group row serialises concurrent changes to its members and officers, so two
    # facilitators cannot add the same person or appoint two chairs at once.
    return Group.objects.select_for_update().select_related("programme", "place").get(pk=group.pk)


@transaction.atomic
def add_member(
    *, acting_user, group: Group, person: Person, joined_on: dt.date, join_reason: str = ""
) -> Membership:
    """Add a person to a group from ``joined_on``.

    Refused if the person is already an open member, if ``joined_on`` is before the group was founded
    or before the person's previous membership in this group ended. A group may grow beyond its
    programme's size limit: the limit is guidance, and the group's warnings then say so.
    """
    group = _lock_group(group)
    if joined_on is None:
        raise ServiceError(
            _("Give the date of joining."), field_errors={"joined_on": _("This field is required.")}
        )
    if group.founded_on and joined_on < group.founded_on:
        message = _("%(group)s was founded on %(date)s; a member cannot join before that.") % {
            "group": group.name,
            "date": _fmt(group.founded_on),
        }
        raise ServiceError(message, field_errors={"joined_on": message})
    if joined_on > local_today(group.place):
        message = _("The date of joining cannot be in the future.")
        raise ServiceError(message, field_errors={"joined_on": message})
    previous = Membership.objects.filter(group=group, person=person).order_by("-joined_on")
    for membership in previous:
        if membership.left_on is None:
            message = _("%(person)s is already a member of %(group)s (since %(date)s).") % {
                "person": person.full_name,
                "group": group.name,
                "date": _fmt(membership.joined_on),
            }
            raise ServiceError(message, field_errors={"person": message})
        if membership.left_on > joined_on:
            message = _(
                "%(person)s left this group on %(date)s; rejoining must be on or after that date."
            ) % {
                "person": person.full_name,
                "date": _fmt(membership.left_on),
            }
            raise ServiceError(message, field_errors={"joined_on": message})
    membership = Membership.objects.create(
        group=group, person=person, joined_on=joined_on, join_reason=(join_reason or "").strip()
    )
    record(actor=acting_user, action="create", obj=membership)
    return membership


@transaction.atomic
def add_new_member(
    *, acting_user, group: Group, joined_on: dt.date, join_reason: str = "", **person_fields
) -> Membership:
    """Register a new person and make them a member, in one transaction.

    This is how facilitators and officers add people they meet at the group: if the membership is
    refused (e.g. a date before founding), the person record is not kept either.
    """
    from berdaya.people.services import create_person

    person_fields.setdefault("place", group.place)
    person = create_person(acting_user=acting_user, **person_fields)
    return add_member(
        acting_user=acting_user, group=group, person=person, joined_on=joined_on, join_reason=join_reason
    )


@transaction.atomic
def end_membership(*, acting_user, membership: Membership, left_on: dt.date, leave_reason: str) -> Membership:
    """End a membership on ``left_on`` with a reason; the person's open officer terms end the same day.

    The reason is required because leaving is what the group's health and the evaluation read later
    (moved away, business failed, expelled under the bylaws' sanctions…).
    """
    membership = (
        Membership.objects.select_for_update().select_related("group", "person").get(pk=membership.pk)
    )
    _lock_group(membership.group)
    leave_reason = (leave_reason or "").strip()
    errors = {}
    if membership.left_on is not None:
        raise ServiceError(
            _("%(person)s already left on %(date)s.")
            % {"person": membership.person.full_name, "date": _fmt(membership.left_on)}
        )
    if not leave_reason:
        errors["leave_reason"] = _("Say why the member leaves.")
    if left_on is None:
        errors["left_on"] = _("This field is required.")
    elif left_on < membership.joined_on:
        errors["left_on"] = _("%(person)s joined on %(date)s; leaving must be on or after that.") % {
            "person": membership.person.full_name,
            "date": _fmt(membership.joined_on),
        }
    if errors:
        raise ServiceError(" ".join(errors.values()), field_errors=errors)
    terms = list(
        OfficerTerm.objects.select_for_update().filter(
            group=membership.group, person=membership.person, end_on__isnull=True
        )
    )
    for term in terms:
        if term.start_on > left_on:
            message = _(
                "%(person)s has a %(role)s term starting %(date)s, after this date; end it first."
            ) % {
                "person": membership.person.full_name,
                "role": term.get_role_display(),
                "date": _fmt(term.start_on),
            }
            raise ServiceError(message, field_errors={"left_on": message})
    for term in terms:
        before = snapshot(term)
        term.end_on = left_on
        term.save(update_fields=["end_on"])
        record(actor=acting_user, action="update", obj=term, before=before, note="membership ended")
    before = snapshot(membership)
    membership.left_on = left_on
    membership.leave_reason = leave_reason
    membership.save(update_fields=["left_on", "leave_reason"])
    record(actor=acting_user, action="update", obj=membership, before=before)
    return membership


# --- officers ---------------------------------------------------------------------------------------


# Offices held by one person at a time; the others (sections, supervisors) may have several holders.
SINGLE_HOLDER_ROLES = {OfficerTerm.Role.CHAIR, OfficerTerm.Role.SECRETARY, OfficerTerm.Role.TREASURER}


@transaction.atomic
def appoint_officer(
    *, acting_user, group: Group, person: Person, role: str, start_on: dt.date, end_on: dt.date | None = None
) -> OfficerTerm:
    """Appoint a member to an office from ``start_on``.

    Chair, secretary and treasurer have one holder: the previous holder's open term ends the day before.
    The business and marketing sections and the finance supervisors may have several (the Senik
    paguyuban of seed 002 has two of each). Only an open member who had joined by ``start_on`` may hold
    office, and one person holds one role at a time (a treasurer who is also chair could approve their
    own loans).
    """
    group = _lock_group(group)
    if role not in OfficerTerm.Role.values:
        raise ServiceError(_("Choose a role."), field_errors={"role": _("Choose a role.")})
    if start_on is None:
        raise ServiceError(
            _("Give the start of the term."), field_errors={"start_on": _("This field is required.")}
        )
    if end_on is not None and end_on < start_on:
        message = _("The term cannot end before it starts.")
        raise ServiceError(message, field_errors={"end_on": message})
    membership = Membership.objects.filter(group=group, person=person, left_on__isnull=True).first()
    if membership is None:
        message = _("%(person)s is not a member of %(group)s; only members can hold office.") % {
            "person": person.full_name,
            "group": group.name,
        }
        raise ServiceError(message, field_errors={"person": message})
    if membership.joined_on > start_on:
        message = _("%(person)s joined on %(date)s; the term cannot start before that.") % {
            "person": person.full_name,
            "date": _fmt(membership.joined_on),
        }
        raise ServiceError(message, field_errors={"start_on": message})
    open_terms = list(OfficerTerm.objects.select_for_update().filter(group=group, end_on__isnull=True))
    for term in open_terms:
        if term.person_id == person.pk:
            if term.role == role:
                message = _("%(person)s already holds this office.") % {"person": person.full_name}
            else:
                message = _("%(person)s already holds the office of %(role)s; end that term first.") % {
                    "person": person.full_name,
                    "role": term.get_role_display(),
                }
            raise ServiceError(message, field_errors={"person": message})
    day_before = start_on - dt.timedelta(days=1)
    for term in open_terms:
        if term.role != role or role not in SINGLE_HOLDER_ROLES:
            continue
        if term.start_on > day_before:
            message = _(
                "The current %(role)s (%(person)s) started on %(date)s; the new term must start later."
            ) % {
                "role": term.get_role_display(),
                "person": term.person.full_name,
                "date": _fmt(term.start_on),
            }
            raise ServiceError(message, field_errors={"start_on": message})
        before = snapshot(term)
        term.end_on = day_before
        term.save(update_fields=["end_on"])
        record(actor=acting_user, action="update", obj=term, before=before, note="succeeded")
    term = OfficerTerm.objects.create(group=group, person=person, role=role, start_on=start_on, end_on=end_on)
    record(actor=acting_user, action="create", obj=term)
    return term


@transaction.atomic
def end_officer_term(*, acting_user, term: OfficerTerm, end_on: dt.date) -> OfficerTerm:
    """End an open officer term on ``end_on`` (the person stays a member)."""
    term = OfficerTerm.objects.select_for_update().select_related("person").get(pk=term.pk)
    if term.end_on is not None:
        raise ServiceError(_("This term already ended on %(date)s.") % {"date": _fmt(term.end_on)})
    if end_on is None or end_on < term.start_on:
        message = _("The term started on %(date)s; it cannot end before that.") % {
            "date": _fmt(term.start_on)
        }
        raise ServiceError(message, field_errors={"end_on": message})
    before = snapshot(term)
    term.end_on = end_on
    term.save(update_fields=["end_on"])
    record(actor=acting_user, action="update", obj=term, before=before)
    return term


# --- bylaws -----------------------------------------------------------------------------------------


@transaction.atomic
def set_bylaws(*, acting_user, group: Group, **fields) -> Bylaws:
    """Set the group's AD/ART figures. Amounts are non-negative integer rupiah; the loan rate is a
    percentage per month between 0 and 10; the quorum a percentage of members between 1 and 100."""
    unknown = set(fields) - set(BYLAWS_FIELDS)
    if unknown:
        raise ServiceError(
            _("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    bylaws, _created = Bylaws.objects.select_for_update().get_or_create(group=group)
    before = snapshot(bylaws)
    errors: dict[str, str] = {}
    for name in _RUPIAH_FIELDS:
        if name not in fields:
            continue
        value = fields[name]
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, Decimal) and value == value.to_integral_value():
                fields[name] = value = int(value)
            else:
                errors[name] = _("Give a whole number of rupiah.")
                continue
        if value < 0:
            errors[name] = _("Cannot be negative.")
    if "loan_rate_percent_month" in fields:
        try:
            rate = Decimal(str(fields["loan_rate_percent_month"]))
        except (InvalidOperation, ValueError):
            errors["loan_rate_percent_month"] = _("Give a number.")
        else:
            if rate < 0 or rate > MAX_RATE_PERCENT_MONTH:
                errors["loan_rate_percent_month"] = _(
                    "Give the rate per month, between 0 and %(max)s %% (1 %% a month is 12 %% a year)."
                ) % {"max": MAX_RATE_PERCENT_MONTH}
            elif rate != rate.quantize(Decimal("0.01")):
                errors["loan_rate_percent_month"] = _("Use at most two decimals.")
            else:
                fields["loan_rate_percent_month"] = rate
    if "quorum_percent" in fields:
        quorum = fields["quorum_percent"]
        if isinstance(quorum, bool) or not isinstance(quorum, int) or not 1 <= quorum <= 100:
            errors["quorum_percent"] = _("Give a percentage between 1 and 100.")
    for name, choices in (
        ("mandatory_period", Bylaws.Period.values),
        ("meeting_cadence", Bylaws.Period.values),
        ("loan_method", Bylaws.LoanMethod.values),
    ):
        if name in fields and fields[name] not in choices:
            errors[name] = _("Choose one of the options.")
    if errors:
        raise ServiceError(_("Some figures of the bylaws are not valid."), field_errors=errors)
    for name, value in fields.items():
        setattr(bylaws, name, value)
    bylaws.save()
    record(actor=acting_user, action="update", obj=bylaws, before=before)
    return bylaws


# --- meetings ---------------------------------------------------------------------------------------


def members_on(group: Group, day: dt.date) -> dict[int, Person]:
    """{person_id: person} of the group's members on a date (joined by then, not left before), by name."""
    rows = (
        Membership.objects.filter(group=group, joined_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .select_related("person")
        .order_by("person__full_name", "person_id")
    )
    return {m.person_id: m.person for m in rows}


def _write_meeting(meeting: Meeting, group: Group, present) -> None:
    present_ids = {int(pk) for pk in (present or [])}
    members = members_on(group, meeting.held_on)
    strangers = present_ids - set(members)
    if strangers:
        names = ", ".join(
            Person.objects.filter(pk__in=strangers).values_list("full_name", flat=True)
        ) or ", ".join(str(pk) for pk in sorted(strangers))
        message = _("Not members of the group on %(date)s: %(names)s.") % {
            "date": _fmt(meeting.held_on),
            "names": names,
        }
        raise ServiceError(message, field_errors={"present": message})
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, person_id=pk, present=pk in present_ids) for pk in sorted(members)]
    )


def _check_meeting_date(group: Group, held_on: dt.date) -> None:
    if held_on > local_today(group.place):
        message = _("A meeting is recorded after it is held; %(date)s is still to come at %(place)s.") % {
            "date": _fmt(held_on),
            "place": group.place.name,
        }
        raise ServiceError(message, field_errors={"held_on": message})
    if group.founded_on and held_on < group.founded_on:
        message = _("The group was founded on %(date)s.") % {"date": _fmt(group.founded_on)}
        raise ServiceError(message, field_errors={"held_on": message})


@transaction.atomic
def record_meeting(
    *,
    acting_user,
    group: Group,
    held_on: dt.date | None = None,
    venue: str = "",
    agenda: str = "",
    minutes: str = "",
    present: list[int] | None = None,
) -> Meeting:
    """Record a held meeting with its minutes and one attendance row per member on that date.

    ``held_on`` is the local date at the group's place (default: today there, e.g. WITA for Lombok);
    ``present`` lists the person ids who came, all of whom must be members on that date.
    """
    group = _lock_group(group)
    held_on = held_on or local_today(group.place)
    _check_meeting_date(group, held_on)
    meeting = Meeting.objects.create(
        group=group, held_on=held_on, venue=venue, agenda=agenda, minutes=minutes
    )
    _write_meeting(meeting, group, present)
    record(actor=acting_user, action="create", obj=meeting, note=_attendance_note(meeting))
    return meeting


@transaction.atomic
def update_meeting(
    *,
    acting_user,
    meeting: Meeting,
    held_on: dt.date | None = None,
    venue: str = "",
    agenda: str = "",
    minutes: str = "",
    present: list[int] | None = None,
) -> Meeting:
    """Correct a meeting's date, venue, agenda or minutes and re-write its attendance from ``present``."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    group = _lock_group(meeting.group)
    before = snapshot(meeting)
    meeting.held_on = held_on or meeting.held_on
    _check_meeting_date(group, meeting.held_on)
    meeting.venue, meeting.agenda, meeting.minutes = venue, agenda, minutes
    meeting.save()
    _write_meeting(meeting, group, present)
    record(actor=acting_user, action="update", obj=meeting, before=before, note=_attendance_note(meeting))
    return meeting


def _attendance_note(meeting: Meeting) -> str:
    rows = list(meeting.attendance.values_list("present", flat=True))
    return f"present {sum(rows)}/{len(rows)}"


# --- stages -----------------------------------------------------------------------------------------


@transaction.atomic
def record_stage(
    *, acting_user, group: Group, stage: Stage, reached_on: dt.date, evidence: str
) -> StageRecord:
    """Record, with evidence, that the group reached a stage of its programme on a date.

    The group's current stage becomes the furthest stage (by order) it has evidence for, so recording
    a late piece of evidence for an earlier stage never moves the group backwards.
    """
    group = _lock_group(group)
    evidence = (evidence or "").strip()
    errors = {}
    if stage.programme_id != group.programme_id:
        errors["stage"] = _("%(stage)s is not a stage of %(programme)s.") % {
            "stage": stage.name,
            "programme": group.programme.name,
        }
    if not evidence:
        errors["evidence"] = _("Say what shows the stage was reached (minutes, photos, a document).")
    if reached_on is None:
        errors["reached_on"] = _("This field is required.")
    elif reached_on > local_today(group.place):
        errors["reached_on"] = _("The date cannot be in the future.")
    if errors:
        raise ServiceError(" ".join(str(v) for v in errors.values()), field_errors=errors)
    stage_record = StageRecord.objects.create(
        group=group, stage=stage, reached_on=reached_on, evidence=evidence
    )
    record(actor=acting_user, action="create", obj=stage_record)
    furthest = Stage.objects.filter(pk__in=group.stage_records.values("stage_id")).order_by("-order").first()
    if group.stage is None or furthest.order > group.stage.order:
        before = snapshot(group)
        group.stage = furthest
        group.save(update_fields=["stage"])
        record(actor=acting_user, action="update", obj=group, before=before, note="stage reached")
    return stage_record


# --- staff assignments ------------------------------------------------------------------------------


@transaction.atomic
def assign_staff(
    *, acting_user, group: Group, staff: StaffMember, start_on: dt.date
) -> tuple[Assignment, list[str]]:
    """Assign a facilitator or mentor to a group. Returns the assignment and warnings to show.

    An untrained mentor, one outside the group's programme or an inactive one is assigned all the same
    (the field often has no one else) but the warnings say so; seed 004 names poor mentor
    preparation as a cause of failure.
    """
    group = _lock_group(group)
    if start_on is None:
        raise ServiceError(_("Give the start date."), field_errors={"start_on": _("This field is required.")})
    if Assignment.objects.filter(group=group, staff=staff, end_on__isnull=True).exists():
        message = _("%(staff)s is already assigned to %(group)s.") % {
            "staff": staff.full_name,
            "group": group.name,
        }
        raise ServiceError(message, field_errors={"staff": message})
    warnings = []
    if not staff.trained:
        warnings.append(
            _("%(staff)s has not been trained as a %(kind)s yet.")
            % {"staff": staff.full_name, "kind": staff.get_kind_display().lower()}
        )
    if not staff.programmes.filter(pk=group.programme_id).exists():
        warnings.append(
            _("%(staff)s is not staff of the programme %(programme)s.")
            % {"staff": staff.full_name, "programme": group.programme.name}
        )
    if not staff.active:
        warnings.append(_("%(staff)s is marked inactive.") % {"staff": staff.full_name})
    assignment = Assignment.objects.create(group=group, staff=staff, start_on=start_on)
    record(actor=acting_user, action="create", obj=assignment, note="; ".join(warnings))
    return assignment, warnings


@transaction.atomic
def end_assignment(*, acting_user, assignment: Assignment, end_on: dt.date) -> Assignment:
    """End a staff assignment on ``end_on``."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.end_on is not None:
        raise ServiceError(
            _("This assignment already ended on %(date)s.") % {"date": _fmt(assignment.end_on)}
        )
    if end_on is None or end_on < assignment.start_on:
        message = _("The assignment started on %(date)s; it cannot end before that.") % {
            "date": _fmt(assignment.start_on)
        }
        raise ServiceError(message, field_errors={"end_on": message})
    before = snapshot(assignment)
    assignment.end_on = end_on
    assignment.save(update_fields=["end_on"])
    record(actor=acting_user, action="update", obj=assignment, before=before)
    return assignment
