import datetime as dt

import pytest

from berdaya.clusters.production import services
from berdaya.clusters.production.models import Delivery, Order, OrderShare

READ = {
    "admin": 200,
    "manager": 200,
    "facilitator": 200,
    "auditor": 200,
    "partner": 200,
    "member": 404,
    "outsider": 404,
}
WRITE_DENIED = {"auditor": 403, "partner": 403, "member": 404, "outsider": 404}
API = "/api/v1/production/"


@pytest.fixture
def contract(sentra):
    return services.create_subcontract(
        sentra=sentra,
        producer_name="Penenun Luar",
        item="kain",
        quantity=50,
        due_on=dt.date(2025, 7, 20),
        unit_price=80_000,
        acting_user=None,
    )


@pytest.mark.parametrize("role", sorted(READ))
def test_reads_by_role(api_for, role, sentra, split_order, contract):
    c = api_for(role)
    for url in [
        f"{API}sentras/{sentra.pk}/capacities/",
        f"{API}sentras/{sentra.pk}/orders/",
        f"{API}sentras/{sentra.pk}/contracts/",
        f"{API}orders/{split_order.pk}/",
        f"{API}orders/{split_order.pk}/split/",
        f"{API}orders/{split_order.pk}/payment/",
        f"{API}contracts/{contract.pk}/",
    ]:
        assert c.get(url).status_code == READ[role], url


@pytest.mark.parametrize("role", sorted(WRITE_DENIED))
def test_writes_refused(api_for, role, sentra, split_order, contract, weavers):
    c = api_for(role)
    expected = WRITE_DENIED[role]
    assert c.post(f"{API}sentras/{sentra.pk}/orders/", {}, format="json").status_code == expected
    assert c.post(f"{API}sentras/{sentra.pk}/capacities/", {}, format="json").status_code == expected
    assert c.post(f"{API}orders/{split_order.pk}/split/").status_code == expected
    assert c.post(f"{API}orders/{split_order.pk}/adjust/", {}, format="json").status_code == expected
    assert c.post(f"{API}orders/{split_order.pk}/deliveries/", {}, format="json").status_code == expected
    assert c.post(f"{API}orders/{split_order.pk}/payment/", {}, format="json").status_code == expected
    assert c.post(f"{API}sentras/{sentra.pk}/contracts/", {}, format="json").status_code == expected
    assert c.post(f"{API}contracts/{contract.pk}/deliveries/", {}, format="json").status_code == expected
    assert Order.objects.count() == 1 and not Delivery.objects.exists()


@pytest.mark.parametrize("role", ["manager", "facilitator"])
def test_order_split_deliver_pay(api_for, role, sentra, weavers):
    c = api_for(role)
    body = {
        "buyer": "Dinas Pendidikan",
        "specification": "seragam",
        "quantity": 500,
        "unit_price": 85000,
        "starts_on": "2025-07-01",
        "due_on": "2025-07-14",
        "min_grade": "B",
        "min_lot": 20,
        "idempotency_key": "o1",
    }
    r = c.post(f"{API}sentras/{sentra.pk}/orders/", body, format="json")
    assert r.status_code == 201
    assert c.post(f"{API}sentras/{sentra.pk}/orders/", body, format="json").status_code == 200
    pk = r.json()["id"]
    preview = c.get(f"{API}orders/{pk}/split/").json()
    assert preview["feasible"] and {
        s["enterprise_name"]: s["quantity"] for s in preview["shares"] if s["quantity"]
    } == {
        "Tenun Ikat Bandar Jaya": 250,
        "Tenun Ikat Kurnia": 160,
        "Tenun Ikat Sumber Rejeki": 90,
    }
    saved = c.post(f"{API}orders/{pk}/split/").json()
    assert saved["status"] == "split" and len(saved["shares"]) == 3
    kurnia = weavers[1].pk
    d = {
        "enterprise": kurnia,
        "delivered_on": "2025-07-10",
        "quantity": 100,
        "rejected": 3,
        "idempotency_key": "d1",
    }
    assert c.post(f"{API}orders/{pk}/deliveries/", d, format="json").status_code == 201
    assert c.post(f"{API}orders/{pk}/deliveries/", d, format="json").status_code == 200
    assert Delivery.objects.count() == 1
    over = {**d, "quantity": 100, "rejected": 0, "idempotency_key": "d2"}
    r = c.post(f"{API}orders/{pk}/deliveries/", over, format="json")
    assert r.status_code == 400 and "at most 63 more" in r.json()["detail"]
    pay = c.post(
        f"{API}orders/{pk}/payment/", {"amount": 8_000_000, "paid_on": "2025-07-20"}, format="json"
    ).json()
    assert pay["total"] == 8_000_000 and pay["rows"] == [
        {"enterprise_name": "Tenun Ikat Kurnia", "accepted": 97, "amount": 8_000_000}
    ]


def test_impossible_order_api_says_what_is_missing(api_for, sentra, weavers):
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
    c = api_for("manager")
    body = c.get(f"{API}orders/{order.pk}/split/").json()
    assert not body["feasible"] and body["missing"] == 410
    r = c.post(f"{API}orders/{order.pk}/split/")
    assert r.status_code == 400 and "Missing 410 pcs" in r.json()["detail"]


def test_adjust_and_capacity_and_contract(api_for, sentra, split_order, weavers):
    c = api_for("manager")
    ids = [w.pk for w in weavers]
    r = c.post(
        f"{API}orders/{split_order.pk}/adjust/",
        {"quantities": {str(ids[0]): 240, str(ids[1]): 160, str(ids[2]): 50, str(ids[3]): 50}},
        format="json",
    )
    assert r.status_code == 200 and OrderShare.objects.filter(order=split_order).count() == 4
    r = c.post(f"{API}orders/{split_order.pk}/adjust/", {"quantities": {str(ids[0]): 500}}, format="json")
    assert r.status_code == 400
    r = c.post(
        f"{API}sentras/{sentra.pk}/capacities/",
        {"enterprise": ids[4], "weekly_capacity": 30, "quality_grade": "B", "distance_km": "0.8"},
        format="json",
    )
    assert r.status_code == 201 and r.json()["quality_grade"] == "B"
    r = c.post(
        f"{API}sentras/{sentra.pk}/contracts/",
        {
            "producer_name": "Penenun Kras",
            "item": "kain",
            "quantity": 40,
            "due_on": "2025-08-01",
            "unit_price": 70000,
            "order": split_order.pk,
        },
        format="json",
    )
    assert r.status_code == 201
    cid = r.json()["id"]
    s = {"delivered_on": "2025-07-30", "quantity": 40, "rejected": 1, "idempotency_key": "s1"}
    assert c.post(f"{API}contracts/{cid}/deliveries/", s, format="json").status_code == 201
    assert c.post(f"{API}contracts/{cid}/deliveries/", s, format="json").status_code == 200
    assert c.get(f"{API}contracts/{cid}/").json()["deliveries"][0]["rejected"] == 1
