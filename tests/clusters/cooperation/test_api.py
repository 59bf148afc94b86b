"""The cooperation API: same scoping as the pages, the workflows, idempotent creation."""

import pytest

from berdaya.clusters.cooperation import services
from berdaya.clusters.cooperation.models import ActorLink, ClusterActor, Cooperation, CoopInput, CoopResult

pytestmark = pytest.mark.django_db
API = "/api/v1/cooperation"


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


def _reads(sentra, credit, weaver, filled):
    return [
        f"{API}/sentras/{sentra.pk}/actors/",
        f"{API}/sentras/{sentra.pk}/links/",
        f"{API}/sentras/{sentra.pk}/network/",
        f"{API}/sentras/{sentra.pk}/records/",
        f"{API}/sentras/{sentra.pk}/records/totals/",
        f"{API}/actors/{weaver.pk}/",
        f"{API}/links/{filled['link'].pk}/",
        f"{API}/records/{credit.pk}/",
    ]


def _posts(sentra, credit, weaver, filled):
    step = credit.steps.order_by("order").first()
    return [
        f"{API}/sentras/{sentra.pk}/actors/",
        f"{API}/sentras/{sentra.pk}/actors/core-enterprises/",
        f"{API}/sentras/{sentra.pk}/links/",
        f"{API}/sentras/{sentra.pk}/records/",
        f"{API}/records/{credit.pk}/participants/",
        f"{API}/records/{credit.pk}/inputs/",
        f"{API}/records/{credit.pk}/results/",
        f"{API}/records/{credit.pk}/steps/",
        f"{API}/records/{credit.pk}/credit/",
        f"{API}/steps/{step.pk}/status/",
    ]


def _deletes(credit, weaver, filled):
    return [
        f"{API}/actors/{weaver.pk}/",
        f"{API}/links/{filled['link'].pk}/",
        f"{API}/records/{credit.pk}/",
        f"{API}/participants/{filled['part'].pk}/",
        f"{API}/inputs/{filled['input'].pk}/",
        f"{API}/results/{filled['result'].pk}/",
    ]


@pytest.mark.parametrize("role", ["admin", "manager", "auditor", "facilitator", "partner", "officer"])
def test_readers(api_for, sentra, credit, weaver, filled, role):
    c = api_for(role)
    for url in _reads(sentra, credit, weaver, filled):
        assert c.get(url).status_code == 200, url
    body = c.get(f"{API}/records/{credit.pk}/").json()
    assert body["money"] == 250_000_000 and [s["code"] for s in body["steps"]] == [
        "applied",
        "assessed",
        "decision",
        "disbursed",
    ]
    assert body["participants"][0]["actor_name"] == "Bank Jatim Cabang Kediri"
    net = c.get(f"{API}/sentras/{sentra.pk}/network/").json()
    assert len(net["nodes"]) == 2 and net["edges"][0]["kind"] == "finances"


@pytest.mark.parametrize("role", ["member", "outsider"])
def test_member_and_outsider_get_404(api_for, sentra, credit, weaver, filled, role):
    c = api_for(role)
    for url in _reads(sentra, credit, weaver, filled):
        assert c.get(url).status_code == 404, url
    for url in _posts(sentra, credit, weaver, filled):
        assert c.post(url, {}, format="json").status_code == 404, url
    for url in _deletes(credit, weaver, filled):
        assert c.delete(url).status_code == 404, url


@pytest.mark.parametrize("role", ["auditor", "partner", "officer"])
def test_readers_cannot_write(api_for, sentra, credit, weaver, filled, role):
    c = api_for(role)
    for url in _posts(sentra, credit, weaver, filled):
        assert c.post(url, {}, format="json").status_code == 403, url
    for url in _deletes(credit, weaver, filled):
        assert c.delete(url).status_code == 403, url
    assert c.patch(f"{API}/records/{credit.pk}/", {"title": "x"}, format="json").status_code == 403
    assert c.patch(f"{API}/actors/{weaver.pk}/", {"notes": "x"}, format="json").status_code == 403
    assert ClusterActor.objects.count() == 2 and Cooperation.objects.count() == 1


@pytest.mark.parametrize("role", ["admin", "manager", "facilitator"])
def test_map_and_credit_through_the_api(api_for, sentra, lkm_agency, role):
    c = api_for(role)
    r = c.post(f"{API}/sentras/{sentra.pk}/actors/core-enterprises/")
    assert r.status_code == 200 and len(r.json()) == 3
    assert c.post(f"{API}/sentras/{sentra.pk}/actors/core-enterprises/").json() == []
    r = c.post(
        f"{API}/sentras/{sentra.pk}/actors/", {"role": "bridging", "agency": lkm_agency.pk}, format="json"
    )
    assert r.status_code == 201 and r.json()["name"] == "LKM Artha Mandiri Mojoroto"
    lkm = r.json()["id"]
    weaver = ClusterActor.objects.filter(role="core").first().pk
    r = c.post(
        f"{API}/sentras/{sentra.pk}/links/",
        {"source": lkm, "target": weaver, "kind": "finances"},
        format="json",
    )
    assert r.status_code == 201
    r = c.post(
        f"{API}/sentras/{sentra.pk}/links/",
        {"source": lkm, "target": weaver, "kind": "finances"},
        format="json",
    )
    assert r.status_code == 400 and "already finances" in r.json()["detail"]

    payload = {
        "kind": "lkm_credit",
        "title": "Modal kerja",
        "started_on": "2024-07-01",
        "idempotency_key": "phone-1",
    }
    first = c.post(f"{API}/sentras/{sentra.pk}/records/", payload, format="json")
    again = c.post(f"{API}/sentras/{sentra.pk}/records/", payload, format="json")
    assert (first.status_code, again.status_code) == (201, 200) and first.json() == again.json()
    coop = first.json()["id"]
    assert first.json()["scope"] == "external"
    inp = {"kind": "money", "description": "Modal kerja", "amount": 25_000_000, "idempotency_key": "in-1"}
    assert c.post(f"{API}/records/{coop}/inputs/", inp, format="json").status_code == 201
    assert c.post(f"{API}/records/{coop}/inputs/", inp, format="json").status_code == 200
    assert CoopInput.objects.count() == 1
    res = {"kind": "output", "text": "Penolakan", "idempotency_key": "r-1"}
    assert c.post(f"{API}/records/{coop}/results/", res, format="json").status_code == 201
    assert c.post(f"{API}/records/{coop}/results/", res, format="json").status_code == 200
    assert CoopResult.objects.count() == 1
    assert (
        c.post(
            f"{API}/records/{coop}/participants/", {"actor": lkm, "role": "provider"}, format="json"
        ).status_code
        == 201
    )

    r = c.post(
        f"{API}/records/{coop}/credit/", {"stage": "disbursed", "on_date": "2024-07-02"}, format="json"
    )
    assert r.status_code == 400 and "cannot be disbursed before it is approved" in r.json()["detail"]
    for stage, day in [("applied", "2024-07-02"), ("assessed", "2024-07-12"), ("rejected", "2024-07-15")]:
        assert (
            c.post(
                f"{API}/records/{coop}/credit/", {"stage": stage, "on_date": day}, format="json"
            ).status_code
            == 200
        )
    r = c.post(
        f"{API}/records/{coop}/credit/", {"stage": "disbursed", "on_date": "2024-07-20"}, format="json"
    )
    assert r.status_code == 400 and "rejected on 2024-07-15" in r.json()["detail"]
    body = c.get(f"{API}/records/{coop}/").json()
    assert body["state"] == "rejected" and body["steps"][2]["label"] == "Rejected"
    totals = c.get(f"{API}/sentras/{sentra.pk}/records/totals/").json()
    assert totals["count"] == 1 and totals["money"] == 25_000_000
    assert c.get(f"{API}/sentras/{sentra.pk}/records/?scope=internal").json()["count"] == 0


def test_patch_and_delete(api_for, sentra, credit, weaver, bank, filled):
    c = api_for("manager")
    r = c.patch(f"{API}/records/{credit.pk}/", {"ended_on": "2023-01-01"}, format="json")
    assert r.status_code == 400 and r.json()["errors"] == {"ended_on": "It cannot end before it started."}
    assert c.patch(f"{API}/actors/{weaver.pk}/", {"notes": "ketua"}, format="json").json()["notes"] == "ketua"
    r = c.delete(f"{API}/actors/{bank.pk}/")
    assert r.status_code == 400 and "takes part in" in r.json()["detail"]
    assert c.delete(f"{API}/links/{filled['link'].pk}/").status_code == 204
    assert not ActorLink.objects.exists()
    assert c.delete(f"{API}/records/{credit.pk}/").status_code == 204
    assert c.delete(f"{API}/actors/{bank.pk}/").status_code == 204
    step_url = f"{API}/records/{credit.pk}/"
    assert c.get(step_url).status_code == 404


def test_actor_of_another_programme_is_not_found(api_for, sentra, world, admin, weaver):
    from berdaya.clusters.models import Sentra

    beta = Sentra.objects.create(
        programme=world.beta, name="Sentra Beta", product_type="batik", place=world.kediri
    )
    stranger = services.create_actor(sentra=beta, role="buyer", name="Toko Batik", acting_user=admin)
    r = api_for("manager").post(
        f"{API}/sentras/{sentra.pk}/links/",
        {"source": stranger.pk, "target": weaver.pk, "kind": "buys"},
        format="json",
    )
    assert r.status_code == 404
