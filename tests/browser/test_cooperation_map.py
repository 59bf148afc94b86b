"""A facilitator on a 360 px phone draws the Bandar Kidul cluster map (seed 001) — the sentra's weavers as
core actors in one step, a yarn supplier and a bank around them, their links — and sees the network;
then records a bank investment credit through applied → assessed → approved → disbursed, where
disbursing before the approval is refused with its reason."""

import datetime as dt

from berdaya.clusters.cooperation.models import ActorLink, ClusterActor, Cooperation
from berdaya.clusters.models import Sentra, SentraMember
from berdaya.people.models import Enterprise
from berdaya.programs.models import Agency


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 362


def _sentra(world):
    sentra = Sentra.objects.create(
        programme=world.alpha,
        name="Sentra Industri Tenun Ikat Bandar Kidul",
        product_type="tenun ikat",
        place=world.kediri,
    )
    for name in ["Tenun Ikat Bandar Jaya", "Tenun Ikat Kurnia", "Tenun Ikat Widodo"]:
        e = Enterprise.objects.create(name=name, place=world.kediri, product_type="tenun ikat")
        SentraMember.objects.create(sentra=sentra, enterprise=e, joined_on=dt.date(2020, 1, 1))
    return sentra


def _add_actor(page, sentra, role, name="", agency=None):
    page.goto(f"/cooperation/sentra/{sentra.pk}/actors/new/")
    page.select_option("select[name=role]", role)
    if name:
        page.fill("input[name=name]", name)
    if agency is not None:
        page.select_option("select[name=agency]", str(agency.pk))
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**/cooperation/sentra/{sentra.pk}/map/")


def _add_link(page, sentra, source, kind, target):
    page.goto(f"/cooperation/sentra/{sentra.pk}/links/new/")
    page.select_option("select[name=source]", str(source.pk))
    page.select_option("select[name=kind]", kind)
    page.select_option("select[name=target]", str(target.pk))
    page.click("button[type=submit].primary")


def test_build_the_map_and_see_the_network(page, desktop_page, world, login, shot):
    sentra = _sentra(world)
    bank = Agency.objects.create(name="Bank Jatim Cabang Kediri", kind="bank")
    login(page, "facilitator")
    page.goto(f"/cooperation/sentra/{sentra.pk}/map/")
    assert "Nobody is on the map yet" in page.inner_text("main")
    page.click("[data-testid=add-units]")
    page.click("button[type=submit].danger")  # the confirmation: add every unit
    page.wait_for_url(f"**/cooperation/sentra/{sentra.pk}/map/")
    assert "3 units of the sentra added as core actors" in page.inner_text(".messages")
    _add_actor(page, sentra, "supplier", name="Toko Benang Sumber Makmur")
    _add_actor(page, sentra, "bridging", agency=bank)
    _add_actor(page, sentra, "buyer", name="Pemerintah Kota Kediri")
    supplier = ClusterActor.objects.get(role="supplier")
    bank_actor = ClusterActor.objects.get(agency=bank)
    buyer = ClusterActor.objects.get(role="buyer")
    jaya, kurnia = ClusterActor.objects.filter(role="core").order_by("name")[:2]

    _add_link(page, sentra, bank_actor, "finances", bank_actor)
    assert "A link joins two different actors" in page.inner_text(".form")
    _add_link(page, sentra, supplier, "supplies", jaya)
    _add_link(page, sentra, supplier, "supplies", kurnia)
    _add_link(page, sentra, bank_actor, "finances", jaya)
    _add_link(page, sentra, buyer, "buys", jaya)
    assert ActorLink.objects.count() == 4

    page.goto(f"/cooperation/sentra/{sentra.pk}/map/")
    net = "[data-testid=cluster-network]"
    assert page.locator(f"{net} circle").count() == 6
    assert page.locator(f"{net} line[marker-end]").count() == 4
    assert page.locator(f"{net} g[data-role=core]").count() == 3
    legend = page.inner_text("[data-testid=legend]")
    assert "Core industry (3)" in legend and "Supplier (1)" in legend and "Buyer (1)" in legend
    assert "Toko Benang Sumber Makmur" in page.inner_text("[data-testid=links]")
    shot(page, "cooperation-map-360")
    _no_sideways_scroll(page)

    login(desktop_page, "manager")
    desktop_page.goto(f"/cooperation/sentra/{sentra.pk}/map/")
    assert desktop_page.locator(f"{net} circle").count() == 6
    shot(desktop_page, "cooperation-map-desktop")


def _move(page, status, day):
    page.click("[data-testid=move-step]")
    page.select_option("select[name=status]", status)
    page.fill("input[name=on_date]", day)
    page.click("button[type=submit].primary")


def test_record_a_credit_through_its_steps(page, world, login, shot):
    sentra = _sentra(world)
    login(page, "facilitator")
    page.goto(f"/cooperation/sentra/{sentra.pk}/records/")
    assert "No cooperation recorded yet" in page.inner_text("main")
    page.click("a.button.primary:has-text('New cooperation')")
    page.select_option("select[name=kind]", "bank_credit")
    page.fill("input[name=title]", "Kredit investasi ATBM — Bank Jatim")
    page.fill("input[name=started_on]", "2024-02-12")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/cooperation/records/*/")
    coop = Cooperation.objects.get()
    assert "Not started" in page.inner_text("[data-testid=state]")

    page.click("[data-testid=add-input]")
    page.select_option("select[name=kind]", "money")
    page.fill("input[name=description]", "Kredit investasi yang diajukan")
    page.click("button[type=submit].primary")
    assert "Money needs an amount in rupiah" in page.inner_text(".form")
    page.fill("input[name=amount]", "250000000")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**/cooperation/records/{coop.pk}/")
    assert "Rp250.000.000" in page.inner_text("[data-testid=money]")

    # Disbursing before approval is refused with the reason, on the disbursement step itself.
    disbursed = coop.steps.get(code="disbursed")
    page.goto(f"/cooperation/steps/{disbursed.pk}/move/")
    page.select_option("select[name=status]", "done")
    page.fill("input[name=on_date]", "2024-02-20")
    page.click("button[type=submit].primary")
    assert "cannot be disbursed before it is approved" in page.inner_text(".form")
    page.goto(f"/cooperation/records/{coop.pk}/")

    _move(page, "done", "2024-02-12")
    _move(page, "done", "2024-03-18")
    shot(page, "cooperation-credit-decision-form-360")
    _move(page, "done", "2024-04-02")  # Approved
    assert "3 of 4 steps done." in page.inner_text("[data-testid=state]")
    assert "Approved" in page.inner_text("[data-testid=steps]")
    _move(page, "done", "2024-04-15")
    assert "All 4 steps done." in page.inner_text("[data-testid=state]")
    shot(page, "cooperation-credit-360")
    _no_sideways_scroll(page)
    page.goto(f"/cooperation/sentra/{sentra.pk}/records/")
    assert "Rp250.000.000" in page.inner_text("[data-testid=totals]")


def test_the_demo_sized_map_fits_a_phone(page, world, login, shot):
    """Bandar Kidul's map as the demo draws it: ten weavers and twelve others; the picture scrolls inside
    its frame, never the page."""
    from berdaya.clusters.cooperation import services

    sentra = _sentra(world)
    admin = world.users["admin"]
    for i in range(7):
        e = Enterprise.objects.create(name=f"Tenun Ikat {i}", place=world.kediri, product_type="tenun ikat")
        SentraMember.objects.create(sentra=sentra, enterprise=e)
    core = services.add_core_enterprises(sentra=sentra, acting_user=admin)
    others = [
        ("Toko Benang Sumber Makmur", "supplier"),
        ("UD Pewarna Sinar Jaya", "supplier"),
        ("Penjahit Seragam Mojoroto", "related"),
        ("LPPM Universitas Nusantara PGRI Kediri", "knowledge"),
        ("Dinas Koperasi dan Usaha Mikro Kota Kediri", "bridging"),
        ("Dinas Perindustrian dan Perdagangan Kota Kediri", "bridging"),
        ("Bank Indonesia Kantor Perwakilan Kediri", "bridging"),
        ("Bank Jatim Cabang Kediri", "bridging"),
        ("LKM Artha Mandiri Mojoroto", "bridging"),
        ("Pemerintah Kota Kediri", "buyer"),
        ("Sekolah-sekolah Kota Kediri", "buyer"),
        ("Toko oleh-oleh", "buyer"),
    ]
    actors = [services.create_actor(sentra=sentra, role=r, name=n, acting_user=admin) for n, r in others]
    for i, a in enumerate(actors):
        services.create_link(
            sentra=sentra, source=a, target=core[i % len(core)], kind="other", acting_user=admin
        )
    login(page, "manager")
    page.goto(f"/cooperation/sentra/{sentra.pk}/map/")
    assert page.locator("[data-testid=cluster-network] circle").count() == 22
    _no_sideways_scroll(page)
    shot(page, "cooperation-map-demo-360")
