"""Demo business plans (seed 004, Palembang): the two groups formed at the PRA in Kelurahan 13 and 10 Ilir.

KUBE Sedap Malam sells cakes, KUBE Jaya Bersama sews. The seed gives their success circle ("menabung,
menyekolahkan anak, kebutuhan keluarga"), their SWOT (skills as strength, the stimulant money used in
earnest as opportunity, family hardship as weakness), their pledges ("menyumbang mesin jahit,
bahan/alat, tenaga, modal") and their steps ("belajar menjahit, mencari tempat, mencari modal, mencari
bahan"; "mencari tepung terigu, mencari modal usaha, mencari tempat"). The calendars run from the PRA in
June 2025: some activities done, some overdue (so the mentor has follow-ups), some still ahead.

Everything goes through ``berdaya.fieldwork.plans.services`` with fixed idempotency keys, so a second
run creates nothing.
"""

from __future__ import annotations

import datetime as dt

from berdaya.fieldwork.plans import services
from berdaya.fieldwork.plans.models import (
    BusinessPlan,
    CalendarItem,
    Commitment,
    PlanStep,
    SuccessFactor,
    SwotItem,
)
from berdaya.groups.models import Group
from berdaya.people.models import Person

PROGRAMME = "Pemberdayaan Migran Perkotaan"
PREPARED = "2025-06-11"

# kind, member (or None), pledged_by, description, amount, quantity, unit
PLANS = [
    {
        "group": "KUBE Sedap Malam",
        "business": "Dagang kue basah",
        "goal": "Usaha kue yang menambah penghasilan keluarga, sebagian ditabung.",
        "notes": "Disusun sendiri oleh anggota pada PRA di Kelurahan 13 Ilir; fasilitator hanya mendampingi.",
        "circle": [
            ("self", "Punya penghasilan sendiri"),
            ("family", "Bisa menabung"),
            ("family", "Menyekolahkan anak"),
            ("family", "Kebutuhan keluarga tercukupi"),
            ("business", "Kue laku setiap hari di pasar dan warung 13 Ilir"),
            ("group", "Kelompok kompak dan dana stimulan bergulir ke warga lain"),
        ],
        "swot": [
            ("S", "Anggota terampil membuat kue"),
            ("S", "Tempat tinggal anggota berdekatan"),
            ("W", "Banyak kesulitan dalam keluarga"),
            ("W", "Modal kecil; belum punya oven sendiri"),
            ("O", "Bantuan stimulan Rp500.000 per anggota akan dimanfaatkan sungguh-sungguh"),
            ("O", "Pasar, warung dan koperasi di sekitar tempat tinggal"),
            ("T", "Harga tepung terigu dan gula naik"),
            ("T", "Bank keliling dengan bunga tinggi"),
        ],
        "commitments": [
            ("tools", "Nyimas Zubaidah", "", "Oven dan loyang", 750_000, 1, "set"),
            ("cash", "Yusnita", "", "Modal awal", 100_000, None, ""),
            ("labour", "Rohani", "", "Membuat kue", None, 3, "hari/minggu"),
            ("tools", "Erna Wati", "", "Kompor dan panci", 300_000, 1, "set"),
            ("labour", "Siti Fatimah", "", "Menitipkan kue ke warung", None, 2, "hari/minggu"),
            ("cash", "Maryati", "", "Modal awal", 50_000, None, ""),
        ],
        # text, owner, member, due, done
        "steps": [
            ("Mencari tepung terigu", "", "Yusnita", "2025-07-05", "2025-07-03"),
            ("Mencari modal usaha", "", "Nyimas Zubaidah", "2025-08-06", "2025-08-06"),
            ("Mencari tempat produksi", "Semua anggota", None, "2025-09-30", None),
        ],
        # activity, starts, due, owner, done, notes
        "calendar": [
            ("Belanja tepung, gula dan telur", "2025-07-01", "2025-07-05", "Yusnita", "2025-07-03", ""),
            ("Pelatihan pengelolaan usaha kue", "2025-07-09", "2025-07-09", "Fasilitator", "2025-07-09", ""),
            (
                "Pembagian dana stimulan",
                "2025-08-06",
                "2025-08-06",
                "Ketua dan yayasan",
                "2025-08-06",
                "Dana dikelola koperasi yayasan; dibagikan tidak merata.",
            ),
            (
                "Menitipkan kue ke warung 13 Ilir",
                "2025-08-15",
                "2025-10-31",
                "Siti Fatimah",
                "2025-10-20",
                "",
            ),
            ("Mencari tempat produksi bersama", "2025-09-01", "2025-12-31", "Nyimas Zubaidah", None, ""),
            (
                "Pembukuan kas kelompok setiap rapat",
                "2026-01-01",
                "2026-06-30",
                "Yusnita",
                None,
                "Anggota menanyakan sisa stimulan di kas koperasi yayasan.",
            ),
            ("Ikut bazar Ramadan kelurahan", "2027-01-15", "2027-03-15", "Semua anggota", None, ""),
        ],
    },
    {
        "group": "KUBE Jaya Bersama",
        "business": "Menjahit pakaian dan seragam",
        "goal": "Menerima pesanan jahitan bersama dan punya pelanggan tetap.",
        "notes": "Komitmen pada PRA: menyumbang mesin jahit, bahan/alat, tenaga dan modal.",
        "circle": [
            ("self", "Menabung"),
            ("family", "Menyekolahkan anak"),
            ("family", "Kebutuhan keluarga tercukupi"),
            ("business", "Pelanggan tetap pesanan seragam sekolah"),
            ("community", "Warga 10 Ilir menjahit di kelompok, bukan di luar"),
        ],
        "swot": [
            ("S", "Keterampilan menjahit"),
            ("W", "Banyak kesulitan dalam keluarga"),
            ("W", "Belum semua anggota punya mesin jahit"),
            ("O", "Dana stimulan akan dimanfaatkan sungguh-sungguh"),
            ("O", "Pesanan seragam sekolah setiap tahun ajaran baru"),
            ("T", "Konveksi besar dengan harga murah"),
        ],
        "commitments": [
            ("tools", "Kgs. Abdul Rahman", "", "Mesin jahit", 1_200_000, 1, "mesin"),
            ("tools", "Nurlela", "", "Bahan kain sisa dan benang", 150_000, None, ""),
            ("labour", "Dewi Anggraini", "", "Tenaga menjahit", None, 3, "hari/minggu"),
            ("labour", "Ujang Sopian", "", "Mengantar pesanan", None, 2, "hari/minggu"),
            ("cash", "Sumarti", "", "Modal", 100_000, None, ""),
            ("other", "Hendra Saputra", "", "Mencari pelanggan di kelurahan", None, None, ""),
        ],
        "steps": [
            ("Belajar menjahit", "Anggota yang belum mahir", None, "2025-07-31", "2025-07-31"),
            ("Mencari tempat", "", "Kgs. Abdul Rahman", "2025-08-31", "2025-08-20"),
            ("Mencari modal", "", "Dewi Anggraini", "2025-08-31", "2025-08-06"),
            ("Mencari bahan", "", "Nurlela", "2025-09-15", None),
        ],
        "calendar": [
            ("Belajar menjahit bersama", "2025-06-16", "2025-07-31", "Kgs. Abdul Rahman", "2025-07-31", ""),
            (
                "Menyiapkan tempat jahit di rumah ketua",
                "2025-08-01",
                "2025-08-31",
                "Kgs. Abdul Rahman",
                "2025-08-20",
                "",
            ),
            (
                "Membeli kain dan benang",
                "2025-08-06",
                "2025-09-15",
                "Nurlela",
                None,
                "Lima anggota belum menerima stimulan, bahan belum terbeli semua.",
            ),
            ("Pesanan seragam sekolah", "2026-05-01", "2026-07-15", "Dewi Anggraini", "2026-07-10", ""),
            (
                "Promosi ke sekolah dan kantor kelurahan",
                "2026-11-01",
                "2026-12-15",
                "Hendra Saputra",
                None,
                "",
            ),
            ("Pesanan seragam tahun ajaran baru", "2027-05-01", "2027-07-15", "Semua anggota", None, ""),
        ],
    },
]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _rows() -> int:
    total = 0
    for model in (BusinessPlan, SuccessFactor, SwotItem, Commitment, PlanStep, CalendarItem):
        prefix = "" if model is BusinessPlan else "plan__"
        where = {f"{prefix}group__name__in": _names(), f"{prefix}group__programme__name": PROGRAMME}
        total += model.objects.filter(**where).count()
    return total


def _names() -> list[str]:
    return [spec["group"] for spec in PLANS]


def _load_plan(spec: dict, group: Group, acting_user) -> None:
    members = {
        p.full_name: p
        for p in Person.objects.filter(memberships__group=group, memberships__left_on__isnull=True).distinct()
    }
    plan = BusinessPlan.objects.filter(group=group).first() or services.create_plan(
        group=group,
        business=spec["business"],
        goal=spec["goal"],
        notes=spec["notes"],
        prepared_on=_date(PREPARED),
        acting_user=acting_user,
        idempotency_key="demo-plan",
    )
    for i, (ring, text) in enumerate(spec["circle"]):
        services.add_success_factor(
            plan=plan, ring=ring, text=text, acting_user=acting_user, idempotency_key=f"demo-circle-{i}"
        )
    for i, (quadrant, text) in enumerate(spec["swot"]):
        services.add_swot_item(
            plan=plan, quadrant=quadrant, text=text, acting_user=acting_user, idempotency_key=f"demo-swot-{i}"
        )
    for i, (kind, member, pledged_by, description, amount, quantity, unit) in enumerate(spec["commitments"]):
        services.add_commitment(
            plan=plan,
            kind=kind,
            person=members.get(member),
            pledged_by=pledged_by or ("" if member in members else member),
            description=description,
            amount=amount,
            quantity=quantity,
            unit=unit,
            acting_user=acting_user,
            idempotency_key=f"demo-commitment-{i}",
        )
    for i, (text, owner, member, due, done) in enumerate(spec["steps"]):
        services.add_step(
            plan=plan,
            order=i + 1,
            text=text,
            owner=owner or ("" if member in members else member or ""),
            owner_person=members.get(member),
            due_on=_date(due),
            done_on=_date(done),
            acting_user=acting_user,
            idempotency_key=f"demo-step-{i}",
        )
    for i, (activity, starts, due, owner, done, notes) in enumerate(spec["calendar"]):
        services.add_calendar_item(
            plan=plan,
            activity=activity,
            starts_on=_date(starts),
            due_on=_date(due),
            owner=owner,
            done_on=_date(done),
            notes=notes,
            acting_user=acting_user,
            idempotency_key=f"demo-calendar-{i}",
        )


def load(*, acting_user) -> int:
    """Business plans of the Palembang groups; returns the rows created (0 on a second run)."""
    before = _rows()
    groups = {
        g.name: g
        for g in Group.objects.filter(programme__name=PROGRAMME, name__in=_names()).select_related("place")
    }
    for spec in PLANS:
        group = groups.get(spec["group"])
        if group is not None:  # a partial demo (tests) may lack a group; the rest still loads
            _load_plan(spec, group, acting_user)
    return _rows() - before
