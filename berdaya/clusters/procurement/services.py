"""Every write of joint procurement: suppliers and their price lists, purchases, members' needs, the
order, deliveries, hand-outs, closing and settling. Views, API and demo all come through here.

Each function runs in one transaction, locks the purchase row before checking its status (two
officers adding needs while a third places the order must not slip a need in after the price is
fixed), and audit-logs the change with ``record``.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from berdaya.audit.log import record, snapshot
from berdaya.clusters.models import Sentra, SentraMember
from berdaya.core.errors import ServiceError
from berdaya.core.money import thousands
from berdaya.people.models import Enterprise
from berdaya.programs.models import Agency

from . import costs
from .models import HandOut, JointPurchase, Need, PriceBreak, PurchaseDelivery, Supplier

Status = JointPurchase.Status


def _whole(value, *, what: str, field: str, allow_zero: bool = False) -> int:
    ok = isinstance(value, int) and not isinstance(value, bool) and (value >= 0 if allow_zero else value > 0)
    if not ok:
        msg = (
            _("%(what)s must be a whole number, zero or more.")
            if allow_zero
            else _("%(what)s must be a whole number more than zero.")
        ) % {"what": what}
        raise ServiceError(msg, field_errors={field: msg}, code="quantity")
    return value


def _text(value: str, *, what: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        msg = _("%(what)s is required.") % {"what": what}
        raise ServiceError(msg, field_errors={field: msg}, code="required")
    return value


def _locked(purchase: JointPurchase) -> JointPurchase:
    return JointPurchase.objects.select_for_update().select_related("supplier", "sentra").get(pk=purchase.pk)


def _require_status(purchase: JointPurchase, *allowed: str, doing: str) -> None:
    if purchase.status not in allowed:
        raise ServiceError(
            _("This purchase is %(status)s; %(doing)s is no longer possible.")
            % {"status": purchase.get_status_display().lower(), "doing": doing},
            code="status",
        )


def _member(sentra: Sentra, enterprise: Enterprise, field: str = "enterprise") -> None:
    if not SentraMember.objects.filter(sentra=sentra, enterprise=enterprise, left_on__isnull=True).exists():
        msg = _("%(enterprise)s is not a member of %(sentra)s; only members can join a joint purchase.") % {
            "enterprise": enterprise.name,
            "sentra": sentra.name,
        }
        raise ServiceError(msg, field_errors={field: _("Not a member of this sentra.")}, code="member")


def breaks_for(supplier: Supplier, material: str, unit: str) -> list[costs.Break]:
    return [
        costs.Break(min_quantity=m, unit_price=p)
        for m, p in PriceBreak.objects.filter(supplier=supplier, material=material, unit=unit).values_list(
            "min_quantity", "unit_price"
        )
    ]


# --- suppliers and price lists ----------------------------------------------------------------------


@transaction.atomic
def create_supplier(
    *,
    sentra: Sentra,
    name: str,
    contact: str = "",
    agency: Agency | None = None,
    enterprise: Enterprise | None = None,
    acting_user,
) -> Supplier:
    name = _text(name, what=_("The supplier's name"), field="name")
    if Supplier.objects.filter(sentra=sentra, name__iexact=name).exists():
        msg = _("%(sentra)s already has a supplier called %(name)s.") % {"sentra": sentra.name, "name": name}
        raise ServiceError(msg, field_errors={"name": msg}, code="duplicate")
    supplier = Supplier.objects.create(
        sentra=sentra, name=name, contact=(contact or "").strip(), agency=agency, enterprise=enterprise
    )
    record(actor=acting_user, action="create", obj=supplier)
    return supplier


@transaction.atomic
def add_price_break(
    *, supplier: Supplier, material: str, unit: str, min_quantity: int, unit_price: int, acting_user
) -> PriceBreak:
    material = _text(material, what=_("The material"), field="material")
    unit = _text(unit, what=_("The unit"), field="unit")
    _whole(min_quantity, what=_("The minimum quantity"), field="min_quantity", allow_zero=True)
    _whole(unit_price, what=_("The unit price"), field="unit_price")
    if PriceBreak.objects.filter(
        supplier=supplier, material=material, unit=unit, min_quantity=min_quantity
    ).exists():
        msg = _("There is already a price from %(min)s %(unit)s of %(material)s; remove it first.") % {
            "min": min_quantity,
            "unit": unit,
            "material": material,
        }
        raise ServiceError(msg, field_errors={"min_quantity": msg}, code="duplicate")
    pb = PriceBreak.objects.create(
        supplier=supplier, material=material, unit=unit, min_quantity=min_quantity, unit_price=unit_price
    )
    record(
        actor=acting_user,
        action="update",
        note=_("price break added"),
        obj=supplier,
        after={"break": snapshot(pb)},
    )
    return pb


@transaction.atomic
def remove_price_break(*, price_break: PriceBreak, acting_user) -> None:
    # An order placed earlier keeps its agreed price (frozen on the purchase), so removing is safe.
    supplier = price_break.supplier
    before = {"break": snapshot(price_break)}
    price_break.delete()
    record(
        actor=acting_user,
        action="update",
        note=_("price break removed"),
        obj=supplier,
        before=before,
        after={},
    )


# --- purchases and needs ----------------------------------------------------------------------------


@transaction.atomic
def create_purchase(
    *,
    sentra: Sentra,
    supplier: Supplier,
    material: str,
    unit: str,
    order_deadline: dt.date | None = None,
    delivery_cost: int = 0,
    solo_delivery_cost: int | None = None,
    notes: str = "",
    acting_user,
) -> JointPurchase:
    if supplier.sentra_id != sentra.pk:
        raise ServiceError(
            _("%(supplier)s is not a supplier of %(sentra)s.")
            % {"supplier": supplier.name, "sentra": sentra.name},
            field_errors={"supplier": _("Not a supplier of this sentra.")},
            code="supplier",
        )
    material = _text(material, what=_("The material"), field="material")
    unit = _text(unit, what=_("The unit"), field="unit")
    _whole(delivery_cost, what=_("The delivery cost"), field="delivery_cost", allow_zero=True)
    if solo_delivery_cost is not None:
        _whole(
            solo_delivery_cost,
            what=_("The delivery cost buying alone"),
            field="solo_delivery_cost",
            allow_zero=True,
        )
    if not breaks_for(supplier, material, unit):
        msg = _("%(supplier)s has no price for %(material)s per %(unit)s; add its price list first.") % {
            "supplier": supplier.name,
            "material": material,
            "unit": unit,
        }
        raise ServiceError(msg, field_errors={"material": msg}, code="no_price")
    purchase = JointPurchase.objects.create(
        sentra=sentra,
        supplier=supplier,
        material=material,
        unit=unit,
        order_deadline=order_deadline,
        delivery_cost=delivery_cost,
        solo_delivery_cost=solo_delivery_cost,
        notes=(notes or "").strip(),
    )
    record(actor=acting_user, action="create", obj=purchase)
    return purchase


@transaction.atomic
def set_need(*, purchase: JointPurchase, enterprise: Enterprise, quantity: int, acting_user) -> Need:
    """Record (or change) one member's need; sending the same need again changes nothing."""
    purchase = _locked(purchase)
    _require_status(purchase, Status.COLLECTING, doing=_("changing needs"))
    _whole(quantity, what=_("The quantity"), field="quantity")
    _member(purchase.sentra, enterprise)
    need = Need.objects.filter(purchase=purchase, enterprise=enterprise).first()
    if need is not None and need.quantity == quantity:
        return need
    before = snapshot(need)
    if need is None:
        need = Need.objects.create(purchase=purchase, enterprise=enterprise, quantity=quantity)
    else:
        need.quantity = quantity
        need.save(update_fields=["quantity"])
    record(
        actor=acting_user,
        action="update",
        note=_("need set"),
        obj=purchase,
        before={"need": before},
        after={"need": snapshot(need)},
    )
    return need


@transaction.atomic
def remove_need(*, need: Need, acting_user) -> None:
    purchase = _locked(need.purchase)
    _require_status(purchase, Status.COLLECTING, doing=_("changing needs"))
    before = snapshot(need)
    need.delete()
    record(
        actor=acting_user,
        action="update",
        note=_("need removed"),
        obj=purchase,
        before={"need": before},
        after={},
    )


@transaction.atomic
def place_order(*, purchase: JointPurchase, ordered_on: dt.date, acting_user) -> JointPurchase:
    """Send the aggregated order: the price break reached and the unit price are fixed from now on."""
    purchase = _locked(purchase)
    _require_status(purchase, Status.COLLECTING, doing=_("ordering"))
    quantity = Need.objects.filter(purchase=purchase).aggregate(q=Sum("quantity"))["q"] or 0
    if quantity == 0:
        raise ServiceError(_("No member has entered a need yet; there is nothing to order."), code="empty")
    pricing = costs.price(breaks_for(purchase.supplier, purchase.material, purchase.unit), quantity)
    if not pricing.reached:
        raise ServiceError(
            _(
                "Together the members need %(quantity)s %(unit)s, below %(supplier)s's smallest order of "
                "%(min)s %(unit)s; collect more needs or choose another supplier."
            )
            % {
                "quantity": quantity,
                "unit": purchase.unit,
                "supplier": purchase.supplier.name,
                "min": pricing.next_break.min_quantity if pricing.next_break else "?",
            },
            code="below_minimum",
        )
    before = snapshot(purchase)
    purchase.status = Status.ORDERED
    purchase.ordered_on = ordered_on
    purchase.ordered_quantity = quantity
    purchase.unit_price = pricing.unit_price
    purchase.break_min_quantity = pricing.break_min
    purchase.save()
    record(actor=acting_user, action="update", note=_("order placed"), obj=purchase, before=before)
    return purchase


def _delivered(purchase: JointPurchase) -> int:
    return PurchaseDelivery.objects.filter(purchase=purchase).aggregate(q=Sum("quantity"))["q"] or 0


@transaction.atomic
def record_delivery(
    *,
    purchase: JointPurchase,
    delivered_on: dt.date,
    quantity: int,
    notes: str = "",
    acting_user,
    idempotency_key: str | None = None,
) -> PurchaseDelivery:
    purchase = _locked(purchase)
    if idempotency_key:
        earlier = PurchaseDelivery.objects.filter(purchase=purchase, idempotency_key=idempotency_key).first()
        if earlier is not None:
            return earlier
    _require_status(purchase, Status.ORDERED, doing=_("recording a delivery"))
    _whole(quantity, what=_("The quantity delivered"), field="quantity")
    if purchase.ordered_on and delivered_on < purchase.ordered_on:
        msg = _("The delivery date is before the order date (%(date)s).") % {
            "date": purchase.ordered_on.isoformat()
        }
        raise ServiceError(msg, field_errors={"delivered_on": msg}, code="date")
    already = _delivered(purchase)
    if already + quantity > purchase.ordered_quantity:
        msg = _(
            "%(quantity)s %(unit)s more would bring the deliveries to %(total)s %(unit)s, above the "
            "%(ordered)s %(unit)s ordered."
        ) % {
            "quantity": quantity,
            "unit": purchase.unit,
            "total": already + quantity,
            "ordered": purchase.ordered_quantity,
        }
        raise ServiceError(msg, field_errors={"quantity": msg}, code="too_much")
    delivery = PurchaseDelivery.objects.create(
        purchase=purchase,
        delivered_on=delivered_on,
        quantity=quantity,
        notes=(notes or "").strip(),
        idempotency_key=idempotency_key or None,
    )
    record(
        actor=acting_user,
        action="update",
        note=_("delivery recorded"),
        obj=purchase,
        after={"delivery": snapshot(delivery)},
        before={},
    )
    return delivery


def allotments(purchase: JointPurchase) -> dict[int, int]:
    """enterprise id → whole units due from what has been delivered so far (pro rata to the needs)."""
    needs = dict(
        Need.objects.filter(purchase=purchase)
        .order_by("enterprise__name", "id")
        .values_list("enterprise_id", "quantity")
    )
    return costs.allot(_delivered(purchase), needs)


@transaction.atomic
def hand_out(
    *,
    purchase: JointPurchase,
    enterprise: Enterprise,
    quantity: int,
    handed_on: dt.date,
    acting_user,
    idempotency_key: str | None = None,
) -> HandOut:
    purchase = _locked(purchase)
    if idempotency_key:
        earlier = HandOut.objects.filter(purchase=purchase, idempotency_key=idempotency_key).first()
        if earlier is not None:
            return earlier
    _require_status(purchase, Status.ORDERED, Status.DELIVERED, doing=_("handing out material"))
    _whole(quantity, what=_("The quantity handed out"), field="quantity")
    if not Need.objects.filter(purchase=purchase, enterprise=enterprise).exists():
        msg = _("%(enterprise)s has no need in this purchase.") % {"enterprise": enterprise.name}
        raise ServiceError(msg, field_errors={"enterprise": msg}, code="no_need")
    due = allotments(purchase).get(enterprise.pk, 0)
    taken = (
        HandOut.objects.filter(purchase=purchase, enterprise=enterprise).aggregate(q=Sum("quantity"))["q"]
        or 0
    )
    if taken + quantity > due:
        msg = _(
            "%(enterprise)s is due %(due)s %(unit)s of what has been delivered so far and has already "
            "received %(taken)s %(unit)s; %(quantity)s %(unit)s more would be too much."
        ) % {
            "enterprise": enterprise.name,
            "due": due,
            "taken": taken,
            "quantity": quantity,
            "unit": purchase.unit,
        }
        raise ServiceError(msg, field_errors={"quantity": msg}, code="too_much")
    handout = HandOut.objects.create(
        purchase=purchase,
        enterprise=enterprise,
        quantity=quantity,
        handed_on=handed_on,
        idempotency_key=idempotency_key or None,
    )
    record(
        actor=acting_user,
        action="update",
        note=_("material handed out"),
        obj=purchase,
        before={},
        after={"handout": snapshot(handout)},
    )
    return handout


@transaction.atomic
def close_delivery(*, purchase: JointPurchase, closed_on: dt.date, acting_user) -> JointPurchase:
    """No more loads will come: the bills are now for what was delivered, shortfalls shared pro rata."""
    purchase = _locked(purchase)
    _require_status(purchase, Status.ORDERED, doing=_("closing the delivery"))
    if _delivered(purchase) == 0:
        raise ServiceError(
            _("Nothing has been delivered yet; record the delivery before closing it."),
            code="nothing_delivered",
        )
    before = snapshot(purchase)
    purchase.status = Status.DELIVERED
    purchase.delivered_on = closed_on
    purchase.save(update_fields=["status", "delivered_on"])
    record(actor=acting_user, action="update", note=_("delivery closed"), obj=purchase, before=before)
    return purchase


@transaction.atomic
def settle(*, purchase: JointPurchase, settled_on: dt.date, acting_user) -> JointPurchase:
    """The supplier is paid and every member has paid their bill: the purchase is finished."""
    purchase = _locked(purchase)
    _require_status(purchase, Status.DELIVERED, doing=_("settling"))
    if purchase.delivered_on and settled_on < purchase.delivered_on:
        msg = _("The settlement date is before the delivery was closed (%(date)s).") % {
            "date": purchase.delivered_on.isoformat()
        }
        raise ServiceError(msg, field_errors={"settled_on": msg}, code="date")
    before = snapshot(purchase)
    purchase.status = Status.SETTLED
    purchase.settled_on = settled_on
    purchase.save(update_fields=["status", "settled_on"])
    record(
        actor=acting_user,
        action="update",
        obj=purchase,
        before=before,
        note=_("Supplier paid Rp%(total)s.") % {"total": thousands(_supplier_total(purchase))},
    )
    return purchase


def _supplier_total(purchase: JointPurchase) -> int:
    return _delivered(purchase) * (purchase.unit_price or 0) + purchase.delivery_cost
