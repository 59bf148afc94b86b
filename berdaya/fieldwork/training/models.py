"""A training of a programme (seed 002: three days of pottery in Pedukuhan Senik) and everything around it:
the preparation checklist, partner agencies, sessions, participants and their attendance, skills before
and after, and what came out of it (a paguyuban formed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from berdaya.groups.models import Group
from berdaya.people.models import Person
from berdaya.programs.models import Agency, Programme, Site

#: Share of sessions (percent) a participant must attend to receive a certificate, unless the training
#: sets its own.
DEFAULT_CERTIFICATE_SHARE = 75


class Training(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="trainings"
    )
    site = models.ForeignKey(
        Site, verbose_name=_("site"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    certificate_min_share = models.PositiveSmallIntegerField(
        _("attendance needed for a certificate, %"),
        default=DEFAULT_CERTIFICATE_SHARE,
        help_text=_("Share of the sessions a participant must attend to receive a certificate."),
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=80, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="training_dates"),
            models.CheckConstraint(
                condition=Q(certificate_min_share__lte=100), name="training_certificate_share"
            ),
            models.UniqueConstraint(
                fields=["programme", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="training_idempotency",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class ChecklistItem(models.Model):
    """One thing to prepare. The four defaults carry only their kind, so they read in the viewer's language."""

    class Kind(models.TextChoices):
        INVITATIONS = "invitations", _("Invitations sent to participants and speakers")
        VENUE = "venue", _("Venue arranged")
        MATERIALS = "materials", _("Materials and equipment ready")
        SPEAKERS = "speakers", _("Speakers confirmed")
        OTHER = "other", _("Other")

    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="checklist"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    label = models.CharField(_("label"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=250, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["training", "order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.label or str(self.get_kind_display())


class TrainingPartner(models.Model):
    """An agency working with the training (a Dinas sending a speaker, a village lending its hall)."""

    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="partners"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    contribution = models.CharField(_("contribution"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("training partner")
        verbose_name_plural = _("training partners")
        ordering = ["training", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["training", "agency"], name="training_partner_unique")]

    def __str__(self) -> str:
        return self.agency.name


class TrainingSession(models.Model):
    class Method(models.TextChoices):
        LECTURE = "lecture", _("Lecture")
        PRACTICE = "practice", _("Practice")
        FIELD_VISIT = "field_visit", _("Field visit")

    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="sessions"
    )
    on_date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=200)
    speaker = models.CharField(_("speaker"), max_length=150, blank=True)
    speaker_agency = models.ForeignKey(
        Agency,
        verbose_name=_("speaker's agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    method = models.CharField(_("method"), max_length=12, choices=Method.choices, default=Method.LECTURE)
    venue = models.CharField(
        _("venue"), max_length=250, blank=True, help_text=_("Only when not the training's venue.")
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=80, null=True, blank=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["training", "on_date", "starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="training_session_idempotency",
            ),
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def day(self) -> int:
        """Day of the training (1 for its first day)."""
        return (self.on_date - self.training.starts_on).days + 1


class TrainingParticipant(models.Model):
    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["training", "person__full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["training", "person"], name="training_participant_unique")
        ]

    def __str__(self) -> str:
        return self.person.full_name


class SessionAttendance(models.Model):
    session = models.ForeignKey(
        TrainingSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("present"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendance")
        ordering = ["session", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="training_attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.session} — {self.person}"


class Assessment(models.Model):
    """A participant's level in one skill, 1 (cannot yet) to 5 (can teach it), before and after."""

    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="assessments"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    skill = models.CharField(_("skill"), max_length=120)
    before = models.PositiveSmallIntegerField(_("before (1–5)"), null=True, blank=True)
    after = models.PositiveSmallIntegerField(_("after (1–5)"), null=True, blank=True)

    class Meta:
        verbose_name = _("skill assessment")
        verbose_name_plural = _("skill assessments")
        ordering = ["training", "skill", "person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "person", "skill"], name="training_assessment_unique"
            ),
            models.CheckConstraint(
                condition=(Q(before__isnull=True) | Q(before__gte=1, before__lte=5))
                & (Q(after__isnull=True) | Q(after__gte=1, after__lte=5)),
                name="training_assessment_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.skill}"


class Outcome(models.Model):
    class Kind(models.TextChoices):
        GROUP_FORMED = "group_formed", _("Group formed")
        BUSINESS_STARTED = "business_started", _("Business started")
        OTHER = "other", _("Other")

    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    group = models.ForeignKey(
        Group, verbose_name=_("group"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("description"), blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=80, null=True, blank=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["training", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="training_outcome_idempotency",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())
