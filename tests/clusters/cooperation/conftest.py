import datetime as dt

import pytest

from berdaya.clusters.cooperation import services
from berdaya.clusters.models import Sentra, SentraMember
from berdaya.people.models import Enterprise
from berdaya.programs.models import Agency


@pytest.fixture
def sentra(world):
    """A small ikat sentra on programme Alpha (where manager, auditor, facilitator and partner apply)."""
    s = Sentra.objects.create(
        programme=world.alpha,
        name="Sentra Tenun Ikat Bandar Kidul",
        product_type="tenun ikat",
        place=world.kediri,
    )
    for name in ["Tenun Ikat Bandar Jaya", "Tenun Ikat Kurnia", "Tenun Ikat Endang"]:
        e = Enterprise.objects.create(name=name, place=world.kediri, product_type="tenun ikat")
        SentraMember.objects.create(sentra=s, enterprise=e, joined_on=dt.date(2020, 1, 1))
    return s


@pytest.fixture
def enterprises(sentra):
    return list(Enterprise.objects.filter(sentra_memberships__sentra=sentra).order_by("name"))


@pytest.fixture
def bank_agency(db):
    return Agency.objects.create(name="Bank Jatim Cabang Kediri", kind="bank")


@pytest.fixture
def lkm_agency(db):
    return Agency.objects.create(name="LKM Artha Mandiri Mojoroto", kind="lkm")


@pytest.fixture
def admin(world):
    return world.users["admin"]


@pytest.fixture
def weaver(sentra, enterprises, admin):
    return services.create_actor(
        sentra=sentra, role="core", name="", enterprise=enterprises[0], acting_user=admin
    )


@pytest.fixture
def bank(sentra, bank_agency, admin):
    return services.create_actor(
        sentra=sentra, role="bridging", name="", agency=bank_agency, acting_user=admin
    )


@pytest.fixture
def credit(sentra, admin):
    """Seed 001: a weaver asks a bank for investment credit for land, building and looms."""
    return services.create_cooperation(
        sentra=sentra,
        kind="bank_credit",
        title="Kredit investasi ATBM dan bangunan",
        started_on=dt.date(2024, 3, 1),
        acting_user=admin,
    )
