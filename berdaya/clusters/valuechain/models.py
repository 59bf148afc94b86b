"""Value chain and fairness: prices observed along a sentra's chain, advance sales (ijon), reference rates.

A ``PriceObservation`` is one price seen at one step of the chain (craftsman → collector / juragan → art
shop → buyer) for one product; the chain page takes the median per step. An ``AdvanceSale`` is cash
received now for goods delivered later (ijon): the gap between the cash and the goods' value at delivery
is an implied interest rate, compared with a ``ReferenceRate`` such as KUR. Everything hangs off a
``Sentra`` (access path ``"sentra__programme"``); amounts are integer rupiah.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.clusters.models import Sentra
from berdaya.people.models import Enterprise, Person
from berdaya.programs.models import Programme


class Step(models.TextChoices):
    """Steps of the chain, in the order goods travel; ``STEP_ORDER`` in ``margins`` mirrors it."""

    CRAFTSMAN = "craftsman", _("Craftsman (perajin)")
    COLLECTOR = "collector", _("Collector (pengepul)")
    JURAGAN = "juragan", _("Juragan (middleman)")
    ART_SHOP = "art_shop", _("Art shop")
    EXPORTER = "exporter", _("Exporter")
    RETAILER = "retailer", _("Retailer")
    BUYER = "buyer", _("Final buyer")


class _InSentra:
    # The audit log scopes an entry by ``obj.programme``; ours live one hop further, under the sentra.
    @property
    def programme(self) -> Programme:
        return self.sentra.programme


class Product(_InSentra, models.Model):
    sentra = models.ForeignKey(
        Sentra, verbose_name=_("sentra"), on_delete=models.CASCADE, related_name="chain_products"
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("e.g. Water jar (gentong), 40 cm"))
    unit = models.CharField(_("unit"), max_length=30, default="pcs", help_text=_("e.g. piece, set, metre"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("chain product")
        verbose_name_plural = _("chain products")
        ordering = ["sentra", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sentra", "name"], name="valuechain_product_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class PriceObservation(_InSentra, models.Model):
    sentra = models.ForeignKey(
        Sentra, verbose_name=_("sentra"), on_delete=models.CASCADE, related_name="price_observations"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="observations"
    )
    step = models.CharField(_("step of the chain"), max_length=12, choices=Step.choices)
    price = models.BigIntegerField(_("price per unit, Rp"), validators=[MinValueValidator(1)])
    observed_on = models.DateField(_("observed on"))
    source = models.CharField(
        _("source or observer"), max_length=150, blank=True, help_text=_("Who said or saw this price.")
    )
    place = models.CharField(_("where"), max_length=150, blank=True, help_text=_("Market, shop or village."))
    notes = models.TextField(_("notes"), blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("price observation")
        verbose_name_plural = _("price observations")
        ordering = ["-observed_on", "-id"]
        indexes = [models.Index(fields=["product", "observed_on"], name="valuechain_obs_prod_date")]
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gt=0), name="valuechain_obs_price_pos"),
            models.UniqueConstraint(fields=["sentra", "idempotency_key"], name="valuechain_obs_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.product} — {self.get_step_display()} — {self.price}"


class ReferenceRate(models.Model):
    """A rate to compare advance sales with, e.g. KUR at 6 % a year, valid from a date in a programme."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="reference_rates"
    )
    name = models.CharField(_("name"), max_length=60, help_text=_("e.g. KUR"))
    annual_rate = models.DecimalField(
        _("annual rate, %"), max_digits=7, decimal_places=3, validators=[MinValueValidator(0)]
    )
    valid_from = models.DateField(_("valid from"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("reference rate")
        verbose_name_plural = _("reference rates")
        ordering = ["programme", "-valid_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name", "valid_from"], name="valuechain_rate_unique"
            ),
            models.CheckConstraint(condition=models.Q(annual_rate__gte=0), name="valuechain_rate_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.annual_rate} %"


class AdvanceSale(_InSentra, models.Model):
    class Kind(models.TextChoices):
        IJON = "ijon", _("Ijon (goods sold before they are made)")
        ADVANCE_ORDER = "advance_order", _("Advance order (paid in advance)")
        OTHER = "other", _("Other advance sale")

    sentra = models.ForeignKey(
        Sentra, verbose_name=_("sentra"), on_delete=models.CASCADE, related_name="advance_sales"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("craftsman's enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="advance_sales",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("craftsman"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="advance_sales",
    )
    buyer_name = models.CharField(_("buyer"), max_length=150, help_text=_("The juragan or art shop."))
    buyer_step = models.CharField(
        _("buyer's place in the chain"), max_length=12, choices=Step.choices, default=Step.JURAGAN
    )
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, default=Kind.IJON)
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="advance_sales",
    )
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    cash_received = models.BigIntegerField(_("cash received, Rp"), validators=[MinValueValidator(1)])
    goods_value = models.BigIntegerField(
        _("value of the goods at delivery, Rp"),
        validators=[MinValueValidator(1)],
        help_text=_("What the goods would fetch at delivery-time prices."),
    )
    received_on = models.DateField(_("cash received on"))
    delivery_on = models.DateField(_("goods delivered on"))
    months = models.DecimalField(
        _("months"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty to count the months between the two dates."),
    )
    notes = models.TextField(_("notes"), blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("advance sale")
        verbose_name_plural = _("advance sales")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(cash_received__gt=0), name="valuechain_adv_cash_pos"),
            models.CheckConstraint(
                condition=models.Q(goods_value__gte=models.F("cash_received")),
                name="valuechain_adv_value_gte",
            ),
            models.CheckConstraint(
                condition=models.Q(delivery_on__gt=models.F("received_on")), name="valuechain_adv_dates"
            ),
            models.UniqueConstraint(fields=["sentra", "idempotency_key"], name="valuechain_adv_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.seller_name} → {self.buyer_name} ({self.received_on})"

    @property
    def seller_name(self) -> str:
        if self.enterprise_id:
            return self.enterprise.name
        if self.person_id:
            return self.person.full_name
        return ""
