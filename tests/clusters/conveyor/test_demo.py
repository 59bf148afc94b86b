"""The demo shuttlecock line (seed 003) loads through the services and tells the story; a second run adds nothing."""

import pytest

from berdaya.clusters.conveyor import queries
from berdaya.clusters.conveyor.models import Line, WeeklyFlow
from berdaya.clusters.models import SentraMember
from berdaya.demo import clusters_conveyor


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


def test_demo_line_is_idempotent_and_binding_is_the_bottleneck(demo_world):
    created = clusters_conveyor.load(acting_user=demo_world.admin)
    assert created == 1 + 2 + 1 + 4 + 8 * 4  # sentra, members, line, stages, 8 weeks × 4 stages
    assert clusters_conveyor.load(acting_user=demo_world.admin) == 0
    line = Line.objects.get()
    assert line.sentra.name == "Sentra Shuttlecock Surakarta"
    assert SentraMember.objects.filter(sentra=line.sentra).count() == 2
    assert WeeklyFlow.objects.filter(stage__line=line).count() == 32
    stages = list(line.stages.order_by("order"))
    assert stages[0].group.name == "KUBE Bulu Kok Sondakan"
    view = queries.line_balance(line)
    assert view.balance.throughput == 280 and view.balance.bottleneck_keys == [stages[2].pk]
    # Demand 400 a week: binding needs one more worker (3 × 35 × 4 = 420) — what the group tried in week 7.
    advice = view.stages[2].result.advice
    assert (advice.workers_needed, advice.extra_workers) == (3, 1)
    hv = queries.line_history(line)
    assert hv.history.scarcest_keys == [stages[2].pk]
    assert {p.key for p in hv.history.pileups} == {stages[0].pk, stages[1].pk}
    assert hv.history.weeks[-1].finished == 390
