"""Conveyor API: same scoping as the pages, explicit outputs, idempotent week recording."""

import pytest

from berdaya.clusters.conveyor.models import FlowBatch, Line, Stage, WeeklyFlow

from .conftest import WEEK1

pytestmark = pytest.mark.django_db
API = "/api/v1/conveyor"
READERS = ["admin", "manager", "auditor", "facilitator", "partner", "officer"]


def _week_body(stages, produced, key=None):
    body = {
        "week": WEEK1.isoformat(),
        "rows": [
            {"stage": s.pk, "produced": p, "workers": s.workers, "hours": str(s.hours_per_week)}
            for s, p in zip(stages, produced, strict=True)
        ],
    }
    if key:
        body["idempotency_key"] = key
    return body


@pytest.mark.parametrize("role", READERS)
def test_readers(api_for, recorded, stages, role):
    c = api_for(role)
    r = c.get(f"{API}/lines/")
    assert r.status_code == 200 and r.json()["count"] == 1
    detail = c.get(f"{API}/lines/{recorded.pk}/").json()
    assert [s["name"] for s in detail["stages"]][2] == "Binding and gluing (jahit & lem)"
    bal = c.get(f"{API}/lines/{recorded.pk}/balance/").json()
    assert bal["throughput"] == "280.000" and bal["bottleneck_stages"] == [stages[2].pk]
    assert bal["target_source"] == "next_stage" and bal["target"] == "450.000"
    binding = bal["stages"][2]
    assert binding["position"] == "bottleneck" and binding["advice"]["extra_workers"] == 2
    assert binding["advice"]["hours_needed"] == 57 and binding["advice"]["explanation"]
    flows = c.get(f"{API}/lines/{recorded.pk}/flows/").json()
    assert [w["finished"] for w in flows["weeks"]] == [240, 290, 270]
    assert flows["scarcest_stages"] == [stages[2].pk] and flows["average_finished"] == "266.667"
    assert c.get(f"{API}/stages/{stages[0].pk}/").json()["group_name"] == "KUBE Bulu Kok Sondakan"


def test_member_and_outsider(api_for, line, stages):
    for role in ["member", "outsider"]:
        c = api_for(role)
        for url in [
            f"{API}/lines/{line.pk}/",
            f"{API}/lines/{line.pk}/balance/",
            f"{API}/stages/{stages[0].pk}/",
        ]:
            assert c.get(url).status_code == 404, (role, url)
        assert c.post(f"{API}/lines/{line.pk}/flows/", _week_body(stages, [1, 1, 1, 1])).status_code == 404
    assert api_for("member").get(f"{API}/lines/").status_code == 404
    assert api_for("outsider").get(f"{API}/lines/").json()["count"] == 0


@pytest.mark.parametrize("role", ["auditor", "partner", "officer"])
def test_readers_cannot_write(api_for, sentra, line, stages, role):
    c = api_for(role)
    assert c.post(f"{API}/lines/", {"sentra": sentra.pk, "product": "Kok", "unit": "x"}).status_code == 403
    assert c.patch(f"{API}/lines/{line.pk}/", {"notes": "x"}).status_code == 403
    assert c.delete(f"{API}/lines/{line.pk}/").status_code == 403
    assert c.post(f"{API}/lines/{line.pk}/stages/", {}).status_code == 403
    assert c.patch(f"{API}/stages/{stages[0].pk}/", {"workers": 9}).status_code == 403
    assert c.delete(f"{API}/stages/{stages[0].pk}/").status_code == 403
    assert c.post(f"{API}/lines/{line.pk}/flows/", _week_body(stages, [1, 1, 1, 1])).status_code == 403
    assert Line.objects.count() == 1 and not WeeklyFlow.objects.exists()


@pytest.mark.parametrize("role", ["admin", "manager", "facilitator"])
def test_build_a_line_through_the_api(api_for, sentra, feather_group, role):
    c = api_for(role)
    r = c.post(
        f"{API}/lines/", {"sentra": sentra.pk, "product": "Sangkar burung", "unit": "cages"}, format="json"
    )
    assert r.status_code == 201
    pk = r.json()["id"]
    r = c.post(
        f"{API}/lines/{pk}/stages/",
        {
            "name": "Jeruji",
            "group": feather_group.pk,
            "unit": "bar",
            "units_per_product": "40",
            "workers": 2,
            "hours_per_week": "40",
            "rate": "30",
        },
        format="json",
    )
    assert r.status_code == 201 and r.json()["order"] == 1
    r = c.post(
        f"{API}/lines/{pk}/stages/",
        {
            "name": "Rangka",
            "producer": "Budi",
            "unit": "frame",
            "units_per_product": "1",
            "workers": 1,
            "hours_per_week": "40",
            "rate": "0.5",
        },
        format="json",
    )
    stage = r.json()["id"]
    assert c.get(f"{API}/lines/{pk}/balance/").json()["throughput"] == "20.000"  # 1 × 40 × 0,5
    r = c.patch(f"{API}/stages/{stage}/", {"workers": 2}, format="json")
    assert r.status_code == 200 and r.json()["workers"] == 2
    r = c.patch(f"{API}/lines/{pk}/", {"demand_per_week": 60}, format="json")
    assert r.json()["demand_per_week"] == 60
    bal = c.get(f"{API}/lines/{pk}/balance/").json()
    assert bal["meets_demand"] is False and bal["target_source"] == "demand"
    assert c.get(f"{API}/lines/{pk}/balance/?demand=30").json()["meets_demand"] is True
    assert c.delete(f"{API}/stages/{stage}/").status_code == 204
    assert c.delete(f"{API}/lines/{pk}/").status_code == 204
    assert not Line.objects.filter(pk=pk).exists()


def test_refusals_are_400_with_reasons(api_for, world, line, stages):
    c = api_for("facilitator")
    r = c.post(
        f"{API}/lines/{line.pk}/stages/",
        {
            "name": "Gabus",
            "group": world.group_b.pk,
            "unit": "x",
            "units_per_product": "1",
            "workers": 1,
            "hours_per_week": "1",
            "rate": "1",
        },
        format="json",
    )
    assert r.status_code == 400 and r.json()["code"] == "group_programme"
    body = _week_body(stages, [1, 1, 1, 1])
    body["week"] = "2025-10-07"
    r = c.post(f"{API}/lines/{line.pk}/flows/", body, format="json")
    assert r.status_code == 400 and "Monday" in r.json()["detail"]
    WeeklyFlow.objects.create(stage=stages[0], week=WEEK1, produced=1, workers=1, hours=1)
    r = c.delete(f"{API}/stages/{stages[0].pk}/")
    assert r.status_code == 400 and "1 recorded week;" in r.json()["detail"]


def test_week_is_idempotent(api_for, line, stages):
    c = api_for("facilitator")
    body = _week_body(stages, [6400, 600, 260, 240], key="phone-1")
    r = c.post(f"{API}/lines/{line.pk}/flows/", body, format="json")
    assert r.status_code == 201 and len(r.json()) == 4
    r = c.post(f"{API}/lines/{line.pk}/flows/", body, format="json")
    assert r.status_code == 200 and len(r.json()) == 4
    assert WeeklyFlow.objects.count() == 4 and FlowBatch.objects.count() == 1
    assert Stage.objects.filter(line=line).count() == 4
