"""Demo joint procurement (seed 001, Sentra Industri Tenun Ikat Kota Kediri, here Bandar Kidul).

"Kerja sama pengadaan bahan baku": when a large order comes in, the weavers order yarn together from
one supplier — "pemesanan dalam jumlah besar ini dapat mengurangi biaya" — the supplier brings it to
the sentra at the agreed quantity, time and price, and is paid. Here:

* a yarn purchase (benang katun 20s): ten weavers' needs add up to 230 kg, reaching the 200 kg break
  (Rp54.000 instead of Rp58.000–62.000 per kg); ordered, delivered in two loads 10 kg short (the
  shortfall shared pro rata), handed out, settled;
* a dye purchase (pewarna naptol) still collecting needs: 18 kg reach the 10 kg break, 7 kg short of
  the 25 kg one.

Supplier names and prices are illustrative (the seed names none). Everything goes through
``berdaya.clusters.procurement.services``; a purchase is looked up by sentra, supplier and material,
so a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt

from berdaya.clusters import services as sentra_services
from berdaya.clusters.models import Sentra, SentraMember
from berdaya.clusters.procurement import services
from berdaya.clusters.procurement.models import JointPurchase, PriceBreak, Supplier
from berdaya.people.models import Enterprise
from berdaya.places.models import Place
from berdaya.programs.models import Programme

from .dataset import BANDAR_KIDUL

PROGRAMME = "Klaster Tenun Ikat Bandar Kidul"
SENTRA = "Sentra Industri Tenun Ikat Bandar Kidul"
D = dt.date.fromisoformat

YARN = "Benang katun 20s"
DYE = "Pewarna naptol"
SUPPLIERS = [
    (
        "UD Benang Jaya Kediri",
        "Bp Hartono, Jl. Dhoho, Kediri — 0354 68xxxx",
        [(YARN, "kg", 5, 62_000), (YARN, "kg", 50, 58_000), (YARN, "kg", 200, 54_000)],
    ),
    (
        "Toko Kimia Warna Sentosa Surabaya",
        "Ibu Lanny — 031 35xxxx",
        [(DYE, "kg", 1, 185_000), (DYE, "kg", 10, 165_000), (DYE, "kg", 25, 150_000)],
    ),
]

YARN_NEEDS = {
    "Tenun Ikat Bandar Jaya": 60,
    "Tenun Ikat Widodo": 35,
    "Tenun Ikat Kurnia": 30,
    "Tenun Ikat Sumber Rejeki": 25,
    "Tenun Ikat Prasetyo": 22,
    "Tenun Ikat Endang": 18,
    "Tenun Ikat Handayani": 15,
    "Tenun Ikat Santoso": 12,
    "Tenun Ikat Wiwik": 8,
    "Tenun Ikat Didik": 5,
}
DYE_NEEDS = {
    "Tenun Ikat Kurnia": 6,
    "Tenun Ikat Sumber Rejeki": 5,
    "Tenun Ikat Endang": 4,
    "Tenun Ikat Santoso": 3,
}


def _sentra(programme: Programme, acting_user) -> tuple[Sentra | None, int]:
    sentra = Sentra.objects.filter(programme=programme, name=SENTRA).first()
    if sentra is not None:
        return sentra, 0
    # The clusters demo normally creates it; when it has not run yet, create it the same way.
    place = Place.objects.filter(code=BANDAR_KIDUL).first()
    if place is None:
        return None, 0
    sentra = sentra_services.create_sentra(
        programme=programme,
        name=SENTRA,
        product_type="tenun ikat",
        place=place,
        founded_year=1946,  # as berdaya/demo/clusters_sentra.py
        acting_user=acting_user,
    )
    created = 1
    for enterprise in Enterprise.objects.filter(name__in=list(YARN_NEEDS)).order_by("name"):
        sentra_services.add_member(
            sentra=sentra, enterprise=enterprise, joined_on=enterprise.start_date, acting_user=acting_user
        )
        created += 1
    return sentra, created


def _members(sentra: Sentra, names) -> dict[str, Enterprise]:
    rows = SentraMember.objects.filter(
        sentra=sentra, left_on__isnull=True, enterprise__name__in=list(names)
    ).select_related("enterprise")
    return {m.enterprise.name: m.enterprise for m in rows}


def _supplier(sentra: Sentra, name: str, contact: str, breaks, acting_user) -> tuple[Supplier, int]:
    supplier = Supplier.objects.filter(sentra=sentra, name=name).first()
    created = 0
    if supplier is None:
        supplier = services.create_supplier(
            sentra=sentra, name=name, contact=contact, acting_user=acting_user
        )
        created += 1
    for material, unit, min_q, price in breaks:
        if not PriceBreak.objects.filter(
            supplier=supplier, material=material, unit=unit, min_quantity=min_q
        ).exists():
            services.add_price_break(
                supplier=supplier,
                material=material,
                unit=unit,
                min_quantity=min_q,
                unit_price=price,
                acting_user=acting_user,
            )
            created += 1
    return supplier, created


def load(*, acting_user) -> int:
    programme = Programme.objects.filter(name=PROGRAMME).first()
    if programme is None:
        return 0
    sentra, created = _sentra(programme, acting_user)
    if sentra is None:
        return 0
    suppliers = {}
    for name, contact, breaks in SUPPLIERS:
        suppliers[name], n = _supplier(sentra, name, contact, breaks, acting_user)
        created += n

    yarn_supplier = suppliers["UD Benang Jaya Kediri"]
    if not JointPurchase.objects.filter(sentra=sentra, supplier=yarn_supplier, material=YARN).exists():
        members = _members(sentra, YARN_NEEDS)
        purchase = services.create_purchase(
            sentra=sentra,
            supplier=yarn_supplier,
            material=YARN,
            unit="kg",
            order_deadline=D("2025-03-08"),
            delivery_cost=300_000,
            solo_delivery_cost=60_000,
            notes="Pesanan seragam Pemerintah Kota Kediri: benang dipesan bersama agar mencapai harga grosir.",
            acting_user=acting_user,
        )
        created += 1
        for name, quantity in YARN_NEEDS.items():
            if name in members:
                services.set_need(
                    purchase=purchase, enterprise=members[name], quantity=quantity, acting_user=acting_user
                )
                created += 1
        if purchase.needs.exists():
            purchase = services.place_order(
                purchase=purchase, ordered_on=D("2025-03-10"), acting_user=acting_user
            )
            ordered = purchase.ordered_quantity
            first = min(150, ordered)
            # The second load came 10 kg short (the supplier ran out): the shortfall is shared pro rata.
            loads = [
                ("2025-03-14", first, "Muatan pertama"),
                ("2025-03-21", max(ordered - first - 10, 0), "Kurang 10 kg, stok pemasok habis"),
            ]
            for i, (day, quantity, note) in enumerate(loads):
                if quantity > 0:
                    services.record_delivery(
                        purchase=purchase,
                        delivered_on=D(day),
                        quantity=quantity,
                        notes=note,
                        acting_user=acting_user,
                        idempotency_key=f"demo-yarn-{i}",
                    )
                    created += 1
            services.close_delivery(purchase=purchase, closed_on=D("2025-03-22"), acting_user=acting_user)
            for enterprise_id, quantity in services.allotments(purchase).items():
                if quantity > 0:
                    services.hand_out(
                        purchase=purchase,
                        enterprise=Enterprise.objects.get(pk=enterprise_id),
                        quantity=quantity,
                        handed_on=D("2025-03-22"),
                        acting_user=acting_user,
                        idempotency_key=f"demo-yarn-out-{enterprise_id}",
                    )
                    created += 1
            services.settle(purchase=purchase, settled_on=D("2025-03-31"), acting_user=acting_user)

    dye_supplier = suppliers["Toko Kimia Warna Sentosa Surabaya"]
    if not JointPurchase.objects.filter(sentra=sentra, supplier=dye_supplier, material=DYE).exists():
        members = _members(sentra, DYE_NEEDS)
        purchase = services.create_purchase(
            sentra=sentra,
            supplier=dye_supplier,
            material=DYE,
            unit="kg",
            order_deadline=D("2025-06-20"),
            delivery_cost=120_000,
            notes="Pewarna untuk motif baru; dikumpulkan sampai tanggal batas pemesanan.",
            acting_user=acting_user,
        )
        created += 1
        for name, quantity in DYE_NEEDS.items():
            if name in members:
                services.set_need(
                    purchase=purchase, enterprise=members[name], quantity=quantity, acting_user=acting_user
                )
                created += 1
    return created
