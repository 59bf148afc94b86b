"""Mentoring API: same scoping as the pages, an idempotent visit log, the report's life, the read-outs."""

import datetime as dt

import pytest

from berdaya.fieldwork.mentoring.models import MonthlyReport, Visit

D = dt.date
BASE = "/api/v1/mentoring"


def _visit_body(world, key="phone-7"):
    return {
        "programme": world.alpha.pk,
        "mentor": world.staff.pk,
        "group": world.group_a.pk,
        "visited_on": "2025-09-10",
        "technique": "lecture",
        "productive_topics": "Kewirausahaan",
        "welfare_topics": "Penyuluhan kebersihan dan kesehatan",
        "actions": [{"text": "Buat daftar pembeli", "owner": "Seksi pemasaran", "due_on": "2025-09-30"}],
        "next_visit_on": "2025-09-24",
        "idempotency_key": key,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "manager", "facilitator"])
def test_log_a_visit_is_idempotent(api_for, world, role):
    c = api_for(role)
    first = c.post(f"{BASE}/visits/", _visit_body(world), format="json")
    assert first.status_code == 201, first.content
    again = c.post(f"{BASE}/visits/", _visit_body(world), format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Visit.objects.count() == 1
    body = first.json()
    assert body["visited_name"] == "KUBE Alpha" and body["actions"][0]["owner"] == "Seksi pemasaran"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("auditor", 403), ("partner", 403), ("officer", 403), ("member", 404), ("outsider", 404)],
)
def test_who_may_not_log(api_for, world, role, status):
    assert api_for(role).post(f"{BASE}/visits/", _visit_body(world), format="json").status_code == status
    assert Visit.objects.count() == 0


@pytest.mark.django_db
def test_refusal_is_a_400_with_the_field(api_for, world):
    body = _visit_body(world)
    body["next_visit_on"] = "2025-09-01"
    r = api_for("facilitator").post(f"{BASE}/visits/", body, format="json")
    assert r.status_code == 400 and "next_visit_on" in r.json()["errors"]
    body = _visit_body(world)
    body["group"] = world.group_b.pk  # another programme's group: not found
    assert api_for("admin").post(f"{BASE}/visits/", body, format="json").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "count"),
    [("admin", 1), ("manager", 1), ("auditor", 1), ("partner", 1), ("facilitator", 1), ("outsider", 0)],
)
def test_list_and_detail_are_scoped(api_for, visit, role, count):
    c = api_for(role)
    r = c.get(f"{BASE}/visits/?month=2025-09&q=stimulan")
    assert r.status_code == 200 and r.json()["count"] == count
    assert c.get(f"{BASE}/visits/{visit.pk}/").status_code == (200 if count else 404)


@pytest.mark.django_db
def test_member_gets_404_everywhere(api_for, visit, report):
    c = api_for("member")
    for url in (
        "visits/",
        f"visits/{visit.pk}/",
        "reports/",
        f"reports/{report.pk}/",
        "coverage/",
        "intensity/",
        "follow-ups/",
    ):
        assert c.get(f"{BASE}/{url}").status_code == 404, url


@pytest.mark.django_db
def test_action_done(api_for, visit):
    action = visit.actions.get()
    assert (
        api_for("auditor").post(f"{BASE}/actions/{action.pk}/done/", {"done_on": "2025-09-12"}).status_code
        == 403
    )
    assert (
        api_for("outsider").post(f"{BASE}/actions/{action.pk}/done/", {"done_on": "2025-09-12"}).status_code
        == 404
    )
    r = api_for("facilitator").post(
        f"{BASE}/actions/{action.pk}/done/", {"done_on": "2025-09-12", "note": "beres"}
    )
    assert r.status_code == 200 and r.json()["done_on"] == "2025-09-12"


@pytest.mark.django_db
def test_report_draft_edit_submit_return(api_for, world, visit):
    fac, manager, auditor = api_for("facilitator"), api_for("manager"), api_for("auditor")
    body = {"mentor": world.staff.pk, "programme": world.alpha.pk, "month": "2025-09-15"}
    assert auditor.post(f"{BASE}/reports/", body).status_code == 403
    r = fac.post(f"{BASE}/reports/", body)
    assert r.status_code == 201 and r.json()["month"] == "2025-09-01" and r.json()["figures"]["visits"] == 1
    pk = r.json()["id"]
    assert fac.post(f"{BASE}/reports/", body).status_code == 200  # a recount
    assert auditor.patch(f"{BASE}/reports/{pk}/", {"summary": "x"}).status_code == 403
    r = fac.patch(f"{BASE}/reports/{pk}/", {"summary": "Satu kunjungan ke KUBE Alpha"}, format="json")
    assert r.status_code == 200 and r.json()["summary"] == "Satu kunjungan ke KUBE Alpha"
    assert fac.post(f"{BASE}/reports/{pk}/return/", {"reason": "x"}).status_code == 403
    r = fac.post(f"{BASE}/reports/{pk}/submit/")
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    assert fac.patch(f"{BASE}/reports/{pk}/", {"summary": "y"}, format="json").status_code == 400
    assert api_for("outsider").post(f"{BASE}/reports/{pk}/return/", {"reason": "x"}).status_code == 404
    r = manager.post(f"{BASE}/reports/{pk}/return/", {"reason": "Lengkapi UKS"})
    assert r.status_code == 200 and r.json()["status"] == "draft"
    assert MonthlyReport.objects.get().returned_reason == "Lengkapi UKS"
    assert auditor.get(f"{BASE}/reports/").json()["count"] == 1
    assert api_for("outsider").get(f"{BASE}/reports/").json()["count"] == 0


@pytest.mark.django_db
def test_coverage_intensity_follow_ups(api_for, world, visit):
    c = api_for("manager")
    cov = c.get(f"{BASE}/coverage/?days=0").json()
    assert [r["group_name"] for r in cov["results"]] == ["KUBE Alpha"]
    assert cov["results"][0]["reason"].startswith("Last visited on 2025-09-04")
    inten = c.get(f"{BASE}/intensity/").json()["results"]
    assert inten[0]["month"] == "2025-09-01" and inten[0]["visits"] == 1
    fu = c.get(f"{BASE}/follow-ups/").json()["results"]
    assert fu[0]["kind"] == "action" and fu[0]["overdue"] is True and "late" in fu[0]["reason"]
    assert api_for("outsider").get(f"{BASE}/follow-ups/").json()["count"] == 0
    assert (
        api_for("outsider").get(f"{BASE}/coverage/?days=0").json()["results"][0]["group_name"] == "KUBE Beta"
    )
