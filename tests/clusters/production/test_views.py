import datetime as dt

import pytest
from django.urls import reverse

from berdaya.clusters.production import services
from berdaya.clusters.production.models import Delivery, Order, OrderShare, SubContract

READ = {
    "admin": 200,
    "manager": 200,
    "facilitator": 200,
    "auditor": 200,
    "partner": 200,
    "member": 404,
    "outsider": 404,
}
WRITE = {
    "admin": 200,
    "manager": 200,
    "facilitator": 200,
    "auditor": 403,
    "partner": 403,
    "member": 404,
    "outsider": 404,
}


@pytest.fixture
def contract(world, sentra, order):
    return services.create_subcontract(
        sentra=sentra,
        producer_name="Penenun Ngadiluwih",
        item="kain",
        quantity=50,
        due_on=dt.date(2025, 7, 20),
        unit_price=80_000,
        acting_user=None,
    )


@pytest.fixture
def delivered(world, split_order):
    share = OrderShare.objects.filter(order=split_order).first()
    return services.record_delivery(
        share=share, delivered_on=dt.date(2025, 7, 5), quantity=20, rejected=2, acting_user=None
    )


@pytest.mark.parametrize("role", sorted(READ))
def test_read_pages_by_role(client_for, role, sentra, split_order, contract, delivered):
    c = client_for(role)
    urls = [
        reverse("production:capacity_list", args=[sentra.pk]),
        reverse("production:order_list", args=[sentra.pk]),
        reverse("production:contract_list", args=[sentra.pk]),
        reverse("production:order_detail", args=[split_order.pk]),
        reverse("production:order_split", args=[split_order.pk]),
        reverse("production:payment_sheet", args=[split_order.pk]),
        reverse("production:contract_detail", args=[contract.pk]),
    ]
    for url in urls:
        assert c.get(url).status_code == READ[role], url


@pytest.mark.parametrize("role", sorted(WRITE))
def test_write_pages_by_role(client_for, role, sentra, split_order, contract, delivered):
    c = client_for(role)
    urls = [
        reverse("production:capacity_edit", args=[sentra.pk]),
        reverse("production:order_create", args=[sentra.pk]),
        reverse("production:order_adjust", args=[split_order.pk]),
        reverse("production:delivery_add", args=[split_order.pk]),
        reverse("production:delivery_remove", args=[delivered.pk]),
        reverse("production:order_pay", args=[split_order.pk]),
        reverse("production:contract_create", args=[sentra.pk]),
        reverse("production:sub_delivery_add", args=[contract.pk]),
    ]
    for url in urls:
        assert c.get(url).status_code == WRITE[role], url
    # POSTs are refused the same way (nothing written)
    r = c.post(reverse("production:order_split", args=[split_order.pk]))
    assert r.status_code == WRITE[role]
    if r.status_code == 200:  # a delivery is recorded: the split is refused, and the page says why
        assert "it can no longer be recomputed" in r.content.decode()


def test_order_flow_through_the_pages(client_for, sentra, weavers):
    c = client_for("facilitator")
    r = c.post(
        reverse("production:order_create", args=[sentra.pk]),
        {
            "buyer": "Dinas Pendidikan",
            "specification": "seragam",
            "quantity": 500,
            "unit": "pcs",
            "unit_price": 85000,
            "starts_on": "2025-07-01",
            "due_on": "2025-07-14",
            "min_grade": "B",
            "min_lot": 20,
        },
    )
    order = Order.objects.get()
    assert r.status_code == 302 and r.url == reverse("production:order_split", args=[order.pk])
    page = c.get(r.url).content.decode()
    assert "Not needed: the order is covered with fewer collection trips" in page
    assert "Grade C is below the lowest grade this order accepts (B)." in page
    assert not OrderShare.objects.exists()  # previewing saves nothing
    r = c.post(reverse("production:order_split", args=[order.pk]))
    assert r.status_code == 302 and OrderShare.objects.filter(order=order).count() == 3
    share = OrderShare.objects.get(order=order, enterprise__name="Tenun Ikat Kurnia")
    r = c.post(
        reverse("production:delivery_add", args=[order.pk]),
        {"share": share.pk, "delivered_on": "2025-07-10", "quantity": 170, "rejected": 0},
    )
    assert r.status_code == 200 and "at most 160 more" in r.content.decode()
    c.post(
        reverse("production:delivery_add", args=[order.pk]),
        {"share": share.pk, "delivered_on": "2025-07-10", "quantity": 160, "rejected": 4},
    )
    assert Delivery.objects.get().rejected == 4
    sheet = c.get(reverse("production:payment_sheet", args=[order.pk])).content.decode()
    assert "Rp13.260.000" in sheet  # 156 accepted × Rp85.000
    assert (
        c.get(reverse("production:payment_sheet", args=[order.pk]) + "?format=pdf")["Content-Type"]
        == "application/pdf"
    )


def test_impossible_order_page_shows_the_shortfall(client_for, world, sentra, weavers):
    order = services.create_order(
        sentra=sentra,
        buyer="Pemkot",
        specification="x",
        quantity=1000,
        unit_price=1,
        starts_on=dt.date(2025, 7, 1),
        due_on=dt.date(2025, 7, 14),
        min_grade="B",
        acting_user=None,
    )
    page = client_for("manager").get(reverse("production:order_split", args=[order.pk])).content.decode()
    assert "Missing 410 pcs: the 4 producers can make 590 by the due date." in page
    assert "Save this split" not in page


def test_adjust_page_saves_within_capacity(client_for, split_order, weavers):
    ids = {e.name: e.pk for e in weavers}
    data = {
        f"q_{ids['Tenun Ikat Bandar Jaya']}": 240,
        f"q_{ids['Tenun Ikat Kurnia']}": 160,
        f"q_{ids['Tenun Ikat Sumber Rejeki']}": 50,
        f"q_{ids['Tenun Ikat Endang']}": 50,
    }
    r = client_for("manager").post(reverse("production:order_adjust", args=[split_order.pk]), data)
    assert r.status_code == 302
    assert OrderShare.objects.get(order=split_order, enterprise=ids["Tenun Ikat Endang"]).quantity == 50
    data[f"q_{ids['Tenun Ikat Endang']}"] = 90
    data[f"q_{ids['Tenun Ikat Sumber Rejeki']}"] = 10
    r = client_for("manager").post(reverse("production:order_adjust", args=[split_order.pk]), data)
    assert "can make 80 by the due date, not 90" in r.content.decode()


def test_empty_states_say_what_to_do(client_for, sentra):
    c = client_for("manager")
    assert (
        "Record the first order" in c.get(reverse("production:order_list", args=[sentra.pk])).content.decode()
    )
    assert (
        "Set the first capacity"
        in c.get(reverse("production:capacity_list", args=[sentra.pk])).content.decode()
    )
    assert (
        "Record the first contract"
        in c.get(reverse("production:contract_list", args=[sentra.pk])).content.decode()
    )


def test_subcontract_page_create(client_for, sentra):
    r = client_for("manager").post(
        reverse("production:contract_create", args=[sentra.pk]),
        {
            "producer_name": "Penenun Kras",
            "item": "kain",
            "quantity": 30,
            "unit": "pcs",
            "due_on": "2025-08-01",
            "unit_price": 70000,
        },
    )
    assert r.status_code == 302 and SubContract.objects.get().producer_name == "Penenun Kras"
