"""Joint procurement (pengadaan bahan baku bersama): a sentra's members pool their raw-material needs
into one supplier order, reach a cheaper price break, and share the bill exactly.

Quantities are whole units of the purchase's ``unit`` (kg, cone, pak): pick a unit small enough that
members' needs are whole numbers, so "quantity × unit price" is always whole rupiah. Money is integer
rupiah. Every row hangs off a ``Sentra`` (access path ``"sentra__programme"``; a need, delivery or
hand-out through its purchase, ``"purchase__sentra__programme"``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.clusters.models import Sentra
from berdaya.people.models import Enterprise
from berdaya.programs.models import Agency


class Supplier(models.Model):
    sentra = models.ForeignKey(
        Sentra, verbose_name=_("sentra"), on_delete=models.CASCADE, related_name="suppliers"
    )
    name = models.CharField(_("name"), max_length=150)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("When the supplier is a registered agency or company."),
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("When the supplier is an enterprise known to Berdaya."),
    )
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["sentra", "name"], name="proc_supplier_name_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def programme(self):
        # Lets the audit log scope its entries to the programme (audit.log reads ``obj.programme``).
        return self.sentra.programme


class PriceBreak(models.Model):
    """One tier of a supplier's price list: from ``min_quantity`` units on, each unit costs ``unit_price``."""

    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.CASCADE, related_name="price_breaks"
    )
    material = models.CharField(_("material"), max_length=120)
    unit = models.CharField(_("unit"), max_length=20, help_text=_("e.g. kg, cone, pak."))
    min_quantity = models.PositiveIntegerField(_("from quantity"))
    unit_price = models.BigIntegerField(_("unit price (Rp)"))

    class Meta:
        verbose_name = _("price break")
        verbose_name_plural = _("price breaks")
        ordering = ["supplier", "material", "unit", "min_quantity"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "material", "unit", "min_quantity"], name="proc_break_unique"
            ),
            models.CheckConstraint(condition=models.Q(unit_price__gt=0), name="proc_break_price_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.material} ≥ {self.min_quantity} {self.unit}: {self.unit_price}"


class JointPurchase(models.Model):
    class Status(models.TextChoices):
        COLLECTING = "collecting", _("Collecting needs")
        ORDERED = "ordered", _("Ordered")
        DELIVERED = "delivered", _("Delivered")
        SETTLED = "settled", _("Settled")

    sentra = models.ForeignKey(
        Sentra, verbose_name=_("sentra"), on_delete=models.CASCADE, related_name="joint_purchases"
    )
    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="purchases"
    )
    material = models.CharField(_("material"), max_length=120)
    unit = models.CharField(_("unit"), max_length=20)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.COLLECTING)
    order_deadline = models.DateField(_("order deadline"), null=True, blank=True)
    delivery_cost = models.BigIntegerField(
        _("delivery cost (Rp)"), default=0, help_text=_("Transport of the whole order to the sentra.")
    )
    solo_delivery_cost = models.BigIntegerField(
        _("delivery cost buying alone (Rp)"),
        null=True,
        blank=True,
        help_text=_(
            "What one member would pay to have their own order brought; empty: the whole delivery cost."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)
    # Frozen when the order is placed, so a later change to the price list cannot change the bill.
    ordered_on = models.DateField(_("ordered on"), null=True, blank=True)
    ordered_quantity = models.PositiveIntegerField(_("ordered quantity"), null=True, blank=True)
    unit_price = models.BigIntegerField(_("agreed unit price (Rp)"), null=True, blank=True)
    break_min_quantity = models.PositiveIntegerField(_("price break reached (from)"), null=True, blank=True)
    delivered_on = models.DateField(_("delivery closed on"), null=True, blank=True)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("joint purchase")
        verbose_name_plural = _("joint purchases")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(delivery_cost__gte=0), name="proc_delivery_nonneg"),
            models.CheckConstraint(
                condition=models.Q(solo_delivery_cost__gte=0) | models.Q(solo_delivery_cost__isnull=True),
                name="proc_solo_delivery_nonneg",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.material} — {self.supplier.name}"

    @property
    def programme(self):
        # Lets the audit log scope its entries to the programme (audit.log reads ``obj.programme``).
        return self.sentra.programme

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.COLLECTING


class Need(models.Model):
    """How much one member enterprise wants in the joint order."""

    purchase = models.ForeignKey(
        JointPurchase, verbose_name=_("joint purchase"), on_delete=models.CASCADE, related_name="needs"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["purchase", "enterprise__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["purchase", "enterprise"], name="proc_need_unique"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="proc_need_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} — {self.quantity}"


class PurchaseDelivery(models.Model):
    """What the supplier brought on one day (an order may come in several loads)."""

    purchase = models.ForeignKey(
        JointPurchase, verbose_name=_("joint purchase"), on_delete=models.CASCADE, related_name="deliveries"
    )
    delivered_on = models.DateField(_("delivered on"))
    quantity = models.PositiveIntegerField(_("quantity"))
    notes = models.CharField(_("notes"), max_length=250, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["purchase", "delivered_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["purchase", "idempotency_key"], name="proc_delivery_key"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="proc_delivery_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.delivered_on} — {self.quantity}"


class HandOut(models.Model):
    """Material handed from a delivery to one member (what they actually took home)."""

    purchase = models.ForeignKey(
        JointPurchase, verbose_name=_("joint purchase"), on_delete=models.CASCADE, related_name="handouts"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    handed_on = models.DateField(_("handed out on"))
    quantity = models.PositiveIntegerField(_("quantity"))
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("hand-out")
        verbose_name_plural = _("hand-outs")
        ordering = ["purchase", "handed_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["purchase", "idempotency_key"], name="proc_handout_key"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="proc_handout_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} — {self.quantity}"
