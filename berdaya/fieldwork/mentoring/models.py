"""Mentoring (pendampingan): the mentor's visits, the actions agreed on them, and the monthly report.

Seed 004 describes mentors who visit groups and members (discussion, lecture, home visit), talk about
productive business (usaha ekonomis produktif, UEP) and social welfare (usaha kesejahteraan sosial,
UKS), and write a monthly report. A ``Visit`` hangs off a programme (its access path, ``"programme"``);
the group or person visited must belong to it. A ``MonthlyReport`` is drafted from the month's visits,
edited by the mentor, submitted (then read-only) and possibly returned to draft by a manager.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.groups.models import Group
from berdaya.people.models import Person
from berdaya.programs.models import Programme, StaffMember


class Technique(models.TextChoices):
    DISCUSSION = "discussion", _("Group discussion")
    LECTURE = "lecture", _("Lecture (ceramah)")
    HOME_VISIT = "home_visit", _("Home visit")


class Visit(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="mentoring_visits"
    )
    mentor = models.ForeignKey(
        StaffMember, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="mentoring_visits"
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentoring_visits",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentoring_visits",
    )
    visited_on = models.DateField(_("visited on"), help_text=_("Local date at the place visited."))
    technique = models.CharField(_("technique"), max_length=12, choices=Technique.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("duration, minutes"), null=True, blank=True)
    productive_topics = models.TextField(
        _("productive business topics (UEP)"),
        blank=True,
        help_text=_("Bookkeeping, stimulant fund, savings and loans, production, marketing …"),
    )
    welfare_topics = models.TextField(
        _("social welfare topics (UKS)"),
        blank=True,
        help_text=_("Family problems, children, health and cleanliness, neighbourliness …"),
    )
    issues = models.TextField(_("issues found"), blank=True)
    next_visit_on = models.DateField(_("next visit"), null=True, blank=True)
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=100, unique=True, null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentoring visit")
        verbose_name_plural = _("mentoring visits")
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(fields=["programme", "visited_on"], name="mentoring_visit_prog_date"),
            models.Index(fields=["mentor", "visited_on"], name="mentoring_visit_mentor_date"),
            models.Index(fields=["group", "visited_on"], name="mentoring_visit_group_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(group__isnull=False) | models.Q(person__isnull=False),
                name="mentoring_visit_group_or_person",
            ),
        ]

    def __str__(self) -> str:
        who = self.group.name if self.group_id else (self.person.full_name if self.person_id else "")
        return f"{self.visited_on:%Y-%m-%d} {self.mentor} → {who}"

    @property
    def visited_name(self) -> str:
        if self.group_id and self.person_id:
            return f"{self.person.full_name} ({self.group.name})"
        return self.group.name if self.group_id else self.person.full_name


class AgreedAction(models.Model):
    """Something agreed during a visit, with who does it and by when: a follow-up until done."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="actions"
    )
    text = models.CharField(_("action"), max_length=250)
    owner = models.CharField(_("who"), max_length=120, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.CharField(_("note when done"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("agreed action")
        verbose_name_plural = _("agreed actions")
        ordering = ["visit", "id"]
        indexes = [models.Index(fields=["done_on", "due_on"], name="mentoring_action_open_due")]

    def __str__(self) -> str:
        return self.text

    @property
    def programme(self) -> Programme:
        # The audit log files the row under its visit's programme.
        return self.visit.programme


class MonthlyReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    mentor = models.ForeignKey(
        StaffMember, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="mentoring_reports"
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="mentoring_reports"
    )
    month = models.DateField(_("month"), help_text=_("First day of the month reported on."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    achievements = models.TextField(_("achievements"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    plans = models.TextField(_("plans for next month"), blank=True)
    figures = models.JSONField(_("figures from the visits"), default=dict, blank=True)
    drafted_at = models.DateTimeField(_("figures drafted at"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    returned_reason = models.TextField(_("reason returned to draft"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("mentor's monthly report")
        verbose_name_plural = _("mentors' monthly reports")
        ordering = ["-month", "mentor__full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["mentor", "programme", "month"], name="mentoring_report_unique"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="mentoring_report_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} {self.month:%Y-%m}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT
