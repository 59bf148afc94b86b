"""The demo's field-forms part on the demo's programmes, staff and groups: idempotent, with its promises."""

import pytest
from django.utils import translation

from berdaya.demo import fieldwork_odk
from berdaya.demo.loader import _dataset, _Loader
from berdaya.fieldwork.mentoring.models import Visit
from berdaya.fieldwork.odk.models import FormSource, ImportBatch, Submission
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
def test_demo_field_forms_load_once(demo_world):
    admin = demo_world.admin
    assert fieldwork_odk.load(acting_user=admin) == 3 + 1 + 1  # submissions, the upload, the server
    batch = ImportBatch.objects.get()
    assert (batch.rows, batch.mapped, batch.rejected, batch.duplicates) == (4, 2, 1, 1)
    rejected = Submission.objects.get(status="rejected")
    assert "“31/11”" in rejected.reason
    assert (
        Visit.objects.filter(group__name="KUBE Mele Maju", mentor__full_name="Baiq Rina Hartati").count() == 2
    )
    assert FormSource.objects.get().active is False
    assert fieldwork_odk.load(acting_user=admin) == 0
