"""Books API: every operation, idempotent postings, errors as 400 with the message, scoping."""

import datetime as dt

import pytest

from berdaya.books import chart
from berdaya.books.models import JournalEntry
from berdaya.books.savings import deposit
from berdaya.books.services import Line, post_entry

from .conftest import DAY


def api(world, path):
    return f"/api/v1/groups/{world.group_a.pk}/{path}"


def test_deposit_is_idempotent_200_on_repeat(world, bylaws, api_for):
    c = api_for("officer")
    body = {
        "person": world.people_a[1].pk,
        "kind": "wajib",
        "amount": 5_000,
        "on_date": "2025-03-10",
        "idempotency_key": "dep-1",
    }
    r1 = c.post(api(world, "savings/deposits/"), body, format="json")
    r2 = c.post(api(world, "savings/deposits/"), body, format="json")
    assert r1.status_code == 201 and r2.status_code == 200
    assert r1.json()["id"] == r2.json()["id"]
    assert JournalEntry.objects.filter(kind="saving").count() == 1
    assert {leg["account"] for leg in r1.json()["legs"]} == {chart.CASH, chart.MANDATORY}


def test_withdrawal_errors_are_400_with_the_message(world, bylaws, treasurer, api_for):
    siti = world.people_a[1]
    deposit(
        group=world.group_a, person=siti, kind="sukarela", amount=10_000, on_date=DAY, acting_user=treasurer
    )
    c = api_for("officer")
    r = c.post(
        api(world, "savings/withdrawals/"),
        {"person": siti.pk, "amount": 20_000, "on_date": "2025-03-11"},
        format="json",
    )
    assert r.status_code == 400 and "cannot be withdrawn" in r.json()["detail"]
    assert r.json()["errors"]["amount"] == "More than the balance."
    r = c.post(
        api(world, "savings/withdrawals/"),
        {"person": siti.pk, "kind": "pokok", "amount": 1, "on_date": "2025-03-11"},
        format="json",
    )
    assert r.status_code == 400 and r.json()["code"] == "not_withdrawable"
    r = c.post(
        api(world, "savings/withdrawals/"),
        {"person": siti.pk, "amount": 1, "on_date": "2030-01-01"},
        format="json",
    )
    assert r.status_code == 400 and r.json()["code"] == "future_date"
    r = c.post(
        api(world, "savings/withdrawals/"),
        {"person": siti.pk, "amount": 4_000, "on_date": "2025-03-11"},
        format="json",
    )
    assert r.status_code == 201
    assert JournalEntry.objects.filter(kind="withdrawal").count() == 1


def test_savings_list_passbook_and_statement(world, bylaws, treasurer, api_for):
    siti = world.people_a[1]
    deposit(group=world.group_a, person=siti, kind="pokok", amount=10_000, on_date=DAY, acting_user=treasurer)
    c = api_for("auditor")
    r = c.get(api(world, "savings/"), {"q": "A2"})
    assert r.status_code == 200 and r.json()["results"][0]["pokok"] == 10_000
    r = c.get(api(world, f"members/{siti.pk}/passbook/"))
    assert r.json()["total"] == 10_000 and len(r.json()["rows"]) == 1
    r = c.get(api(world, f"members/{siti.pk}/statement/"), {"since": "2025-01-01", "until": "2025-12-31"})
    assert r.json()["held_for_member"] == 10_000
    assert c.get(api(world, "books/")).json()["cash"] == 10_000
    # A member: own passbook only.
    m = api_for("member")
    assert m.get(api(world, f"members/{siti.pk}/passbook/")).status_code == 200
    assert m.get(api(world, f"members/{world.people_a[2].pk}/passbook/")).status_code == 404
    assert m.get(api(world, "journal/")).status_code == 404
    assert m.get(api(world, "books/")).status_code == 404


def test_manual_entry_reverse_and_journal(world, api_for):
    c = api_for("officer")
    legs = [{"account": chart.CASH, "debit": 100_000}, {"account": chart.GRANTS, "credit": 90_000}]
    body = {"on_date": "2025-04-01", "memo": "grant", "legs": legs, "idempotency_key": "m1"}
    r = c.post(api(world, "journal/"), body, format="json")
    assert r.status_code == 400 and r.json()["code"] == "unbalanced"
    legs[1]["credit"] = 100_000
    r = c.post(api(world, "journal/"), body, format="json")
    assert r.status_code == 201
    entry_id = r.json()["id"]
    assert c.post(api(world, "journal/"), body, format="json").status_code == 200
    r = c.get(api(world, "journal/"), {"q": "grant"})
    assert [e["id"] for e in r.json()["results"]] == [entry_id] and r.json()["results"][0][
        "amount"
    ] == 100_000
    assert c.get(api(world, f"journal/{entry_id}/")).json()["reversed_by"] is None
    r = c.post(
        api(world, f"journal/{entry_id}/reverse/"),
        {"reason": "wrong", "on_date": "2025-04-02"},
        format="json",
    )
    assert r.status_code == 201 and r.json()["reverses"] == entry_id
    assert c.get(api(world, f"journal/{entry_id}/")).json()["reversed_by"] == r.json()["id"]
    r = c.post(api(world, f"journal/{entry_id}/reverse/"), {"reason": "again"}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "already_reversed"


def test_period_close_blocks_postings(world, bylaws, api_for):
    c = api_for("officer")
    r = c.post(api(world, "period-close/"), {"through": "2025-06-30"}, format="json")
    assert r.status_code == 200 and r.json()["closed_through"] == "2025-06-30"
    body = {"person": world.people_a[1].pk, "kind": "wajib", "amount": 5_000, "on_date": "2025-06-01"}
    r = c.post(api(world, "savings/deposits/"), body, format="json")
    assert r.status_code == 400 and r.json()["code"] == "closed_period"


def test_statements(world, bylaws, treasurer, api_for):
    deposit(
        group=world.group_a,
        person=world.people_a[1],
        kind="pokok",
        amount=10_000,
        on_date=DAY,
        acting_user=treasurer,
    )
    post_entry(
        group=world.group_a,
        on_date=DAY,
        memo="fee",
        lines=[Line(chart.CASH, debit=2_000), Line(chart.ADMIN_FEES, credit=2_000)],
        acting_user=treasurer,
    )
    c = api_for("auditor")
    q = {"since": "2025-01-01", "until": "2025-12-31"}
    assert c.get(api(world, "statements/trial-balance/"), q).json()["difference"] == 0
    bs = c.get(api(world, "statements/balance-sheet/"), q).json()
    assert bs["difference"] == 0 and bs["total_assets"] == 12_000 and bs["current_surplus"] == 2_000
    assert c.get(api(world, "statements/income-statement/"), q).json()["surplus"] == 2_000
    cb = c.get(api(world, "statements/cashbook/"), q).json()
    assert [r["balance"] for r in cb["rows"]] == [10_000, 12_000] and cb["closing"] == 12_000
    assert c.get(api(world, "statements/cashbook/"), {"since": "nope"}).status_code == 400


def test_shu_preview_close_and_policy(world, treasurer, api_for):
    from .test_shu import build_2025

    build_2025(world, treasurer)
    c = api_for("officer")
    r = c.get(api(world, "shu/2025/"))
    assert r.status_code == 200 and r.json()["surplus"] == 1_000_003 and r.json()["refusal"] is None
    r = c.post(api(world, "shu/2025/"), {"idempotency_key": "y25"}, format="json")
    assert r.status_code == 201 and sum(s["total"] for s in r.json()["shares"]) == 450_002
    assert c.post(api(world, "shu/2025/"), {"idempotency_key": "y25"}, format="json").status_code == 200
    r = c.post(api(world, "shu/2025/"), {}, format="json")
    assert r.status_code == 400 and "already" in r.json()["detail"]
    assert api_for("auditor").post(api(world, "shu/2025/"), {}, format="json").status_code == 403

    r = c.get(api(world, "shu-policy/"))
    assert r.json()["reserve_percent"] == "40.00"
    r = c.patch(api(world, "shu-policy/"), {"reserve_percent": "45"}, format="json")
    assert r.status_code == 400 and "100" in r.json()["detail"]
    r = c.patch(api(world, "shu-policy/"), {"reserve_percent": "45", "social_percent": "0"}, format="json")
    assert r.status_code == 200 and r.json()["social_percent"] == "0.00"


@pytest.mark.parametrize(
    "method,path,body",
    [
        ("post", "savings/deposits/", {"person": 1, "kind": "wajib", "amount": 1}),
        ("post", "savings/withdrawals/", {"person": 1, "amount": 1}),
        ("post", "savings/refunds/", {"person": 1}),
        ("post", "journal/", {}),
        ("post", "period-close/", {"through": "2025-01-01"}),
        ("post", "shu/2025/", {}),
        ("patch", "shu-policy/", {}),
    ],
)
def test_writes_need_a_writing_role(world, api_for, method, path, body):
    assert getattr(api_for("auditor"), method)(api(world, path), body, format="json").status_code == 403
    assert getattr(api_for("outsider"), method)(api(world, path), body, format="json").status_code == 404
    # A member may see the group (not its books) and may never write: 403, like every read-only role.
    assert getattr(api_for("member"), method)(api(world, path), body, format="json").status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "books/",
        "savings/",
        "journal/",
        "statements/trial-balance/",
        "statements/balance-sheet/",
        "statements/income-statement/",
        "statements/cashbook/",
        "shu/2025/",
        "shu-policy/",
    ],
)
def test_reads_scoped(world, api_for, path):
    assert api_for("auditor").get(api(world, path)).status_code == 200
    assert api_for("outsider").get(api(world, path)).status_code == 404


def test_refund_api(world, bylaws, treasurer, api_for):
    from berdaya.groups.services import end_membership

    leaver = world.people_a[4]
    deposit(
        group=world.group_a, person=leaver, kind="pokok", amount=10_000, on_date=DAY, acting_user=treasurer
    )
    c = api_for("officer")
    r = c.post(api(world, "savings/refunds/"), {"person": leaver.pk, "on_date": "2025-04-02"}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "still_member"
    end_membership(
        acting_user=treasurer,
        membership=world.group_a.memberships.get(person=leaver),
        left_on=dt.date(2025, 4, 1),
        leave_reason="moved",
    )
    r = c.post(api(world, "savings/refunds/"), {"person": leaver.pk, "on_date": "2025-04-02"}, format="json")
    assert r.status_code == 201
    r = c.post(api(world, "savings/refunds/"), {"person": leaver.pk, "on_date": "2025-04-02"}, format="json")
    assert r.status_code == 204


def test_schema_builds(world, api_for):
    r = api_for("admin").get("/api/v1/schema/")
    assert r.status_code in (200, 404)
