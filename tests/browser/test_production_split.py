"""A facilitator splits a large uniform order across the weavers of the sentra on a 360 px phone (seed
001: "order tersebut dibagi dengan pengrajin lain dalam satu sentra ... sesuai dengan kemampuan
masing-masing"), sees why each weaver gets what, saves it and records the first delivery."""

import datetime as dt
from decimal import Decimal

from berdaya.clusters.models import Sentra, SentraMember
from berdaya.clusters.production import services
from berdaya.clusters.production.models import Delivery, OrderShare
from berdaya.people.models import Enterprise

WEAVERS = [
    ("Tenun Ikat Bandar Jaya", 150, 50, "A", "0.5"),
    ("Tenun Ikat Kurnia", 80, 0, "A", "1.2"),
    ("Tenun Ikat Sumber Rejeki", 60, 20, "B", "2.0"),
    ("Tenun Ikat Endang", 40, 0, "B", "1.0"),
    ("Tenun Ikat Didik", 20, 0, "C", "0.8"),
]


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 362


def test_split_an_order_on_a_phone(page, world, login, shot):
    sentra = Sentra.objects.create(
        programme=world.alpha,
        name="Sentra Tenun Ikat Bandar Kidul",
        product_type="Tenun Ikat",
        place=world.banyumulek,
    )
    for name, weekly, load, grade, km in WEAVERS:
        e = Enterprise.objects.create(name=name, place=world.banyumulek, product_type="tenun ikat")
        SentraMember.objects.create(sentra=sentra, enterprise=e)
        services.set_capacity(
            sentra=sentra,
            enterprise=e,
            weekly_capacity=weekly,
            current_load=load,
            quality_grade=grade,
            distance_km=Decimal(km),
            acting_user=None,
        )
    login(page, "facilitator")
    page.goto(f"/production/sentra/{sentra.pk}/orders/")
    assert "No joint production order yet" in page.inner_text("main")
    page.click("a.button.primary:has-text('New order')")
    page.fill("input[name=buyer]", "Dinas Pendidikan Kota Kediri")
    page.fill("textarea[name=specification]", "Kain tenun ikat seragam sekolah, 2 m")
    page.fill("input[name=quantity]", "500")
    page.fill("input[name=unit_price]", "85000")
    page.fill("input[name=starts_on]", "2025-07-01")
    page.fill("input[name=due_on]", "2025-07-14")
    page.select_option("select[name=min_grade]", "B")
    page.fill("input[name=min_lot]", "20")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/split/")
    table = page.inner_text("[data-testid=split]")
    assert "Not needed: the order is covered with fewer collection trips" in table
    assert "Grade C is below the lowest grade this order accepts (B)." in table
    assert not OrderShare.objects.exists()  # shown before saving
    shot(page, "production-split-preview-360")
    _no_sideways_scroll(page)
    page.click("[data-testid=save-split]")
    page.wait_for_url("**/orders/*/")
    assert page.inner_text("[data-testid=order-status]") == "Split"
    shares = {s.enterprise.name: s.quantity for s in OrderShare.objects.select_related("enterprise")}
    assert shares == {"Tenun Ikat Bandar Jaya": 250, "Tenun Ikat Kurnia": 160, "Tenun Ikat Sumber Rejeki": 90}
    page.click("a.button:has-text('Record a delivery')")
    page.select_option("select[name=share]", label="Tenun Ikat Kurnia (160)")
    page.fill("input[name=delivered_on]", "2025-07-10")
    page.fill("input[name=quantity]", "100")
    page.fill("input[name=rejected]", "3")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/orders/*/")
    assert Delivery.objects.get().rejected == 3
    assert "100 delivered, 3 rejected, 97 of 500 accepted" in page.inner_text("[data-testid=order-progress]")
    shot(page, "production-order-detail-360")
    _no_sideways_scroll(page)


def test_impossible_order_shows_what_is_missing(page, world, login, shot):
    sentra = Sentra.objects.create(
        programme=world.alpha, name="Sentra Tenun", product_type="Tenun Ikat", place=world.banyumulek
    )
    e = Enterprise.objects.create(name="Tenun Ikat Kurnia", place=world.banyumulek, product_type="tenun ikat")
    SentraMember.objects.create(sentra=sentra, enterprise=e)
    services.set_capacity(
        sentra=sentra, enterprise=e, weekly_capacity=70, quality_grade="A", acting_user=None
    )
    order = services.create_order(
        sentra=sentra,
        buyer="Pemkot Kediri",
        specification="seragam",
        quantity=300,
        unit_price=1,
        starts_on=dt.date(2025, 7, 1),
        due_on=dt.date(2025, 7, 14),
        acting_user=None,
    )
    login(page, "manager")
    page.goto(f"/production/orders/{order.pk}/split/")
    text = page.inner_text("[data-testid=shortfall]")
    assert "Missing 160 pcs: the 1 producer can make 140 by the due date." in text
    assert "Extend the due date to 2025-07-30 (30 days of production)" in text
    assert page.locator("[data-testid=save-split]").count() == 0
    shot(page, "production-split-impossible-360")
