"""Who reads and who records fieldwork: the helpers every fieldwork page and endpoint goes through."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from berdaya.accounts import access
from berdaya.programs.models import Site


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "reads", "writes"),
    [
        ("admin", True, True),
        ("manager", True, True),
        ("facilitator", True, True),
        ("auditor", True, False),
        ("partner", True, False),
        ("officer", True, False),
        ("member", False, False),
        ("outsider", False, False),
    ],
)
def test_site_of_programme_alpha(world, role, reads, writes):
    user = world.users[role]
    if not reads:
        with pytest.raises(Http404):
            access.access_site(user, world.site_a.pk)
        assert world.site_a not in access.visible_sites(user)
        return
    assert access.access_site(user, world.site_a.pk) == world.site_a
    if writes:
        assert access.access_site(user, world.site_a.pk, write=True) == world.site_a
        access.require_fieldwork_writer(user, world.alpha)
    else:
        with pytest.raises(PermissionDenied):
            access.access_site(user, world.site_a.pk, write=True)
        with pytest.raises(PermissionDenied):
            access.require_fieldwork_writer(user, world.alpha)


@pytest.mark.django_db
def test_scope_follows_the_path_to_the_programme(world):
    """A row reached through another path (here a site's programme) is scoped the same way."""
    beta_site = Site.objects.get(programme=world.beta)
    manager, outsider = world.users["manager"], world.users["outsider"]
    sites = Site.objects.all()
    assert set(access.visible_fieldwork(manager, sites)) == {world.site_a}
    assert set(access.visible_fieldwork(outsider, sites)) == {beta_site}
    with pytest.raises(Http404) as not_yours:
        access.access_fieldwork(manager, sites, beta_site.pk)
    with pytest.raises(Http404) as missing:
        access.access_fieldwork(manager, sites, 999_999)
    assert str(not_yours.value) == str(missing.value)


@pytest.mark.django_db
def test_a_manager_records_only_in_programmes_they_manage(world):
    """A manager who reaches Beta through one of its groups reads its fieldwork but records none there."""
    from berdaya.accounts.models import Role, User

    reader = User.objects.create_user(username="reader", password="x", role=Role.MANAGER)
    reader.scope_groups.add(world.group_b)
    reader.scope_programmes.add(world.alpha)
    assert set(access.fieldwork_programmes(reader)) == {world.alpha, world.beta}
    assert set(access.fieldwork_programmes(reader, write=True)) == {world.alpha}
    with pytest.raises(PermissionDenied):
        access.require_fieldwork_writer(reader, world.beta)


@pytest.mark.django_db
def test_member_is_refused_the_fieldwork_pages(world):
    with pytest.raises(Http404):
        access.require_fieldwork_reader(world.users["member"])


@pytest.mark.django_db
def test_facilitator_sees_residents_of_their_programmes_sites_for_an_appraisal(world):
    """Before any group exists, the PRA participants are residents of the site, not group members."""
    from berdaya.people.models import Person

    resident = Person.objects.create(full_name="Warga Banyumulek", sex="P", place=world.banyumulek)
    elsewhere = Person.objects.create(full_name="Warga Kediri", sex="L", place=world.kediri)
    visible = set(access.visible_persons(world.users["facilitator"]))
    assert resident in visible and elsewhere not in visible
    assert access.access_person(world.users["facilitator"], resident.pk) == resident
