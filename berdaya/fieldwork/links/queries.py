"""Reads for proposals and market links: lists, totals per agency, sales per month and reject rates.
All aggregates are computed in the database (one query per table shown)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth

from berdaya.accounts import access
from berdaya.core.lists import search

from .models import MarketLink, Proposal, Sale

Status = Proposal.Status
GRANTED = (Status.APPROVED, Status.RECEIVED)
DECIDED = (Status.APPROVED, Status.RECEIVED, Status.REJECTED)


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def proposals_for_list(user, *, q: str = "", status: str = "") -> QuerySet[Proposal]:
    qs = access.visible_fieldwork(user, Proposal.objects.select_related("programme", "group", "agency"))
    if status in Status.values:
        qs = qs.filter(status=status)
    if q:
        qs = search(qs, q, ["title", "purpose", "agency__name", "group__name", "programme__name"])
    return qs


def agency_totals(qs: QuerySet[Proposal]) -> list[dict]:
    """Per agency: proposals, asked, granted, decided, approved and the success rate.

    Success rate = approved (including received) ÷ decided (approved, received or rejected): proposals
    still in draft or waiting for an answer do not count either way.
    """
    rows = (
        qs.values("agency_id", "agency__name")
        .annotate(
            proposals=Count("pk"),
            asked=Coalesce(Sum("amount_asked"), 0),
            granted=Coalesce(Sum("amount_granted", filter=Q(status__in=GRANTED)), 0),
            received=Coalesce(Sum("amount_granted", filter=Q(status=Status.RECEIVED)), 0),
            decided=Count("pk", filter=Q(status__in=DECIDED)),
            approved=Count("pk", filter=Q(status__in=GRANTED)),
            waiting=Count("pk", filter=Q(status=Status.SUBMITTED)),
        )
        .order_by("-granted", "agency__name")
    )
    out = []
    for r in rows:
        out.append(
            {**r, "agency_name": r.pop("agency__name"), "success_rate": percent(r["approved"], r["decided"])}
        )
    return out


def links_for_list(user, *, q: str = "", kind: str = "") -> QuerySet[MarketLink]:
    qs = access.visible_fieldwork(user, MarketLink.objects.select_related("programme", "group", "agency"))
    if kind in MarketLink.Kind.values:
        qs = qs.filter(kind=kind)
    if q:
        qs = search(
            qs, q, ["partner_name", "agency__name", "group__name", "programme__name", "quality_terms"]
        )
    return qs.annotate(
        sales_count=Count("sales"),
        sales_amount=Coalesce(Sum("sales__amount"), 0),
        delivered=Coalesce(Sum("sales__quantity"), 0),
        rejected=Coalesce(Sum("sales__rejected_quantity"), 0),
    ).order_by(
        F("ended_on").asc(nulls_first=True), "partner_name", "id"
    )  # current links first; an aggregate drops Meta.ordering


def link_months(link: MarketLink) -> list[dict]:
    """Sales per month: deliveries, amount paid, delivered, rejected and the reject rate, newest first."""
    rows = (
        Sale.objects.filter(link=link)
        .annotate(month=TruncMonth("sold_on"))
        .values("month")
        .annotate(
            sales=Count("pk"),
            amount=Sum("amount"),
            delivered=Sum("quantity"),
            rejected=Sum("rejected_quantity"),
        )
        .order_by("-month")
    )
    return [{**r, "reject_rate": percent(r["rejected"], r["delivered"])} for r in rows]


def link_totals(link: MarketLink) -> dict:
    t = Sale.objects.filter(link=link).aggregate(
        sales=Count("pk"),
        amount=Coalesce(Sum("amount"), 0),
        delivered=Coalesce(Sum("quantity"), 0),
        rejected=Coalesce(Sum("rejected_quantity"), 0),
    )
    t["accepted"] = t["delivered"] - t["rejected"]
    t["reject_rate"] = percent(t["rejected"], t["delivered"])
    return t
