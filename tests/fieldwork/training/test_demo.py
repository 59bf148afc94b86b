"""The demo trainings load through the services, once: a second run adds nothing."""

import datetime as dt

import pytest

from berdaya.demo import fieldwork_training as demo
from berdaya.fieldwork.training import queries
from berdaya.fieldwork.training.models import Outcome, SessionAttendance, Training
from berdaya.groups.models import Group, Membership
from berdaya.people.models import Person
from berdaya.places.models import Place
from berdaya.programs.models import Agency, Programme, Site

pytestmark = pytest.mark.django_db

TRAINEES = [
    "Sutardjo", "Sukijan", "Kasiyati", "Ngatijo", "Tukiyem", "Sarjiyo", "Wagiyo",
    "Parjilah", "Rubiyem", "Painem", "Mujiono", "Ngadiyem", "Tumiran", "Sariyem",
]  # fmt: skip


@pytest.fixture
def senik_world(world):
    bumirejo = Place.objects.get(code=demo.BUMIREJO)
    programme = Programme.objects.create(name=demo.PROGRAMME, model_type="custom")
    Site.objects.create(programme=programme, place=bumirejo)
    for name, kind in [
        (demo.PERIN, "dinas_perindag"),
        (demo.KOP, "dinas_koperasi_umkm"),
        (demo.GRIYA, "offtaker"),
    ]:
        Agency.objects.create(name=name, kind=kind)
    founded = dt.date(2024, 11, 6)
    group = Group.objects.create(
        name=demo.SENIK, kind="paguyuban", programme=programme, place=bumirejo, founded_on=founded
    )
    for name in TRAINEES:
        person = Person.objects.create(full_name=name, sex="L", place=bumirejo)
        Membership.objects.create(group=group, person=person, joined_on=founded)
    late = Person.objects.create(full_name="Ponijo", sex="L", place=bumirejo)
    Membership.objects.create(group=group, person=late, joined_on=dt.date(2025, 3, 2))
    return group


def test_demo_loads_once(world, senik_world):
    admin = world.users["admin"]
    first = demo.load(acting_user=admin)
    assert first > 100
    assert demo.load(acting_user=admin) == 0
    assert Training.objects.count() == 2
    main = Training.objects.get(idempotency_key=demo.KEY)
    assert main.participants.count() == 14 and main.sessions.count() == 5
    assert {s.method for s in main.sessions.all()} == {"lecture", "practice", "field_visit"}
    assert SessionAttendance.objects.filter(session__training=main).count() == 70
    standings = {s.person.full_name: s for s in queries.standings(main)}
    assert not standings["Tumiran"].eligible and "3 of 5 sessions (60%)" in standings["Tumiran"].reason
    assert standings["Ngadiyem"].eligible and sum(s.eligible for s in standings.values()) == 13
    assert Outcome.objects.get(training=main, kind="group_formed").group == senik_world
    follow_up = Training.objects.get(idempotency_key=demo.FOLLOW_UP_KEY)
    assert follow_up.participants.count() == 15 and follow_up.checklist.filter(done=True).count() == 2


def test_demo_without_its_programme_loads_nothing(world):
    assert demo.load(acting_user=world.users["admin"]) == 0
