"""The demo cluster map and cooperation records (seed 001) load through the services; a second run adds nothing."""

import pytest

from berdaya.clusters.cooperation import queries
from berdaya.clusters.cooperation.models import ActorLink, ClusterActor, Cooperation
from berdaya.demo import clusters_cooperation


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
    return loader


def test_demo_map_and_records_are_idempotent_and_tell_the_seed_story(demo_world):
    created = clusters_cooperation.load(acting_user=demo_world.admin)
    assert created > 50
    assert clusters_cooperation.load(acting_user=demo_world.admin) == 0
    sentra = Cooperation.objects.first().sentra
    roles = {r["role"]: r["count"] for r in queries.role_counts(sentra)}
    assert roles == {"core": 10, "supplier": 2, "related": 1, "knowledge": 1, "bridging": 5, "buyer": 3}
    assert ClusterActor.objects.get(name="Bank Jatim Cabang Kediri").agency.kind == "bank"
    assert ActorLink.objects.filter(sentra=sentra).count() == 14
    states = {
        c.kind: queries.state(total=c.steps_total, done=c.steps_done, rejected=c.steps_rejected)[0]
        for c in queries.cooperations(sentra)
    }
    assert states["bank_credit"] == "done"
    assert states["lkm_credit"] == "rejected"
    assert states["government_credit"] == "in_progress"
    assert states["joint_marketing"] == "done"
    t = queries.totals(sentra)
    internal, external = t["scopes"]
    assert (internal["count"], external["count"]) == (4, 6)
    assert external["money"] == 250_000_000 + 30_000_000 + 50_000_000 + 6_000_000
    assert len(queries.network(sentra).nodes) == 22
