"""A facilitator collects the weavers' yarn needs on a 360 px phone (seed 001: the ikat weavers order
raw material together so that a large order lowers the price), watches the order reach the cheaper
break, places it, and opens one weaver's bill with the reasons for the amount."""

import datetime as dt

from berdaya.clusters.models import Sentra, SentraMember
from berdaya.clusters.procurement import services
from berdaya.clusters.procurement.models import JointPurchase
from berdaya.people.models import Enterprise


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 362


def test_a_procurement_cost_split_on_a_phone(page, world, login, shot):
    sentra = Sentra.objects.create(
        programme=world.alpha, name="Sentra Tenun Ikat Uji", product_type="tenun ikat", place=world.banyumulek
    )
    weavers = []
    for i, name in enumerate(["Tenun Ikat Kurnia", "Tenun Ikat Endang", "Tenun Ikat Wiwik"]):
        e = Enterprise.objects.create(name=name, place=world.banyumulek, product_type="tenun ikat")
        SentraMember.objects.create(sentra=sentra, enterprise=e, joined_on=dt.date(2020, 1, 1 + i))
        weavers.append(e)
    fac = world.users["facilitator"]
    supplier = services.create_supplier(sentra=sentra, name="UD Benang Jaya Kediri", acting_user=fac)
    for m, p in [(5, 62_000), (50, 58_000), (200, 54_000)]:
        services.add_price_break(
            supplier=supplier,
            material="Benang katun 20s",
            unit="kg",
            min_quantity=m,
            unit_price=p,
            acting_user=fac,
        )
    purchase = services.create_purchase(
        sentra=sentra,
        supplier=supplier,
        material="Benang katun 20s",
        unit="kg",
        delivery_cost=250_000,
        solo_delivery_cost=50_000,
        acting_user=fac,
    )
    services.set_need(purchase=purchase, enterprise=weavers[0], quantity=120, acting_user=fac)
    services.set_need(purchase=purchase, enterprise=weavers[1], quantity=60, acting_user=fac)

    login(page, "facilitator")
    page.goto(f"/procurement/sentra/{sentra.pk}/")
    shot(page, "procurement-list-360")
    _no_sideways_scroll(page)
    page.click("text=Benang katun 20s")
    page.wait_for_url(f"**/procurement/{purchase.pk}/")
    # 180 kg: the 50 kg break, and the page says how far the cheaper one is
    assert page.inner_text("[data-testid=unit-price]") == "Rp58.000"
    assert "With 20 kg more" in page.inner_text("[data-testid=explanation]")
    page.click("a.button.primary:has-text('Add a need')")
    page.select_option("select[name=enterprise]", label="Tenun Ikat Wiwik")
    page.fill("input[name=quantity]", "0")
    page.click("button[type=submit].primary")
    assert "more than zero" in page.inner_text(".form")
    page.fill("input[name=quantity]", "30")
    shot(page, "procurement-need-form-360")
    _no_sideways_scroll(page)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**/procurement/{purchase.pk}/")
    # 210 kg together reaches the 200 kg break
    assert page.inner_text("[data-testid=unit-price]") == "Rp54.000"
    assert page.inner_text("[data-testid=supplier-total]") == "Rp11.590.000"
    assert page.inner_text("[data-testid=sum-shares]") == "Rp11.590.000"
    shot(page, "procurement-split-360")
    _no_sideways_scroll(page)
    page.click("a.button:has-text('Place the order')")
    page.fill("input[name=on_date]", "2025-03-10")
    page.click("form.form button.danger")
    page.wait_for_url(f"**/procurement/{purchase.pk}/")
    assert page.inner_text("[data-testid=status]") == "Ordered"
    assert JointPurchase.objects.get().unit_price == 54_000
    row = page.locator(f"tr[data-enterprise='{weavers[2].pk}']")
    row.locator("a:has-text('Bill')").click()
    page.wait_for_url(f"**/procurement/{purchase.pk}/bills/{weavers[2].pk}/")
    # 30 kg × 54.000 + 250.000 × 30/210 (35.714,29 → 35.714)
    assert page.inner_text("[data-testid=bill-total]") == "Rp1.655.714"
    assert "Saving by buying together" in page.inner_text("body")
    shot(page, "procurement-bill-360")
