"""Arisan pages: the workflow through HTTP and who may see or change what."""

import pytest
from django.urls import reverse

from berdaya.books.arisan import services
from berdaya.books.arisan.models import Cycle, Round

from .conftest import START, pay_everyone


def test_cycle_list_empty_state_and_create(world, bylaws, client_for, people):
    c = client_for("officer")
    url = reverse("arisan:cycles", args=[world.group_a.pk])
    page = c.get(url)
    assert page.status_code == 200 and b"No arisan cycle yet" in page.content
    form = c.get(reverse("arisan:cycle_create", args=[world.group_a.pk]))
    assert form.status_code == 200 and people[0].full_name.encode() in form.content
    a1, a2, a3, a4, a5 = people
    data = {
        "name": "Arisan Senik",
        "contribution": "",
        "start_on": "2025-01-10",
        "cadence": "monthly",
        "draw_method": "lot",
    }
    data.update({f"slots_{p.pk}": "1" for p in people})
    data.update(
        {
            f"slots_{a2.pk}": "2",
            f"slots_{a3.pk}": "0",
            f"slots_{a4.pk}": "0",
            f"share_{a3.pk}": "a",
            f"share_{a4.pk}": "A",
        }
    )
    response = c.post(reverse("arisan:cycle_create", args=[world.group_a.pk]), data)
    cycle = Cycle.objects.get()
    assert response.status_code == 302 and response.url == reverse("arisan:cycle_detail", args=[cycle.pk])
    assert cycle.contribution == 20_000 and cycle.slots.count() == 5
    assert cycle.slots.get(number=5).holders.count() == 2
    assert b"Arisan Senik" in c.get(url).content


def test_create_refused_shows_error_and_saves_nothing(world, client_for, people):
    c = client_for("officer")
    data = {
        "name": "X",
        "contribution": "",
        "start_on": "2025-01-10",
        "cadence": "monthly",
        "draw_method": "lot",
    }
    response = c.post(reverse("arisan:cycle_create", args=[world.group_a.pk]), data)
    assert response.status_code == 200 and b"arisan" in response.content.lower()
    assert not Cycle.objects.exists()


def test_round_workflow_through_pages(world, cycle, rounds, people, client_for, treasurer):
    c = client_for("officer")
    r1 = rounds[0]
    a1 = people[0]
    page = c.get(reverse("arisan:round_detail", args=[r1.pk]))
    assert page.status_code == 200
    c.post(
        reverse("arisan:round_contribute", args=[r1.pk]),
        {"person": a1.pk, "amount": 20_000, "on_date": "2025-01-10", "idempotency_key": "x1"},
    )
    c.post(
        reverse("arisan:round_contribute", args=[r1.pk]),
        {"person": a1.pk, "amount": 20_000, "on_date": "2025-01-10", "idempotency_key": "x1"},
    )
    assert r1.contributions.count() == 1
    # Wrong amount: a message, nothing saved.
    response = c.post(
        reverse("arisan:round_contribute", args=[r1.pk]),
        {"person": people[1].pk, "amount": 20_000, "on_date": "2025-01-10"},
        follow=True,
    )
    assert b"owes Rp40.000" in response.content
    pay_everyone(r1, people, treasurer)
    assert c.get(reverse("arisan:round_draw", args=[r1.pk])).status_code == 200  # confirmation first
    c.post(reverse("arisan:round_draw", args=[r1.pk]), {"witness": "42"})
    r1.refresh_from_db()
    assert r1.winner_slot_id and r1.witness == "42"
    c.post(reverse("arisan:round_pay", args=[r1.pk]), {"on_date": "2025-01-10", "idempotency_key": "p1"})
    r1.refresh_from_db()
    assert r1.is_paid and r1.pot == 80_000
    for path in [
        reverse("arisan:cycle_detail", args=[cycle.pk]),
        reverse("arisan:verify", args=[cycle.pk]),
        reverse("arisan:cycle_print", args=[cycle.pk]),
        reverse("arisan:receivables", args=[world.group_a.pk]),
    ]:
        assert c.get(path).status_code == 200, path


def test_missed_and_settle_pages(world, cycle, rounds, people, client_for, treasurer):
    c = client_for("officer")
    r1 = rounds[0]
    a1 = people[0]
    url = reverse("arisan:round_missed", args=[r1.pk, a1.pk])
    assert c.get(url).status_code == 200
    c.post(url, {"on_date": "2025-01-10"})
    assert services.receivable_of(world.group_a, [a1.pk])[a1.pk] == 20_000
    settle = reverse("arisan:settle", args=[world.group_a.pk, a1.pk])
    assert c.get(settle).status_code == 200
    c.post(settle, {"amount": 20_000, "on_date": "2025-01-11", "idempotency_key": "s1"})
    assert services.receivable_of(world.group_a, [a1.pk])[a1.pk] == 0


def test_pdf_of_the_cycle_sheet(world, cycle, client_for):
    response = client_for("officer").get(reverse("arisan:cycle_print", args=[cycle.pk]) + "?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("role", ["member", "auditor", "partner", "manager", "facilitator", "admin"])
def test_readers_see_cycles_and_verification(world, cycle, rounds, client_for, role):
    c = client_for(role)
    for path in [
        reverse("arisan:cycles", args=[world.group_a.pk]),
        reverse("arisan:cycle_detail", args=[cycle.pk]),
        reverse("arisan:round_detail", args=[rounds[0].pk]),
        reverse("arisan:verify", args=[cycle.pk]),
    ]:
        assert c.get(path).status_code == 200, (role, path)
    assert cycle.seed.encode() not in c.get(reverse("arisan:verify", args=[cycle.pk])).content


def test_outsider_gets_404_everywhere(world, cycle, rounds, client_for, people):
    c = client_for("outsider")
    for path in [
        reverse("arisan:cycles", args=[world.group_a.pk]),
        reverse("arisan:cycle_create", args=[world.group_a.pk]),
        reverse("arisan:cycle_detail", args=[cycle.pk]),
        reverse("arisan:cycle_print", args=[cycle.pk]),
        reverse("arisan:round_detail", args=[rounds[0].pk]),
        reverse("arisan:round_draw", args=[rounds[0].pk]),
        reverse("arisan:verify", args=[cycle.pk]),
        reverse("arisan:receivables", args=[world.group_a.pk]),
    ]:
        assert c.get(path).status_code == 404, path


@pytest.mark.parametrize("role", ["auditor", "member", "partner"])
def test_read_only_roles_cannot_write(world, cycle, rounds, client_for, people, role):
    c = client_for(role)
    r1 = rounds[0]
    assert c.get(reverse("arisan:settle", args=[world.group_a.pk, people[0].pk])).status_code == 403
    for path in [
        reverse("arisan:cycle_create", args=[world.group_a.pk]),
        reverse("arisan:round_draw", args=[r1.pk]),
        reverse("arisan:round_pay", args=[r1.pk]),
        reverse("arisan:round_missed", args=[r1.pk, people[0].pk]),
        reverse("arisan:reveal", args=[cycle.pk]),
    ]:
        assert c.post(path, {}).status_code == 403, path
    response = c.post(
        reverse("arisan:round_contribute", args=[r1.pk]),
        {"person": people[0].pk, "amount": 20_000, "on_date": "2025-01-10"},
    )
    assert response.status_code == 403
    assert not Round.objects.filter(winner_slot__isnull=False).exists()
    assert not r1.contributions.exists()


def test_member_does_not_see_receivables(world, cycle, client_for):
    assert client_for("member").get(reverse("arisan:receivables", args=[world.group_a.pk])).status_code == 404


def test_start_date_in_cycle_uses_start(cycle):
    assert cycle.start_on == START
