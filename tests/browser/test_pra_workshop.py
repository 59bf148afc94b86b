"""A facilitator runs a PRA workshop on a phone: session, participants, problems, dot votes, the ranked
chart, suggested groups with reasons, one adjustment, and the real groups created in one step."""

from berdaya.fieldwork.pra.models import PraSession
from berdaya.groups.models import Group


def test_facilitator_runs_a_pra_workshop(page, world, login, shot):
    login(page, "facilitator")
    page.goto("/pra/")
    shot(page, "pra-list-empty-360")
    page.click("text=New session")
    page.select_option("select[name=site]", str(world.site_a.pk))
    page.fill("input[name=title]", "PRA Dusun Banyumulek")
    page.fill("input[name=held_on]", "2025-06-07")
    page.fill("input[name=dots_per_participant]", "3")
    page.click("form.form button[type=submit].primary")
    page.wait_for_url("**/pra/*/#participants")
    session = PraSession.objects.get(title="PRA Dusun Banyumulek")

    # Five potters and one weaver; the weaver is registered on the spot.
    for person in world.people_a:
        page.goto(f"/pra/{session.pk}/participants/add/")
        page.select_option("select[name=person]", str(person.pk))
        page.fill("input[name=business_interest]", "gerabah")
        page.fill("input[name=skills]", "membentuk tanah liat, membakar")
        page.click("button[name=another]")
        page.wait_for_url(f"**/pra/{session.pk}/participants/add/")
    page.goto(f"/pra/{session.pk}/participants/new/")
    page.fill("input[name=full_name]", "Inaq Sahnun")
    page.select_option("select[name=sex]", "P")
    page.fill("input[name=business_interest]", "tenun")
    page.click("form.form button[type=submit].primary")
    page.wait_for_url(f"**/pra/{session.pk}/#participants")
    assert session.participants.count() == 6

    for title in ("Modal", "Pemasaran", "Alat produksi"):
        page.goto(f"/pra/{session.pk}/problems/add/")
        page.fill("input[name=title]", title)
        page.click("button[name=another]")
        page.wait_for_url(f"**/pra/{session.pk}/problems/add/")

    page.goto(f"/pra/{session.pk}/vote/")
    ballots = page.locator("[data-testid=ballot]")
    assert ballots.count() == 6
    for i in range(6):
        inputs = ballots.nth(i).locator("input[inputmode=numeric]")
        inputs.nth(0).fill("2")
        inputs.nth(1 if i % 2 else 2).fill("1")
    shot(page, "pra-voting-360")
    page.click("[data-testid=save-votes]")
    page.wait_for_url(f"**/pra/{session.pk}/#problems")

    chart = page.locator("[data-testid=dot-chart]")
    chart.scroll_into_view_if_needed()
    assert chart.is_visible()
    assert chart.locator("rect").count() == 3
    rows = page.locator("[data-testid=dot-row]").all_inner_texts()
    assert rows[0].startswith("Modal") and "12 dots" in rows[0]
    assert "Tied with" in rows[1]  # Pemasaran and Alat produksi: 3 dots each
    shot(page, "pra-ranking-chart-360")

    # The whole room compares the problems two at a time: a second ranking, by times preferred.
    page.goto(f"/pra/{session.pk}/pairwise/")
    pairs = page.locator("[data-testid=pair]")
    assert pairs.count() == 3
    for i in range(3):
        pairs.nth(i).locator("input[type=radio]").first.check()
    page.click("form.form button[type=submit].primary")
    page.wait_for_url(f"**/pra/{session.pk}/#problems")
    assert page.locator("[data-testid=pair-chart] rect").count() == 3

    page.goto(f"/pra/{session.pk}/ranking/")
    assert page.locator("[data-testid=dot-chart]").is_visible()
    assert page.locator("[data-testid=download-pdf]").is_visible()
    shot(page, "pra-ranking-print-360")
    page.goto(f"/pra/{session.pk}/")

    page.click("[data-testid=suggest]")
    page.wait_for_url(f"**/pra/{session.pk}/#suggestions")
    card = page.locator("[data-testid=suggestion]")
    assert card.count() == 1
    assert "All 5 chose gerabah." in card.inner_text()
    assert (
        "Only 1 person chose tenun; a group needs at least 5."
        in page.locator("[data-testid=unplaced]").inner_text()
    )
    page.locator("#suggestions").scroll_into_view_if_needed()
    shot(page, "pra-suggestions-360")

    # Adjust: rename the suggestion; then take one potter out and see the refusal explained.
    card.locator("text=Rename").click()
    page.fill("input[name=name]", "KUBE Gerabah Banyumulek")
    page.click("form.form button[type=submit].primary")
    page.wait_for_url(f"**/pra/{session.pk}/#suggestions")
    card.locator("form").first.locator("button").click()
    page.wait_for_url(f"**/pra/{session.pk}/#suggestions")
    assert "Not ready to create the groups" in page.content()
    shot(page, "pra-suggestion-too-small-360")
    page.locator("[data-testid=unplaced] form").first.locator("button").click()
    page.wait_for_url(f"**/pra/{session.pk}/#suggestions")

    page.click("[data-testid=create-groups]")
    page.select_option("select[name=kind]", "kube")
    shot(page, "pra-create-groups-360")
    page.click("button.danger")
    page.wait_for_url(f"**/pra/{session.pk}/#suggestions")
    group = Group.objects.get(name="KUBE Gerabah Banyumulek")
    assert group.memberships.count() == 5 and group.business_type == "gerabah"
    assert page.locator("text=group created").is_visible()
    shot(page, "pra-groups-created-360")
