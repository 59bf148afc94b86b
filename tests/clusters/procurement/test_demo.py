"""The demo's yarn and dye purchases for the Bandar Kidul weavers load through the services, once."""

import pytest

from berdaya.clusters.procurement import queries
from berdaya.clusters.procurement.models import HandOut, JointPurchase
from berdaya.demo import clusters_procurement as demo
from berdaya.people.models import Enterprise
from berdaya.programs.models import Programme
from tests.demo.test_demo import demo_regions  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def bandar_kidul(world):
    programme = Programme.objects.create(name=demo.PROGRAMME, model_type="umkm_cluster")
    for name in demo.YARN_NEEDS:
        Enterprise.objects.create(name=name, place=world.kediri, product_type="tenun ikat", sector="textile")
    return programme


def test_demo_loads_once(world, bandar_kidul):
    admin = world.users["admin"]
    created = demo.load(acting_user=admin)
    assert created > 20
    assert demo.load(acting_user=admin) == 0
    yarn = JointPurchase.objects.get(material=demo.YARN)
    assert yarn.status == "settled" and (yarn.ordered_quantity, yarn.unit_price) == (230, 54_000)
    view = queries.split_view(yarn)
    assert view.delivered == 220 and view.shortfall == 10
    assert view.split.total == 220 * 54_000 + 300_000 == sum(r.share.total for r in view.rows)
    assert sum(HandOut.objects.filter(purchase=yarn).values_list("quantity", flat=True)) == 220
    dye = JointPurchase.objects.get(material=demo.DYE)
    dye_view = queries.split_view(dye)
    assert dye.status == "collecting" and dye_view.split.pricing.unit_price == 165_000
    assert any("7 kg more" in line for line in dye_view.explanation)


def test_demo_without_programme_does_nothing(world):
    assert demo.load(acting_user=world.users["admin"]) == 0


def test_full_demo_with_the_sentra_demo(demo_regions):  # noqa: F811
    """On the real demo data: the loader runs this part after the sentra demo; again, it adds nothing."""
    from berdaya.accounts.models import User
    from berdaya.demo import clusters_sentra
    from berdaya.demo.loader import load_demo

    load_demo()  # loads the sentra demo first, then this one
    admin = User.objects.filter(is_superuser=True).first()
    assert demo.load(acting_user=admin) == 0
    assert clusters_sentra.load(acting_user=admin) == 0  # and the sentra demo is not disturbed
    yarn = JointPurchase.objects.get(material=demo.YARN)
    assert yarn.sentra.name == demo.SENTRA and yarn.status == "settled"
    assert yarn.needs.count() == len(demo.YARN_NEEDS)
