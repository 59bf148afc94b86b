"""A facilitator on a 360 px phone follows Banyumulek pottery along its chain (seed 000: the art shops
capture the value added) and records the ijon the seed describes: Rp7.000.000 now for goods worth
Rp10.000.000 four months later — 42,86 % for the period, 128,57 % a year, against KUR at 6 %."""

import datetime as dt

from berdaya.clusters.models import Sentra, SentraMember
from berdaya.clusters.valuechain import services
from berdaya.clusters.valuechain.models import AdvanceSale
from berdaya.people.models import Enterprise


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 362


def test_value_chain_and_ijon_on_a_phone(page, world, login, shot):
    sentra = Sentra.objects.create(
        programme=world.alpha,
        name="Sentra Gerabah Banyumulek",
        product_type="gerabah",
        place=world.banyumulek,
    )
    rumini = Enterprise.objects.create(name="Gerabah Rumini", place=world.banyumulek, product_type="gerabah")
    SentraMember.objects.create(sentra=sentra, enterprise=rumini, joined_on=dt.date(2020, 1, 1))
    fac = world.users["facilitator"]
    jar = services.create_product(sentra=sentra, name="Gentong air 40 cm", unit="buah", acting_user=fac)
    for day, craftsman, art_shop in [("2024-02-15", 25_000, 110_000), ("2024-05-15", 30_000, 112_000),
                                     ("2024-08-15", 35_000, 115_000)]:  # fmt: skip
        for step, price in [("craftsman", craftsman), ("collector", 50_000), ("art_shop", art_shop)]:
            services.record_price(
                sentra=sentra,
                product=jar,
                step=step,
                price=price,
                observed_on=dt.date.fromisoformat(day),
                acting_user=fac,
            )

    login(page, "facilitator")
    page.goto(f"/value-chain/sentra/{sentra.pk}/")
    assert page.inner_text("[data-testid=final-price]") == "Rp112.000"
    assert page.inner_text("[data-testid=producer-share]") == "26.8 %"
    assert page.locator("[data-testid=chain-bar] rect").count() == 3
    assert page.locator("[data-testid=share-line] circle").count() == 3
    assert "Art shop step" in page.inner_text("[data-testid=chain-explanation]")
    _no_sideways_scroll(page)
    shot(page, "valuechain_chain_phone")

    # The buyer's price at the market: the chain grows a step and the share drops
    page.click("a.button.primary:has-text('Record a price')")
    page.select_option("select[name=step]", value="buyer")
    page.fill("input[name=price]", "150000")
    page.fill("input[name=observed_on]", "2024-08-20")
    page.fill("input[name=source]", "Harga label, Jl. Raya Banyumulek")
    _no_sideways_scroll(page)
    shot(page, "valuechain_price_form_phone")
    page.click("button[type=submit].primary")
    assert "Price recorded" in page.inner_text(".messages")
    page.goto(f"/value-chain/sentra/{sentra.pk}/")
    assert page.inner_text("[data-testid=final-price]") == "Rp150.000"
    assert page.inner_text("[data-testid=producer-share]") == "20.0 %"

    # The ijon: first a typo (goods worth less than the cash), then the real contract
    page.click("text=Advance sales (ijon)")
    page.click("a.button.primary:has-text('Record an advance sale')")
    page.select_option("select[name=enterprise]", label="Gerabah Rumini")
    page.fill("input[name=buyer_name]", "Pengepul Gerabah Zaini")
    page.select_option("select[name=buyer_step]", value="collector")
    page.fill("input[name=cash_received]", "7000000")
    page.fill("input[name=goods_value]", "1000000")
    page.fill("input[name=received_on]", "2025-01-15")
    page.fill("input[name=delivery_on]", "2025-05-15")
    page.click("button[type=submit].primary")
    assert "less than the Rp7.000.000 received" in page.inner_text(".form")
    page.fill("input[name=goods_value]", "10000000")
    page.click("button[type=submit].primary")
    sale = AdvanceSale.objects.get()
    page.wait_for_url(f"**/value-chain/advance-sales/{sale.pk}/")
    assert page.inner_text("[data-testid=rate-period]") == "42.86 %"
    assert page.inner_text("[data-testid=rate-simple]") == "128.57 %"
    assert page.inner_text("[data-testid=rate-compound]") == "191.55 %"
    assert page.inner_text("[data-testid=rate-reference]") == "6.00 %"
    assert "where KUR costs 6.0 %" in page.inner_text("[data-testid=sale-explanation]")
    _no_sideways_scroll(page)
    shot(page, "valuechain_ijon_phone")

    # In Indonesian the rates take the decimal comma
    page.click("[data-testid=lang-id]")
    assert page.inner_text("[data-testid=rate-simple]") == "128,57 %"
