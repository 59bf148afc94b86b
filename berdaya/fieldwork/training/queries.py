"""Reads of trainings that are more than a filter: the list, attendance per participant and who earns a
certificate (with the reason), the attendance matrix, and the average change per skill."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from berdaya.accounts import access
from berdaya.core.lists import search

from .models import Assessment, SessionAttendance, Training, TrainingParticipant, TrainingSession

WHEN = ("upcoming", "past")


def today() -> dt.date:
    return timezone.localdate()


def trainings_for_list(user, *, q: str = "", when: str = "", programme_id: str = "") -> QuerySet[Training]:
    """Trainings in scope, searchable; ``when`` is ``upcoming`` (not ended yet) or ``past``."""
    qs = access.visible_fieldwork(user, Training.objects.all()).select_related("programme", "site__place")
    if q:
        qs = search(qs, q, ["title", "venue", "programme__name", "site__place__name"])
    if when == "upcoming":
        qs = qs.filter(ends_on__gte=today()).order_by("starts_on", "id")
    elif when == "past":
        qs = qs.filter(ends_on__lt=today()).order_by("-starts_on", "-id")
    else:
        qs = qs.order_by("-starts_on", "-id")  # explicit: Meta.ordering is dropped once rows are grouped
    if programme_id and str(programme_id).isdigit():
        qs = qs.filter(programme_id=programme_id)
    return qs.annotate(
        session_count=Count("sessions", distinct=True),
        participant_count=Count("participants", distinct=True),
    )


def sessions(training: Training) -> list[TrainingSession]:
    rows = list(
        training.sessions.select_related("speaker_agency")
        .annotate(
            present_count=Count("attendance", filter=Q(attendance__present=True)),
            taken_count=Count("attendance"),
        )
        # explicit: Meta.ordering is dropped once rows are grouped
        .order_by("on_date", "starts_at", "id")
    )
    for s in rows:
        s.training = training  # the day number needs the training's start; no query per row
    return rows


@dataclass
class Standing:
    """A participant's attendance and whether it earns a certificate, with the reason in words."""

    participant: TrainingParticipant
    attended: int
    total: int
    needed: int
    eligible: bool
    reason: str

    @property
    def person(self):
        return self.participant.person

    @property
    def share(self) -> int:
        return _percent(self.attended, self.total)


def _percent(part: int, whole: int) -> int:
    if not whole:
        return 0
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _standing(training: Training, participant: TrainingParticipant, attended: int, total: int) -> Standing:
    needed = training.certificate_min_share
    name = participant.person.full_name
    if total == 0:
        return Standing(
            participant,
            attended,
            total,
            needed,
            False,
            _("No session is recorded yet, so no certificate can be given."),
        )
    # Compared in whole numbers (attended × 100 ≥ needed × total), so 2 of 3 against 67 % is exact.
    eligible = attended * 100 >= needed * total
    values = {
        "person": name,
        "attended": attended,
        "total": total,
        "share": _percent(attended, total),
        "needed": needed,
    }
    if eligible:
        reason = (
            ngettext(
                "%(person)s attended %(attended)s of %(total)s session (%(share)s%%); %(needed)s%% is needed.",
                "%(person)s attended %(attended)s of %(total)s sessions (%(share)s%%); %(needed)s%% is needed.",
                total,
            )
            % values
        )
    else:
        reason = (
            ngettext(
                "No certificate: %(person)s attended %(attended)s of %(total)s session (%(share)s%%), "
                "and at least %(needed)s%% is needed.",
                "No certificate: %(person)s attended %(attended)s of %(total)s sessions (%(share)s%%), "
                "and at least %(needed)s%% is needed.",
                total,
            )
            % values
        )
    return Standing(participant, attended, total, needed, eligible, reason)


def standings(training: Training) -> list[Standing]:
    """Every participant's attendance (sessions present / sessions held) and certificate verdict."""
    total = training.sessions.count()
    participants = (
        TrainingParticipant.objects.filter(training=training)
        .select_related("person")
        .order_by("person__full_name", "id")
    )
    attended = dict(
        SessionAttendance.objects.filter(session__training=training, present=True)
        .values("person_id")
        .annotate(n=Count("id"))
        .values_list("person_id", "n")
    )
    return [_standing(training, p, attended.get(p.person_id, 0), total) for p in participants]


def standing(training: Training, person_id: int) -> Standing | None:
    participant = (
        TrainingParticipant.objects.filter(training=training, person_id=person_id)
        .select_related("person")
        .first()
    )
    if participant is None:
        return None
    total = training.sessions.count()
    attended = SessionAttendance.objects.filter(
        session__training=training, person_id=person_id, present=True
    ).count()
    return _standing(training, participant, attended, total)


def matrix(training: Training, session: TrainingSession | None = None) -> dict:
    """Rows for the attendance list: each participant with a mark per session (True, False or None)."""
    session_list = [session] if session else sessions(training)
    marks = {
        (a.session_id, a.person_id): a.present
        for a in SessionAttendance.objects.filter(session__in=[s.pk for s in session_list])
    }
    rows = []
    for participant in (
        TrainingParticipant.objects.filter(training=training)
        .select_related("person")
        .order_by("person__full_name")
    ):
        rows.append(
            {
                "person": participant.person,
                "marks": [marks.get((s.pk, participant.person_id)) for s in session_list],
            }
        )
    return {"sessions": session_list, "rows": rows}


@dataclass
class SkillChange:
    skill: str
    assessed: int  # people with both levels
    before_only: int
    avg_before: Decimal | None
    avg_after: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.avg_before is None or self.avg_after is None:
            return None
        return self.avg_after - self.avg_before

    @property
    def explanation(self) -> str:
        if not self.assessed:
            return _("Nobody has been assessed both before and after yet, so there is no change to show.")
        text = ngettext(
            "Average of the %(count)s participant assessed before and after: %(before)s → %(after)s "
            "on a scale of 1 to 5 (change %(change)s).",
            "Average of the %(count)s participants assessed before and after: %(before)s → %(after)s "
            "on a scale of 1 to 5 (change %(change)s).",
            self.assessed,
        ) % {
            "count": self.assessed,
            "before": self.avg_before,
            "after": self.avg_after,
            "change": f"{self.change:+}",
        }
        if self.before_only:
            text += " " + ngettext(
                "%(count)s participant has only a level before and is not counted.",
                "%(count)s participants have only a level before and are not counted.",
                self.before_only,
            ) % {"count": self.before_only}
        return text


def _two(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def skill_changes(training: Training) -> list[SkillChange]:
    """Per skill: average level before and after, over the people assessed both times (one query)."""
    both = Q(before__isnull=False, after__isnull=False)
    rows = (
        Assessment.objects.filter(training=training)
        .values("skill")
        .annotate(
            assessed=Count("id", filter=both),
            before_only=Count("id", filter=Q(before__isnull=False, after__isnull=True)),
            avg_before=Avg("before", filter=both),
            avg_after=Avg("after", filter=both),
        )
        .order_by("skill")
    )
    return [
        SkillChange(
            skill=r["skill"],
            assessed=r["assessed"],
            before_only=r["before_only"],
            avg_before=_two(r["avg_before"]),
            avg_after=_two(r["avg_after"]),
        )
        for r in rows
    ]


def assessments(training: Training, skill: str) -> dict[int, Assessment]:
    return {a.person_id: a for a in Assessment.objects.filter(training=training, skill=skill)}
