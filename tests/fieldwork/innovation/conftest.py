import datetime as dt

import pytest

from berdaya.fieldwork.innovation import services

INTRODUCED = dt.date(2024, 11, 1)


@pytest.fixture
def innovation(world):
    """Seed 002: modern pottery designs (gerabah modern) introduced at the training of 1–3 November."""
    return services.create_innovation(
        programme=world.alpha,
        name="Gerabah modern (souvenir, vas bunga)",
        description="Desain gerabah modern dari pelatihan diversifikasi produk",
        introduced_on=INTRODUCED,
        introduced_by_agency=world.agency,
        introduced_by="Agus Sugiharto, Wijirejo",
        acting_user=world.users["facilitator"],
    )


@pytest.fixture
def spread(world, innovation):
    """A1 learned at the training, adopted and spread it; A2 learned from A1, A3 from A2."""
    a1, a2, a3 = world.people_a[:3]
    user = world.users["facilitator"]

    def step(person, stage, day, teacher=None):
        return services.record_stage(
            innovation=innovation,
            person=person,
            stage=stage,
            on_date=day,
            learned_from=teacher,
            acting_user=user,
        )

    step(a1, "learned", dt.date(2024, 11, 2))
    step(a1, "adopted", dt.date(2024, 12, 5))
    step(a2, "learned", dt.date(2025, 1, 10), a1)
    step(a1, "spreading", dt.date(2025, 1, 10))
    step(a2, "adopted", dt.date(2025, 2, 3))
    step(a3, "learned", dt.date(2025, 3, 2), a2)
    return innovation
