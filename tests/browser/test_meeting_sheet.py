"""The treasurer runs a monthly meeting on a phone: attendance, savings, dues, a fine, the cash count, receipts."""

from pathlib import Path

from berdaya.books import chart
from berdaya.books.queries import balance
from berdaya.books.services import open_book
from berdaya.books.sheets.models import CollectionSheet
from berdaya.groups.models import Bylaws


def test_a_full_meeting_on_a_phone(page, world, login, shot):
    Bylaws.objects.create(group=world.group_a, principal_saving=10_000, mandatory_saving=5_000, dues=2_000)
    absent, fined = world.people_a[4], world.people_a[3]
    login(page, "officer")
    page.goto(f"/groups/{world.group_a.pk}/")
    page.click("[data-testid=open-sheets]")
    page.click("[data-testid=start-sheet]")
    page.wait_for_url("**/sheets/meeting/*/")
    # The sheet is prefilled from the bylaws: pokok 10.000, wajib 5.000, dues 2.000 for each of five members.
    page.uncheck(f"input[name=present-{absent.pk}]")
    for name in ("principal_saving", "mandatory_saving", "dues"):
        page.fill(f"input[name={name}-{absent.pk}]", "")
    page.fill(f"input[name=fine-{fined.pk}]", "1.000")
    page.fill(f"input[name=voluntary_saving-{world.people_a[0].pk}]", "25.000")
    expected = 4 * 17_000 + 1_000 + 25_000
    assert page.locator("[data-sheet-expected]").inner_text() == "Rp94.000"
    # A count that does not agree is refused until explained; nothing is posted meanwhile.
    page.fill("[data-testid=cash-counted]", "93.000")
    shot(page, "meeting-sheet-360")
    page.click("[data-testid=post-sheet]")
    page.locator("[data-testid=sheet-error]").wait_for()
    assert not CollectionSheet.objects.exists()
    assert page.locator(f"input[name=voluntary_saving-{world.people_a[0].pk}]").input_value() == "25.000"
    page.fill("[data-testid=cash-counted]", f"{expected}")
    page.click("[data-testid=post-sheet]")
    page.wait_for_url("**/sheets/*/")
    assert page.locator("[data-testid=cash-counted-posted]").inner_text() == "Rp94.000"
    shot(page, "meeting-sheet-posted-360")
    sheet = CollectionSheet.objects.get()
    assert balance(open_book(group=world.group_a), chart.CASH) == expected
    assert sheet.lines.get(person=absent).present is False

    page.goto(f"/sheets/{sheet.pk}/receipt/{world.people_a[0].pk}/")
    assert page.locator("[data-testid=receipt-total]").inner_text() == "Rp42.000"
    assert page.locator("[data-testid=receipt-words]").inner_text().lower() == "empat puluh dua ribu rupiah"
    shot(page, "meeting-receipt-360")
    with page.expect_download() as download:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = 'r.pdf'; document.body.appendChild(a); a.click(); }",
            page.url + "?format=pdf",
        )
    assert Path(download.value.path()).read_bytes()[:4] == b"%PDF"
