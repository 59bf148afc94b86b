"""Cluster map and cooperation pages through HTTP: scope per role, the workflows, confirmations, print."""

import datetime as dt

import pytest

from berdaya.clusters.cooperation import services
from berdaya.clusters.cooperation.models import ActorLink, ClusterActor, Cooperation, CoopInput, CoopStep

pytestmark = pytest.mark.django_db
READERS = ["admin", "manager", "auditor", "facilitator", "partner", "officer"]


@pytest.fixture
def filled(sentra, weaver, bank, credit, admin):
    link = services.create_link(sentra=sentra, source=bank, target=weaver, kind="finances", acting_user=admin)
    part = services.add_participant(cooperation=credit, actor=bank, role="provider", acting_user=admin)
    item = services.add_input(
        cooperation=credit,
        kind="money",
        description="Kredit investasi",
        amount=250_000_000,
        acting_user=admin,
    )
    result = services.add_result(cooperation=credit, kind="impact", text="Kapasitas naik", acting_user=admin)
    return {"link": link, "part": part, "input": item, "result": result}


def _pages(sentra, credit):
    return [
        "/cooperation/",
        f"/cooperation/sentra/{sentra.pk}/map/",
        f"/cooperation/sentra/{sentra.pk}/records/",
        f"/cooperation/records/{credit.pk}/",
        f"/cooperation/records/{credit.pk}/print/",
    ]


def _writes(sentra, credit, weaver, filled):
    step = credit.steps.order_by("order").first()
    return [
        f"/cooperation/sentra/{sentra.pk}/actors/new/",
        f"/cooperation/sentra/{sentra.pk}/actors/add-units/",
        f"/cooperation/sentra/{sentra.pk}/links/new/",
        f"/cooperation/sentra/{sentra.pk}/records/new/",
        f"/cooperation/actors/{weaver.pk}/edit/",
        f"/cooperation/actors/{weaver.pk}/delete/",
        f"/cooperation/links/{filled['link'].pk}/delete/",
        f"/cooperation/records/{credit.pk}/edit/",
        f"/cooperation/records/{credit.pk}/delete/",
        f"/cooperation/records/{credit.pk}/actors/new/",
        f"/cooperation/records/{credit.pk}/inputs/new/",
        f"/cooperation/records/{credit.pk}/steps/new/",
        f"/cooperation/records/{credit.pk}/results/new/",
        f"/cooperation/steps/{step.pk}/move/",
        f"/cooperation/participants/{filled['part'].pk}/remove/",
        f"/cooperation/inputs/{filled['input'].pk}/remove/",
        f"/cooperation/results/{filled['result'].pk}/remove/",
    ]


@pytest.mark.parametrize("role", READERS)
def test_readers_see_every_page(client_for, sentra, credit, filled, role):
    c = client_for(role)
    for url in _pages(sentra, credit):
        r = c.get(url)
        assert r.status_code == 200, url
    page = c.get(f"/cooperation/sentra/{sentra.pk}/map/").content.decode()
    assert 'data-testid="cluster-network"' in page and page.count("<circle") == 2
    assert "Kredit investasi ATBM" in c.get(f"/cooperation/sentra/{sentra.pk}/records/").content.decode()


def test_member_and_outsider_get_404(client_for, sentra, credit, weaver, filled):
    for role in ["member", "outsider"]:
        c = client_for(role)
        for url in _pages(sentra, credit)[1:] + _writes(sentra, credit, weaver, filled):
            assert c.get(url).status_code == 404, (role, url)
    assert client_for("member").get("/cooperation/").status_code == 404
    assert sentra.name.encode() not in client_for("outsider").get("/cooperation/").content


@pytest.mark.parametrize("role", ["auditor", "partner", "officer"])
def test_readers_cannot_write(client_for, sentra, credit, weaver, filled, role):
    c = client_for(role)
    for url in _writes(sentra, credit, weaver, filled):
        assert c.post(url, {}).status_code == 403, url
    assert ClusterActor.objects.count() == 2 and Cooperation.objects.count() == 1


@pytest.mark.parametrize("role", ["admin", "manager", "facilitator"])
def test_build_the_map_and_record_a_credit(client_for, sentra, bank_agency, role):
    c = client_for(role)
    base = f"/cooperation/sentra/{sentra.pk}"
    assert b"Nobody is on the map yet" in c.get(f"{base}/map/").content
    assert c.get(f"{base}/actors/add-units/").status_code == 200  # asks first
    assert ClusterActor.objects.count() == 0
    assert c.post(f"{base}/actors/add-units/").status_code == 302
    assert ClusterActor.objects.filter(role="core").count() == 3
    r = c.post(f"{base}/actors/new/", {"role": "bridging", "agency": bank_agency.pk, "name": ""})
    assert r.status_code == 302
    bank = ClusterActor.objects.get(agency=bank_agency)
    weaver = ClusterActor.objects.filter(role="core").first()
    r = c.post(f"{base}/links/new/", {"source": bank.pk, "target": bank.pk, "kind": "finances"})
    assert r.status_code == 200 and b"two different actors" in r.content
    assert (
        c.post(f"{base}/links/new/", {"source": bank.pk, "target": weaver.pk, "kind": "finances"}).status_code
        == 302
    )
    page = c.get(f"{base}/map/").content.decode()
    assert page.count("<circle") == 4 and 'marker-end="url(#coop-arrow)"' in page

    r = c.post(
        f"{base}/records/new/",
        {
            "kind": "bank_credit",
            "title": "Kredit investasi",
            "started_on": "2024-03-01",
            "idempotency_key": "abc",
        },
    )
    coop = Cooperation.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/cooperation/records/{coop.pk}/"
    steps = list(coop.steps.order_by("order"))
    r = c.post(f"/cooperation/steps/{steps[3].pk}/move/", {"status": "done", "on_date": "2024-03-02"})
    assert r.status_code == 200 and b"cannot be disbursed before it is approved" in r.content
    for step, day in zip(steps[:3], ["2024-03-04", "2024-03-20", "2024-04-01"], strict=True):
        assert (
            c.post(f"/cooperation/steps/{step.pk}/move/", {"status": "done", "on_date": day}).status_code
            == 302
        )
    assert (
        c.post(
            f"/cooperation/steps/{steps[3].pk}/move/", {"status": "done", "on_date": "2024-04-10"}
        ).status_code
        == 302
    )
    r = c.post(
        f"/cooperation/records/{coop.pk}/inputs/new/",
        {
            "kind": "money",
            "description": "Kredit investasi ATBM",
            "amount": 150_000_000,
            "idempotency_key": "i1",
        },
    )
    assert r.status_code == 302
    detail = c.get(f"/cooperation/records/{coop.pk}/").content.decode()
    assert "All 4 steps done." in detail and "Rp150.000.000" in detail and "Approved" in detail
    listing = c.get(f"{base}/records/").content.decode()
    assert "Rp150.000.000" in listing and "All 4 steps done." in listing


def test_destructive_actions_ask_first(client_for, sentra, credit, weaver, bank, filled):
    c = client_for("manager")
    page = c.get(f"/cooperation/records/{credit.pk}/delete/")
    assert page.status_code == 200 and b"Yes, delete it" in page.content
    assert Cooperation.objects.exists()
    # An actor in a record cannot be removed: the reason comes back as a message.
    r = c.post(f"/cooperation/actors/{bank.pk}/delete/", follow=True)
    assert b"takes part in" in r.content and ClusterActor.objects.filter(pk=bank.pk).exists()
    assert c.post(f"/cooperation/links/{filled['link'].pk}/delete/").status_code == 302
    assert not ActorLink.objects.exists()
    assert c.post(f"/cooperation/inputs/{filled['input'].pk}/remove/").status_code == 302
    assert not CoopInput.objects.exists()
    r = c.post(f"/cooperation/records/{credit.pk}/delete/")
    assert r.status_code == 302 and r["Location"] == f"/cooperation/sentra/{sentra.pk}/records/"
    assert not Cooperation.objects.exists() and not CoopStep.objects.exists()


def test_printable_record_and_pdf(client_for, credit, filled):
    c = client_for("auditor")
    page = c.get(f"/cooperation/records/{credit.pk}/print/")
    assert b"Rp250.000.000" in page.content and b"Kapasitas naik" in page.content
    pdf = c.get(f"/cooperation/records/{credit.pk}/print/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_lists_search_and_say_what_to_do_when_empty(client_for, sentra, credit, filled):
    c = client_for("facilitator")
    base = f"/cooperation/sentra/{sentra.pk}"
    assert b"Kredit investasi" in c.get(f"{base}/records/?q=Bank+Jatim").content
    assert b"No cooperation matches" in c.get(f"{base}/records/?q=zzz").content
    assert b"No cooperation matches" in c.get(f"{base}/records/?scope=internal").content
    assert b"No actor matches" in c.get(f"{base}/map/?q=zzz").content
    Cooperation.objects.all().delete()
    assert b"Record the first one" in c.get(f"{base}/records/").content
    assert (
        b"No cooperation recorded yet. A facilitator" in client_for("auditor").get(f"{base}/records/").content
    )


def test_map_in_indonesian_keeps_svg_numbers_with_a_point(client_for, sentra, weaver, bank, indonesian):
    page = client_for("manager").get(f"/cooperation/sentra/{sentra.pk}/map/").content.decode()
    import re

    for attr in re.findall(r'c[xy]="([^"]+)"', page):
        assert "," not in attr


def test_future_dates_are_refused(client_for, sentra, credit):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    step = credit.steps.order_by("order").first()
    r = client_for("manager").post(
        f"/cooperation/steps/{step.pk}/move/", {"status": "done", "on_date": tomorrow}
    )
    assert r.status_code == 200 and b"in the future" in r.content
