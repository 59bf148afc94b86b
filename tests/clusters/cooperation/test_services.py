"""Every write of the cluster map and the cooperation records, including the refused ones."""

import datetime as dt
from decimal import Decimal

import pytest

from berdaya.audit.models import AuditEntry
from berdaya.clusters.cooperation import services
from berdaya.clusters.cooperation.models import ActorLink, ClusterActor, Cooperation, CoopInput, CoopStep
from berdaya.clusters.models import Sentra, SentraMember
from berdaya.core.errors import ServiceError
from berdaya.people.models import Enterprise

D = dt.date


def _refused(call, *needles):
    with pytest.raises(ServiceError) as e:
        call()
    for needle in needles:
        assert needle in e.value.message, e.value.message
    return e.value


# --- actors -----------------------------------------------------------------------------------------


def test_actor_takes_the_enterprise_or_agency_name_and_is_audited(weaver, bank, enterprises):
    assert weaver.name == enterprises[0].name and weaver.role == "core"
    assert bank.name == "Bank Jatim Cabang Kediri"
    entry = AuditEntry.objects.get(object_type="cooperation.clusteractor", object_id=str(weaver.pk))
    assert entry.action == "create" and entry.programme_id == weaver.sentra.programme_id


def test_actor_refusals(sentra, weaver, admin, world, bank_agency, enterprises):
    _refused(
        lambda: services.create_actor(
            sentra=sentra, role="core", name="", enterprise=enterprises[0], acting_user=admin
        ),
        "already on the map",
    )
    _refused(
        lambda: services.create_actor(sentra=sentra, role="buyer", name="  ", acting_user=admin),
        "Name the actor",
    )
    outsider = Enterprise.objects.create(name="Toko Benang Sumber", place=world.kediri, product_type="benang")
    e = _refused(
        lambda: services.create_actor(
            sentra=sentra, role="core", name="", enterprise=outsider, acting_user=admin
        ),
        "is not a unit of",
        "supplier",
    )
    assert e.field_errors.keys() == {"enterprise"}
    # The same enterprise as a supplier is fine: it need not be in the sentra.
    supplier = services.create_actor(
        sentra=sentra, role="supplier", name="", enterprise=outsider, acting_user=admin
    )
    assert supplier.role == "supplier"
    _refused(
        lambda: services.create_actor(
            sentra=sentra,
            role="supplier",
            name="X",
            enterprise=enterprises[1],
            agency=bank_agency,
            acting_user=admin,
        ),
        "not both",
    )
    _refused(lambda: services.create_actor(sentra=sentra, role="boss", name="Y", acting_user=admin), "role")
    assert ClusterActor.objects.filter(sentra=sentra).count() == 2


def test_update_actor(weaver, bank, admin):
    services.update_actor(actor=bank, changes={"notes": "kredit investasi"}, acting_user=admin)
    _refused(
        lambda: services.update_actor(actor=bank, changes={"name": weaver.name}, acting_user=admin), "already"
    )
    with pytest.raises(TypeError):
        services.update_actor(actor=bank, changes={"sentra": None}, acting_user=admin)


def test_add_core_enterprises_in_one_step_skips_present_and_departed(sentra, weaver, admin, enterprises):
    gone = Enterprise.objects.create(name="Tenun Ikat Lama", place=sentra.place, product_type="tenun ikat")
    SentraMember.objects.create(
        sentra=sentra, enterprise=gone, joined_on=D(2010, 1, 1), left_on=D(2015, 1, 1)
    )
    created = services.add_core_enterprises(sentra=sentra, acting_user=admin)
    assert sorted(a.name for a in created) == ["Tenun Ikat Endang", "Tenun Ikat Kurnia"]
    assert all(a.role == "core" and a.pk for a in created)
    assert services.add_core_enterprises(sentra=sentra, acting_user=admin) == []
    assert AuditEntry.objects.filter(object_type="cooperation.clusteractor", action="create").count() == 3


def test_links_and_their_refusals(sentra, weaver, bank, admin, world):
    link = services.create_link(sentra=sentra, source=bank, target=weaver, kind="finances", acting_user=admin)
    assert str(link) == f"{bank.name} → {weaver.name}"
    _refused(
        lambda: services.create_link(
            sentra=sentra, source=bank, target=weaver, kind="finances", acting_user=admin
        ),
        "already finances",
    )
    _refused(
        lambda: services.create_link(
            sentra=sentra, source=bank, target=bank, kind="other", acting_user=admin
        ),
        "two different",
    )
    other = Sentra.objects.create(
        programme=world.alpha, name="Sentra Lain", product_type="gerabah", place=world.banyumulek
    )
    stranger = services.create_actor(sentra=other, role="buyer", name="Art shop", acting_user=admin)
    _refused(
        lambda: services.create_link(
            sentra=sentra, source=stranger, target=weaver, kind="buys", acting_user=admin
        ),
        "this sentra",
    )
    services.delete_link(link=link, acting_user=admin)
    assert not ActorLink.objects.exists()


def test_actor_in_a_cooperation_cannot_be_removed(sentra, weaver, bank, credit, admin):
    services.create_link(sentra=sentra, source=bank, target=weaver, kind="finances", acting_user=admin)
    services.add_participant(cooperation=credit, actor=bank, role="provider", acting_user=admin)
    _refused(lambda: services.delete_actor(actor=bank, acting_user=admin), "takes part in", credit.title)
    services.delete_actor(actor=weaver, acting_user=admin)  # its links go with it
    assert not ActorLink.objects.exists() and not ClusterActor.objects.filter(pk=weaver.pk).exists()


# --- cooperation records ----------------------------------------------------------------------------


def test_scope_follows_kind_and_the_standard_steps_are_laid_out(sentra, credit, admin):
    assert credit.scope == "external"
    assert [(s.code, s.status) for s in credit.steps.order_by("order")] == [
        ("applied", "pending"),
        ("assessed", "pending"),
        ("decision", "pending"),
        ("disbursed", "pending"),
    ]
    joint = services.create_cooperation(
        sentra=sentra,
        kind="joint_procurement",
        title="Beli benang bersama",
        started_on=D(2024, 5, 1),
        acting_user=admin,
    )
    assert joint.scope == "internal" and joint.steps.count() == 4
    bare = services.create_cooperation(
        sentra=sentra,
        kind="innovation",
        title="x",
        started_on=D(2024, 5, 1),
        default_steps=False,
        acting_user=admin,
    )
    assert bare.steps.count() == 0


def test_create_cooperation_refusals_and_idempotency(sentra, admin):
    _refused(
        lambda: services.create_cooperation(
            sentra=sentra, kind="gift", title="x", started_on=D(2024, 1, 1), acting_user=admin
        ),
        "kind",
    )
    _refused(
        lambda: services.create_cooperation(
            sentra=sentra,
            kind="exhibition",
            title="x",
            started_on=D(2024, 2, 1),
            ended_on=D(2024, 1, 1),
            acting_user=admin,
        ),
        "cannot end before",
    )
    _refused(
        lambda: services.create_cooperation(
            sentra=sentra,
            kind="exhibition",
            title="x",
            started_on=dt.date.today() + dt.timedelta(days=3),
            acting_user=admin,
        ),
        "future",
    )
    first = services.create_cooperation(
        sentra=sentra,
        kind="exhibition",
        title="Pameran",
        started_on=D(2024, 1, 1),
        idempotency_key="k1",
        acting_user=admin,
    )
    again = services.create_cooperation(
        sentra=sentra,
        kind="exhibition",
        title="Pameran",
        started_on=D(2024, 1, 1),
        idempotency_key="k1",
        acting_user=admin,
    )
    assert first.pk == again.pk and Cooperation.objects.count() == 1


def test_credit_steps_move_in_order_and_disbursing_before_approval_is_explained(credit, admin):
    e = _refused(
        lambda: services.record_credit_stage(
            cooperation=credit, stage="disbursed", on_date=D(2024, 4, 1), acting_user=admin
        ),
        "cannot be disbursed before it is approved",
        "“Applied” is still pending",
    )
    assert e.code == "order"
    services.record_credit_stage(
        cooperation=credit, stage="applied", on_date=D(2024, 3, 4), acting_user=admin
    )
    services.record_credit_stage(
        cooperation=credit, stage="assessed", on_date=D(2024, 3, 20), acting_user=admin
    )
    _refused(
        lambda: services.record_credit_stage(
            cooperation=credit, stage="disbursed", on_date=D(2024, 3, 25), acting_user=admin
        ),
        "cannot be disbursed before it is approved",
    )
    _refused(
        lambda: services.record_credit_stage(
            cooperation=credit, stage="approved", on_date=D(2024, 3, 10), acting_user=admin
        ),
        "2024-03-20",
    )
    services.record_credit_stage(
        cooperation=credit, stage="approved", on_date=D(2024, 4, 2), acting_user=admin
    )
    _refused(
        lambda: services.record_credit_stage(
            cooperation=credit, stage="rejected", on_date=D(2024, 4, 3), acting_user=admin
        ),
        "already done",
    )
    step = services.record_credit_stage(
        cooperation=credit, stage="disbursed", on_date=D(2024, 4, 15), acting_user=admin
    )
    assert step.status == "done" and services.step_label(credit.steps.get(code="decision")) == "Approved"


def test_a_rejection_ends_the_process(sentra, admin):
    coop = services.create_cooperation(
        sentra=sentra, kind="lkm_credit", title="Modal kerja", started_on=D(2024, 6, 1), acting_user=admin
    )
    for stage, day in [("applied", 3), ("assessed", 10), ("rejected", 17)]:
        services.record_credit_stage(
            cooperation=coop, stage=stage, on_date=D(2024, 6, day), acting_user=admin
        )
    _refused(
        lambda: services.record_credit_stage(
            cooperation=coop, stage="disbursed", on_date=D(2024, 6, 20), acting_user=admin
        ),
        "ended when the credit was rejected on 2024-06-17",
    )
    _refused(lambda: services.add_step(cooperation=coop, name="Banding", acting_user=admin), "ended")
    assert coop.steps.get(code="disbursed").status == "pending"


def test_generic_steps(sentra, admin):
    coop = services.create_cooperation(
        sentra=sentra,
        kind="innovation",
        title="Alat hitung ukelan",
        started_on=D(2024, 1, 5),
        acting_user=admin,
    )
    design, trial, ready = coop.steps.order_by("order")
    _refused(
        lambda: services.set_step_status(
            step=trial, status="in_progress", on_date=D(2024, 1, 6), acting_user=admin
        ),
        "“Tried out” cannot move before “Design brought” is done (it is pending)",
    )
    _refused(
        lambda: services.set_step_status(
            step=design, status="done", on_date=D(2024, 1, 1), acting_user=admin
        ),
        "started on 2024-01-05",
    )
    _refused(
        lambda: services.set_step_status(
            step=design, status="pending", on_date=D(2024, 1, 6), acting_user=admin
        ),
        "Choose",
    )
    services.set_step_status(step=design, status="in_progress", on_date=D(2024, 1, 6), acting_user=admin)
    services.set_step_status(
        step=design, status="done", on_date=D(2024, 1, 8), notes="desain mahasiswa", acting_user=admin
    )
    extra = services.add_step(cooperation=coop, name="Dipakai di 3 unit", acting_user=admin)
    assert extra.order == 4
    design.refresh_from_db()
    assert design.notes == "desain mahasiswa" and design.on_date == D(2024, 1, 8)
    # The database holds the promise too: a step that moved has a date.
    assert not CoopStep.objects.exclude(status="pending").filter(on_date__isnull=True).exists()


def test_update_cooperation(credit, admin):
    services.record_credit_stage(
        cooperation=credit, stage="applied", on_date=D(2024, 3, 4), acting_user=admin
    )
    _refused(
        lambda: services.update_cooperation(
            cooperation=credit, changes={"started_on": D(2024, 3, 10)}, acting_user=admin
        ),
        "2024-03-04",
    )
    services.update_cooperation(cooperation=credit, changes={"ended_on": D(2024, 12, 31)}, acting_user=admin)
    credit.refresh_from_db()
    assert credit.ended_on == D(2024, 12, 31)


def test_inputs_results_participants(sentra, credit, bank, weaver, admin):
    _refused(
        lambda: services.add_input(cooperation=credit, kind="money", description="Kredit", acting_user=admin),
        "Money needs an amount",
    )
    _refused(
        lambda: services.add_input(
            cooperation=credit, kind="equipment", description="ATBM", quantity=Decimal(4), acting_user=admin
        ),
        "unit",
    )
    _refused(
        lambda: services.add_input(
            cooperation=credit, kind="money", description="Kredit", amount=-5, acting_user=admin
        ),
        "above zero",
    )
    i1 = services.add_input(
        cooperation=credit,
        kind="money",
        description="Kredit investasi",
        amount=150_000_000,
        idempotency_key="i",
        acting_user=admin,
    )
    i2 = services.add_input(
        cooperation=credit,
        kind="money",
        description="Kredit investasi",
        amount=150_000_000,
        idempotency_key="i",
        acting_user=admin,
    )
    assert i1.pk == i2.pk and CoopInput.objects.count() == 1
    _refused(
        lambda: services.add_result(
            cooperation=credit, kind="impact", text="Kapasitas naik", figure=Decimal(20), acting_user=admin
        ),
        "unit",
    )
    r = services.add_result(
        cooperation=credit,
        kind="impact",
        text="Kapasitas naik",
        figure=Decimal(20),
        unit="sarung/hari",
        acting_user=admin,
    )
    services.add_participant(cooperation=credit, actor=weaver, role="beneficiary", acting_user=admin)
    _refused(
        lambda: services.add_participant(cooperation=credit, actor=weaver, role="lead", acting_user=admin),
        "already takes part",
    )
    services.remove_result(result=r, acting_user=admin)
    services.remove_input(item=i1, acting_user=admin)
    part = credit.participants.get()
    services.remove_participant(participant=part, acting_user=admin)
    assert not credit.participants.exists() and not credit.inputs.exists() and not credit.results.exists()


def test_delete_cooperation(credit, admin):
    services.delete_cooperation(cooperation=credit, acting_user=admin)
    assert not Cooperation.objects.exists() and not CoopStep.objects.exists()
    assert AuditEntry.objects.filter(
        action="delete", object_type="cooperation.cooperation", object_id=str(credit.pk)
    ).exists()


def test_the_database_keeps_scope_and_kind_together(sentra):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Cooperation.objects.create(
            sentra=sentra, scope="external", kind="joint_marketing", title="x", started_on=D(2024, 1, 1)
        )
    assert (
        services.scope_of("joint_marketing") == "internal" and services.scope_of("bi_training") == "external"
    )
