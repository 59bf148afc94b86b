"""Demo innovation adoption (seed 002, Pedukuhan Senik, Kulon Progo): modern pottery designs.

The 14 trainees learned modern pottery (souvenirs, flower vases, gypsum moulds) at the three-day training
that began on 4 November 2024, from Bp Agus Sugiharto, a modern-pottery maker from Wijirejo, Pundong.
Two members started making modern vases by the third meeting; others followed. The marketing officers
spread it to neighbours: Ponijo learned it from Sarjiyo and then joined the paguyuban (March 2025);
Wardoyo, a neighbour, learned it from Ponijo. Some trainees never adopted it (the seed: an innovation
that goes against one's values or costs too much is not adopted).

Everything goes through ``berdaya.fieldwork.innovation.services`` with fixed idempotency keys, so a
second run creates nothing.
"""

from __future__ import annotations

import datetime as dt

from berdaya.fieldwork.innovation import services
from berdaya.fieldwork.innovation.models import AdoptionEvent, Innovation
from berdaya.people.models import Person
from berdaya.places.models import subtree_q
from berdaya.programs.models import Agency, Programme, Site

PROGRAMME = "Pemberdayaan Paguyuban Gerabah Senik"
NAME = "Gerabah modern: souvenir dan vas bunga"

# person, stage, date, learned from
STEPS = """
    Sutardjo   learned    2024-11-05
    Sukijan    learned    2024-11-05
    Kasiyati   learned    2024-11-05
    Ngatijo    learned    2024-11-05
    Tukiyem    learned    2024-11-05
    Sarjiyo    learned    2024-11-05
    Wagiyo     learned    2024-11-05
    Parjilah   learned    2024-11-05
    Rubiyem    learned    2024-11-05
    Painem     learned    2024-11-05
    Mujiono    learned    2024-11-05
    Ngadiyem   learned    2024-11-05
    Tumiran    learned    2024-11-05
    Sariyem    learned    2024-11-05
    Sutardjo   adopted    2025-01-06
    Mujiono    adopted    2025-01-06
    Sarjiyo    adopted    2025-01-20
    Sarjiyo    spreading  2025-01-25
    Ponijo     learned    2025-01-25  Sarjiyo
    Ngatijo    adopted    2025-02-03
    Painem     adopted    2025-03-03
    Sariyem    adopted    2025-03-03
    Ponijo     adopted    2025-04-07
    Mujiono    spreading  2025-04-07
    Wagiyo     adopted    2025-05-05
    Kasiyati   adopted    2025-06-02
    Ponijo     spreading  2025-07-07
    Wardoyo    learned    2025-07-12  Ponijo
    Wardoyo    adopted    2025-09-01
"""
NOTES = {
    ("Sutardjo", "adopted"): "Mulai membuat vas bunga modern dengan cetakan gypsum.",
    ("Mujiono", "adopted"): "Mulai membuat souvenir pernikahan.",
    ("Sarjiyo", "spreading"): "Seksi pemasaran; mengajari tetangga di RT 45.",
    ("Ponijo", "learned"): "Belajar dari tetangga anggota lalu minta bergabung.",
    ("Wardoyo", "learned"): "Tetangga di RT 45; belum anggota paguyuban.",
}


def load(*, acting_user) -> int:
    programme = Programme.objects.filter(name=PROGRAMME).first()
    if programme is None:
        return 0
    created = 0
    innovation = Innovation.objects.filter(programme=programme, name=NAME).first()
    if innovation is None:
        innovation = services.create_innovation(
            programme=programme,
            name=NAME,
            description=(
                "Diversifikasi gerabah tradisional ke gerabah modern yang sedang menjadi selera pasar: "
                "souvenir, vas bunga, cetakan dari gypsum dan finishing. Dikomunikasikan lewat pertemuan, "
                "dialog, diskusi antar pengrajin, pemutaran film pengusaha sukses dan pelatihan tiga hari."
            ),
            introduced_on=dt.date(2024, 11, 4),
            introduced_by_agency=Agency.objects.filter(
                name="Dinas Perindustrian Kabupaten Kulon Progo"
            ).first(),
            introduced_by="Bp Agus Sugiharto, pengrajin gerabah modern Desa Wijirejo, Pundong, Bantul",
            acting_user=acting_user,
        )
        created += 1
    area = subtree_q(
        Site.objects.filter(programme=programme).values_list("place__code", flat=True).first() or "-"
    )
    people = {p.full_name: p for p in Person.objects.filter(area)}
    done = set(AdoptionEvent.objects.filter(innovation=innovation).values_list("idempotency_key", flat=True))
    for line in STEPS.strip().splitlines():
        name, stage, day, *teacher = line.split()
        key = f"demo-{name}-{stage}"
        if key in done or name not in people:
            continue
        services.record_stage(
            innovation=innovation,
            person=people[name],
            stage=stage,
            on_date=dt.date.fromisoformat(day),
            learned_from=people[teacher[0]] if teacher else None,
            notes=NOTES.get((name, stage), ""),
            idempotency_key=key,
            acting_user=acting_user,
        )
        created += 1
    return created
