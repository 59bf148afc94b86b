import datetime as dt

import pytest

from berdaya.clusters.models import Sentra, SentraMember
from berdaya.clusters.valuechain.models import Product
from berdaya.people.models import Enterprise


@pytest.fixture
def sentra(world):
    """A pottery sentra in Alpha at Banyumulek, with two craftsmen's enterprises (owned by A1 and A2)."""
    s = Sentra.objects.create(
        programme=world.alpha,
        name="Sentra Gerabah Banyumulek",
        product_type="gerabah",
        place=world.banyumulek,
    )
    s.enterprises = []
    for i, person in enumerate(world.people_a[:2], start=1):
        e = Enterprise.objects.create(
            name=f"Gerabah Perajin {i}", place=world.banyumulek, product_type="gerabah", sector="craft"
        )
        e.owners.add(person)
        SentraMember.objects.create(sentra=s, enterprise=e, joined_on=dt.date(2024, 1, 1))
        s.enterprises.append(e)
    return s


@pytest.fixture
def jar(sentra):
    return Product.objects.create(sentra=sentra, name="Gentong 40 cm", unit="pcs")


@pytest.fixture
def other_sentra(world):
    """A sentra in Beta (Kediri): the outsider manages Beta; Alpha's users must not see it."""
    return Sentra.objects.create(
        programme=world.beta,
        name="Sentra Tenun Ikat Bandar Kidul",
        product_type="tenun ikat",
        place=world.kediri,
    )
