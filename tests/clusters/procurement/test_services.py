"""Every write of joint procurement, its refusals, and the worked example through the database."""

import datetime as dt

import pytest

from berdaya.audit.models import AuditEntry
from berdaya.clusters.models import Sentra, SentraMember
from berdaya.clusters.procurement import queries, services
from berdaya.clusters.procurement.models import HandOut, JointPurchase, Need, PriceBreak, PurchaseDelivery
from berdaya.core.errors import ServiceError

from .conftest import NEEDS, ORDERED

pytestmark = pytest.mark.django_db


def _notes() -> set[str]:
    return {c.get("_note") for c in AuditEntry.objects.values_list("changes", flat=True)}


S = JointPurchase.Status
D = dt.date


def test_supplier_and_price_list(world, sentra, supplier):
    assert supplier.price_breaks.count() == 3
    with pytest.raises(ServiceError) as e:
        services.create_supplier(
            sentra=sentra, name="toko benang sumber makmur", acting_user=world.users["admin"]
        )
    assert e.value.code == "duplicate"
    with pytest.raises(ServiceError):
        services.create_supplier(sentra=sentra, name="  ", acting_user=world.users["admin"])
    with pytest.raises(ServiceError) as e:
        services.add_price_break(
            supplier=supplier,
            material="Benang katun 20s",
            unit="kg",
            min_quantity=50,
            unit_price=1,
            acting_user=None,
        )
    assert e.value.code == "duplicate"
    with pytest.raises(ServiceError) as e:
        services.add_price_break(
            supplier=supplier, material="Pewarna", unit="kg", min_quantity=1, unit_price=0, acting_user=None
        )
    assert "unit_price" in e.value.field_errors
    pb = PriceBreak.objects.get(supplier=supplier, min_quantity=200)
    services.remove_price_break(price_break=pb, acting_user=world.users["admin"])
    assert supplier.price_breaks.count() == 2
    assert "price break removed" in _notes()


def test_create_purchase_needs_a_price_and_own_supplier(world, sentra, supplier):
    with pytest.raises(ServiceError) as e:
        services.create_purchase(
            sentra=sentra, supplier=supplier, material="Pewarna naptol", unit="kg", acting_user=None
        )
    assert e.value.code == "no_price"
    other = Sentra.objects.create(
        programme=world.alpha, name="Lain", product_type="x", place=world.banyumulek
    )
    with pytest.raises(ServiceError) as e:
        services.create_purchase(
            sentra=other, supplier=supplier, material="Benang katun 20s", unit="kg", acting_user=None
        )
    assert e.value.code == "supplier"
    with pytest.raises(ServiceError):
        services.create_purchase(
            sentra=sentra,
            supplier=supplier,
            material="Benang katun 20s",
            unit="kg",
            delivery_cost=-1,
            acting_user=None,
        )


def test_set_need_rules(world, purchase, weavers, outsider_enterprise):
    fac = world.users["facilitator"]
    need = services.set_need(purchase=purchase, enterprise=weavers[0], quantity=10, acting_user=fac)
    again = services.set_need(purchase=purchase, enterprise=weavers[0], quantity=10, acting_user=fac)
    assert again.pk == need.pk and Need.objects.count() == 1
    services.set_need(purchase=purchase, enterprise=weavers[0], quantity=12, acting_user=fac)
    assert Need.objects.get().quantity == 12
    for bad in (0, -3):
        with pytest.raises(ServiceError) as e:
            services.set_need(purchase=purchase, enterprise=weavers[1], quantity=bad, acting_user=fac)
        assert "quantity" in e.value.field_errors
    with pytest.raises(ServiceError) as e:
        services.set_need(purchase=purchase, enterprise=outsider_enterprise, quantity=5, acting_user=fac)
    assert e.value.code == "member" and "not a member" in e.value.message
    # A member who has left the sentra cannot join either.
    SentraMember.objects.filter(enterprise=weavers[2]).update(left_on=D(2024, 12, 31))
    with pytest.raises(ServiceError):
        services.set_need(purchase=purchase, enterprise=weavers[2], quantity=5, acting_user=fac)
    services.remove_need(need=Need.objects.get(), acting_user=fac)
    assert not Need.objects.exists()


def test_order_refuses_empty_and_below_minimum(world, purchase, weavers):
    fac = world.users["facilitator"]
    with pytest.raises(ServiceError) as e:
        services.place_order(purchase=purchase, ordered_on=ORDERED, acting_user=fac)
    assert e.value.code == "empty"
    services.set_need(purchase=purchase, enterprise=weavers[0], quantity=3, acting_user=fac)
    with pytest.raises(ServiceError) as e:
        services.place_order(purchase=purchase, ordered_on=ORDERED, acting_user=fac)
    assert e.value.code == "below_minimum" and "5 kg" in e.value.message


def test_worked_example_order_freezes_the_price(world, ordered, weavers, supplier):
    """A procurement cost split: 12 weavers, 210 kg together, the 200 kg break at Rp54.000 per kg."""
    assert ordered.status == S.ORDERED
    assert (ordered.ordered_quantity, ordered.unit_price, ordered.break_min_quantity) == (210, 54_000, 200)
    view = queries.split_view(ordered)
    assert view.split.total == 11_590_000
    assert sum(r.share.total for r in view.rows) == view.split.total
    first = view.rows[0]
    assert (first.enterprise_name, first.share.total, first.share.saving) == (
        "Tenun Ikat A",
        551_905,
        118_095,
    )
    assert view.total_saving == 2_030_000
    assert any("200 kg" in line for line in view.explanation)
    assert any("Saving by buying together" in line for line in first.reasons)
    # After ordering the price list may change; the bill does not.
    PriceBreak.objects.filter(supplier=supplier, min_quantity=200).update(unit_price=60_000)
    assert queries.split_view(ordered).split.total == 11_590_000
    # And needs are locked.
    with pytest.raises(ServiceError) as e:
        services.set_need(purchase=ordered, enterprise=weavers[0], quantity=99, acting_user=None)
    assert e.value.code == "status"
    with pytest.raises(ServiceError):
        services.remove_need(need=Need.objects.first(), acting_user=None)
    with pytest.raises(ServiceError):
        services.place_order(purchase=ordered, ordered_on=ORDERED, acting_user=None)


def test_collecting_split_says_how_far_the_next_break_is(world, purchase, weavers):
    for e, q in zip(weavers[:6], NEEDS[:6], strict=True):
        services.set_need(purchase=purchase, enterprise=e, quantity=q, acting_user=None)
    view = queries.split_view(purchase)  # 90 kg: the 50 kg break
    assert view.split.pricing.unit_price == 58_000
    assert any("110 kg more" in line for line in view.explanation)


def test_deliveries_handouts_shortfall_close_and_settle(world, ordered, weavers):
    fac = world.users["facilitator"]
    with pytest.raises(ServiceError) as e:
        services.close_delivery(purchase=ordered, closed_on=D(2025, 3, 20), acting_user=fac)
    assert e.value.code == "nothing_delivered"
    with pytest.raises(ServiceError):
        services.record_delivery(purchase=ordered, delivered_on=D(2025, 3, 1), quantity=10, acting_user=fac)
    d1 = services.record_delivery(
        purchase=ordered, delivered_on=D(2025, 3, 15), quantity=150, acting_user=fac, idempotency_key="k1"
    )
    again = services.record_delivery(
        purchase=ordered, delivered_on=D(2025, 3, 15), quantity=150, acting_user=fac, idempotency_key="k1"
    )
    assert again.pk == d1.pk and PurchaseDelivery.objects.count() == 1
    with pytest.raises(ServiceError) as e:
        services.record_delivery(purchase=ordered, delivered_on=D(2025, 3, 16), quantity=61, acting_user=fac)
    assert e.value.code == "too_much"
    services.record_delivery(purchase=ordered, delivered_on=D(2025, 3, 18), quantity=50, acting_user=fac)
    # 200 of 210 kg: weaver A (10 kg) is due 10·200/210 = 9,52 → 10 kg by largest remainder
    due = services.allotments(ordered)
    assert sum(due.values()) == 200
    services.hand_out(
        purchase=ordered,
        enterprise=weavers[6],
        quantity=due[weavers[6].pk],
        handed_on=D(2025, 3, 18),
        acting_user=fac,
    )
    with pytest.raises(ServiceError) as e:
        services.hand_out(
            purchase=ordered, enterprise=weavers[6], quantity=1, handed_on=D(2025, 3, 18), acting_user=fac
        )
    assert e.value.code == "too_much"
    with pytest.raises(ServiceError):
        services.hand_out(
            purchase=ordered, enterprise=weavers[0], quantity=0, handed_on=D(2025, 3, 18), acting_user=fac
        )
    closed = services.close_delivery(purchase=ordered, closed_on=D(2025, 3, 20), acting_user=fac)
    assert closed.status == S.DELIVERED
    view = queries.split_view(closed)
    # The bill is now for what came: 200 kg × 54.000 + 250.000 delivery, parts adding up exactly.
    assert view.split.total == 200 * 54_000 + 250_000
    assert sum(r.share.total for r in view.rows) == view.split.total
    assert view.shortfall == 10 and any("10 kg short" in line for line in view.explanation)
    assert all(r.quantity <= r.need for r in view.rows)
    with pytest.raises(ServiceError):
        services.record_delivery(purchase=closed, delivered_on=D(2025, 3, 21), quantity=10, acting_user=fac)
    with pytest.raises(ServiceError) as e:
        services.settle(purchase=closed, settled_on=D(2025, 3, 19), acting_user=fac)
    assert e.value.code == "date"
    settled = services.settle(purchase=closed, settled_on=D(2025, 3, 25), acting_user=fac)
    assert settled.status == S.SETTLED
    with pytest.raises(ServiceError):
        services.hand_out(
            purchase=settled, enterprise=weavers[0], quantity=1, handed_on=D(2025, 3, 26), acting_user=fac
        )
    assert HandOut.objects.count() == 1
    assert {"order placed", "delivery recorded", "material handed out", "delivery closed"} <= _notes()
    settled_entry = AuditEntry.objects.filter(object_type="procurement.jointpurchase").order_by("-id").first()
    assert settled_entry.programme_id == world.alpha.pk  # scoped, so the programme's readers see it
    assert settled_entry.changes["_note"] == "Supplier paid Rp11.050.000."


def test_hand_out_to_a_member_without_a_need(world, ordered, outsider_enterprise):
    services.record_delivery(purchase=ordered, delivered_on=D(2025, 3, 15), quantity=210, acting_user=None)
    with pytest.raises(ServiceError) as e:
        services.hand_out(
            purchase=ordered,
            enterprise=outsider_enterprise,
            quantity=1,
            handed_on=D(2025, 3, 15),
            acting_user=None,
        )
    assert e.value.code == "no_need"
