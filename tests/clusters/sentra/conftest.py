import datetime as dt

import pytest

from berdaya.clusters import services
from berdaya.people.models import Enterprise

D = dt.date


def enterprise(name, place, owner, product_type="tenun ikat", workers=5):
    e = Enterprise.objects.create(
        name=name, place=place, product_type=product_type, sector="textile", workers=workers
    )
    e.owners.add(owner)
    return e


@pytest.fixture
def weavers(world):
    """Three ikat weavers and a yarn seller owned by Alpha members (so Alpha's readers see them)."""
    p = world.people_a
    return [
        enterprise("Tenun Ikat Bandar Jaya", world.banyumulek, p[0], workers=38),
        enterprise("Tenun Ikat Kurnia", world.banyumulek, p[1], workers=16),
        enterprise("Tenun Ikat Widodo", world.banyumulek, p[2], workers=20),
        enterprise("Toko Benang Makmur", world.banyumulek, p[3], product_type="benang"),
    ]


@pytest.fixture
def sentra(world):
    """A sentra in programme Alpha, where manager, auditor, facilitator and partner of Alpha apply."""
    return services.create_sentra(
        programme=world.alpha,
        name="Sentra Industri Tenun Ikat Bandar Kidul",
        product_type="Tenun Ikat",
        place=world.banyumulek,
        founded_year=1946,
        acting_user=world.users["manager"],
    )


@pytest.fixture
def members(world, sentra, weavers):
    return [
        services.add_member(
            sentra=sentra, enterprise=e, joined_on=D(2020, 1, 1), acting_user=world.users["manager"]
        ).member
        for e in weavers[:3]
    ]
