"""Fund API: the worked example end to end, idempotency, errors and scoping."""

import pytest

from berdaya.books.funds.models import Allocation, Grant
from berdaya.books.models import JournalEntry

RULES = {
    "rules": [
        {"name": "Reserve", "kind": "percent", "percent": "10", "account": "3300"},
        {"name": "Shares", "kind": "percent", "percent": "10", "account": "3100"},
        {"name": "Admin", "kind": "percent", "percent": "1.5", "account": "4400"},
    ]
}


@pytest.fixture
def api_grant(api_for, world):
    m = api_for("manager")
    plan = [{"person": p.pk, "amount": 2_500_000, "planned_on": "2025-02-01"} for p in world.people_a[:4]]
    r = m.post(
        "/api/v1/funds/grants/",
        {
            "programme": world.alpha.pk,
            "agency": world.agency.pk,
            "reference": "SK 7/2025",
            "amount": 10_000_000,
            "granted_on": "2025-01-10",
            "groups": [{"group": world.group_a.pk, "amount": 10_000_000, "plan": plan}],
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert len(r.json()["plan"]) == 4
    return Grant.objects.get(pk=r.json()["id"])


@pytest.mark.django_db
def test_worked_example_over_the_api(api_for, world, api_grant):
    o = api_for("officer")
    g, gid = world.group_a, world.group_a.pk
    assert o.put(f"/api/v1/groups/{gid}/fund-rules/", RULES, format="json").status_code == 200
    assert len(o.get(f"/api/v1/groups/{gid}/fund-rules/").json()) == 3
    b = o.get(f"/api/v1/groups/{gid}/fund-rules/breakdown/?gross=2500000").json()
    assert [d["amount"] for d in b["deductions"]] == [250_000, 250_000, 37_500] and b["net"] == 1_962_500
    r = o.post(
        f"/api/v1/funds/grants/{api_grant.pk}/receipts/",
        {"group": gid, "on_date": "2025-01-15", "idempotency_key": "rc"},
        format="json",
    )
    assert r.status_code == 201
    ids = []
    for i, p in enumerate(g.memberships.order_by("person_id")[:4]):
        body = {
            "grant": api_grant.pk,
            "group": gid,
            "person": p.person_id,
            "gross": 2_500_000,
            "on_date": "2025-02-01",
            "idempotency_key": f"d{i}",
        }
        r = o.post("/api/v1/funds/disbursements/", body, format="json")
        assert r.status_code == 201, r.json()
        assert r.json()["net"] == 1_962_500 and r.json()["deducted"] == 537_500
        assert [d["amount"] for d in r.json()["deductions"]] == [250_000, 250_000, 37_500]
        ids.append(r.json()["id"])
    again = o.post("/api/v1/funds/disbursements/", body, format="json")
    assert again.status_code == 200 and again.json()["id"] == ids[-1]
    for alloc, amount in zip(ids, [2_500_000, 1_000_000, 0, 500_000], strict=True):
        if amount:
            r = o.post(
                "/api/v1/funds/repayments/",
                {
                    "allocation": alloc,
                    "amount": amount,
                    "on_date": "2025-06-01",
                    "idempotency_key": f"r{alloc}",
                },
                format="json",
            )
            assert r.status_code == 201
    relend = {
        "grant": api_grant.pk,
        "group": gid,
        "person": world.people_a[4].pk,
        "gross": 4_000_001,
        "on_date": "2025-07-01",
        "idempotency_key": "g2",
    }
    r = o.post("/api/v1/funds/relendings/", relend, format="json")
    assert r.status_code == 400 and "Only Rp4.000.000 has been repaid" in r.json()["detail"]
    r = o.post("/api/v1/funds/relendings/", {**relend, "gross": 3_000_000}, format="json")
    assert r.status_code == 201 and r.json()["generation"] == 2
    assert r.json()["sources"] == [
        {"allocation": ids[0], "amount": 2_500_000},
        {"allocation": ids[1], "amount": 500_000},
    ]
    o.post(
        "/api/v1/funds/repayments/",
        {"allocation": r.json()["id"], "amount": 750_000, "on_date": "2025-09-01", "idempotency_key": "g2r"},
        format="json",
    )
    audit = o.get(f"/api/v1/funds/grants/{api_grant.pk}/audit/").json()
    assert [(x["generation"], x["recovery_percent"]) for x in audit["generations"]] == [
        (1, "40.00"),
        (2, "25.00"),
    ]
    detail = o.get(f"/api/v1/funds/grants/{api_grant.pk}/").json()
    assert detail["audit"]["generations"][1]["repaid"] == 750_000
    assert len(detail["plan"]) == 4


@pytest.mark.django_db
def test_bad_input_over_the_api(api_for, world, api_grant):
    o = api_for("officer")
    gid = world.group_a.pk
    o.post(
        f"/api/v1/funds/grants/{api_grant.pk}/receipts/",
        {"group": gid, "on_date": "2025-01-15"},
        format="json",
    )
    entries = JournalEntry.objects.count()
    base = {"grant": api_grant.pk, "group": gid, "person": world.people_a[0].pk, "on_date": "2025-02-01"}
    for gross, text in [
        (10_000_001, "The fund holds Rp10.000.000"),
        (-5, "more than zero"),
        (0, "more than zero"),
    ]:
        r = o.post(
            "/api/v1/funds/disbursements/",
            {**base, "gross": gross, "idempotency_key": f"k{gross}"},
            format="json",
        )
        assert r.status_code == 400 and text in r.json()["detail"], r.json()
    r = o.post(
        "/api/v1/funds/disbursements/",
        {**base, "person": world.people_b[0].pk, "gross": 1000, "idempotency_key": "nm"},
        format="json",
    )
    assert r.status_code == 400 and r.json()["code"] == "member"
    r = o.post("/api/v1/funds/relendings/", {**base, "gross": 1, "idempotency_key": "rl"}, format="json")
    assert r.status_code == 400 and "Only Rp0 has been repaid" in r.json()["detail"]
    r = o.put(
        f"/api/v1/groups/{gid}/fund-rules/",
        {"rules": [{"name": "x", "kind": "percent", "percent": "-1", "account": "3300"}]},
        format="json",
    )
    assert r.status_code == 400
    assert JournalEntry.objects.count() == entries and not Allocation.objects.exists()
    m = api_for("manager")
    r = m.put(
        f"/api/v1/funds/grants/{api_grant.pk}/plan/",
        {"group": gid, "lines": [{"person": world.people_b[0].pk, "amount": 1, "planned_on": "2025-02-01"}]},
        format="json",
    )
    assert r.status_code == 400
    r = m.put(
        f"/api/v1/funds/grants/{api_grant.pk}/plan/",
        {
            "group": gid,
            "lines": [{"person": world.people_a[0].pk, "amount": 5_000_000, "planned_on": "2025-02-01"}],
        },
        format="json",
    )
    assert r.status_code == 200 and len(r.json()) == 1


@pytest.mark.django_db
def test_api_scoping(api_for, world, api_grant):
    gid, pk = world.group_a.pk, api_grant.pk
    gets = [
        f"/api/v1/funds/grants/{pk}/",
        f"/api/v1/funds/grants/{pk}/plan/",
        f"/api/v1/funds/grants/{pk}/audit/",
        f"/api/v1/groups/{gid}/fund-rules/",
    ]
    for role in ("admin", "manager", "auditor", "facilitator", "officer", "partner"):
        c = api_for(role)
        for url in gets:
            assert c.get(url).status_code == 200, (role, url)
        assert c.get("/api/v1/funds/grants/").json()["count"] == 1
    for role in ("outsider", "member"):
        c = api_for(role)
        for url in gets:
            assert c.get(url).status_code == 404, (role, url)
    assert api_for("outsider").get("/api/v1/funds/grants/").json()["count"] == 0
    writes = [
        (
            "post",
            "/api/v1/funds/disbursements/",
            {
                "grant": pk,
                "group": gid,
                "person": world.people_a[0].pk,
                "gross": 1,
                "on_date": "2025-02-01",
                "idempotency_key": "x",
            },
        ),
        ("post", f"/api/v1/funds/grants/{pk}/receipts/", {"group": gid, "on_date": "2025-01-15"}),
        ("put", f"/api/v1/groups/{gid}/fund-rules/", RULES),
        ("put", f"/api/v1/funds/grants/{pk}/plan/", {"group": gid, "lines": []}),
    ]
    for role, expected in [("auditor", 403), ("partner", 403), ("outsider", 404)]:
        c = api_for(role)
        for method, url, body in writes:
            assert getattr(c, method)(url, body, format="json").status_code == expected, (role, url)
    # Officers run the group's fund but do not create grants or change the plan.
    o = api_for("officer")
    assert (
        o.put(f"/api/v1/funds/grants/{pk}/plan/", {"group": gid, "lines": []}, format="json").status_code
        == 403
    )
    assert o.post("/api/v1/funds/grants/", {}, format="json").status_code == 403
    assert api_for("auditor").post("/api/v1/funds/grants/", {}, format="json").status_code == 403
    outsider_grant = {
        "programme": world.alpha.pk,
        "agency": world.agency.pk,
        "reference": "X",
        "amount": 1,
        "granted_on": "2025-01-10",
        "groups": [{"group": gid, "amount": 1}],
    }
    assert api_for("outsider").post("/api/v1/funds/grants/", outsider_grant, format="json").status_code == 404
    assert not JournalEntry.objects.exists()
