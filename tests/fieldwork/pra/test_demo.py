"""The demo PRA at Pakis loads through the services, explains its suggestion, and loads only once."""

import pytest

from berdaya.demo import fieldwork_pra as demo
from berdaya.fieldwork.pra import queries
from berdaya.fieldwork.pra.models import PraSession
from berdaya.people.models import Person
from berdaya.places.models import Place
from berdaya.programs.models import Programme, Site


@pytest.mark.django_db
def test_demo_pra_loads_once(world):
    admin = world.users["admin"]
    assert demo.load(acting_user=admin) == 0  # no migrant programme yet: nothing, not half
    pakis = Place.objects.get(code=demo.PAKIS)
    programme = Programme.objects.create(name=demo.PROGRAMME, model_type="migrant")
    Site.objects.create(programme=programme, place=pakis)
    for name, *_rest in demo.PARTICIPANTS:
        Person.objects.create(full_name=name, sex="P", place=pakis)
    rows = demo.load(acting_user=admin)
    assert rows > 50
    assert demo.load(acting_user=admin) == 0
    session = PraSession.objects.get()
    top = queries.dot_ranking(session)[0]
    assert (top.name, top.score) == ("Modal", 10)
    assert queries.pairwise_ranking(session)[0].name == "Modal"
    groups, unplaced = queries.suggestions(session)
    assert [(g.business, g.n) for g in groups] == [("berjualan", 5)]
    assert {p.unplaced_reason for p in unplaced} == {
        "Only 4 people chose pertukangan; a group needs at least 5.",
        "Only 3 people chose menjahit; a group needs at least 5.",
    }
