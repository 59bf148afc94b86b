"""The API: same scoping as the pages, idempotent phone posts, exact rates."""

import datetime as dt

import pytest

from berdaya.clusters.valuechain import services
from berdaya.clusters.valuechain.models import AdvanceSale, PriceObservation, Product, ReferenceRate

pytestmark = pytest.mark.django_db

BASE = "/api/v1/value-chain"
READ = {
    "officer": 200,
    "admin": 200,
    "manager": 200,
    "facilitator": 200,
    "auditor": 200,
    "partner": 200,
    "member": 404,
    "outsider": 404,
}
WRITE = {
    "officer": 403,
    "admin": 201,
    "manager": 201,
    "facilitator": 201,
    "auditor": 403,
    "partner": 403,
    "member": 404,
    "outsider": 404,
}


@pytest.fixture
def sale(sentra, jar, world):
    services.record_price(
        sentra=sentra,
        product=jar,
        step="craftsman",
        price=45_000,
        observed_on=dt.date(2025, 1, 10),
        acting_user=world.users["admin"],
    )
    services.record_price(
        sentra=sentra,
        product=jar,
        step="art_shop",
        price=150_000,
        observed_on=dt.date(2025, 1, 20),
        acting_user=world.users["admin"],
    )
    return services.record_advance_sale(
        sentra=sentra,
        enterprise=sentra.enterprises[0],
        buyer_name="Juragan Amaq Rusni",
        cash_received=7_000_000,
        goods_value=10_000_000,
        received_on=dt.date(2025, 1, 15),
        delivery_on=dt.date(2025, 5, 15),
        acting_user=world.users["admin"],
    )


@pytest.mark.parametrize(("role", "status"), READ.items())
def test_read_endpoints(api_for, sentra, jar, sale, role, status):
    c = api_for(role)
    obs = PriceObservation.objects.first()
    for url in [
        f"{BASE}/sentras/{sentra.pk}/chain/",
        f"{BASE}/observations/{obs.pk}/",
        f"{BASE}/advance-sales/{sale.pk}/",
    ]:
        assert c.get(url).status_code == status, url
    # Lists answer 200 to every reader and hold only what is in scope
    for url in [
        f"{BASE}/products/",
        f"{BASE}/observations/",
        f"{BASE}/advance-sales/",
        f"{BASE}/reference-rates/",
    ]:
        r = c.get(url)
        if role == "member":
            assert r.status_code == 404
            continue
        assert r.status_code == 200
        assert (r.json()["count"] > 0) == (status == 200) or url.endswith("reference-rates/")


@pytest.mark.parametrize(("role", "status"), WRITE.items())
def test_write_endpoints(api_for, sentra, jar, sale, role, status):
    c = api_for(role)
    assert c.post(f"{BASE}/products/", {"sentra": sentra.pk, "name": f"Piring {role}"}).status_code == status
    r = c.post(
        f"{BASE}/observations/",
        {"product": jar.pk, "step": "juragan", "price": 70_000, "observed_on": "2025-01-12"},
        format="json",
    )
    assert r.status_code == status
    r = c.post(
        f"{BASE}/advance-sales/",
        {
            "sentra": sentra.pk,
            "enterprise": sentra.enterprises[1].pk,
            "buyer_name": "Art shop",
            "cash_received": 1_000_000,
            "goods_value": 1_200_000,
            "received_on": "2025-02-01",
            "delivery_on": "2025-04-01",
        },
        format="json",
    )
    assert r.status_code == status
    r = c.post(
        f"{BASE}/reference-rates/",
        {"sentra": sentra.pk, "name": "KUR", "annual_rate": "6", "valid_from": "2024-01-01"},
        format="json",
    )
    assert r.status_code == status
    deleted = {201: 204}.get(status, status)
    obs = PriceObservation.objects.first()
    assert c.delete(f"{BASE}/observations/{obs.pk}/").status_code == deleted
    assert c.delete(f"{BASE}/advance-sales/{sale.pk}/").status_code == deleted
    if status != 201:
        assert Product.objects.count() == 1 and AdvanceSale.objects.count() == 1
        assert not ReferenceRate.objects.exists()


def test_advance_sale_api_exact_rates_and_explanation(api_for, sale):
    body = api_for("auditor").get(f"{BASE}/advance-sales/{sale.pk}/").json()
    rates = body["rates"]
    assert rates["months"] == "4.0000"
    assert rates["period_percent"] == "42.8571"
    assert rates["simple_annual_percent"] == "128.5714"
    assert rates["compound_annual_percent"] == "191.5452"
    assert rates["reference_name"] == "KUR" and rates["reference_set_by_programme"] is False
    assert rates["times_reference"] == "21.43"
    assert rates["cost"] == 3_000_000
    assert any("where KUR costs 6.0 %" in line for line in rates["explanation"])
    listed = api_for("auditor").get(f"{BASE}/advance-sales/?q=Rusni").json()
    assert listed["count"] == 1 and listed["results"][0]["rates"]["period_percent"] == "42.8571"


def test_advance_sale_api_idempotent_and_validated(api_for, sentra):
    c = api_for("facilitator")
    payload = {
        "sentra": sentra.pk,
        "person": sentra.enterprises[0].owners.first().pk,
        "buyer_name": "Juragan",
        "cash_received": 7_000_000,
        "goods_value": 10_000_000,
        "received_on": "2025-01-15",
        "delivery_on": "2025-05-15",
        "idempotency_key": "phone-1",
    }
    first = c.post(f"{BASE}/advance-sales/", payload, format="json")
    again = c.post(f"{BASE}/advance-sales/", payload, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    bad = c.post(
        f"{BASE}/advance-sales/", {**payload, "idempotency_key": "2", "goods_value": 5}, format="json"
    )
    assert bad.status_code == 400 and "goods_value" in bad.json()["errors"]
    foreign = c.post(
        f"{BASE}/advance-sales/", {**payload, "idempotency_key": "3", "person": 999999}, format="json"
    )
    assert foreign.status_code == 400 and "person" in foreign.json()["errors"]


def test_observation_api_idempotent(api_for, jar):
    c = api_for("manager")
    data = {
        "product": jar.pk,
        "step": "buyer",
        "price": 200_000,
        "observed_on": "2025-03-01",
        "idempotency_key": "o1",
    }
    assert c.post(f"{BASE}/observations/", data, format="json").status_code == 201
    assert c.post(f"{BASE}/observations/", data, format="json").status_code == 200
    assert PriceObservation.objects.count() == 1


def test_chain_api(api_for, sentra, sale, jar):
    body = api_for("manager").get(f"{BASE}/sentras/{sentra.pk}/chain/?product={jar.pk}").json()
    assert body["final_price"] == 150_000
    assert body["producer_share_percent"] == "30.0000"
    assert [s["step"] for s in body["steps"]] == ["craftsman", "art_shop"]
    assert sum(float(s["share_percent"]) for s in body["steps"]) == pytest.approx(100)
    assert body["over_time"][0]["period"] == "2025-01-01"
    assert api_for("manager").get(f"{BASE}/sentras/{sentra.pk}/chain/?product=999999").status_code == 404


def test_other_programme_rows_hidden(api_for, other_sentra, world):
    p = Product.objects.create(sentra=other_sentra, name="Kain", unit="m")
    services.record_price(
        sentra=other_sentra,
        product=p,
        step="craftsman",
        price=1,
        observed_on=dt.date(2025, 1, 1),
        acting_user=world.users["admin"],
    )
    assert api_for("manager").get(f"{BASE}/observations/").json()["count"] == 0
    assert api_for("outsider").get(f"{BASE}/observations/").json()["count"] == 1
    assert api_for("manager").get(f"{BASE}/sentras/{other_sentra.pk}/chain/").status_code == 404
