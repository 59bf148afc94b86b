"""Demo value chain (seed 000, Banyumulek pottery; optionally seed 001, Bandar Kidul ikat).

Seed 000: "Aliran nilai tambah produk yang dihasilkan oleh perajin ternyata sebagian besar mengalir pada
pemilik art shop" — the value added by the craftsmen flows mostly to the art shops — and the *sistem
ijon* keeps the weakest craftsmen tied to the juragan. Here:

* three pottery products followed quarter by quarter from the craftsman through the collector
  (pengepul) and the art shop to the final buyer, 2023–2025; the craftsman's share of the final price
  rises slowly as the mentoring strengthens their bargaining position (the incubator's goal);
* four advance sales, the first being the worked example: Rp7.000.000 now for goods worth Rp10.000.000
  four months later (42,86 % for the period, 128,57 % a year simple, ≈ 191,5 % compound), compared with
  KUR at 6 % a year, set for the programme;
* when the Bandar Kidul sentra exists, the price of a 2-metre ikat cloth from weaver to shop to buyer.

Prices are illustrative (the seed gives none). Everything goes through
``berdaya.clusters.valuechain.services``; rows carry an idempotency key or are looked up by name, so a
second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from berdaya.clusters import services as sentra_services
from berdaya.clusters.models import Sentra, SentraMember
from berdaya.clusters.valuechain import services
from berdaya.clusters.valuechain.models import AdvanceSale, PriceObservation, Product, ReferenceRate
from berdaya.people.models import Enterprise
from berdaya.places.models import Place
from berdaya.programs.models import Programme

from .dataset import BANYUMULEK

PROGRAMME = "Inkubator Gerabah Banyumulek"
SENTRA = "Sentra Gerabah Banyumulek"
IKAT_PROGRAMME = "Klaster Tenun Ikat Bandar Kidul"
IKAT_SENTRA = "Sentra Industri Tenun Ikat Bandar Kidul"
D = dt.date.fromisoformat

CRAFTSMEN = [
    "Gerabah Sapii",
    "Gerabah Rumini",
    "Gerabah Saprudin",
    "Gerabah Inaq Sahnim",
    "Gerabah Rabiah",
    "Gerabah Mahnim",
    "Gerabah Sriani",
    "Gerabah Zaenab",
]
QUARTERS = ["2023-02-15", "2023-05-15", "2023-08-15", "2023-11-15", "2024-02-15", "2024-05-15",
            "2024-08-15", "2024-11-15", "2025-02-15", "2025-05-15", "2025-08-15"]  # fmt: skip

# product, unit, per step: (first quarter's price, last quarter's price) — straight line between them,
# the craftsman's price rising faster than the others; sources as a fieldworker would note them.
PRODUCTS = [
    (
        "Gentong air 40 cm",
        "buah",
        {
            "craftsman": (25_000, 40_000, "Perajin, di tempat pembakaran"),
            "collector": (45_000, 55_000, "Pengepul Gerabah Zaini"),
            "art_shop": (110_000, 120_000, "Art Shop Sasak Lestari"),
            "buyer": (150_000, 160_000, "Harga label di art shop, Jl. Raya Banyumulek"),
        },
    ),
    (
        "Kendi maling",
        "buah",
        {
            "craftsman": (8_000, 12_000, "Perajin, di rumah"),
            "collector": (14_000, 17_000, "Pengepul Gerabah Zaini"),
            "art_shop": (35_000, 38_000, "Art Shop Sasak Lestari"),
            "buyer": (50_000, 50_000, "Wisatawan, Pasar Seni Senggigi"),
        },
    ),
    (
        "Vas ukir cukli 30 cm",
        "buah",
        {
            "craftsman": (35_000, 55_000, "Perajin, di rumah"),
            "juragan": (60_000, 75_000, "Juragan, pesanan ekspor"),
            "exporter": (150_000, 160_000, "Eksportir, Mataram (FOB)"),
        },
    ),
]

# buyer, buyer's step, seller enterprise, kind, cash, goods value, received, delivered, note
ADVANCE_SALES = [
    ("Pengepul Gerabah Zaini", "collector", "Gerabah Rumini", "ijon", 7_000_000, 10_000_000,
     "2025-01-15", "2025-05-15",
     "Ijon sebelum musim hujan: uang diterima sekarang, 200 gentong diserahkan setelah pembakaran."),
    ("Art Shop Sasak Lestari", "art_shop", "Gerabah Rabiah", "ijon", 2_000_000, 2_600_000,
     "2024-11-01", "2025-02-01", "Kendi maling 200 buah, harga ditetapkan saat uang diterima."),
    ("Pengepul Gerabah Zaini", "collector", "Gerabah Sriani", "ijon", 3_000_000, 4_500_000,
     "2024-10-01", "2025-04-01", "Untuk biaya sekolah anak; dibayar dengan gerabah enam bulan kemudian."),
    ("Juragan ekspor Mataram", "juragan", "Gerabah Saprudin", "advance_order", 1_500_000, 1_650_000,
     "2025-06-01", "2025-08-01", "Uang muka pesanan vas ukir: pembayaran di muka yang wajar, bukan ijon."),
]  # fmt: skip

IKAT = (
    "Kain tenun ikat 2 m",
    "lembar",
    [
        ("craftsman", "2025-03-10", 180_000, "Penenun, Bandar Kidul"),
        ("craftsman", "2025-03-12", 190_000, "Penenun, Bandar Kidul"),
        ("retailer", "2025-03-15", 275_000, "Galeri tenun, Jl. Dhoho Kediri"),
        ("buyer", "2025-03-20", 325_000, "Seragam dinas, harga pembelian instansi"),
    ],
)


def _banyumulek_sentra(programme: Programme, acting_user) -> tuple[Sentra | None, int]:
    sentra = (
        Sentra.objects.filter(programme=programme, name=SENTRA).first()
        or Sentra.objects.filter(programme=programme).order_by("pk").first()
    )
    created = 0
    if sentra is None:
        place = Place.objects.filter(code=BANYUMULEK).first()
        if place is None:
            return None, 0
        sentra = sentra_services.create_sentra(
            programme=programme,
            name=SENTRA,
            product_type="gerabah",
            place=place,
            description="Perajin gerabah rumah tangga Desa Banyumulek, Kec. Kediri, Lombok Barat.",
            acting_user=acting_user,
        )
        created += 1
    members = set(SentraMember.objects.filter(sentra=sentra).values_list("enterprise__name", flat=True))
    for enterprise in Enterprise.objects.filter(name__in=CRAFTSMEN).exclude(name__in=members):
        sentra_services.add_member(sentra=sentra, enterprise=enterprise, acting_user=acting_user)
        created += 1
    return sentra, created


def _product(sentra: Sentra, name: str, unit: str, acting_user) -> tuple[Product, int]:
    product = Product.objects.filter(sentra=sentra, name=name).first()
    if product is not None:
        return product, 0
    return services.create_product(sentra=sentra, name=name, unit=unit, acting_user=acting_user), 1


def _price(sentra, product, step, price, day, source, acting_user) -> int:
    key = f"demo:{product.pk}:{step}:{day}:{source}"[:100]
    if PriceObservation.objects.filter(sentra=sentra, idempotency_key=key).exists():
        return 0
    services.record_price(
        sentra=sentra,
        product=product,
        step=step,
        price=price,
        observed_on=D(day),
        source=source,
        place="Banyumulek" if sentra.name == SENTRA else "",
        idempotency_key=key,
        acting_user=acting_user,
    )
    return 1


def _round(value: float, to: int = 500) -> int:
    return int(round(value / to)) * to


def load(*, acting_user) -> int:
    programme = Programme.objects.filter(name=PROGRAMME).first()
    if programme is None:
        return 0
    sentra, created = _banyumulek_sentra(programme, acting_user)
    if sentra is None:
        return 0

    if not ReferenceRate.objects.filter(programme=programme, name="KUR", valid_from=D("2023-01-01")).exists():
        services.set_reference_rate(
            programme=programme,
            name="KUR",
            annual_rate=Decimal("6"),
            valid_from=D("2023-01-01"),
            acting_user=acting_user,
        )
        created += 1

    last = len(QUARTERS) - 1
    for name, unit, steps in PRODUCTS:
        product, n = _product(sentra, name, unit, acting_user)
        created += n
        for i, day in enumerate(QUARTERS):
            for step, (first, final, source) in steps.items():
                price = _round(first + (final - first) * i / last)
                created += _price(sentra, product, step, price, day, source, acting_user)

    enterprises = {e.name: e for e in Enterprise.objects.filter(name__in=CRAFTSMEN)}
    jar = Product.objects.filter(sentra=sentra, name=PRODUCTS[0][0]).first()
    for i, (buyer, step, seller, kind, cash, value, received, delivered, note) in enumerate(ADVANCE_SALES):
        key = f"demo:ijon:{i}"
        enterprise = enterprises.get(seller)
        if enterprise is None or AdvanceSale.objects.filter(sentra=sentra, idempotency_key=key).exists():
            continue
        services.record_advance_sale(
            sentra=sentra,
            enterprise=enterprise,
            buyer_name=buyer,
            buyer_step=step,
            kind=kind,
            product=jar if i == 0 else None,
            quantity=200 if i == 0 else None,
            cash_received=cash,
            goods_value=value,
            received_on=D(received),
            delivery_on=D(delivered),
            notes=note,
            idempotency_key=key,
            acting_user=acting_user,
        )
        created += 1

    ikat = Sentra.objects.filter(programme__name=IKAT_PROGRAMME, name=IKAT_SENTRA).first()
    if ikat is not None:
        name, unit, rows = IKAT
        product, n = _product(ikat, name, unit, acting_user)
        created += n
        for step, day, price, source in rows:
            created += _price(ikat, product, step, price, day, source, acting_user)
    return created
