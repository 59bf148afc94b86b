"""Mentoring pages through HTTP: who sees and does what, the visit form's retry, the report's pages."""

import datetime as dt

import pytest

from berdaya.fieldwork.mentoring.models import MonthlyReport, Visit

D = dt.date
READERS = ["admin", "manager", "auditor", "facilitator", "officer", "partner"]
WRITERS = ["admin", "manager", "facilitator"]
READ_ONLY = ["auditor", "officer", "partner"]


def _pages(visit, report):
    return [
        "/mentoring/",
        "/mentoring/?q=stimulan&month=2025-09",
        f"/mentoring/visits/{visit.pk}/",
        "/mentoring/reports/",
        f"/mentoring/reports/{report.pk}/",
        f"/mentoring/reports/{report.pk}/print/",
        "/mentoring/coverage/?days=10",
        "/mentoring/intensity/",
        "/mentoring/follow-ups/?soon=400",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", READERS)
def test_readers_see_every_page(client_for, visit, report, role):
    c = client_for(role)
    for url in _pages(visit, report):
        r = c.get(url)
        assert r.status_code == 200, url
    assert "KUBE Alpha" in c.get("/mentoring/").content.decode()


@pytest.mark.django_db
def test_member_gets_404_and_outsider_sees_nothing_of_alpha(client_for, visit, report):
    member = client_for("member")
    for url in _pages(visit, report):
        assert member.get(url).status_code == 404, url
    outsider = client_for("outsider")
    assert "Pembukuan kelompok" not in outsider.get("/mentoring/").content.decode()
    for url in (
        f"/mentoring/visits/{visit.pk}/",
        f"/mentoring/reports/{report.pk}/",
        f"/mentoring/reports/{report.pk}/print/",
    ):
        assert outsider.get(url).status_code == 404, url
    assert "KUBE Alpha" not in outsider.get("/mentoring/coverage/").content.decode()
    for url in (
        f"/mentoring/reports/{report.pk}/edit/",
        f"/mentoring/actions/{visit.actions.get().pk}/done/",
    ):
        assert outsider.get(url).status_code == 404, url


def _post_visit(c, world, key="k-1", **extra):
    data = {
        "programme": world.alpha.pk,
        "mentor": world.staff.pk,
        "visited_on": "2025-09-10",
        "technique": "discussion",
        "group": world.group_a.pk,
        "productive_topics": "Pemasaran gerabah",
        "action_1_text": "Ketua menghubungi art shop",
        "action_1_owner": "Ketua",
        "action_1_due_on": "2025-09-24",
        "idempotency_key": key,
    }
    data.update(extra)
    return c.post("/mentoring/visits/new/", data)


@pytest.mark.django_db
@pytest.mark.parametrize("role", WRITERS)
def test_writers_log_a_visit_once_even_when_the_post_is_retried(client_for, world, role):
    c = client_for(role)
    form = c.get("/mentoring/visits/new/")
    assert form.status_code == 200
    assert 'name="idempotency_key"' in form.content.decode()
    first = _post_visit(c, world)
    assert first.status_code == 302
    again = _post_visit(c, world)
    assert again.status_code == 302 and again["Location"] == first["Location"]
    visit = Visit.objects.get()
    assert visit.actions.get().text == "Ketua menghubungi art shop"
    assert visit.created_by.username == role


@pytest.mark.django_db
def test_visit_form_shows_refusals_next_to_the_field(client_for, world):
    c = client_for("facilitator")
    r = _post_visit(c, world, next_visit_on="2025-09-01")
    assert r.status_code == 200
    assert "must come after this one" in r.content.decode()
    r = _post_visit(c, world, group="")
    assert "Name the group or the person visited." in r.content.decode()
    assert Visit.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("role", READ_ONLY)
def test_read_only_roles_cannot_write(client_for, world, visit, report, role):
    c = client_for(role)
    assert c.get("/mentoring/visits/new/").status_code == 403
    assert _post_visit(c, world).status_code == 403
    action = visit.actions.get()
    assert c.post(f"/mentoring/actions/{action.pk}/done/", {"done_on": "2025-09-10"}).status_code == 403
    assert c.get(f"/mentoring/reports/{report.pk}/edit/").status_code == 403
    assert c.post(f"/mentoring/reports/{report.pk}/submit/").status_code == 403
    assert c.get(f"/mentoring/reports/{report.pk}/return/").status_code == 403
    assert c.get("/mentoring/reports/new/").status_code == 403
    assert Visit.objects.count() == 1
    action.refresh_from_db()
    assert action.done_on is None


@pytest.mark.django_db
def test_outsider_manager_cannot_log_in_alpha(client_for, world):
    r = _post_visit(client_for("outsider"), world)
    assert r.status_code == 200  # Alpha is not among the outsider's programmes: the form refuses it
    assert Visit.objects.count() == 0


@pytest.mark.django_db
def test_mark_an_action_done_from_the_follow_ups(client_for, world, visit):
    c = client_for("facilitator")
    action = visit.actions.get()
    assert "Bendahara menyalin buku kas" in c.get("/mentoring/follow-ups/").content.decode()
    r = c.post(f"/mentoring/actions/{action.pk}/done/?next=/mentoring/follow-ups/", {"done_on": "2025-09-17"})
    assert r.status_code == 302 and r["Location"] == "/mentoring/follow-ups/"
    action.refresh_from_db()
    assert action.done_on == D(2025, 9, 17)
    assert "Bendahara menyalin buku kas" not in c.get("/mentoring/follow-ups/").content.decode()


@pytest.mark.django_db
def test_report_pages_draft_edit_submit_return(client_for, world, visit):
    fac, manager = client_for("facilitator"), client_for("manager")
    assert fac.get("/mentoring/reports/new/").status_code == 200
    r = fac.post(
        "/mentoring/reports/new/", {"mentor": world.staff.pk, "programme": world.alpha.pk, "month": "2025-09"}
    )
    report = MonthlyReport.objects.get()
    assert r["Location"] == f"/mentoring/reports/{report.pk}/edit/"
    assert fac.get(f"/mentoring/reports/{report.pk}/edit/").status_code == 200
    assert fac.post(f"/mentoring/reports/{report.pk}/refresh/").status_code == 302
    # the mentor may not return; the manager may, only after submission
    assert manager.get(f"/mentoring/reports/{report.pk}/").status_code == 200
    fac.post(f"/mentoring/reports/{report.pk}/submit/")
    report.refresh_from_db()
    assert report.status == "submitted"
    assert fac.get(f"/mentoring/reports/{report.pk}/return/").status_code == 403
    assert manager.post(f"/mentoring/reports/{report.pk}/return/", {"reason": ""}).status_code == 200
    assert (
        manager.post(f"/mentoring/reports/{report.pk}/return/", {"reason": "Tambahkan UKS"}).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.is_draft and report.returned_reason == "Tambahkan UKS"
    assert "Tambahkan UKS" in fac.get(f"/mentoring/reports/{report.pk}/").content.decode()


@pytest.mark.django_db
def test_another_facilitator_cannot_write_someone_elses_report(client_for, world, report):
    from berdaya.accounts.models import Role, User
    from berdaya.programs.models import StaffMember

    other_staff = StaffMember.objects.create(full_name="Pendamping Dua", kind="mentor")
    other_staff.programmes.add(world.alpha)
    other = User.objects.create_user(
        username="other", password="x", role=Role.FACILITATOR, staff_member=other_staff
    )
    other.scope_programmes.add(world.alpha)
    from django.test import Client

    c = Client()
    c.force_login(other)
    assert c.get(f"/mentoring/reports/{report.pk}/").status_code == 200
    assert c.get(f"/mentoring/reports/{report.pk}/edit/").status_code == 403
