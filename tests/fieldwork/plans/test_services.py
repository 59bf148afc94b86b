"""Every write of a business plan: what it saves, what it refuses (with which message), what it logs."""

import datetime as dt

import pytest

from berdaya.audit.models import AuditEntry
from berdaya.core.errors import ServiceError
from berdaya.fieldwork.plans import queries, services
from berdaya.fieldwork.plans.models import (
    BusinessPlan,
    CalendarItem,
    Commitment,
    PlanStep,
    SuccessFactor,
    SwotItem,
)
from berdaya.groups.models import Group, Membership

from .conftest import PREPARED

D = dt.date
FAR = D(2099, 1, 1)


def _refused(fn, field, expected, /, **kwargs):
    with pytest.raises(ServiceError) as err:
        fn(**kwargs)
    assert field in err.value.field_errors, err.value.field_errors
    assert expected in err.value.message, err.value.message
    return err.value


@pytest.mark.django_db
class TestPlan:
    def test_create_logs_and_is_one_per_group(self, world):
        user = world.users["manager"]
        plan = services.create_plan(
            group=world.group_a, business=" Menjahit ", prepared_on=PREPARED, acting_user=user
        )
        assert plan.business == "Menjahit" and plan.created_by == user
        entry = AuditEntry.objects.get(object_type="plans.businessplan", object_id=str(plan.pk))
        assert entry.action == "create" and entry.group_id == world.group_a.pk
        assert entry.programme_id == world.alpha.pk
        _refused(
            services.create_plan,
            "group",
            "already has a business plan",
            group=world.group_a,
            business="Lagi",
            prepared_on=PREPARED,
            acting_user=user,
        )
        assert BusinessPlan.objects.count() == 1

    def test_idempotent_create(self, world):
        user = world.users["manager"]
        kwargs = {"group": world.group_a, "business": "Kue", "prepared_on": PREPARED, "acting_user": user}
        first = services.create_plan(**kwargs, idempotency_key="k1")
        assert services.create_plan(**kwargs, idempotency_key="k1") == first
        with pytest.raises(ServiceError):
            services.create_plan(**kwargs, idempotency_key="k2")

    def test_refusals(self, world):
        user = world.users["manager"]
        _refused(
            services.create_plan,
            "business",
            "cannot be empty",
            group=world.group_a,
            business="  ",
            prepared_on=PREPARED,
            acting_user=user,
        )
        _refused(
            services.create_plan,
            "prepared_on",
            "in the future",
            group=world.group_a,
            business="Kue",
            prepared_on=FAR,
            acting_user=user,
        )
        Group.objects.filter(pk=world.group_b.pk).update(status=Group.Status.DISSOLVED)
        _refused(
            services.create_plan,
            "group",
            "dissolved",
            group=world.group_b,
            business="Kue",
            prepared_on=PREPARED,
            acting_user=user,
        )
        assert not BusinessPlan.objects.exists()

    def test_update_and_remove(self, world, plan):
        user = world.users["manager"]
        services.update_plan(plan=plan, business="Kue basah", goal="", acting_user=user)
        plan.refresh_from_db()
        assert plan.business == "Kue basah" and plan.goal == ""
        entry = AuditEntry.objects.filter(object_type="plans.businessplan", action="update").get()
        assert entry.changes["business"] == ["Dagang kue", "Kue basah"]
        with pytest.raises(TypeError):
            services.update_plan(plan=plan, group=world.group_b, acting_user=user)
        services.remove_plan(plan=plan, acting_user=user)
        assert not BusinessPlan.objects.exists() and not CalendarItem.objects.exists()
        assert AuditEntry.objects.filter(object_type="plans.businessplan", action="delete").exists()


@pytest.mark.django_db
class TestParts:
    def test_success_circle_and_swot(self, world, plan):
        user = world.users["facilitator"]
        f = services.add_success_factor(plan=plan, ring="self", text="Menabung", acting_user=user)
        assert f.group == world.group_a
        services.update_success_factor(factor=f, text="Bisa menabung", acting_user=user)
        assert SuccessFactor.objects.get(pk=f.pk).text == "Bisa menabung"
        _refused(
            services.add_success_factor, "ring", "ring", plan=plan, ring="moon", text="x", acting_user=user
        )
        _refused(
            services.add_swot_item,
            "quadrant",
            "strength",
            plan=plan,
            quadrant="X",
            text="x",
            acting_user=user,
        )
        _refused(
            services.add_swot_item,
            "text",
            "cannot be empty",
            plan=plan,
            quadrant="W",
            text="",
            acting_user=user,
        )
        item = services.add_swot_item(plan=plan, quadrant="T", text="Harga tepung naik", acting_user=user)
        services.update_swot_item(item=item, quadrant="O", acting_user=user)
        assert SwotItem.objects.get(pk=item.pk).quadrant == "O"
        item_pk = item.pk
        services.remove_swot_item(item=item, acting_user=user)
        services.remove_success_factor(factor=f, acting_user=user)
        assert not SwotItem.objects.filter(pk=item_pk).exists()
        logged = AuditEntry.objects.filter(object_type="plans.swotitem", object_id=str(item_pk)).values_list(
            "action", flat=True
        )
        assert sorted(logged) == ["create", "delete", "update"]
        assert set(
            AuditEntry.objects.filter(object_type="plans.swotitem").values_list("group_id", flat=True)
        ) == {world.group_a.pk}

    def test_commitment_rules(self, world, plan):
        user = world.users["facilitator"]
        a2 = world.people_a[1]
        _refused(
            services.add_commitment,
            "amount",
            "needs the amount",
            plan=plan,
            kind="cash",
            person=a2,
            acting_user=user,
        )
        _refused(
            services.add_commitment,
            "amount",
            "cannot be negative",
            plan=plan,
            kind="tools",
            person=a2,
            description="Mesin jahit",
            amount=-1,
            acting_user=user,
        )
        _refused(
            services.add_commitment,
            "quantity",
            "more than zero",
            plan=plan,
            kind="labour",
            person=a2,
            description="Tenaga",
            quantity=0,
            acting_user=user,
        )
        _refused(
            services.add_commitment,
            "description",
            "what is pledged",
            plan=plan,
            kind="tools",
            person=a2,
            acting_user=user,
        )
        _refused(
            services.add_commitment,
            "pledged_by",
            "Name the member",
            plan=plan,
            kind="cash",
            amount=1,
            acting_user=user,
        )
        outsider = world.people_b[0]
        err = _refused(
            services.add_commitment,
            "person",
            "not a member",
            plan=plan,
            kind="cash",
            person=outsider,
            amount=1,
            acting_user=user,
        )
        assert "KUBE Alpha" in err.message
        Membership.objects.filter(person=a2).update(left_on=D(2025, 1, 1))
        _refused(
            services.add_commitment,
            "person",
            "not a member",
            plan=plan,
            kind="cash",
            person=a2,
            amount=1,
            acting_user=user,
        )
        c = services.add_commitment(
            plan=plan,
            kind="tools",
            pledged_by="Yayasan",
            description="Mesin jahit",
            amount=1_500_000,
            quantity=1,
            unit="unit",
            acting_user=user,
        )
        assert c.who == "Yayasan"
        # An edit is checked as a whole: turning a pledge into cash without an amount is refused.
        services.update_commitment(commitment=c, amount=None, acting_user=user)
        _refused(
            services.update_commitment,
            "amount",
            "needs the amount",
            commitment=c,
            kind="cash",
            acting_user=user,
        )
        assert Commitment.objects.get(pk=c.pk).kind == "tools"
        services.remove_commitment(commitment=c, acting_user=user)
        assert not Commitment.objects.filter(pk=c.pk).exists()

    def test_steps(self, world, plan):
        user = world.users["facilitator"]
        _refused(
            services.add_step,
            "due_on",
            "before the plan was prepared",
            plan=plan,
            text="x",
            owner="Ketua",
            due_on=D(2025, 1, 1),
            acting_user=user,
        )
        _refused(services.add_step, "owner", "who does", plan=plan, text="x", due_on=FAR, acting_user=user)
        _refused(
            services.add_step,
            "owner_person",
            "not a member",
            plan=plan,
            text="x",
            owner_person=world.people_b[0],
            due_on=FAR,
            acting_user=user,
        )
        step = services.add_step(
            plan=plan, text="Mencari tempat", owner_person=world.people_a[2], due_on=FAR, acting_user=user
        )
        assert step.order == 2 and step.who == world.people_a[2].full_name  # after the fixture's step
        _refused(services.complete_step, "done_on", "in the future", step=step, done_on=FAR, acting_user=user)
        _refused(
            services.complete_step,
            "done_on",
            "before the plan",
            step=step,
            done_on=D(2025, 1, 1),
            acting_user=user,
        )
        services.complete_step(step=step, done_on=D(2025, 8, 1), acting_user=user)
        assert PlanStep.objects.get(pk=step.pk).done_on == D(2025, 8, 1)
        services.update_step(step=step, done_on=None, acting_user=user)  # reopened
        assert PlanStep.objects.get(pk=step.pk).done_on is None
        services.remove_step(step=step, acting_user=user)

    def test_calendar_rules(self, world, plan):
        user = world.users["facilitator"]
        err = _refused(
            services.add_calendar_item,
            "due_on",
            "before it starts",
            plan=plan,
            activity="Pelatihan",
            starts_on=D(2025, 8, 10),
            due_on=D(2025, 8, 1),
            acting_user=user,
        )
        assert "2025-08-01" in err.message and "2025-08-10" in err.message
        _refused(
            services.add_calendar_item,
            "starts_on",
            "before the plan",
            plan=plan,
            activity="Pelatihan",
            starts_on=D(2025, 1, 1),
            due_on=D(2025, 8, 1),
            acting_user=user,
        )
        _refused(
            services.add_calendar_item,
            "activity",
            "cannot be empty",
            plan=plan,
            activity=" ",
            starts_on=D(2025, 8, 1),
            due_on=D(2025, 8, 1),
            acting_user=user,
        )
        item = services.add_calendar_item(
            plan=plan, activity="Pelatihan", starts_on=D(2025, 8, 1), due_on=D(2025, 8, 31), acting_user=user
        )
        _refused(
            services.update_calendar_item,
            "due_on",
            "before it starts",
            item=item,
            due_on=D(2025, 7, 1),
            acting_user=user,
        )
        _refused(
            services.complete_calendar_item,
            "done_on",
            "in the future",
            item=item,
            done_on=FAR,
            acting_user=user,
        )
        done = services.complete_calendar_item(item=item, done_on=D(2025, 8, 20), acting_user=user)
        assert done.done_on == D(2025, 8, 20)
        assert AuditEntry.objects.filter(object_type="plans.calendaritem", action="update").get().changes[
            "done_on"
        ] == [
            None,
            "2025-08-20",
        ]
        services.remove_calendar_item(item=item, acting_user=user)
        assert not CalendarItem.objects.filter(pk=item.pk).exists()

    def test_idempotency_keys_per_plan(self, world, plan):
        user = world.users["facilitator"]
        kwargs = {
            "plan": plan,
            "activity": "Rapat",
            "starts_on": D(2025, 9, 1),
            "due_on": D(2025, 9, 1),
            "acting_user": user,
        }
        first = services.add_calendar_item(**kwargs, idempotency_key="phone-1")
        assert services.add_calendar_item(**kwargs, idempotency_key="phone-1") == first
        assert services.add_calendar_item(**kwargs, idempotency_key="phone-2") != first
        a = services.add_swot_item(plan=plan, quadrant="S", text="x", acting_user=user, idempotency_key="s")
        assert (
            services.add_swot_item(plan=plan, quadrant="W", text="y", acting_user=user, idempotency_key="s")
            == a
        )


@pytest.mark.django_db
class TestQueries:
    def test_open_items_soonest_first_and_status(self, world, plan):
        user = world.users["facilitator"]
        late = services.add_calendar_item(
            plan=plan,
            activity="Cari modal",
            starts_on=D(2025, 6, 20),
            due_on=D(2025, 6, 30),
            acting_user=user,
        )
        later = services.add_calendar_item(
            plan=plan, activity="Pameran", starts_on=D(2025, 7, 1), due_on=FAR, acting_user=user
        )
        done = services.add_calendar_item(
            plan=plan,
            activity="Rapat",
            starts_on=D(2025, 6, 12),
            due_on=D(2025, 6, 12),
            acting_user=user,
            done_on=D(2025, 6, 12),
        )
        open_items = list(queries.open_calendar_items(CalendarItem.objects.all()))
        assert open_items[0] == late and open_items[-1] == later and done not in open_items
        today = D(2025, 7, 10)
        assert queries.item_status(late, today) == "overdue"
        assert queries.item_status(later, today) == "running"
        assert queries.item_status(done, today) == "done"
        assert queries.item_status(later, D(2025, 6, 30)) == "planned"

    def test_commitment_totals_per_kind(self, world, plan):
        user = world.users["facilitator"]
        services.add_commitment(
            plan=plan, kind="cash", person=world.people_a[1], amount=25_000, acting_user=user
        )
        services.add_commitment(
            plan=plan,
            kind="tools",
            person=world.people_a[2],
            description="Mesin jahit",
            amount=900_000,
            quantity=1,
            unit="mesin",
            acting_user=user,
        )
        services.add_commitment(
            plan=plan,
            kind="labour",
            person=world.people_a[3],
            description="Menjahit",
            quantity=2,
            unit="hari/minggu",
            acting_user=user,
        )
        services.add_commitment(
            plan=plan,
            kind="labour",
            person=world.people_a[4],
            description="Memasarkan",
            quantity=3,
            unit="hari/minggu",
            acting_user=user,
        )
        totals = {t.kind: t for t in queries.commitment_totals(plan)}
        assert (totals["cash"].count, totals["cash"].amount) == (2, 75_000)
        assert totals["tools"].amount == 900_000 and totals["tools"].quantities == [(1, "mesin")]
        assert totals["labour"].count == 2 and totals["labour"].quantities == [(5, "hari/minggu")]
        assert totals["other"].count == 0

    def test_calendar_grid_months_as_columns(self, world, plan):
        user = world.users["facilitator"]
        services.add_calendar_item(
            plan=plan, activity="Produksi", starts_on=D(2025, 7, 20), due_on=D(2025, 9, 5), acting_user=user
        )
        items = list(plan.calendar.all())
        grid = queries.calendar_grid(items, D(2025, 8, 1))
        assert grid.months == [D(2025, 7, 1), D(2025, 8, 1), D(2025, 9, 1)]
        cells = {row["item"].activity: row["cells"] for row in grid.rows}
        assert cells["Belanja bahan kue"] == [True, False, False]
        assert cells["Produksi"] == [True, True, True]
        assert {row["item"].activity: row["status"] for row in grid.rows}["Belanja bahan kue"] == "overdue"
        assert queries.calendar_grid([], D(2025, 8, 1)).rows == []

    def test_calendar_grid_is_cut_at_three_years(self, world, plan):
        services.add_calendar_item(
            plan=plan,
            activity="Panjang",
            starts_on=D(2025, 7, 1),
            due_on=D(2031, 1, 1),
            acting_user=world.users["admin"],
        )
        grid = queries.calendar_grid(plan.calendar.all(), D(2025, 8, 1))
        assert len(grid.months) == queries.MAX_MONTHS and grid.cut
