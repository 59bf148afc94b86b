"""Sheet API: suggested lines, posting with an idempotency key, scoping."""

from berdaya.books.sheets.models import CollectionSheet


def _body(world, key="api-1", cash=10_000):
    return {
        "idempotency_key": key,
        "cash_counted": cash,
        "lines": [
            {"person": world.people_a[0].pk, "present": True, "mandatory_saving": 5_000, "dues": 2_000},
            {"person": world.people_a[1].pk, "present": True, "dues": 2_000, "fine": 1_000},
        ],
    }


def test_posting_through_the_api_is_idempotent(world, meeting, api_for):
    api = api_for("officer")
    url = f"/api/v1/meetings/{meeting.pk}/collection-sheet/"
    suggested = api.get(url).json()
    assert suggested["posted"] is False and len(suggested["suggested_lines"]) == 5
    first = api.post(url, _body(world), format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["expected_cash"] == 10_000 and len(first.json()["entries"]) == 2
    again = api.post(url, _body(world), format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert api.get(url).json()["posted"] is True
    assert api.get(f"/api/v1/collection-sheets/{first.json()['id']}/").status_code == 200


def test_a_difference_without_reason_is_a_400_with_the_field(world, meeting, api_for):
    response = api_for("officer").post(
        f"/api/v1/meetings/{meeting.pk}/collection-sheet/", _body(world, cash=9_000), format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "cash_difference" and "difference_reason" in response.json()["errors"]
    assert not CollectionSheet.objects.exists()


def test_negative_amounts_are_refused_by_the_serializer(world, meeting, api_for):
    body = _body(world)
    body["lines"][0]["dues"] = -1
    response = api_for("officer").post(
        f"/api/v1/meetings/{meeting.pk}/collection-sheet/", body, format="json"
    )
    assert response.status_code == 400


def test_scoping(world, meeting, api_for):
    url = f"/api/v1/meetings/{meeting.pk}/collection-sheet/"
    assert api_for("outsider").get(url).status_code == 404
    assert api_for("member").get(url).status_code == 404
    assert api_for("auditor").get(url).status_code == 200
    assert api_for("auditor").post(url, _body(world), format="json").status_code == 403


def test_cover_and_fund_round_trip(world, covered, lent, meeting, api_for):
    from berdaya.books.loans.models import CoverSettlement
    from berdaya.books.sheets.services import opening_cash

    a1, a2 = world.people_a[:2]
    api = api_for("officer")
    url = f"/api/v1/meetings/{meeting.pk}/collection-sheet/"
    suggested = {row["person"]: row for row in api.get(url).json()["suggested_lines"]}
    assert (suggested[a2.pk]["cover_owed"], suggested[a2.pk]["fund_owed"]) == (110_000, 0)
    assert (suggested[a1.pk]["cover_owed"], suggested[a1.pk]["fund_owed"]) == (0, 2_500_000)
    opening = opening_cash(meeting)
    body = {
        "idempotency_key": "api-cf",
        "cash_counted": opening + 10_000 + 200_000,
        "lines": [
            {"person": a1.pk, "present": True, "fund_repayment": 200_000},
            {"person": a2.pk, "present": True, "cover_settlement": 50_000},
        ],
    }
    over = {**body, "lines": [{"person": a2.pk, "cover_settlement": 110_001}]}
    refused = api.post(url, over, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "cover_overpaid"
    assert f"cover_settlement-{a2.pk}" in refused.json()["errors"]
    negative = api.post(url, {**body, "lines": [{"person": a2.pk, "cover_settlement": -1}]}, format="json")
    assert negative.status_code == 400 and not CollectionSheet.objects.exists()

    first = api.post(url, body, format="json")
    assert first.status_code == 201, first.json()
    data = first.json()
    lines = {row["person"]: row for row in data["lines"]}
    assert (
        lines[a2.pk]["cover_settlement"],
        lines[a2.pk]["cover_handed_back"],
        lines[a2.pk]["net_cash"],
    ) == (
        50_000,
        40_000,
        10_000,
    )
    assert lines[a1.pk]["fund_repayment"] == 200_000 and lines[a1.pk]["net_cash"] == 200_000
    assert data["expected_cash"] == data["cash_counted"] and data["opening_cash"] == opening
    assert CoverSettlement.objects.get().entry_id in data["entries"]  # the settlement's entry is listed
    assert len(data["entries"]) == 2  # the settlement and the fund repayment
    again = api.post(url, body, format="json")
    assert again.status_code == 200 and again.json()["id"] == data["id"]
    assert CoverSettlement.objects.count() == 1
    assert api.get(f"/api/v1/collection-sheets/{data['id']}/").json()["lines"] == data["lines"]
