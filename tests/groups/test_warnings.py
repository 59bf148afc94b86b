import datetime as dt

import pytest

from berdaya.groups import services
from berdaya.groups.models import Group, Membership, OfficerTerm
from berdaya.groups.warnings import area_code, group_warnings, warnings_for_groups
from berdaya.people.models import Enterprise, Person
from berdaya.places.services import add_free_place

D = dt.date


def _codes(warnings):
    return {w.code: w for w in warnings}


def _owns(person, product_type, sector="craft"):
    enterprise = Enterprise.objects.create(
        name=f"Usaha {person.full_name}", place=person.place, product_type=product_type, sector=sector
    )
    enterprise.owners.add(person)


def test_area_code_by_level():
    assert area_code("52.01.02.2006", 4) == "52.01.02.2006"
    assert area_code("52.01.02.2006.D01.W02.T03", 4) == "52.01.02.2006"
    assert area_code("52.01.02.2006.D01.W02.T03", 5) == "52.01.02.2006.D01"
    assert area_code("52.01.02.2006.D01.W02.T03", 6) == "52.01.02.2006.D01.W02"
    assert area_code("52.01.02.2006.W01.T01", 6) == "52.01.02.2006.W01"  # an RW directly under the village
    assert area_code("52.01.02.2006.W01", 5) == "52.01.02.2006"  # no dusun: the village is the closest area
    assert area_code("52.01.02.2006", 5) == "52.01.02.2006"  # only known down to the village


@pytest.mark.django_db
def test_three_members_below_five(world):
    w = _codes(group_warnings(world.group_b))["size"]
    assert w.message == "3 active members; this programme expects 5–20."


@pytest.mark.django_db
def test_size_within_range_gives_no_size_warning(world):
    assert "size" not in _codes(group_warnings(world.group_a))  # 5 members, 5–20


@pytest.mark.django_db
def test_mixed_business_lists_who_runs_what(world):
    a = world.people_a
    _owns(a[0], "Gerabah")
    _owns(a[1], "gerabah ")  # same kind, written differently
    _owns(a[2], "Tenun ikat", "textile")
    w = _codes(group_warnings(world.group_a))["mixed_business"]
    assert "2 different kinds" in w.message
    assert w.details[0] == "gerabah: Anggota A1, Anggota A2"
    assert w.details[1] == "tenun ikat: Anggota A3"
    assert w.details[2] == "No business recorded: Anggota A4, Anggota A5"


@pytest.mark.django_db
def test_same_business_gives_no_mixed_warning(world):
    for person in world.people_a:
        _owns(person, "Gerabah")
    assert "mixed_business" not in _codes(group_warnings(world.group_a))


@pytest.mark.django_db
def test_former_members_business_does_not_count(world, manager):
    a = world.people_a
    _owns(a[0], "Gerabah")
    _owns(a[4], "Warung", "trade")
    m = Membership.objects.get(group=world.group_a, person=a[4])
    services.end_membership(acting_user=manager, membership=m, left_on=D(2024, 5, 1), leave_reason="moved")
    assert "mixed_business" not in _codes(group_warnings(world.group_a))


@pytest.mark.django_db
def test_scattered_across_two_villages(world, other_village):
    for person in world.people_a[3:]:
        person.place = other_village
        person.save()
    w = _codes(group_warnings(world.group_a))["scattered"]
    assert "2 different areas" in w.message
    assert w.details == [
        "Banyumulek: 3 members (Anggota A1, Anggota A2, Anggota A3)",
        f"{other_village.name}: 2 members (Anggota A4, Anggota A5)",
    ]


@pytest.mark.django_db
def test_same_village_different_dusun_only_warns_at_dusun_level(world, manager):
    d1 = add_free_place(parent=world.banyumulek, kind="dusun", name="Dusun Satu", acting_user=manager)
    d2 = add_free_place(parent=world.banyumulek, kind="dusun", name="Dusun Dua", acting_user=manager)
    a = world.people_a
    Person.objects.filter(pk__in=[a[0].pk, a[1].pk]).update(place=d1)
    Person.objects.filter(pk=a[2].pk).update(place=d2)
    assert "scattered" not in _codes(group_warnings(world.group_a))  # village level: all in Banyumulek
    world.alpha.residence_level = 5
    world.alpha.save()
    group = Group.objects.get(pk=world.group_a.pk)
    w = _codes(group_warnings(group))["scattered"]
    assert "Dusun Satu: 2 members (Anggota A1, Anggota A2)" in w.details
    assert "Dusun Dua: 1 member (Anggota A3)" in w.details
    # A4 and A5 are known only down to the village: listed, but not counted as a third area.
    assert "2 different areas" in w.message


@pytest.mark.django_db
def test_no_treasurer(world, manager):
    term = OfficerTerm.objects.get(group=world.group_a, role="treasurer")
    services.appoint_officer(
        acting_user=manager,
        group=world.group_a,
        person=world.people_a[1],
        role="chair",
        start_on=D(2024, 2, 1),
    )
    assert "offices" not in _codes(group_warnings(world.group_a))
    services.end_officer_term(acting_user=manager, term=term, end_on=D(2024, 6, 30))
    w = _codes(group_warnings(world.group_a))["offices"]
    assert w.message == "No Treasurer (bendahara) in office."


@pytest.mark.django_db
def test_last_meeting_below_quorum(world, manager):
    a = world.people_a
    services.set_bylaws(acting_user=manager, group=world.group_a, quorum_percent=60)
    services.record_meeting(
        acting_user=manager, group=world.group_a, held_on=D(2024, 3, 1), present=[p.pk for p in a[:3]]
    )
    assert "quorum" not in _codes(group_warnings(world.group_a))  # 3/5 = 60 %
    services.record_meeting(
        acting_user=manager, group=world.group_a, held_on=D(2024, 4, 1), present=[a[0].pk, a[1].pk]
    )
    w = _codes(group_warnings(world.group_a))["quorum"]
    assert w.message == "Only 2 of 5 members came to the last meeting (2024-04-01); the quorum is 60 %."


@pytest.mark.django_db
def test_many_groups_in_a_fixed_number_of_queries(world, manager, django_assert_max_num_queries):
    for i in range(6):
        group = Group.objects.create(name=f"G{i}", kind="kube", programme=world.alpha, place=world.banyumulek)
        for j in range(4):
            person = Person.objects.create(full_name=f"P{i}{j}", sex="L", place=world.banyumulek)
            Membership.objects.create(group=group, person=person, joined_on=D(2024, 1, 1))
            _owns(person, f"type {j % 2}")
    groups = list(Group.objects.all())
    with django_assert_max_num_queries(8):
        result = warnings_for_groups(groups)
    assert len(result) == len(groups)
    assert all("mixed_business" in _codes(result[g.pk]) for g in groups if g.name.startswith("G"))
