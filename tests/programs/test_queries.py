import datetime as dt

import pytest
from django.utils import translation

from berdaya.programs import queries, services
from berdaya.programs.models import AgencyRole


@pytest.mark.django_db
def test_overlap_worked_example_bandar_kidul(world, django_assert_max_num_queries):
    """Seed 001: Dinas Koperasi and Bank Indonesia both train the weavers of Bandar Kidul."""
    outsider = world.users["outsider"]  # manager of Beta, whose site is Bandar Kidul
    site = world.beta.sites.get()
    dinkop = services.create_agency(
        acting_user=outsider, name="Dinas Koperasi Kota Kediri", kind="dinas_koperasi_umkm"
    )
    bi = services.create_agency(acting_user=outsider, name="Bank Indonesia Kediri", kind="bank_indonesia")
    services.commit_role(acting_user=outsider, site=site, agency=dinkop, role="training")
    services.commit_role(acting_user=outsider, site=site, agency=bi, role="training")
    services.commit_role(acting_user=outsider, site=site, agency=dinkop, role="coordination")

    with django_assert_max_num_queries(2):
        matrix = queries.role_matrix(world.beta)
        cells = {cell.role: cell for cell in matrix[0].cells}
        names = [a.name for a in cells["training"].agencies]
    assert len(matrix) == 1 and matrix[0].site == site
    assert [c.role for c in matrix[0].cells] == list(AgencyRole.Role.values)
    assert names == ["Bank Indonesia Kediri", "Dinas Koperasi Kota Kediri"]
    assert cells["training"].overlap and not cells["training"].gap
    assert not cells["coordination"].overlap and not cells["coordination"].gap
    assert cells["credit"].gap and not cells["credit"].overlap

    with translation.override("en"):
        found = queries.overlaps(world.beta)
    assert len(found) == 1
    assert found[0]["role"] == "training"
    assert found[0]["explanation"] == (
        "Bank Indonesia Kediri and Dinas Koperasi Kota Kediri both commit Training at Bandar Kidul — "
        "coordinate so assistance is not duplicated (seed 001)."
    )
    # Alpha's matrix is untouched by Beta's commitments.
    assert queries.overlaps(world.alpha) == []


@pytest.mark.django_db
def test_three_lenders_and_periods_that_do_not_meet(world):
    manager = world.users["manager"]
    lenders = [
        services.create_agency(acting_user=manager, name=n, kind="bank")
        for n in ("Bank A", "Bank B", "LKM C")
    ]
    for lender in lenders:
        services.commit_role(acting_user=manager, site=world.site_a, agency=lender, role="credit")
    with translation.override("en"):
        (credit,) = queries.overlaps(world.alpha)
    assert credit["explanation"].startswith("Bank A, Bank B and LKM C all commit")

    # Two trainers one after the other are a hand-over, not duplicated assistance.
    a, b = lenders[:2]
    services.commit_role(
        acting_user=manager,
        site=world.site_a,
        agency=a,
        role="training",
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2024, 12, 31),
    )
    services.commit_role(
        acting_user=manager, site=world.site_a, agency=b, role="training", start_date=dt.date(2025, 1, 1)
    )
    cells = {c.role: c for c in queries.role_matrix(world.alpha)[0].cells}
    assert not cells["training"].overlap
    # An open-ended commitment meets any period.
    services.commit_role(acting_user=manager, site=world.site_a, agency=lenders[2], role="training")
    cells = {c.role: c for c in queries.role_matrix(world.alpha)[0].cells}
    assert cells["training"].overlap


@pytest.mark.django_db
def test_groups_per_stage_is_one_query(world, django_assert_num_queries):
    from berdaya.accounts import access

    stage = world.alpha.stages.create(order=1, key="growth", name="Growth")
    world.group_a.stage = stage
    world.group_a.save()
    scoped = access.visible_groups(world.users["manager"])  # reads the user's areas once
    with django_assert_num_queries(1):
        counts = queries.groups_per_stage(world.alpha, scoped)
    assert counts == {stage.pk: 1}
