"""Books pages: hub, savings, passbook, statement, journal, manual entry, reversal, period close, SHU;
who may see and change what."""

import datetime as dt

import pytest

from berdaya.books import chart
from berdaya.books.models import JournalEntry
from berdaya.books.queries import balance
from berdaya.books.savings import deposit
from berdaya.books.services import Line, close_period, open_book, post_entry
from berdaya.groups.services import end_membership, local_today

from .conftest import DAY


def url(path, world):
    return f"/books/{world.group_a.pk}/{path}"


def test_hub_links_and_balances(world, bylaws, treasurer, client_for):
    deposit(
        group=world.group_a,
        person=world.people_a[1],
        kind="pokok",
        amount=10_000,
        on_date=DAY,
        acting_user=treasurer,
    )
    r = client_for("officer").get(url("", world))
    assert r.status_code == 200
    assert r.context["cash"] == 10_000
    html = r.content.decode()
    for name in ("savings/", "statements/", "journal/", "journal/new/", "close/", "shu/"):
        assert f"/books/{world.group_a.pk}/{name}" in html


@pytest.mark.parametrize("role", ["admin", "manager", "auditor", "facilitator", "officer", "partner"])
def test_readers_see_the_books(world, client_for, role):
    c = client_for(role)
    for path in ("", "savings/", "journal/", "statements/", "statements/cashbook/", "shu/"):
        assert c.get(url(path, world)).status_code == 200, (role, path)


def test_outsider_gets_404(world, client_for):
    c = client_for("outsider")
    for path in ("", "savings/", "journal/", "savings/deposit/", f"members/{world.people_a[1].pk}/passbook/"):
        assert c.get(url(path, world)).status_code == 404, path


def test_member_sees_only_their_own_passbook(world, bylaws, treasurer, client_for):
    me, other = world.people_a[1], world.people_a[2]
    deposit(group=world.group_a, person=me, kind="wajib", amount=5_000, on_date=DAY, acting_user=treasurer)
    c = client_for("member")
    r = c.get(url(f"members/{me.pk}/passbook/", world))
    assert r.status_code == 200 and r.context["pb"]["total"] == 5_000
    assert c.get(url(f"members/{me.pk}/passbook/print/", world)).status_code == 200
    assert c.get(url(f"members/{me.pk}/statement/", world)).status_code == 200
    assert c.get(url(f"members/{other.pk}/passbook/", world)).status_code == 404
    assert c.get(url(f"members/{other.pk}/statement/", world)).status_code == 404
    # The hub sends a member to their own passbook; the group's journal and savings are not theirs.
    r = c.get(url("", world))
    assert r.status_code == 302 and r["Location"].endswith(f"/members/{me.pk}/passbook/")
    for path in ("journal/", "savings/", "statements/", "shu/"):
        assert c.get(url(path, world)).status_code == 404, path
    assert c.get(f"/books/{world.group_b.pk}/").status_code == 404


@pytest.mark.parametrize("role", ["auditor", "partner"])
def test_read_only_roles_get_403_on_writes(world, client_for, role):
    c = client_for(role)
    person = world.people_a[1].pk
    for path in (
        "savings/deposit/",
        "savings/withdraw/",
        "journal/new/",
        "close/",
        f"savings/refund/{person}/",
    ):
        assert c.get(url(path, world)).status_code == 403, path
        assert c.post(url(path, world), {}).status_code == 403, path
    assert c.post(url("shu/", world), {"year": 2025}).status_code == 403
    assert c.post(url("shu/policy/", world), {}).status_code == 403


def test_deposit_form_posts_once_with_the_same_key(world, bylaws, client_for):
    c = client_for("officer")
    r = c.get(url("savings/deposit/", world))
    assert r.status_code == 200
    form = r.context["form"]
    key = form.initial["idempotency_key"]
    assert len(key) == 32
    assert form.initial["on_date"] == local_today(world.group_a.place)
    data = {
        "person": world.people_a[1].pk,
        "kind": "wajib",
        "amount": 5_000,
        "on_date": "2025-03-10",
        "idempotency_key": key,
    }
    r1 = c.post(url("savings/deposit/", world), data)
    r2 = c.post(url("savings/deposit/", world), data)
    assert r1.status_code == r2.status_code == 302
    assert JournalEntry.objects.filter(kind="saving").count() == 1


def test_withdrawal_errors_show_on_the_form(world, bylaws, treasurer, client_for):
    siti = world.people_a[1]
    deposit(
        group=world.group_a, person=siti, kind="sukarela", amount=10_000, on_date=DAY, acting_user=treasurer
    )
    c = client_for("officer")
    r = c.get(url("savings/withdraw/", world))
    assert b"returned in full when they leave" in r.content
    data = {"person": siti.pk, "amount": 50_000, "on_date": "2025-03-11", "idempotency_key": "w1"}
    r = c.post(url("savings/withdraw/", world), data)
    assert r.status_code == 200
    assert "More than the balance." in r.context["form"].errors["amount"]
    data.update(amount=1_000, on_date="2030-01-01", idempotency_key="w2")
    r = c.post(url("savings/withdraw/", world), data)
    assert "This date is in the future." in r.context["form"].errors["on_date"]
    assert JournalEntry.objects.filter(kind="withdrawal").count() == 0


def test_posting_into_a_closed_period_is_refused_on_the_page(world, bylaws, treasurer, client_for):
    close_period(group=world.group_a, through=dt.date(2025, 6, 30), acting_user=treasurer)
    data = {
        "person": world.people_a[1].pk,
        "kind": "wajib",
        "amount": 5_000,
        "on_date": "2025-06-01",
        "idempotency_key": "x",
    }
    r = client_for("officer").post(url("savings/deposit/", world), data)
    assert r.status_code == 200
    assert "This period is closed." in r.context["form"].errors["on_date"]


def test_savings_list_search_and_refund_on_leave(world, bylaws, treasurer, client_for):
    leaver = world.people_a[4]
    deposit(
        group=world.group_a, person=leaver, kind="pokok", amount=10_000, on_date=DAY, acting_user=treasurer
    )
    deposit(
        group=world.group_a,
        person=world.people_a[1],
        kind="wajib",
        amount=5_000,
        on_date=DAY,
        acting_user=treasurer,
    )
    c = client_for("officer")
    r = c.get(url("savings/", world), {"q": "A2"})
    assert [row["person"].pk for row in r.context["rows"]] == [world.people_a[1].pk]
    assert r.context["rows"][0]["wajib"] == 5_000
    membership = world.group_a.memberships.get(person=leaver)
    end_membership(
        acting_user=treasurer, membership=membership, left_on=dt.date(2025, 4, 1), leave_reason="moved"
    )
    r = c.get(url("savings/", world))
    assert [x["person"].pk for x in r.context["leavers"]] == [leaver.pk]
    r = c.get(url(f"savings/refund/{leaver.pk}/", world))
    assert r.status_code == 200 and b"Rp10.000" in r.content
    r = c.post(url(f"savings/refund/{leaver.pk}/", world), {"on_date": "2025-04-02", "idempotency_key": "r1"})
    assert r.status_code == 302
    book = open_book(group=world.group_a)
    assert balance(book, chart.PRINCIPAL, person_id=leaver.pk) == 0


def test_passbook_pdf(world, bylaws, treasurer, client_for):
    siti = world.people_a[1]
    deposit(group=world.group_a, person=siti, kind="pokok", amount=10_000, on_date=DAY, acting_user=treasurer)
    r = client_for("officer").get(url(f"members/{siti.pk}/passbook/print/", world), {"format": "pdf"})
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    r = client_for("officer").get(url(f"members/{siti.pk}/passbook/print/", world))
    html = r.content.decode()
    assert "Treasurer" in html and siti.full_name in html and "sepuluh ribu rupiah" in html.lower()


def test_member_statement_shows_every_member_account(world, bylaws, treasurer, client_for):
    siti = world.people_a[1]
    deposit(group=world.group_a, person=siti, kind="wajib", amount=5_000, on_date=DAY, acting_user=treasurer)
    post_entry(
        group=world.group_a,
        on_date=DAY,
        memo="SHU owed",
        lines=[Line(chart.SURPLUS, debit=7_000), Line(chart.SHU_PAYABLE, credit=7_000, person_id=siti.pk)],
        acting_user=treasurer,
    )
    r = client_for("officer").get(
        url(f"members/{siti.pk}/statement/", world), {"since": "2025-01-01", "until": "2025-12-31"}
    )
    codes = [a["code"] for a in r.context["st"]["accounts"]]
    assert codes == [chart.SHU_PAYABLE, chart.MANDATORY]
    assert r.context["st"]["owed_by_member"] == 0
    assert r.context["st"]["held_for_member"] == 12_000
    assert r.context["st"]["accounts"][0]["rows"][0]["balance"] == 7_000
    r = client_for("member").get(
        url(f"members/{siti.pk}/statement/2025-01-01/2025-12-31/print/", world), {"format": "pdf"}
    )
    assert r.content.startswith(b"%PDF")


def test_journal_manual_entry_and_reversal(world, bylaws, treasurer, client_for):
    c = client_for("officer")
    r = c.get(url("journal/new/", world))
    key = r.context["form"].initial["idempotency_key"]
    base = {"on_date": "2025-05-01", "memo": "Grant from the village", "idempotency_key": key}
    legs = {
        "leg0_account": chart.CASH,
        "leg0_side": "debit",
        "leg0_amount": 250_000,
        "leg1_account": chart.GRANTS,
        "leg1_side": "credit",
        "leg1_amount": 240_000,
    }
    r = c.post(url("journal/new/", world), {**base, **legs})
    assert r.status_code == 200 and "does not balance" in str(r.context["form"].non_field_errors())
    legs["leg2_account"], legs["leg2_side"], legs["leg2_amount"] = chart.VOLUNTARY, "credit", 10_000
    r = c.post(url("journal/new/", world), {**base, **legs})
    assert "choose the member" in str(r.context["form"].errors["leg2_person"])
    legs["leg2_person"] = world.people_a[1].pk
    r = c.post(url("journal/new/", world), {**base, **legs})
    assert r.status_code == 302
    entry = JournalEntry.objects.get(memo="Grant from the village")
    assert c.post(url("journal/new/", world), {**base, **legs}).status_code == 302  # same key: once
    assert JournalEntry.objects.filter(memo="Grant from the village").count() == 1

    r = c.get(url("journal/", world), {"q": "grant"})
    assert [e.pk for e in r.context["page_obj"]] == [entry.pk]
    assert c.get(url("journal/", world), {"kind": "saving"}).context["page_obj"].paginator.count == 0
    r = c.get(url(f"journal/{entry.pk}/", world))
    assert r.status_code == 200 and len(r.context["legs"]) == 3

    assert c.get(url(f"journal/{entry.pk}/reverse/", world)).status_code == 200
    r = c.post(
        url(f"journal/{entry.pk}/reverse/", world),
        {"on_date": "2025-05-02", "reason": "", "idempotency_key": "rv"},
    )
    assert r.status_code == 200  # reason required
    r = c.post(
        url(f"journal/{entry.pk}/reverse/", world),
        {"on_date": "2025-05-02", "reason": "typo", "idempotency_key": "rv"},
    )
    assert r.status_code == 302
    reversal = JournalEntry.objects.get(reverses=entry)
    r = c.get(url(f"journal/{entry.pk}/", world))
    assert r.context["reversed_by"] == reversal
    assert c.get(
        url(f"journal/{entry.pk}/", world).replace(str(world.group_a.pk), str(world.group_b.pk))
    ).status_code in (404,)


def test_entry_of_another_group_is_404(world, treasurer, client_for):
    entry = post_entry(
        group=world.group_b,
        on_date=DAY,
        memo="b",
        lines=[Line(chart.CASH, debit=1), Line(chart.GRANTS, credit=1)],
        acting_user=None,
    )
    assert client_for("officer").get(url(f"journal/{entry.pk}/", world)).status_code == 404
    assert client_for("admin").get(url(f"journal/{entry.pk}/", world)).status_code == 404


def test_period_close_page(world, client_for):
    c = client_for("officer")
    r = c.get(url("close/", world))
    assert r.status_code == 200 and b"nothing can be posted on or before" in r.content
    r = c.post(url("close/", world), {"through": "2030-01-01"})
    assert "Choose a date before today." in r.context["form"].errors["through"]
    assert c.post(url("close/", world), {"through": "2025-12-31"}).status_code == 302
    assert open_book(group=world.group_a).closed_through == dt.date(2025, 12, 31)


def test_shu_page_preview_confirm_and_record(world, treasurer, client_for):
    from .test_shu import build_2025

    build_2025(world, treasurer)
    c = client_for("officer")
    r = c.get(url("shu/", world), {"year": 2025})
    assert r.status_code == 200 and r.context["p"]["surplus"] == 1_000_003
    assert b"Close 2025" in r.content
    r = c.post(url("shu/", world), {"year": 2025, "idempotency_key": "s1"})
    assert r.status_code == 302 and r["Location"].endswith("/shu/2025/")
    r = c.get(url("shu/2025/", world))
    assert r.status_code == 200 and sum(s.total for s in r.context["shares"]) == 450_002
    r = c.get(url("shu/", world), {"year": 2025})
    assert b"already been distributed" in r.content
    r = c.get(url("shu/", world), {"year": 2026})
    assert b"not over yet" in r.content


def test_shu_policy_page(world, client_for):
    c = client_for("officer")
    assert c.get(url("shu/policy/", world)).status_code == 200
    data = {
        "reserve_percent": "40",
        "jasa_modal_percent": "20",
        "jasa_usaha_percent": "20",
        "management_percent": "5",
        "education_percent": "5",
        "social_percent": "5",
        "modal_savings": "all",
    }
    r = c.post(url("shu/policy/", world), data)
    assert r.status_code == 200 and "add up to 100" in str(r.context["form"].errors)
    data["jasa_usaha_percent"] = "25"
    assert c.post(url("shu/policy/", world), data).status_code == 302
    assert world.group_a.shu_policy.modal_savings == "all"
    assert client_for("auditor").get(url("shu/policy/", world)).status_code == 200


def test_manual_entry_cannot_overdraw_voluntary_savings(world, bylaws, treasurer, client_for):
    siti = world.people_a[1]
    deposit(
        group=world.group_a, person=siti, kind="sukarela", amount=1_000, on_date=DAY, acting_user=treasurer
    )
    data = {
        "on_date": "2025-05-01",
        "memo": "take",
        "idempotency_key": "ov",
        "leg0_account": chart.VOLUNTARY,
        "leg0_side": "debit",
        "leg0_amount": 5_000,
        "leg0_person": siti.pk,
        "leg1_account": chart.CASH,
        "leg1_side": "credit",
        "leg1_amount": 5_000,
    }
    r = client_for("officer").post(url("journal/new/", world), data)
    assert r.status_code == 200 and "cannot be taken from it" in str(r.context["form"].non_field_errors())
    assert not JournalEntry.objects.filter(memo="take").exists()
