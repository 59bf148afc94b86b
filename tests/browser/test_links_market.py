"""A facilitator records the offtaker's sales on a 360 px phone (seed 002: Griya Gerabah Wijirejo takes
modern pottery under agreed quality control) and sees the month's reject rate against those terms."""

import datetime as dt

from berdaya.fieldwork.links import services
from berdaya.fieldwork.links.models import Sale
from berdaya.programs.models import Agency


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 362


def test_record_sales_with_rejects_on_a_phone(page, world, login, shot):
    offtaker = Agency.objects.create(name="Griya Gerabah Wijirejo", kind="offtaker")
    link = services.create_link(
        programme=world.alpha,
        group=world.group_a,
        partner_name="Griya Gerabah Wijirejo",
        agency=offtaker,
        kind="offtaker",
        quality_terms="Tidak retak; warna rata; ukuran sesuai contoh",
        started_on=dt.date(2025, 3, 2),
        acting_user=world.users["manager"],
    )
    login(page, "facilitator")
    page.goto("/links/market/")
    page.click("text=Griya Gerabah Wijirejo")
    page.wait_for_url(f"**/links/market/{link.pk}/")
    assert "No sales yet" in page.inner_text("main")
    page.click("a.button.primary:has-text('Record a sale')")
    assert "Tidak retak" in page.inner_text("main")  # the quality terms are in front of the facilitator
    page.fill("input[name=sold_on]", "2025-03-24")
    page.fill("input[name=description]", "Vas bunga modern")
    page.fill("input[name=quantity]", "80")
    page.fill("input[name=rejected_quantity]", "90")
    page.fill("input[name=amount]", "495000")
    page.click("button[type=submit].primary")
    assert "90 rejected is more than the 80 delivered" in page.inner_text(".form")
    page.fill("input[name=rejected_quantity]", "14")
    shot(page, "links-sale-form-360")
    _no_sideways_scroll(page)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**/links/market/{link.pk}/")
    assert Sale.objects.get().rejected_quantity == 14
    assert page.inner_text("[data-testid=sales-amount] strong") == "Rp495.000"
    assert page.inner_text("[data-testid=reject-rate] strong") == "17.5 %"
    assert "17.5 %" in page.inner_text("[data-testid=months]")
    shot(page, "links-market-detail-360")
    _no_sideways_scroll(page)
