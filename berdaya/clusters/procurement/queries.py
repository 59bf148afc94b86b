"""Reading joint purchases: lists in scope, the split table with its reasons, a member's bill.

Every figure comes from ``costs`` (pure); this module fetches the rows set-based (one query for the
needs, one for the hand-outs, one for the price list) and words the reasons for the people reading.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from berdaya.accounts import access
from berdaya.core.lists import search
from berdaya.core.money import thousands

from . import costs
from .models import HandOut, JointPurchase, Need, PurchaseDelivery, Supplier
from .services import breaks_for

PATH = "sentra__programme"
Status = JointPurchase.Status


def rp(value: int) -> str:
    return "Rp" + thousands(value)


def visible_purchases(user) -> QuerySet[JointPurchase]:
    return access.visible_fieldwork(user, JointPurchase.objects.select_related("sentra", "supplier"), PATH)


def visible_suppliers(user) -> QuerySet[Supplier]:
    return access.visible_fieldwork(
        user, Supplier.objects.select_related("sentra", "agency", "enterprise"), PATH
    )


def purchases_for_list(sentra, *, q: str = "", status: str = "") -> QuerySet[JointPurchase]:
    qs = (
        JointPurchase.objects.filter(sentra=sentra)
        .select_related("supplier")
        .annotate(need_count=Count("needs", distinct=True), need_total=Sum("needs__quantity"))
    )
    if status in Status.values:
        qs = qs.filter(status=status)
    return search(qs, q, ["material", "supplier__name", "notes"]).order_by("-created_at", "-id")


def suppliers_for_list(sentra, *, q: str = "") -> QuerySet[Supplier]:
    # Search through the price list in a subquery, so the join does not multiply the price count.
    matching = search(
        Supplier.objects.filter(sentra=sentra), q, ["name", "contact", "price_breaks__material"]
    )
    return (
        Supplier.objects.filter(pk__in=matching.values("pk"))
        .select_related("agency", "enterprise")
        .annotate(break_count=Count("price_breaks"))
        .order_by("name", "id")
    )


@dataclass
class Row:
    enterprise_id: int
    enterprise_name: str
    need_id: int
    need: int
    quantity: int  # what the bill is for: the need, or the share of a short delivery
    received: int
    share: costs.MemberShare
    reasons: list[str] = field(default_factory=list)

    @property
    def to_hand_out(self) -> int:
        return self.quantity - self.received


@dataclass
class SplitView:
    purchase: JointPurchase
    rows: list[Row]
    split: costs.Split | None
    ordered: int  # units ordered (or needed together, before the order)
    delivered: int
    shortfall: int
    explanation: list[str]
    problem: str = ""  # why no split can be shown yet

    @property
    def received(self) -> int:
        return sum(r.received for r in self.rows)

    @property
    def total_saving(self) -> int:
        return self.split.saving if self.split else 0


def _delivered(purchase) -> int:
    return PurchaseDelivery.objects.filter(purchase=purchase).aggregate(q=Sum("quantity"))["q"] or 0


def explain_pricing(purchase, pricing: costs.Pricing, breaks: list[costs.Break]) -> list[str]:
    unit = purchase.unit
    lines = []
    smallest = min(breaks, key=lambda b: b.min_quantity) if breaks else None
    if purchase.unit_price is not None:
        lines.append(
            _(
                "Ordered %(quantity)s %(unit)s on %(date)s at the agreed price of %(price)s per %(unit)s "
                "(the price from %(min)s %(unit)s); the price stays fixed even if the price list changes."
            )
            % {
                "quantity": purchase.ordered_quantity,
                "unit": unit,
                "date": purchase.ordered_on.isoformat() if purchase.ordered_on else "",
                "price": rp(purchase.unit_price),
                "min": purchase.break_min_quantity,
            }
        )
    elif pricing.reached:
        lines.append(
            _(
                "Together the members need %(quantity)s %(unit)s: that reaches the price from %(min)s "
                "%(unit)s, %(price)s per %(unit)s, the best break the quantity reaches."
            )
            % {
                "quantity": pricing.quantity,
                "unit": unit,
                "min": pricing.break_min,
                "price": rp(pricing.unit_price),
            }
        )
    elif smallest is not None:
        lines.append(
            _(
                "Together the members need %(quantity)s %(unit)s, below the supplier's smallest order of "
                "%(min)s %(unit)s: the order cannot be placed yet."
            )
            % {"quantity": pricing.quantity, "unit": unit, "min": smallest.min_quantity}
        )
    if purchase.unit_price is None and pricing.next_break is not None:
        lines.append(
            _("With %(more)s %(unit)s more, the price from %(min)s %(unit)s would be %(price)s per %(unit)s.")
            % {
                "more": pricing.next_break.min_quantity - pricing.quantity,
                "unit": unit,
                "min": pricing.next_break.min_quantity,
                "price": rp(pricing.next_break.unit_price),
            }
        )
    if purchase.delivery_cost:
        lines.append(
            _(
                "The delivery cost of %(cost)s is shared by quantity; rupiah left over by rounding go to the "
                "largest remainders, so the parts add up exactly to the supplier's total."
            )
            % {"cost": rp(purchase.delivery_cost)}
        )
    return lines


def explain_member(purchase, share: costs.MemberShare, unit_price: int) -> list[str]:
    unit = purchase.unit
    together = _(
        "Together: %(quantity)s %(unit)s × %(price)s = %(goods)s, plus %(delivery)s of the delivery = %(total)s."
    ) % {
        "quantity": share.quantity,
        "unit": unit,
        "price": rp(unit_price),
        "goods": rp(share.goods),
        "delivery": rp(share.delivery),
        "total": rp(share.total),
    }
    if share.solo_total is None:
        smallest = share.solo.next_break.min_quantity if share.solo.next_break else 0
        alone = _(
            "Alone: %(quantity)s %(unit)s is below the supplier's smallest order of %(min)s %(unit)s, so this "
            "member could not buy it alone at all."
        ) % {"quantity": share.quantity, "unit": unit, "min": smallest}
        return [together, alone]
    alone = _(
        "Alone: %(quantity)s %(unit)s reaches only the price from %(min)s %(unit)s, %(price)s per %(unit)s = "
        "%(goods)s, plus %(delivery)s delivery = %(total)s."
    ) % {
        "quantity": share.quantity,
        "unit": unit,
        "min": share.solo.break_min,
        "price": rp(share.solo.unit_price),
        "goods": rp(share.solo.goods),
        "delivery": rp(share.solo_delivery),
        "total": rp(share.solo_total),
    }
    if share.saving > 0:
        verdict = _("Saving by buying together: %(saving)s.") % {"saving": rp(share.saving)}
    elif share.saving == 0:
        verdict = _("No saving: buying together costs the same.")
    else:
        verdict = _("Buying together costs %(extra)s more than buying alone.") % {"extra": rp(-share.saving)}
    return [together, alone, verdict]


def split_view(purchase: JointPurchase) -> SplitView:
    needs = list(
        Need.objects.filter(purchase=purchase).select_related("enterprise").order_by("enterprise__name", "id")
    )
    received = dict(
        HandOut.objects.filter(purchase=purchase)
        .values("enterprise_id")
        .annotate(q=Sum("quantity"))
        .values_list("enterprise_id", "q")
    )
    breaks = breaks_for(purchase.supplier, purchase.material, purchase.unit)
    need_map = {n.enterprise_id: n.quantity for n in needs}
    names = {n.enterprise_id: n.enterprise.name for n in needs}
    need_ids = {n.enterprise_id: n.pk for n in needs}
    needed = sum(need_map.values())
    delivered = _delivered(purchase)
    closed = purchase.status in (Status.DELIVERED, Status.SETTLED)
    # After the delivery is closed, each member pays for their pro-rata share of what actually came.
    quantities = costs.allot(delivered, need_map) if closed else need_map
    ordered = purchase.ordered_quantity or needed
    explanation = []
    problem = ""
    split = None
    if not needs:
        problem = _("No member has entered a need yet. Add the members' needs to see the split.")
    else:
        try:
            split = costs.split(
                breaks,
                quantities,
                delivery_cost=purchase.delivery_cost,
                solo_delivery_cost=purchase.solo_delivery_cost,
                unit_price=purchase.unit_price,
            )
        except ValueError:
            split = None
        pricing = split.pricing if split else costs.price(breaks, needed)
        explanation = explain_pricing(purchase, pricing, breaks)
        if split is None:
            problem = explanation[0] if explanation else _("The supplier has no price for this material.")
    shortfall = max(ordered - delivered, 0) if purchase.unit_price is not None else 0
    if closed and shortfall:
        explanation.append(
            _(
                "The supplier delivered %(delivered)s of the %(ordered)s %(unit)s ordered. The %(short)s %(unit)s "
                "short are shared in proportion to the needs: each member receives and pays for their share of "
                "what came (whole units, largest remainder)."
            )
            % {"delivered": delivered, "ordered": ordered, "short": shortfall, "unit": purchase.unit}
        )
    rows = []
    if split is not None:
        for share in split.shares:
            rows.append(
                Row(
                    enterprise_id=share.key,
                    enterprise_name=names[share.key],
                    need_id=need_ids[share.key],
                    need=need_map[share.key],
                    quantity=share.quantity,
                    received=received.get(share.key, 0),
                    share=share,
                    reasons=explain_member(purchase, share, split.pricing.unit_price),
                )
            )
    return SplitView(purchase, rows, split, ordered, delivered, shortfall, explanation, problem)


def member_row(view: SplitView, enterprise_id: int) -> Row | None:
    return next((r for r in view.rows if r.enterprise_id == enterprise_id), None)


def due_now(purchase: JointPurchase) -> dict[int, int]:
    """enterprise id → units still to hand out from what has been delivered so far."""
    from .services import allotments

    taken = dict(
        HandOut.objects.filter(purchase=purchase)
        .values("enterprise_id")
        .annotate(q=Sum("quantity"))
        .values_list("enterprise_id", "q")
    )
    return {k: v - taken.get(k, 0) for k, v in allotments(purchase).items()}


def sentra_summary(sentra) -> dict:
    qs = JointPurchase.objects.filter(sentra=sentra)
    return qs.aggregate(
        open=Count("id", filter=Q(status=Status.COLLECTING)),
        ordered=Count("id", filter=Q(status=Status.ORDERED)),
        done=Count("id", filter=Q(status__in=[Status.DELIVERED, Status.SETTLED])),
    )
