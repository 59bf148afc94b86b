import datetime as dt

import pytest

from berdaya.fieldwork.plans import services

PREPARED = dt.date(2025, 6, 11)  # the Palembang PRA (seed 004)


@pytest.fixture
def plan(world):
    """KUBE Alpha's plan, prepared by the facilitator, with one item of every part."""
    user = world.users["facilitator"]
    plan = services.create_plan(
        group=world.group_a,
        business="Dagang kue",
        goal="Usaha kue yang menghidupi keluarga",
        prepared_on=PREPARED,
        acting_user=user,
    )
    services.add_success_factor(plan=plan, ring="family", text="Menyekolahkan anak", acting_user=user)
    services.add_swot_item(plan=plan, quadrant="S", text="Terampil membuat kue", acting_user=user)
    services.add_commitment(plan=plan, kind="cash", person=world.people_a[0], amount=50_000, acting_user=user)
    services.add_step(
        plan=plan, text="Mencari tepung terigu", owner="Ketua", due_on=dt.date(2025, 7, 1), acting_user=user
    )
    services.add_calendar_item(
        plan=plan,
        activity="Belanja bahan kue",
        starts_on=dt.date(2025, 7, 1),
        due_on=dt.date(2025, 7, 15),
        owner="Bendahara",
        acting_user=user,
    )
    return plan
