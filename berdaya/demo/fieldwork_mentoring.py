"""Demo mentoring (seed 004 and seed 000): the demo mentors' visits over the last months, their agreed actions,
one submitted monthly report and one draft.

- Achmad Zainuri (Kel. Pakis, Surabaya) visits the migrants' group three times in September, all about
  productive business (UEP) — "UKS belum banyak dijangkau" — and submits his September report.
- Dedi Kurniawan (Palembang, never trained) visits KUBE Sedap Malam once a month ("sebulan sekali memberi
  pengarahan dan motivasi"), mostly about the cooperative's rules, while part of the stimulant is still in
  the foundation's cooperative; KUBE Jaya Bersama has not seen him since September. His October report is
  a draft.
- Fransiska Wahyu Lestari (KUW, Yogyakarta) gives guidance and consultation to the CBO and its members,
  productive and social alike; Baiq Rina Hartati visits the Banyumulek potters in their homes (seed 000:
  reaching the lagging craftsmen), KUBE Tanah Liat Lestari not since August.
Groups with no mentor at all (the art-shop association, Semanggi, Sondakan) show up in coverage as never
visited. Every row goes through the mentoring services; keys make a second run add nothing.
"""

from __future__ import annotations

import datetime as dt

from berdaya.fieldwork.mentoring import services
from berdaya.fieldwork.mentoring.models import AgreedAction, MonthlyReport
from berdaya.groups.models import Group, Membership
from berdaya.programs.models import StaffMember

D = dt.date
ZAINURI, DEDI, SISKA, RINA = (
    "Achmad Zainuri",
    "Dedi Kurniawan",
    "Fransiska Wahyu Lestari",
    "Baiq Rina Hartati",
)
WAHYU, BAYU, IKA = "Wahyu Hidayati", "Bayu Setiawan", "Ika Yuliana Putri"
PAKIS, SEDAP, JAYA, KUW = (
    "Kelompok Migran Mandiri Pakis",
    "KUBE Sedap Malam",
    "KUBE Jaya Bersama",
    "KUW Tri Dharma Warga",
)
MELE, LESTARI, SENIK = (
    "KUBE Mele Maju",
    "KUBE Tanah Liat Lestari",
    "Paguyuban Pengrajin Gerabah Pedukuhan Senik",
)
PERCA_M, PERCA_S = "KUBE Perca Mandiri", "KUBE Perca Sejahtera"
SENTRA, KOPERASI = "Paguyuban Sentra Tenun Ikat Bandar Kidul", "Koperasi Produsen Tenun Ikat Bandar Jaya"

# key, mentor, group, date, technique, minutes, UEP topics, UKS topics, issues, next visit, home visit to the
# n-th member (by name) or None, actions [(text, owner, due, done)]
VISITS = [
    # Surabaya, seed 004: three visits, all UEP.
    (
        "sby-1",
        ZAINURI,
        PAKIS,
        D(2026, 9, 5),
        "discussion",
        120,
        "Pengelolaan pembukuan kelompok; pengelolaan bantuan stimulan Rp500.000 per anggota",
        "",
        "Satu anggota hanya memerlukan Rp300.000; sisanya disimpan di koperasi Yayasan Widya Dharma",
        D(2026, 9, 19),
        None,
        [("Bendahara menyalin buku kas ke buku kelompok", "Bendahara", D(2026, 9, 19), D(2026, 9, 18))],
    ),
    (
        "sby-2",
        ZAINURI,
        PAKIS,
        D(2026, 9, 19),
        "lecture",
        90,
        "Kewirausahaan dan rencana usaha; peningkatan SDM",
        "",
        "",
        D(2026, 10, 3),
        None,
        [("Setiap anggota menulis rencana usaha satu halaman", "Semua anggota", D(2026, 10, 3), None)],
    ),
    (
        "sby-3",
        ZAINURI,
        PAKIS,
        D(2026, 9, 26),
        "home_visit",
        45,
        "Simpan pinjam dan pencatatan penjualan harian",
        "",
        "Belum mencatat penjualan",
        D(2026, 10, 10),
        2,
        [],
    ),
    (
        "sby-4",
        ZAINURI,
        PAKIS,
        D(2026, 10, 10),
        "discussion",
        120,
        "Laporan keuangan kelompok",
        "Kerukunan hidup bertetangga; kebersihan lingkungan RT 10",
        "",
        D(2026, 11, 7),
        None,
        [("Ketua mengundang karang taruna ke pertemuan berikut", "Ketua", D(2026, 11, 7), None)],
    ),
    # Palembang: once a month, the cooperative's rules; Jaya Bersama not visited since September.
    (
        "plg-1",
        DEDI,
        SEDAP,
        D(2026, 8, 14),
        "discussion",
        60,
        "Aturan main koperasi simpan pinjam yayasan",
        "",
        "Sebagian dana stimulan masih tersimpan di kas koperasi yayasan",
        D(2026, 9, 14),
        None,
        [("Pendamping meminta rincian dana stimulan di koperasi", "Pendamping", D(2026, 8, 31), None)],
    ),
    (
        "plg-2",
        DEDI,
        JAYA,
        D(2026, 9, 10),
        "lecture",
        60,
        "Pengarahan dan motivasi usaha jahit",
        "",
        "Lima anggota belum menerima stimulan sampai utangnya lunas",
        D(2026, 10, 10),
        None,
        [("Yayasan menyerahkan stimulan lima anggota", "Yayasan Bina Vitalis", D(2026, 10, 15), None)],
    ),
    (
        "plg-3",
        DEDI,
        SEDAP,
        D(2026, 9, 15),
        "discussion",
        60,
        "Aturan main koperasi; angsuran",
        "",
        "Anggota menanyakan sisa stimulan",
        D(2026, 10, 15),
        None,
        [],
    ),
    (
        "plg-4",
        DEDI,
        SEDAP,
        D(2026, 10, 16),
        "discussion",
        45,
        "Angsuran dan tunggakan",
        "",
        "Satu anggota menunggak",
        D(2026, 11, 16),
        None,
        [("Menagih angsuran yang tertunggak", "Bendahara", D(2026, 11, 6), None)],
    ),
    (
        "plg-5",
        DEDI,
        SEDAP,
        D(2026, 10, 24),
        "home_visit",
        30,
        "Rencana pelunasan tunggakan",
        "",
        "",
        None,
        0,
        [],
    ),
    # Yogyakarta KUW: guidance and consultation, group and individual, UEP and UKS.
    (
        "yk-1",
        SISKA,
        KUW,
        D(2026, 9, 8),
        "discussion",
        120,
        "Manajemen keuangan dan perkreditan; administrasi pembukuan",
        "Pembentukan dan penguatan CBO; partisipasi anggota",
        "",
        D(2026, 9, 22),
        None,
        [
            (
                "Pengurus CBO menyusun jadwal pengguliran generasi kedua",
                "Pengurus CBO",
                D(2026, 9, 30),
                D(2026, 9, 29),
            )
        ],
    ),
    (
        "yk-2",
        SISKA,
        KUW,
        D(2026, 9, 22),
        "home_visit",
        60,
        "Pengembangan usaha kecil",
        "Masalah keluarga; anak sekolah",
        "",
        D(2026, 10, 6),
        3,
        [],
    ),
    (
        "yk-3",
        SISKA,
        KUW,
        D(2026, 10, 20),
        "lecture",
        90,
        "Akses ke sumber permodalan di luar yayasan",
        "Penyuluhan kesehatan balita",
        "",
        D(2026, 11, 17),
        None,
        [("Menghubungi BPR untuk kredit usaha", "Ketua KUW", D(2026, 11, 30), None)],
    ),
    (
        "yk-4",
        SISKA,
        KUW,
        D(2026, 11, 17),
        "discussion",
        90,
        "Laporan kas CBO",
        "Kerukunan warga bantaran sungai",
        "",
        D(2026, 12, 1),
        None,
        [],
    ),
    # Banyumulek potters (seed 000): home visits to the lagging craftsmen; Tanah Liat Lestari left behind.
    (
        "bm-1",
        RINA,
        LESTARI,
        D(2026, 8, 12),
        "discussion",
        90,
        "Desain gerabah modern; menjual tanpa ijon",
        "",
        "Anggota tinggal di tiga desa; pertemuan berhenti",
        D(2026, 9, 12),
        None,
        [],
    ),
    (
        "bm-2",
        RINA,
        MELE,
        D(2026, 10, 7),
        "home_visit",
        45,
        "Pesanan kendi dari Mataram; harga tanpa juragan",
        "Kesehatan kerja di tungku pembakaran",
        "",
        D(2026, 10, 21),
        1,
        [
            (
                "Membandingkan harga art shop dan pembeli Mataram",
                "Seksi pemasaran",
                D(2026, 10, 21),
                D(2026, 10, 20),
            )
        ],
    ),
    (
        "bm-3",
        RINA,
        MELE,
        D(2026, 10, 21),
        "discussion",
        90,
        "Tabungan dan angsuran; melunasi ijon ke pengepul",
        "",
        "Dua anggota masih terikat ijon",
        D(2026, 11, 4),
        None,
        [("Menyusun daftar utang ijon anggota", "Sekretaris", D(2026, 11, 4), None)],
    ),
    (
        "bm-4",
        RINA,
        MELE,
        D(2026, 11, 11),
        "discussion",
        90,
        "Pembagian pesanan 200 kendi",
        "",
        "",
        D(2026, 11, 25),
        None,
        [],
    ),
    # The other mentors, a visit or two each.
    (
        "kp-1",
        WAHYU,
        SENIK,
        D(2026, 11, 5),
        "discussion",
        90,
        "Jaringan pemasaran dengan Griya Gerabah",
        "Arisan dan kebersamaan paguyuban",
        "",
        D(2026, 12, 3),
        None,
        [],
    ),
    (
        "solo-1",
        BAYU,
        PERCA_M,
        D(2026, 11, 2),
        "discussion",
        60,
        "Produk perca dan tanggung renteng",
        "",
        "",
        D(2026, 12, 2),
        None,
        [],
    ),
    ("solo-2", BAYU, PERCA_S, D(2026, 9, 28), "lecture", 60, "Desain produk perca", "", "", None, None, []),
    (
        "kd-1",
        IKA,
        SENTRA,
        D(2026, 11, 9),
        "discussion",
        120,
        "Kerja sama internal sentra; pengadaan benang bersama",
        "",
        "",
        D(2026, 12, 7),
        None,
        [],
    ),
    (
        "kd-2",
        IKA,
        KOPERASI,
        D(2026, 11, 12),
        "lecture",
        60,
        "Produksi bersama pesanan besar",
        "",
        "",
        None,
        None,
        [],
    ),
]

SUBMITTED = (
    ZAINURI,
    PAKIS,
    D(2026, 9, 1),
    D(2026, 10, 5),
)  # mentor, a group of the programme, month, submitted
SUBMITTED_SUMMARY = (
    "Selama September 2026 dilakukan 3 kali pendampingan di RT 10 Kelurahan Pakis: diskusi kelompok, ceramah "
    "dan kunjungan rumah. Pendampingan masih diarahkan kepada Usaha Ekonomis Produktif (UEP); Usaha "
    "Kesejahteraan Sosial (UKS) belum banyak dijangkau."
)
SUBMITTED_PLANS = (
    "Oktober: memasukkan materi UKS (kerukunan, kebersihan dan kesehatan) ke pendampingan kelompok."
)
DRAFT = (DEDI, SEDAP, D(2026, 10, 1))


def _member(group: Group, index: int):
    members = list(
        Membership.objects.filter(group=group, left_on__isnull=True)
        .select_related("person__place")
        .order_by("person__full_name")
    )
    return members[index % len(members)].person if members else None


def load(*, acting_user) -> int:
    groups = {
        g.name: g
        for g in Group.objects.filter(name__in={v[2] for v in VISITS}).select_related("place", "programme")
    }
    staff = {s.full_name: s for s in StaffMember.objects.filter(full_name__in={v[1] for v in VISITS})}
    created = 0
    for key, mentor, group_name, day, technique, minutes, uep, uks, issues, next_on, home, actions in VISITS:
        group, person = groups.get(group_name), None
        if group is None or mentor not in staff:
            continue  # a trimmed dataset: skip what is not there
        if home is not None:
            person = _member(group, home)
        visit, new = services.record_visit(
            programme=group.programme,
            mentor=staff[mentor],
            group=group,
            person=person,
            visited_on=day,
            technique=technique,
            duration_minutes=minutes,
            productive_topics=uep,
            welfare_topics=uks,
            issues=issues,
            actions=[{"text": t, "owner": o, "due_on": due} for t, o, due, _done in actions],
            next_visit_on=next_on,
            idempotency_key=f"demo-mentoring-{key}",
            acting_user=acting_user,
        )
        created += int(new)
        if new:
            created += len(actions)
            done_on = {t: done for t, _o, _due, done in actions if done}
            for action in AgreedAction.objects.filter(visit=visit, text__in=done_on):
                services.complete_action(action=action, done_on=done_on[action.text], acting_user=acting_user)
    mentor, group_name, month, submitted_on = SUBMITTED
    group = groups.get(group_name)
    if (
        group is not None
        and mentor in staff
        and not MonthlyReport.objects.filter(
            mentor=staff[mentor], programme=group.programme, month=month
        ).exists()
    ):
        report = services.draft_monthly_report(
            mentor=staff[mentor], programme=group.programme, month=month, acting_user=acting_user
        )
        report = services.update_monthly_report(
            report=report,
            changes={"summary": SUBMITTED_SUMMARY, "plans": report.plans + "\n" + SUBMITTED_PLANS},
            acting_user=acting_user,
        )
        services.submit_monthly_report(report=report, acting_user=acting_user, submitted_on=submitted_on)
        created += 1
    mentor, group_name, month = DRAFT
    group = groups.get(group_name)
    if (
        group is not None
        and mentor in staff
        and not MonthlyReport.objects.filter(
            mentor=staff[mentor], programme=group.programme, month=month
        ).exists()
    ):
        services.draft_monthly_report(
            mentor=staff[mentor], programme=group.programme, month=month, acting_user=acting_user
        )
        created += 1
    return created
