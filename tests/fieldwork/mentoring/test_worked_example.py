"""Seed 004, Kel. Pakis Surabaya: three mentoring visits in a month, all about productive business (UEP),
social welfare (UKS) "belum banyak dijangkau". The month's visits draft the report, which flags exactly
that; the mentor edits it and submits it; the printable version and the PDF show the same report."""

import datetime as dt

import pytest

from berdaya.fieldwork.mentoring import services
from berdaya.fieldwork.mentoring.models import MonthlyReport
from berdaya.groups.models import Assignment, Group

D = dt.date


@pytest.fixture
def month_of_visits(world):
    fac = world.users["facilitator"]
    gamma = Group.objects.create(
        name="KUBE Gamma", kind="kube", programme=world.alpha, place=world.banyumulek
    )
    Assignment.objects.create(group=gamma, staff=world.staff, start_on=D(2025, 6, 1))
    first, _ = services.record_visit(
        programme=world.alpha,
        mentor=world.staff,
        group=world.group_a,
        visited_on=D(2025, 9, 6),
        technique="discussion",
        duration_minutes=120,
        productive_topics="Pengelolaan pembukuan kelompok; pengelolaan bantuan stimulan Rp500.000 per anggota",
        issues="Rp300.000 milik satu anggota masih disimpan di koperasi yayasan",
        actions=[
            {"text": "Ketua menanyakan sisa stimulan ke koperasi", "owner": "Ketua", "due_on": D(2025, 9, 20)}
        ],
        next_visit_on=D(2025, 9, 13),
        acting_user=fac,
    )
    services.record_visit(
        programme=world.alpha,
        mentor=world.staff,
        group=world.group_a,
        visited_on=D(2025, 9, 13),
        technique="lecture",
        duration_minutes=90,
        productive_topics="Kewirausahaan dan rencana usaha",
        acting_user=fac,
    )
    services.record_visit(
        programme=world.alpha,
        mentor=world.staff,
        person=world.people_a[2],
        visited_on=D(2025, 9, 27),
        technique="home_visit",
        duration_minutes=30,
        productive_topics="Simpan pinjam",
        actions=[{"text": "Mencatat penjualan harian", "owner": "Anggota A3", "due_on": D(2025, 10, 10)}],
        next_visit_on=D(2025, 10, 11),
        acting_user=fac,
    )
    services.complete_action(action=first.actions.get(), done_on=D(2025, 9, 19), acting_user=fac)
    return gamma


@pytest.mark.django_db
def test_a_month_drafted_edited_submitted(world, month_of_visits, client_for):
    fac = world.users["facilitator"]
    report = services.draft_monthly_report(
        mentor=world.staff, programme=world.alpha, month=D(2025, 9, 1), acting_user=fac
    )
    f = report.figures
    assert f["visits"] == 3
    assert f["by_technique"] == {"discussion": 1, "lecture": 1, "home_visit": 1}
    assert f["hours"] == 4.0
    assert f["groups"] == ["KUBE Alpha"] and f["persons"] == ["Anggota A3"]
    assert [t["text"] for t in f["productive_topics"]][1] == "Kewirausahaan dan rencana usaha"
    assert f["welfare_topics"] == []
    assert [a["text"] for a in f["actions_done"]] == ["Ketua menanyakan sisa stimulan ke koperasi"]
    assert [a["text"] for a in f["actions_open"]] == ["Mencatat penjualan harian"]
    assert f["assigned_not_visited"] == ["KUBE Gamma"]
    codes = {w["code"] for w in f["warnings"]}
    assert codes == {"welfare_neglected", "not_visited"}
    # the draft's words come from the visits and carry the warnings with their reasons
    assert (
        "Visits in 09/2025 by Pendamping Satu: 3 (group discussions 1, lectures 1, home visits 1)"
        in report.summary
    )
    assert "Social welfare (UKS) topics came up in only 0 of 3 visits" in report.summary
    assert "Rp300.000 milik satu anggota" in report.problems
    assert "Ketua menanyakan sisa stimulan ke koperasi (Ketua), done 2025-09-19" in report.achievements
    assert "Mencatat penjualan harian (Anggota A3), due 2025-10-10" in report.plans

    # the mentor edits through the page, then submits through the page
    c = client_for("facilitator")
    r = c.post(
        f"/mentoring/reports/{report.pk}/edit/",
        {
            "summary": "Tiga kali pendampingan, masih terarah pada UEP; UKS belum banyak dijangkau.",
            "achievements": report.achievements,
            "problems": report.problems,
            "plans": report.plans + "\n- Penyuluhan kebersihan dan kesehatan (UKS)",
        },
    )
    assert r.status_code == 302
    assert c.get(f"/mentoring/reports/{report.pk}/submit/").status_code == 200  # the confirmation
    assert c.post(f"/mentoring/reports/{report.pk}/submit/").status_code == 302
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.SUBMITTED
    assert "UKS belum banyak dijangkau" in report.summary
    page = c.get(f"/mentoring/reports/{report.pk}/").content.decode()
    assert 'data-testid="edit-report"' not in page and 'data-testid="submit-report"' not in page
    assert c.get(f"/mentoring/reports/{report.pk}/edit/").status_code == 302  # read-only now
    printable = c.get(f"/mentoring/reports/{report.pk}/print/").content.decode()
    assert (
        "Penyuluhan kebersihan dan kesehatan" in printable and "Kewirausahaan dan rencana usaha" in printable
    )
    pdf = c.get(f"/mentoring/reports/{report.pk}/print/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
