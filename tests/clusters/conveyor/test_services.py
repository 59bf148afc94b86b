"""Every conveyor write through its service: rules refused with reasons, nothing half-saved, audit-logged."""

import datetime as dt
from decimal import Decimal

import pytest

from berdaya.audit.models import AuditEntry
from berdaya.clusters.conveyor import services
from berdaya.clusters.conveyor.models import Line, Stage, WeeklyFlow
from berdaya.core.errors import ServiceError

from .conftest import WEEK1, week_rows

pytestmark = pytest.mark.django_db


def test_create_line_and_its_audit(world, sentra):
    line = services.create_line(
        sentra=sentra,
        product=" Sangkar burung ",
        unit="cages",
        demand_per_week=40,
        acting_user=world.users["manager"],
    )
    assert (line.product, line.demand_per_week, line.created_by) == (
        "Sangkar burung",
        40,
        world.users["manager"],
    )
    entry = AuditEntry.objects.get(object_type="conveyor.line", object_id=str(line.pk))
    assert entry.programme_id == world.alpha.pk and entry.action == "create"


def test_line_rules(world, sentra, line):
    user = world.users["manager"]
    with pytest.raises(ServiceError) as e:
        services.create_line(sentra=sentra, product="shuttlecock", unit="x", acting_user=user)
    assert "already has a line" in e.value.message and e.value.field_errors["product"]
    with pytest.raises(ServiceError):
        services.create_line(sentra=sentra, product=" ", unit="x", acting_user=user)
    with pytest.raises(ServiceError) as e:
        services.create_line(sentra=sentra, product="Kok", unit="x", demand_per_week=0, acting_user=user)
    assert "demand_per_week" in e.value.field_errors
    assert Line.objects.count() == 1


def test_update_and_delete_line(world, line, stages):
    user = world.users["facilitator"]
    services.update_line(
        line=line, changes={"demand_per_week": 400, "notes": "Pesanan toko olahraga"}, acting_user=user
    )
    line.refresh_from_db()
    assert line.demand_per_week == 400
    with pytest.raises(TypeError):
        services.update_line(line=line, changes={"sentra": None}, acting_user=user)
    services.record_week(
        line=line, week=WEEK1, rows=week_rows(stages, [1600, 100, 100, 100]), acting_user=user
    )
    services.delete_line(line=line, acting_user=user)
    assert not Line.objects.exists() and not Stage.objects.exists() and not WeeklyFlow.objects.exists()
    assert AuditEntry.objects.filter(object_type="conveyor.line", action="delete").exists()


def test_stages_append_in_order_and_refuse_bad_figures(world, line, stages, feather_group):
    assert [s.order for s in stages] == [1, 2, 3, 4]
    assert stages[0].group == feather_group and stages[0].maker == "KUBE Bulu Kok Sondakan"
    user = world.users["facilitator"]
    base = {
        "line": line,
        "name": "Quality check",
        "unit": "shuttlecock",
        "acting_user": user,
        "producer": "QC",
    }
    with pytest.raises(ServiceError) as e:
        services.add_stage(**base, units_per_product=Decimal(0), workers=1, hours_per_week=10, rate=1)
    assert "units_per_product" in e.value.field_errors
    with pytest.raises(ServiceError) as e:
        services.add_stage(**base, units_per_product=1, workers=-1, hours_per_week=10, rate=1)
    assert "workers" in e.value.field_errors
    with pytest.raises(ServiceError) as e:
        services.add_stage(**base, units_per_product=1, workers=1, hours_per_week=200, rate=1)
    assert "hours_per_week" in e.value.field_errors
    with pytest.raises(ServiceError) as e:
        services.add_stage(**base, units_per_product=1, workers=1, hours_per_week=10, rate=1, order=3)
    assert "already Binding and gluing" in e.value.message
    with pytest.raises(ServiceError) as e:
        services.add_stage(
            **{**base, "producer": ""}, units_per_product=1, workers=1, hours_per_week=10, rate=1
        )
    assert "which group or producer" in e.value.message
    stage = services.add_stage(**base, units_per_product=1, workers=1, hours_per_week=10, rate=50)
    assert stage.order == 5 and Stage.objects.filter(line=line).count() == 5


def test_group_of_another_programme_is_refused(world, line):
    with pytest.raises(ServiceError) as e:
        services.add_stage(
            line=line,
            name="Gabus",
            unit="cork",
            units_per_product=1,
            workers=1,
            hours_per_week=10,
            rate=1,
            group=world.group_b,
            acting_user=world.users["admin"],
        )
    assert e.value.code == "group_programme"


def test_update_stage(world, stages):
    user = world.users["facilitator"]
    binding = stages[2]
    services.update_stage(stage=binding, changes={"workers": 4}, acting_user=user)
    binding.refresh_from_db()
    assert binding.workers == 4
    with pytest.raises(ServiceError):
        services.update_stage(stage=binding, changes={"order": 1}, acting_user=user)
    with pytest.raises(ServiceError):
        services.update_stage(stage=binding, changes={"producer": ""}, acting_user=user)
    assert AuditEntry.objects.filter(object_type="conveyor.stage", action="update").count() == 1


def test_remove_stage_only_without_weeks(world, line, stages):
    user = world.users["facilitator"]
    services.record_week(line=line, week=WEEK1, rows=week_rows(stages[:1], [1600]), acting_user=user)
    with pytest.raises(ServiceError) as e:
        services.remove_stage(stage=stages[0], acting_user=user)
    assert "1 recorded week;" in e.value.message
    services.remove_stage(stage=stages[3], acting_user=user)
    assert Stage.objects.filter(line=line).count() == 3


def test_record_week_upserts(world, line, stages):
    user = world.users["facilitator"]
    flows = services.record_week(
        line=line, week=WEEK1, rows=week_rows(stages, [6400, 600, 260, 240]), acting_user=user
    )
    assert len(flows) == 4 and WeeklyFlow.objects.count() == 4
    services.record_week(
        line=line, week=WEEK1, rows=week_rows(stages, [6400, 600, 270, 250]), acting_user=user
    )
    assert WeeklyFlow.objects.count() == 4
    assert WeeklyFlow.objects.get(stage=stages[2]).produced == 270
    assert AuditEntry.objects.filter(object_type="conveyor.weeklyflow", action="update").count() == 4


def test_record_week_idempotency_key(world, line, stages):
    user = world.users["facilitator"]
    services.record_week(
        line=line,
        week=WEEK1,
        rows=week_rows(stages, [6400, 600, 260, 240]),
        acting_user=user,
        idempotency_key="k1",
    )
    services.record_week(
        line=line,
        week=WEEK1,
        rows=week_rows(stages, [6400, 600, 265, 245]),
        acting_user=user,
        idempotency_key="k2",
    )
    # A late retry of the first request must not undo the correction.
    again = services.record_week(
        line=line,
        week=WEEK1,
        rows=week_rows(stages, [6400, 600, 260, 240]),
        acting_user=user,
        idempotency_key="k1",
    )
    assert len(again) == 4
    assert WeeklyFlow.objects.get(stage=stages[2]).produced == 265


def test_record_week_rules(world, line, stages, sentra):
    user = world.users["facilitator"]
    with pytest.raises(ServiceError) as e:
        services.record_week(
            line=line,
            week=WEEK1 + dt.timedelta(days=2),
            rows=week_rows(stages, [1, 1, 1, 1]),
            acting_user=user,
        )
    assert "Monday" in e.value.message
    with pytest.raises(ServiceError):
        services.record_week(line=line, week=WEEK1, rows=[], acting_user=user)
    with pytest.raises(ServiceError) as e:
        services.record_week(
            line=line,
            week=WEEK1,
            rows=week_rows(stages, [10, 10, 10, 10], workers=[1, 1, 0, 1]),
            acting_user=user,
        )
    assert "no workers or no hours" in e.value.message
    with pytest.raises(ServiceError) as e:
        services.record_week(
            line=line, week=WEEK1, rows=week_rows(stages, [10, -1, 10, 10]), acting_user=user
        )
    other = services.create_line(sentra=sentra, product="Sangkar", unit="cages", acting_user=user)
    stray = services.add_stage(
        line=other,
        name="Jeruji",
        unit="bar",
        units_per_product=40,
        workers=1,
        hours_per_week=10,
        rate=30,
        producer="Budi",
        acting_user=user,
    )
    with pytest.raises(ServiceError) as e:
        services.record_week(
            line=line, week=WEEK1, rows=[services.FlowInput(stray.pk, 1, 1, 1)], acting_user=user
        )
    assert "not on this line" in e.value.message
    with pytest.raises(ServiceError) as e:
        services.record_week(
            line=line, week=WEEK1, rows=week_rows(stages[:1] * 2, [1, 1], [1, 1], [1, 1]), acting_user=user
        )
    assert "twice" in e.value.message
    # Nothing half-saved: a later row's refusal leaves the earlier rows unwritten.
    assert not WeeklyFlow.objects.exists()
