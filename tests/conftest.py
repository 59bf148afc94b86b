"""Fixtures shared by every test: a small region tree, one programme world, and a user per role.

The world: programme "Alpha" with a site at Banyumulek (Lombok Barat) and a group "KUBE Alpha" there;
programme "Beta" with a site in Kota Kediri and a group "KUBE Beta". Users: admin, a manager and an
auditor of Alpha, a facilitator assigned to KUBE Alpha, a treasurer (officer) and a member of KUBE Alpha,
a partner whose agency has a role at the Alpha site, and an outsider manager of Beta.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

# Lombok Barat, Kota Kediri, Kulon Progo, Surakarta, Surabaya, Palembang, Yogyakarta.
TEST_REGIONS = ["52.01", "35.71", "34.01", "33.72", "35.78", "16.71", "34.71"]
BANYUMULEK = "52.01.02.2006"
BANDAR_KIDUL = "35.71.01.1002"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The default PBKDF2 hasher costs ~0.6 s per user; the world fixture makes eight of them.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english(settings):
    """Tests read messages in the source language; tests of the Indonesian default ask for ``indonesian``.

    (The catalogue's completeness is checked by scripts/check_translations.py in ./test.)
    """
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def indonesian(settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "id"
    with translation.override("id"):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from berdaya.places.services import load_regions

    with django_db_blocker.unblock():
        load_regions(only=TEST_REGIONS)


@pytest.fixture
def regions(db):
    """Regions for tests on a flushed database (transactional / browser tests)."""
    from berdaya.places.models import Place
    from berdaya.places.services import load_regions

    if not Place.objects.filter(code=BANYUMULEK).exists():
        load_regions(only=TEST_REGIONS)


@pytest.fixture
def place(regions):
    from berdaya.places.models import Place

    def get(code: str = BANYUMULEK) -> Place:
        return Place.objects.get(code=code)

    return get


@pytest.fixture
def world(db, regions):
    from berdaya.accounts.models import Role, User
    from berdaya.groups.models import Assignment, Group, Membership, OfficerTerm
    from berdaya.people.models import Person
    from berdaya.places.models import Place
    from berdaya.programs.models import Agency, AgencyRole, Programme, Site, StaffMember

    banyumulek = Place.objects.get(code=BANYUMULEK)
    kediri = Place.objects.get(code=BANDAR_KIDUL)
    alpha = Programme.objects.create(name="Alpha", model_type="kube")
    beta = Programme.objects.create(name="Beta", model_type="umkm_cluster")
    site_a = Site.objects.create(programme=alpha, place=banyumulek)
    Site.objects.create(programme=beta, place=kediri)
    group_a = Group.objects.create(name="KUBE Alpha", kind="kube", programme=alpha, place=banyumulek)
    group_b = Group.objects.create(name="KUBE Beta", kind="kube", programme=beta, place=kediri)
    people_a = [
        Person.objects.create(full_name=f"Anggota A{i}", sex="P", place=banyumulek) for i in range(1, 6)
    ]
    people_b = [Person.objects.create(full_name=f"Anggota B{i}", sex="L", place=kediri) for i in range(1, 4)]
    for person in people_a:
        Membership.objects.create(group=group_a, person=person, joined_on=dt.date(2024, 1, 10))
    for person in people_b:
        Membership.objects.create(group=group_b, person=person, joined_on=dt.date(2024, 2, 10))
    OfficerTerm.objects.create(
        group=group_a, person=people_a[0], role="treasurer", start_on=dt.date(2024, 1, 10)
    )
    staff = StaffMember.objects.create(full_name="Pendamping Satu", kind="mentor", trained=True)
    staff.programmes.add(alpha)
    Assignment.objects.create(group=group_a, staff=staff, start_on=dt.date(2024, 1, 10))
    agency = Agency.objects.create(name="Dinas Sosial Lombok Barat", kind="dinas_sosial")
    AgencyRole.objects.create(site=site_a, agency=agency, role="mentoring")

    def user(username, role, **extra):
        u = User.objects.create_user(username=username, password="pw-berdaya-1", role=role, **extra)
        return u

    users = {
        "admin": user("admin", Role.ADMIN, is_staff=True, is_superuser=True),
        "manager": user("manager", Role.MANAGER),
        "auditor": user("auditor", Role.AUDITOR),
        "facilitator": user("facilitator", Role.FACILITATOR, staff_member=staff),
        "officer": user("officer", Role.OFFICER, person=people_a[0]),
        "member": user("member", Role.MEMBER, person=people_a[1]),
        "partner": user("partner", Role.PARTNER, agency=agency),
        "outsider": user("outsider", Role.MANAGER),
    }
    users["manager"].scope_programmes.add(alpha)
    users["auditor"].scope_programmes.add(alpha)
    users["outsider"].scope_programmes.add(beta)

    class World:
        pass

    w = World()
    w.alpha, w.beta, w.site_a = alpha, beta, site_a
    w.group_a, w.group_b = group_a, group_b
    w.people_a, w.people_b = people_a, people_b
    w.staff, w.agency = staff, agency
    w.banyumulek, w.kediri = banyumulek, kediri
    w.users = users
    return w


@pytest.fixture
def client_for(world):
    """client_for("manager") → a Django test client logged in as that role's user."""

    def make(role: str) -> Client:
        c = Client()
        c.force_login(world.users[role])
        return c

    return make


@pytest.fixture
def api_for(world):
    """api_for("manager") → a DRF APIClient authenticated with that user's token."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def make(role: str) -> APIClient:
        c = APIClient()
        token, _ = Token.objects.get_or_create(user=world.users[role])
        c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return c

    return make
