"""Sentra pages through HTTP: who sees and does what; forms call the services."""

import datetime as dt

import pytest

from berdaya.clusters import services
from berdaya.clusters.models import (
    InfrastructureRecord,
    ReadinessAssessment,
    Sentra,
    SentraMember,
    SentraYear,
)

D = dt.date
pytestmark = pytest.mark.django_db

READERS = ["admin", "manager", "auditor", "facilitator", "partner"]
WRITERS = ["admin", "manager", "facilitator"]
READ_ONLY = ["auditor", "partner"]


@pytest.fixture
def full(world, sentra, members):
    user = world.users["manager"]
    year = services.record_year(sentra=sentra, year=2024, units=15, craftsmen=15, acting_user=user)
    services.record_year(sentra=sentra, year=1970, units=50, craftsmen=50, tools=150, acting_user=user)
    services.record_infrastructure(
        sentra=sentra, kind="electricity", adequacy="adequate", assessed_on=D(2025, 1, 1), acting_user=user
    )
    assessment, _ = services.assess_readiness(
        sentra=sentra,
        assessed_on=D(2025, 1, 2),
        findings=[services.FindingInput("units", 15, "15 weavers")],
        acting_user=user,
    )
    return {"sentra": sentra, "year": year, "assessment": assessment, "member": members[0]}


def _read_urls(f):
    s = f["sentra"]
    return [
        "/sentra/",
        f"/sentra/{s.pk}/",
        f"/sentra/{s.pk}/infrastructure/",
        f"/sentra/{s.pk}/readiness/",
        f"/sentra/readiness/{f['assessment'].pk}/",
        f"/sentra/criteria/{s.programme_id}/",
    ]


def _write_urls(f):
    s = f["sentra"]
    return [
        f"/sentra/{s.pk}/edit/",
        f"/sentra/{s.pk}/members/add/",
        f"/sentra/members/{f['member'].pk}/end/",
        f"/sentra/{s.pk}/history/add/",
        f"/sentra/history/{f['year'].pk}/edit/",
        f"/sentra/history/{f['year'].pk}/remove/",
        f"/sentra/{s.pk}/infrastructure/add/",
        f"/sentra/{s.pk}/readiness/new/",
    ]


@pytest.mark.parametrize("role", READERS)
def test_readers_see_every_page(client_for, full, role):
    c = client_for(role)
    for url in _read_urls(full):
        assert c.get(url).status_code == 200, url
    assert full["sentra"].name.encode() in c.get("/sentra/").content


@pytest.mark.parametrize("role", WRITERS)
def test_writers_open_every_form(client_for, full, role):
    c = client_for(role)
    for url in _write_urls(full):
        assert c.get(url).status_code == 200, url


@pytest.mark.parametrize("role", READ_ONLY)
def test_read_only_roles_get_403_on_writes(client_for, full, role):
    c = client_for(role)
    for url in _write_urls(full):
        assert c.get(url).status_code == 403, url
        assert c.post(url, {}).status_code == 403, url
    assert c.get("/sentra/new/").status_code == 403
    assert b"Assess readiness" not in c.get(f"/sentra/{full['sentra'].pk}/").content


@pytest.mark.parametrize("role", ["member", "outsider"])
def test_member_and_outsider_get_404(client_for, full, role):
    c = client_for(role)
    for url in _read_urls(full)[1:] + _write_urls(full):
        assert c.get(url).status_code == 404, url
    listing = c.get("/sentra/")
    assert listing.status_code == (404 if role == "member" else 200)
    if role == "outsider":
        assert full["sentra"].name.encode() not in listing.content


def test_list_search_programme_filter_and_empty_state(client_for, world, sentra):
    c = client_for("admin")
    assert b"Bandar Kidul" in c.get("/sentra/?q=tenun kidul").content
    assert b"No sentra matches" in c.get("/sentra/?q=gerabah").content
    assert b"No sentra matches" in c.get(f"/sentra/?programme={world.beta.pk}").content
    assert b"Bandar Kidul" in c.get(f"/sentra/?programme={world.alpha.pk}").content
    Sentra.objects.all().delete()
    assert b"Record the first sentra" in c.get("/sentra/").content


def test_hub_links_to_the_sub_apps_that_exist(client_for, sentra):
    html = client_for("manager").get(f"/sentra/{sentra.pk}/").content.decode()
    assert 'class="tiles"' in html  # each tile appears only when its url name resolves


def test_create_and_edit_sentra(client_for, world):
    c = client_for("manager")
    r = c.post(
        "/sentra/new/",
        {
            "programme": world.alpha.pk,
            "name": "Sentra Gerabah Banyumulek",
            "product_type": "gerabah",
            "place": world.banyumulek.pk,
        },
    )
    s = Sentra.objects.get(name="Sentra Gerabah Banyumulek")
    assert r.status_code == 302 and r["Location"] == f"/sentra/{s.pk}/"
    r = c.post(
        f"/sentra/{s.pk}/edit/",
        {"name": s.name, "product_type": "gerabah", "place": world.banyumulek.pk, "founded_year": 1990},
    )
    assert r.status_code == 302 and Sentra.objects.get(pk=s.pk).founded_year == 1990
    # a manager cannot create in a programme they do not manage
    r = c.post(
        "/sentra/new/",
        {"programme": world.beta.pk, "name": "X", "product_type": "x", "place": world.kediri.pk},
    )
    assert r.status_code == 200 and not Sentra.objects.filter(name="X").exists()


def test_member_add_warns_and_end_asks_first(client_for, sentra, weavers):
    c = client_for("facilitator")
    r = c.post(f"/sentra/{sentra.pk}/members/add/", {"enterprise": weavers[3].pk}, follow=True)
    assert b"makes benang, not Tenun Ikat" in r.content
    m = SentraMember.objects.get(sentra=sentra, enterprise=weavers[3])
    assert b"Record that Toko Benang Makmur left" in c.get(f"/sentra/members/{m.pk}/end/").content
    r = c.post(f"/sentra/members/{m.pk}/end/", {"left_on": "2025-01-01"})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.left_on == D(2025, 1, 1)


def test_history_add_edit_remove(client_for, sentra):
    c = client_for("manager")
    r = c.post(
        f"/sentra/{sentra.pk}/history/add/",
        {"year": 1950, "tools": 7, "daily_capacity": 4, "capacity_unit": "sarung"},
    )
    assert r.status_code == 302
    row = SentraYear.objects.get(sentra=sentra, year=1950)
    r = c.post(f"/sentra/{sentra.pk}/history/add/", {"year": 1950})
    assert b"already in the history" in r.content
    c.post(
        f"/sentra/history/{row.pk}/edit/",
        {"year": 1950, "tools": 8, "daily_capacity": 4, "capacity_unit": "sarung"},
    )
    assert SentraYear.objects.get(pk=row.pk).tools == 8
    assert b"Remove 1950" in c.get(f"/sentra/history/{row.pk}/remove/").content
    c.post(f"/sentra/history/{row.pk}/remove/")
    assert not SentraYear.objects.filter(pk=row.pk).exists()


def test_infrastructure_form_is_idempotent(client_for, sentra):
    c = client_for("facilitator")
    data = {
        "kind": "transport",
        "adequacy": "partly",
        "assessed_on": "2025-02-01",
        "notes": "Jalan rusak",
        "idempotency_key": "abc",
    }
    assert c.post(f"/sentra/{sentra.pk}/infrastructure/add/", data).status_code == 302
    assert c.post(f"/sentra/{sentra.pk}/infrastructure/add/", data).status_code == 302
    assert InfrastructureRecord.objects.filter(sentra=sentra).count() == 1
    page = c.get(f"/sentra/{sentra.pk}/infrastructure/").content
    assert b"Jalan rusak" in page and b"never assessed" in page


def test_assessment_form_prefills_and_judges(client_for, full):
    s = full["sentra"]
    c = client_for("manager")
    page = c.get(f"/sentra/{s.pk}/readiness/new/").content.decode()
    assert "History 2024: 15 units" in page and "from the records" in page
    data = {
        "assessed_on": "2025-03-01",
        "units_value": "15",
        "units_evidence": "Sensus 15 pengrajin",
        "units_source": "",
        "turnover_value": "600000000",
        "turnover_evidence": "",
        "technology_value": "yes",
        "technology_evidence": "Alat penghitung ukelan",
        "infrastructure_value": "",
        "market_network_value": "no",
        "market_network_evidence": "Hanya pasar lokal",
        "financial_institution_value": "",
        "idempotency_key": "x1",
    }
    r = c.post(f"/sentra/{s.pk}/readiness/new/", data)
    a = ReadinessAssessment.objects.get(idempotency_key="x1")
    assert r.status_code == 302 and r["Location"] == f"/sentra/readiness/{a.pk}/"
    v = dict(a.findings.values_list("criterion", "verdict"))
    assert (
        v["units"] == "fail"
        and v["turnover"] == "unknown"
        and v["technology"] == "pass"
        and v["market_network"] == "fail"
    )
    detail = c.get(f"/sentra/readiness/{a.pk}/").content.decode()
    assert "A value was given without evidence" in detail and "Sentra UKM" in detail
    assert c.get(f"/sentra/readiness/{a.pk}/?format=pdf")["Content-Type"] == "application/pdf"


def test_criteria_page_manager_sets_auditor_reads(client_for, world, sentra):
    url = f"/sentra/criteria/{world.alpha.pk}/"
    data = {"min_units": 10, "min_monthly_turnover": 100000000, "requires_technology": "on"}
    assert client_for("auditor").post(url, data).status_code == 403
    assert client_for("facilitator").post(url, data).status_code == 403
    assert b"At least 30 units" in client_for("auditor").get(url).content
    assert client_for("manager").post(url, data).status_code == 302
    page = client_for("auditor").get(url).content
    assert b"At least 10 units" in page and b"not required" in page
    assert client_for("outsider").get(url).status_code == 404


def test_pages_do_not_query_per_row(client_for, world, django_assert_max_num_queries):
    from berdaya.people.models import Enterprise

    user = world.users["manager"]
    for i in range(8):
        s = services.create_sentra(
            programme=world.alpha,
            name=f"Sentra {i}",
            product_type="tenun ikat",
            place=world.banyumulek,
            acting_user=user,
        )
        for j in range(3):
            e = Enterprise.objects.create(name=f"E{i}-{j}", place=world.banyumulek, product_type="tenun ikat")
            services.add_member(sentra=s, enterprise=e, acting_user=user)
        services.record_year(sentra=s, year=2020 + i % 3, units=3, acting_user=user)
        services.assess_readiness(
            sentra=s,
            assessed_on=D(2025, 1, 1),
            findings=[services.FindingInput("units", 3, "count")],
            acting_user=user,
        )
    c = client_for("manager")
    with django_assert_max_num_queries(12):
        assert c.get("/sentra/").status_code == 200
    with django_assert_max_num_queries(20):
        assert c.get(f"/sentra/{s.pk}/").status_code == 200
    api = __import__("rest_framework.test", fromlist=["APIClient"]).APIClient()
    api.force_authenticate(user)
    with django_assert_max_num_queries(12):
        assert api.get("/api/v1/sentras/").json()["count"] == 8
    with django_assert_max_num_queries(12):
        assert len(api.get(f"/api/v1/sentras/{s.pk}/assessments/").json()["results"]) == 1
