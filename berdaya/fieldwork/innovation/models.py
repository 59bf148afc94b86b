"""Innovation adoption: an innovation brought into a programme and each person's way through it.

Seed 002 (Pedukuhan Senik): modern pottery designs (*gerabah modern*) were learned in meetings and a
training, adopted by some craftspeople and spread by them to neighbours. ``AdoptionEvent`` is the history
of one person's stage — learned, then adopted, then spreading — and, for the learning, from whom. The
current stage, the adoption curve and the who-taught-whom network are all read from these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.people.models import Person
from berdaya.programs.models import Agency, Programme


class Stage(models.TextChoices):
    # Labels say "… it": a bare "Adopted" is already translated elsewhere as a rule being adopted
    # (ditetapkan), which is not what a craftsperson does with a design. The order matters: a person only moves forward, one stage at a time (see services.record_stage).
    LEARNED = "learned", _("Learned it")
    ADOPTED = "adopted", _("Adopted it")
    SPREADING = "spreading", _("Spreading it")


STAGE_ORDER = [Stage.LEARNED, Stage.ADOPTED, Stage.SPREADING]


class Innovation(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="innovations"
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    introduced_on = models.DateField(_("introduced on"))
    introduced_by_agency = models.ForeignKey(
        Agency,
        verbose_name=_("introduced by (agency)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="innovations",
    )
    introduced_by = models.CharField(
        _("introduced by"),
        max_length=150,
        blank=True,
        help_text=_("A person or source outside the agency list, e.g. a trainer or a field visit."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")
        ordering = ["-introduced_on", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def introducer(self) -> str:
        parts = [
            p
            for p in (self.introduced_by_agency.name if self.introduced_by_agency else "", self.introduced_by)
            if p
        ]
        return " — ".join(parts)


class AdoptionEvent(models.Model):
    """One step of one person: they learned (from ``learned_from``, or from the introduction), adopted, spread."""

    innovation = models.ForeignKey(
        Innovation, verbose_name=_("innovation"), on_delete=models.CASCADE, related_name="events"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    on_date = models.DateField(_("date"))
    learned_from = models.ForeignKey(
        Person,
        verbose_name=_("learned from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: learned from the introduction itself (a meeting, a training, the facilitator)."),
    )
    notes = models.TextField(_("notes"), blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)
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
        verbose_name = _("adoption step")
        verbose_name_plural = _("adoption steps")
        ordering = ["innovation", "on_date", "id"]
        constraints = [
            # Each stage is reached once per person; the service also keeps them in order.
            models.UniqueConstraint(fields=["innovation", "person", "stage"], name="innovation_event_once"),
            models.UniqueConstraint(
                fields=["innovation", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="innovation_event_idempotency",
            ),
            models.CheckConstraint(
                condition=models.Q(learned_from__isnull=True) | ~models.Q(learned_from=models.F("person")),
                name="innovation_not_from_self",
            ),
            models.CheckConstraint(
                condition=models.Q(learned_from__isnull=True) | models.Q(stage="learned"),
                name="innovation_teacher_on_learning",
            ),
        ]
        indexes = [models.Index(fields=["innovation", "person"], name="innovation_event_person")]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_stage_display()} {self.on_date:%Y-%m-%d}"

    @property
    def programme(self):
        # The audit log scopes an entry by the object's programme; a step's is its innovation's.
        return self.innovation.programme
