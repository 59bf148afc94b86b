"""The scoping promises, tested on the access helpers every view and endpoint goes through."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from berdaya.accounts import access


@pytest.mark.django_db
def test_manager_sees_own_programme_groups_and_people_only(world):
    manager = world.users["manager"]
    assert set(access.visible_programmes(manager)) == {world.alpha}
    assert set(access.visible_groups(manager)) == {world.group_a}
    assert set(access.visible_persons(manager)) == set(world.people_a)
    with pytest.raises(Http404):
        access.access_group(manager, world.group_b.pk)
    assert access.access_group(manager, world.group_a.pk, write=True) == world.group_a


@pytest.mark.django_db
def test_not_found_and_not_yours_look_the_same(world):
    outsider = world.users["outsider"]
    with pytest.raises(Http404) as not_yours:
        access.access_group(outsider, world.group_a.pk)
    with pytest.raises(Http404) as missing:
        access.access_group(outsider, 999_999)
    assert str(not_yours.value) == str(missing.value)


@pytest.mark.django_db
def test_auditor_reads_everything_in_scope_and_changes_nothing(world):
    auditor = world.users["auditor"]
    assert access.access_group(auditor, world.group_a.pk) == world.group_a
    assert access.access_person(auditor, world.people_a[2].pk) == world.people_a[2]
    for call in (access.access_group, access.access_person):
        pk = world.group_a.pk if call is access.access_group else world.people_a[2].pk
        with pytest.raises(PermissionDenied):
            call(auditor, pk, write=True)
    assert not access.can_write(auditor)


@pytest.mark.django_db
def test_member_sees_only_self_and_own_group(world):
    member = world.users["member"]
    assert list(access.visible_persons(member)) == [world.people_a[1]]
    assert set(access.visible_groups(member)) == {world.group_a}
    with pytest.raises(PermissionDenied):
        access.access_group(member, world.group_a.pk, write=True)
    with pytest.raises(Http404):
        access.access_person(member, world.people_a[0].pk)


@pytest.mark.django_db
def test_facilitator_and_officer_reach_their_group_and_its_members(world):
    for role in ("facilitator", "officer"):
        user = world.users[role]
        assert set(access.visible_groups(user)) == {world.group_a}
        assert set(access.visible_persons(user)) == set(world.people_a)
        assert access.access_group(user, world.group_a.pk, write=True) == world.group_a
        with pytest.raises(Http404):
            access.access_person(user, world.people_b[0].pk)


@pytest.mark.django_db
def test_ended_assignment_removes_the_facilitators_reach(world):
    import datetime as dt

    world.group_a.assignments.update(end_on=dt.date(2024, 6, 1))
    assert not access.visible_groups(world.users["facilitator"]).exists()


@pytest.mark.django_db
def test_partner_sees_programmes_where_its_agency_has_a_role(world):
    partner = world.users["partner"]
    assert set(access.visible_programmes(partner)) == {world.alpha}
    assert not access.can_write(partner)


@pytest.mark.django_db
def test_area_scope_includes_everything_below(world):
    from berdaya.places.models import Place

    auditor = world.users["auditor"]
    auditor.scope_programmes.clear()
    auditor.scope_places.add(Place.objects.get(code="35.71"))  # Kota Kediri, where KUBE Beta is
    assert set(access.visible_groups(auditor)) == {world.group_b}
    assert set(access.visible_persons(auditor)) == set(world.people_b)


@pytest.mark.django_db
def test_api_token_and_me(world, client):
    r = client.post("/api/v1/token/", {"username": "manager", "password": "pw-berdaya-1"})
    assert r.status_code == 200
    token = r.json()["token"]
    me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.json()["role"] == "manager"
    assert me.json()["programmes"] == [world.alpha.pk]
    assert client.post("/api/v1/token/", {"username": "manager", "password": "wrong"}).status_code == 401
    assert client.get("/api/v1/me/").status_code in (401, 403)
