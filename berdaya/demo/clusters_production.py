"""Demo joint production and sub-production (seed 001, Sentra Industri Tenun Ikat Bandar Kidul).

"Salah satu atau beberapa pelaku mendapatkan order dalam jumlah besar baik dari Pemerintah Kota, sekolah
atau instansi swasta untuk seragam. Karena keterbatasan kapasitas produksi maka order tersebut dibagi
dengan pengrajin lain dalam satu sentra ... sesuai dengan kemampuan masing-masing." Here:

* the weekly capacity, load, grade and distance of the ten weavers (illustrative: the seed gives none);
* a city order of 600 pieces of ikat uniform cloth, split by the optimal split and partly delivered
  (with quality rejects);
* a sub-production contract with weavers outside the sentra ("pengrajin di luar sentra memproduksi
  sesuai dengan jumlah, waktu dan kualitas yang telah ditentukan"), one delivery in.

Everything goes through ``berdaya.clusters.production.services``; rows are looked up first and creations
carry fixed idempotency keys, so a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from berdaya.clusters import services as sentra_services
from berdaya.clusters.models import Sentra, SentraMember
from berdaya.clusters.production import services
from berdaya.clusters.production.models import Order, OrderShare, ProducerCapacity, SubContract
from berdaya.people.models import Enterprise
from berdaya.places.models import Place
from berdaya.programs.models import Programme

from .dataset import BANDAR_KIDUL

PROGRAMME = "Klaster Tenun Ikat Bandar Kidul"
SENTRA = "Sentra Industri Tenun Ikat Bandar Kidul"
D = dt.date.fromisoformat

# name: (pieces a week, already promised, grade, km from the showroom where orders are collected)
CAPACITIES = {
    "Tenun Ikat Bandar Jaya": (60, 80, "A", "0.3"),
    "Tenun Ikat Kurnia": (30, 20, "A", "0.5"),
    "Tenun Ikat Sumber Rejeki": (25, 0, "B", "0.8"),
    "Tenun Ikat Endang": (18, 10, "B", "0.4"),
    "Tenun Ikat Prasetyo": (22, 0, "A", "1.1"),
    "Tenun Ikat Santoso": (12, 0, "B", "0.6"),
    "Tenun Ikat Handayani": (15, 0, "B", "0.9"),
    "Tenun Ikat Wiwik": (8, 0, "C", "0.5"),
    "Tenun Ikat Widodo": (40, 60, "A", "0.7"),
    "Tenun Ikat Didik": (6, 0, "C", "1.2"),
}
CAPACITY_ON = D("2025-07-28")

ORDER_KEY = "demo-production-seragam-pemkot-2025"
ORDER = {
    "buyer": "Pemerintah Kota Kediri (Bagian Umum)",
    "specification": "Kain tenun ikat seragam ASN motif khas Kediri, katun 20s, lebar 110 cm, panjang 2 m per "
    "lembar, warna sesuai contoh.",
    "quantity": 600,
    "unit": "lembar",
    "unit_price": 175_000,
    "starts_on": D("2025-08-04"),
    "due_on": D("2025-08-31"),
    "min_grade": "B",
    "min_lot": 20,
}
# (weaver, date, delivered, rejected at the quality check)
DELIVERIES = [
    ("Tenun Ikat Bandar Jaya", "2025-08-15", 100, 4),
    ("Tenun Ikat Kurnia", "2025-08-18", 60, 2),
    ("Tenun Ikat Widodo", "2025-08-20", 50, 0),
]

CONTRACT = {
    "producer_name": "Kelompok Penenun Desa Ngadiluwih",
    "item": "Sarung tenun ikat goyor",
    "quantity": 120,
    "unit": "lembar",
    "due_on": D("2025-09-15"),
    "quality_terms": "Kerapatan dan warna sama dengan contoh; tidak ada benang putus; panjang 2 m ± 2 cm.",
    "unit_price": 95_000,
}
CONTRACT_DELIVERY = ("2025-09-01", 70, 3, "demo-production-sub-1")


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
    enterprises = {e.name: e for e in Enterprise.objects.filter(name__in=list(CAPACITIES))}
    members = set(
        SentraMember.objects.filter(sentra=sentra, enterprise__in=enterprises.values()).values_list(
            "enterprise__name", flat=True
        )
    )
    have = set(ProducerCapacity.objects.filter(sentra=sentra).values_list("enterprise__name", flat=True))
    for name, (weekly, load_units, grade, km) in CAPACITIES.items():
        enterprise = enterprises.get(name)
        if enterprise is None:
            continue
        if name not in members:
            sentra_services.add_member(sentra=sentra, enterprise=enterprise, acting_user=acting_user)
            created += 1
        if name not in have:
            services.set_capacity(
                sentra=sentra,
                enterprise=enterprise,
                weekly_capacity=weekly,
                current_load=load_units,
                quality_grade=grade,
                distance_km=Decimal(km),
                updated_on=CAPACITY_ON,
                acting_user=acting_user,
            )
            created += 1

    order = Order.objects.filter(sentra=sentra, idempotency_key=ORDER_KEY).first()
    if order is None:
        order = services.create_order(
            sentra=sentra, **ORDER, idempotency_key=ORDER_KEY, acting_user=acting_user
        )
        created += 1
    if order.status == Order.Status.DRAFT:
        created += len(services.save_split(order=order, acting_user=acting_user))
    shares = {
        s.enterprise.name: s for s in OrderShare.objects.filter(order=order).select_related("enterprise")
    }
    for name, on, quantity, rejected in DELIVERIES:
        share = shares.get(name)
        if share is None or share.deliveries.filter(idempotency_key=f"demo-production-{name}-{on}").exists():
            continue
        services.record_delivery(
            share=share,
            delivered_on=D(on),
            quantity=min(quantity, share.quantity),
            rejected=rejected,
            idempotency_key=f"demo-production-{name}-{on}",
            acting_user=acting_user,
        )
        created += 1

    contract = SubContract.objects.filter(
        sentra=sentra, producer_name=CONTRACT["producer_name"], item=CONTRACT["item"]
    ).first()
    if contract is None:
        contract = services.create_subcontract(sentra=sentra, **CONTRACT, acting_user=acting_user)
        created += 1
    on, quantity, rejected, key = CONTRACT_DELIVERY
    if not contract.deliveries.filter(idempotency_key=key).exists():
        services.record_sub_delivery(
            contract=contract,
            delivered_on=D(on),
            quantity=quantity,
            rejected=rejected,
            idempotency_key=key,
            acting_user=acting_user,
        )
        created += 1
    return created
