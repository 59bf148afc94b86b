"""Demo trainings (seed 002): the three-day pottery training in Pedukuhan Senik that ended in the paguyuban,
and the follow-up training the Dinas Perindustrian grant paid for, still to come.

- 4–6 November 2024 at the Kepala Dukuh's house: the four preparation items ticked with what was done
  (invitations to 14 participants, the speakers and the head of the Dinas Perindustrian; the venue; milled
  clay, gypsum and paint; the speakers); partners Dinas Perindustrian (marketing), Dinas Koperasi
  (organisation, savings and loans), the Kalurahan (opening, coordination) and Griya Gerabah Wijirejo (the
  modern-pottery practitioner and his showroom). Day 1: three lectures; day 2: practice with milled clay,
  gypsum moulds and finishing; day 3: the field visit to the showroom and workshop in Pundong, joined by
  everyone. Tumiran missed the organisation lecture and the practice day, so his certificate is refused
  (3 of 5 sessions, 60 %, below 75 %); everyone else gets one. Skills before and after for three skills;
  the outcome is the Paguyuban Pengrajin Gerabah Pedukuhan Senik.
- December 2026: "Kontrol kualitas dan pengemasan souvenir", half prepared, for the current members.
Every row goes through the training services; a second run finds the trainings and adds nothing.
"""

from __future__ import annotations

import datetime as dt

from berdaya.groups.models import Group, Membership
from berdaya.programs.models import Agency, Programme, Site

from ..fieldwork.training import services
from ..fieldwork.training.models import Training

D = dt.date
PROGRAMME = "Pemberdayaan Paguyuban Gerabah Senik"
BUMIREJO = "34.01.05.2002"
SENIK = "Paguyuban Pengrajin Gerabah Pedukuhan Senik"
PERIN = "Dinas Perindustrian Kabupaten Kulon Progo"
KOP = "Dinas Koperasi dan UKM Kabupaten Kulon Progo"
DESA = "Pemerintah Kalurahan Bumirejo"
GRIYA = "Griya Gerabah Wijirejo"
KEY, FOLLOW_UP_KEY = "demo-senik-2024", "demo-senik-2026"

CHECKLIST = {
    "invitations": "Surat undangan 14 peserta, nara sumber dan Kepala Dinas Perindustrian",
    "venue": "Rumah Kepala Dukuh Senik; hari ke-3 showroom di Wijirejo, Pundong",
    "materials": "Tanah liat yang telah digiling, gypsum, cat pewarna",
    "speakers": "Kasubdin Perindustrian, Kasubdin Koperasi, praktisi gerabah modern Wijirejo",
}
PARTNERS = [
    (PERIN, "Nara sumber manajemen pemasaran; Kepala Dinas diundang"),
    (KOP, "Nara sumber pengorganisasian, perkoperasian dan simpan pinjam"),
    (DESA, "Kepala Desa membuka pelatihan; koordinasi Kepala Dukuh, ketua RT dan TKM"),
    (GRIYA, "Pelatih gerabah modern; showroom dan rumah produksi untuk kunjungan lapangan"),
]
# day, time, topic, method, speaker, agency, venue
SESSIONS = [
    (0, dt.time(9, 0), "Manajemen pemasaran: daya saing, selera pasar, pameran dan showroom", "lecture",
     "Kasubdin Perindustrian Kabupaten Kulon Progo", PERIN, ""),
    (0, dt.time(10, 30), "Pengorganisasian kelompok usaha, perkoperasian dan simpan pinjam", "lecture",
     "Kasubdin Koperasi Kabupaten Kulon Progo", KOP, ""),
    (0, dt.time(13, 0), "Diversifikasi produk gerabah modern: souvenir dan vas bunga", "lecture",
     "Praktisi gerabah modern Griya Gerabah Wijirejo", GRIYA, ""),
    (1, dt.time(9, 0), "Praktek: tanah liat giling, cetakan gypsum dan finishing", "practice",
     "Praktisi gerabah modern Griya Gerabah Wijirejo", GRIYA, ""),
    (2, dt.time(8, 0), "Kunjungan lapangan ke showroom dan rumah produksi gerabah modern", "field_visit",
     "Praktisi gerabah modern Griya Gerabah Wijirejo", GRIYA, "Desa Wijirejo, Kecamatan Pundong, Bantul (±40 km)"),
]  # fmt: skip
#: Who missed which session (by its index in SESSIONS).
ABSENT = {"Tumiran": {1, 3}, "Ngadiyem": {3}}
# skill, (before, after) levels cycled over the participants in name order
SKILLS = [
    ("Membuat gerabah modern (souvenir, vas bunga)", [(1, 3), (2, 4), (1, 3), (2, 3)]),
    ("Membuat cetakan gypsum", [(1, 4), (1, 3), (1, 4), (2, 4)]),
    ("Finishing dan pewarnaan produk", [(2, 3), (2, 4), (1, 3), (3, 4)]),
    ("Pemasaran dan penetapan harga", [(1, 2), (2, 3), (1, 2), (2, 2)]),
]


def _main(*, programme, site, group, agencies, acting_user) -> int:
    rows = 0
    start = D(2024, 11, 4)
    training = services.create_training(
        programme=programme,
        site=site,
        title="Pelatihan diversifikasi gerabah modern",
        starts_on=start,
        ends_on=start + dt.timedelta(days=2),
        venue="Rumah Kepala Dukuh Senik, Kalurahan Bumirejo",
        notes="Peserta 14 pengrajin gerabah tradisional Pedukuhan Senik. Dana pelatihan dan simpan pinjam "
        "kemudian dibantu hibah Rp5.000.000 Dinas Perindustrian atas proposal kelompok.",
        acting_user=acting_user,
        idempotency_key=KEY,
    )
    rows += 1 + training.checklist.count()
    for item in training.checklist.all():
        services.tick_checklist_item(item=item, done=True, note=CHECKLIST[item.kind], acting_user=acting_user)
    for name, contribution in PARTNERS:
        if name in agencies:
            services.add_partner(
                training=training, agency=agencies[name], contribution=contribution, acting_user=acting_user
            )
            rows += 1
    sessions = []
    for i, (day, at, topic, method, speaker, agency, venue) in enumerate(SESSIONS):
        sessions.append(
            services.add_session(
                training=training,
                on_date=start + dt.timedelta(days=day),
                starts_at=at,
                topic=topic,
                method=method,
                speaker=speaker,
                speaker_agency=agencies.get(agency),
                venue=venue,
                acting_user=acting_user,
                idempotency_key=f"{KEY}-s{i}",
            )
        )
    rows += len(sessions)
    # The 14 trainees are the members who joined on the day the paguyuban was founded.
    trainees = [
        m.person
        for m in Membership.objects.filter(group=group, joined_on=group.founded_on)
        .select_related("person")
        .order_by("person__full_name")
    ]
    rows += len(services.add_participants(training=training, people=trainees, acting_user=acting_user))
    for i, session in enumerate(sessions):
        present = [p.pk for p in trainees if i not in ABSENT.get(p.full_name, set())]
        rows += len(
            services.record_session_attendance(session=session, present_ids=present, acting_user=acting_user)
        )
    for skill, levels in SKILLS:
        scores = [services.Score(p.pk, *levels[n % len(levels)]) for n, p in enumerate(trainees)]
        rows += len(
            services.record_assessments(
                training=training, skill=skill, scores=scores, acting_user=acting_user
            )
        )
    services.add_outcome(
        training=training,
        kind="group_formed",
        group=group,
        description="Peserta sepakat membentuk paguyuban: pertemuan rutin setiap bulan, simpanan wajib "
        "Rp10.000, bunga pinjaman 1% per bulan, arisan Rp10.000 per bulan.",
        acting_user=acting_user,
        idempotency_key=f"{KEY}-o1",
    )
    services.add_outcome(
        training=training,
        kind="other",
        description="Dua anggota mulai membuat vas bunga modern dengan cetakan gypsum; Griya Gerabah Wijirejo "
        "bersedia menampung souvenir sesuai kontrol kualitas.",
        acting_user=acting_user,
        idempotency_key=f"{KEY}-o2",
    )
    return rows + 2


def _follow_up(*, programme, site, group, agencies, acting_user) -> int:
    start = D(2026, 12, 7)
    training = services.create_training(
        programme=programme,
        site=site,
        title="Pelatihan lanjutan: kontrol kualitas dan pengemasan souvenir",
        starts_on=start,
        ends_on=start + dt.timedelta(days=1),
        venue="Rumah Kepala Dukuh Senik, Kalurahan Bumirejo",
        notes="Dibiayai dari hibah Dinas Perindustrian; menjawab syarat mutu Griya Gerabah Wijirejo dan pesanan "
        "souvenir pernikahan.",
        acting_user=acting_user,
        idempotency_key=FOLLOW_UP_KEY,
    )
    rows = 1 + training.checklist.count()
    for item in training.checklist.filter(kind__in=["invitations", "venue"]):
        services.tick_checklist_item(item=item, done=True, acting_user=acting_user)
    if GRIYA in agencies:
        services.add_partner(
            training=training,
            agency=agencies[GRIYA],
            contribution="Standar mutu souvenir",
            acting_user=acting_user,
        )
        rows += 1
    for i, (day, topic, method) in enumerate(
        [
            (0, "Standar mutu souvenir dan pesanan perias pengantin", "lecture"),
            (1, "Praktek pengemasan dan pemeriksaan mutu", "practice"),
        ]
    ):
        services.add_session(
            training=training,
            on_date=start + dt.timedelta(days=day),
            starts_at=dt.time(9, 0),
            topic=topic,
            method=method,
            speaker="Praktisi gerabah modern Griya Gerabah Wijirejo",
            speaker_agency=agencies.get(GRIYA),
            acting_user=acting_user,
            idempotency_key=f"{FOLLOW_UP_KEY}-s{i}",
        )
        rows += 1
    members = services.group_members(group)
    if members:
        rows += len(services.add_participants(training=training, people=members, acting_user=acting_user))
    return rows


def load(*, acting_user) -> int:
    """Load the demo trainings; returns the rows created (0 when they are already there)."""
    programme = Programme.objects.filter(name=PROGRAMME).first()
    group = Group.objects.filter(name=SENIK).first()
    if programme is None or group is None:
        return 0
    site = Site.objects.filter(programme=programme, place__code=BUMIREJO).first()
    agencies = {a.name: a for a in Agency.objects.filter(name__in=[PERIN, KOP, DESA, GRIYA])}
    rows = 0
    common = {
        "programme": programme,
        "site": site,
        "group": group,
        "agencies": agencies,
        "acting_user": acting_user,
    }
    if not Training.objects.filter(programme=programme, idempotency_key=KEY).exists():
        rows += _main(**common)
    if not Training.objects.filter(programme=programme, idempotency_key=FOLLOW_UP_KEY).exists():
        rows += _follow_up(**common)
    return rows
