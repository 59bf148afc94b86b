"""The procurement API: same scoping as the pages, the split with its reasons, idempotent retries."""

import pytest

from berdaya.clusters.procurement.models import HandOut, JointPurchase, Need, PurchaseDelivery

pytestmark = pytest.mark.django_db
A = "/api/v1/procurement"


def _reads(sentra, purchase, supplier, weaver):
    return [
        f"{A}/sentras/{sentra.pk}/suppliers/",
        f"{A}/suppliers/{supplier.pk}/",
        f"{A}/sentras/{sentra.pk}/purchases/",
        f"{A}/purchases/{purchase.pk}/",
        f"{A}/purchases/{purchase.pk}/deliveries/",
        f"{A}/purchases/{purchase.pk}/handouts/",
        f"{A}/purchases/{purchase.pk}/bills/{weaver.pk}/",
    ]


def _writes(sentra, purchase, supplier, weaver):
    return [
        (f"{A}/sentras/{sentra.pk}/suppliers/", {"name": "Toko Baru"}),
        (
            f"{A}/suppliers/{supplier.pk}/price-breaks/",
            {"material": "Benang katun 20s", "unit": "kg", "min_quantity": 500, "unit_price": 50_000},
        ),
        (
            f"{A}/sentras/{sentra.pk}/purchases/",
            {"supplier": supplier.pk, "material": "Benang katun 20s", "unit": "kg"},
        ),
        (f"{A}/purchases/{purchase.pk}/needs/", {"enterprise": weaver.pk, "quantity": 11}),
        (f"{A}/purchases/{purchase.pk}/order/", {"on_date": "2025-03-10"}),
    ]


@pytest.mark.parametrize("role", ["admin", "manager", "auditor", "facilitator", "partner"])
def test_readers(api_for, sentra, collected, supplier, weavers, role):
    c = api_for(role)
    for url in _reads(sentra, collected, supplier, weavers[0]):
        assert c.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["member", "outsider"])
def test_member_and_outsider_404(api_for, sentra, collected, supplier, weavers, role):
    c = api_for(role)
    for url in _reads(sentra, collected, supplier, weavers[0]):
        assert c.get(url).status_code == 404, url
    for url, body in _writes(sentra, collected, supplier, weavers[0]):
        assert c.post(url, body, format="json").status_code == 404, url


@pytest.mark.parametrize("role", ["auditor", "partner"])
def test_read_only_roles_403(api_for, sentra, collected, supplier, weavers, role):
    c = api_for(role)
    for url, body in _writes(sentra, collected, supplier, weavers[0]):
        assert c.post(url, body, format="json").status_code == 403, url
    pb = supplier.price_breaks.first()
    assert c.delete(f"{A}/price-breaks/{pb.pk}/").status_code == 403
    assert c.delete(f"{A}/purchases/{collected.pk}/needs/{weavers[0].pk}/").status_code == 403
    assert Need.objects.get(enterprise=weavers[0]).quantity == 10


@pytest.mark.parametrize("role", ["admin", "manager", "facilitator"])
def test_writers(api_for, sentra, collected, supplier, weavers, role):
    c = api_for(role)
    for url, body in _writes(sentra, collected, supplier, weavers[0]):
        r = c.post(url, body, format="json")
        assert r.status_code in (200, 201), (url, r.content)
    collected.refresh_from_db()
    assert collected.status == "ordered" and collected.ordered_quantity == 211


def test_split_in_the_api(api_for, ordered, weavers):
    body = api_for("auditor").get(f"{A}/purchases/{ordered.pk}/").json()
    split = body["split"]
    assert (split["unit_price"], split["total"], split["saving"]) == (54_000, 11_590_000, 2_030_000)
    assert sum(s["total"] for s in split["shares"]) == split["total"]
    first = split["shares"][0]
    assert (first["enterprise_name"], first["total"], first["saving"], first["solo_total"]) == (
        "Tenun Ikat A",
        551_905,
        118_095,
        670_000,
    )
    assert first["reasons"] and split["explanation"]
    bill = api_for("auditor").get(f"{A}/purchases/{ordered.pk}/bills/{weavers[0].pk}/").json()
    assert bill["total"] == 551_905


def test_errors_are_400_with_messages(api_for, collected, weavers, outsider_enterprise):
    c = api_for("facilitator")
    r = c.post(
        f"{A}/purchases/{collected.pk}/needs/",
        {"enterprise": outsider_enterprise.pk, "quantity": 3},
        format="json",
    )
    assert r.status_code == 400 and r.json()["code"] == "member"
    r = c.post(
        f"{A}/purchases/{collected.pk}/needs/", {"enterprise": weavers[0].pk, "quantity": -1}, format="json"
    )
    assert r.status_code == 400 and "quantity" in r.json()["errors"]
    r = c.post(
        f"{A}/purchases/{collected.pk}/deliveries/",
        {"delivered_on": "2025-03-11", "quantity": 5},
        format="json",
    )
    assert r.status_code == 400 and r.json()["code"] == "status"


def test_idempotent_delivery_and_handout(api_for, ordered, weavers):
    c = api_for("facilitator")
    body = {"delivered_on": "2025-03-12", "quantity": 210, "idempotency_key": "truck-1"}
    first = c.post(f"{A}/purchases/{ordered.pk}/deliveries/", body, format="json")
    again = c.post(f"{A}/purchases/{ordered.pk}/deliveries/", body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and PurchaseDelivery.objects.count() == 1
    h = {"enterprise": weavers[0].pk, "quantity": 10, "handed_on": "2025-03-12", "idempotency_key": "h-1"}
    assert c.post(f"{A}/purchases/{ordered.pk}/handouts/", h, format="json").status_code == 201
    assert c.post(f"{A}/purchases/{ordered.pk}/handouts/", h, format="json").status_code == 200
    assert HandOut.objects.count() == 1
    assert (
        c.post(f"{A}/purchases/{ordered.pk}/close/", {"on_date": "2025-03-13"}, format="json").status_code
        == 200
    )
    r = c.post(f"{A}/purchases/{ordered.pk}/settle/", {"on_date": "2025-03-30"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "settled"
    assert JointPurchase.objects.get().settled_on.isoformat() == "2025-03-30"


def test_remove_need_and_price_break(api_for, collected, supplier, weavers):
    c = api_for("manager")
    assert c.delete(f"{A}/purchases/{collected.pk}/needs/{weavers[0].pk}/").status_code == 204
    assert not Need.objects.filter(enterprise=weavers[0]).exists()
    assert c.delete(f"{A}/purchases/{collected.pk}/needs/{weavers[0].pk}/").status_code == 404
    pb = supplier.price_breaks.first()
    assert c.delete(f"{A}/price-breaks/{pb.pk}/").status_code == 204
