"""A facilitator writes a group's business plan on a phone at the PRA: starts it from the plans list,
adds the success circle, a SWOT, a pledge, a step and the activity calendar, sees a refused date, marks an
activity done, then opens the printable calendar and the whole plan as PDF."""

from berdaya.fieldwork.plans.models import BusinessPlan


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 362


def _add(page, plan_pk, part, fields: dict, *, another=False):
    page.goto(f"/plans/{plan_pk}/{part}/add/")
    for name, value in fields.items():
        selector = f"[name={name}]"
        if page.locator(f"select{selector}").count():
            page.select_option(f"select{selector}", value)
        else:
            page.fill(selector, value)
    page.click("button[name=another]" if another else "form.form button[type=submit].primary")
    page.wait_for_load_state()


def test_business_plan_on_a_phone(page, world, login, shot, live_server):
    login(page, "facilitator")
    page.goto("/plans/")
    _no_sideways_scroll(page)
    page.click("text=Start the plan")
    page.fill("input[name=business]", "Menjahit pakaian")
    page.fill("input[name=prepared_on]", "2025-06-11")
    page.fill("textarea[name=goal]", "Menerima pesanan jahitan bersama")
    shot(page, "plans-start-360")
    _no_sideways_scroll(page)
    page.click("form.form button[type=submit].primary")
    page.wait_for_url("**/plans/*/")
    plan = BusinessPlan.objects.get(group=world.group_a)

    _add(page, plan.pk, "circle", {"ring": "family", "text": "Menyekolahkan anak"})
    for quadrant, text in [
        ("S", "Keterampilan menjahit"),
        ("W", "Belum semua punya mesin jahit"),
        ("O", "Pesanan seragam sekolah"),
        ("T", "Konveksi besar yang murah"),
    ]:
        _add(page, plan.pk, "swot", {"quadrant": quadrant, "text": text}, another=True)
        assert "/swot/add/" in page.url  # "save and add another" keeps the form open
    _add(
        page,
        plan.pk,
        "commitments",
        {
            "kind": "tools",
            "person": str(world.people_a[0].pk),
            "description": "Mesin jahit",
            "amount": "1200000",
            "quantity": "1",
            "unit": "mesin",
        },
    )
    _add(page, plan.pk, "steps", {"text": "Mencari tempat", "owner": "Ketua", "due_on": "2025-08-31"})

    # A date in the wrong order is refused next to the field, and the form keeps what was typed.
    _add(
        page,
        plan.pk,
        "calendar",
        {"activity": "Membeli kain", "starts_on": "2025-09-15", "due_on": "2025-08-06"},
    )
    error = page.locator(".field.has-error .error").first.inner_text()
    assert "before it starts" in error
    assert page.input_value("input[name=activity]") == "Membeli kain"
    shot(page, "plans-calendar-error-360")
    _no_sideways_scroll(page)
    page.fill("input[name=starts_on]", "2025-08-06")
    page.fill("input[name=due_on]", "2025-09-15")
    page.fill("input[name=owner]", "Bendahara")
    page.click("form.form button[type=submit].primary")
    page.wait_for_url("**/plans/*/#calendar")
    _add(
        page,
        plan.pk,
        "calendar",
        {"activity": "Belajar menjahit", "starts_on": "2025-06-16", "due_on": "2025-07-31", "owner": "Semua"},
    )
    assert plan.calendar.count() == 2 and plan.swot.count() == 4

    # Mark one activity done; the other stays overdue.
    page.goto(f"/plans/{plan.pk}/")
    page.locator("#calendar tr", has_text="Belajar menjahit").locator("text=Done").click()
    page.fill("input[name=done_on]", "2025-07-31")
    page.click("form.form button[type=submit].primary")
    page.wait_for_url("**/plans/*/#calendar")
    assert page.locator("#calendar tr[data-status=done]").count() == 1
    assert page.locator("#calendar tr[data-status=overdue]").count() == 1
    assert page.locator("[data-quadrant=T]").inner_text().count("Konveksi") == 1
    assert "Rp1.200.000" in page.locator("[data-testid=commitment-totals]").inner_text()
    shot(page, "plans-detail-360")
    _no_sideways_scroll(page)

    # The printable calendar: months as columns, activities as rows; and the whole plan as PDF.
    page.click("[data-testid=print-calendar]")
    page.wait_for_url("**/calendar/")
    headers = page.locator("table.calendar th.month").all_inner_texts()
    assert [h.split()[0] for h in headers] == ["Jun", "Jul", "Aug", "Sep"]
    assert page.locator("table.calendar td.on.done").count() == 2  # June and July of the done activity
    shot(page, "plans-calendar-print-360")
    page.goto(f"/plans/{plan.pk}/")
    page.click("[data-testid=print-plan]")
    page.wait_for_url("**/print/")
    assert "Menyekolahkan anak" in page.content()
    response = page.request.get(f"{live_server.url}/plans/{plan.pk}/print/?format=pdf")
    assert response.headers["content-type"] == "application/pdf" and response.body().startswith(b"%PDF")


def test_printable_plan_on_a_desktop(desktop_page, world, login, shot):
    import datetime as dt

    from berdaya.fieldwork.plans import services

    user = world.users["manager"]
    plan = services.create_plan(
        group=world.group_a, business="Dagang kue", prepared_on=dt.date(2025, 6, 11), acting_user=user
    )
    for quadrant, text in [
        ("S", "Terampil membuat kue"),
        ("W", "Modal kecil"),
        ("O", "Pasar dekat"),
        ("T", "Harga tepung naik"),
    ]:
        services.add_swot_item(plan=plan, quadrant=quadrant, text=text, acting_user=user)
    for month in range(7, 13):
        services.add_calendar_item(
            plan=plan,
            activity=f"Kegiatan bulan {month}",
            starts_on=dt.date(2025, month, 1),
            due_on=dt.date(2025, month, 28),
            owner="Ketua",
            done_on=dt.date(2025, month, 20) if month < 9 else None,
            acting_user=user,
        )
    login(desktop_page, "manager")
    desktop_page.goto(f"/plans/{plan.pk}/")
    shot(desktop_page, "plans-detail-desktop")
    desktop_page.goto(f"/plans/{plan.pk}/print/")
    assert desktop_page.locator("[data-testid=print-swot]").inner_text().count("Harga tepung naik") == 1
    shot(desktop_page, "plans-print-desktop")
