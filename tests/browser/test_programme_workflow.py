"""A manager creates a programme, adds a site, and two agencies commit the same role: an overlap."""

from berdaya.programs.models import AgencyRole, Programme, Site

from .test_group_workflow import pick_place


def test_create_programme_site_and_see_role_overlap(desktop_page, world, login, shot):
    page = desktop_page
    login(page, "manager")
    page.goto("/programmes/new/")
    page.fill("input[name=name]", "KUBE Gerabah Lombok Barat 2026")
    page.select_option("select[name=model_type]", "kube")
    page.fill("input[name=start_date]", "2026-01-05")
    page.fill("input[name=end_date]", "2026-12-20")
    page.fill("input[name=funding_source]", "APBD Kabupaten Lombok Barat")
    page.click("form.form button[type=submit].primary")
    page.wait_for_url("**/programmes/*/")
    programme = Programme.objects.get(name="KUBE Gerabah Lombok Barat 2026")
    assert programme.stages.count() == 9  # the default template, in order
    assert (programme.group_size_min, programme.group_size_max) == (5, 20)
    shot(page, "programme-detail-desktop")

    page.goto(f"/programmes/{programme.pk}/sites/")
    pick_place(page, "place", "Banyumulek", "52.01.02.2006")
    page.click("form.form button[type=submit].primary")
    page.wait_for_load_state()
    site = Site.objects.get(programme=programme)
    assert site.place.code == "52.01.02.2006"

    from berdaya.programs.models import Agency

    other = Agency.objects.create(name="Dinas Koperasi dan UKM Lombok Barat", kind="dinas_koperasi_umkm")
    for agency in (world.agency, other):
        page.goto(f"/programmes/{programme.pk}/roles/")
        page.select_option("select[name=site]", str(site.pk))
        page.select_option("select[name=agency]", str(agency.pk))
        page.select_option("select[name=role]", "training")
        page.click("form.form button[type=submit].primary")
        page.wait_for_load_state()
    assert AgencyRole.objects.filter(site=site, role="training").count() == 2
    page.goto(f"/programmes/{programme.pk}/roles/")
    assert page.locator("td.overlap").count() == 1
    assert "Dinas Koperasi dan UKM Lombok Barat" in page.locator("main").inner_text()
    shot(page, "role-matrix-overlap-desktop")
