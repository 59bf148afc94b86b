"""A manager founds a group, registers members, appoints a treasurer and sees the warnings with reasons."""

import datetime as dt

from berdaya.groups.models import Group, OfficerTerm


def pick_place(page, field: str, text: str, code: str):
    box = page.locator(f"[data-testid=place-{field}]")
    box.fill(text)
    suggestion = page.locator(f".suggestions button:has(small:text-is('{code}'))").first
    suggestion.wait_for()
    suggestion.click()


def test_found_group_add_members_officer_and_see_warnings(page, world, login, shot):
    login(page, "manager")
    page.goto("/groups/new/")
    page.select_option("select[name=programme]", str(world.alpha.pk))
    page.fill("input[name=name]", "KUBE Gerabah Lestari")
    page.select_option("select[name=kind]", "kube")
    pick_place(page, "place", "Banyumulek", "52.01.02.2006")
    page.fill("input[name=business_type]", "gerabah")
    page.fill("input[name=founded_on]", "2025-01-15")
    shot(page, "group-create-360")
    page.click("form.form button[type=submit].primary")
    page.wait_for_url("**/groups/*/")
    group = Group.objects.get(name="KUBE Gerabah Lestari")
    assert group.place.code == "52.01.02.2006"

    for name in ("Baiq Nurhayati", "Lalu Suparman", "Inaq Sahnun"):
        page.goto(f"/groups/{group.pk}/members/add/")
        new = page.locator("form:has(input[name=mode][value=new])")
        new.locator("input[name=full_name]").fill(name)
        new.locator("select[name=sex]").select_option("P" if name.startswith(("Baiq", "Inaq")) else "L")
        pick_place(page, "place", "Banyumulek", "52.01.02.2006")
        new.locator("input[name=joined_on]").fill("2025-01-20")
        new.locator("input[name=join_reason]").fill("Perajin gerabah")
        new.locator("button[type=submit]").click()
        page.wait_for_url(f"**/groups/{group.pk}/")
    assert group.memberships.filter(left_on__isnull=True).count() == 3

    page.goto(f"/groups/{group.pk}/officers/appoint/")
    page.select_option("select[name=person]", label="Baiq Nurhayati")
    page.select_option("select[name=role]", "treasurer")
    page.fill("input[name=start_on]", "2025-01-20")
    page.click("form.form button[type=submit].primary")
    page.wait_for_url(f"**/groups/{group.pk}/")
    assert OfficerTerm.objects.get(group=group, role="treasurer").person.full_name == "Baiq Nurhayati"

    # Three members against the programme's 5–20, and no chair: both warnings, each with its reason.
    warnings = page.locator(".warning")
    assert warnings.count() >= 2
    text = " ".join(warnings.all_inner_texts())
    assert "3" in text and "5" in text and "20" in text
    shot(page, "group-detail-warnings-360")
    assert dt.date.today() >= dt.date(2025, 1, 20)
