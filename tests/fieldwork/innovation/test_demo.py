"""The demo innovation (seed 002) loads through the services, and a second run adds nothing."""

import pytest

from berdaya.demo import fieldwork_innovation
from berdaya.fieldwork.innovation import queries
from berdaya.fieldwork.innovation.models import AdoptionEvent, Innovation


@pytest.fixture
def demo_world(db):
    from django.utils import translation

    from berdaya.demo.loader import _dataset, _Loader
    from berdaya.places.services import load_regions

    d = _dataset()
    codes = {r["place"] for r in d["AGENCIES"]} | {c for p in d["PROGRAMMES"] for c in p["sites"]}
    codes |= {r["parent_code"] for r in d["DUSUNS"] if r["parent_code"][0].isdigit()}
    codes |= {r["place"] for r in d["PERSONS"] if r["place"][0].isdigit()}
    codes |= {r["place"] for r in d["GROUPS"] if r["place"][0].isdigit()}
    load_regions(only=sorted(codes))
    loader = _Loader(d)
    with translation.override("id"):
        loader.load_admin()
        loader.load_places()
        loader.load_programmes()
        loader.load_agencies()
        loader.load_staff()
        loader.load_people()
        loader.load_groups()
    return loader


def test_demo_innovation_is_idempotent_and_tells_the_seed_story(demo_world):
    created = fieldwork_innovation.load(acting_user=demo_world.admin)
    assert created == 1 + AdoptionEvent.objects.count()
    assert fieldwork_innovation.load(acting_user=demo_world.admin) == 0
    innovation = Innovation.objects.get()
    data = queries.summary(innovation)
    assert data["counts"] == {"learned": 16, "adopted": 10, "spreading": 3}
    top = data["spreaders"][0]
    assert (top.name, top.direct, top.total) == ("Sarjiyo", 1, 2)  # Ponijo, and Wardoyo through him
