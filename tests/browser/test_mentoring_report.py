"""A mentor drafts the monthly report from September's visits, edits it and submits it; a manager returns it."""

import datetime as dt

from berdaya.fieldwork.mentoring import services
from berdaya.fieldwork.mentoring.models import MonthlyReport

D = dt.date


def test_draft_edit_submit_a_monthly_report(page, world, login, shot):
    fac = world.users["facilitator"]
    for day, technique, uep in [
        (D(2025, 9, 6), "discussion", "Pengelolaan pembukuan kelompok"),
        (D(2025, 9, 13), "lecture", "Kewirausahaan dan rencana usaha"),
        (D(2025, 9, 27), "discussion", "Simpan pinjam"),
    ]:
        services.record_visit(
            programme=world.alpha,
            mentor=world.staff,
            group=world.group_a,
            visited_on=day,
            technique=technique,
            productive_topics=uep,
            acting_user=fac,
        )
    login(page, "facilitator")
    page.goto("/mentoring/reports/")
    page.click("[data-testid=draft-report]")
    page.fill("input[name=month]", "2025-09")
    page.click("form.form button[type=submit].primary")
    page.wait_for_url("**/mentoring/reports/*/edit/")
    summary = page.input_value("textarea[name=summary]")
    assert "Pendamping Satu: 3 (group discussions 2" in summary and "only 0 of 3 visits" in summary
    page.fill(
        "textarea[name=summary]",
        "Tiga kali pendampingan, masih terarah pada UEP; UKS belum banyak dijangkau.",
    )
    shot(page, "mentoring-report-edit-360")
    page.click("[data-testid=save-report]")
    page.wait_for_url("**/mentoring/reports/*/")
    assert "UKS belum banyak dijangkau" in page.inner_text("[data-testid=report-summary]")
    assert page.locator("[data-testid=report-warning]").count() == 1
    page.click("[data-testid=submit-report]")
    page.click("button[type=submit].danger")
    page.wait_for_url("**/mentoring/reports/*/")
    assert "Submitted" in page.inner_text("[data-testid=report-status]")
    assert page.locator("[data-testid=edit-report]").count() == 0
    shot(page, "mentoring-report-submitted-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 362
    report = MonthlyReport.objects.get()
    assert report.status == "submitted" and report.figures["visits"] == 3
