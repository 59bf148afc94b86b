"""Worked example from seed 002: the three-day pottery training of the craftspeople of Pedukuhan Senik,
Kalurahan Bumirejo (Kulon Progo), 1–3 November 2010.

Preparation: invitations to 14 participants, the speakers and the head of the Dinas Perindustrian; the
venue (the Kepala Dukuh's house); milled clay, gypsum and paint; finding competent speakers.
Coordination with the RT head, the Kepala Dukuh, the TKM, the Dinas Perindustrian and Dinas Koperasi and
a modern-pottery practitioner from Wijirejo, Pundong. Day 1: marketing (Kasubdin Perindustrian),
organisation and savings and loans (Kasubdin Koperasi), modern pottery techniques (the practitioner).
Day 2: practice with milled clay, gypsum moulds and finishing. Day 3: a field visit to the practitioner's
showroom and workshop about 40 km away, which every participant joined. Afterwards the trainees formed the
Paguyuban pengrajin gerabah Pedukuhan Senik. The people are the demo's fictional Senik craftspeople.
"""

import datetime as dt

import pytest

from berdaya.fieldwork.training import queries, services
from berdaya.groups.models import Group, Membership
from berdaya.people.models import Person
from berdaya.places.models import Place
from berdaya.programs.models import Agency, Programme, Site

pytestmark = pytest.mark.django_db

BUMIREJO = "34.01.05.2002"
NAMES = [
    "Sutardjo", "Sukijan", "Kasiyati", "Ngatijo", "Tukiyem", "Sarjiyo", "Wagiyo",
    "Parjilah", "Rubiyem", "Painem", "Mujiono", "Ngadiyem", "Tumiran", "Sariyem",
]  # fmt: skip


@pytest.fixture
def senik(world):
    bumirejo = Place.objects.get(code=BUMIREJO)
    programme = Programme.objects.create(name="Pemberdayaan Paguyuban Gerabah Senik", model_type="custom")
    site = Site.objects.create(programme=programme, place=bumirejo)
    agencies = {
        key: Agency.objects.create(name=name, kind=kind)
        for key, name, kind in [
            ("perin", "Dinas Perindustrian Kabupaten Kulon Progo", "dinas_perindag"),
            ("kop", "Dinas Koperasi dan UKM Kabupaten Kulon Progo", "dinas_koperasi_umkm"),
            ("desa", "Pemerintah Kalurahan Bumirejo", "village_government"),
            ("pundong", "Griya Gerabah Wijirejo", "offtaker"),
        ]
    }
    people = [Person.objects.create(full_name=n, sex="L", place=bumirejo) for n in NAMES]
    return programme, site, agencies, people, bumirejo


def test_three_day_pottery_training_ending_in_a_paguyuban(world, senik):
    programme, site, ag, people, bumirejo = senik
    fasil = world.users["admin"]
    training = services.create_training(
        programme=programme,
        site=site,
        title="Pelatihan diversifikasi gerabah modern",
        starts_on=dt.date(2010, 11, 1),
        ends_on=dt.date(2010, 11, 3),
        venue="Rumah Kepala Dukuh Senik, Desa Bumirejo",
        acting_user=fasil,
    )
    assert training.days == 3

    # a. Preparation: the four default items, each ticked with what was done.
    notes = {
        "invitations": "Surat undangan 14 peserta, nara sumber dan Kepala Dinas Perindustrian",
        "venue": "Rumah Kepala Dukuh Senik",
        "materials": "Tanah liat yang telah digiling, gypsum, cat pewarna",
        "speakers": "Nara sumber Dinas Perindustrian, Dinas Koperasi, praktisi gerabah Wijirejo",
    }
    for item in training.checklist.all():
        services.tick_checklist_item(item=item, done=True, note=notes[item.kind], acting_user=fasil)
    assert training.checklist.filter(done=True).count() == 4

    # b. Coordination with partners.
    for key, what in [
        ("perin", "Nara sumber manajemen pemasaran (Kasubdin Perindustrian)"),
        ("kop", "Nara sumber pengorganisasian dan simpan pinjam (Kasubdin Koperasi)"),
        ("desa", "Kepala Desa membuka pelatihan; Kepala Dukuh dan ketua RT berkoordinasi"),
        ("pundong", "Pelatih gerabah modern; showroom untuk kunjungan lapangan"),
    ]:
        services.add_partner(training=training, agency=ag[key], contribution=what, acting_user=fasil)

    # c. Sessions over three days: lectures, practice, field visit.
    day = dt.date(2010, 11, 1)
    plan = [
        (day, "Manajemen pemasaran", "lecture", "Kasubdin Perindustrian", ag["perin"], ""),
        (
            day,
            "Pengorganisasian, perkoperasian dan simpan pinjam",
            "lecture",
            "Kasubdin Koperasi",
            ag["kop"],
            "",
        ),
        (day, "Diversifikasi produk gerabah modern", "lecture", "Praktisi gerabah modern", ag["pundong"], ""),
        (
            day + dt.timedelta(days=1),
            "Praktek gerabah modern: tanah liat giling, cetakan gypsum, finishing",
            "practice",
            "Praktisi gerabah modern",
            ag["pundong"],
            "",
        ),
        (
            day + dt.timedelta(days=2),
            "Kunjungan lapangan ke showroom dan rumah produksi",
            "field_visit",
            "Praktisi gerabah modern",
            ag["pundong"],
            "Desa Wijirejo, Kecamatan Pundong, Bantul",
        ),
    ]
    sessions = [
        services.add_session(
            training=training,
            on_date=d,
            topic=topic,
            method=method,
            speaker=speaker,
            speaker_agency=agency,
            venue=venue,
            acting_user=fasil,
        )
        for d, topic, method, speaker, agency, venue in plan
    ]
    assert [s.day for s in queries.sessions(training)] == [1, 1, 1, 2, 3]
    methods = {s.method for s in sessions}
    assert methods == {"lecture", "practice", "field_visit"}

    # d. 14 participants; everyone at every session except one absent from the practice day. The field
    # visit, 40 km by motorbike, was joined by all.
    services.add_participants(training=training, people=people, acting_user=fasil)
    ids = [p.pk for p in people]
    for s in sessions:
        present = ids if s.method != "practice" else ids[:-1]
        services.record_session_attendance(session=s, present_ids=present, acting_user=fasil)
    standings = {s.person.full_name: s for s in queries.standings(training)}
    assert len(standings) == 14 and all(s.eligible for s in standings.values())
    assert standings["Sariyem"].attended == 4 and standings["Sariyem"].share == 80
    assert "4 of 5 sessions (80%)" in standings["Sariyem"].reason
    visit = queries.sessions(training)[-1]
    assert visit.present_count == 14

    # e. Skills before and after (1–5).
    for skill, before, after in [
        ("Membuat gerabah modern (souvenir, vas bunga)", 1, 3),
        ("Membuat cetakan gypsum", 1, 4),
        ("Finishing produk gerabah", 2, 3),
    ]:
        services.record_assessments(
            training=training,
            skill=skill,
            scores=[services.Score(pid, before, after) for pid in ids],
            acting_user=fasil,
        )
    changes = {c.skill: c for c in queries.skill_changes(training)}
    assert str(changes["Membuat cetakan gypsum"].change) == "3.00"
    assert changes["Finishing produk gerabah"].assessed == 14

    # f. Outcome: the trainees form the paguyuban (wajib Rp10.000, loans 1 % a month, arisan Rp10.000).
    group = Group.objects.create(
        name="Paguyuban Pengrajin Gerabah Pedukuhan Senik",
        kind="paguyuban",
        programme=programme,
        place=bumirejo,
    )
    for p in people:
        Membership.objects.create(group=group, person=p, joined_on=dt.date(2010, 11, 3))
    outcome = services.add_outcome(
        training=training,
        kind="group_formed",
        group=group,
        description="Simpanan wajib Rp10.000, bunga pinjaman 1% per bulan, arisan Rp10.000 per bulan; "
        "pertemuan rutin setiap bulan",
        acting_user=fasil,
    )
    assert outcome.get_kind_display() == "Group formed" and outcome.group == group
    assert {p.pk for p in services.group_members(group)} == set(ids)
