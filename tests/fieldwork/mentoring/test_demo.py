"""The demo's mentoring part on the demo's programmes, staff and groups: idempotent, with what it promises."""

import datetime as dt

import pytest
from django.utils import translation

from berdaya.demo import fieldwork_mentoring
from berdaya.demo.loader import _dataset, _Loader
from berdaya.fieldwork.mentoring import queries
from berdaya.fieldwork.mentoring.models import MonthlyReport, Visit
from berdaya.places.services import load_regions


@pytest.fixture
def demo_world(db):
    d = _dataset()
    codes = {r["place"] for r in d["AGENCIES"]} | {c for p in d["PROGRAMMES"] for c in p["sites"]}
    codes |= {r["parent_code"] for r in d["DUSUNS"] if r["parent_code"][0].isdigit()}
    codes |= {r["place"] for r in d["PERSONS"] if r["place"][0].isdigit()}
    codes |= {r["place"] for r in d["GROUPS"] if r["place"][0].isdigit()}
    load_regions(only=sorted(codes))
    loader = _Loader(_dataset())
    with translation.override("id"):
        loader.load_admin()
        loader.load_places()
        loader.load_programmes()
        loader.load_agencies()
        loader.load_staff()
        loader.load_people()
        loader.load_groups()
    return loader


@pytest.mark.django_db
def test_demo_mentoring_loads_once(demo_world):
    admin = demo_world.admin
    first = fieldwork_mentoring.load(acting_user=admin)
    assert first == Visit.objects.count() + sum(len(v[-1]) for v in fieldwork_mentoring.VISITS) + 2
    assert Visit.objects.count() == len(fieldwork_mentoring.VISITS)
    assert fieldwork_mentoring.load(acting_user=admin) == 0
    assert Visit.objects.count() == len(fieldwork_mentoring.VISITS)
    submitted = MonthlyReport.objects.get(status="submitted")
    assert submitted.mentor.full_name == "Achmad Zainuri" and submitted.figures["visits"] == 3
    assert any(w["code"] == "welfare_neglected" for w in submitted.figures["warnings"])
    draft = MonthlyReport.objects.get(status="draft")
    assert draft.mentor.full_name == "Dedi Kurniawan" and draft.figures["visits"] == 2
    stale = {r.group.name for r in queries.coverage(admin, days=30, today=dt.date(2026, 11, 23))}
    assert {"KUBE Jaya Bersama", "KUBE Tanah Liat Lestari", "KUBE Semanggi Bangkit"} <= stale
    assert "KUBE Mele Maju" not in stale
