"""The demo sentra (seed 001) loads through the services; a second run adds nothing."""

import pytest

from berdaya.clusters.models import (
    InfrastructureRecord,
    ReadinessAssessment,
    Sentra,
    SentraMember,
    SentraYear,
)
from berdaya.demo import clusters_sentra


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


def test_demo_sentra_is_idempotent_and_tells_the_seed_story(demo_world):
    created = clusters_sentra.load(acting_user=demo_world.admin)
    assert created == 1 + 10 + 6 + 4 + 1  # sentra, members, years, infrastructure, assessment
    assert clusters_sentra.load(acting_user=demo_world.admin) == 0
    sentra = Sentra.objects.get(name=clusters_sentra.SENTRA)
    assert sentra.programme.name == "Klaster Tenun Ikat Bandar Kidul" and sentra.founded_year == 1946
    assert SentraMember.objects.filter(sentra=sentra).count() == 10
    assert list(SentraYear.objects.filter(sentra=sentra).values_list("year", flat=True)) == [
        1946,
        1950,
        1970,
        1995,
        2005,
        2025,
    ]
    assert InfrastructureRecord.objects.filter(sentra=sentra, adequacy="adequate").count() == 4
    a = ReadinessAssessment.objects.get(sentra=sentra)
    verdicts = dict(a.findings.values_list("criterion", "verdict"))
    assert verdicts == {
        "units": "fail",
        "turnover": "unknown",
        "technology": "pass",
        "infrastructure": "pass",
        "market_network": "pass",
        "financial_institution": "pass",
    }
    assert a.level == "sentra"


def test_demo_completes_a_sentra_another_demo_created(demo_world):
    from berdaya.clusters import services
    from berdaya.places.models import Place
    from berdaya.programs.models import Programme

    programme = Programme.objects.get(name=clusters_sentra.PROGRAMME)
    services.create_sentra(
        programme=programme,
        name=clusters_sentra.SENTRA,
        product_type="tenun ikat",
        place=Place.objects.get(code=clusters_sentra.BANDAR_KIDUL),
        founded_year=1978,
        acting_user=demo_world.admin,
    )
    assert clusters_sentra.load(acting_user=demo_world.admin) == 10 + 6 + 4 + 1
    assert Sentra.objects.get(name=clusters_sentra.SENTRA).founded_year == 1946
