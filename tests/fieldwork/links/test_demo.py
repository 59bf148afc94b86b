"""The demo proposals and market links (seed 002) load through the services; a second run adds nothing."""

from decimal import Decimal

import pytest

from berdaya.demo import fieldwork_links
from berdaya.fieldwork.links import queries
from berdaya.fieldwork.links.models import MarketLink, Proposal


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


def test_demo_links_are_idempotent_and_tell_the_seed_story(demo_world):
    created = fieldwork_links.load(acting_user=demo_world.admin)
    assert created > 10
    assert fieldwork_links.load(acting_user=demo_world.admin) == 0
    grant = Proposal.objects.get(status="received")
    assert (grant.amount_granted, grant.agency.name) == (
        5_000_000,
        "Dinas Perindustrian Kabupaten Kulon Progo",
    )
    assert Proposal.objects.filter(status="submitted").count() == 1
    offtaker = MarketLink.objects.get(kind="offtaker")
    months = queries.link_months(offtaker)
    assert len(months) == 6
    assert months[0]["reject_rate"] < months[-1]["reject_rate"]  # quality improves month after month
    assert queries.link_totals(offtaker)["reject_rate"] == Decimal("7.0")  # 69 of 980
