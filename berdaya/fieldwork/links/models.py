"""Resource mobilisation and market links.

Seed 002: the paguyuban, helped by the facilitator, wrote a proposal to the Kulon Progo regency (Dinas
Perindustrian), which granted Rp5.000.000 for training and the group's savings and loans. For the
market, an offtaker (Griya Gerabah Wijirejo, Pundong) agreed to take modern pottery under agreed quality
control, wedding make-up artists ordered souvenirs, the Dinas promised a showroom and the yearly regency
exhibition. Seed 000: art shops and *juragan* take most of the added value — the sales and the reject
rate of each link show what it is really worth to the group.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.groups.models import Group
from berdaya.programs.models import Agency, Programme


class Proposal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RECEIVED = "received", _("Received")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="proposals"
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="proposals"
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    amount_asked = models.BigIntegerField(_("amount asked, Rp"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    amount_granted = models.BigIntegerField(_("amount granted, Rp"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
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
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_asked__gt=0), name="links_proposal_asked_pos"),
            models.CheckConstraint(
                condition=models.Q(amount_granted__isnull=True) | models.Q(amount_granted__gt=0),
                name="links_proposal_granted_pos",
            ),
            # The database keeps what the services promise: an approved or received proposal has an amount.
            models.CheckConstraint(
                condition=~models.Q(status__in=["approved", "received"])
                | models.Q(amount_granted__isnull=False),
                name="links_proposal_granted_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MarketLink(models.Model):
    class Kind(models.TextChoices):
        OFFTAKER = "offtaker", _("Offtaker (takes the production)")
        SHOWROOM = "showroom", _("Showroom")
        EXHIBITION = "exhibition", _("Exhibition")
        SOUVENIR_BUYER = "souvenir_buyer", _("Wedding souvenir buyer")
        ART_SHOP = "art_shop", _("Art shop")
        OTHER = "other", _("Other")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="market_links"
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="market_links",
    )
    partner_name = models.CharField(_("partner"), max_length=150)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="market_links",
        help_text=_("When the partner is in the agency list (e.g. an offtaker or a Dinas)."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    quality_terms = models.TextField(_("agreed quality terms"), blank=True)
    price_terms = models.TextField(_("price terms"), blank=True)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
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
        verbose_name = _("market link")
        verbose_name_plural = _("market links")
        ordering = ["partner_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="links_market_dates",
            )
        ]

    def __str__(self) -> str:
        return self.partner_name


class Sale(models.Model):
    """What one delivery through a link brought: ``quantity`` delivered, of which ``rejected_quantity``
    refused against the quality terms; ``amount`` is what was paid (for the accepted pieces)."""

    link = models.ForeignKey(
        MarketLink, verbose_name=_("market link"), on_delete=models.PROTECT, related_name="sales"
    )
    sold_on = models.DateField(_("sold on"))
    description = models.CharField(_("description"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity delivered"))
    unit = models.CharField(_("unit"), max_length=30, default="pcs")
    amount = models.BigIntegerField(_("amount paid, Rp"))
    rejected_quantity = models.PositiveIntegerField(_("rejected quantity"), default=0)
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
        verbose_name = _("sale")
        verbose_name_plural = _("sales")
        ordering = ["-sold_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    quantity__gt=0, amount__gte=0, rejected_quantity__lte=models.F("quantity")
                ),
                name="links_sale_figures",
            ),
            models.UniqueConstraint(
                fields=["link", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="links_sale_idempotency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sold_on:%Y-%m-%d} {self.description}"

    @property
    def programme(self):
        # The audit log scopes an entry by the object's programme; a sale's is its link's.
        return self.link.programme
