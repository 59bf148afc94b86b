"""Proposals through their states, market links and sales: rules, worked examples, the audit log."""

import datetime as dt
from decimal import Decimal

import pytest

from berdaya.audit.models import AuditEntry
from berdaya.core.errors import ServiceError
from berdaya.fieldwork.links import queries, services
from berdaya.fieldwork.links.models import Proposal, Sale

D = dt.date
pytestmark = pytest.mark.django_db


DECIDED = D(2025, 2, 14)


def _decide(world, proposal, approved=True, amount=None, day=DECIDED, note=""):
    return services.decide_proposal(
        proposal=proposal,
        approved=approved,
        amount_granted=amount,
        decided_on=day,
        note=note,
        acting_user=world.users["manager"],
    )


def test_seed_002_proposal_granted_rp5_000_000_by_the_dinas(world, submitted, disperin):
    p = _decide(world, submitted, amount=5_000_000, note="Disetujui Pemkab Kulon Progo")
    assert (p.status, p.amount_granted, p.decided_on) == ("approved", 5_000_000, D(2025, 2, 14))
    p = services.record_receipt(proposal=p, received_on=D(2025, 3, 1), acting_user=world.users["facilitator"])
    assert (p.status, p.received_on) == ("received", D(2025, 3, 1))
    assert "2025-02-14: Disetujui Pemkab Kulon Progo" in p.notes
    [row] = queries.agency_totals(Proposal.objects.all())
    assert row["agency_name"] == disperin.name
    assert (row["asked"], row["granted"], row["received"], row["decided"], row["approved"]) == (
        5_000_000,
        5_000_000,
        5_000_000,
        1,
        1,
    )
    assert row["success_rate"] == Decimal("100.0")
    notes = [
        e.changes.get("_note")
        for e in AuditEntry.objects.filter(object_type="links.proposal", object_id=str(p.pk)).order_by("pk")
    ]
    assert notes == ["proposal drafted", "proposal submitted", "proposal approved", "granted money received"]


def test_success_rate_counts_only_decided_proposals(world, submitted, disperin):
    _decide(world, submitted, approved=False)
    for title in ["Showroom", "Pameran"]:
        p = services.create_proposal(
            programme=world.alpha,
            agency=disperin,
            title=title,
            amount_asked=1_000_000,
            acting_user=world.users["manager"],
        )
    services.submit_proposal(proposal=p, submitted_on=D(2025, 3, 1), acting_user=world.users["manager"])
    _decide(world, p, amount=750_000, day=D(2025, 3, 20))
    [row] = queries.agency_totals(Proposal.objects.all())
    assert (row["proposals"], row["decided"], row["approved"], row["waiting"]) == (3, 2, 1, 0)
    assert (row["asked"], row["granted"]) == (7_000_000, 750_000)
    assert row["success_rate"] == Decimal("50.0")


def test_transitions_only_in_order(world, proposal):
    with pytest.raises(ServiceError) as e:
        _decide(world, proposal, amount=1)
    assert e.value.code == "status" and "draft" in e.value.message
    with pytest.raises(ServiceError):
        services.record_receipt(
            proposal=proposal, received_on=D(2025, 3, 1), acting_user=world.users["manager"]
        )
    services.submit_proposal(
        proposal=proposal, submitted_on=D(2025, 1, 6), acting_user=world.users["manager"]
    )
    with pytest.raises(ServiceError):
        services.submit_proposal(
            proposal=proposal, submitted_on=D(2025, 1, 7), acting_user=world.users["manager"]
        )


def test_approved_without_amount_is_refused(world, submitted):
    with pytest.raises(ServiceError) as e:
        _decide(world, submitted, amount=None)
    assert e.value.code == "amount_missing" and "amount_granted" in e.value.field_errors
    with pytest.raises(ServiceError):
        _decide(world, submitted, amount=0)
    assert Proposal.objects.get(pk=submitted.pk).status == "submitted"


def test_granting_more_than_asked_needs_a_note(world, submitted):
    with pytest.raises(ServiceError) as e:
        _decide(world, submitted, amount=6_000_000)
    assert e.value.code == "granted_more"
    assert "Rp6.000.000 is more than the Rp5.000.000 asked" in e.value.message
    p = _decide(world, submitted, amount=6_000_000, note="Dinas menambah biaya pameran")
    assert p.amount_granted == 6_000_000


def test_rejecting_a_received_proposal_is_refused(world, submitted):
    p = _decide(world, submitted, amount=5_000_000)
    p = services.record_receipt(proposal=p, received_on=D(2025, 3, 1), acting_user=world.users["manager"])
    with pytest.raises(ServiceError) as e:
        _decide(world, p, approved=False)
    assert e.value.code == "received"
    assert "already received" in e.value.message


def test_a_rejection_grants_nothing(world, submitted):
    with pytest.raises(ServiceError):
        _decide(world, submitted, approved=False, amount=100)
    p = _decide(world, submitted, approved=False, note="Anggaran habis")
    assert (p.status, p.amount_granted) == ("rejected", None)


def test_dates_follow_each_other(world, submitted):
    with pytest.raises(ServiceError) as e:
        _decide(world, submitted, amount=5_000_000, day=D(2025, 1, 5))
    assert e.value.code == "date_order"
    p = _decide(world, submitted, amount=5_000_000)
    with pytest.raises(ServiceError) as e:
        services.record_receipt(proposal=p, received_on=D(2025, 2, 13), acting_user=world.users["manager"])
    assert e.value.code == "date_order"


def test_create_and_update_rules(world, disperin, proposal):
    with pytest.raises(ServiceError) as e:
        services.create_proposal(
            programme=world.alpha,
            agency=disperin,
            title="X",
            amount_asked=0,
            acting_user=world.users["manager"],
        )
    assert "amount_asked" in e.value.field_errors
    with pytest.raises(ServiceError) as e:
        services.create_proposal(
            programme=world.alpha,
            group=world.group_b,
            agency=disperin,
            title="X",
            amount_asked=1,
            acting_user=world.users["manager"],
        )
    assert e.value.code == "group_programme"
    services.update_proposal(
        proposal=proposal, changes={"amount_asked": 4_500_000}, acting_user=world.users["manager"]
    )
    services.submit_proposal(
        proposal=proposal, submitted_on=D(2025, 1, 6), acting_user=world.users["manager"]
    )
    with pytest.raises(ServiceError):
        services.update_proposal(
            proposal=proposal, changes={"amount_asked": 9}, acting_user=world.users["manager"]
        )
    p = services.update_proposal(
        proposal=proposal,
        changes={"notes": "Dikirim lewat Kecamatan Lendah"},
        acting_user=world.users["manager"],
    )
    assert (p.amount_asked, p.notes) == (4_500_000, "Dikirim lewat Kecamatan Lendah")


def test_offtaker_link_with_sales_and_rejects(world, link):
    """Seed 002: the offtaker accepts souvenirs that pass quality control; rejects show per month."""
    user = world.users["facilitator"]
    for day, qty, rejected, amount in [
        (D(2025, 2, 10), 100, 12, 660_000),
        (D(2025, 2, 24), 60, 3, 427_500),
        (D(2025, 3, 10), 150, 6, 1_080_000),
    ]:
        services.record_sale(
            link=link,
            sold_on=day,
            description="Souvenir gerabah modern",
            quantity=qty,
            rejected_quantity=rejected,
            amount=amount,
            acting_user=user,
        )
    months = queries.link_months(link)
    assert [(m["month"], m["delivered"], m["rejected"], m["amount"]) for m in months] == [
        (D(2025, 3, 1), 150, 6, 1_080_000),
        (D(2025, 2, 1), 160, 15, 1_087_500),
    ]
    assert months[1]["reject_rate"] == Decimal("9.4")  # 15 / 160
    totals = queries.link_totals(link)
    assert (totals["amount"], totals["delivered"], totals["accepted"], totals["reject_rate"]) == (
        2_167_500,
        310,
        289,
        Decimal("6.8"),
    )
    entry = AuditEntry.objects.filter(object_type="links.sale", action="create").first()
    assert entry.programme_id == world.alpha.pk


def test_sale_rules(world, link):
    user = world.users["facilitator"]

    def sale(**kw):
        base = {
            "link": link,
            "sold_on": D(2025, 2, 10),
            "description": "Vas bunga",
            "quantity": 10,
            "amount": 100_000,
            "acting_user": user,
        }
        return services.record_sale(**{**base, **kw})

    for kw, field in [
        ({"quantity": 0}, "quantity"),
        ({"rejected_quantity": 11}, "rejected_quantity"),
        ({"rejected_quantity": -1}, "rejected_quantity"),
        ({"amount": -5}, "amount"),
        ({"amount": 0}, "amount"),
        ({"description": " "}, "description"),
        ({"sold_on": D(2025, 1, 31)}, "sold_on"),
    ]:
        with pytest.raises(ServiceError) as e:
            sale(**kw)
        assert field in e.value.field_errors, kw
    all_rejected = sale(rejected_quantity=10, amount=0)
    assert all_rejected.amount == 0
    first = sale(idempotency_key="hp-7")
    assert sale(idempotency_key="hp-7").pk == first.pk
    assert Sale.objects.count() == 2


def test_end_link(world, link):
    user = world.users["manager"]
    services.record_sale(
        link=link, sold_on=D(2025, 3, 1), description="Vas", quantity=5, amount=50_000, acting_user=user
    )
    with pytest.raises(ServiceError) as e:
        services.end_link(link=link, ended_on=D(2025, 2, 28), acting_user=user)
    assert "2025-03-01" in e.value.message
    link = services.end_link(link=link, ended_on=D(2025, 6, 30), note="Pesanan berhenti", acting_user=user)
    assert link.ended_on == D(2025, 6, 30)
    with pytest.raises(ServiceError):
        services.end_link(link=link, ended_on=D(2025, 7, 1), acting_user=user)
    with pytest.raises(ServiceError) as e:
        services.record_sale(
            link=link, sold_on=D(2025, 7, 2), description="Vas", quantity=1, amount=1, acting_user=user
        )
    assert e.value.code == "date_order"


def test_update_link(world, link):
    user = world.users["manager"]
    services.record_sale(
        link=link, sold_on=D(2025, 2, 10), description="Vas", quantity=5, amount=50_000, acting_user=user
    )
    with pytest.raises(ServiceError):
        services.update_link(link=link, changes={"started_on": D(2025, 3, 1)}, acting_user=user)
    with pytest.raises(ServiceError):
        services.update_link(link=link, changes={"kind": "juragan"}, acting_user=user)
    link = services.update_link(link=link, changes={"price_terms": "Rp8.000 per souvenir"}, acting_user=user)
    assert link.price_terms == "Rp8.000 per souvenir"
    with pytest.raises(ServiceError):
        services.create_link(
            programme=world.alpha,
            partner_name="",
            kind="showroom",
            started_on=D(2025, 1, 1),
            acting_user=user,
        )
