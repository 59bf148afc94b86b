"""Proposals and market links API: scope per role, transitions, totals, sales with idempotency."""

import pytest

from berdaya.fieldwork.links.models import Proposal, Sale

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["admin", "manager", "auditor", "facilitator", "partner"])
def test_readers(api_for, proposal, link, role):
    c = api_for(role)
    assert c.get("/api/v1/proposals/").json()["count"] == 1
    assert c.get(f"/api/v1/proposals/{proposal.pk}/").json()["amount_asked"] == 5_000_000
    assert c.get("/api/v1/proposals/totals/").json()[0]["asked"] == 5_000_000
    assert c.get("/api/v1/market-links/").json()["count"] == 1
    detail = c.get(f"/api/v1/market-links/{link.pk}/").json()
    assert detail["kind"] == "offtaker" and detail["totals"]["sales"] == 0
    assert c.get(f"/api/v1/market-links/{link.pk}/sales/").status_code == 200


def test_member_and_outsider(api_for, proposal, link):
    member = api_for("member")
    for url in ["/api/v1/proposals/", "/api/v1/market-links/", f"/api/v1/proposals/{proposal.pk}/"]:
        assert member.get(url).status_code == 404, url
    outsider = api_for("outsider")
    assert outsider.get("/api/v1/proposals/").json()["count"] == 0
    assert outsider.get("/api/v1/proposals/totals/").json() == []
    assert outsider.get(f"/api/v1/proposals/{proposal.pk}/").status_code == 404
    assert outsider.get(f"/api/v1/market-links/{link.pk}/").status_code == 404
    assert outsider.post(f"/api/v1/market-links/{link.pk}/sales/", {}, format="json").status_code == 404


@pytest.mark.parametrize("role", ["auditor", "partner"])
def test_readers_cannot_write(api_for, world, disperin, proposal, link, role):
    c = api_for(role)
    body = {"programme": world.alpha.pk, "agency": disperin.pk, "title": "X", "amount_asked": 1}
    assert c.post("/api/v1/proposals/", body, format="json").status_code == 403
    assert (
        c.post(
            f"/api/v1/proposals/{proposal.pk}/submit/", {"submitted_on": "2025-01-06"}, format="json"
        ).status_code
        == 403
    )
    assert c.patch(f"/api/v1/proposals/{proposal.pk}/", {"title": "Y"}, format="json").status_code == 403
    sale = {"sold_on": "2025-02-10", "description": "Vas", "quantity": 1, "amount": 1}
    assert c.post(f"/api/v1/market-links/{link.pk}/sales/", sale, format="json").status_code == 403
    assert (
        c.post(f"/api/v1/market-links/{link.pk}/end/", {"ended_on": "2025-12-31"}, format="json").status_code
        == 403
    )
    assert Proposal.objects.get(pk=proposal.pk).status == "draft"


def test_proposal_lifecycle_through_the_api(api_for, world, disperin):
    c = api_for("facilitator")
    r = c.post(
        "/api/v1/proposals/",
        {
            "programme": world.alpha.pk,
            "group": world.group_a.pk,
            "agency": disperin.pk,
            "title": "Modal",
            "amount_asked": 5_000_000,
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    assert (
        c.post(f"/api/v1/proposals/{pk}/submit/", {"submitted_on": "2025-01-06"}, format="json").json()[
            "status"
        ]
        == "submitted"
    )
    bad = c.post(
        f"/api/v1/proposals/{pk}/decide/", {"approved": True, "decided_on": "2025-02-14"}, format="json"
    )
    assert bad.status_code == 400 and bad.json()["code"] == "amount_missing"
    ok = c.post(
        f"/api/v1/proposals/{pk}/decide/",
        {"approved": True, "decided_on": "2025-02-14", "amount_granted": 5_000_000},
        format="json",
    )
    assert ok.json()["status"] == "approved"
    assert (
        c.post(f"/api/v1/proposals/{pk}/receive/", {"received_on": "2025-03-01"}, format="json").json()[
            "status"
        ]
        == "received"
    )
    again = c.post(
        f"/api/v1/proposals/{pk}/decide/", {"approved": False, "decided_on": "2025-03-02"}, format="json"
    )
    assert again.status_code == 400 and again.json()["code"] == "received"
    totals = c.get("/api/v1/proposals/totals/").json()[0]
    assert (totals["granted"], totals["success_rate"]) == (5_000_000, "100.0")


def test_market_link_and_sales_through_the_api(api_for, world, offtaker):
    c = api_for("manager")
    r = c.post(
        "/api/v1/market-links/",
        {
            "programme": world.alpha.pk,
            "partner_name": "Showroom Dinas Perindustrian",
            "kind": "showroom",
            "started_on": "2025-05-01",
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    sale = {
        "sold_on": "2025-05-10",
        "description": "Vas bunga",
        "quantity": 20,
        "rejected_quantity": 2,
        "amount": 270_000,
        "idempotency_key": "s-1",
    }
    first = c.post(f"/api/v1/market-links/{pk}/sales/", sale, format="json")
    second = c.post(f"/api/v1/market-links/{pk}/sales/", sale, format="json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert Sale.objects.filter(link_id=pk).count() == 1
    detail = c.get(f"/api/v1/market-links/{pk}/").json()
    assert detail["totals"]["reject_rate"] == "10.0" and detail["months"][0]["amount"] == 270_000
    r = c.patch(f"/api/v1/market-links/{pk}/", {"agency": offtaker.pk}, format="json")
    assert r.status_code == 200 and r.json()["agency_name"] == offtaker.name
    assert (
        c.post(f"/api/v1/market-links/{pk}/end/", {"ended_on": "2025-12-31"}, format="json").json()[
            "ended_on"
        ]
        == "2025-12-31"
    )


def test_outsider_cannot_create_in_alpha(api_for, world, disperin):
    r = api_for("outsider").post(
        "/api/v1/proposals/",
        {"programme": world.alpha.pk, "agency": disperin.pk, "title": "X", "amount_asked": 1},
        format="json",
    )
    assert r.status_code == 404
