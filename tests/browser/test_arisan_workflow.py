"""A treasurer starts an arisan on a phone, collects round 1, draws it with a witness number, pays the
pot, and a member checks the draw on the verification page."""

from berdaya.books.arisan.models import Cycle
from berdaya.groups.models import Bylaws


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 362


def test_arisan_round_on_a_phone(page, world, login, shot):
    Bylaws.objects.create(group=world.group_a, arisan_amount=20_000)
    a1, a2, a3, a4, a5 = world.people_a
    login(page, "officer")
    page.goto(f"/arisan/groups/{world.group_a.pk}/")
    page.click("text=Start the first cycle")
    page.fill("input[name=name]", "Arisan Senik")
    page.fill("input[name=start_on]", "2025-01-10")
    page.fill(f"input[name=slots_{a2.pk}]", "2")
    page.fill(f"input[name=slots_{a3.pk}]", "0")
    page.fill(f"input[name=slots_{a4.pk}]", "0")
    page.fill(f"input[name=share_{a3.pk}]", "A")
    page.fill(f"input[name=share_{a4.pk}]", "A")
    page.fill(f"input[name=slots_{a5.pk}]", "0")
    shot(page, "arisan-create-360")
    _no_sideways_scroll(page)
    page.locator("h1").click()  # leave the last number field first
    page.click("form.form button[type=submit].primary")
    page.wait_for_url("**/arisan/cycles/*/")
    cycle = Cycle.objects.get()
    assert cycle.slots.count() == 4
    _no_sideways_scroll(page)
    page.click("text=Round 1: collect and pay")
    for _ in range(4):
        page.locator("form.inline button[type=submit]").first.click()
        page.wait_for_load_state()
    assert page.locator("form.inline").count() == 0
    shot(page, "arisan-round-360")
    _no_sideways_scroll(page)
    page.click("text=Draw the winner")
    page.fill("input[name=witness]", "2711")
    page.click("button[type=submit].danger")
    page.wait_for_url("**/arisan/rounds/*/")
    page.click("text=Pay the pot")
    page.click("button[type=submit].danger")
    page.wait_for_url("**/arisan/rounds/*/")
    rnd = cycle.rounds.get(number=1)
    assert rnd.is_paid and rnd.witness == "2711" and rnd.pot == 80_000
    page.goto(f"/arisan/cycles/{cycle.pk}/")
    shot(page, "arisan-grid-360")
    page.context.clear_cookies()
    login(page, "member")
    page.goto(f"/arisan/cycles/{cycle.pk}/verify/")
    assert cycle.commitment in page.content()
    shot(page, "arisan-verify-360")
    _no_sideways_scroll(page)
