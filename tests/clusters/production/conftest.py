"""A small Bandar Kidul-like ikat sentra in programme Alpha (so Alpha's roles apply) with five weavers.

Seed 001: the weavers share a large uniform order "sesuai dengan kemampuan masing-masing".
"""

import datetime as dt
from decimal import Decimal

import pytest

from berdaya.clusters.models import Sentra, SentraMember
from berdaya.clusters.production import services
from berdaya.people.models import Enterprise

START = dt.date(2025, 7, 1)
DUE = dt.date(2025, 7, 14)  # 14 days of production: two weeks of capacity

# name, weekly capacity, current load, grade, km → free over 14 days
WEAVERS = [
    ("Tenun Ikat Bandar Jaya", 150, 50, "A", "0.5"),  # 250
    ("Tenun Ikat Kurnia", 80, 0, "A", "1.2"),  # 160
    ("Tenun Ikat Sumber Rejeki", 60, 20, "B", "2.0"),  # 100
    ("Tenun Ikat Endang", 40, 0, "B", "1.0"),  # 80
    ("Tenun Ikat Didik", 20, 0, "C", "0.8"),  # 40, grade too low for a B order
]


@pytest.fixture
def sentra(world):
    return Sentra.objects.create(
        programme=world.alpha,
        name="Sentra Tenun Ikat Bandar Kidul",
        product_type="Tenun Ikat",
        place=world.banyumulek,
    )


@pytest.fixture
def weavers(world, sentra):
    out = []
    for i, (name, weekly, load, grade, km) in enumerate(WEAVERS):
        e = Enterprise.objects.create(
            name=name, place=world.banyumulek, product_type="tenun ikat", sector="textile"
        )
        e.owners.add(world.people_a[i])
        SentraMember.objects.create(sentra=sentra, enterprise=e, joined_on=dt.date(2020, 1, 1))
        services.set_capacity(
            sentra=sentra,
            enterprise=e,
            weekly_capacity=weekly,
            current_load=load,
            quality_grade=grade,
            distance_km=Decimal(km),
            updated_on=START,
            acting_user=world.users["facilitator"],
        )
        out.append(e)
    return out


@pytest.fixture
def order(world, sentra, weavers):
    """500 pieces of ikat school-uniform cloth, grade B or better, lots of at least 20."""
    return services.create_order(
        sentra=sentra,
        buyer="Dinas Pendidikan Kota Kediri",
        specification="Kain tenun ikat seragam sekolah, motif Kediri, 2 m",
        quantity=500,
        unit="pcs",
        unit_price=85_000,
        starts_on=START,
        due_on=DUE,
        min_grade="B",
        min_lot=20,
        acting_user=world.users["manager"],
    )


@pytest.fixture
def split_order(world, order):
    services.save_split(order=order, acting_user=world.users["manager"])
    order.refresh_from_db()
    return order
