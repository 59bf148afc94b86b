"""Innovation pages through HTTP: who sees and records what, the drawing, forms and their errors."""

import datetime as dt

import pytest

from berdaya.fieldwork.innovation import services
from berdaya.fieldwork.innovation.models import AdoptionEvent, Innovation

pytestmark = pytest.mark.django_db
READERS = ["admin", "manager", "auditor", "facilitator", "partner", "officer"]
WRITERS = ["admin", "manager", "facilitator"]


def _pages(innovation):
    return ["/innovations/", f"/innovations/{innovation.pk}/"]


@pytest.mark.parametrize("role", READERS)
def test_readers_see_the_list_and_the_detail(client_for, spread, role):
    c = client_for(role)
    list_page = c.get("/innovations/")
    assert list_page.status_code == 200
    assert b"Gerabah modern" in list_page.content
    detail = c.get(f"/innovations/{spread.pk}/")
    assert detail.status_code == 200
    html = detail.content.decode()
    assert 'data-testid="adoption-curve"' in html and 'data-testid="adoption-network"' in html
    assert html.count("<circle") == 3 and html.count("marker-end") == 2
    assert "taught 1 person; 2 learned it through them in all" in html


def test_member_and_outsider_get_404(client_for, spread):
    for role in ["member", "outsider"]:
        c = client_for(role)
        assert c.get(f"/innovations/{spread.pk}/").status_code == 404, role
        assert c.get(f"/innovations/{spread.pk}/stages/new/").status_code == 404, role
    assert client_for("member").get("/innovations/").status_code == 404
    assert b"Gerabah modern" not in client_for("outsider").get("/innovations/").content


@pytest.mark.parametrize("role", ["auditor", "partner", "officer"])
def test_readers_cannot_write(client_for, world, spread, role):
    c = client_for(role)
    step = AdoptionEvent.objects.filter(innovation=spread).last()
    assert c.get("/innovations/new/").status_code == 403
    assert c.get(f"/innovations/{spread.pk}/edit/").status_code == 403
    assert c.post(f"/innovations/{spread.pk}/stages/new/", {}).status_code == 403
    assert c.post(f"/innovations/steps/{step.pk}/remove/").status_code == 403
    assert AdoptionEvent.objects.filter(pk=step.pk).exists()


@pytest.mark.parametrize("role", WRITERS)
def test_writers_create_an_innovation_and_record_a_stage(client_for, world, role):
    c = client_for(role)
    r = c.post(
        "/innovations/new/",
        {"programme": world.alpha.pk, "name": "Cetakan gypsum", "introduced_on": "2024-11-02"},
    )
    innovation = Innovation.objects.get(name="Cetakan gypsum")
    assert r.status_code == 302 and r["Location"] == f"/innovations/{innovation.pk}/"
    form = c.get(f"/innovations/{innovation.pk}/stages/new/")
    assert form.status_code == 200
    r = c.post(
        f"/innovations/{innovation.pk}/stages/new/",
        {
            "person": world.people_a[0].pk,
            "stage": "learned",
            "on_date": "2024-11-03",
            "idempotency_key": "x1",
        },
    )
    assert r.status_code == 302
    assert AdoptionEvent.objects.filter(innovation=innovation, person=world.people_a[0]).count() == 1


def test_outsider_manager_cannot_create_in_a_programme_not_theirs(client_for, world):
    r = client_for("outsider").post(
        "/innovations/new/", {"programme": world.alpha.pk, "name": "X", "introduced_on": "2024-11-02"}
    )
    assert r.status_code == 200  # alpha is not among the choices: the form says so
    assert not Innovation.objects.filter(name="X").exists()


def test_a_refused_step_shows_the_reason_on_the_form(client_for, world, innovation):
    r = client_for("facilitator").post(
        f"/innovations/{innovation.pk}/stages/new/",
        {"person": world.people_a[0].pk, "stage": "adopted", "on_date": "2024-11-03"},
    )
    assert r.status_code == 200
    assert "must first reach the stage “Learned it” before “Adopted it”" in r.content.decode()
    assert not AdoptionEvent.objects.exists()


def test_remove_asks_first_then_removes(client_for, world, spread):
    c = client_for("manager")
    step = AdoptionEvent.objects.get(person=world.people_a[2])
    page = c.get(f"/innovations/steps/{step.pk}/remove/")
    assert page.status_code == 200 and b"Remove" in page.content
    assert AdoptionEvent.objects.filter(pk=step.pk).exists()
    r = c.post(f"/innovations/steps/{step.pk}/remove/")
    assert r.status_code == 302
    assert not AdoptionEvent.objects.filter(pk=step.pk).exists()


def test_edit_innovation(client_for, spread):
    r = client_for("facilitator").post(
        f"/innovations/{spread.pk}/edit/", {"name": "Gerabah modern", "introduced_on": "2024-11-01"}
    )
    assert r.status_code == 302
    spread.refresh_from_db()
    assert spread.name == "Gerabah modern"


def test_list_search_and_empty_state(client_for, world, innovation):
    c = client_for("manager")
    assert b"Gerabah modern" in c.get("/innovations/?q=gerabah").content
    assert b"No innovation matches" in c.get("/innovations/?q=batik").content
    Innovation.objects.all().delete()
    assert b"Record the first innovation" in c.get("/innovations/").content


def test_detail_is_a_fixed_number_of_queries(client_for, world, spread, django_assert_max_num_queries):
    c = client_for("manager")
    c.get(f"/innovations/{spread.pk}/")
    for i in range(4):
        services.record_stage(
            innovation=spread,
            person=world.people_a[3 + i % 2] if i < 2 else world.people_a[2],
            stage="learned" if i < 2 else ("adopted" if i == 2 else "spreading"),
            on_date=dt.date(2025, 4, 1 + i),
            learned_from=world.people_a[0] if i < 2 else None,
            acting_user=world.users["admin"],
        )
    with django_assert_max_num_queries(12):
        c.get(f"/innovations/{spread.pk}/")
