import datetime as dt

import pytest
from django.utils import translation

from berdaya.audit.models import AuditEntry
from berdaya.core.errors import ServiceError
from berdaya.groups.models import Group, StageRecord
from berdaya.programs import services
from berdaya.programs.models import (
    DEFAULT_STAGES,
    Agency,
    AgencyRole,
    Programme,
    Site,
    Stage,
    TargetCriterion,
)

BANDAR_LOR = "35.71.01.1001"


def _keys(programme):
    return list(programme.stages.order_by("order").values_list("key", flat=True))


@pytest.mark.django_db
def test_default_stages_are_copied_in_order_in_the_acting_language(world):
    manager = world.users["manager"]
    with translation.override("en"):
        programme = services.create_programme(acting_user=manager, name="Gamma", model_type="kube")
    stages = list(programme.stages.order_by("order"))
    assert [s.key for s in stages] == [key for key, _label in DEFAULT_STAGES]
    assert [s.order for s in stages] == list(range(1, len(DEFAULT_STAGES) + 1))
    assert stages[2].name == "Participatory appraisal"
    # KUBE default size from PRODUCT.md and the creator can see what they created.
    assert (programme.group_size_min, programme.group_size_max) == (5, 20)
    assert manager.scope_programmes.filter(pk=programme.pk).exists()
    assert AuditEntry.objects.filter(object_type="programs.programme", object_id=str(programme.pk)).exists()


@pytest.mark.django_db
def test_custom_stage_template_and_bare_keys(world):
    admin = world.users["admin"]
    programme = services.create_programme(
        acting_user=admin,
        name="Senik",
        model_type="craft_incubator",
        stages=[("training", "Pelatihan"), ("", "Pembentukan paguyuban")],
    )
    assert _keys(programme) == ["training", "pembentukan-paguyuban"]
    assert not admin.scope_programmes.exists()  # an admin sees everything anyway
    by_keys = services.create_programme(
        acting_user=admin, name="Keys", model_type="kube", stages=["evaluation"]
    )
    assert by_keys.stages.get().key == "evaluation"
    with pytest.raises(ServiceError):
        services.create_programme(
            acting_user=admin, name="Dup", model_type="kube", stages=[("a", "A"), ("a", "Again")]
        )
    assert not Programme.objects.filter(name="Dup").exists()


@pytest.mark.django_db
def test_period_and_size_are_validated_with_field_messages(world):
    manager = world.users["manager"]
    with pytest.raises(ServiceError) as err:
        services.create_programme(
            acting_user=manager,
            name="Backwards",
            model_type="kube",
            start_date=dt.date(2025, 6, 1),
            end_date=dt.date(2025, 1, 1),
        )
    assert "end_date" in err.value.field_errors
    with pytest.raises(ServiceError) as err:
        services.create_programme(
            acting_user=manager, name="Tiny", model_type="kube", group_size_min=10, group_size_max=5
        )
    assert "group_size_max" in err.value.field_errors
    with pytest.raises(ServiceError) as err:
        services.create_programme(acting_user=manager, name="alpha", model_type="kube")
    assert "name" in err.value.field_errors
    assert not Programme.objects.filter(name__in=["Backwards", "Tiny"]).exists()
    assert not Stage.objects.filter(programme__name__in=["Backwards", "Tiny"]).exists()


@pytest.mark.django_db
def test_update_programme_checks_the_values_after_the_change(world):
    manager = world.users["manager"]
    services.update_programme(acting_user=manager, programme=world.alpha, start_date=dt.date(2025, 1, 1))
    with pytest.raises(ServiceError) as err:
        services.update_programme(acting_user=manager, programme=world.alpha, end_date=dt.date(2024, 12, 31))
    assert "end_date" in err.value.field_errors
    with pytest.raises(ServiceError):
        services.update_programme(acting_user=manager, programme=world.alpha, group_size_min=30)
    with pytest.raises(TypeError):  # not a field update_programme changes: a caller bug, refused loudly
        services.update_programme(acting_user=manager, programme=world.alpha, stages=[])
    updated = services.update_programme(acting_user=manager, programme=world.alpha, funding_source="APBD")
    world.alpha.refresh_from_db()
    assert updated.funding_source == world.alpha.funding_source == "APBD"
    assert world.alpha.end_date is None
    entry = AuditEntry.objects.filter(object_type="programs.programme", action="update").latest("pk")
    assert entry.changes["funding_source"] == ["", "APBD"]


@pytest.mark.django_db
def test_stage_add_rename_move(world):
    manager = world.users["manager"]
    programme = services.create_programme(
        acting_user=manager, name="Gamma", model_type="kube", stages=[("a", "A"), ("b", "B"), ("c", "C")]
    )
    d = services.add_stage(acting_user=manager, programme=programme, name="Dana bergulir")
    assert (d.order, d.key) == (4, "dana-bergulir")
    again = services.add_stage(acting_user=manager, programme=programme, name="Dana bergulir")
    assert again.key == "dana-bergulir-2"
    services.move_stage(acting_user=manager, stage=d, direction="up")
    assert _keys(programme) == ["a", "b", "dana-bergulir", "c", "dana-bergulir-2"]
    first = programme.stages.get(key="a")
    with pytest.raises(ServiceError):
        services.move_stage(acting_user=manager, stage=first, direction="up")
    with pytest.raises(ServiceError):
        services.move_stage(
            acting_user=manager, stage=programme.stages.get(key="dana-bergulir-2"), direction="down"
        )
    services.move_stage(acting_user=manager, stage=first, direction="down")
    assert _keys(programme) == ["b", "a", "dana-bergulir", "c", "dana-bergulir-2"]
    renamed = services.rename_stage(acting_user=manager, stage=first, name="Awal")
    assert renamed.key == "a" and programme.stages.get(key="a").name == "Awal"
    with pytest.raises(ServiceError):
        services.rename_stage(acting_user=manager, stage=first, name="  ")


@pytest.mark.django_db
def test_stage_removal_closes_the_gap_and_is_refused_while_used(world):
    manager = world.users["manager"]
    programme = services.create_programme(
        acting_user=manager,
        name="Gamma",
        model_type="kube",
        stages=[("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")],
    )
    a, b, c = (programme.stages.get(key=k) for k in "abc")
    group = Group.objects.create(
        name="KUBE Gamma", kind="kube", programme=programme, place=world.banyumulek, stage=b
    )
    with pytest.raises(ServiceError) as err:
        services.remove_stage(acting_user=manager, stage=b)
    assert "B" in err.value.message
    StageRecord.objects.create(group=group, stage=a, reached_on=dt.date(2025, 1, 1), evidence="Notulen")
    with pytest.raises(ServiceError):
        services.remove_stage(
            acting_user=manager, stage=a
        )  # history points at it, even if the group moved on
    services.remove_stage(acting_user=manager, stage=c)
    assert list(programme.stages.order_by("order").values_list("key", "order")) == [
        ("a", 1),
        ("b", 2),
        ("d", 3),
    ]
    assert AuditEntry.objects.filter(object_type="programs.stage", action="delete").count() == 1


@pytest.mark.django_db
def test_sites_refuse_duplicates_nesting_and_removal_in_use(world, place):
    manager = world.users["manager"]
    with pytest.raises(ServiceError):
        services.add_site(acting_user=manager, programme=world.alpha, place=world.banyumulek)
    with pytest.raises(ServiceError) as err:
        services.add_site(acting_user=manager, programme=world.alpha, place=place("52.01.02"))
    assert "place" in err.value.field_errors
    lelede = services.add_site(
        acting_user=manager, programme=world.alpha, place=place("52.01.02.2010"), notes="x"
    )
    assert lelede.programme == world.alpha
    # Banyumulek has the group KUBE Alpha and a committed role: both reasons are given.
    with pytest.raises(ServiceError) as err:
        services.remove_site(acting_user=manager, site=world.site_a)
    assert "Banyumulek" in err.value.message
    services.remove_site(acting_user=manager, site=lelede)
    assert not Site.objects.filter(pk=lelede.pk).exists()


@pytest.mark.django_db
def test_set_criteria_replaces_in_order(world):
    manager = world.users["manager"]
    services.set_criteria(
        acting_user=manager, programme=world.alpha, texts=["Keluarga miskin", "", "  Usaha sejenis "]
    )
    assert list(world.alpha.criteria.values_list("text", "order")) == [
        ("Keluarga miskin", 1),
        ("Usaha sejenis", 2),
    ]
    with pytest.raises(ServiceError):
        services.set_criteria(acting_user=manager, programme=world.alpha, texts=["Baru", "baru"])
    with pytest.raises(ServiceError):
        services.set_criteria(acting_user=manager, programme=world.alpha, texts=["x" * 251])
    assert TargetCriterion.objects.filter(programme=world.alpha).count() == 2  # unchanged after refusals
    services.set_criteria(acting_user=manager, programme=world.alpha, texts=[])
    assert not world.alpha.criteria.exists()


@pytest.mark.django_db
def test_agencies_unique_names_and_roles(world):
    manager = world.users["manager"]
    bank = services.create_agency(acting_user=manager, name="Bank Jatim", kind="bank", contact=" 0354 ")
    assert bank.contact == "0354"
    with pytest.raises(ServiceError):
        services.create_agency(acting_user=manager, name="bank jatim", kind="bank")
    with pytest.raises(ServiceError):
        services.create_agency(acting_user=manager, name="X", kind="spaceship")
    services.update_agency(acting_user=manager, agency=bank, name="Bank Jatim Kediri")
    assert Agency.objects.get(pk=bank.pk).name == "Bank Jatim Kediri"
    role = services.commit_role(
        acting_user=manager, site=world.site_a, agency=bank, role="credit", commitment="KUR"
    )
    with pytest.raises(ServiceError):
        services.commit_role(acting_user=manager, site=world.site_a, agency=bank, role="credit")
    with pytest.raises(ServiceError) as err:
        services.commit_role(
            acting_user=manager,
            site=world.site_a,
            agency=bank,
            role="training",
            start_date=dt.date(2025, 5, 1),
            end_date=dt.date(2025, 4, 1),
        )
    assert "end_date" in err.value.field_errors
    services.withdraw_role(acting_user=manager, agency_role=role)
    assert not AgencyRole.objects.filter(pk=role.pk).exists()
    entry = AuditEntry.objects.get(object_type="programs.agencyrole", action="delete")
    assert entry.programme_id == world.alpha.pk and entry.changes["role"] == ["credit", None]


@pytest.mark.django_db
def test_staff_terms_training_and_programmes(world):
    manager = world.users["manager"]
    staff = services.create_staff(
        acting_user=manager,
        full_name="Baiq Rina",
        kind="mentor",
        agency=world.agency,
        programmes=[world.alpha],
        duties="Hadir di pertemuan bulanan",
        sanctions="Teguran tertulis",
        trained_on=dt.date(2025, 1, 13),
    )
    assert staff.trained is True  # a training date means trained
    assert list(staff.programmes.all()) == [world.alpha]
    with pytest.raises(ServiceError) as err:
        services.create_staff(
            acting_user=manager,
            full_name="Future",
            kind="mentor",
            trained_on=dt.date.today() + dt.timedelta(days=30),
        )
    assert "trained_on" in err.value.field_errors
    with pytest.raises(ServiceError):
        services.create_staff(acting_user=manager, full_name=" ", kind="mentor")
    services.update_staff(
        acting_user=manager, staff=staff, trained=False, programmes=[world.alpha, world.beta]
    )
    staff.refresh_from_db()
    assert staff.trained is False and staff.trained_on is None
    assert set(staff.programmes.all()) == {world.alpha, world.beta}
    entry = AuditEntry.objects.filter(object_type="programs.staffmember", action="update").latest("pk")
    assert entry.changes["programmes"] == [[world.alpha.pk], sorted([world.alpha.pk, world.beta.pk])]


@pytest.mark.django_db
def test_nothing_half_saved_when_a_programme_is_refused(world):
    count = Programme.objects.count()
    with pytest.raises(ServiceError):
        services.create_programme(
            acting_user=world.users["manager"], name="Zeta", model_type="kube", stages=[]
        )
    assert Programme.objects.count() == count
    assert not world.users["manager"].scope_programmes.filter(name="Zeta").exists()


@pytest.mark.django_db
def test_every_write_is_audited_with_a_known_action(world, place):
    manager = world.users["manager"]
    programme = services.create_programme(acting_user=manager, name="Gamma", model_type="kube")
    first = programme.stages.order_by("order").first()
    services.move_stage(acting_user=manager, stage=first, direction="down")
    services.set_criteria(acting_user=manager, programme=programme, texts=["Keluarga miskin"])
    site = services.add_site(acting_user=manager, programme=programme, place=place("52.01.02.2010"))
    role = services.commit_role(acting_user=manager, site=site, agency=world.agency, role="training")
    services.withdraw_role(acting_user=manager, agency_role=role)
    services.remove_site(acting_user=manager, site=site)
    actions = list(AuditEntry.objects.filter(programme_id=programme.pk).values_list("action", flat=True))
    assert len(actions) == 7
    assert set(actions) <= set(AuditEntry.Action.values)  # the column is 10 characters on PostgreSQL
