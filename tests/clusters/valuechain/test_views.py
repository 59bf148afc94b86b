"""Pages: who may read and write, and that each page does what it says."""

import datetime as dt

import pytest
from django.urls import reverse

from berdaya.clusters.valuechain import services
from berdaya.clusters.valuechain.models import AdvanceSale, PriceObservation, Product, ReferenceRate

pytestmark = pytest.mark.django_db

READERS = {
    "officer": 200,
    "admin": 200,
    "manager": 200,
    "facilitator": 200,
    "auditor": 200,
    "partner": 200,
    "member": 404,
    "outsider": 404,
}
WRITERS = {
    "officer": 403,
    "admin": 200,
    "manager": 200,
    "facilitator": 200,
    "auditor": 403,
    "partner": 403,
    "member": 404,
    "outsider": 404,
}


@pytest.fixture
def filled(sentra, jar, world):
    user = world.users["facilitator"]
    obs = [
        services.record_price(
            sentra=sentra, product=jar, step=step, price=price, observed_on=day, acting_user=user
        )
        for step, price, day in [
            ("craftsman", 45_000, dt.date(2025, 1, 10)),
            ("juragan", 75_000, dt.date(2025, 1, 12)),
            ("art_shop", 150_000, dt.date(2025, 1, 20)),
            ("craftsman", 50_000, dt.date(2025, 4, 10)),
            ("art_shop", 150_000, dt.date(2025, 4, 20)),
        ]
    ]
    sale = services.record_advance_sale(
        sentra=sentra,
        enterprise=sentra.enterprises[0],
        buyer_name="Juragan Amaq Rusni",
        cash_received=7_000_000,
        goods_value=10_000_000,
        received_on=dt.date(2025, 1, 15),
        delivery_on=dt.date(2025, 5, 15),
        acting_user=user,
    )
    return {"obs": obs, "sale": sale}


def _read_urls(sentra, filled):
    return [
        reverse("valuechain:index"),
        reverse("valuechain:chain", args=[sentra.pk]),
        reverse("valuechain:price_list", args=[sentra.pk]),
        reverse("valuechain:advance_list", args=[sentra.pk]),
        reverse("valuechain:advance_detail", args=[filled["sale"].pk]),
        reverse("valuechain:advance_print", args=[filled["sale"].pk]),
    ]


def _write_urls(sentra, filled):
    return [
        reverse("valuechain:product_create", args=[sentra.pk]),
        reverse("valuechain:price_create", args=[sentra.pk]),
        reverse("valuechain:advance_create", args=[sentra.pk]),
        reverse("valuechain:rate_create", args=[sentra.pk]),
        reverse("valuechain:price_delete", args=[filled["obs"][0].pk]),
        reverse("valuechain:advance_delete", args=[filled["sale"].pk]),
    ]


@pytest.mark.parametrize(("role", "status"), READERS.items())
def test_read_pages_permissions(client_for, sentra, filled, role, status):
    c = client_for(role)
    for url in _read_urls(sentra, filled):
        expected = 200 if (url == reverse("valuechain:index") and status == 200) else status
        if url == reverse("valuechain:index") and role == "outsider":
            expected = 200  # the index lists only the outsider's own sentras (none of Alpha's)
        assert c.get(url).status_code == expected, url


def test_outsider_index_does_not_list_alpha(client_for, sentra):
    body = client_for("outsider").get(reverse("valuechain:index")).content.decode()
    assert sentra.name not in body
    assert sentra.name in client_for("manager").get(reverse("valuechain:index")).content.decode()


@pytest.mark.parametrize(("role", "status"), WRITERS.items())
def test_write_pages_permissions(client_for, sentra, filled, role, status):
    c = client_for(role)
    for url in _write_urls(sentra, filled):
        assert c.get(url).status_code == status, url
        if status != 200:
            assert c.post(url, {}).status_code == status, url
    if status != 200:
        assert PriceObservation.objects.count() == 5 and AdvanceSale.objects.count() == 1


def test_anonymous_redirected_to_login(client, sentra):
    r = client.get(reverse("valuechain:chain", args=[sentra.pk]))
    assert r.status_code == 302 and "login" in r["Location"]


def test_chain_page_shows_bar_share_and_trend(client_for, sentra, filled):
    r = client_for("auditor").get(reverse("valuechain:chain", args=[sentra.pk]))
    body = r.content.decode()
    assert 'data-testid="chain-bar"' in body
    assert 'data-testid="share-line"' in body
    assert "Rp150.000" in body
    assert "31.7 %" in body  # craftsman median 47.500 of the final 150.000
    assert "Record a price" not in body  # auditors read only


def test_chain_page_indonesian_keeps_svg_numbers_plain(client_for, sentra, filled, indonesian):
    body = client_for("manager").get(reverse("valuechain:chain", args=[sentra.pk])).content.decode()
    assert "31,7 %" in body
    import re

    for attr in re.findall(r'(?:x|width|cx|cy|y)="([^"]*)"', body):
        assert "," not in attr, attr
    for points in re.findall(r'points="([^"]*)"', body):
        assert all(p.count(",") == 1 for p in points.split())


def test_chain_empty_state_tells_what_to_do(client_for, sentra):
    body = client_for("manager").get(reverse("valuechain:chain", args=[sentra.pk])).content.decode()
    assert "Add the first product" in body


def test_create_product_then_price_phone_flow(client_for, sentra, world):
    c = client_for("facilitator")
    r = c.post(reverse("valuechain:product_create", args=[sentra.pk]), {"name": "Guci 30 cm", "unit": "pcs"})
    product = Product.objects.get(name="Guci 30 cm")
    assert r.status_code == 302 and f"?product={product.pk}" in r["Location"]
    url = reverse("valuechain:price_create", args=[sentra.pk])
    form = c.get(url + f"?product={product.pk}").content.decode()
    assert 'inputmode="numeric"' in form and 'type="date"' in form
    data = {
        "product": product.pk,
        "step": "art_shop",
        "price": "85000",
        "observed_on": "2025-02-01",
        "idempotency_key": "abc",
    }
    assert c.post(url, data).status_code == 302
    assert c.post(url, data).status_code == 302  # double tap: same key, no second row
    assert PriceObservation.objects.filter(product=product).count() == 1
    bad = c.post(url, {**data, "price": "0", "idempotency_key": "x"})
    assert bad.status_code == 200 and PriceObservation.objects.filter(product=product).count() == 1


def test_advance_sale_create_errors_and_detail(client_for, sentra):
    c = client_for("manager")
    url = reverse("valuechain:advance_create", args=[sentra.pk])
    data = {
        "kind": "ijon",
        "enterprise": sentra.enterprises[1].pk,
        "buyer_name": "Art Shop Sayang",
        "buyer_step": "art_shop",
        "cash_received": "7000000",
        "goods_value": "6000000",
        "received_on": "2025-01-15",
        "delivery_on": "2025-05-15",
    }
    r = c.post(url, data)
    assert r.status_code == 200 and "less than the Rp7.000.000 received" in r.content.decode()
    r = c.post(url, {**data, "goods_value": "10000000", "delivery_on": "2025-01-01"})
    assert "not after the cash was received" in r.content.decode()
    r = c.post(url, {**data, "goods_value": "10000000"})
    sale = AdvanceSale.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("valuechain:advance_detail", args=[sale.pk])
    body = c.get(r["Location"]).content.decode()
    assert "42.86 %" in body and "128.57 %" in body and "191.55 %" in body
    assert "where KUR costs 6.0 %" in body
    pdf = c.get(reverse("valuechain:advance_print", args=[sale.pk]) + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf"


def test_delete_asks_first(client_for, sentra, filled):
    c = client_for("manager")
    url = reverse("valuechain:advance_delete", args=[filled["sale"].pk])
    assert "Delete the advance sale" in c.get(url).content.decode()
    assert AdvanceSale.objects.exists()
    assert c.post(url).status_code == 302
    assert not AdvanceSale.objects.exists()
    url = reverse("valuechain:price_delete", args=[filled["obs"][0].pk])
    assert c.post(url).status_code == 302
    assert PriceObservation.objects.count() == 4


def test_rate_create_sets_programme_rate(client_for, sentra, world, filled):
    c = client_for("manager")
    r = c.post(
        reverse("valuechain:rate_create", args=[sentra.pk]),
        {"name": "KUR", "annual_rate": "3", "valid_from": "2024-01-01"},
    )
    assert r.status_code == 302
    assert ReferenceRate.objects.get().programme == world.alpha
    body = c.get(reverse("valuechain:advance_list", args=[sentra.pk])).content.decode()
    assert "KUR 3 %" in body and "128.57 %" in body


def test_lists_search_and_filter(client_for, sentra, filled):
    c = client_for("auditor")
    body = c.get(reverse("valuechain:price_list", args=[sentra.pk]) + "?step=juragan").content.decode()
    assert "Rp75.000" in body and "Rp45.000" not in body
    body = c.get(reverse("valuechain:advance_list", args=[sentra.pk]) + "?q=nobody").content.decode()
    assert "No advance sale matches" in body
    body = c.get(reverse("valuechain:advance_list", args=[sentra.pk]) + "?q=Rusni").content.decode()
    assert "Juragan Amaq Rusni" in body
