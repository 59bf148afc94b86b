"""Arisan: cycles, their slots (who holds each turn), rounds, and what each holder paid or owes.

Money never lives here: contributions and pot payments are ledger entries (``books.services``); these
rows say which round and slot an entry belongs to, so the grid, the collection sheet and the invariant
check can be answered without parsing memos.

The database guards the one rule that must never break: each slot wins exactly once per cycle
(unique ``(cycle, winner_slot)``), and each round number exists once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.books.models import JournalEntry
from berdaya.groups.models import Group
from berdaya.people.models import Person


class Cycle(models.Model):
    class Cadence(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")

    class Method(models.TextChoices):
        LOT = "lot", _("Draw by lot (kocok)")
        ORDER = "order", _("Agreed order")

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="arisan_cycles"
    )
    name = models.CharField(_("name"), max_length=120)
    contribution = models.BigIntegerField(
        _("contribution per slot per round, Rp"),
        help_text=_("What one slot pays each round; the pot is this times the number of slots."),
    )
    start_on = models.DateField(_("first round on"))
    cadence = models.CharField(_("cadence"), max_length=10, choices=Cadence.choices, default=Cadence.MONTHLY)
    method = models.CharField(_("draw method"), max_length=10, choices=Method.choices, default=Method.LOT)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    # Commit-reveal: only the commitment (sha256 of the seed) is shown until the seed is revealed.
    seed = models.CharField(_("secret seed"), max_length=128, blank=True, editable=False)
    commitment = models.CharField(_("seed commitment (sha256)"), max_length=64, blank=True)
    revealed_at = models.DateTimeField(_("seed revealed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)

    class Meta:
        verbose_name = _("arisan cycle")
        verbose_name_plural = _("arisan cycles")
        ordering = ["group", "-start_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contribution__gt=0), name="arisan_contribution_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_lot(self) -> bool:
        return self.method == self.Method.LOT

    @property
    def revealed_seed(self) -> str:
        """The seed, but only once it has been revealed (never leak it before)."""
        return self.seed if self.revealed_at else ""


class Slot(models.Model):
    """One turn to win the pot. Held by one member, or shared by several (by weight)."""

    cycle = models.ForeignKey(Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="slots")
    number = models.PositiveSmallIntegerField(_("slot number"))
    # Agreed order: the round this slot wins, fixed when the cycle starts. Empty for a draw by lot.
    turn = models.PositiveSmallIntegerField(_("agreed turn"), null=True, blank=True)

    class Meta:
        verbose_name = _("arisan slot")
        verbose_name_plural = _("arisan slots")
        ordering = ["cycle", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="arisan_slot_number_unique"),
            models.UniqueConstraint(
                fields=["cycle", "turn"],
                condition=models.Q(turn__isnull=False),
                name="arisan_slot_turn_unique",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Slot %(number)s") % {"number": self.number})


class Holder(models.Model):
    """A member's share of a slot: pays ``weight`` parts of its contribution and gets as much of its pot."""

    slot = models.ForeignKey(Slot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="holders")
    person = models.ForeignKey(Person, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    weight = models.PositiveSmallIntegerField(_("share weight"), default=1)

    class Meta:
        verbose_name = _("slot holder")
        verbose_name_plural = _("slot holders")
        ordering = ["slot", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "person"], name="arisan_holder_unique"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="arisan_holder_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.slot} · {self.person}"


class Round(models.Model):
    cycle = models.ForeignKey(Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    due_on = models.DateField(_("due on"))
    winner_slot = models.ForeignKey(
        Slot,
        verbose_name=_("winning slot"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    witness = models.CharField(
        _("witness number"),
        max_length=40,
        blank=True,
        help_text=_("A number called out at the meeting and mixed into this round's draw."),
    )
    candidates = models.JSONField(_("candidate slots"), default=list, blank=True)
    decided_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    pot = models.BigIntegerField(_("pot paid, Rp"), default=0)
    paid_on = models.DateField(_("pot paid on"), null=True, blank=True)
    into_savings = models.BooleanField(_("pot paid into voluntary savings"), default=False)
    pot_entry = models.OneToOneField(
        JournalEntry,
        verbose_name=_("pot entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("arisan round")
        verbose_name_plural = _("arisan rounds")
        ordering = ["cycle", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="arisan_round_number_unique"),
            # The rule the whole arisan rests on: a slot wins once per cycle.
            models.UniqueConstraint(
                fields=["cycle", "winner_slot"],
                condition=models.Q(winner_slot__isnull=False),
                name="arisan_slot_wins_once",
            ),
            models.CheckConstraint(condition=models.Q(pot__gte=0), name="arisan_round_pot_nonneg"),
        ]

    def __str__(self) -> str:
        return str(_("Round %(number)s of %(cycle)s") % {"number": self.number, "cycle": self.cycle})

    @property
    def is_paid(self) -> bool:
        return self.pot_entry_id is not None


class Contribution(models.Model):
    """One holder's part of one slot in one round: paid in cash, or recorded as owed (a receivable)."""

    class Status(models.TextChoices):
        PAID = "paid", _("Paid")
        OWED = "owed", _("Owed")

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="contributions"
    )
    slot = models.ForeignKey(Slot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField(_("amount, Rp"))
    status = models.CharField(_("status"), max_length=5, choices=Status.choices)
    on_date = models.DateField(_("date"))
    entry = models.ForeignKey(
        JournalEntry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("arisan contribution")
        verbose_name_plural = _("arisan contributions")
        ordering = ["round", "slot", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "slot", "person"], name="arisan_contribution_once"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="arisan_contribution_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.person} · {self.amount}"
