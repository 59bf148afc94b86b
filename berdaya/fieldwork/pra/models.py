"""PRA (participatory rural/urban appraisal) sessions at a programme site.

Seed 004: migrants "menemukenali" their problems (ranked by votes), their potentials (local
institutions and individual skills), their needs and the businesses they want, and then form groups
by skill and by how close they live. A session holds all of it; ``SuggestedGroup`` rows are the
system's proposal (with reasons) that the facilitator adjusts and turns into real groups in one step.

Every row reaches its programme through ``session__site__programme`` (the session through
``site__programme``); the ``programme`` property lets the audit log file each change under it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.groups.models import Group
from berdaya.people.models import Person
from berdaya.programs.models import Site, StaffMember

DEFAULT_DOTS = 3


class PraSession(models.Model):
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="pra_sessions"
    )
    title = models.CharField(_("title"), max_length=150)
    held_on = models.DateField(_("held on"))
    facilitator = models.ForeignKey(
        StaffMember,
        verbose_name=_("facilitator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pra_sessions",
    )
    notes = models.TextField(_("notes"), blank=True)
    dots_per_participant = models.PositiveSmallIntegerField(
        _("dots per participant"),
        default=DEFAULT_DOTS,
        help_text=_("How many dots each participant may spread over the problems."),
    )
    # Why each participant left out of the suggestions is unplaced: {participant id: {code, params}}.
    unplaced = models.JSONField(_("unplaced participants"), default=dict, blank=True)
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=80, null=True, blank=True, unique=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("PRA session")
        verbose_name_plural = _("PRA sessions")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(dots_per_participant__gte=1), name="pra_dots_min"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def programme(self):
        return self.site.programme


class _InSession(models.Model):
    class Meta:
        abstract = True

    @property
    def programme(self):
        return self.session.site.programme


class Participant(_InSession):
    session = models.ForeignKey(
        PraSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    skills = models.CharField(
        _("skills"),
        max_length=250,
        blank=True,
        help_text=_("Separate skills with commas, e.g. sewing, cooking."),
    )
    business_interest = models.CharField(
        _("business interest"),
        max_length=100,
        blank=True,
        help_text=_("The business this person wants to run."),
    )
    notes = models.CharField(_("notes"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["session", "person__full_name", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="pra_participant_once")]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def skill_list(self) -> list[str]:
        return [s.strip() for s in self.skills.split(",") if s.strip()]


class Problem(_InSession):
    session = models.ForeignKey(
        PraSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="problems"
    )
    title = models.CharField(_("problem"), max_length=150)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["session", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "title"], name="pra_problem_unique")]

    def __str__(self) -> str:
        return self.title


class DotVote(models.Model):
    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="votes"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="votes"
    )
    dots = models.PositiveSmallIntegerField(_("dots"))

    class Meta:
        verbose_name = _("dot vote")
        verbose_name_plural = _("dot votes")
        constraints = [
            models.UniqueConstraint(fields=["problem", "participant"], name="pra_vote_once"),
            models.CheckConstraint(condition=models.Q(dots__gt=0), name="pra_vote_dots_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.problem_id}: {self.dots}"

    @property
    def programme(self):
        return self.problem.session.site.programme


class PairwiseChoice(_InSession):
    session = models.ForeignKey(
        PraSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="pairwise"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pairwise",
    )
    problem_a = models.ForeignKey(
        Problem, verbose_name=_("problem A"), on_delete=models.CASCADE, related_name="+"
    )
    problem_b = models.ForeignKey(
        Problem, verbose_name=_("problem B"), on_delete=models.CASCADE, related_name="+"
    )
    preferred = models.ForeignKey(
        Problem, verbose_name=_("weighs more"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("pairwise choice")
        verbose_name_plural = _("pairwise choices")
        ordering = ["session", "id"]

    def __str__(self) -> str:
        return f"{self.problem_a_id} / {self.problem_b_id} → {self.preferred_id}"


class Potential(_InSession):
    class Kind(models.TextChoices):
        INSTITUTION = "institution", _("Local institution")
        SKILL = "skill", _("Individual skill")
        NATURAL = "natural", _("Natural or environmental resource")
        OTHER = "other", _("Other")

    session = models.ForeignKey(
        PraSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="potentials"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.CharField(_("notes"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("potential")
        verbose_name_plural = _("potentials")
        ordering = ["session", "kind", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Need(_InSession):
    class Kind(models.TextChoices):
        NEED = "need", _("Need")
        BUSINESS_INTEREST = "business_interest", _("Business interest")

    session = models.ForeignKey(
        PraSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="needs"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("text"), max_length=200)
    votes = models.PositiveSmallIntegerField(
        _("participants"), default=0, help_text=_("How many participants named it or voted for it.")
    )

    class Meta:
        verbose_name = _("need or business interest")
        verbose_name_plural = _("needs and business interests")
        ordering = ["session", "kind", "-votes", "text", "id"]

    def __str__(self) -> str:
        return self.text


class SuggestedGroup(_InSession):
    session = models.ForeignKey(
        PraSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="suggestions"
    )
    name = models.CharField(_("name"), max_length=150)
    business = models.CharField(_("business"), max_length=100)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    created_group = models.ForeignKey(
        Group,
        verbose_name=_("group created"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("suggested group")
        verbose_name_plural = _("suggested groups")
        ordering = ["session", "order", "id"]

    def __str__(self) -> str:
        return self.name


class SuggestedMember(models.Model):
    suggestion = models.ForeignKey(
        SuggestedGroup, verbose_name=_("suggested group"), on_delete=models.CASCADE, related_name="members"
    )
    # One suggestion per participant: a person is proposed for one group at a time.
    participant = models.OneToOneField(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="suggested"
    )

    class Meta:
        verbose_name = _("suggested member")
        verbose_name_plural = _("suggested members")
        ordering = ["suggestion", "participant__person__full_name"]

    def __str__(self) -> str:
        return f"{self.suggestion_id}: {self.participant_id}"

    @property
    def programme(self):
        return self.suggestion.session.site.programme
