"""A small ikat-weaving sentra on programme Alpha (so Alpha's manager, auditor, facilitator and partner
apply, and the outsider — manager of Beta — does not), with the twelve weavers of the worked example
and a yarn supplier whose price falls at 50 kg and 200 kg (seed 001: "pengadaan bahan baku" — the
weavers order yarn together because a large order lowers the cost)."""

import datetime as dt

import pytest

from berdaya.clusters.models import Sentra, SentraMember
from berdaya.clusters.procurement import services
from berdaya.people.models import Enterprise

ORDERED = dt.date(2025, 3, 10)
# The twelve weavers' yarn needs in kg, in the order the enterprises are named (A..L).
NEEDS = [10, 15, 20, 25, 12, 8, 30, 18, 22, 16, 14, 20]  # 210 kg together


@pytest.fixture
def sentra(world):
    return Sentra.objects.create(
        programme=world.alpha, name="Sentra Tenun Ikat Uji", product_type="tenun ikat", place=world.banyumulek
    )


@pytest.fixture
def weavers(world, sentra):
    out = []
    for i in range(12):
        e = Enterprise.objects.create(
            name=f"Tenun Ikat {chr(65 + i)}",
            place=world.banyumulek,
            product_type="tenun ikat",
            sector="textile",
        )
        SentraMember.objects.create(sentra=sentra, enterprise=e, joined_on=dt.date(2020, 1, 1))
        out.append(e)
    return out


@pytest.fixture
def outsider_enterprise(world):
    return Enterprise.objects.create(name="Tenun Luar", place=world.banyumulek, product_type="tenun ikat")


@pytest.fixture
def supplier(world, sentra):
    admin = world.users["admin"]
    s = services.create_supplier(
        sentra=sentra, name="Toko Benang Sumber Makmur", contact="0354 000", acting_user=admin
    )
    for min_q, price in [(5, 62_000), (50, 58_000), (200, 54_000)]:
        services.add_price_break(
            supplier=s,
            material="Benang katun 20s",
            unit="kg",
            min_quantity=min_q,
            unit_price=price,
            acting_user=admin,
        )
    return s


@pytest.fixture
def purchase(world, sentra, supplier):
    return services.create_purchase(
        sentra=sentra,
        supplier=supplier,
        material="Benang katun 20s",
        unit="kg",
        delivery_cost=250_000,
        solo_delivery_cost=50_000,
        acting_user=world.users["facilitator"],
    )


@pytest.fixture
def collected(world, purchase, weavers):
    for e, q in zip(weavers, NEEDS, strict=True):
        services.set_need(purchase=purchase, enterprise=e, quantity=q, acting_user=world.users["facilitator"])
    return purchase


@pytest.fixture
def ordered(world, collected):
    return services.place_order(
        purchase=collected, ordered_on=ORDERED, acting_user=world.users["facilitator"]
    )
