"""Demo cluster map and cooperation records (seed 001): Sentra Industri Tenun Ikat Bandar Kidul, Kota Kediri.

The map: the weavers of the sentra as the core industry; yarn suppliers; tailors who sew the ikat cloth
into uniforms (a related industry); LPPM Universitas Nusantara PGRI Kediri (knowledge); the Dinas
Koperasi dan Usaha Mikro, the Dinas Perindustrian dan Perdagangan, Bank Indonesia, Bank Jatim and the
LKM (bridging and financing); the city government, schools and shops as buyers.

The records follow the seed's actor–input–process–output–impact descriptions: internal joint production
of city uniforms, sub-production to weavers outside the sentra, joint yarn procurement, a joint-marketing
exhibition; external bank investment credit (applied → assessed → approved → disbursed), an LKM working-
capital credit that was rejected, the Dinas Koperasi 4 % credit waiting for disbursement, the
university's automatic thread-skein counter, a regional exhibition facilitated by the Disperindag and
Bank Indonesia's training and study visit. Names of firms and figures not in the seed are fictional.

Everything goes through ``berdaya.clusters.cooperation.services``; actors are looked up by name, records
carry fixed idempotency keys and their contents are added only when the record is new, so a second run
creates nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from berdaya.clusters import services as sentra_services
from berdaya.clusters.cooperation import services
from berdaya.clusters.cooperation.models import ActorLink, ClusterActor, Cooperation
from berdaya.clusters.models import Sentra, SentraMember
from berdaya.people.models import Enterprise
from berdaya.places.models import Place
from berdaya.programs.models import Agency, Programme

PROGRAMME = "Klaster Tenun Ikat Bandar Kidul"
SENTRA = "Sentra Industri Tenun Ikat Bandar Kidul"
BANDAR_KIDUL = "35.71.01.1002"
D = dt.date.fromisoformat

UNITS = [
    "Tenun Ikat Bandar Jaya",
    "Tenun Ikat Kurnia",
    "Tenun Ikat Sumber Rejeki",
    "Tenun Ikat Endang",
    "Tenun Ikat Prasetyo",
    "Tenun Ikat Santoso",
    "Tenun Ikat Handayani",
    "Tenun Ikat Wiwik",
    "Tenun Ikat Widodo",
    "Tenun Ikat Didik",
]

# name, role, agency name ("" when not in the agency list), notes
ACTORS = [
    ("Toko Benang Sumber Makmur", "supplier", "", "Benang katun dan rayon untuk tenun ikat."),
    ("UD Pewarna Sinar Jaya", "supplier", "", "Pewarna benang."),
    ("Penjahit Seragam Mojoroto", "related", "", "Menjahit kain tenun ikat menjadi seragam dan tas."),
    ("LPPM Universitas Nusantara PGRI Kediri", "knowledge", "LPPM Universitas Nusantara PGRI Kediri", ""),
    (
        "Dinas Koperasi dan Usaha Mikro Kota Kediri",
        "bridging",
        "Dinas Koperasi dan Usaha Mikro Kota Kediri",
        "",
    ),
    (
        "Dinas Perindustrian dan Perdagangan Kota Kediri",
        "bridging",
        "Dinas Perindustrian dan Perdagangan Kota Kediri",
        "",
    ),
    ("Bank Indonesia Kantor Perwakilan Kediri", "bridging", "Bank Indonesia Kantor Perwakilan Kediri", ""),
    ("Bank Jatim Cabang Kediri", "bridging", "Bank Jatim Cabang Kediri", ""),
    ("LKM Artha Mandiri Mojoroto", "bridging", "LKM Artha Mandiri Mojoroto", ""),
    ("Pemerintah Kota Kediri", "buyer", "", "Seragam dinas dari kain tenun ikat."),
    ("Sekolah-sekolah Kota Kediri", "buyer", "", "Seragam sekolah."),
    ("Toko oleh-oleh dan pembeli perorangan", "buyer", "", ""),
]

# source, kind, target
LINKS = [
    ("Toko Benang Sumber Makmur", "supplies", "Tenun Ikat Bandar Jaya"),
    ("Toko Benang Sumber Makmur", "supplies", "Tenun Ikat Kurnia"),
    ("UD Pewarna Sinar Jaya", "supplies", "Tenun Ikat Widodo"),
    ("Penjahit Seragam Mojoroto", "buys", "Tenun Ikat Widodo"),
    ("LPPM Universitas Nusantara PGRI Kediri", "trains", "Tenun Ikat Bandar Jaya"),
    ("Dinas Koperasi dan Usaha Mikro Kota Kediri", "finances", "Tenun Ikat Widodo"),
    ("Dinas Koperasi dan Usaha Mikro Kota Kediri", "coordinates", "Tenun Ikat Bandar Jaya"),
    ("Dinas Perindustrian dan Perdagangan Kota Kediri", "coordinates", "Tenun Ikat Endang"),
    ("Bank Indonesia Kantor Perwakilan Kediri", "trains", "Tenun Ikat Sumber Rejeki"),
    ("Bank Jatim Cabang Kediri", "finances", "Tenun Ikat Bandar Jaya"),
    ("LKM Artha Mandiri Mojoroto", "finances", "Tenun Ikat Kurnia"),
    ("Pemerintah Kota Kediri", "buys", "Tenun Ikat Bandar Jaya"),
    ("Sekolah-sekolah Kota Kediri", "buys", "Tenun Ikat Kurnia"),
    ("Toko oleh-oleh dan pembeli perorangan", "buys", "Tenun Ikat Endang"),
]

# Each record: its process is given as the statuses of its standard steps in order (status, date, note),
# or for credit as stages; inputs are (kind, description, amount, quantity, unit); results (text, figure, unit).
RECORDS = [
    {
        "key": "joint-production-seragam-2025",
        "kind": "joint_production",
        "title": "Produksi bersama kain seragam Pemerintah Kota Kediri 2025",
        "description": "Pesanan besar seragam dinas; Tenun Ikat Bandar Jaya tidak mampu sendiri, dibagi dengan "
        "anggota sentra sesuai kemampuan masing-masing.",
        "started_on": "2025-01-06",
        "ended_on": "2025-03-28",
        "actors": [
            ("Tenun Ikat Bandar Jaya", "lead"),
            ("Tenun Ikat Kurnia", "participant"),
            ("Tenun Ikat Widodo", "participant"),
            ("Tenun Ikat Sumber Rejeki", "participant"),
            ("Pemerintah Kota Kediri", "buyer"),
        ],
        "inputs": [
            (
                "other",
                "Pesanan 1.200 potong kain seragam dengan desain motif Kediri",
                None,
                Decimal(1200),
                "potong",
            ),
            ("material", "Benang katun dan pewarna", None, Decimal(360), "kg"),
            ("money", "Tenaga kerja dan biaya overhead", 96_000_000, None, ""),
        ],
        "steps": [
            ("done", "2025-01-06", ""),
            ("done", "2025-01-10", "Bandar Jaya 500, Kurnia 300, Widodo 250, Sumber Rejeki 150 potong."),
            ("done", "2025-03-21", ""),
            ("done", "2025-03-28", ""),
        ],
        "outputs": [("Kain seragam jadi", Decimal(1200), "potong")],
        "impacts": [
            ("Pesanan terpenuhi tepat waktu dengan kualitas seragam", None, ""),
            ("Penjualan anggota sentra naik", None, ""),
        ],
    },
    {
        "key": "sub-production-ngadiluwih-2025",
        "kind": "sub_production",
        "title": "Sub produksi sarung goyor ke penenun di luar sentra",
        "description": "Pengrajin di luar sentra memproduksi sesuai jumlah, waktu dan kualitas yang disepakati.",
        "started_on": "2025-08-01",
        "ended_on": None,
        "actors": [("Tenun Ikat Widodo", "lead")],
        "inputs": [
            ("other", "Jumlah produksi 120 lembar sarung", None, Decimal(120), "lembar"),
            ("material", "Benang dari Tenun Ikat Widodo", None, Decimal(40), "kg"),
        ],
        "steps": [("done", "2025-08-01", ""), ("in_progress", "2025-08-05", "")],
        "outputs": [],
        "impacts": [],
    },
    {
        "key": "joint-procurement-benang-2025",
        "kind": "joint_procurement",
        "title": "Pengadaan benang bersama untuk pesanan seragam",
        "description": "Pengrajin memesan benang bersama pada satu pemasok dengan jumlah, waktu dan harga yang "
        "disepakati.",
        "started_on": "2025-01-08",
        "ended_on": "2025-01-24",
        "actors": [
            ("Tenun Ikat Bandar Jaya", "lead"),
            ("Tenun Ikat Kurnia", "participant"),
            ("Tenun Ikat Widodo", "participant"),
            ("Toko Benang Sumber Makmur", "provider"),
        ],
        "inputs": [("money", "Pembelian 360 kg benang", 27_000_000, Decimal(360), "kg")],
        "steps": [
            ("done", "2025-01-08", ""),
            ("done", "2025-01-09", ""),
            ("done", "2025-01-17", ""),
            ("done", "2025-01-24", ""),
        ],
        "outputs": [
            ("Bahan baku tersedia sesuai jadwal produksi, kualitas terjamin, harga bersaing", None, "")
        ],
        "impacts": [("Pesanan dapat dipenuhi tepat waktu", None, "")],
    },
    {
        "key": "joint-marketing-expo-2024",
        "kind": "joint_marketing",
        "title": "Pameran bersama tenun ikat Bandar Kidul di Kediri Expo",
        "description": "Anggota sentra berbagi stan dan biaya pameran.",
        "started_on": "2024-09-02",
        "ended_on": "2024-09-29",
        "actors": [
            ("Tenun Ikat Endang", "lead"),
            ("Tenun Ikat Bandar Jaya", "participant"),
            ("Tenun Ikat Handayani", "participant"),
            ("Toko oleh-oleh dan pembeli perorangan", "buyer"),
        ],
        "inputs": [("money", "Sewa stan, transportasi produk dan akomodasi", 4_500_000, None, "")],
        "steps": [
            ("done", "2024-09-02", ""),
            ("done", "2024-09-06", ""),
            ("done", "2024-09-20", ""),
            ("done", "2024-09-29", ""),
        ],
        "outputs": [("Kain tenun terjual di pameran", Decimal(64), "lembar")],
        "impacts": [("Produk semakin dikenal masyarakat luas", None, "")],
    },
    {
        "key": "bank-credit-bandar-jaya-2024",
        "kind": "bank_credit",
        "title": "Kredit investasi tanah, bangunan dan ATBM — Bank Jatim",
        "description": "Modal besar untuk investasi peralatan dan gedung.",
        "started_on": "2024-02-12",
        "ended_on": "2024-04-30",
        "actors": [("Tenun Ikat Bandar Jaya", "beneficiary"), ("Bank Jatim Cabang Kediri", "provider")],
        "inputs": [
            ("money", "Kredit investasi yang diajukan", 250_000_000, None, ""),
            ("other", "Persyaratan pengajuan kredit (agunan, laporan keuangan)", None, None, ""),
        ],
        "credit": [
            ("applied", "2024-02-12", ""),
            ("assessed", "2024-03-18", ""),
            ("approved", "2024-04-02", ""),
            ("disbursed", "2024-04-15", ""),
        ],
        "outputs": [("Kredit disetujui dan dicairkan", None, "")],
        "impacts": [
            ("Tambahan bangunan dan 10 ATBM; kapasitas produksi naik", Decimal(30), "sarung per hari"),
        ],
    },
    {
        "key": "lkm-credit-kurnia-2025",
        "kind": "lkm_credit",
        "title": "Kredit modal kerja LKM untuk pembelian benang",
        "description": "",
        "started_on": "2025-05-05",
        "ended_on": "2025-05-23",
        "actors": [("Tenun Ikat Kurnia", "beneficiary"), ("LKM Artha Mandiri Mojoroto", "provider")],
        "inputs": [("money", "Kredit modal kerja yang diajukan", 30_000_000, None, "")],
        "credit": [
            ("applied", "2025-05-05", ""),
            ("assessed", "2025-05-16", ""),
            ("rejected", "2025-05-23", "Agunan belum mencukupi."),
        ],
        "outputs": [("Pengajuan kredit ditolak", None, "")],
        "impacts": [],
    },
    {
        "key": "dinkop-credit-widodo-2025",
        "kind": "government_credit",
        "title": "Kredit bunga rendah 4 % Dinas Koperasi dan Usaha Mikro",
        "description": "Dinas menawarkan kredit dengan bunga 4 %; pengrajin menyerahkan persyaratan dan "
        "menunggu pengumuman.",
        "started_on": "2025-06-02",
        "ended_on": None,
        "actors": [
            ("Tenun Ikat Widodo", "beneficiary"),
            ("Dinas Koperasi dan Usaha Mikro Kota Kediri", "provider"),
        ],
        "inputs": [("money", "Kredit yang diajukan (bunga 4 % per tahun)", 50_000_000, None, "")],
        "credit": [
            ("applied", "2025-06-09", ""),
            ("assessed", "2025-07-14", ""),
            ("approved", "2025-08-04", "Diumumkan diterima."),
        ],
        "outputs": [],
        "impacts": [],
    },
    {
        "key": "university-ukelan-2024",
        "kind": "university_innovation",
        "title": "Alat penghitung ukelan benang otomatis",
        "description": "Mahasiswa membawa rancangan saat penelitian/praktek kerja lapangan; diuji coba "
        "beberapa kali sampai siap dipakai.",
        "started_on": "2024-10-07",
        "ended_on": "2024-12-16",
        "actors": [
            ("LPPM Universitas Nusantara PGRI Kediri", "provider"),
            ("Tenun Ikat Bandar Jaya", "beneficiary"),
        ],
        "inputs": [("equipment", "Desain/rancangan alat dari mahasiswa", None, Decimal(1), "alat")],
        "steps": [("done", "2024-10-07", ""), ("done", "2024-11-25", ""), ("done", "2024-12-16", "")],
        "outputs": [("Alat penghitung ukelan benang siap digunakan", Decimal(1), "alat")],
        "impacts": [
            (
                "Ukelan benang dihitung otomatis (sebelumnya manual); kualitas dan produktivitas naik",
                None,
                "",
            ),
        ],
    },
    {
        "key": "disperindag-expo-2025",
        "kind": "government_exhibition",
        "title": "Pameran regional fasilitasi Dinas Perindustrian dan Perdagangan",
        "description": "Dinas menawarkan pameran untuk perwakilan pengrajin dengan persyaratan.",
        "started_on": "2025-04-07",
        "ended_on": "2025-05-18",
        "actors": [
            ("Dinas Perindustrian dan Perdagangan Kota Kediri", "lead"),
            ("Tenun Ikat Endang", "participant"),
            ("Tenun Ikat Prasetyo", "participant"),
        ],
        "inputs": [("money", "Transportasi produk dan akomodasi peserta", 6_000_000, None, "")],
        "steps": [
            ("done", "2025-04-07", ""),
            ("done", "2025-04-14", ""),
            ("done", "2025-05-12", ""),
            ("done", "2025-05-18", ""),
        ],
        "outputs": [("Promosi dan penjualan produk", Decimal(18_500_000), "rupiah penjualan")],
        "impacts": [("Produk semakin dikenal; penjualan meningkat", None, "")],
    },
    {
        "key": "bi-training-2024",
        "kind": "bi_training",
        "title": "Pelatihan manajemen keuangan dan studi banding sentra tenun ikat",
        "description": "Bank Indonesia menawarkan pelatihan manajemen produksi, pemasaran dan keuangan, dan "
        "memfasilitasi studi banding ke sentra tenun ikat sejenis di luar propinsi.",
        "started_on": "2024-06-03",
        "ended_on": "2024-07-26",
        "actors": [
            ("Bank Indonesia Kantor Perwakilan Kediri", "provider"),
            ("Tenun Ikat Sumber Rejeki", "participant"),
            ("Tenun Ikat Santoso", "participant"),
            ("Tenun Ikat Wiwik", "participant"),
        ],
        "inputs": [("training", "Pelatihan 3 hari dan studi banding 2 hari", None, Decimal(5), "hari")],
        "steps": [("done", "2024-06-03", ""), ("done", "2024-06-10", ""), ("done", "2024-07-26", "")],
        "outputs": [("Kualitas dan produktivitas sumber daya manusia meningkat", Decimal(12), "peserta")],
        "impacts": [("Produktivitas, penjualan dan pengelolaan administrasi keuangan membaik", None, "")],
    },
]


def _sentra(programme: Programme, acting_user) -> tuple[Sentra | None, int]:
    sentra = Sentra.objects.filter(programme=programme, name=SENTRA).first()
    if sentra is not None:
        return sentra, 0
    # The sentra demo normally creates it; when it has not run yet, create it the same way.
    place = Place.objects.filter(code=BANDAR_KIDUL).first()
    if place is None:
        return None, 0
    sentra = sentra_services.create_sentra(
        programme=programme,
        name=SENTRA,
        product_type="tenun ikat",
        place=place,
        founded_year=1946,
        acting_user=acting_user,
    )
    return sentra, 1


def _record(sentra: Sentra, row: dict, actors: dict[str, ClusterActor], acting_user) -> int:
    key = f"demo-coop-{row['key']}"
    if Cooperation.objects.filter(sentra=sentra, idempotency_key=key).exists():
        return 0
    coop = services.create_cooperation(
        sentra=sentra,
        kind=row["kind"],
        title=row["title"],
        description=row["description"],
        started_on=D(row["started_on"]),
        ended_on=D(row["ended_on"]) if row["ended_on"] else None,
        idempotency_key=key,
        acting_user=acting_user,
    )
    created = 1
    for name, role in row["actors"]:
        if name in actors:
            services.add_participant(cooperation=coop, actor=actors[name], role=role, acting_user=acting_user)
            created += 1
    for kind, description, amount, quantity, unit in row["inputs"]:
        services.add_input(
            cooperation=coop,
            kind=kind,
            description=description,
            amount=amount,
            quantity=quantity,
            unit=unit,
            acting_user=acting_user,
        )
        created += 1
    for stage, day, note in row.get("credit", []):
        services.record_credit_stage(
            cooperation=coop, stage=stage, on_date=D(day), notes=note, acting_user=acting_user
        )
    steps = list(coop.steps.order_by("order"))
    for step, (status, day, note) in zip(steps, row.get("steps", []), strict=False):
        services.set_step_status(
            step=step, status=status, on_date=D(day), notes=note, acting_user=acting_user
        )
    for kind in ("outputs", "impacts"):
        for text, figure, unit in row[kind]:
            services.add_result(
                cooperation=coop,
                kind=kind[:-1],
                text=text,
                figure=figure,
                unit=unit,
                acting_user=acting_user,
            )
            created += 1
    return created


def load(*, acting_user) -> int:
    programme = Programme.objects.filter(name=PROGRAMME).first()
    if programme is None:
        return 0
    sentra, created = _sentra(programme, acting_user)
    if sentra is None:
        return 0
    # Core actors are units of the sentra: make sure the weavers are members, then add them in one step.
    members = set(SentraMember.objects.filter(sentra=sentra).values_list("enterprise__name", flat=True))
    for enterprise in Enterprise.objects.filter(name__in=UNITS).exclude(name__in=members).order_by("name"):
        sentra_services.add_member(
            sentra=sentra, enterprise=enterprise, joined_on=enterprise.start_date, acting_user=acting_user
        )
        created += 1
    created += len(services.add_core_enterprises(sentra=sentra, acting_user=acting_user))
    present = set(ClusterActor.objects.filter(sentra=sentra).values_list("name", flat=True))
    agencies = {a.name: a for a in Agency.objects.filter(name__in=[r[2] for r in ACTORS if r[2]])}
    for name, role, agency, notes in ACTORS:
        if name not in present:
            services.create_actor(
                sentra=sentra,
                role=role,
                name=name,
                agency=agencies.get(agency),
                notes=notes,
                acting_user=acting_user,
            )
            created += 1
    actors = {a.name: a for a in ClusterActor.objects.filter(sentra=sentra)}
    have = set(ActorLink.objects.filter(sentra=sentra).values_list("source__name", "kind", "target__name"))
    for source, kind, target in LINKS:
        if (source, kind, target) not in have and source in actors and target in actors:
            services.create_link(
                sentra=sentra,
                source=actors[source],
                target=actors[target],
                kind=kind,
                acting_user=acting_user,
            )
            created += 1
    for row in RECORDS:
        created += _record(sentra, row, actors, acting_user)
    return created
