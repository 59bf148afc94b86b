"""Demo PRA (seed 004): the participatory appraisal with the migrants of RT 10, Kelurahan Pakis, Surabaya.

7 June 2025 at the kelurahan office, facilitated by the programme's facilitator. Five problems were named
(housing, capital, health, schooling, work) and capital took almost every vote, as at Pakis ("masalah
modal, 17 suara"): here 10 of the 12 demo migrants. Potentials are the local institutions the seed lists
(arisan, Yasin Al Ichlas, majelis taklim, posyandu, senam) and people's skills (building, sewing, cakes,
welding, electrics, corn coffee). Needs and business interests follow: capital, decent housing and the
shared MCK; trading, carpentry, sewing.

The suggestion is computed by the service: the five traders form one suggested group; the four
carpenters and three tailors are too few for the programme's minimum of five and stay unplaced, each
with the reason. The suggestion is left pending: the demo's Pakis migrants already belong to
"Kelompok Migran Mandiri Pakis" (formed a week after this PRA), so creating another group from the same
people would double their membership. Every row goes through the PRA services; a second run finds the
session by its site and title and adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from berdaya.people.models import Person
from berdaya.places.models import subtree_q
from berdaya.programs.models import Programme, Site, StaffMember

from ..fieldwork.pra import services
from ..fieldwork.pra.models import PraSession

PROGRAMME = "Pemberdayaan Migran Perkotaan"
PAKIS = "35.78.06.1006"
TITLE = "PRA Kelurahan Pakis: menemukenali masalah, potensi dan kebutuhan"
HELD = dt.date(2025, 6, 7)
FACILITATOR = "Hendro Wibisono"

# name, business interest, skills, the problem their one dot went to
PARTICIPANTS = [
    ("Moh. Holil", "berjualan", "jualan buah", "Modal"),
    ("Siti Maimunah", "berjualan", "warung, membuat kue", "Modal"),
    ("Abdul Rahem", "pertukangan", "keahlian bangunan", "Modal"),
    ("Sumarni", "menjahit", "menjahit", "Modal"),
    ("Fatimah", "berjualan", "membuat kue", "Perumahan"),
    ("Samsul Arifin", "pertukangan", "mengelas", "Modal"),
    ("Rukayah", "menjahit", "menjahit", "Modal"),
    ("Lukman Hakim", "berjualan", "dagang keliling", "Modal"),
    ("Nur Hasanah", "berjualan", "kopi jagung, kacang godok", "Modal"),
    ("Bunawi", "pertukangan", "keahlian bangunan, perbengkelan", "Modal"),
    ("Halimah", "menjahit", "menjahit", "Kesehatan"),
    ("Yohanes Sinaga", "pertukangan", "elektro", "Modal"),
]
PROBLEMS = [
    ("Perumahan", "Rumah kontrakan 4 x 3 meter dihuni satu keluarga, kadang bersama keluarga lain."),
    ("Modal", "Tidak punya modal usaha; pinjaman hanya dari rentenir."),
    ("Kesehatan", "MCK di luar, dipakai bersama enam keluarga pengontrak lain."),
    ("Pendidikan", "Biaya sekolah anak sulit dipenuhi."),
    ("Pekerjaan", "Bekerja serabutan di sektor informal; sebagian menempati jalur hijau."),
]
# Whole-room pairwise comparisons (show of hands): (a, b, the one that weighs more)
PAIRWISE = [
    ("Modal", "Perumahan", "Modal"),
    ("Modal", "Kesehatan", "Modal"),
    ("Modal", "Pendidikan", "Modal"),
    ("Modal", "Pekerjaan", "Modal"),
    ("Perumahan", "Kesehatan", "Perumahan"),
    ("Perumahan", "Pendidikan", "Pendidikan"),
    ("Perumahan", "Pekerjaan", "Pekerjaan"),
    ("Kesehatan", "Pendidikan", "Pendidikan"),
    ("Kesehatan", "Pekerjaan", "Kesehatan"),
    ("Pendidikan", "Pekerjaan", "Pekerjaan"),
]
POTENTIALS = [
    ("institution", "Arisan warga RT 10", None),
    ("institution", "Yasin Al Ichlas", None),
    ("institution", "Majelis taklim", None),
    ("institution", "Posyandu", None),
    ("institution", "Kelompok senam", None),
    ("skill", "Keahlian bangunan", "Abdul Rahem"),
    ("skill", "Menjahit", "Sumarni"),
    ("skill", "Membuat kue", "Fatimah"),
    ("skill", "Mengelas", "Samsul Arifin"),
    ("skill", "Elektro", "Yohanes Sinaga"),
    ("skill", "Kopi jagung dan kacang godok", "Nur Hasanah"),
]
NEEDS = [
    ("need", "Modal usaha", 10),
    ("need", "Rumah layak huni dan MCK bersama yang bersih", 4),
    ("business_interest", "Berjualan (buah, kue, sayur, kopi jagung)", 5),
    ("business_interest", "Pertukangan (bangunan, las, elektro)", 4),
    ("business_interest", "Penjahitan", 3),
]


def load(*, acting_user) -> int:
    """Create the Pakis PRA if its programme, site and people are there; the number of rows created."""
    programme = Programme.objects.filter(name=PROGRAMME).first()
    site = Site.objects.filter(programme=programme, place__code=PAKIS).select_related("place").first()
    if programme is None or site is None or PraSession.objects.filter(site=site, title=TITLE).exists():
        return 0
    people = {
        p.full_name: p
        for p in Person.objects.filter(subtree_q(PAKIS, "place"), full_name__in=[r[0] for r in PARTICIPANTS])
    }
    if len(people) != len(PARTICIPANTS):
        return 0  # the demo's migrants are not loaded: leave the PRA out rather than half of it
    facilitator = StaffMember.objects.filter(full_name=FACILITATOR, programmes=programme).first()
    rows = 0
    with transaction.atomic():
        session = services.create_session(
            site=site,
            title=TITLE,
            held_on=HELD,
            facilitator=facilitator,
            dots_per_participant=1,
            notes="Di kantor Kelurahan Pakis; Dinas Sosial Kota ikut FGD; LSM pendamping mencatat.",
            acting_user=acting_user,
        )
        rows += 1
        participants = {}
        for name, interest, skills, _vote in PARTICIPANTS:
            participants[name] = services.add_participant(
                session=session,
                person=people[name],
                business_interest=interest,
                skills=skills,
                acting_user=acting_user,
            )
            rows += 1
        problems = {}
        for title, description in PROBLEMS:
            problems[title] = services.add_problem(
                session=session, title=title, description=description, acting_user=acting_user
            )
            rows += 1
        for name, _interest, _skills, vote in PARTICIPANTS:
            rows += len(
                services.cast_dot_votes(
                    session=session,
                    person=people[name],
                    votes={problems[vote].pk: 1},
                    acting_user=acting_user,
                )
            )
        rows += len(
            services.record_pairwise(
                session=session,
                choices=[(problems[a].pk, problems[b].pk, problems[p].pk) for a, b, p in PAIRWISE],
                acting_user=acting_user,
            )
        )
        for kind, name, person in POTENTIALS:
            services.add_potential(
                session=session,
                kind=kind,
                name=name,
                person=people[person] if person else None,
                acting_user=acting_user,
            )
            rows += 1
        for kind, text, votes in NEEDS:
            services.add_need(session=session, kind=kind, text=text, votes=votes, acting_user=acting_user)
            rows += 1
        for suggestion in services.suggest_groups(session=session, acting_user=acting_user):
            rows += 1 + suggestion.members.count()
    return rows
