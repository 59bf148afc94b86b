import datetime as dt

import pytest

from berdaya.audit.models import AuditEntry
from berdaya.clusters.production import queries, services
from berdaya.clusters.production.models import Order, OrderShare, ProducerCapacity
from berdaya.core.errors import ServiceError
from berdaya.people.models import Enterprise

from .conftest import START


def shares(order):
    return {
        s.enterprise.name: s.quantity
        for s in OrderShare.objects.filter(order=order).select_related("enterprise")
    }


def test_set_capacity_creates_then_updates_one_row(world, sentra, weavers):
    cap = services.set_capacity(
        sentra=sentra,
        enterprise=weavers[0],
        weekly_capacity=160,
        current_load=0,
        quality_grade="A",
        distance_km="0.5",
        acting_user=world.users["manager"],
    )
    assert ProducerCapacity.objects.filter(sentra=sentra, enterprise=weavers[0]).count() == 1
    assert cap.weekly_capacity == 160
    assert AuditEntry.objects.filter(action="update", object_type="production.producercapacity").exists()


def test_capacity_only_for_a_current_member(world, sentra):
    outsider = Enterprise.objects.create(name="Tenun Luar", place=world.banyumulek, product_type="tenun ikat")
    with pytest.raises(ServiceError) as e:
        services.set_capacity(sentra=sentra, enterprise=outsider, weekly_capacity=10, acting_user=None)
    assert "not a current member" in e.value.message


def test_create_order_checks_dates_and_is_idempotent(world, sentra):
    kwargs = {
        "sentra": sentra,
        "buyer": "Pemkot Kediri",
        "specification": "seragam",
        "quantity": 100,
        "unit_price": 50_000,
        "starts_on": START,
        "due_on": START + dt.timedelta(days=10),
        "acting_user": world.users["manager"],
    }
    first = services.create_order(**kwargs, idempotency_key="k1")
    assert services.create_order(**kwargs, idempotency_key="k1") == first
    assert Order.objects.count() == 1
    with pytest.raises(ServiceError) as e:
        services.create_order(**{**kwargs, "due_on": START - dt.timedelta(days=1)})
    assert "due_on" in e.value.field_errors


def test_save_split_stores_the_worked_example_with_reasons(world, split_order):
    assert split_order.status == Order.Status.SPLIT
    assert shares(split_order) == {
        "Tenun Ikat Bandar Jaya": 250,
        "Tenun Ikat Kurnia": 160,
        "Tenun Ikat Sumber Rejeki": 90,
    }
    sumber = OrderShare.objects.get(order=split_order, enterprise__name="Tenun Ikat Sumber Rejeki")
    text = queries.reasons_of(sumber.reasons, sumber.quantity)
    assert text[0].startswith("90 of its 100 free units")
    assert AuditEntry.objects.filter(action="update", object_type="production.order").exists()


def test_impossible_order_is_refused_with_what_is_missing(world, sentra, weavers):
    order = services.create_order(
        sentra=sentra,
        buyer="Pemkot",
        specification="seragam",
        quantity=1000,
        unit="pcs",
        unit_price=1,
        starts_on=START,
        due_on=dt.date(2025, 7, 14),
        min_grade="B",
        acting_user=None,
    )
    with pytest.raises(ServiceError) as e:
        services.save_split(order=order, acting_user=None)
    msg = e.value.message
    assert "Missing 410 pcs: the 4 producers can make 590 by the due date." in msg
    assert "Extend the due date to 2025-07-23 (23 days of production)" in msg
    assert "Or add 3 producers of average capacity (82 a week)." in msg
    assert not OrderShare.objects.filter(order=order).exists()


def test_adjust_split_rechecks_capacity_and_total(world, split_order, weavers):
    ids = {e.name: e.pk for e in weavers}
    with pytest.raises(ServiceError) as e:
        services.adjust_split(
            order=split_order,
            quantities={
                ids["Tenun Ikat Bandar Jaya"]: 260,
                ids["Tenun Ikat Kurnia"]: 150,
                ids["Tenun Ikat Endang"]: 90,
            },
            acting_user=None,
        )
    assert "can make 250 by the due date, not 260" in e.value.message
    assert "can make 80 by the due date, not 90" in e.value.message
    with pytest.raises(ServiceError, match="add up to 490"):
        services.adjust_split(
            order=split_order,
            quantities={
                ids["Tenun Ikat Bandar Jaya"]: 250,
                ids["Tenun Ikat Kurnia"]: 160,
                ids["Tenun Ikat Endang"]: 80,
            },
            acting_user=None,
        )
    with pytest.raises(ServiceError, match="below the B"):
        services.adjust_split(
            order=split_order,
            quantities={
                ids["Tenun Ikat Bandar Jaya"]: 250,
                ids["Tenun Ikat Kurnia"]: 160,
                ids["Tenun Ikat Sumber Rejeki"]: 50,
                ids["Tenun Ikat Didik"]: 40,
            },
            acting_user=None,
        )
    services.adjust_split(
        order=split_order,
        quantities={
            ids["Tenun Ikat Bandar Jaya"]: 240,
            ids["Tenun Ikat Kurnia"]: 160,
            ids["Tenun Ikat Sumber Rejeki"]: 50,
            ids["Tenun Ikat Endang"]: 50,
        },
        acting_user=world.users["facilitator"],
    )
    assert shares(split_order) == {
        "Tenun Ikat Bandar Jaya": 240,
        "Tenun Ikat Kurnia": 160,
        "Tenun Ikat Sumber Rejeki": 50,
        "Tenun Ikat Endang": 50,
    }
    endang = OrderShare.objects.get(order=split_order, enterprise=ids["Tenun Ikat Endang"])
    assert endang.adjusted and queries.reasons_of(endang.reasons) == ["Adjusted by hand from 0 to 50 units."]


def test_deliveries_rejects_status_and_payment_by_accepted_units(world, split_order):
    s = {
        x.enterprise.name: x
        for x in OrderShare.objects.filter(order=split_order).select_related("enterprise")
    }
    on = dt.date(2025, 7, 10)
    services.record_delivery(
        share=s["Tenun Ikat Bandar Jaya"], delivered_on=on, quantity=200, rejected=5, acting_user=None
    )
    d = services.record_delivery(
        share=s["Tenun Ikat Kurnia"],
        delivered_on=on,
        quantity=100,
        rejected=0,
        idempotency_key="x",
        acting_user=None,
    )
    assert (
        services.record_delivery(
            share=s["Tenun Ikat Kurnia"], delivered_on=on, quantity=100, idempotency_key="x", acting_user=None
        )
        == d
    )
    split_order.refresh_from_db()
    assert split_order.status == Order.Status.IN_PRODUCTION
    with pytest.raises(ServiceError, match="at most 60 more"):
        services.record_delivery(share=s["Tenun Ikat Kurnia"], delivered_on=on, quantity=61, acting_user=None)
    with pytest.raises(ServiceError, match="More rejected"):
        services.record_delivery(
            share=s["Tenun Ikat Kurnia"], delivered_on=on, quantity=5, rejected=6, acting_user=None
        )
    # 195 + 100 accepted units; the buyer pays a round Rp25.000.000 → shared by largest remainder
    split_order = services.record_payment(
        order=split_order, amount=25_000_000, paid_on=dt.date(2025, 7, 20), acting_user=None
    )
    total, rows = queries.payment_sheet(split_order)
    assert total == 25_000_000
    assert {r.enterprise_name: (r.accepted, r.amount) for r in rows} == {
        "Tenun Ikat Bandar Jaya": (195, 16_525_424),
        "Tenun Ikat Kurnia": (100, 8_474_576),
    }
    assert sum(r.amount for r in rows) == total
    with pytest.raises(ServiceError):
        services.record_delivery(share=s["Tenun Ikat Kurnia"], delivered_on=on, quantity=1, acting_user=None)


def test_full_delivery_marks_delivered_and_locks_the_split(world, split_order):
    for share in OrderShare.objects.filter(order=split_order):
        services.record_delivery(
            share=share, delivered_on=dt.date(2025, 7, 14), quantity=share.quantity, acting_user=None
        )
    split_order.refresh_from_db()
    assert split_order.status == Order.Status.DELIVERED
    total, _rows = queries.payment_sheet(split_order)
    assert total == 500 * 85_000
    with pytest.raises(ServiceError):
        services.save_split(order=split_order, acting_user=None)


def test_remove_delivery_goes_back_to_split(world, split_order):
    share = OrderShare.objects.filter(order=split_order).first()
    d = services.record_delivery(share=share, delivered_on=dt.date(2025, 7, 5), quantity=10, acting_user=None)
    services.remove_delivery(delivery=d, acting_user=None)
    split_order.refresh_from_db()
    assert split_order.status == Order.Status.SPLIT
    assert AuditEntry.objects.filter(action="delete", object_type="production.delivery").exists()


def test_subcontract_outside_the_sentra_and_its_status(world, sentra, order):
    c = services.create_subcontract(
        sentra=sentra,
        producer_name="Penenun Desa Ngadiluwih",
        item="kain tenun ikat",
        quantity=100,
        due_on=dt.date(2025, 7, 20),
        unit_price=80_000,
        quality_terms="kerapatan sama dengan contoh",
        order=order,
        acting_user=None,
    )
    assert c.enterprise is None and c.order == order
    assert queries.contract_status(c, dt.date(2025, 7, 1))[0] == "on_time"
    services.record_sub_delivery(
        contract=c, delivered_on=dt.date(2025, 7, 18), quantity=60, rejected=5, acting_user=None
    )
    assert queries.contract_status(c, dt.date(2025, 7, 21)) == ("late", "Late: 45 still missing")
    with pytest.raises(ServiceError):
        services.record_sub_delivery(
            contract=c, delivered_on=dt.date(2025, 7, 22), quantity=46, acting_user=None
        )
    services.record_sub_delivery(contract=c, delivered_on=dt.date(2025, 7, 22), quantity=45, acting_user=None)
    assert queries.contract_status(c, dt.date(2025, 7, 22))[0] == "complete_late"


def test_subcontract_needs_a_producer_and_a_member_enterprise(world, sentra):
    with pytest.raises(ServiceError):
        services.create_subcontract(
            sentra=sentra,
            producer_name=" ",
            item="x",
            quantity=1,
            due_on=START,
            unit_price=0,
            acting_user=None,
        )
    other = Enterprise.objects.create(name="Lain", place=world.banyumulek, product_type="x")
    with pytest.raises(ServiceError):
        services.create_subcontract(
            sentra=sentra,
            producer_name="",
            enterprise=other,
            item="x",
            quantity=1,
            due_on=START,
            unit_price=0,
            acting_user=None,
        )
