"""A facilitator takes the paguyuban's proposal from draft to money received (seed 002: Rp5.000.000 from the
Dinas Perindustrian) on a 360 px phone; a rejection is asked for before it is recorded."""

from berdaya.fieldwork.links.models import Proposal
from berdaya.programs.models import Agency


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 362


def test_a_proposal_from_draft_to_received(page, world, login, shot):
    disperin = Agency.objects.create(name="Dinas Perindustrian Kabupaten Kulon Progo", kind="dinas_perindag")
    login(page, "facilitator")
    page.goto("/links/")
    assert "No proposals yet" in page.inner_text("main")
    page.click("text=New proposal")
    page.select_option("select[name=programme]", str(world.alpha.pk))
    page.select_option("select[name=group]", str(world.group_a.pk))
    page.select_option("select[name=agency]", str(disperin.pk))
    page.fill("input[name=title]", "Bantuan kegiatan paguyuban")
    page.fill("textarea[name=purpose]", "Pelatihan lanjutan dan modal simpan pinjam")
    page.fill("input[name=amount_asked]", "5000000")
    shot(page, "links-proposal-form-360")
    _no_sideways_scroll(page)
    page.click("button[type=submit].primary")
    page.wait_for_url("**/links/proposals/*/")
    proposal = Proposal.objects.get()
    assert "Draft" in page.inner_text("[data-testid=proposal-status]")

    page.click("a.button.primary:has-text('Submitted')")
    page.fill("input[name=submitted_on]", "2024-12-09")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**/links/proposals/{proposal.pk}/")
    assert "Submitted" in page.inner_text("[data-testid=proposal-status]")

    # Approved without an amount: refused, with the reason on the form.
    page.click("a.button.primary:has-text('Approved')")
    page.fill("input[name=decided_on]", "2025-01-27")
    page.click("button[type=submit].primary")
    assert "Say how much the agency granted" in page.inner_text(".form")
    page.fill("input[name=amount_granted]", "5000000")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**/links/proposals/{proposal.pk}/")
    assert "Rp5.000.000" in page.inner_text("[data-testid=proposal-granted]")

    page.click("a.button.primary:has-text('Money received')")
    page.fill("input[name=received_on]", "2025-02-17")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**/links/proposals/{proposal.pk}/")
    assert "Received" in page.inner_text("[data-testid=proposal-status]")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.amount_granted) == ("received", 5_000_000)
    shot(page, "links-proposal-received-360")
    _no_sideways_scroll(page)

    page.goto("/links/")
    assert "100.0 %" in page.inner_text("[data-testid=agency-totals]")
    shot(page, "links-proposal-list-360")
    _no_sideways_scroll(page)


def test_a_rejection_is_confirmed_first(page, world, login, shot):
    from berdaya.fieldwork.links import services

    disperin = Agency.objects.create(
        name="Dinas Koperasi dan UKM Kabupaten Kulon Progo", kind="dinas_koperasi_umkm"
    )
    proposal = services.create_proposal(
        programme=world.alpha,
        agency=disperin,
        title="Pelatihan pembukuan",
        amount_asked=3_000_000,
        acting_user=world.users["manager"],
    )
    services.submit_proposal(
        proposal=proposal,
        submitted_on=__import__("datetime").date(2025, 6, 2),
        acting_user=world.users["manager"],
    )
    login(page, "manager")
    page.goto(f"/links/proposals/{proposal.pk}/")
    page.click("a.button.danger:has-text('Rejected')")
    assert "Record that Dinas Koperasi dan UKM Kabupaten Kulon Progo rejected" in page.inner_text("main")
    page.fill("input[name=decided_on]", "2025-07-01")
    page.fill("textarea[name=note]", "Anggaran tahun ini habis")
    shot(page, "links-proposal-reject-confirm-360")
    page.click("button.danger")
    page.wait_for_url(f"**/links/proposals/{proposal.pk}/")
    assert "Rejected" in page.inner_text("[data-testid=proposal-status]")
