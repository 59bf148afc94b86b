"""A treasurer records a saving on a phone (360 px), opens the member's passbook and downloads the PDF."""

import datetime as dt

from berdaya.groups.models import Bylaws


def test_deposit_then_print_passbook(page, world, login, shot, live_server):
    Bylaws.objects.create(group=world.group_a, principal_saving=10_000, mandatory_saving=5_000)
    siti = world.people_a[1]
    login(page, "officer")
    page.goto(f"/books/{world.group_a.pk}/savings/")
    page.click("[data-testid=deposit]")
    page.wait_for_url(f"**/books/{world.group_a.pk}/savings/deposit/")
    page.select_option("select[name=person]", str(siti.pk))
    page.select_option("select[name=kind]", "wajib")
    page.fill("input[name=amount]", "5000")
    page.fill("input[name=on_date]", "2025-03-10")
    shot(page, "books-deposit-360")
    page.click("form.form button[type=submit].primary")
    page.wait_for_url(f"**/members/{siti.pk}/passbook/")
    assert "Rp5.000" in page.locator("[data-testid=total]").inner_text()
    # Nothing wider than the phone screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    shot(page, "books-passbook-360")
    page.click("[data-testid=print]")
    page.wait_for_url(f"**/members/{siti.pk}/passbook/print/")
    href = page.locator("[data-testid=download-pdf]").get_attribute("href")
    response = page.request.get(
        f"{live_server.url}/books/{world.group_a.pk}/members/{siti.pk}/passbook/print/{href}"
    )
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    assert dt.date.today() >= dt.date(2025, 3, 10)
