"""Sentra API: the same scope as the pages; verdicts computed; idempotent creation."""

import datetime as dt

import pytest

from berdaya.clusters import services
from berdaya.clusters.models import InfrastructureRecord, ReadinessAssessment, Sentra, SentraMember

D = dt.date
pytestmark = pytest.mark.django_db
API = "/api/v1/sentras/"


@pytest.fixture
def full(world, sentra, members):
    user = world.users["manager"]
    services.record_year(sentra=sentra, year=2024, units=15, acting_user=user)
    services.record_infrastructure(
        sentra=sentra, kind="telecom", adequacy="adequate", assessed_on=D(2025, 1, 1), acting_user=user
    )
    a, _ = services.assess_readiness(
        sentra=sentra,
        assessed_on=D(2025, 1, 2),
        findings=[services.FindingInput("units", 15, "count")],
        acting_user=user,
    )
    return {"sentra": sentra, "assessment": a, "member": members[0]}


def _gets(f):
    s = f["sentra"]
    return [
        f"{API}{s.pk}/",
        f"{API}{s.pk}/members/",
        f"{API}{s.pk}/history/",
        f"{API}{s.pk}/infrastructure/",
        f"{API}{s.pk}/assessments/",
        f"{API}assessments/{f['assessment'].pk}/",
        f"{API}criteria/{s.programme_id}/",
    ]


def _posts(f, world, weavers):
    s = f["sentra"]
    return [
        ("patch", f"{API}{s.pk}/", {"description": "x"}),
        ("post", f"{API}{s.pk}/members/", {"enterprise": weavers[3].pk}),
        ("post", f"{API}members/{f['member'].pk}/end/", {"left_on": "2025-01-01"}),
        ("post", f"{API}{s.pk}/history/", {"year": 2000, "units": 30}),
        (
            "post",
            f"{API}{s.pk}/infrastructure/",
            {"kind": "transport", "adequacy": "adequate", "assessed_on": "2025-01-01"},
        ),
        ("post", f"{API}{s.pk}/assessments/", {"assessed_on": "2025-01-01", "findings": []}),
        ("put", f"{API}criteria/{s.programme_id}/", {"min_units": 10, "min_monthly_turnover": 1}),
    ]


@pytest.mark.parametrize("role", ["admin", "manager", "auditor", "facilitator", "partner"])
def test_readers(api_for, full, role):
    c = api_for(role)
    assert c.get(API).json()["count"] == 1
    for url in _gets(full):
        assert c.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["auditor", "partner"])
def test_read_only_403(api_for, world, full, weavers, role):
    c = api_for(role)
    for method, url, body in _posts(full, world, weavers):
        assert getattr(c, method)(url, body, format="json").status_code == 403, url
    assert c.post(API, {}, format="json").status_code == 403


@pytest.mark.parametrize("role", ["member", "outsider"])
def test_member_outsider_404(api_for, world, full, weavers, role):
    c = api_for(role)
    for url in _gets(full):
        assert c.get(url).status_code == 404, url
    for method, url, body in _posts(full, world, weavers):
        assert getattr(c, method)(url, body, format="json").status_code == 404, url
    if role == "outsider":
        assert c.get(API).json()["count"] == 0


@pytest.mark.parametrize("role", ["admin", "manager"])
def test_writers_do_everything(api_for, world, full, weavers, role):
    c = api_for(role)
    codes = [
        getattr(c, m)(url, body, format="json").status_code for m, url, body in _posts(full, world, weavers)
    ]
    assert codes == [200, 201, 200, 201, 201, 201, 200]


def test_facilitator_writes_but_does_not_set_criteria(api_for, world, full, weavers):
    c = api_for("facilitator")
    codes = [
        getattr(c, m)(url, body, format="json").status_code for m, url, body in _posts(full, world, weavers)
    ]
    assert codes == [200, 201, 200, 201, 201, 201, 403]


def test_create_sentra_and_member_warning(api_for, world, weavers):
    c = api_for("manager")
    r = c.post(
        API,
        {
            "programme": world.alpha.pk,
            "name": "Sentra Baru",
            "product_type": "tenun ikat",
            "place": world.banyumulek.code,
        },
        format="json",
    )
    assert r.status_code == 201
    pk = r.json()["id"]
    r = c.post(f"{API}{pk}/members/", {"enterprise": weavers[3].pk}, format="json")
    assert r.status_code == 201 and "makes benang" in r.json()["warnings"][0]
    r = c.post(f"{API}{pk}/members/", {"enterprise": weavers[3].pk}, format="json")
    assert r.status_code == 400 and "already a member" in r.json()["detail"]
    r = c.post(
        API,
        {"programme": world.beta.pk, "name": "X", "product_type": "x", "place": world.kediri.code},
        format="json",
    )
    assert r.status_code in (400, 403) and not Sentra.objects.filter(name="X").exists()


def test_assessment_is_computed_and_idempotent(api_for, full):
    s = full["sentra"]
    c = api_for("facilitator")
    body = {
        "assessed_on": "2025-02-01",
        "idempotency_key": "phone-1",
        "findings": [
            {"criterion": "units", "value": 45, "evidence": ""},
            {"criterion": "technology", "value": True, "evidence": "ATBM baru", "source": "visit"},
            {"criterion": "turnover", "value": 700000000, "evidence": "Rekap penjualan 2024"},
        ],
    }
    r = c.post(f"{API}{s.pk}/assessments/", body, format="json")
    assert r.status_code == 201
    data = r.json()
    verdicts = {f["criterion"]: (f["verdict"], f["reason"]) for f in data["findings"]}
    assert verdicts["units"][0] == "unknown" and "without evidence" in verdicts["units"][1]
    assert verdicts["turnover"][0] == "pass" and verdicts["technology"][0] == "pass"
    assert data["level"] == "sentra" and "Similar units" in data["level_rule"]
    again = c.post(f"{API}{s.pk}/assessments/", body, format="json")
    assert again.status_code == 200 and again.json()["id"] == data["id"]
    assert ReadinessAssessment.objects.filter(idempotency_key="phone-1").count() == 1
    bad = c.post(
        f"{API}{s.pk}/assessments/",
        {"assessed_on": "2025-02-01", "findings": [{"criterion": "units", "value": "many"}]},
        format="json",
    )
    assert bad.status_code == 400


def test_infrastructure_idempotent_and_latest(api_for, full):
    s = full["sentra"]
    c = api_for("manager")
    body = {
        "kind": "clean_water",
        "adequacy": "partly",
        "assessed_on": "2025-01-03",
        "notes": "Kemarau",
        "idempotency_key": "k",
    }
    assert c.post(f"{API}{s.pk}/infrastructure/", body, format="json").status_code == 201
    assert c.post(f"{API}{s.pk}/infrastructure/", body, format="json").status_code == 200
    assert InfrastructureRecord.objects.filter(sentra=s, kind="clean_water").count() == 1
    r = c.post(
        f"{API}{s.pk}/infrastructure/",
        {"kind": "electricity", "adequacy": "inadequate", "assessed_on": "2025-01-03"},
        format="json",
    )
    assert r.status_code == 400 and "notes" in r.json()["errors"]
    latest = c.get(f"{API}{s.pk}/infrastructure/?latest=1").json()
    assert {x["kind"] for x in latest["results"]} == {"telecom", "clean_water"}


def test_history_upsert_and_member_end(api_for, full):
    s = full["sentra"]
    c = api_for("manager")
    assert c.post(f"{API}{s.pk}/history/", {"year": 2024, "units": 16}, format="json").status_code == 200
    assert c.get(f"{API}{s.pk}/history/").json()["results"][0]["units"] == 16
    r = c.post(f"{API}members/{full['member'].pk}/end/", {"left_on": "2019-01-01"}, format="json")
    assert r.status_code == 400
    assert SentraMember.objects.get(pk=full["member"].pk).left_on is None


def test_criteria_round_trip(api_for, world, sentra):
    c = api_for("manager")
    url = f"{API}criteria/{world.alpha.pk}/"
    assert c.get(url).json() == {
        "programme": world.alpha.pk,
        "min_units": 30,
        "min_monthly_turnover": 500_000_000,
        "required": [
            "units",
            "turnover",
            "technology",
            "infrastructure",
            "market_network",
            "financial_institution",
        ],
    }
    r = c.put(
        url,
        {"min_units": 20, "min_monthly_turnover": 250_000_000, "requires_market_network": False},
        format="json",
    )
    assert r.json()["min_units"] == 20 and "market_network" not in r.json()["required"]
