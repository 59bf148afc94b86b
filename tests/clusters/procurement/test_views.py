"""Procurement pages through HTTP: who may see and do what, the split table, the bill."""

import pytest

from berdaya.clusters.procurement.models import JointPurchase, Need, PurchaseDelivery

pytestmark = pytest.mark.django_db
READERS = ["admin", "manager", "auditor", "facilitator", "partner"]
WRITERS = ["admin", "manager", "facilitator"]


def _pages(sentra, purchase, supplier, weaver):
    return [
        f"/procurement/sentra/{sentra.pk}/",
        f"/procurement/sentra/{sentra.pk}/?q=benang&status=ordered",
        f"/procurement/sentra/{sentra.pk}/suppliers/",
        f"/procurement/suppliers/{supplier.pk}/",
        f"/procurement/{purchase.pk}/",
        f"/procurement/{purchase.pk}/bills/{weaver.pk}/",
    ]


def _forms(sentra, purchase, supplier):
    return [
        f"/procurement/sentra/{sentra.pk}/new/",
        f"/procurement/sentra/{sentra.pk}/suppliers/new/",
        f"/procurement/{purchase.pk}/needs/",
        f"/procurement/{purchase.pk}/order/",
        f"/procurement/{purchase.pk}/deliveries/",
        f"/procurement/{purchase.pk}/handouts/",
        f"/procurement/{purchase.pk}/close/",
        f"/procurement/{purchase.pk}/settle/",
        f"/procurement/prices/{supplier.price_breaks.first().pk}/remove/",
        f"/procurement/needs/{Need.objects.first().pk}/remove/",
    ]


@pytest.mark.parametrize("role", READERS)
def test_readers_see_the_pages(client_for, sentra, collected, supplier, weavers, role):
    c = client_for(role)
    for url in _pages(sentra, collected, supplier, weavers[0]):
        assert c.get(url).status_code == 200, url


@pytest.mark.parametrize("role", WRITERS)
def test_writers_reach_the_forms(client_for, sentra, collected, supplier, role):
    c = client_for(role)
    for url in _forms(sentra, collected, supplier):
        assert c.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["auditor", "partner"])
def test_read_only_roles_get_403_on_writes(client_for, sentra, collected, supplier, weavers, role):
    c = client_for(role)
    for url in _forms(sentra, collected, supplier):
        assert c.get(url).status_code == 403, url
    r = c.post(f"/procurement/{collected.pk}/needs/", {"enterprise": weavers[0].pk, "quantity": 99})
    assert r.status_code == 403
    assert r.status_code == 403 and Need.objects.get(enterprise=weavers[0]).quantity == 10
    assert (
        c.post(
            f"/procurement/suppliers/{supplier.pk}/",
            {"material": "x", "unit": "kg", "min_quantity": 1, "unit_price": 1},
        ).status_code
        == 403
    )


@pytest.mark.parametrize("role", ["member", "outsider"])
def test_member_and_outsider_get_404(client_for, sentra, collected, supplier, weavers, role):
    c = client_for(role)
    for url in _pages(sentra, collected, supplier, weavers[0]) + _forms(sentra, collected, supplier):
        assert c.get(url).status_code == 404, url


def test_split_table_and_bill(client_for, ordered, weavers):
    c = client_for("auditor")
    html = c.get(f"/procurement/{ordered.pk}/").content.decode()
    assert "Rp11.590.000" in html  # to the supplier
    assert "Rp551.905" in html and "Rp118.095" in html  # weaver A's share and saving
    assert "Rp2.030.000" in html  # the whole sentra's saving
    bill = c.get(f"/procurement/{ordered.pk}/bills/{weavers[0].pk}/").content.decode()
    assert "Rp551.905" in bill and "Tenun Ikat A" in bill
    assert c.get(f"/procurement/{ordered.pk}/bills/999999/").status_code == 404


def test_bill_pdf(client_for, ordered, weavers):
    r = client_for("manager").get(f"/procurement/{ordered.pk}/bills/{weavers[0].pk}/?format=pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"


def test_the_whole_flow_through_the_pages(client_for, sentra, weavers, world, outsider_enterprise):
    c = client_for("facilitator")
    # empty state first tells what to do
    assert b"First record a supplier" in c.get(f"/procurement/sentra/{sentra.pk}/").content
    r = c.post(
        f"/procurement/sentra/{sentra.pk}/suppliers/new/", {"name": "CV Benang Kediri", "contact": "081"}
    )
    assert r.status_code == 302
    sup = sentra.suppliers.get()
    for m, p in [(1, 65_000), (100, 57_000)]:
        assert (
            c.post(
                f"/procurement/suppliers/{sup.pk}/",
                {"material": "Benang", "unit": "kg", "min_quantity": m, "unit_price": p},
            ).status_code
            == 302
        )
    r = c.post(
        f"/procurement/sentra/{sentra.pk}/new/",
        {"supplier": sup.pk, "material": "Benang", "unit": "kg", "delivery_cost": 100_000},
    )
    p = JointPurchase.objects.get(supplier=sup)
    assert r.url == f"/procurement/{p.pk}/"
    # A non-member is not offered; a zero quantity comes back with the service's message
    r = c.post(f"/procurement/{p.pk}/needs/", {"enterprise": weavers[0].pk, "quantity": 0})
    assert r.status_code == 200 and b"more than zero" in r.content
    r = c.post(f"/procurement/{p.pk}/needs/", {"enterprise": outsider_enterprise.pk, "quantity": 5})
    assert r.status_code == 200 and not Need.objects.filter(enterprise=outsider_enterprise).exists()
    for e in weavers[:10]:
        assert c.post(f"/procurement/{p.pk}/needs/", {"enterprise": e.pk, "quantity": 10}).status_code == 302
    assert c.post(f"/procurement/{p.pk}/order/", {"on_date": "2025-03-10"}).status_code == 302
    p.refresh_from_db()
    assert (p.status, p.unit_price) == ("ordered", 57_000)
    key = "same-key"
    for _ in range(2):  # a double submit records one delivery
        c.post(
            f"/procurement/{p.pk}/deliveries/",
            {"delivered_on": "2025-03-12", "quantity": 100, "idempotency_key": key},
        )
    assert PurchaseDelivery.objects.filter(purchase=p).count() == 1
    assert c.get(f"/procurement/{p.pk}/handouts/?enterprise={weavers[0].pk}").status_code == 200
    r = c.post(
        f"/procurement/{p.pk}/handouts/",
        {"enterprise": weavers[0].pk, "quantity": 11, "handed_on": "2025-03-12"},
    )
    assert r.status_code == 200 and b"too much" in r.content
    assert (
        c.post(
            f"/procurement/{p.pk}/handouts/",
            {"enterprise": weavers[0].pk, "quantity": 10, "handed_on": "2025-03-12"},
        ).status_code
        == 302
    )
    assert c.post(f"/procurement/{p.pk}/close/", {"on_date": "2025-03-13"}).status_code == 302
    assert c.post(f"/procurement/{p.pk}/settle/", {"on_date": "2025-03-30"}).status_code == 302
    p.refresh_from_db()
    assert p.status == "settled"
    # removing a need after ordering is refused with a message, nothing changes
    n = Need.objects.filter(purchase=p).first()
    r = c.post(f"/procurement/needs/{n.pk}/remove/")
    assert Need.objects.filter(pk=n.pk).exists()
    assert r.status_code == 302 and r["Location"] == f"/procurement/{p.pk}/"
    from django.contrib.messages import get_messages

    last = list(get_messages(r.wsgi_request))[-1]  # earlier steps' success messages were never shown
    assert last.level_tag == "error" and "changing needs" in last.message


def test_remove_price_and_need_need_confirmation(client_for, collected, supplier):
    c = client_for("manager")
    pb = supplier.price_breaks.first()
    assert b"Remove" in c.get(f"/procurement/prices/{pb.pk}/remove/").content
    assert c.post(f"/procurement/prices/{pb.pk}/remove/").status_code == 302
    assert not supplier.price_breaks.filter(pk=pb.pk).exists()
    n = Need.objects.first()
    assert c.post(f"/procurement/needs/{n.pk}/remove/").status_code == 302
    assert not Need.objects.filter(pk=n.pk).exists()


def test_detail_page_queries_do_not_grow_with_members(client_for, world, sentra, supplier, weavers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from berdaya.clusters.procurement import services

    fac = world.users["facilitator"]
    counts = []
    for size in (2, 12):
        p = services.create_purchase(
            sentra=sentra, supplier=supplier, material="Benang katun 20s", unit="kg", acting_user=fac
        )
        for e in weavers[:size]:
            services.set_need(purchase=p, enterprise=e, quantity=20, acting_user=fac)
        c = client_for("manager")
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(f"/procurement/{p.pk}/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
