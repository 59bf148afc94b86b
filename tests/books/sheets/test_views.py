"""Sheet pages: fill in and post a meeting's sheet; who may see and post it; receipts."""

import pytest
from django.urls import reverse

from berdaya.books import chart
from berdaya.books.queries import balance
from berdaya.books.services import open_book
from berdaya.books.sheets.models import CollectionSheet


def _form(world, meeting, key="k1", cash="12.000", **overrides):
    data = {"idempotency_key": key, "cash_counted": cash, "difference_reason": ""}
    for person in world.people_a:
        data[f"present-{person.pk}"] = "on"
        for name in (
            "principal_saving",
            "voluntary_saving",
            "withdrawal",
            "fine",
            "loan_repayment",
            "arisan",
        ):
            data[f"{name}-{person.pk}"] = ""
        data[f"mandatory_saving-{person.pk}"] = ""
        data[f"dues-{person.pk}"] = ""
    first = world.people_a[0].pk
    data[f"mandatory_saving-{first}"] = "5.000"
    data[f"voluntary_saving-{first}"] = "7000"
    data.update(overrides)
    return data


def test_the_treasurer_posts_the_sheet_and_hands_out_a_receipt(world, meeting, client_for):
    client = client_for("officer")
    page = client.get(reverse("sheets:sheet", args=[meeting.pk]))
    assert page.status_code == 200
    assert world.people_a[2].full_name in page.content.decode()
    response = client.post(reverse("sheets:sheet", args=[meeting.pk]), _form(world, meeting))
    sheet = CollectionSheet.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "sheets:sheet_detail", args=[sheet.pk]
    )
    assert balance(open_book(group=world.group_a), chart.CASH) == 12_000
    # A second submission of the same form (double tap) changes nothing and lands on the same sheet.
    again = client.post(reverse("sheets:sheet", args=[meeting.pk]), _form(world, meeting))
    assert again.status_code == 302 and CollectionSheet.objects.count() == 1
    receipt = client.get(reverse("sheets:receipt", args=[sheet.pk, world.people_a[0].pk]))
    text = receipt.content.decode()
    assert "Rp12.000" in text and "dua belas ribu rupiah" in text.lower()
    assert "Sukarela" in text and "Wajib" in text  # labels in the page's language (English keeps the terms)
    pdf = client.get(reverse("sheets:receipt", args=[sheet.pk, world.people_a[0].pk]) + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("sheets:sheet_print", args=[sheet.pk]) + "?format=pdf").content.startswith(
        b"%PDF"
    )


def test_the_receipt_speaks_the_members_language(world, meeting, client_for, indonesian):
    client = client_for("officer")
    client.post(
        reverse("sheets:sheet", args=[meeting.pk]),
        _form(world, meeting, **{f"dues-{world.people_a[0].pk}": "2.000"}, cash="14.000"),
    )
    sheet = CollectionSheet.objects.get()
    assert (
        "Iuran"
        in client.get(reverse("sheets:receipt", args=[sheet.pk, world.people_a[0].pk])).content.decode()
    )
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert (
        "Dues"
        in client.get(reverse("sheets:receipt", args=[sheet.pk, world.people_a[0].pk])).content.decode()
    )


def test_an_unexplained_difference_is_shown_next_to_the_field_and_nothing_is_posted(
    world, meeting, client_for
):
    client = client_for("officer")
    response = client.post(reverse("sheets:sheet", args=[meeting.pk]), _form(world, meeting, cash="11.000"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Explain the difference." in text and "7000" in text  # what was typed is kept
    assert not CollectionSheet.objects.exists()


def test_a_bad_amount_is_reported_on_its_field(world, meeting, client_for):
    first = world.people_a[0].pk
    data = _form(world, meeting, **{f"dues-{first}": "2,5"})
    response = client_for("officer").post(reverse("sheets:sheet", args=[meeting.pk]), data)
    assert response.status_code == 200 and "Write whole rupiah" in response.content.decode()
    assert not CollectionSheet.objects.exists()


def test_start_today_records_a_meeting_and_opens_its_sheet(world, bylaws, client_for):
    response = client_for("officer").post(reverse("sheets:sheet_start", args=[world.group_a.pk]))
    assert response.status_code == 302
    assert world.group_a.meetings.count() == 1


@pytest.mark.parametrize(
    ("role", "status"), [("auditor", 200), ("outsider", 404), ("member", 404), ("partner", 200)]
)
def test_who_sees_the_sheet(world, meeting, client_for, role, status):
    assert client_for(role).get(reverse("sheets:sheet", args=[meeting.pk])).status_code == status
    assert client_for(role).get(reverse("sheets:sheet_list", args=[world.group_a.pk])).status_code == status


@pytest.mark.parametrize("role", ["auditor", "partner"])
def test_read_only_roles_cannot_post(world, meeting, client_for, role):
    response = client_for(role).post(reverse("sheets:sheet", args=[meeting.pk]), _form(world, meeting))
    assert response.status_code == 403
    assert not CollectionSheet.objects.exists()


def test_a_member_gets_only_their_own_receipt(world, meeting, client_for):
    client_for("officer").post(reverse("sheets:sheet", args=[meeting.pk]), _form(world, meeting))
    sheet = CollectionSheet.objects.get()
    member = client_for("member")  # person people_a[1]
    assert member.get(reverse("sheets:receipt", args=[sheet.pk, world.people_a[1].pk])).status_code == 200
    assert member.get(reverse("sheets:receipt", args=[sheet.pk, world.people_a[0].pk])).status_code == 404
    assert member.get(reverse("sheets:sheet_detail", args=[sheet.pk])).status_code == 404


def test_cover_and_fund_columns_show_only_for_members_who_owe(world, covered, lent, meeting, client_for):
    a1, a2 = world.people_a[:2]
    text = client_for("officer").get(reverse("sheets:sheet", args=[meeting.pk])).content.decode()
    assert f'name="cover_settlement-{a2.pk}"' in text and f'name="cover_settlement-{a1.pk}"' not in text
    assert f'name="fund_repayment-{a1.pk}"' in text and f'name="fund_repayment-{a2.pk}"' not in text
    assert "Owes Rp110.000 of cover" in text and "Owes Rp2.500.000 to the revolving fund" in text
    assert (
        "Anggota A1, Anggota A3, Anggota A4 and Anggota A5" in text
        and "The group fund's Rp10.000 stays in the box" in text
    )
    # The running total knows A2's debts, oldest first ([Rp, 1 = a member covered]), to count the hand-back.
    assert 'data-cover-debts="[[10000, 0], [25000, 1], [25000, 1], [25000, 1], [25000, 1]]"' in text.replace(
        "&quot;", '"'
    )
    assert "sheets/sheet.js" in text and "data-sheet-handback" in text


def test_no_debts_no_extra_columns(world, meeting, client_for):
    text = client_for("officer").get(reverse("sheets:sheet", args=[meeting.pk])).content.decode()
    assert "cover_settlement-" not in text and "fund_repayment-" not in text and "sheets/sheet.js" not in text


def test_a_cover_settlement_through_the_page_receipts_and_print(world, covered, meeting, client_for):
    from berdaya.books.sheets.services import opening_cash

    a1, a2 = world.people_a[:2]
    client = client_for("officer")
    url = reverse("sheets:sheet", args=[meeting.pk])
    opening = opening_cash(meeting)
    # More than A2 owes: refused on the field, nothing posted, what was typed is kept.
    over = _form(world, meeting, cash=str(opening + 12_000), **{f"cover_settlement-{a2.pk}": "110.001"})
    text = client.post(url, over).content.decode()
    assert "At most Rp110.000." in text and 'value="110.001"' in text
    assert not CollectionSheet.objects.exists()
    # Rp50.000 in, Rp40.000 straight back to A1 and A3: the box gains A1's 12.000 and the fund's 10.000.
    good = _form(world, meeting, cash=str(opening + 22_000), **{f"cover_settlement-{a2.pk}": "50.000"})
    response = client.post(url, good)
    sheet = CollectionSheet.objects.get()
    assert response.status_code == 302 and sheet.difference == 0
    detail = client.get(reverse("sheets:sheet_detail", args=[sheet.pk])).content.decode()
    assert "of which Rp40.000 handed back to Anggota A1 and Anggota A3" in detail
    assert "Cover settlement" in detail and "Revolving fund repayment" not in detail  # only used columns
    assert "pays back joint-liability cover" in detail  # the settlement's ledger entry is listed
    receipt = client.get(reverse("sheets:receipt", args=[sheet.pk, a2.pk])).content.decode()
    assert "Rp50.000" in receipt and "lima puluh ribu rupiah" in receipt.lower()
    assert (
        "Of the cover settlement of Rp50.000, Rp40.000 handed back to Anggota A1 and Anggota A3." in receipt
    )
    coverer = client.get(reverse("sheets:receipt", args=[sheet.pk, a1.pk])).content.decode()
    assert "Cover paid back to the member: Rp25.000" in coverer and "Rp25.000 from Anggota A2" in coverer
    # The defaulter (the member user) sees their own receipt.
    assert client_for("member").get(reverse("sheets:receipt", args=[sheet.pk, a2.pk])).status_code == 200
    pdf = client.get(reverse("sheets:sheet_print", args=[sheet.pk]) + "?format=pdf")
    assert pdf.content.startswith(b"%PDF")
    printed = client.get(reverse("sheets:sheet_print", args=[sheet.pk])).content.decode()
    assert "Rp40.000 handed back" in printed


def test_a_fund_repayment_through_the_page(world, lent, meeting, client_for):
    from berdaya.books.sheets.services import opening_cash

    a1 = world.people_a[0]
    cash = str(opening_cash(meeting) + 12_000 + 300_000)
    response = client_for("officer").post(
        reverse("sheets:sheet", args=[meeting.pk]),
        _form(world, meeting, cash=cash, **{f"fund_repayment-{a1.pk}": "300.000"}),
    )
    assert response.status_code == 302
    sheet = CollectionSheet.objects.get()
    assert balance(open_book(group=world.group_a), chart.FUND_LOANS, person_id=a1.pk) == 2_200_000
    detail = client_for("officer").get(reverse("sheets:sheet_detail", args=[sheet.pk])).content.decode()
    assert (
        "Revolving fund repayment" in detail and "Rp300.000" in detail and "repayment by Anggota A1" in detail
    )
