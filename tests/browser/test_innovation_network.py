"""A facilitator records on a 360 px phone how modern pottery designs spread (seed 002): who learned at the
training, who adopted, who passed it on to whom — then sees the adoption curve and the network drawn."""

from berdaya.fieldwork.innovation.models import AdoptionEvent, Innovation


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 362


def _record(page, innovation, person, stage, day, teacher=None):
    page.goto(f"/innovations/{innovation.pk}/stages/new/")
    page.select_option("select[name=person]", str(person.pk))
    page.select_option("select[name=stage]", stage)
    page.fill("input[name=on_date]", day)
    if teacher is not None:
        page.select_option("select[name=learned_from]", str(teacher.pk))
    page.click("button[type=submit].primary")


def test_record_stages_and_see_the_curve_and_network(page, desktop_page, world, login, shot):
    login(page, "facilitator")
    page.goto("/innovations/")
    assert "No innovations yet" in page.inner_text("main")
    page.click("text=New innovation")
    page.select_option("select[name=programme]", str(world.alpha.pk))
    page.fill("input[name=name]", "Gerabah modern")
    page.fill("input[name=introduced_on]", "2024-11-04")
    page.fill("input[name=introduced_by]", "Bp Agus Sugiharto, Wijirejo")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/innovations/*/")
    innovation = Innovation.objects.get()

    a1, a2, a3 = world.people_a[:3]
    _record(page, innovation, a1, "learned", "2024-11-05")
    shot(page, "innovation-first-step-360")
    page.click("[data-testid=record-stage]")
    page.wait_for_url("**/stages/new/")
    shot(page, "innovation-stage-form-360")
    _no_sideways_scroll(page)
    _record(page, innovation, a1, "adopted", "2025-01-06")
    _record(page, innovation, a1, "spreading", "2025-01-25")
    _record(page, innovation, a2, "learned", "2025-01-25", teacher=a1)
    _record(page, innovation, a2, "adopted", "2025-02-03")
    _record(page, innovation, a3, "learned", "2025-03-03", teacher=a2)

    # Adopting before learning is refused with the reason, and nothing is saved.
    _record(page, innovation, world.people_a[3], "adopted", "2025-03-10")
    assert "must first reach the stage “Learned it” before “Adopted it”" in page.inner_text(".form")
    assert AdoptionEvent.objects.count() == 6

    page.goto(f"/innovations/{innovation.pk}/")
    assert page.inner_text("[data-testid=count-learned] strong") == "3"
    assert page.inner_text("[data-testid=count-spreading] strong") == "1"
    assert page.locator("[data-testid=adoption-curve] polyline").count() == 3
    assert page.locator("[data-testid=adoption-network] circle").count() == 3
    assert page.locator("[data-testid=adoption-network] line[marker-end]").count() == 2
    assert "taught 1 person; 2 learned it through them in all" in page.inner_text("[data-testid=spreaders]")
    shot(page, "innovation-network-360")
    _no_sideways_scroll(page)

    login(desktop_page, "manager")
    desktop_page.goto(f"/innovations/{innovation.pk}/")
    assert desktop_page.locator("[data-testid=adoption-network] circle").count() == 3
    shot(desktop_page, "innovation-network-desktop")


def test_the_demo_network_of_sixteen_people_fits_a_phone(page, world, login, shot):
    """Seed 002's 14 trainees and two neighbours: the wide first row scrolls inside its frame, not the page."""
    import datetime as dt

    from berdaya.fieldwork.innovation import services
    from berdaya.people.models import Person

    innovation = services.create_innovation(
        programme=world.alpha,
        name="Gerabah modern",
        introduced_on=dt.date(2024, 11, 4),
        acting_user=world.users["admin"],
    )
    names = [
        "Sutardjo",
        "Sukijan",
        "Kasiyati",
        "Ngatijo",
        "Tukiyem",
        "Sarjiyo",
        "Wagiyo",
        "Parjilah",
        "Rubiyem",
    ]
    names += ["Painem", "Mujiono", "Ngadiyem", "Tumiran", "Sariyem"]
    people = {
        n: Person.objects.create(full_name=n, sex="L", place=world.banyumulek)
        for n in [*names, "Ponijo", "Wardoyo"]
    }

    def step(name, stage, day, teacher=None):
        services.record_stage(
            innovation=innovation,
            person=people[name],
            stage=stage,
            on_date=dt.date.fromisoformat(day),
            learned_from=people[teacher] if teacher else None,
            acting_user=world.users["admin"],
        )

    for n in names:
        step(n, "learned", "2024-11-05")
    for n in ["Sutardjo", "Mujiono", "Sarjiyo", "Ngatijo"]:
        step(n, "adopted", "2025-01-20")
    step("Sarjiyo", "spreading", "2025-01-25")
    step("Ponijo", "learned", "2025-01-25", "Sarjiyo")
    step("Ponijo", "adopted", "2025-04-07")
    step("Ponijo", "spreading", "2025-07-07")
    step("Wardoyo", "learned", "2025-07-12", "Ponijo")

    login(page, "manager")
    page.goto(f"/innovations/{innovation.pk}/")
    assert page.locator("[data-testid=adoption-network] circle").count() == 16
    _no_sideways_scroll(page)
    shot(page, "innovation-network-demo-360")
