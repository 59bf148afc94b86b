"""Seed 004, Kelurahan Pakis (Surabaya): the PRA of twenty migrants in RT 10, worked end to end.

"Prioritas masalah, didominasi masalah modal (17 suara)" — the problems were housing, capital, health,
schooling and work, and capital got 17 of the 20 votes. Their potentials were local institutions
(arisan, yasinan, posyandu, majelis taklim, senam) and skills (building, sewing, cakes, workshop,
electrics, soy milk; corn coffee, boiled peanuts, selling vegetables, welding, photography). Groups were
formed "berdasarkan potensi dan kedekatan tempat tinggal": Kelompok Pertukangan, Kelompok Penjahit,
Kelompok Berjualan.
"""

import datetime as dt

import pytest

from berdaya.fieldwork.pra import queries, services
from berdaya.groups.models import Group, Membership
from berdaya.people.models import Person
from berdaya.places.models import Place
from berdaya.places.services import add_free_place
from berdaya.programs.models import Programme, Site

PAKIS = "35.78.06.1006"
HELD = dt.date(2025, 6, 7)

# name, business interest, skills, RT (10 or 5: seed 004 observed migrants in RT 10 and RT V)
MIGRANTS = [
    ("Moh. Holil", "pertukangan", "bangunan", "RT 10"),
    ("Abdul Rahem", "pertukangan", "bangunan, mengelas", "RT 10"),
    ("Samsul Arifin", "pertukangan", "mengelas", "RT 10"),
    ("Lukman Hakim", "pertukangan", "elektro", "RT 10"),
    ("Bunawi", "pertukangan", "bangunan", "RT 10"),
    ("Yohanes Sinaga", "pertukangan", "elektro", "RT 05"),
    ("Slamet Riyadi", "pertukangan", "bangunan", "RT 05"),
    ("Siti Maimunah", "menjahit", "menjahit", "RT 10"),
    ("Sumarni", "menjahit", "menjahit", "RT 10"),
    ("Rukayah", "menjahit", "menjahit", "RT 10"),
    ("Halimah", "menjahit", "menjahit, membuat kue", "RT 10"),
    ("Nur Hasanah", "menjahit", "menjahit", "RT 05"),
    ("Fatimah", "berjualan", "membuat kue", "RT 10"),
    ("Musriah", "berjualan", "kopi jagung", "RT 10"),
    ("Suliha", "berjualan", "kacang godok", "RT 10"),
    ("Marlina", "berjualan", "jualan sayur", "RT 05"),
    ("Sunarti", "berjualan", "sari dele", "RT 05"),
    ("Tini", "berjualan", "jualan sayur", "RT 05"),
    ("Hasan Basri", "perbengkelan", "perbengkelan", "RT 10"),
    ("Agus Salim", "", "memotret", "RT 05"),
]
PROBLEMS = ["Perumahan", "Modal", "Kesehatan", "Pendidikan", "Pekerjaan"]


@pytest.mark.django_db
def test_pakis_pra_from_votes_to_groups(world):
    admin = world.users["admin"]
    pakis = Place.objects.get(code=PAKIS)
    rw = add_free_place(parent=pakis, kind="rw", name="RW 05", acting_user=admin)
    rts = {
        name: add_free_place(parent=rw, kind="rt", name=name, acting_user=admin)
        for name in ("RT 05", "RT 10")
    }
    programme = Programme.objects.create(
        name="Pemberdayaan Migran Perkotaan", model_type="migrant", group_size_min=5, group_size_max=20
    )
    site = Site.objects.create(programme=programme, place=pakis)
    session = services.create_session(
        site=site,
        title="PRA Kelurahan Pakis",
        held_on=HELD,
        dots_per_participant=1,  # one vote each, as at Pakis
        acting_user=admin,
    )
    people = {}
    for name, interest, skills, rt in MIGRANTS:
        person = Person.objects.create(full_name=name, sex="L", place=rts[rt])
        people[name] = services.add_participant(
            session=session, person=person, business_interest=interest, skills=skills, acting_user=admin
        )
    problems = {t: services.add_problem(session=session, title=t, acting_user=admin) for t in PROBLEMS}

    # 17 of the 20 put their vote on capital; 2 on housing (4 × 3 m rented rooms), 1 on health.
    names = [m[0] for m in MIGRANTS]
    for name in names[:17]:
        services.cast_dot_votes(
            session=session, person=people[name].person, votes={problems["Modal"].pk: 1}, acting_user=admin
        )
    for name in names[17:19]:
        services.cast_dot_votes(
            session=session,
            person=people[name].person,
            votes={problems["Perumahan"].pk: 1},
            acting_user=admin,
        )
    services.cast_dot_votes(
        session=session,
        person=people[names[19]].person,
        votes={problems["Kesehatan"].pk: 1},
        acting_user=admin,
    )
    rows = queries.dot_ranking(session)
    assert [(r.name, r.score, r.rank) for r in rows[:3]] == [
        ("Modal", 17, 1),
        ("Perumahan", 2, 2),
        ("Kesehatan", 1, 3),
    ]
    assert rows[3].tied_with == ["Pendidikan"] and "Tied with Pendidikan on 0 dots" in queries.tie_note(
        rows[3]
    )

    for kind, name in [
        ("institution", "Arisan"),
        ("institution", "Yasin Al Ichlas"),
        ("institution", "Posyandu"),
        ("institution", "Majelis taklim"),
        ("skill", "Menjahit"),
    ]:
        services.add_potential(session=session, kind=kind, name=name, acting_user=admin)
    services.add_need(session=session, kind="need", text="Modal usaha", votes=17, acting_user=admin)

    suggestions = services.suggest_groups(session=session, acting_user=admin)
    by_business = {s.business: s for s in suggestions}
    assert set(by_business) == {"pertukangan", "berjualan", "menjahit"}
    assert [s.members.count() for s in suggestions] == [7, 6, 5]
    # Neighbours first: within the carpenters, RT 05 people come before RT 10 people.
    groups, unplaced = queries.suggestions(session)
    tukang = next(g for g in groups if g.business == "pertukangan")
    assert "All live in RW 05, across 2 areas: RT 05, RT 10." in tukang.reason_texts
    assert "7 members, within the programme's limits of 5 to 20." in tukang.reason_texts
    reasons = {p.person.full_name: p.unplaced_reason for p in unplaced}
    assert reasons == {
        "Hasan Basri": "Only 1 person chose perbengkelan; a group needs at least 5.",
        "Agus Salim": "Only 1 person chose memotret; a group needs at least 5.",
    }

    # The facilitator adjusts: the workshop mechanic joins the carpenters, names follow the seed.
    services.move_participant(
        session=session, participant=people["Hasan Basri"], to=by_business["pertukangan"], acting_user=admin
    )
    for business, name in [
        ("pertukangan", "Kelompok Pertukangan"),
        ("menjahit", "Kelompok Penjahit"),
        ("berjualan", "Kelompok Berjualan"),
    ]:
        services.update_suggestion(suggestion=by_business[business], name=name, acting_user=admin)
    made = services.create_groups_from_suggestions(session=session, acting_user=admin)
    assert sorted(g.name for g in made) == ["Kelompok Berjualan", "Kelompok Penjahit", "Kelompok Pertukangan"]
    tukang = Group.objects.get(name="Kelompok Pertukangan")
    assert tukang.programme == programme and tukang.kind == "kube" and tukang.business_type == "pertukangan"
    assert tukang.place == rw  # members live in two RTs of RW 05: the group sits at the RW
    assert Membership.objects.filter(group=tukang).count() == 8
    assert Group.objects.get(name="Kelompok Penjahit").memberships.count() == 5
    # Agus Salim stays unplaced; nobody is in two groups.
    members = list(Membership.objects.filter(group__in=made).values_list("person__full_name", flat=True))
    assert len(members) == len(set(members)) == 19 and "Agus Salim" not in members
