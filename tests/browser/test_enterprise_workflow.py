"""A manager registers an enterprise, picks its owner by typing, and reads why it has its size class."""

from berdaya.people.models import Enterprise

from .test_group_workflow import pick_place


def test_register_enterprise_with_owner_picker_and_size_explanation(page, world, login, shot):
    login(page, "manager")
    page.goto("/people/enterprises/new/")
    page.fill("input[name=name]", "Gerabah Baiq")
    page.fill("input[name=product_type]", "gerabah")
    pick_place(page, "place", "Banyumulek", "52.01.02.2006")
    page.locator("[data-testid=pick-owners]").fill("Anggota A3")
    owner = page.locator(".suggestions input[name=owners]").first
    owner.wait_for()
    owner.check()
    page.fill("input[name=annual_sales]", "3000000000")
    page.click("form.form button[type=submit].primary")
    page.wait_for_url("**/people/enterprises/*/")
    enterprise = Enterprise.objects.get(name="Gerabah Baiq")
    assert [p.full_name for p in enterprise.owners.all()] == ["Anggota A3"]
    text = page.locator("main").inner_text()
    assert "PP 7/2021" in text and "Rp2.000.000.000" in text  # the rule and the threshold that decided
    shot(page, "enterprise-size-explained-360")
