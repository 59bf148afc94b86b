"""Demo sentra (seed 001): Sentra Industri Tenun Ikat Bandar Kidul, Kota Kediri.

Founded in 1946 by one weaver with one hand loom (ATBM) making two *sarung goyor* a day; seven looms and
four sarongs a day four years later; at its height in the 1970s fifty weavers, 150 looms and 100
sarongs a day, sold as far as Tulungagung, Trenggalek, Blitar, Mojokerto, Jombang and Nganjuk; about
thirty weavers left after the sarong factories of the 1990s; around 2005 the survivors turned to ikat
cloth (uniforms for the city and schools); fifteen weavers today. Electricity, transport,
telecommunication and clean water are all in use. The readiness assessment shows all three verdicts:
units FAIL (15 < 30), turnover UNKNOWN (the seed gives no figure, and none is invented), the rest PASS
with the seed's evidence — so the sentra is a Sentra UKM.

Everything goes through ``berdaya.clusters.services``; rows are looked up first and the assessment and
infrastructure carry fixed idempotency keys, so a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt

from berdaya.clusters import services
from berdaya.clusters.models import Sentra, SentraMember, SentraYear
from berdaya.people.models import Enterprise
from berdaya.places.models import Place
from berdaya.programs.models import Programme

PROGRAMME = "Klaster Tenun Ikat Bandar Kidul"
SENTRA = "Sentra Industri Tenun Ikat Bandar Kidul"
BANDAR_KIDUL = "35.71.01.1002"
D = dt.date.fromisoformat

DESCRIPTION = (
    "Sentra tenun ikat di Kelurahan Bandar Kidul, Kec. Mojoroto, Kota Kediri, berdiri sejak 1946 dengan satu "
    "pengrajin dan satu ATBM. Sejak sekitar 2005 memproduksi kain tenun ikat (seragam pemerintah kota dan "
    "sekolah, sarung bantal, tas) di samping sarung."
)

ENTERPRISES = [
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

HISTORY = [
    (
        1946,
        {
            "units": 1,
            "craftsmen": 1,
            "tools": 1,
            "daily_capacity": 2,
            "capacity_unit": "sarung goyor",
            "notes": "Berdiri dengan satu pengrajin dan satu ATBM.",
        },
    ),
    (
        1950,
        {
            "tools": 7,
            "daily_capacity": 4,
            "capacity_unit": "sarung",
            "notes": "Empat tahun kemudian: tujuh ATBM.",
        },
    ),
    (
        1970,
        {
            "units": 50,
            "craftsmen": 50,
            "tools": 150,
            "daily_capacity": 100,
            "capacity_unit": "sarung",
            "notes": "Masa kejayaan: 50 pengrajin; pasar sampai Tulungagung, Trenggalek, Blitar, Mojokerto, "
            "Jombang dan Nganjuk.",
        },
    ),
    (
        1995,
        {
            "units": 30,
            "craftsmen": 30,
            "notes": "Pabrik sarung besar menjual di bawah harga sarung tenun; banyak pengrajin gulung tikar.",
        },
    ),
    (
        2005,
        {"notes": "Inovasi: kain tenun ikat, diminati instansi pemerintah, sekolah dan swasta."},
    ),
    (
        2025,
        {
            "units": 15,
            "craftsmen": 15,
            "notes": "Populasi penelitian: 15 pengrajin tenun ikat di sentra.",
        },
    ),
]

INFRASTRUCTURE = [
    (
        "electricity",
        "PLN: penerangan ruang produksi dan outlet/showroom, pompa air bersih, penghitung ukelan benang.",
    ),
    (
        "transport",
        "Jalan dan jembatan (Dinas PU): bahan baku masuk, produk jadi keluar, konsumen datang ke sentra.",
    ),
    ("telecom", "Telkom dan operator seluler: komunikasi dengan pemasok, pembeli dan calon pembeli."),
    ("clean_water", "PDAM dan air tanah: pewarnaan benang saat proses produksi."),
]
INFRA_ON = D("2025-04-10")

ASSESSMENT_KEY = "demo-readiness-bandar-kidul-2025"
FINDINGS = [
    (
        "technology",
        True,
        "Perguruan tinggi (mahasiswa PKL) membuat alat penghitung ukelan benang otomatis; sebelumnya dihitung manual.",
        "Wawancara pengrajin (seed 001)",
    ),
    (
        "market_network",
        True,
        "Pasar Kediri, Tulungagung, Trenggalek, Blitar, Mojokerto, Jombang dan Nganjuk; seragam dinas pemerintah "
        "kota dan sekolah; pameran lokal, regional dan nasional.",
        "Wawancara pengrajin (seed 001)",
    ),
    (
        "financial_institution",
        True,
        "Bank (kredit investasi tanah, bangunan, mesin), Lembaga Keuangan Mikro (kredit modal kerja), Dinas "
        "Koperasi dan UMKM (kredit bunga 4 %).",
        "Wawancara pengrajin (seed 001)",
    ),
]


def _sentra(programme: Programme, acting_user) -> tuple[Sentra | None, int]:
    sentra = Sentra.objects.filter(programme=programme, name=SENTRA).first()
    if sentra is not None:
        # Another cluster demo may have created it first with fewer facts; complete them.
        changes = {}
        if sentra.founded_year != 1946:
            changes["founded_year"] = 1946
        if not sentra.description:
            changes["description"] = DESCRIPTION
        if changes:
            services.update_sentra(sentra=sentra, changes=changes, acting_user=acting_user)
        return sentra, 0
    place = Place.objects.filter(code=BANDAR_KIDUL).first()
    if place is None:
        return None, 0
    sentra = services.create_sentra(
        programme=programme,
        name=SENTRA,
        product_type="tenun ikat",
        place=place,
        description=DESCRIPTION,
        founded_year=1946,
        acting_user=acting_user,
    )
    return sentra, 1


def load(*, acting_user) -> int:
    programme = Programme.objects.filter(name=PROGRAMME).first()
    if programme is None:
        return 0
    sentra, created = _sentra(programme, acting_user)
    if sentra is None:
        return 0
    members = set(SentraMember.objects.filter(sentra=sentra).values_list("enterprise__name", flat=True))
    for enterprise in (
        Enterprise.objects.filter(name__in=ENTERPRISES).exclude(name__in=members).order_by("name")
    ):
        services.add_member(
            sentra=sentra, enterprise=enterprise, joined_on=enterprise.start_date, acting_user=acting_user
        )
        created += 1
    years = set(SentraYear.objects.filter(sentra=sentra).values_list("year", flat=True))
    for year, values in HISTORY:
        if year not in years:
            services.record_year(sentra=sentra, year=year, acting_user=acting_user, **values)
            created += 1
    for kind, notes in INFRASTRUCTURE:
        _row, repeated = services.record_infrastructure(
            sentra=sentra,
            kind=kind,
            adequacy="adequate",
            assessed_on=INFRA_ON,
            notes=notes,
            acting_user=acting_user,
            idempotency_key=f"demo-infra-{kind}-2025",
        )
        created += 0 if repeated else 1
    if not sentra.assessments.filter(idempotency_key=ASSESSMENT_KEY).exists():
        pre = services.prefill(sentra, on_date=D("2025-05-02"))
        findings = [pre[c] for c in ("units", "turnover", "infrastructure") if c in pre]
        findings += [services.FindingInput(c, v, e, s) for c, v, e, s in FINDINGS]
        services.assess_readiness(
            sentra=sentra,
            assessed_on=D("2025-05-02"),
            findings=findings,
            note="Omzet bulanan seluruh unit belum didata: kumpulkan rekap penjualan sebelum penilaian berikutnya.",
            acting_user=acting_user,
            idempotency_key=ASSESSMENT_KEY,
        )
        created += 1
    return created
