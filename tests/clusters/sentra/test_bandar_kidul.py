"""Worked example, seed 001: the Sentra Industri Tenun Ikat Bandar Kidul (Kota Kediri) judged against the
Kemenkop criteria.

From the seed: founded 1946 with one weaver and one hand loom (ATBM) making two sarongs a day; seven
looms and four sarongs a day four years later; at its height in the 1970s fifty weavers, 150 looms and
100 sarongs a day; about thirty weavers left after the sarong factories of the 1990s; fifteen weavers
today (the study's population). Kemenkop asks for 30–50 similar units and Rp500 jt turnover a month —
the seed gives no turnover figure, so that criterion must stay UNKNOWN. A technology touch: a university
built a device that counts the yarn skeins (ukelan) automatically. Infrastructure: PLN electricity,
roads and bridges, telephone and clean water (PDAM or ground water) all in use. Market network: sold in
Kediri, Tulungagung, Trenggalek, Blitar, Mojokerto, Jombang and Nganjuk, uniforms for the city
government and schools. Financial institutions: bank investment credit, microfinance working capital,
Dinas Koperasi credit at 4 %.
"""

import datetime as dt

import pytest

from berdaya.clusters import explain, services
from berdaya.clusters.models import ReadinessFinding

D = dt.date
pytestmark = pytest.mark.django_db

HISTORY = [
    (1946, {"units": 1, "craftsmen": 1, "tools": 1, "daily_capacity": 2, "capacity_unit": "sarung goyor"}),
    (1950, {"tools": 7, "daily_capacity": 4, "capacity_unit": "sarung"}),
    (1970, {"units": 50, "craftsmen": 50, "tools": 150, "daily_capacity": 100, "capacity_unit": "sarung"}),
    (1995, {"units": 30, "craftsmen": 30}),
    (2025, {"units": 15, "craftsmen": 15}),
]


@pytest.fixture
def bandar_kidul(world):
    user = world.users["outsider"]  # the manager of Beta, the Kediri programme
    sentra = services.create_sentra(
        programme=world.beta,
        name="Sentra Industri Tenun Ikat Bandar Kidul",
        product_type="tenun ikat",
        place=world.kediri,
        founded_year=1946,
        acting_user=user,
    )
    for year, values in HISTORY:
        services.record_year(sentra=sentra, year=year, acting_user=user, **values)
    for kind, note in [
        ("electricity", "PLN: penerangan ruang produksi dan showroom, pompa air, penghitung ukelan benang"),
        ("transport", "Jalan dan jembatan: bahan baku masuk, produk jadi keluar, konsumen datang"),
        ("telecom", "Telkom dan operator seluler untuk komunikasi dengan pemasok dan pembeli"),
        ("clean_water", "PDAM dan air tanah untuk pewarnaan"),
    ]:
        services.record_infrastructure(
            sentra=sentra,
            kind=kind,
            adequacy="adequate",
            assessed_on=D(2025, 4, 10),
            notes=note,
            acting_user=user,
        )
    return sentra


def test_bandar_kidul_is_a_sentra_ukm_with_units_failing_and_turnover_unknown(world, bandar_kidul):
    pre = services.prefill(bandar_kidul, on_date=D(2025, 5, 1))
    assert pre["units"].value == 15 and "History 2025: 15 units" in pre["units"].evidence
    assert "turnover" not in pre  # the seed has no turnover figure: nothing is invented
    assert pre["infrastructure"].value is True
    F = services.FindingInput
    findings = [
        pre["units"],
        pre["infrastructure"],
        F("technology", True, "Perguruan tinggi membuat alat penghitung ukelan benang otomatis", "Seed 001"),
        F(
            "market_network",
            True,
            "Kediri, Tulungagung, Trenggalek, Blitar, Mojokerto, Jombang, Nganjuk; seragam pemkot dan sekolah",
        ),
        F(
            "financial_institution",
            True,
            "Bank (kredit investasi), LKM (modal kerja), Dinas Koperasi (kredit bunga 4 %)",
        ),
    ]
    assessment, _ = services.assess_readiness(
        sentra=bandar_kidul, assessed_on=D(2025, 5, 1), findings=findings, acting_user=world.users["outsider"]
    )
    verdicts = dict(
        ReadinessFinding.objects.filter(assessment=assessment).values_list("criterion", "verdict")
    )
    assert verdicts == {
        "units": "fail",  # 15 < 30
        "turnover": "unknown",  # no evidence
        "technology": "pass",
        "infrastructure": "pass",
        "market_network": "pass",
        "financial_institution": "pass",
    }
    assert assessment.level == "sentra"
    rows, level = services.explained(assessment)
    assert level.rule == "core_both" and level.failed == ("units",) and level.unknown == ("turnover",)
    text = explain.level_rule(level)
    assert "Similar units" in text and "Monthly turnover" in text and "no evidence" in text
    units = next(r for r in rows if r["finding"].criterion == "units")
    assert units["reason"] == "15 is below the minimum of 30."


def test_history_chart_spans_the_years(world, bandar_kidul):
    from berdaya.clusters import queries

    chart = queries.history_chart(list(bandar_kidul.years.all()))
    assert [t["label"] for t in chart["ticks"]] == [1946, 1950, 1970, 1995, 2025]
    assert chart["top"] == 150  # the 150 looms of the 1970s
    assert all("," not in d["x"] for s in chart["series"] for d in s["dots"])  # never a decimal comma


def test_the_page_in_indonesian_keeps_svg_numbers_dotted(world, bandar_kidul, client_for, indonesian):
    response = client_for("outsider").get(f"/sentra/{bandar_kidul.pk}/")
    assert response.status_code == 200
    import re

    points = re.findall(rb'points="([^"]+)"', response.content)
    assert points and all(re.fullmatch(rb"[0-9. ,]+", p) for p in points)
    assert all(b"," not in c for c in re.findall(rb'cx="([^"]+)"', response.content))
