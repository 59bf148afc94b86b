"""Proposal and market link pages through HTTP: scope per role, transitions, confirmation, printable."""

import datetime as dt

import pytest

from berdaya.fieldwork.links import services
from berdaya.fieldwork.links.models import MarketLink, Proposal, Sale

pytestmark = pytest.mark.django_db
READERS = ["admin", "manager", "auditor", "facilitator", "partner", "officer"]


def _pages(proposal, link):
    return [
        "/links/",
        f"/links/proposals/{proposal.pk}/",
        f"/links/proposals/{proposal.pk}/print/",
        "/links/market/",
        f"/links/market/{link.pk}/",
    ]


@pytest.mark.parametrize("role", READERS)
def test_readers_see_every_page(client_for, proposal, link, role):
    c = client_for(role)
    for url in _pages(proposal, link):
        r = c.get(url)
        assert r.status_code == 200, url
    assert b"Pelatihan lanjutan" in c.get("/links/").content
    assert b"Griya Gerabah Wijirejo" in c.get("/links/market/").content


def test_member_and_outsider(client_for, proposal, link):
    member = client_for("member")
    for url in _pages(proposal, link):
        assert member.get(url).status_code == 404, url
    outsider = client_for("outsider")
    for url in _pages(proposal, link)[1:3] + _pages(proposal, link)[4:]:
        assert outsider.get(url).status_code == 404, url
    assert b"Pelatihan lanjutan" not in outsider.get("/links/").content
    assert b"Griya" not in outsider.get("/links/market/").content


@pytest.mark.parametrize("role", ["auditor", "partner", "officer"])
def test_readers_cannot_write(client_for, world, proposal, link, role):
    c = client_for(role)
    for url in [
        "/links/proposals/new/",
        f"/links/proposals/{proposal.pk}/edit/",
        f"/links/proposals/{proposal.pk}/submit/",
        f"/links/proposals/{proposal.pk}/approve/",
        f"/links/proposals/{proposal.pk}/reject/",
        f"/links/proposals/{proposal.pk}/receive/",
        "/links/market/new/",
        f"/links/market/{link.pk}/edit/",
        f"/links/market/{link.pk}/sales/new/",
        f"/links/market/{link.pk}/end/",
    ]:
        assert c.post(url, {}).status_code == 403, url
    assert Proposal.objects.get(pk=proposal.pk).status == "draft"


@pytest.mark.parametrize("role", ["admin", "manager", "facilitator"])
def test_proposal_from_draft_to_received(client_for, world, disperin, role):
    c = client_for(role)
    r = c.post(
        "/links/proposals/new/",
        {
            "programme": world.alpha.pk,
            "group": world.group_a.pk,
            "agency": disperin.pk,
            "title": "Modal simpan pinjam",
            "amount_asked": 5_000_000,
        },
    )
    p = Proposal.objects.get(title="Modal simpan pinjam")
    assert r.status_code == 302 and r["Location"] == f"/links/proposals/{p.pk}/"
    assert c.post(f"/links/proposals/{p.pk}/submit/", {"submitted_on": "2025-01-06"}).status_code == 302
    r = c.post(f"/links/proposals/{p.pk}/approve/", {"decided_on": "2025-02-14"})
    assert r.status_code == 200 and b"Say how much the agency granted" in r.content
    assert (
        c.post(
            f"/links/proposals/{p.pk}/approve/", {"decided_on": "2025-02-14", "amount_granted": 5_000_000}
        ).status_code
        == 302
    )
    assert c.post(f"/links/proposals/{p.pk}/receive/", {"received_on": "2025-03-01"}).status_code == 302
    p.refresh_from_db()
    assert (p.status, p.amount_granted) == ("received", 5_000_000)
    detail = c.get(f"/links/proposals/{p.pk}/").content.decode()
    assert "Rp5.000.000" in detail and "Received" in detail


def test_reject_asks_first(client_for, submitted):
    c = client_for("manager")
    page = c.get(f"/links/proposals/{submitted.pk}/reject/")
    assert page.status_code == 200 and b"Yes, it was rejected" in page.content
    assert Proposal.objects.get(pk=submitted.pk).status == "submitted"
    r = c.post(
        f"/links/proposals/{submitted.pk}/reject/", {"decided_on": "2025-02-01", "note": "Anggaran habis"}
    )
    assert r.status_code == 302
    assert Proposal.objects.get(pk=submitted.pk).status == "rejected"


def test_printable_proposal_and_pdf(client_for, proposal):
    c = client_for("manager")
    page = c.get(f"/links/proposals/{proposal.pk}/print/")
    assert b"Rp5.000.000" in page.content and b"lima juta" in page.content.lower()
    pdf = c.get(f"/links/proposals/{proposal.pk}/print/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_agency_totals_on_the_list(client_for, world, submitted):
    services.decide_proposal(
        proposal=submitted,
        approved=True,
        amount_granted=5_000_000,
        decided_on=dt.date(2025, 2, 14),
        acting_user=world.users["admin"],
    )
    html = client_for("auditor").get("/links/").content.decode()
    assert 'data-testid="agency-totals"' in html and "100.0 %" in html and "1 of 1 decided" in html


def test_list_filters_and_empty_states(client_for, world, proposal, link):
    c = client_for("manager")
    assert b"Pelatihan lanjutan" in c.get("/links/?status=draft").content
    assert b"No proposal matches" in c.get("/links/?status=received").content
    assert b"No market link matches" in c.get("/links/market/?kind=showroom").content
    Sale.objects.all().delete()
    MarketLink.objects.all().delete()
    Proposal.objects.all().delete()
    assert b"Write the first proposal" in c.get("/links/").content
    assert b"Record the first market link" in c.get("/links/market/").content


def test_market_link_create_sale_and_end(client_for, world, offtaker):
    c = client_for("facilitator")
    r = c.post(
        "/links/market/new/",
        {
            "programme": world.alpha.pk,
            "group": world.group_a.pk,
            "partner_name": "Perias pengantin Bu Sri",
            "kind": "souvenir_buyer",
            "quality_terms": "Ukuran seragam",
            "started_on": "2025-04-01",
        },
    )
    link = MarketLink.objects.get(partner_name="Perias pengantin Bu Sri")
    assert r.status_code == 302
    form = c.get(f"/links/market/{link.pk}/sales/new/")
    assert b"Agreed quality terms: Ukuran seragam" in form.content
    r = c.post(
        f"/links/market/{link.pk}/sales/new/",
        {
            "sold_on": "2025-04-20",
            "description": "300 souvenir pernikahan",
            "quantity": 300,
            "unit": "pcs",
            "rejected_quantity": 9,
            "amount": 2_182_500,
            "idempotency_key": "w1",
        },
    )
    assert r.status_code == 302
    again = c.post(
        f"/links/market/{link.pk}/sales/new/",
        {
            "sold_on": "2025-04-20",
            "description": "300 souvenir pernikahan",
            "quantity": 300,
            "unit": "pcs",
            "rejected_quantity": 9,
            "amount": 2_182_500,
            "idempotency_key": "w1",
        },
    )
    assert again.status_code == 302 and Sale.objects.filter(link=link).count() == 1
    detail = c.get(f"/links/market/{link.pk}/").content.decode()
    assert "Rp2.182.500" in detail and "3.0 %" in detail
    bad = c.post(
        f"/links/market/{link.pk}/sales/new/",
        {
            "sold_on": "2025-03-01",
            "description": "x",
            "quantity": 1,
            "unit": "pcs",
            "rejected_quantity": 0,
            "amount": 1,
        },
    )
    assert bad.status_code == 200 and b"cannot come before" in bad.content
    assert c.get(f"/links/market/{link.pk}/end/").status_code == 200
    assert c.post(f"/links/market/{link.pk}/end/", {"ended_on": "2025-12-31"}).status_code == 302
    link.refresh_from_db()
    assert link.ended_on == dt.date(2025, 12, 31)


def test_edit_proposal_after_submission_changes_only_notes(client_for, world, submitted, disperin):
    c = client_for("manager")
    r = c.post(
        f"/links/proposals/{submitted.pk}/edit/",
        {"agency": disperin.pk, "title": "Judul baru", "amount_asked": 9, "notes": "Dibawa ke Kecamatan"},
    )
    assert r.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.title, submitted.amount_asked, submitted.notes) == (
        "Pelatihan lanjutan dan modal simpan pinjam",
        5_000_000,
        "Dibawa ke Kecamatan",
    )
