"""Seed 001, Sentra Industri Tenun Ikat Bandar Kidul: three cooperation records worked through.

1. A bank investment credit for land, building and looms: applied → assessed → approved → disbursed; the
   impact is more production capacity and sales.
2. A working-capital credit at the LKM, rejected after assessment: the process ends there.
3. A joint-marketing exhibition offered by the Dinas: the weavers decide to go, prepare, exhibit;
   output promotion and sales, impact the product better known.
"""

import datetime as dt
from decimal import Decimal

from berdaya.clusters.cooperation import queries, services

D = dt.date


def test_bank_investment_credit_from_application_to_disbursement(sentra, weaver, bank, credit, admin):
    services.add_participant(cooperation=credit, actor=weaver, role="beneficiary", acting_user=admin)
    services.add_participant(cooperation=credit, actor=bank, role="provider", acting_user=admin)
    services.add_input(
        cooperation=credit,
        kind="money",
        description="Kredit investasi untuk tanah, bangunan dan 10 ATBM",
        amount=250_000_000,
        acting_user=admin,
    )
    services.add_input(
        cooperation=credit,
        kind="other",
        description="Persyaratan pengajuan kredit (agunan, laporan usaha)",
        acting_user=admin,
    )
    for stage, day in [("applied", D(2024, 3, 4)), ("assessed", D(2024, 3, 25)), ("approved", D(2024, 4, 8))]:
        services.record_credit_stage(cooperation=credit, stage=stage, on_date=day, acting_user=admin)
    assert queries.detail(credit)["state"] == "in_progress"
    services.record_credit_stage(
        cooperation=credit, stage="disbursed", on_date=D(2024, 4, 22), acting_user=admin
    )
    services.add_result(
        cooperation=credit, kind="output", text="Kredit diterima dan dicairkan", acting_user=admin
    )
    services.add_result(
        cooperation=credit,
        kind="impact",
        text="Kapasitas produksi naik dengan 10 ATBM baru",
        figure=Decimal("30"),
        unit="sarung per hari",
        acting_user=admin,
    )
    d = queries.detail(credit)
    assert d["state"] == "done" and d["state_sentence"] == "All 4 steps done."
    assert [s.label for s in d["steps"]] == ["Applied", "Assessed", "Approved", "Disbursed"]
    assert d["money"] == 250_000_000
    assert [p.actor.name for p in d["participants"]] == ["Tenun Ikat Bandar Jaya", "Bank Jatim Cabang Kediri"]
    assert d["impacts"][0].figure == Decimal("30.00")


def test_lkm_working_capital_credit_rejected(sentra, enterprises, lkm_agency, admin):
    lkm = services.create_actor(sentra=sentra, role="bridging", name="", agency=lkm_agency, acting_user=admin)
    endang = services.create_actor(
        sentra=sentra, role="core", name="", enterprise=enterprises[1], acting_user=admin
    )
    coop = services.create_cooperation(
        sentra=sentra,
        kind="lkm_credit",
        title="Kredit modal kerja LKM untuk benang",
        started_on=D(2024, 7, 1),
        acting_user=admin,
    )
    services.add_participant(cooperation=coop, actor=endang, role="beneficiary", acting_user=admin)
    services.add_participant(cooperation=coop, actor=lkm, role="provider", acting_user=admin)
    services.add_input(
        cooperation=coop, kind="money", description="Modal kerja", amount=25_000_000, acting_user=admin
    )
    services.record_credit_stage(cooperation=coop, stage="applied", on_date=D(2024, 7, 2), acting_user=admin)
    services.record_credit_stage(
        cooperation=coop, stage="assessed", on_date=D(2024, 7, 12), acting_user=admin
    )
    services.record_credit_stage(
        cooperation=coop, stage="rejected", on_date=D(2024, 7, 15), notes="Agunan kurang", acting_user=admin
    )
    d = queries.detail(coop)
    assert d["state"] == "rejected"
    assert [(s.label, s.unreached) for s in d["steps"]] == [
        ("Applied", False),
        ("Assessed", False),
        ("Rejected", False),
        ("Disbursed", True),
    ]


def test_joint_marketing_exhibition_and_the_totals(sentra, weaver, credit, admin, enterprises):
    dinas = services.create_actor(
        sentra=sentra, role="bridging", name="Dinas Perindag Kota Kediri", acting_user=admin
    )
    kurnia = services.create_actor(
        sentra=sentra, role="core", name="", enterprise=enterprises[2], acting_user=admin
    )
    coop = services.create_cooperation(
        sentra=sentra,
        kind="joint_marketing",
        title="Pameran bersama Kediri Expo",
        started_on=D(2024, 9, 2),
        acting_user=admin,
    )
    assert coop.scope == "internal"
    services.add_participant(cooperation=coop, actor=dinas, role="lead", acting_user=admin)
    services.add_participant(cooperation=coop, actor=weaver, role="participant", acting_user=admin)
    services.add_participant(cooperation=coop, actor=kurnia, role="participant", acting_user=admin)
    services.add_input(
        cooperation=coop,
        kind="money",
        description="Sewa stan dan transport",
        amount=3_500_000,
        acting_user=admin,
    )
    for step, day in zip(coop.steps.order_by("order"), [2, 5, 20, 27], strict=True):
        services.set_step_status(step=step, status="done", on_date=D(2024, 9, day), acting_user=admin)
    services.add_result(
        cooperation=coop,
        kind="output",
        text="Kain tenun terjual di pameran",
        figure=Decimal(42),
        unit="lembar",
        acting_user=admin,
    )
    services.add_result(
        cooperation=coop, kind="impact", text="Produk semakin dikenal masyarakat luas", acting_user=admin
    )
    services.add_input(
        cooperation=credit, kind="money", description="Kredit", amount=250_000_000, acting_user=admin
    )

    t = queries.totals(sentra)
    internal, external = t["scopes"]
    assert (internal["scope"], internal["count"], internal["money"]) == ("internal", 1, 3_500_000)
    assert (external["scope"], external["count"], external["money"]) == ("external", 1, 250_000_000)
    assert t["count"] == 2 and t["money"] == 253_500_000
    kinds = {k["kind"]: (k["count"], k["money"]) for s in t["scopes"] for k in s["kinds"]}
    assert kinds["joint_marketing"] == (1, 3_500_000) and kinds["bank_credit"] == (1, 250_000_000)
    listed = {c.title: (c.money, c.steps_done, c.steps_total) for c in queries.cooperations(sentra)}
    assert listed["Pameran bersama Kediri Expo"] == (3_500_000, 4, 4)
    assert listed["Kredit investasi ATBM dan bangunan"] == (250_000_000, 0, 4)
    assert [c.title for c in queries.cooperations(sentra, q="Kurnia")] == ["Pameran bersama Kediri Expo"]
