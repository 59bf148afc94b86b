"""Demo conveyor-belt line (seed 003, Surakarta cluster III): shuttlecocks made "ban berjalan" in Sondakan.

The seed picked the shuttlecock and bird-cage makers as the model of *usaha ban berjalan*: many components,
each made by a different group, put together at the finishing. The demo's KUBE Bulu Kok Sondakan makes the
feathers; a cork-head maker, Shuttlecock Gunawan's binders and a packing group do the rest. The group's
own meeting noted "kapasitas jahit menjadi hambatan alur ban berjalan": binding is the bottleneck, and
the weeks show it — feathers and cork heads pile up in front of it until a third binder is added.

The sentra "Sentra Shuttlecock Surakarta" is created here (with the two shuttlecock enterprises as
members) when no other demo has made it. Everything goes through the services; weeks already recorded
are skipped, so a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from berdaya.clusters import services as sentra_services
from berdaya.clusters.conveyor import services
from berdaya.clusters.conveyor.models import Line, Stage, WeeklyFlow
from berdaya.clusters.models import Sentra, SentraMember
from berdaya.groups.models import Group
from berdaya.people.models import Enterprise
from berdaya.places.models import Place
from berdaya.programs.models import Programme

PROGRAMME = "Penanggulangan Kemiskinan Klaster III Surakarta"
SENTRA = "Sentra Shuttlecock Surakarta"
SONDAKAN = "33.72.01.1008"  # Kel. Sondakan, Kec. Laweyan, Kota Surakarta
ENTERPRISES = ["Shuttlecock Gunawan", "Bulu Kok Supriyadi"]
FEATHER_GROUP = "KUBE Bulu Kok Sondakan"
D = dt.date.fromisoformat

LINE = {
    "product": "Shuttlecock (kok bulu angsa)",
    "unit": "kok",
    "demand_per_week": 400,
    "notes": (
        "Model usaha ban berjalan Cluster III TKPKD: bulu, gabus, jahit & lem, kemas dikerjakan kelompok "
        "yang berbeda. Permintaan toko olahraga sekitar 400 kok per minggu."
    ),
}

# name, group (by name) or producer, unit, units per product, workers, hours per worker, units an hour
STAGES = [
    ("Bulu (seleksi & potong)", FEATHER_GROUP, "", "helai", "16", 3, "40", "60"),  # 450 kok a week
    ("Kepala gabus", None, "Pengrajin gabus Wahyu Nugroho", "gabus", "1", 2, "40", "8"),  # 640
    ("Jahit & lem", None, "Shuttlecock Gunawan", "kok", "1", 2, "35", "4"),  # 280: the bottleneck
    ("Kemas (slop isi 12)", None, "Kelompok kemas ibu-ibu Sondakan", "kok", "1", 1, "20", "30"),  # 600
]

# Monday, then per stage (produced, workers, hours each), note on the binding stage
WEEKS = [
    ("2025-10-06", [(6400, 3, 40), (600, 2, 40), (260, 2, 35), (240, 1, 20)], ""),
    ("2025-10-13", [(7040, 3, 40), (620, 2, 40), (275, 2, 35), (290, 1, 20)], ""),
    ("2025-10-20", [(7200, 3, 40), (640, 2, 40), (270, 2, 35), (270, 1, 20)], ""),
    ("2025-10-27", [(6880, 3, 40), (610, 2, 40), (280, 2, 35), (275, 1, 20)], ""),
    ("2025-11-03", [(7200, 3, 40), (630, 2, 40), (240, 2, 30), (250, 1, 20)], "Satu penjahit sakit dua hari"),
    ("2025-11-10", [(7040, 3, 40), (640, 2, 40), (285, 2, 35), (280, 1, 20)], ""),
    ("2025-11-17", [(6720, 3, 40), (600, 2, 40), (330, 3, 35), (320, 1, 20)], "Tambah satu penjahit (saran)"),
    ("2025-11-24", [(7200, 3, 40), (640, 2, 40), (400, 3, 35), (390, 1, 20)], ""),
]


def _sentra(programme: Programme, acting_user) -> tuple[Sentra | None, int]:
    sentra = Sentra.objects.filter(programme=programme, name=SENTRA).first()
    created = 0
    if sentra is None:
        place = Place.objects.filter(code=SONDAKAN).first()
        if place is None:
            return None, 0
        sentra = sentra_services.create_sentra(
            programme=programme,
            name=SENTRA,
            product_type="shuttlecock",
            place=place,
            description=(
                "Pengrajin shuttlecock Sondakan yang bekerja dengan konsep ban berjalan: tiap komponen "
                "dikerjakan kelompok yang berbeda (Cluster III TKPKD Kota Surakarta)."
            ),
            founded_year=2003,
            acting_user=acting_user,
        )
        created += 1
    members = set(SentraMember.objects.filter(sentra=sentra).values_list("enterprise__name", flat=True))
    for enterprise in Enterprise.objects.filter(name__in=ENTERPRISES).order_by("name"):
        if enterprise.name not in members:
            sentra_services.add_member(
                sentra=sentra, enterprise=enterprise, joined_on=D("2025-10-04"), acting_user=acting_user
            )
            created += 1
    return sentra, created


def load(*, acting_user) -> int:
    programme = Programme.objects.filter(name=PROGRAMME).first()
    if programme is None:
        return 0
    sentra, created = _sentra(programme, acting_user)
    if sentra is None:
        return created
    line = Line.objects.filter(sentra=sentra, product=LINE["product"]).first()
    if line is None:
        line = services.create_line(sentra=sentra, acting_user=acting_user, **LINE)
        created += 1
    have = {s.name: s for s in Stage.objects.filter(line=line)}
    groups = {g.name: g for g in Group.objects.filter(programme=programme, name=FEATHER_GROUP)}
    for name, group, producer, unit, per, workers, hours, rate in STAGES:
        if name in have:
            continue
        if group is not None and group not in groups and not producer:
            producer = group  # the demo group is missing: keep its name as the producer
        have[name] = services.add_stage(
            line=line,
            name=name,
            group=groups.get(group) if group else None,
            producer=producer,
            unit=unit,
            units_per_product=Decimal(per),
            workers=workers,
            hours_per_week=Decimal(hours),
            rate=Decimal(rate),
            acting_user=acting_user,
        )
        created += 1
    stages = [have[s[0]] for s in STAGES]
    done = set(WeeklyFlow.objects.filter(stage__line=line).values_list("week", flat=True))
    for week, rows, note in WEEKS:
        if D(week) in done:
            continue
        flows = services.record_week(
            line=line,
            week=D(week),
            rows=[
                services.FlowInput(stage.pk, produced, workers, Decimal(hours), note if i == 2 else "")
                for i, (stage, (produced, workers, hours)) in enumerate(zip(stages, rows, strict=True))
            ],
            acting_user=acting_user,
            idempotency_key=f"demo-conveyor-{week}",
        )
        created += len(flows)
    return created
