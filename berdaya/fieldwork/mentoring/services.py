"""Every write of mentoring: visits (with agreed actions), actions done, and the monthly report's life.

Views, the API, the demo and ODK ingestion all call these functions. Each one checks the business rules,
raises ``ServiceError`` with a translated message (nothing saved), writes inside one transaction and
audit-logs what changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from berdaya.audit.log import record, snapshot
from berdaya.core.errors import ServiceError, check_fields
from berdaya.groups.models import Assignment, Group, Membership
from berdaya.groups.services import local_today
from berdaya.people.models import Person
from berdaya.programs.models import Programme, StaffMember

from .models import AgreedAction, MonthlyReport, Technique, Visit

TEXT_FIELDS = ("summary", "achievements", "problems", "plans")


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(month: dt.date) -> dt.date:
    """The last day of ``month`` (any day of it)."""
    nxt = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def mentor_works_in(mentor: StaffMember, programme: Programme) -> bool:
    """A mentor works in a programme when listed on it or assigned (open assignment) to one of its groups."""
    return (
        StaffMember.objects.filter(pk=mentor.pk)
        .filter(
            Q(programmes=programme)
            | Q(
                pk__in=Assignment.objects.filter(group__programme=programme, end_on__isnull=True).values(
                    "staff_id"
                )
            )
        )
        .exists()
    )


def _check_mentor(mentor: StaffMember, programme: Programme) -> None:
    if not mentor.active:
        msg = _("%(mentor)s is no longer active.") % {"mentor": mentor.full_name}
        raise ServiceError(msg, field_errors={"mentor": msg}, code="mentor")
    if not mentor_works_in(mentor, programme):
        msg = _(
            "%(mentor)s does not work in %(programme)s: add them to the programme or assign them to one of "
            "its groups first."
        ) % {"mentor": mentor.full_name, "programme": programme.name}
        raise ServiceError(msg, field_errors={"mentor": msg}, code="mentor")


def _clean_actions(actions: Iterable[Mapping], visited_on: dt.date) -> list[dict]:
    rows = []
    for raw in actions:
        text = (raw.get("text") or "").strip()
        owner = (raw.get("owner") or "").strip()
        due_on = raw.get("due_on")
        if not text:
            if owner or due_on:
                msg = _("Say what was agreed for each action that has a person or a date.")
                raise ServiceError(msg, field_errors={"actions": msg}, code="action")
            continue
        if len(text) > 250 or len(owner) > 120:
            msg = _("An action is too long: at most 250 characters, and 120 for who does it.")
            raise ServiceError(msg, field_errors={"actions": msg}, code="action")
        if due_on is not None and due_on < visited_on:
            msg = _("The action “%(text)s” is due on %(due)s, before the visit on %(visit)s.") % {
                "text": text,
                "due": due_on.isoformat(),
                "visit": visited_on.isoformat(),
            }
            raise ServiceError(msg, field_errors={"actions": msg}, code="action")
        rows.append({"text": text, "owner": owner, "due_on": due_on})
    return rows


def record_visit(
    *,
    programme: Programme,
    mentor: StaffMember,
    visited_on: dt.date,
    technique: str,
    group: Group | None = None,
    person: Person | None = None,
    productive_topics: str = "",
    welfare_topics: str = "",
    issues: str = "",
    actions: Iterable[Mapping] = (),
    next_visit_on: dt.date | None = None,
    idempotency_key: str | None = None,
    acting_user,
    duration_minutes: int | None = None,
) -> tuple[Visit, bool]:
    """Record a mentor's visit to a group or a person, with the actions agreed. Returns (visit, created).

    ``actions`` are dicts ``{"text", "owner", "due_on"}``. The same ``idempotency_key`` again returns the
    first visit with ``created=False`` and saves nothing (a phone retrying on a bad connection). The
    visit date must not be in the future at the place visited, the next visit comes after it, the
    group belongs to the programme, a person visited belongs to one of its groups (to the group when
    both are given) and the mentor works in the programme.
    """
    key = (idempotency_key or "").strip()[:100] or None
    if key:
        existing = Visit.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing, False
    if group is None and person is None:
        msg = _("Name the group or the person visited.")
        raise ServiceError(msg, field_errors={"group": msg}, code="visited")
    if technique not in Technique.values:
        msg = _("Choose the technique: group discussion, lecture or home visit.")
        raise ServiceError(msg, field_errors={"technique": msg}, code="technique")
    if group is not None and group.programme_id != programme.pk:
        msg = _("%(group)s is not in the programme %(programme)s.") % {
            "group": group.name,
            "programme": programme.name,
        }
        raise ServiceError(msg, field_errors={"group": msg}, code="group")
    if person is not None:
        memberships = Membership.objects.filter(person=person)
        memberships = (
            memberships.filter(group=group)
            if group is not None
            else memberships.filter(group__programme=programme)
        )
        if not memberships.exists():
            where = group.name if group is not None else programme.name
            msg = _("%(person)s is not a member of %(where)s.") % {"person": person.full_name, "where": where}
            raise ServiceError(msg, field_errors={"person": msg}, code="person")
    _check_mentor(mentor, programme)
    place = group.place if group is not None else person.place
    today = local_today(place)
    if visited_on > today:
        msg = _("The visit date %(date)s is in the future (today is %(today)s at %(place)s).") % {
            "date": visited_on.isoformat(),
            "today": today.isoformat(),
            "place": place.name,
        }
        raise ServiceError(msg, field_errors={"visited_on": msg}, code="future")
    if next_visit_on is not None and next_visit_on <= visited_on:
        msg = _("The next visit (%(next)s) must come after this one (%(date)s).") % {
            "next": next_visit_on.isoformat(),
            "date": visited_on.isoformat(),
        }
        raise ServiceError(msg, field_errors={"next_visit_on": msg}, code="next_visit")
    if duration_minutes is not None and not (0 < duration_minutes <= 24 * 60):
        msg = _("The duration is in minutes, more than zero and at most one day.")
        raise ServiceError(msg, field_errors={"duration_minutes": msg}, code="duration")
    rows = _clean_actions(actions, visited_on)
    try:
        with transaction.atomic():
            visit = Visit.objects.create(
                programme=programme,
                mentor=mentor,
                group=group,
                person=person,
                visited_on=visited_on,
                technique=technique,
                duration_minutes=duration_minutes,
                productive_topics=(productive_topics or "").strip(),
                welfare_topics=(welfare_topics or "").strip(),
                issues=(issues or "").strip(),
                next_visit_on=next_visit_on,
                idempotency_key=key,
                created_by=acting_user if getattr(acting_user, "pk", None) else None,
            )
            AgreedAction.objects.bulk_create([AgreedAction(visit=visit, **row) for row in rows])
            record(actor=acting_user, action="create", obj=visit, note=_("mentoring visit recorded"))
    except IntegrityError:
        # Two copies of the same retried request raced; the other one saved the visit.
        existing = Visit.objects.filter(idempotency_key=key).first() if key else None
        if existing is None:
            raise
        return existing, False
    return visit, True


def complete_action(*, action: AgreedAction, done_on: dt.date, acting_user, note: str = "") -> AgreedAction:
    """Mark an agreed action done on ``done_on`` (not before its visit, not in the future)."""
    with transaction.atomic():
        action = AgreedAction.objects.select_for_update().select_related("visit__programme").get(pk=action.pk)
        visit = Visit.objects.select_related("group__place", "person__place").get(pk=action.visit_id)
        if action.done_on is not None:
            msg = _("This action was already done on %(date)s.") % {"date": action.done_on.isoformat()}
            raise ServiceError(msg, field_errors={"done_on": msg}, code="done")
        place = visit.group.place if visit.group_id else visit.person.place
        if done_on < visit.visited_on or done_on > local_today(place):
            msg = _("The date done must be between the visit (%(visit)s) and today.") % {
                "visit": visit.visited_on.isoformat()
            }
            raise ServiceError(msg, field_errors={"done_on": msg}, code="done_on")
        before = snapshot(action)
        action.done_on = done_on
        action.done_note = (note or "").strip()[:250]
        action.save(update_fields=["done_on", "done_note"])
        record(actor=acting_user, action="update", obj=action, before=before, note=_("agreed action done"))
    return action


# --- monthly report ---------------------------------------------------------------------------------


def _draft_texts(figures: dict, mentor: StaffMember, month: dt.date) -> dict[str, str]:
    """The report's first wording, from the figures; the mentor rewrites it in their own words."""
    summary = _(
        "Visits in %(month)s by %(mentor)s: %(visits)s (group discussions %(discussion)s, lectures "
        "%(lecture)s, home visits %(home)s); groups reached: %(groups)s; persons visited: %(persons)s."
    ) % {
        "month": month.strftime("%m/%Y"),
        "mentor": mentor.full_name,
        "visits": figures["visits"],
        "discussion": figures["by_technique"].get(Technique.DISCUSSION, 0),
        "lecture": figures["by_technique"].get(Technique.LECTURE, 0),
        "home": figures["by_technique"].get(Technique.HOME_VISIT, 0),
        "groups": len(figures["groups"]),
        "persons": len(figures["persons"]),
    }
    lines = [summary]
    lines += [w["message"] for w in figures["warnings"]]
    achievements = ["- " + _("%(text)s (%(owner)s), done %(date)s") % a for a in figures["actions_done"]]
    problems = ["- " + f"{i['date']} {i['visited']}: {i['text']}" for i in figures["issues"]]
    plans = ["- " + _("%(text)s (%(owner)s), due %(due)s") % a for a in figures["actions_open"]]
    plans += ["- " + _("Next visit to %(visited)s on %(date)s") % n for n in figures["next_visits"]]
    return {
        "summary": "\n".join(lines),
        "achievements": "\n".join(achievements),
        "problems": "\n".join(problems),
        "plans": "\n".join(plans),
    }


def draft_monthly_report(
    *, mentor: StaffMember, programme: Programme, month: dt.date, acting_user
) -> MonthlyReport:
    """Draft (or refresh) the mentor's report for ``month`` from that month's visits in ``programme``.

    A new report gets its figures and a first wording of every text. An existing draft gets fresh
    figures; the texts the mentor already wrote are kept (an empty one is filled again). A submitted
    report is not touched: a manager returns it to draft first.
    """
    from .queries import month_figures  # queries imports services' date helpers

    month = first_of_month(month)
    _check_mentor(mentor, programme)
    if month > first_of_month(timezone.localdate()):
        msg = _("A report covers a month that has started; %(month)s has not.") % {
            "month": month.strftime("%m/%Y")
        }
        raise ServiceError(msg, field_errors={"month": msg}, code="month")
    figures = month_figures(mentor=mentor, programme=programme, month=month)
    texts = _draft_texts(figures, mentor, month)
    with transaction.atomic():
        report = (
            MonthlyReport.objects.select_for_update()
            .filter(mentor=mentor, programme=programme, month=month)
            .first()
        )
        if report is None:
            report = MonthlyReport.objects.create(
                mentor=mentor,
                programme=programme,
                month=month,
                figures=figures,
                drafted_at=timezone.now(),
                created_by=acting_user if getattr(acting_user, "pk", None) else None,
                **texts,
            )
            record(actor=acting_user, action="create", obj=report, note=_("monthly report drafted"))
            return report
        if not report.is_draft:
            msg = _("The report for %(month)s was submitted on %(date)s; it can no longer change.") % {
                "month": month.strftime("%m/%Y"),
                "date": report.submitted_on.isoformat() if report.submitted_on else "",
            }
            raise ServiceError(msg, code="submitted")
        before = snapshot(report)
        report.figures = figures
        report.drafted_at = timezone.now()
        fields = ["figures", "drafted_at", "updated_at"]
        for name in TEXT_FIELDS:
            if not getattr(report, name).strip():
                setattr(report, name, texts[name])
                fields.append(name)
        report.save(update_fields=fields)
        record(
            actor=acting_user, action="update", obj=report, before=before, note=_("monthly report recounted")
        )
    return report


def update_monthly_report(*, report: MonthlyReport, changes: dict, acting_user) -> MonthlyReport:
    """The mentor edits the texts of a draft (``summary``, ``achievements``, ``problems``, ``plans``)."""
    check_fields(changes, TEXT_FIELDS)
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        if not report.is_draft:
            msg = _("A submitted report is read-only; a manager can return it to draft.")
            raise ServiceError(msg, code="submitted")
        before = snapshot(report)
        for name, value in changes.items():
            setattr(report, name, (value or "").strip())
        report.save(update_fields=[*changes, "updated_at"])
        record(actor=acting_user, action="update", obj=report, before=before, note=_("monthly report edited"))
    return report


def submit_monthly_report(
    *, report: MonthlyReport, acting_user, submitted_on: dt.date | None = None
) -> MonthlyReport:
    """Submit a draft: from then on it is read-only. It must say something in its summary."""
    submitted_on = submitted_on or timezone.localdate()
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        if not report.is_draft:
            msg = _("This report was already submitted on %(date)s.") % {
                "date": report.submitted_on.isoformat() if report.submitted_on else ""
            }
            raise ServiceError(msg, code="submitted")
        if not report.summary.strip():
            msg = _("Write the summary before submitting.")
            raise ServiceError(msg, field_errors={"summary": msg}, code="summary")
        if submitted_on < report.month:
            msg = _("A report cannot be submitted before its month starts.")
            raise ServiceError(msg, code="submitted_on")
        before = snapshot(report)
        report.status = MonthlyReport.Status.SUBMITTED
        report.submitted_on = submitted_on
        report.submitted_by = acting_user if getattr(acting_user, "pk", None) else None
        report.save(update_fields=["status", "submitted_on", "submitted_by", "updated_at"])
        record(
            actor=acting_user, action="update", obj=report, before=before, note=_("monthly report submitted")
        )
    return report


def return_monthly_report(*, report: MonthlyReport, reason: str, acting_user) -> MonthlyReport:
    """A manager sends a submitted report back to the mentor as a draft, saying why."""
    reason = (reason or "").strip()
    if not reason:
        msg = _("Say why the report goes back to the mentor.")
        raise ServiceError(msg, field_errors={"reason": msg}, code="reason")
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        if report.is_draft:
            msg = _("This report is still a draft.")
            raise ServiceError(msg, code="draft")
        before = snapshot(report)
        report.status = MonthlyReport.Status.DRAFT
        report.returned_reason = reason
        report.submitted_on = None
        report.submitted_by = None
        report.save(update_fields=["status", "returned_reason", "submitted_on", "submitted_by", "updated_at"])
        record(
            actor=acting_user,
            action="update",
            obj=report,
            before=before,
            note=_("monthly report returned to draft: %(reason)s") % {"reason": reason},
        )
    return report
