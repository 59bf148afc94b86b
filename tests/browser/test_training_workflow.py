"""A facilitator plans a three-day training, adds its sessions and participants, takes attendance on a
phone (360 px), and prints a certificate as PDF; someone who missed too much is told why there is none."""

import re

from berdaya.fieldwork.training.models import SessionAttendance, Training

SESSIONS = [
    ("2025-11-03", "Manajemen pemasaran", "lecture"),
    ("2025-11-04", "Praktek cetakan gypsum", "practice"),
    ("2025-11-05", "Kunjungan lapangan ke showroom", "field_visit"),
]


def _submit(page):
    page.click("form.form button[type=submit].primary")


def _at_detail(page, training):
    # Sections are anchors (#sessions, #participants): a redirect lands on one of them.
    page.wait_for_url(re.compile(rf"/trainings/{training.pk}/(#\w+)?$"))


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1


def test_training_from_plan_to_certificate(page, world, login, shot, live_server):
    login(page, "facilitator")
    page.goto("/trainings/")
    assert "No trainings yet." in page.content()
    page.click("text=New training")
    page.wait_for_url("**/trainings/new/")
    page.select_option("select[name=programme]", str(world.alpha.pk))
    page.select_option("select[name=site]", str(world.site_a.pk))
    page.fill("input[name=title]", "Pelatihan diversifikasi gerabah modern")
    page.fill("input[name=starts_on]", "2025-11-03")
    page.fill("input[name=ends_on]", "2025-11-05")
    page.fill("input[name=venue]", "Rumah Kepala Dukuh")
    shot(page, "training-create-360")
    _submit(page)
    page.wait_for_url("**/trainings/*/")
    training = Training.objects.get(title="Pelatihan diversifikasi gerabah modern")
    assert training.checklist.count() == 4

    # Tick the venue on the preparation checklist.
    page.locator("[data-testid=checklist-venue] button").click()
    _at_detail(page, training)
    assert "ticked by facilitator" in page.locator("[data-testid=checklist-venue]").inner_text()

    for day, topic, method in SESSIONS:
        page.goto(f"/trainings/{training.pk}/sessions/add/")
        page.fill("input[name=on_date]", day)
        page.fill("input[name=topic]", topic)
        page.select_option("select[name=method]", method)
        page.fill("input[name=speaker]", "Praktisi gerabah modern")
        _submit(page)
        _at_detail(page, training)
    assert training.sessions.count() == 3

    page.goto(f"/trainings/{training.pk}/participants/add/")
    page.select_option("select[name=group]", str(world.group_a.pk))
    shot(page, "training-participants-360")
    _submit(page)
    _at_detail(page, training)
    assert training.participants.count() == 5

    # Attendance on the phone: A5 comes only on the first day.
    sessions = list(training.sessions.all())
    for i, session in enumerate(sessions):
        page.goto(f"/trainings/sessions/{session.pk}/attendance/")
        for person in world.people_a:
            if i == 0 or person != world.people_a[4]:
                page.locator(f"[data-testid=attend-{person.pk}] input").check()
        if i == 0:
            _fits(page)
            shot(page, "training-attendance-360")
        page.click("text=Save attendance")
        _at_detail(page, training)
    assert SessionAttendance.objects.filter(present=True).count() == 13
    _fits(page)
    shot(page, "training-detail-360")

    a1, a5 = world.people_a[0], world.people_a[4]
    assert (
        "No certificate: Anggota A5 attended 1 of 3 sessions"
        in page.locator(f"[data-testid=participant-{a5.pk}]").inner_text()
    )
    page.locator(f"[data-testid=participant-{a1.pk}] a", has_text="Certificate").click()
    page.wait_for_url(f"**/trainings/{training.pk}/certificates/{a1.pk}/")
    assert page.locator("[data-testid=certificate-name]").inner_text() == "Anggota A1"
    shot(page, "training-certificate-360")
    href = page.locator("[data-testid=download-pdf]").get_attribute("href")
    response = page.request.get(f"{live_server.url}/trainings/{training.pk}/certificates/{a1.pk}/{href}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    page.goto(f"/trainings/{training.pk}/attendance-list/")
    assert page.locator("th", has_text="Signature").count() == 1
    shot(page, "training-attendance-list-360")
    page.goto("/trainings/?when=past")
    assert "Pelatihan diversifikasi gerabah modern" in page.content()
    _fits(page)
    shot(page, "training-list-360")
    page.goto(f"/trainings/{training.pk}/certificates/{a5.pk}/")
    assert "at least 75% is needed" in page.locator("[data-testid=certificate-refused]").inner_text()
