"""A worked PRA carried through the parts of fieldwork: problems → votes → groups → business plan →
activity calendar → the calendar's items due as follow-ups on the mentors' list, then done.

Seed 004 (Pakis, Surabaya): capital was the problem that won the votes, the sewing migrants formed a
group by skill and residence, and the group's plan set out what to do month by month.
"""

import datetime as dt

import pytest

from berdaya.fieldwork.mentoring import queries as mentoring_queries
from berdaya.fieldwork.plans import services as plans
from berdaya.fieldwork.pra import queries as pra_queries
from berdaya.fieldwork.pra import services as pra
from berdaya.people.models import Person
from berdaya.programs.models import Programme, Site

SEWERS = ["Siti Maimunah", "Sumarni", "Rukayah", "Halimah", "Nur Hasanah"]


@pytest.mark.django_db
def test_pra_to_groups_to_calendar_to_follow_ups(world):
    facilitator = world.users["facilitator"]
    programme = Programme.objects.create(
        name="Migran Pakis", model_type="migrant", group_size_min=5, group_size_max=10
    )
    site = Site.objects.create(programme=programme, place=world.banyumulek)
    facilitator.scope_programmes.add(programme)
    session = pra.create_session(
        site=site,
        title="PRA Pakis",
        held_on=dt.date(2025, 6, 7),
        dots_per_participant=1,
        acting_user=facilitator,
    )
    people = {}
    for name in SEWERS:
        person = Person.objects.create(full_name=name, sex="P", place=world.banyumulek)
        people[name] = pra.add_participant(
            session=session,
            person=person,
            business_interest="menjahit",
            skills="menjahit",
            acting_user=facilitator,
        )
    capital = pra.add_problem(session=session, title="Modal", acting_user=facilitator)
    housing = pra.add_problem(session=session, title="Perumahan", acting_user=facilitator)
    for name in SEWERS[:4]:
        pra.cast_dot_votes(
            session=session, person=people[name].person, votes={capital.pk: 1}, acting_user=facilitator
        )
    pra.cast_dot_votes(
        session=session, person=people[SEWERS[4]].person, votes={housing.pk: 1}, acting_user=facilitator
    )
    assert [(r.name, r.score) for r in pra_queries.dot_ranking(session)] == [("Modal", 4), ("Perumahan", 1)]

    [suggestion] = pra.suggest_groups(session=session, acting_user=facilitator)
    pra.update_suggestion(suggestion=suggestion, name="Kelompok Penjahit", acting_user=facilitator)
    [group] = pra.create_groups_from_suggestions(
        session=session, acting_user=facilitator, founded_on=dt.date(2025, 6, 14)
    )
    assert group.memberships.count() == 5

    plan = plans.create_plan(
        group=group,
        business="Jahit seragam sekolah",
        prepared_on=dt.date(2025, 6, 14),
        acting_user=facilitator,
    )
    buy = plans.add_calendar_item(
        plan=plan,
        activity="Beli mesin jahit",
        starts_on=dt.date(2025, 7, 1),
        due_on=dt.date(2025, 7, 31),
        owner="Bendahara",
        acting_user=facilitator,
    )
    plans.add_calendar_item(
        plan=plan,
        activity="Pesanan seragam pertama",
        starts_on=dt.date(2025, 8, 1),
        due_on=dt.date(2025, 12, 31),
        owner="Ketua",
        acting_user=facilitator,
    )

    # On 2025-08-10 the machine is ten days late; the uniform order is not due within the next 30 days.
    rows = mentoring_queries.follow_ups(facilitator, soon=30, today=dt.date(2025, 8, 10))
    assert [(r.kind, r.text, r.overdue, r.days) for r in rows] == [("calendar", "Beli mesin jahit", True, 10)]
    assert "Kelompok Penjahit" in rows[0].where

    plans.complete_calendar_item(item=buy, done_on=dt.date(2025, 8, 9), acting_user=facilitator)
    assert mentoring_queries.follow_ups(facilitator, soon=30, today=dt.date(2025, 8, 10)) == []
    # The outsider manager of another programme sees none of it.
    assert mentoring_queries.follow_ups(world.users["outsider"], soon=400, today=dt.date(2025, 8, 10)) == []
