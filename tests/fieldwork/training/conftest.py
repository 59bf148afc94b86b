import datetime as dt

import pytest

from berdaya.fieldwork.training import services

START = dt.date(2025, 11, 3)


@pytest.fixture
def training(world):
    """A three-day training of programme Alpha at its Banyumulek site, with a session a day and the five
    members of KUBE Alpha as participants."""
    admin = world.users["admin"]
    t = services.create_training(
        programme=world.alpha,
        site=world.site_a,
        title="Pelatihan gerabah modern",
        starts_on=START,
        ends_on=START + dt.timedelta(days=2),
        venue="Balai Desa Banyumulek",
        acting_user=admin,
    )
    for day, (topic, method) in enumerate(
        [
            ("Manajemen pemasaran", "lecture"),
            ("Praktik cetakan gypsum", "practice"),
            ("Kunjungan showroom", "field_visit"),
        ]
    ):
        services.add_session(
            training=t, on_date=START + dt.timedelta(days=day), topic=topic, method=method, acting_user=admin
        )
    services.add_participants(training=t, people=world.people_a, acting_user=admin)
    return t


@pytest.fixture
def other_training(world):
    """A training of programme Beta: out of scope for everyone of Alpha."""
    return services.create_training(
        programme=world.beta,
        title="Pelatihan tenun ikat",
        starts_on=START,
        ends_on=START,
        acting_user=world.users["admin"],
    )
