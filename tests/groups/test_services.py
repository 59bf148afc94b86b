import datetime as dt
from decimal import Decimal

import pytest

from berdaya.audit.models import AuditEntry
from berdaya.core.errors import ServiceError
from berdaya.groups import services
from berdaya.groups.models import Attendance, Bylaws, Group, Membership, OfficerTerm
from berdaya.people.models import Person
from berdaya.programs.models import Site, StaffMember, Stage

D = dt.date


def _person(world, name="Baru", place=None):
    return Person.objects.create(full_name=name, sex="P", place=place or world.banyumulek)


# --- founding ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_create_group_starts_at_first_stage_with_default_bylaws(world, stages, manager):
    group = services.create_group(
        acting_user=manager,
        programme=world.alpha,
        name="Paguyuban Gerabah",
        kind="paguyuban",
        place=world.banyumulek,
        business_type="pottery",
        founded_on=D(2024, 5, 1),
    )
    assert group.stage == stages[0]
    assert Bylaws.objects.get(group=group).quorum_percent == 50
    assert AuditEntry.objects.filter(
        object_type="groups.group", object_id=str(group.pk), action="create"
    ).exists()


@pytest.mark.django_db
def test_create_group_outside_the_programme_sites_is_refused(world, manager):
    with pytest.raises(ServiceError) as e:
        services.create_group(
            acting_user=manager, programme=world.alpha, name="Jauh", kind="kube", place=world.kediri
        )
    assert "place" in e.value.field_errors
    assert "Banyumulek" in e.value.message  # says which sites are allowed
    assert not Group.objects.filter(name="Jauh").exists()


@pytest.mark.django_db
def test_create_group_anywhere_when_programme_has_no_sites(world, manager):
    Site.objects.filter(programme=world.alpha).delete()
    group = services.create_group(
        acting_user=manager, programme=world.alpha, name="Bebas", kind="kube", place=world.kediri
    )
    assert group.place == world.kediri


@pytest.mark.django_db
def test_duplicate_name_in_programme_refused(world, manager):
    with pytest.raises(ServiceError) as e:
        services.create_group(
            acting_user=manager, programme=world.alpha, name="kube alpha", kind="kube", place=world.banyumulek
        )
    assert "name" in e.value.field_errors


@pytest.mark.django_db
def test_update_group_refuses_founding_after_first_member(world, manager):
    with pytest.raises(ServiceError) as e:
        services.update_group(acting_user=manager, group=world.group_a, founded_on=D(2024, 6, 1))
    assert "founded_on" in e.value.field_errors
    group = services.update_group(
        acting_user=manager, group=world.group_a, founded_on=D(2024, 1, 1), name="KUBE A"
    )
    assert (group.name, group.founded_on) == ("KUBE A", D(2024, 1, 1))


# --- membership -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_join_rules(world, manager):
    group = world.group_a
    group.founded_on = D(2024, 1, 1)
    group.save()
    existing = world.people_a[0]
    with pytest.raises(ServiceError, match="already a member"):
        services.add_member(acting_user=manager, group=group, person=existing, joined_on=D(2024, 3, 1))
    newcomer = _person(world)
    with pytest.raises(ServiceError) as e:
        services.add_member(acting_user=manager, group=group, person=newcomer, joined_on=D(2023, 12, 31))
    assert "joined_on" in e.value.field_errors
    m = services.add_member(
        acting_user=manager, group=group, person=newcomer, joined_on=D(2024, 1, 1), join_reason="potter"
    )
    assert m.active and m.join_reason == "potter"


@pytest.mark.django_db
def test_join_beyond_size_limit_is_allowed(world, manager):
    world.alpha.group_size_max = 5
    world.alpha.save()
    m = services.add_member(
        acting_user=manager, group=world.group_a, person=_person(world), joined_on=D(2024, 2, 1)
    )
    assert Membership.objects.filter(group=world.group_a, left_on__isnull=True).count() == 6
    assert m.pk


@pytest.mark.django_db
def test_leave_needs_reason_and_date_after_joining_and_ends_offices(world, manager):
    m = Membership.objects.get(group=world.group_a, person=world.people_a[0])  # the treasurer
    with pytest.raises(ServiceError) as e:
        services.end_membership(acting_user=manager, membership=m, left_on=D(2024, 6, 1), leave_reason="  ")
    assert "leave_reason" in e.value.field_errors
    with pytest.raises(ServiceError) as e:
        services.end_membership(
            acting_user=manager, membership=m, left_on=D(2023, 6, 1), leave_reason="moved"
        )
    assert "left_on" in e.value.field_errors
    services.end_membership(
        acting_user=manager, membership=m, left_on=D(2024, 6, 1), leave_reason="moved to Mataram"
    )
    m.refresh_from_db()
    assert (m.left_on, m.leave_reason) == (D(2024, 6, 1), "moved to Mataram")
    term = OfficerTerm.objects.get(group=world.group_a, person=world.people_a[0])
    assert term.end_on == D(2024, 6, 1)


@pytest.mark.django_db
def test_rejoin_after_leaving(world, manager):
    m = Membership.objects.get(group=world.group_a, person=world.people_a[3])
    services.end_membership(acting_user=manager, membership=m, left_on=D(2024, 6, 1), leave_reason="sick")
    with pytest.raises(ServiceError, match="rejoining"):
        services.add_member(
            acting_user=manager, group=world.group_a, person=world.people_a[3], joined_on=D(2024, 5, 1)
        )
    again = services.add_member(
        acting_user=manager, group=world.group_a, person=world.people_a[3], joined_on=D(2024, 9, 1)
    )
    assert again.pk != m.pk


@pytest.mark.django_db
def test_add_new_member_creates_person_and_membership_atomically(world, manager):
    group = world.group_a
    m = services.add_new_member(
        acting_user=manager,
        group=group,
        joined_on=D(2024, 3, 1),
        full_name="Inaq Sumi",
        sex="P",
        place=world.banyumulek,
    )
    assert m.person.full_name == "Inaq Sumi" and m.group == group
    group.founded_on = D(2024, 1, 1)
    group.save()
    with pytest.raises(ServiceError):
        services.add_new_member(
            acting_user=manager,
            group=group,
            joined_on=D(2023, 1, 1),
            full_name="Amaq Lupa",
            sex="L",
            place=world.banyumulek,
        )
    assert not Person.objects.filter(full_name="Amaq Lupa").exists()  # nothing half-saved


# --- officers ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_officer_succession_ends_previous_term_the_day_before(world, manager):
    new_treasurer = world.people_a[2]
    term = services.appoint_officer(
        acting_user=manager,
        group=world.group_a,
        person=new_treasurer,
        role="treasurer",
        start_on=D(2025, 1, 1),
    )
    old = OfficerTerm.objects.get(group=world.group_a, person=world.people_a[0], role="treasurer")
    assert old.end_on == D(2024, 12, 31)
    assert term.end_on is None
    assert (
        OfficerTerm.objects.filter(group=world.group_a, role="treasurer", end_on__isnull=True).get() == term
    )


@pytest.mark.django_db
def test_sections_and_supervisors_may_have_several_holders(world, manager):
    # Seed 002: the Senik paguyuban has two in the business section, two in marketing, two supervisors.
    for person in world.people_a[2:4]:
        services.appoint_officer(
            acting_user=manager, group=world.group_a, person=person, role="business", start_on=D(2025, 1, 1)
        )
    holders = OfficerTerm.objects.filter(group=world.group_a, role="business", end_on__isnull=True)
    assert {t.person for t in holders} == set(world.people_a[2:4])


@pytest.mark.django_db
def test_officer_must_be_open_member_and_hold_one_role(world, manager):
    outsider = world.people_b[0]
    with pytest.raises(ServiceError, match="not a member"):
        services.appoint_officer(
            acting_user=manager, group=world.group_a, person=outsider, role="chair", start_on=D(2024, 2, 1)
        )
    with pytest.raises(ServiceError) as e:  # the treasurer cannot also be chair
        services.appoint_officer(
            acting_user=manager,
            group=world.group_a,
            person=world.people_a[0],
            role="chair",
            start_on=D(2024, 2, 1),
        )
    assert "person" in e.value.field_errors
    with pytest.raises(ServiceError) as e:  # before joining
        services.appoint_officer(
            acting_user=manager,
            group=world.group_a,
            person=world.people_a[1],
            role="chair",
            start_on=D(2024, 1, 1),
        )
    assert "start_on" in e.value.field_errors
    with pytest.raises(ServiceError):  # successor starting the same day as the holder
        services.appoint_officer(
            acting_user=manager,
            group=world.group_a,
            person=world.people_a[1],
            role="treasurer",
            start_on=D(2024, 1, 10),
        )
    assert OfficerTerm.objects.filter(group=world.group_a).count() == 1


@pytest.mark.django_db
def test_end_officer_term(world, manager):
    term = OfficerTerm.objects.get(group=world.group_a)
    with pytest.raises(ServiceError):
        services.end_officer_term(acting_user=manager, term=term, end_on=D(2023, 1, 1))
    services.end_officer_term(acting_user=manager, term=term, end_on=D(2024, 12, 31))
    term.refresh_from_db()
    assert term.end_on == D(2024, 12, 31)
    with pytest.raises(ServiceError, match="already ended"):
        services.end_officer_term(acting_user=manager, term=term, end_on=D(2025, 1, 1))


# --- bylaws -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bylaws_seed_002_figures(world, manager):
    bylaws = services.set_bylaws(
        acting_user=manager,
        group=world.group_a,
        mandatory_saving=10_000,
        arisan_amount=10_000,
        loan_rate_percent_month=Decimal("1"),
        quorum_percent=60,
    )
    bylaws.refresh_from_db()
    assert (bylaws.mandatory_saving, bylaws.arisan_amount, bylaws.loan_rate_percent_month) == (
        10_000,
        10_000,
        Decimal("1.00"),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field,value",
    [
        ("mandatory_saving", -1),
        ("dues", 10.5),
        ("loan_rate_percent_month", Decimal("12")),
        ("loan_rate_percent_month", Decimal("-0.5")),
        ("quorum_percent", 0),
        ("quorum_percent", 101),
        ("loan_method", "balloon"),
    ],
)
def test_bylaws_validation(world, manager, field, value):
    with pytest.raises(ServiceError) as e:
        services.set_bylaws(
            acting_user=manager, group=world.group_a, principal_saving=50_000, **{field: value}
        )
    assert field in e.value.field_errors
    assert not Bylaws.objects.filter(group=world.group_a, principal_saving=50_000).exists()


# --- meetings ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_meeting_attendance_rows_for_every_member_on_that_date(world, manager):
    a = world.people_a
    left = Membership.objects.get(group=world.group_a, person=a[4])
    services.end_membership(acting_user=manager, membership=left, left_on=D(2024, 2, 1), leave_reason="moved")
    meeting = services.record_meeting(
        acting_user=manager,
        group=world.group_a,
        held_on=D(2024, 3, 5),
        minutes="Simpan pinjam",
        present=[a[0].pk, a[1].pk],
    )
    rows = dict(Attendance.objects.filter(meeting=meeting).values_list("person_id", "present"))
    assert rows == {a[0].pk: True, a[1].pk: True, a[2].pk: False, a[3].pk: False}
    with pytest.raises(ServiceError) as e:  # a[4] had left by then
        services.record_meeting(
            acting_user=manager, group=world.group_a, held_on=D(2024, 3, 6), present=[a[4].pk]
        )
    assert "present" in e.value.field_errors
    services.update_meeting(acting_user=manager, meeting=meeting, held_on=D(2024, 1, 20), present=[a[4].pk])
    rows = dict(Attendance.objects.filter(meeting=meeting).values_list("person_id", "present"))
    assert rows[a[4].pk] is True and sum(rows.values()) == 1 and len(rows) == 5


@pytest.mark.django_db
def test_meeting_date_defaults_to_local_date_in_wita(world, manager, at):
    # 16:30 UTC on 1 March: still 23:30 on 1 March in Kediri (WIB, UTC+7), already 00:30 on 2 March in
    # Lombok (WITA, UTC+8). The server's TIME_ZONE (Jakarta) must not decide a Lombok meeting's date.
    at(2024, 3, 1, 16, 30)
    meeting = services.record_meeting(acting_user=manager, group=world.group_a)
    assert meeting.held_on == D(2024, 3, 2)
    kediri_meeting = services.record_meeting(acting_user=world.users["admin"], group=world.group_b)
    assert kediri_meeting.held_on == D(2024, 3, 1)  # WIB
    with pytest.raises(ServiceError) as e:  # the 3rd has not come yet in Lombok
        services.record_meeting(acting_user=manager, group=world.group_a, held_on=D(2024, 3, 3))
    assert "held_on" in e.value.field_errors


# --- stages -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_stage_needs_evidence_and_own_programme(world, stages, manager):
    with pytest.raises(ServiceError) as e:
        services.record_stage(
            acting_user=manager, group=world.group_a, stage=stages[1], reached_on=D(2024, 4, 1), evidence=" "
        )
    assert "evidence" in e.value.field_errors
    foreign = Stage.objects.create(programme=world.beta, order=1, key="x", name="X")
    with pytest.raises(ServiceError) as e:
        services.record_stage(
            acting_user=manager, group=world.group_a, stage=foreign, reached_on=D(2024, 4, 1), evidence="x"
        )
    assert "stage" in e.value.field_errors


@pytest.mark.django_db
def test_stage_is_furthest_reached_by_order(world, stages, manager):
    group = world.group_a
    services.record_stage(
        acting_user=manager, group=group, stage=stages[1], reached_on=D(2024, 4, 1), evidence="Training done"
    )
    group.refresh_from_db()
    assert group.stage == stages[1]
    # Late evidence for an earlier stage does not move the group backwards.
    services.record_stage(
        acting_user=manager, group=group, stage=stages[0], reached_on=D(2024, 5, 1), evidence="Minutes"
    )
    group.refresh_from_db()
    assert group.stage == stages[1]
    assert group.stage_records.count() == 2


# --- staff ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_untrained_mentor_from_another_programme_is_assigned_with_warnings(world, manager):
    rookie = StaffMember.objects.create(full_name="Pendamping Baru", kind="mentor", trained=False)
    assignment, warnings = services.assign_staff(
        acting_user=manager, group=world.group_a, staff=rookie, start_on=D(2024, 3, 1)
    )
    assert assignment.pk
    assert len(warnings) == 2
    assert any("trained" in w for w in warnings) and any("Alpha" in w for w in warnings)
    _a, none = services.assign_staff(
        acting_user=manager, group=world.group_b, staff=world.staff, start_on=D(2024, 3, 1)
    )
    assert len(none) == 1  # trained, but not staff of Beta
    with pytest.raises(ServiceError, match="already assigned"):
        services.assign_staff(acting_user=manager, group=world.group_a, staff=rookie, start_on=D(2024, 4, 1))


@pytest.mark.django_db
def test_trained_mentor_of_the_programme_gives_no_warning_and_end_assignment(world, manager):
    services.end_assignment(
        acting_user=manager, assignment=world.group_a.assignments.get(), end_on=D(2024, 2, 1)
    )
    assignment, warnings = services.assign_staff(
        acting_user=manager, group=world.group_a, staff=world.staff, start_on=D(2024, 3, 1)
    )
    assert warnings == []
    with pytest.raises(ServiceError):
        services.end_assignment(acting_user=manager, assignment=assignment, end_on=D(2024, 2, 1))
