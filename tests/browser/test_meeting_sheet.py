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


def test_a_cover_settlement_on_the_sheet_keeps_the_cash_count_right(page, world, login, shot):
    """A2's Rp100.000 instalment (no interest in these bylaws) was covered: the group fund Rp10.000, four
    members Rp22.500 each. A2 pays Rp50.000 back at the next meeting: the box keeps the fund's Rp10.000,
    Rp40.000 goes straight back to A1 (Rp22.500) and A3 (Rp17.500)."""
    import datetime as dt

    from berdaya.books.loans import services as loans
    from berdaya.books.savings import deposit
    from berdaya.groups.services import record_meeting

    Bylaws.objects.create(group=world.group_a, joint_liability=True)
    officer, manager, a2 = world.users["officer"], world.users["manager"], world.people_a[1]
    for person in world.people_a[:4]:
        deposit(
            group=world.group_a,
            person=person,
            kind="sukarela",
            amount=1_000_000,
            on_date=dt.date(2025, 1, 5),
            acting_user=officer,
        )
    loans.update_policy(
        group=world.group_a,
        changes={"fund_covers_first": True, "fund_cover_limit": 10_000},
        acting_user=officer,
    )
    loan = loans.apply(
        group=world.group_a,
        person=a2,
        principal=1_000_000,
        term_periods=10,
        first_due_on=dt.date(2025, 2, 10),
        on_date=dt.date(2025, 1, 5),
        acting_user=officer,
    )
    loans.approve(loan=loan, acting_user=manager)
    loans.disburse(loan=loan, on_date=dt.date(2025, 1, 10), acting_user=officer)
    loans.cover_instalment(loan=loan, on_date=dt.date(2025, 2, 10), acting_user=officer)
    meeting = record_meeting(acting_user=officer, group=world.group_a, held_on=dt.date(2025, 3, 1))
    login(page, "officer")
    page.goto(f"/sheets/meeting/{meeting.pk}/")
    assert page.locator("input[name^=cover_settlement-]").count() == 1  # only A2 owes cover
    page.fill(f"input[name=cover_settlement-{a2.pk}]", "50.000")
    assert page.locator("[data-sheet-handback]").inner_text() == "Rp40.000"
    assert page.locator("[data-sheet-expected]").inner_text() == "Rp3.100.000"  # 3.090.000 + 10.000
    shot(page, "meeting-sheet-cover-360")
    page.fill("[data-testid=cash-counted]", "3.100.000")
    page.click("[data-testid=post-sheet]")
    page.wait_for_url("**/sheets/*/")
    assert "Rp40.000" in page.locator("[data-testid=sheet-settlements]").inner_text()
    assert balance(open_book(group=world.group_a), chart.CASH) == 3_100_000
