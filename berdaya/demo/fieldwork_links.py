"""Demo proposals and market links (seed 002, Pedukuhan Senik, Kulon Progo).

Resource mobilisation: with the facilitator the paguyuban wrote a proposal to the Kulon Progo regency,
Dinas Perindustrian, which granted Rp5.000.000 for training and the group's savings and loans (received
17 February 2025). A second proposal to the Dinas Koperasi for bookkeeping training still waits.

Market network: Griya Gerabah Wijirejo (Bp Agus Sugiharto, Pundong) takes modern pottery under agreed
quality control — the reject rate falls month after month as the craftspeople learn; wedding make-up
artists ordered 300 souvenirs; the Dinas opened a showroom for Kulon Progo crafts and the group sold at
the yearly regency exhibition; a local craft business (Susmirah Craft Jogjavanesia) sells some pieces.

Everything goes through ``berdaya.fieldwork.links.services``; rows are looked up by title or partner and
sales carry fixed idempotency keys, so a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt

from berdaya.fieldwork.links import services
from berdaya.fieldwork.links.models import MarketLink, Proposal, Sale
from berdaya.groups.models import Group
from berdaya.programs.models import Agency, Programme

PROGRAMME = "Pemberdayaan Paguyuban Gerabah Senik"
GROUP = "Paguyuban Pengrajin Gerabah Pedukuhan Senik"
D = dt.date.fromisoformat

PROPOSALS = [
    {
        "title": "Bantuan kegiatan Paguyuban Pengrajin Gerabah Pedukuhan Senik",
        "agency": "Dinas Perindustrian Kabupaten Kulon Progo",
        "purpose": "Biaya kegiatan pelatihan lanjutan gerabah modern serta modal simpan pinjam kelompok pengrajin.",
        "amount_asked": 5_000_000,
        "notes": "Disusun bersama kelompok; rekomendasi Kasi Kesos dan Kasi PMD Kapanewon Lendah.",
        "submitted_on": "2024-12-09",
        "decided_on": "2025-01-27",
        "amount_granted": 5_000_000,
        "decision_note": "Disetujui Pemerintah Kabupaten Kulon Progo c.q. Kepala Dinas Perindustrian.",
        "received_on": "2025-02-17",
    },
    {
        "title": "Pelatihan tertib administrasi dan pembukuan simpan pinjam",
        "agency": "Dinas Koperasi dan UKM Kabupaten Kulon Progo",
        "purpose": "Pengurus masih lemah dalam tertib administrasi; pelatihan buku kas dan kartu pinjaman.",
        "amount_asked": 3_000_000,
        "notes": "",
        "submitted_on": "2025-06-02",
    },
]

LINKS = [
    {
        "partner_name": "Griya Gerabah Wijirejo (Bp Agus Sugiharto)",
        "agency": "Griya Gerabah Wijirejo",
        "kind": "offtaker",
        "quality_terms": "Tidak retak atau bocor; warna dan finishing rata; bentuk dan ukuran sesuai contoh.",
        "price_terms": "Harga per biji disepakati per model; dibayar saat barang diambil, setelah lolos kontrol mutu.",
        "started_on": "2025-03-02",
        # date, description, delivered, rejected, paid
        "sales": [
            ("2025-03-24", "Vas bunga modern", 80, 14, 495_000),
            ("2025-04-21", "Vas bunga modern", 120, 15, 787_500),
            ("2025-05-19", "Souvenir gerabah kecil", 200, 16, 920_000),
            ("2025-06-23", "Vas bunga modern", 150, 9, 1_057_500),
            ("2025-07-21", "Souvenir gerabah kecil", 250, 10, 1_200_000),
            ("2025-08-18", "Vas bunga dan guci kecil", 180, 5, 1_312_500),
        ],
    },
    {
        "partner_name": "Perias pengantin Bu Surtini, Lendah",
        "agency": "",
        "kind": "souvenir_buyer",
        "quality_terms": "Ukuran dan warna seragam; dikemas satu per satu dengan pita.",
        "price_terms": "Rp4.500 per souvenir; uang muka 50 %.",
        "started_on": "2025-05-05",
        "sales": [
            ("2025-06-14", "300 souvenir pernikahan (dibagi rata antar anggota)", 300, 6, 1_323_000),
            ("2025-10-04", "200 souvenir pernikahan", 200, 2, 891_000),
        ],
    },
    {
        "partner_name": "Showroom kerajinan Kulon Progo (Dinas Perindustrian)",
        "agency": "Dinas Perindustrian Kabupaten Kulon Progo",
        "kind": "showroom",
        "quality_terms": "Hanya produk terbaik; label nama paguyuban.",
        "price_terms": "Titip jual; paguyuban menerima harga jual dikurangi 10 %.",
        "started_on": "2025-06-01",
        "sales": [("2025-07-31", "Vas bunga dan souvenir (titip jual)", 40, 0, 520_000)],
    },
    {
        "partner_name": "Pameran hasil pembangunan Kabupaten Kulon Progo 2025",
        "agency": "Dinas Perindustrian Kabupaten Kulon Progo",
        "kind": "exhibition",
        "quality_terms": "",
        "price_terms": "Stan gratis dari Dinas; dijual langsung ke pengunjung.",
        "started_on": "2025-08-15",
        "ended_on": "2025-08-20",
        "sales": [("2025-08-20", "Penjualan langsung di stan pameran", 95, 0, 1_140_000)],
    },
    {
        "partner_name": "Susmirah Craft Jogjavanesia",
        "agency": "",
        "kind": "art_shop",
        "quality_terms": "Kontrol kualitas sesuai ketentuan yang disepakati; finishing halus.",
        "price_terms": "Dibeli putus; harga ditentukan per model.",
        "started_on": "2025-04-01",
        "sales": [("2025-09-15", "Souvenir gerabah kecil", 100, 12, 352_000)],
    },
]


def _agency(name: str) -> Agency | None:
    return Agency.objects.filter(name=name).first() if name else None


def load(*, acting_user) -> int:
    programme = Programme.objects.filter(name=PROGRAMME).first()
    if programme is None:
        return 0
    group = Group.objects.filter(programme=programme, name=GROUP).first()
    created = 0
    for spec in PROPOSALS:
        agency = _agency(spec["agency"])
        if agency is None or Proposal.objects.filter(programme=programme, title=spec["title"]).exists():
            continue
        p = services.create_proposal(
            programme=programme,
            group=group,
            agency=agency,
            title=spec["title"],
            purpose=spec["purpose"],
            amount_asked=spec["amount_asked"],
            notes=spec["notes"],
            acting_user=acting_user,
        )
        created += 1
        if spec.get("submitted_on"):
            p = services.submit_proposal(
                proposal=p, submitted_on=D(spec["submitted_on"]), acting_user=acting_user
            )
        if spec.get("decided_on"):
            p = services.decide_proposal(
                proposal=p,
                approved=True,
                amount_granted=spec["amount_granted"],
                decided_on=D(spec["decided_on"]),
                note=spec["decision_note"],
                acting_user=acting_user,
            )
        if spec.get("received_on"):
            services.record_receipt(proposal=p, received_on=D(spec["received_on"]), acting_user=acting_user)
    for spec in LINKS:
        link = MarketLink.objects.filter(programme=programme, partner_name=spec["partner_name"]).first()
        if link is None:
            link = services.create_link(
                programme=programme,
                group=group,
                partner_name=spec["partner_name"],
                agency=_agency(spec["agency"]),
                kind=spec["kind"],
                quality_terms=spec["quality_terms"],
                price_terms=spec["price_terms"],
                started_on=D(spec["started_on"]),
                acting_user=acting_user,
            )
            created += 1
        keys = set(Sale.objects.filter(link=link).values_list("idempotency_key", flat=True))
        for i, (day, description, delivered, rejected, paid) in enumerate(spec["sales"], start=1):
            key = f"demo-sale-{i}"
            if key in keys:
                continue
            services.record_sale(
                link=link,
                sold_on=D(day),
                description=description,
                quantity=delivered,
                rejected_quantity=rejected,
                amount=paid,
                idempotency_key=key,
                acting_user=acting_user,
            )
            created += 1
        if spec.get("ended_on") and link.ended_on is None:
            services.end_link(link=link, ended_on=D(spec["ended_on"]), acting_user=acting_user)
    return created
