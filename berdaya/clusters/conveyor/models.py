"""Conveyor-belt (*ban berjalan*) production lines of a sentra (seed 003, Surakarta cluster III).

A ``Line`` is one product (a shuttlecock) made of components; each ``Stage`` is made by a different group
or producer (feathers, cork heads, binding and gluing, packing) with its own people, hours and pace; a
``WeeklyFlow`` is what a stage actually made in one week. The arithmetic is in ``balance.py``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.clusters.models import Sentra
from berdaya.groups.models import Group


class Line(models.Model):
    sentra = models.ForeignKey(
        Sentra, verbose_name=_("sentra"), on_delete=models.PROTECT, related_name="conveyor_lines"
    )
    product = models.CharField(_("product"), max_length=120, help_text=_("e.g. Shuttlecock (kok)"))
    unit = models.CharField(
        _("unit"), max_length=40, help_text=_("How a finished product is counted, e.g. piece (buah).")
    )
    demand_per_week = models.PositiveIntegerField(
        _("demand per week"),
        null=True,
        blank=True,
        help_text=_("Products a week the buyers ask for; the advice then aims at it."),
    )
    notes = models.TextField(_("notes"), blank=True)
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
        verbose_name = _("conveyor line")
        verbose_name_plural = _("conveyor lines")
        ordering = ["sentra__name", "product", "id"]
        constraints = [models.UniqueConstraint(fields=["sentra", "product"], name="conveyor_line_unique")]

    def __str__(self) -> str:
        return f"{self.product} — {self.sentra}"

    @property
    def programme(self):
        # The audit log scopes its entries by an object's ``programme``.
        return self.sentra.programme


class Stage(models.Model):
    line = models.ForeignKey(Line, verbose_name=_("line"), on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("order"), help_text=_("Left to right along the line."))
    name = models.CharField(_("name"), max_length=120, help_text=_("e.g. Feathers (bulu)"))
    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conveyor_stages",
        help_text=_("The group that makes this component, if it is a group of the programme."),
    )
    producer = models.CharField(
        _("producer"), max_length=150, blank=True, help_text=_("Who makes it, when it is not a group.")
    )
    unit = models.CharField(_("unit"), max_length=40, help_text=_("e.g. feather (helai)"))
    units_per_product = models.DecimalField(
        _("units per product"),
        max_digits=9,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
        help_text=_("How many of this component one product takes, e.g. 16 feathers per shuttlecock."),
    )
    workers = models.PositiveIntegerField(_("workers"))
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=5, decimal_places=1, help_text=_("Per worker.")
    )
    rate = models.DecimalField(
        _("output per worker-hour"),
        max_digits=9,
        decimal_places=3,
        help_text=_("Units one worker makes in one hour."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["line", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["line", "order"], name="conveyor_stage_order_unique"),
            models.CheckConstraint(condition=models.Q(units_per_product__gt=0), name="conveyor_stage_units"),
            models.CheckConstraint(
                condition=models.Q(hours_per_week__gte=0, hours_per_week__lte=168),
                name="conveyor_stage_hours",
            ),
            models.CheckConstraint(condition=models.Q(rate__gte=0), name="conveyor_stage_rate"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    @property
    def programme(self):
        return self.line.sentra.programme

    @property
    def maker(self) -> str:
        return self.group.name if self.group_id else self.producer


class WeeklyFlow(models.Model):
    """What one stage made in one week (the week is named by its Monday)."""

    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="flows")
    week = models.DateField(_("week (Monday)"))
    produced = models.PositiveIntegerField(_("produced"))
    workers = models.PositiveIntegerField(_("workers"))
    hours = models.DecimalField(_("hours per worker"), max_digits=5, decimal_places=1)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("weekly flow")
        verbose_name_plural = _("weekly flows")
        ordering = ["week", "stage__order"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "week"], name="conveyor_flow_week_unique"),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0, hours__lte=168), name="conveyor_flow_hours"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage} {self.week.isoformat()}: {self.produced}"

    @property
    def programme(self):
        return self.stage.line.sentra.programme


class FlowBatch(models.Model):
    """One submission of a week (page or phone), kept so a retried submission is recognised by its key."""

    line = models.ForeignKey(Line, verbose_name=_("line"), on_delete=models.CASCADE, related_name="batches")
    week = models.DateField(_("week (Monday)"))
    idempotency_key = models.CharField(_("idempotency key"), max_length=80)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("recorded week")
        verbose_name_plural = _("recorded weeks")
        constraints = [
            models.UniqueConstraint(fields=["line", "idempotency_key"], name="conveyor_batch_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.week.isoformat()} {self.idempotency_key}"
