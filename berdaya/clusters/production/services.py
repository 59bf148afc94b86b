"""Every write of joint production and sub-production. Views, the API and the demo call these only.

Each function checks the business rules (not access: the caller fetched the objects through
``berdaya.accounts.access``), writes inside one transaction and records the change in the audit log.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from berdaya.audit.log import record, snapshot
from berdaya.clusters.models import Sentra, SentraMember
from berdaya.core.errors import ServiceError
from berdaya.people.models import Enterprise

from . import queries
from .models import Delivery, Order, OrderShare, ProducerCapacity, SubContract, SubDelivery

GRADES = {"A", "B", "C"}


def _today() -> dt.date:
    return timezone.localdate()


def _member(sentra: Sentra, enterprise: Enterprise, field: str = "enterprise") -> None:
    if not SentraMember.objects.filter(sentra=sentra, enterprise=enterprise, left_on__isnull=True).exists():
        msg = _("%(name)s is not a current member of %(sentra)s.") % {
            "name": enterprise.name,
            "sentra": sentra.name,
        }
        raise ServiceError(msg, field_errors={field: msg}, code="not_member")


def _count(value, field: str, *, minimum: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        msg = _("Enter a whole number of at least %(min)s.") % {"min": minimum}
        raise ServiceError(msg, field_errors={field: msg}, code="number")
    return value


def _grade(value: str, field: str) -> str:
    if value not in GRADES:
        msg = _("The grade is A, B or C.")
        raise ServiceError(msg, field_errors={field: msg}, code="grade")
    return value


# --- capacities -------------------------------------------------------------------------------------


@transaction.atomic
def set_capacity(
    *,
    sentra: Sentra,
    enterprise: Enterprise,
    weekly_capacity: int,
    current_load: int = 0,
    quality_grade: str = "B",
    distance_km=0,
    updated_on: dt.date | None = None,
    acting_user,
) -> ProducerCapacity:
    """Create or update one producer's capacity in the sentra (one row per producer)."""
    _member(sentra, enterprise)
    _count(weekly_capacity, "weekly_capacity")
    _count(current_load, "current_load")
    _grade(quality_grade, "quality_grade")
    try:
        km = Decimal(str(distance_km)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        km = Decimal(-1)
    if km < 0 or km >= 100000:
        msg = _("The distance is a number of km, zero or more.")
        raise ServiceError(msg, field_errors={"distance_km": msg}, code="distance")
    cap = ProducerCapacity.objects.select_for_update().filter(sentra=sentra, enterprise=enterprise).first()
    before = snapshot(cap)
    values = {
        "weekly_capacity": weekly_capacity,
        "current_load": current_load,
        "quality_grade": quality_grade,
        "distance_km": km,
        "updated_on": updated_on or _today(),
    }
    if cap is None:
        cap = ProducerCapacity.objects.create(sentra=sentra, enterprise=enterprise, **values)
        record(actor=acting_user, action="create", note=_("producer capacity recorded"), obj=cap)
    else:
        for key, value in values.items():
            setattr(cap, key, value)
        cap.save()
        record(
            actor=acting_user, action="update", note=_("producer capacity changed"), obj=cap, before=before
        )
    return cap


# --- orders -----------------------------------------------------------------------------------------


@transaction.atomic
def create_order(
    *,
    sentra: Sentra,
    buyer: str,
    specification: str,
    quantity: int,
    unit: str = "pcs",
    unit_price: int,
    starts_on: dt.date,
    due_on: dt.date,
    min_grade: str = "C",
    min_lot: int = 1,
    idempotency_key: str | None = None,
    acting_user,
) -> Order:
    """A large order taken by the sentra; a repeated ``idempotency_key`` returns the first one."""
    if idempotency_key:
        existing = Order.objects.filter(sentra=sentra, idempotency_key=idempotency_key).first()
        if existing:
            return existing
    if not buyer.strip():
        raise ServiceError(_("Name the buyer."), field_errors={"buyer": _("Name the buyer.")}, code="buyer")
    _count(quantity, "quantity", minimum=1)
    _count(unit_price, "unit_price")
    _count(min_lot, "min_lot", minimum=1)
    _grade(min_grade, "min_grade")
    if due_on < starts_on:
        msg = _("The due date is before production starts.")
        raise ServiceError(msg, field_errors={"due_on": msg}, code="dates")
    order = Order.objects.create(
        sentra=sentra,
        buyer=buyer.strip(),
        specification=specification.strip(),
        quantity=quantity,
        unit=unit.strip() or "pcs",
        unit_price=unit_price,
        starts_on=starts_on,
        due_on=due_on,
        min_grade=min_grade,
        min_lot=min_lot,
        idempotency_key=idempotency_key or None,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    record(actor=acting_user, action="create", note=_("joint production order recorded"), obj=order)
    return order


def _lock(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def _has_deliveries(order: Order) -> bool:
    return Delivery.objects.filter(share__order=order).exists()


def _stored(reasons) -> list[dict]:
    return [{"code": r.code, "params": r.params} for r in reasons]


@transaction.atomic
def save_split(*, order: Order, acting_user) -> list[OrderShare]:
    """Compute the optimal split now and save it as the order's shares (replacing an undelivered split).

    Refused when the free capacity is short: the message says what is missing and what would help.
    """
    order = _lock(order)
    if order.status not in (Order.Status.DRAFT, Order.Status.SPLIT) or _has_deliveries(order):
        raise ServiceError(
            _("Deliveries are recorded against this split; it can no longer be recomputed."), code="delivered"
        )
    split = queries.compute_split(order)
    if not split.feasible:
        raise ServiceError(" ".join(queries.shortfall_texts(order, split.shortfall)), code="short")
    before = {"shares": {s.enterprise_id: s.quantity for s in order.shares.all()}}
    OrderShare.objects.filter(order=order).delete()
    rows = []
    for share in split.shares:
        if share.quantity > 0:
            reasons = _stored(share.reasons)
            if split.lot_relaxed:
                reasons.append({"code": "lot_relaxed", "params": {}})
            rows.append(
                OrderShare(
                    order=order, enterprise_id=share.producer.id, quantity=share.quantity, reasons=reasons
                )
            )
    OrderShare.objects.bulk_create(rows)
    order.status = Order.Status.SPLIT
    order.save(update_fields=["status"])
    record(
        actor=acting_user,
        action="update",
        obj=order,
        before=before,
        after={"shares": {r.enterprise_id: r.quantity for r in rows}},
        note=_("optimal split saved, cost %(cost)s points") % {"cost": round(split.cost)},
    )
    return rows


@transaction.atomic
def adjust_split(*, order: Order, quantities: dict[int, int], acting_user) -> list[OrderShare]:
    """The officer's own split: ``{enterprise_id: units}``, each within the producer's free capacity.

    Re-checked as a whole: the units must add up to the order, nobody above their free capacity by the
    due date, every producer a current member with a capacity row and a grade the order accepts. A producer
    who already delivered cannot go below what was accepted.
    """
    order = _lock(order)
    if order.status in (Order.Status.DELIVERED, Order.Status.PAID):
        raise ServiceError(_("This order is delivered; its split is final."), code="final")
    quantities = {int(k): v for k, v in quantities.items() if v}
    for value in quantities.values():
        _count(value, "quantities", minimum=1)
    total = sum(quantities.values())
    if total != order.quantity:
        raise ServiceError(
            _("The shares add up to %(total)s but the order is %(quantity)s %(unit)s.")
            % {"total": total, "quantity": order.quantity, "unit": order.unit},
            code="total",
        )
    caps = {c.enterprise_id: c for c in queries.capacities(order.sentra).filter(enterprise_id__in=quantities)}
    existing = {
        s.enterprise_id: s
        for s in OrderShare.objects.filter(order=order)
        .select_related("enterprise")
        .annotate(
            accepted=Coalesce(Sum("deliveries__quantity"), 0) - Coalesce(Sum("deliveries__rejected"), 0)
        )
    }
    errors = []
    for ent_id, units in quantities.items():
        cap = caps.get(ent_id)
        if cap is None:
            errors.append(_("Producer %(id)s has no capacity recorded in this sentra.") % {"id": ent_id})
            continue
        name = cap.enterprise.name
        if "ABC".index(cap.quality_grade) > "ABC".index(order.min_grade):
            errors.append(
                _("%(name)s is grade %(grade)s, below the %(min)s this order accepts.")
                % {"name": name, "grade": cap.quality_grade, "min": order.min_grade}
            )
        free = max(0, cap.weekly_capacity * order.days // 7 - cap.current_load)
        if units > free:
            errors.append(
                _("%(name)s can make %(free)s by the due date, not %(units)s.")
                % {"name": name, "free": free, "units": units}
            )
    for ent_id, share in existing.items():
        if share.accepted > quantities.get(ent_id, 0):
            errors.append(
                _("%(name)s already delivered %(accepted)s accepted units.")
                % {"name": share.enterprise.name, "accepted": share.accepted}
            )
    if errors:
        raise ServiceError(" ".join(errors), code="capacity")
    before = {"shares": {k: s.quantity for k, s in existing.items()}}
    for ent_id, share in existing.items():
        if ent_id not in quantities:
            share.delete()
    rows = []
    for ent_id, units in quantities.items():
        share = existing.get(ent_id)
        if share is None:
            share = OrderShare.objects.create(
                order=order,
                enterprise_id=ent_id,
                quantity=units,
                reasons=[{"code": "adjusted", "params": {"was": 0, "now": units}}],
                adjusted=True,
            )
        elif share.quantity != units:
            reasons = [r for r in share.reasons if r.get("code") != "adjusted"]
            reasons.append({"code": "adjusted", "params": {"was": share.quantity, "now": units}})
            share.quantity, share.reasons, share.adjusted = units, reasons, True
            share.save(update_fields=["quantity", "reasons", "adjusted"])
        rows.append(share)
    if order.status == Order.Status.DRAFT:
        order.status = Order.Status.SPLIT
        order.save(update_fields=["status"])
    record(
        actor=acting_user,
        action="update",
        note=_("split adjusted by hand"),
        obj=order,
        before=before,
        after={"shares": {r.enterprise_id: r.quantity for r in rows}},
    )
    return rows


@transaction.atomic
def record_delivery(
    *,
    share: OrderShare,
    delivered_on: dt.date,
    quantity: int,
    rejected: int = 0,
    note: str = "",
    idempotency_key: str | None = None,
    acting_user,
) -> Delivery:
    """Units a producer delivered against its share, and how many failed the quality check."""
    order = _lock(share.order)
    if idempotency_key:
        existing = Delivery.objects.filter(share=share, idempotency_key=idempotency_key).first()
        if existing:
            return existing
    if order.status in (Order.Status.DRAFT, Order.Status.PAID):
        raise ServiceError(
            _("Deliveries are recorded once the order is split and until it is paid."), code="status"
        )
    _count(quantity, "quantity", minimum=1)
    _count(rejected, "rejected")
    if rejected > quantity:
        msg = _("More rejected than delivered.")
        raise ServiceError(msg, field_errors={"rejected": msg}, code="rejected")
    if delivered_on < order.starts_on:
        msg = _("Delivered before production started (%(date)s).") % {"date": order.starts_on.isoformat()}
        raise ServiceError(msg, field_errors={"delivered_on": msg}, code="date")
    agg = Delivery.objects.filter(share=share).aggregate(
        d=Coalesce(Sum("quantity"), 0), r=Coalesce(Sum("rejected"), 0)
    )
    accepted = agg["d"] - agg["r"]
    if accepted + quantity - rejected > share.quantity:
        msg = _(
            "%(name)s's share is %(share)s; %(accepted)s are already accepted, so at most %(left)s more."
        ) % {
            "name": share.enterprise.name,
            "share": share.quantity,
            "accepted": accepted,
            "left": share.quantity - accepted,
        }
        raise ServiceError(msg, field_errors={"quantity": msg}, code="over")
    delivery = Delivery.objects.create(
        share=share,
        delivered_on=delivered_on,
        quantity=quantity,
        rejected=rejected,
        note=note.strip(),
        idempotency_key=idempotency_key or None,
    )
    record(actor=acting_user, action="create", note=_("delivery recorded"), obj=delivery)
    _update_status(order)
    return delivery


def _update_status(order: Order) -> None:
    if order.status == Order.Status.PAID:
        return
    accepted = queries.accepted_total(order)
    has = _has_deliveries(order)
    status = (
        Order.Status.DELIVERED
        if accepted >= order.quantity
        else Order.Status.IN_PRODUCTION
        if has
        else Order.Status.SPLIT
    )
    if status != order.status:
        order.status = status
        order.save(update_fields=["status"])


@transaction.atomic
def remove_delivery(*, delivery: Delivery, acting_user) -> None:
    order = _lock(delivery.share.order)
    if order.status == Order.Status.PAID:
        raise ServiceError(_("The order is paid; its deliveries are final."), code="final")
    record(
        actor=acting_user,
        action="delete",
        note=_("delivery removed"),
        obj=delivery,
        before=snapshot(delivery),
        after={},
    )
    delivery.delete()
    _update_status(order)


@transaction.atomic
def record_payment(*, order: Order, amount: int, paid_on: dt.date, acting_user) -> Order:
    """The buyer paid: the amount is shared by accepted units (see ``queries.payment_sheet``)."""
    order = _lock(order)
    _count(amount, "amount", minimum=1)
    if order.status == Order.Status.PAID:
        raise ServiceError(_("This order is already paid."), code="paid")
    if queries.accepted_total(order) <= 0:
        raise ServiceError(_("No accepted units yet: nothing to share."), code="nothing")
    before = snapshot(order)
    order.paid_amount, order.paid_on, order.status = amount, paid_on, Order.Status.PAID
    order.save(update_fields=["paid_amount", "paid_on", "status"])
    record(actor=acting_user, action="update", note=_("buyer's payment recorded"), obj=order, before=before)
    return order


# --- sub-production ---------------------------------------------------------------------------------


@transaction.atomic
def create_subcontract(
    *,
    sentra: Sentra,
    producer_name: str,
    item: str,
    quantity: int,
    due_on: dt.date,
    unit_price: int,
    unit: str = "pcs",
    quality_terms: str = "",
    enterprise: Enterprise | None = None,
    order: Order | None = None,
    acting_user,
) -> SubContract:
    """Work given to a producer outside the sentra (or a member, ``enterprise``) for a quantity, time, quality."""
    if enterprise is not None:
        _member(sentra, enterprise)
        producer_name = producer_name.strip() or enterprise.name
    if not producer_name.strip():
        msg = _("Name the producer.")
        raise ServiceError(msg, field_errors={"producer_name": msg}, code="producer")
    if not item.strip():
        raise ServiceError(_("Name the item."), field_errors={"item": _("Name the item.")}, code="item")
    _count(quantity, "quantity", minimum=1)
    _count(unit_price, "unit_price")
    if order is not None and order.sentra_id != sentra.pk:
        raise ServiceError(_("That order belongs to another sentra."), code="order")
    contract = SubContract.objects.create(
        sentra=sentra,
        producer_name=producer_name.strip(),
        enterprise=enterprise,
        order=order,
        item=item.strip(),
        quantity=quantity,
        unit=unit.strip() or "pcs",
        due_on=due_on,
        quality_terms=quality_terms.strip(),
        unit_price=unit_price,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    record(actor=acting_user, action="create", note=_("sub-production contract recorded"), obj=contract)
    return contract


@transaction.atomic
def record_sub_delivery(
    *,
    contract: SubContract,
    delivered_on: dt.date,
    quantity: int,
    rejected: int = 0,
    idempotency_key: str | None = None,
    acting_user,
) -> SubDelivery:
    contract = SubContract.objects.select_for_update().get(pk=contract.pk)
    if idempotency_key:
        existing = SubDelivery.objects.filter(contract=contract, idempotency_key=idempotency_key).first()
        if existing:
            return existing
    _count(quantity, "quantity", minimum=1)
    _count(rejected, "rejected")
    if rejected > quantity:
        msg = _("More rejected than delivered.")
        raise ServiceError(msg, field_errors={"rejected": msg}, code="rejected")
    agg = contract.deliveries.aggregate(d=Coalesce(Sum("quantity"), 0), r=Coalesce(Sum("rejected"), 0))
    accepted = agg["d"] - agg["r"]
    if accepted + quantity - rejected > contract.quantity:
        msg = _("The contract is for %(quantity)s; %(accepted)s are already accepted.") % {
            "quantity": contract.quantity,
            "accepted": accepted,
        }
        raise ServiceError(msg, field_errors={"quantity": msg}, code="over")
    delivery = SubDelivery.objects.create(
        contract=contract,
        delivered_on=delivered_on,
        quantity=quantity,
        rejected=rejected,
        idempotency_key=idempotency_key or None,
    )
    record(actor=acting_user, action="create", note=_("sub-contract delivery recorded"), obj=delivery)
    return delivery
