"""Joint production (produksi bersama) and sub-production (sub produksi) in a sentra.

A large ``Order`` is split across the sentra's producers (``OrderShare``, computed by
``berdaya.clusters.allocation`` from each producer's ``ProducerCapacity``); each share's ``Delivery``
rows say what was delivered and rejected; the buyer's payment is shared by accepted units. A
``SubContract`` is work given to a producer outside (or inside) the sentra for a quantity, a time and a
quality, with its ``SubDelivery`` rows.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.clusters.models import Sentra
from berdaya.people.models import Enterprise

GRADE_CHOICES = [("A", _("A (best)")), ("B", _("B")), ("C", _("C (lowest)"))]


class ProducerCapacity(models.Model):
    """What one producer of the sentra can make a week, what it has already promised, how good, how far."""

    sentra = models.ForeignKey(
        Sentra, verbose_name=_("sentra"), on_delete=models.CASCADE, related_name="producer_capacities"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("producer"), on_delete=models.PROTECT, related_name="+"
    )
    weekly_capacity = models.PositiveIntegerField(_("capacity per week (units)"))
    current_load = models.PositiveIntegerField(
        _("current load (units)"), default=0, help_text=_("Units already promised to other buyers.")
    )
    quality_grade = models.CharField(_("quality grade"), max_length=1, choices=GRADE_CHOICES, default="B")
    distance_km = models.DecimalField(
        _("distance (km)"),
        max_digits=6,
        decimal_places=1,
        default=0,
        help_text=_("From where the order is collected."),
    )
    updated_on = models.DateField(_("updated on"))

    class Meta:
        verbose_name = _("producer capacity")
        verbose_name_plural = _("producer capacities")
        ordering = ["sentra", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["sentra", "enterprise"], name="production_capacity_unique"),
            models.CheckConstraint(condition=models.Q(distance_km__gte=0), name="production_capacity_km"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.weekly_capacity}/wk"


class Order(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SPLIT = "split", _("Split")
        IN_PRODUCTION = "in_production", _("In production")
        DELIVERED = "delivered", _("Delivered")
        PAID = "paid", _("Paid")

    sentra = models.ForeignKey(
        Sentra, verbose_name=_("sentra"), on_delete=models.PROTECT, related_name="orders"
    )
    buyer = models.CharField(_("buyer"), max_length=150)
    specification = models.TextField(_("specification"))
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit = models.CharField(_("unit"), max_length=30, default="pcs")
    unit_price = models.BigIntegerField(_("unit price, Rp"), validators=[MinValueValidator(0)])
    starts_on = models.DateField(_("production starts on"))
    due_on = models.DateField(_("due on"))
    min_grade = models.CharField(_("lowest grade accepted"), max_length=1, choices=GRADE_CHOICES, default="C")
    min_lot = models.PositiveIntegerField(
        _("minimum lot (units)"),
        default=1,
        help_text=_("Nobody is given fewer units than this (a token share is not worth a trip)."),
    )
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.DRAFT)
    paid_amount = models.BigIntegerField(_("amount paid by the buyer, Rp"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)
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
        verbose_name = _("joint production order")
        verbose_name_plural = _("joint production orders")
        ordering = ["-due_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sentra", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="production_order_idempotency",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0, unit_price__gte=0, due_on__gte=models.F("starts_on")),
                name="production_order_values",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.buyer}: {self.quantity} {self.unit}"

    @property
    def days(self) -> int:
        return (self.due_on - self.starts_on).days + 1


class OrderShare(models.Model):
    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="shares")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("producer"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    adjusted = models.BooleanField(_("adjusted by hand"), default=False)

    class Meta:
        verbose_name = _("share of an order")
        verbose_name_plural = _("shares of orders")
        ordering = ["order", "-quantity", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["order", "enterprise"], name="production_share_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise}: {self.quantity}"


class Delivery(models.Model):
    share = models.ForeignKey(
        OrderShare, verbose_name=_("share"), on_delete=models.CASCADE, related_name="deliveries"
    )
    delivered_on = models.DateField(_("delivered on"))
    quantity = models.PositiveIntegerField(_("quantity delivered"), validators=[MinValueValidator(1)])
    rejected = models.PositiveIntegerField(_("rejected (quality)"), default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["share", "delivered_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["share", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="production_delivery_idempotency",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0, rejected__lte=models.F("quantity")),
                name="production_delivery_rejected",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delivered_on:%Y-%m-%d} {self.quantity}"


class SubContract(models.Model):
    sentra = models.ForeignKey(
        Sentra, verbose_name=_("sentra"), on_delete=models.PROTECT, related_name="sub_contracts"
    )
    producer_name = models.CharField(_("producer"), max_length=150)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise in the sentra"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for a producer outside the sentra."),
    )
    order = models.ForeignKey(
        Order,
        verbose_name=_("for the order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sub_contracts",
    )
    item = models.CharField(_("item"), max_length=150)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit = models.CharField(_("unit"), max_length=30, default="pcs")
    due_on = models.DateField(_("due on"))
    quality_terms = models.TextField(_("quality terms"), blank=True)
    unit_price = models.BigIntegerField(_("unit price, Rp"), validators=[MinValueValidator(0)])
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
        verbose_name = _("sub-production contract")
        verbose_name_plural = _("sub-production contracts")
        ordering = ["-due_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0, unit_price__gte=0), name="production_subcontract_values"
            )
        ]

    def __str__(self) -> str:
        return f"{self.producer_name}: {self.quantity} {self.item}"


class SubDelivery(models.Model):
    contract = models.ForeignKey(
        SubContract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="deliveries"
    )
    delivered_on = models.DateField(_("delivered on"))
    quantity = models.PositiveIntegerField(_("quantity delivered"), validators=[MinValueValidator(1)])
    rejected = models.PositiveIntegerField(_("rejected (quality)"), default=0)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sub-contract delivery")
        verbose_name_plural = _("sub-contract deliveries")
        ordering = ["contract", "delivered_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="production_subdelivery_idempotency",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0, rejected__lte=models.F("quantity")),
                name="production_subdelivery_rejected",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delivered_on:%Y-%m-%d} {self.quantity}"
