"""The demo joint production order and sub-contract for the Bandar Kidul weavers load through the services, once."""

import pytest

from berdaya.clusters.production import queries
from berdaya.clusters.production.models import Order, OrderShare, ProducerCapacity, SubContract
from berdaya.demo import clusters_production as demo
from berdaya.people.models import Enterprise
from berdaya.programs.models import Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def bandar_kidul(world):
    programme = Programme.objects.create(name=demo.PROGRAMME, model_type="umkm_cluster")
    for name in demo.CAPACITIES:
        Enterprise.objects.create(name=name, place=world.kediri, product_type="tenun ikat", sector="textile")
    return programme


def test_demo_loads_once(world, bandar_kidul):
    admin = world.users["admin"]
    created = demo.load(acting_user=admin)
    assert created > 25
    assert demo.load(acting_user=admin) == 0
    assert ProducerCapacity.objects.count() == 10
    order = Order.objects.get()
    assert order.status == Order.Status.IN_PRODUCTION
    shares = {
        s.enterprise.name: s.quantity
        for s in OrderShare.objects.filter(order=order).select_related("enterprise")
    }
    assert sum(shares.values()) == 600
    assert "Tenun Ikat Wiwik" not in shares and "Tenun Ikat Didik" not in shares  # grade C, order wants B
    assert queries.accepted_total(order) == 96 + 58 + 50
    contract = SubContract.objects.get()
    assert contract.enterprise is None and contract.deliveries.count() == 1


def test_demo_without_programme_does_nothing(world):
    assert demo.load(acting_user=world.users["admin"]) == 0
