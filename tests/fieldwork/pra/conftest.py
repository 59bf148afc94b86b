"""A PRA session at the Alpha site (Banyumulek) with the world's five people as participants."""

import datetime as dt

import pytest

from berdaya.fieldwork.pra import services

HELD = dt.date(2025, 6, 7)


@pytest.fixture
def session(world):
    return services.create_session(
        site=world.site_a,
        title="PRA Banyumulek",
        held_on=HELD,
        facilitator=world.staff,
        acting_user=world.users["facilitator"],
    )


@pytest.fixture
def problems(world, session):
    user = world.users["facilitator"]
    return [
        services.add_problem(session=session, title=t, acting_user=user)
        for t in ("Modal", "Pemasaran", "Alat")
    ]


@pytest.fixture
def participants(world, session):
    user = world.users["facilitator"]
    interests = ["gerabah", "gerabah", "gerabah", "gerabah", "gerabah"]
    return [
        services.add_participant(
            session=session, person=p, business_interest=b, skills="membentuk tanah liat", acting_user=user
        )
        for p, b in zip(world.people_a, interests, strict=True)
    ]
