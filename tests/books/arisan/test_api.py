"""Arisan API: the same services, same scoping; idempotent postings; clear 400s."""

import pytest

from berdaya.books.arisan.models import Contribution, Cycle, Round
from berdaya.books.models import JournalEntry


def _create(api, world, people, **extra):
    a1, a2, a3, a4 = people[:4]
    body = {
        "name": "Arisan API",
        "start_on": "2025-01-10",
        "slots": [
            [{"person": a1.pk}],
            [{"person": a2.pk}],
            [{"person": a2.pk}],
            [{"person": a3.pk}, {"person": a4.pk}],
        ],
        **extra,
    }
    return api.post(f"/api/v1/groups/{world.group_a.pk}/arisan-cycles/", body, format="json")


def test_full_cycle_through_the_api(world, bylaws, api_for, people):
    api = api_for("officer")
    response = _create(api, world, people)
    assert response.status_code == 201, response.content
    cycle = response.json()
    assert cycle["contribution"] == 20_000 and len(cycle["rounds"]) == 4 and cycle["seed"] == ""
    assert len(cycle["commitment"]) == 64 and len(cycle["slots"]) == 4
    listing = api.get(f"/api/v1/groups/{world.group_a.pk}/arisan-cycles/").json()
    assert listing["count"] == 1 and listing["results"][0]["slot_count"] == 4
    dues = {people[0].pk: 20_000, people[1].pk: 40_000, people[2].pk: 10_000, people[3].pk: 10_000}
    for rnd in cycle["rounds"]:
        for pid, amount in dues.items():
            body = {
                "person": pid,
                "amount": amount,
                "on_date": rnd["due_on"],
                "idempotency_key": f"c-{rnd['id']}-{pid}",
            }
            r = api.post(f"/api/v1/arisan-rounds/{rnd['id']}/contributions/", body, format="json")
            assert r.status_code == 201, r.content
            again = api.post(f"/api/v1/arisan-rounds/{rnd['id']}/contributions/", body, format="json")
            assert again.status_code == 200 and again.json()["entry"] == r.json()["entry"]
        drawn = api.post(f"/api/v1/arisan-rounds/{rnd['id']}/draw/", {"witness": "7"}, format="json")
        assert drawn.status_code == 200 and drawn.json()["winner_slot"]
        paid = api.post(
            f"/api/v1/arisan-rounds/{rnd['id']}/pay-pot/", {"on_date": rnd["due_on"]}, format="json"
        )
        assert paid.status_code == 201, paid.content
        twice = api.post(
            f"/api/v1/arisan-rounds/{rnd['id']}/pay-pot/", {"on_date": rnd["due_on"]}, format="json"
        )
        assert twice.status_code == 400 and twice.json()["code"] == "already_paid"
    detail = api.get(f"/api/v1/arisan-cycles/{cycle['id']}/").json()
    assert detail["status"] == "finished" and len(detail["seed"]) == 64
    assert sorted(r["winner_slot"] for r in detail["rounds"]) == [1, 2, 3, 4]
    verify = api_for("member").get(f"/api/v1/arisan-cycles/{cycle['id']}/verify/").json()
    assert verify["all_ok"] is True and all(row["ok"] for row in verify["rows"])
    again = api.post(f"/api/v1/arisan-rounds/{cycle['rounds'][0]['id']}/draw/", {}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "finished"


def test_bad_input_is_a_clear_400_and_posts_nothing(world, bylaws, api_for, people):
    api = api_for("officer")
    outsider = world.people_b[0]
    r = api.post(
        f"/api/v1/groups/{world.group_a.pk}/arisan-cycles/",
        {
            "name": "X",
            "start_on": "2025-01-10",
            "slots": [[{"person": people[0].pk}], [{"person": outsider.pk}]],
        },
        format="json",
    )
    assert r.status_code == 400 and r.json()["code"] == "member"
    assert not Cycle.objects.exists()
    cycle = _create(api, world, people).json()
    rnd = cycle["rounds"][0]
    url = f"/api/v1/arisan-rounds/{rnd['id']}/contributions/"
    wrong = api.post(url, {"person": people[1].pk, "amount": 20_000, "on_date": "2025-01-10"}, format="json")
    assert wrong.status_code == 400 and wrong.json()["code"] == "wrong_amount"
    stranger = api.post(
        url, {"person": outsider.pk, "amount": 20_000, "on_date": "2025-01-10"}, format="json"
    )
    assert stranger.status_code == 400
    nonholder = api.post(
        url, {"person": people[4].pk, "amount": 20_000, "on_date": "2025-01-10"}, format="json"
    )
    assert nonholder.status_code == 400 and nonholder.json()["code"] == "member"
    early = api.post(f"/api/v1/arisan-rounds/{rnd['id']}/pay-pot/", {"on_date": "2025-01-10"}, format="json")
    assert early.status_code == 400
    reveal = api.post(f"/api/v1/arisan-cycles/{cycle['id']}/reveal/")
    assert reveal.status_code == 400 and reveal.json()["code"] == "too_early"
    assert not JournalEntry.objects.filter(book__group=world.group_a).exists()
    assert not Contribution.objects.exists()


def test_api_permissions(world, bylaws, api_for, people):
    cycle = _create(api_for("officer"), world, people).json()
    rnd = cycle["rounds"][0]
    reads = [
        f"/api/v1/groups/{world.group_a.pk}/arisan-cycles/",
        f"/api/v1/arisan-cycles/{cycle['id']}/",
        f"/api/v1/arisan-cycles/{cycle['id']}/verify/",
    ]
    writes = [
        (
            f"/api/v1/groups/{world.group_a.pk}/arisan-cycles/",
            {"name": "Y", "start_on": "2025-01-10", "slots": []},
        ),
        (
            f"/api/v1/arisan-rounds/{rnd['id']}/contributions/",
            {"person": people[0].pk, "amount": 20_000, "on_date": "2025-01-10"},
        ),
        (f"/api/v1/arisan-rounds/{rnd['id']}/draw/", {}),
        (f"/api/v1/arisan-rounds/{rnd['id']}/pay-pot/", {"on_date": "2025-01-10"}),
        (f"/api/v1/arisan-cycles/{cycle['id']}/reveal/", {}),
    ]
    outsider = api_for("outsider")
    for url in reads:
        assert outsider.get(url).status_code == 404, url
    for url, body in writes:
        assert outsider.post(url, body, format="json").status_code == 404, url
    for role in ("member", "auditor", "partner"):
        api = api_for(role)
        for url in reads:
            response = api.get(url)
            assert response.status_code == 200, (role, url)
            assert cycle["commitment"] in response.content.decode() or "results" in response.json()
        for url, body in writes:
            assert api.post(url, body, format="json").status_code == 403, (role, url)
    assert not Round.objects.filter(winner_slot__isnull=False).exists()
    assert not Contribution.objects.exists()


@pytest.mark.parametrize("role", ["admin", "manager", "facilitator"])
def test_writers_in_scope_can_draw(world, bylaws, api_for, people, role):
    cycle = _create(api_for("officer"), world, people).json()
    response = api_for(role).post(
        f"/api/v1/arisan-rounds/{cycle['rounds'][0]['id']}/draw/", {}, format="json"
    )
    assert response.status_code == 200
