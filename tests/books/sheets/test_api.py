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
