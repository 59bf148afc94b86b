"""Reads of joint production: the producers an order can be split across, the computed split and its
reasons in words, delivery progress per share, the payment sheet and sub-contract status.

The split itself is ``berdaya.clusters.allocation`` (pure); this module turns rows into its inputs and
its reason codes into translated sentences.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from berdaya.books.shares import split_by_weights
from berdaya.clusters import allocation
from berdaya.clusters.models import Sentra

from .models import Order, OrderShare, ProducerCapacity, SubContract


def capacities(sentra: Sentra):
    """Capacities of the sentra's current members (one who left keeps the row but is not offered work)."""
    return (
        ProducerCapacity.objects.filter(sentra=sentra)
        .filter(
            Q(enterprise__sentra_memberships__sentra=sentra)
            & Q(enterprise__sentra_memberships__left_on__isnull=True)
        )
        .select_related("enterprise")
        .order_by("enterprise__name")
    )


def producers_for(order: Order) -> list[allocation.Producer]:
    return [
        allocation.Producer(
            id=c.enterprise_id,
            weekly_capacity=c.weekly_capacity,
            current_load=c.current_load,
            grade=c.quality_grade,
            distance_km=float(c.distance_km),
            name=c.enterprise.name,
        )
        for c in capacities(order.sentra)
    ]


def spec_for(order: Order) -> allocation.OrderSpec:
    return allocation.OrderSpec(
        quantity=order.quantity, days=order.days, min_grade=order.min_grade, min_lot=order.min_lot
    )


def compute_split(order: Order) -> allocation.Split:
    return allocation.optimal_split(producers_for(order), spec_for(order))


def _km(value) -> str:
    return number_format(value, decimal_pos=1)


def reason_text(code: str, params: dict, quantity: int = 0) -> str:
    p = {**params, "quantity": quantity}
    if "km" in p:
        p["km"] = _km(p["km"])
    texts = {
        "grade_too_low": _("Grade %(grade)s is below the lowest grade this order accepts (%(min_grade)s)."),
        "full": _("No free capacity by the due date: %(load)s units are already promised elsewhere."),
        "below_lot": _("Only %(available)s units free, less than the minimum lot of %(lot)s."),
        "not_needed_costlier": _(
            "Not needed: producers with a better grade or nearer than this one (grade %(grade)s, %(km)s km) "
            "cover the order."
        ),
        "not_needed_trip": _(
            "Not needed: the order is covered with fewer collection trips; one more producer at %(km)s km "
            "would cost more than it saves."
        ),
        "all_free": _(
            "All %(available)s units it can make by the due date: grade %(grade)s, %(km)s km away, among "
            "the cheapest to use."
        ),
        "minimum_lot": _(
            "The minimum lot of %(lot)s units: a little more was needed and this is the cheapest."
        ),
        "remainder": _(
            "%(quantity)s of its %(available)s free units: what was left of the order once cheaper producers "
            "were full."
        ),
        "load_counted": _("%(load)s units already promised elsewhere were taken off its capacity."),
        "adjusted": _("Adjusted by hand from %(was)s to %(now)s units."),
        "counted": _("Can make %(available)s by the due date; all of it is counted and still not enough."),
        "lot_relaxed": _(
            "The minimum lot could not be kept for everyone with this free capacity, so it was relaxed."
        ),
    }
    template = texts.get(code)
    return template % p if template else code


def reasons_of(reasons: list, quantity: int = 0) -> list[str]:
    """Stored reasons (dicts with code and params) or allocation ``Reason`` objects, in words."""
    out = []
    for r in reasons:
        code, params = (r["code"], r.get("params", {})) if isinstance(r, dict) else (r.code, r.params)
        out.append(reason_text(code, params, quantity))
    return out


def shortfall_texts(order: Order, gap: allocation.Shortfall) -> list[str]:
    lines = [
        ngettext(
            "Missing %(missing)s %(unit)s: the %(producers)s producer can make %(can_make)s by the due date.",
            "Missing %(missing)s %(unit)s: the %(producers)s producers can make %(can_make)s by the due date.",
            gap.producers,
        )
        % {"missing": gap.missing, "unit": order.unit, "producers": gap.producers, "can_make": gap.can_make}
    ]
    if gap.days_needed:
        due = order.starts_on + dt.timedelta(days=gap.days_needed - 1)
        lines.append(
            _(
                "Extend the due date to %(date)s (%(days)s days of production) and the same producers can make it."
            )
            % {"date": due.isoformat(), "days": gap.days_needed}
        )
    if gap.extra_producers:
        lines.append(
            ngettext(
                "Or add %(count)s producer of average capacity (%(weekly)s a week).",
                "Or add %(count)s producers of average capacity (%(weekly)s a week).",
                gap.extra_producers,
            )
            % {"count": gap.extra_producers, "weekly": gap.average_weekly_capacity}
        )
    if gap.lower_grade_would_add:
        lines.append(
            _("Producers below the lowest grade accepted have %(units)s units free.")
            % {"units": gap.lower_grade_would_add}
        )
    lines.append(_("Or give the missing part to a producer outside the sentra (a sub-production contract)."))
    return lines


@dataclass
class ShareRow:
    share: OrderShare
    delivered: int
    rejected: int
    accepted: int
    remaining: int
    reasons: list[str]


def share_rows(order: Order) -> list[ShareRow]:
    shares = (
        OrderShare.objects.filter(order=order)
        .select_related("enterprise")
        .annotate(
            delivered=Coalesce(Sum("deliveries__quantity"), 0),
            rejected_units=Coalesce(Sum("deliveries__rejected"), 0),
        )
        .order_by("-quantity", "enterprise__name")
    )
    rows = []
    for s in shares:
        accepted = s.delivered - s.rejected_units
        rows.append(
            ShareRow(
                share=s,
                delivered=s.delivered,
                rejected=s.rejected_units,
                accepted=accepted,
                remaining=max(0, s.quantity - accepted),
                reasons=reasons_of(s.reasons, s.quantity),
            )
        )
    return rows


def accepted_total(order: Order) -> int:
    agg = OrderShare.objects.filter(order=order).aggregate(
        d=Coalesce(Sum("deliveries__quantity"), 0), r=Coalesce(Sum("deliveries__rejected"), 0)
    )
    return agg["d"] - agg["r"]


@dataclass
class PaymentRow:
    enterprise_name: str
    accepted: int
    amount: int


def payment_sheet(order: Order) -> tuple[int, list[PaymentRow]]:
    """(total shared, rows): the buyer's payment (or, before it, price × accepted units) by accepted units.

    Largest remainder, so the rupiah add up to the total exactly even when the buyer paid a round sum.
    """
    rows = [r for r in share_rows(order) if r.accepted > 0]
    accepted = sum(r.accepted for r in rows)
    total = order.paid_amount if order.paid_amount is not None else order.unit_price * accepted
    if not rows:
        return total, []
    amounts = split_by_weights(total, [r.accepted for r in rows])
    return total, [
        PaymentRow(r.share.enterprise.name, r.accepted, amount)
        for r, amount in zip(rows, amounts, strict=True)
    ]


def orders_for_list(sentra: Sentra, q: str = ""):
    from berdaya.core.lists import search

    # An aggregate drops Meta.ordering; pagination needs a stable order.
    qs = Order.objects.filter(sentra=sentra).annotate(share_count=Count("shares")).order_by("-due_on", "-id")
    return search(qs, q, ["buyer", "specification"]) if q else qs


def contracts_for_list(sentra: Sentra, q: str = ""):
    from berdaya.core.lists import search

    qs = (
        SubContract.objects.filter(sentra=sentra)
        .annotate(
            delivered=Coalesce(Sum("deliveries__quantity"), 0),
            rejected_units=Coalesce(Sum("deliveries__rejected"), 0),
        )
        .order_by("-due_on", "-id")
    )
    return search(qs, q, ["producer_name", "item"]) if q else qs


def contract_status(contract, today: dt.date) -> tuple[str, str]:
    """(code, label): complete (on time / late), late, or open — from accepted units and the due date."""
    deliveries = list(contract.deliveries.all())
    accepted = sum(d.quantity - d.rejected for d in deliveries)
    if accepted >= contract.quantity:
        # Complete on the day the accepted units reached the quantity.
        running, done_on = 0, None
        for d in sorted(deliveries, key=lambda d: (d.delivered_on, d.pk)):
            running += d.quantity - d.rejected
            if running >= contract.quantity:
                done_on = d.delivered_on
                break
        if done_on and done_on > contract.due_on:
            return "complete_late", _("Complete, late")
        return "complete", _("Complete, on time")
    if today > contract.due_on:
        return "late", _("Late: %(missing)s still missing") % {"missing": contract.quantity - accepted}
    return "on_time", _("On time: %(missing)s to come") % {"missing": contract.quantity - accepted}
