"""Business plan pages through HTTP: who sees and does what, the forms and their errors, printing."""

import datetime as dt

import pytest

from berdaya.fieldwork.plans.models import (
    BusinessPlan,
    CalendarItem,
    Commitment,
    PlanStep,
    SuccessFactor,
    SwotItem,
)
from berdaya.groups.models import Group

D = dt.date
READERS = ["auditor", "partner", "officer"]
WRITERS = ["admin", "manager", "facilitator"]


def _read_pages(plan):
    return [
        "/plans/",
        "/plans/follow-ups/",
        f"/plans/{plan.pk}/",
        f"/plans/{plan.pk}/print/",
        f"/plans/{plan.pk}/calendar/",
    ]


def _write_pages(plan):
    items = {
        "circle": SuccessFactor.objects.get(plan=plan),
        "swot": SwotItem.objects.get(plan=plan),
        "commitments": Commitment.objects.get(plan=plan),
        "steps": PlanStep.objects.get(plan=plan),
        "calendar": CalendarItem.objects.get(plan=plan),
    }
    pages = [f"/plans/{plan.pk}/edit/", f"/plans/{plan.pk}/remove/"]
    for part, item in items.items():
        pages += [
            f"/plans/{plan.pk}/{part}/add/",
            f"/plans/{part}/{item.pk}/edit/",
            f"/plans/{part}/{item.pk}/remove/",
        ]
    pages += [f"/plans/steps/{items['steps'].pk}/done/", f"/plans/calendar/{items['calendar'].pk}/done/"]
    return pages


@pytest.fixture
def fresh_group(world):
    return Group.objects.create(
        name="KUBE Alpha Dua", kind="kube", programme=world.alpha, place=world.banyumulek
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", WRITERS + READERS)
def test_readers_see_every_page(client_for, world, plan, role):
    c = client_for(role)
    for url in _read_pages(plan):
        r = c.get(url)
        assert r.status_code == 200, url
    assert c.get(f"/plans/group/{world.group_a.pk}/").url == f"/plans/{plan.pk}/"
    detail = c.get(f"/plans/{plan.pk}/").content.decode()
    assert "Menyekolahkan anak" in detail and "Belanja bahan kue" in detail
    assert ("/plans/swot/" in detail) == (role in WRITERS)  # change links only for writers


@pytest.mark.django_db
@pytest.mark.parametrize("role", WRITERS)
def test_writers_open_every_form(client_for, plan, fresh_group, role):
    c = client_for(role)
    for url in _write_pages(plan) + [f"/plans/group/{fresh_group.pk}/new/"]:
        assert c.get(url).status_code == 200, url


@pytest.mark.django_db
@pytest.mark.parametrize("role", READERS)
def test_read_only_roles_are_refused_writes(client_for, plan, fresh_group, role):
    c = client_for(role)
    for url in _write_pages(plan) + [f"/plans/group/{fresh_group.pk}/new/"]:
        assert c.get(url).status_code == 403, url
        assert c.post(url, {}).status_code == 403, url
    assert BusinessPlan.objects.count() == 1 and CalendarItem.objects.count() == 1
    page = c.get(f"/plans/group/{fresh_group.pk}/").content.decode()
    assert "no business plan yet" in page and f"/plans/group/{fresh_group.pk}/new/" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "outsider"])
def test_member_and_outsider_get_not_found(client_for, world, plan, fresh_group, role):
    c = client_for(role)
    for url in _read_pages(plan)[2:] + _write_pages(plan) + [f"/plans/group/{world.group_a.pk}/"]:
        assert c.get(url).status_code == 404, url
    if role == "member":
        assert c.get("/plans/").status_code == 404
    else:
        assert "KUBE Alpha" not in c.get("/plans/").content.decode()
        assert "Belanja" not in c.get("/plans/follow-ups/").content.decode()


@pytest.mark.django_db
def test_list_search_and_filters(client_for, world, plan, fresh_group):
    c = client_for("manager")
    page = c.get("/plans/").content.decode()
    assert "Dagang kue" in page and f"/plans/group/{fresh_group.pk}/new/" in page  # offered to start one
    assert "1 overdue" in page  # the fixture's calendar item was due in July 2025
    assert "KUBE Alpha Dua" not in c.get("/plans/?has_plan=yes").content.decode()
    without = c.get("/plans/?has_plan=no").content.decode()
    assert "KUBE Alpha Dua" in without and "Dagang kue" not in without
    assert "KUBE Alpha Dua" not in c.get("/plans/?q=kue").content.decode()
    assert "No group matches" in c.get("/plans/?q=zzz").content.decode()
    assert "Belanja bahan kue" in c.get("/plans/follow-ups/").content.decode()


@pytest.mark.django_db
def test_start_a_plan_then_fill_it_in(client_for, world, fresh_group):
    c = client_for("facilitator")
    r = c.get(f"/plans/group/{fresh_group.pk}/")
    assert f"/plans/group/{fresh_group.pk}/new/" in r.content.decode()
    r = c.post(
        f"/plans/group/{fresh_group.pk}/new/",
        {
            "business": "Menjahit",
            "prepared_on": "2025-06-11",
            "goal": "",
            "notes": "",
            "idempotency_key": "abc",
        },
    )
    plan = BusinessPlan.objects.get(group=fresh_group)
    assert r.url == f"/plans/{plan.pk}/"
    # A double submit with the same form key lands on the same plan instead of an error.
    r = c.post(
        f"/plans/group/{fresh_group.pk}/new/",
        {"business": "Menjahit", "prepared_on": "2025-06-11", "idempotency_key": "abc"},
    )
    assert r.status_code == 302 and BusinessPlan.objects.count() == 1
    r = c.post(f"/plans/{plan.pk}/swot/add/", {"quadrant": "S", "text": "Bisa menjahit", "another": "1"})
    assert r.url == f"/plans/{plan.pk}/swot/add/"
    r = c.post(f"/plans/{plan.pk}/circle/add/", {"ring": "family", "text": "Menabung"})
    assert r.url == f"/plans/{plan.pk}/#circle"
    c.post(
        f"/plans/{plan.pk}/commitments/add/",
        {
            "kind": "tools",
            "pledged_by": "Ibu Ketua",
            "description": "Mesin jahit",
            "amount": "1500000",
            "quantity": "1",
            "unit": "mesin",
        },
    )
    c.post(
        f"/plans/{plan.pk}/steps/add/",
        {"text": "Belajar menjahit", "owner": "Semua anggota", "due_on": "2025-07-01"},
    )
    c.post(
        f"/plans/{plan.pk}/calendar/add/",
        {
            "activity": "Mencari bahan",
            "starts_on": "2025-07-01",
            "due_on": "2025-07-31",
            "owner": "Bendahara",
        },
    )
    assert plan.swot.count() == plan.success_factors.count() == plan.commitments.count() == 1
    assert plan.steps.count() == plan.calendar.count() == 1
    detail = c.get(f"/plans/{plan.pk}/").content.decode()
    assert "Rp1.500.000" in detail and "Mencari bahan" in detail


@pytest.mark.django_db
def test_errors_are_shown_next_to_the_field_and_nothing_saved(client_for, plan):
    c = client_for("facilitator")
    r = c.post(
        f"/plans/{plan.pk}/calendar/add/",
        {"activity": "Pameran", "starts_on": "2025-09-10", "due_on": "2025-09-01"},
    )
    assert r.status_code == 200
    assert "The activity is due on 2025-09-01, before it starts on 2025-09-10." in r.content.decode()
    r = c.post(f"/plans/{plan.pk}/commitments/add/", {"kind": "cash", "pledged_by": "Ibu RT"})
    assert "A cash commitment needs the amount pledged" in r.content.decode()
    r = c.post(
        f"/plans/{plan.pk}/commitments/add/",
        {"kind": "tools", "pledged_by": "X", "description": "Y", "amount": "-5"},
    )
    assert "cannot be negative" in r.content.decode()
    assert plan.calendar.count() == 1 and plan.commitments.count() == 1
    assert c.get(f"/plans/{plan.pk}/nonsense/add/").status_code == 404


@pytest.mark.django_db
def test_edit_done_and_remove_with_confirmation(client_for, plan):
    c = client_for("manager")
    item = plan.calendar.get()
    r = c.post(
        f"/plans/calendar/{item.pk}/edit/",
        {
            "activity": "Belanja tepung",
            "starts_on": "2025-07-01",
            "due_on": "2025-07-20",
            "owner": "Bendahara",
        },
    )
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.activity == "Belanja tepung" and item.due_on == D(2025, 7, 20)
    r = c.post(f"/plans/calendar/{item.pk}/done/", {"done_on": "2025-07-18"})
    item.refresh_from_db()
    assert item.done_on == D(2025, 7, 18)
    r = c.post(f"/plans/calendar/{item.pk}/done/", {"done_on": "2099-01-01"})
    assert "in the future" in r.content.decode()
    confirm = c.get(f"/plans/calendar/{item.pk}/remove/").content.decode()
    assert "Belanja tepung" in confirm and "Cancel" in confirm
    c.post(f"/plans/calendar/{item.pk}/remove/")
    assert not plan.calendar.exists()
    confirm = c.get(f"/plans/{plan.pk}/remove/").content.decode()
    assert "1 SWOT items" in confirm or "1 success circle" in confirm
    r = c.post(f"/plans/{plan.pk}/remove/")
    assert r.url == f"/plans/group/{plan.group_id}/"
    assert not BusinessPlan.objects.exists()


@pytest.mark.django_db
def test_printable_plan_and_calendar_as_pdf(client_for, plan):
    c = client_for("auditor")
    page = c.get(f"/plans/{plan.pk}/calendar/").content.decode()
    assert "Jul" in page and "Belanja bahan kue" in page and "Download PDF" in page
    whole = c.get(f"/plans/{plan.pk}/print/").content.decode()
    for text in (
        "Menyekolahkan anak",
        "Terampil membuat kue",
        "Rp50.000",
        "Mencari tepung terigu",
        "Belanja bahan kue",
    ):
        assert text in whole
    pdf = c.get(f"/plans/{plan.pk}/print/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    pdf = c.get(f"/plans/{plan.pk}/calendar/?format=pdf")
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_pages_do_not_query_per_row(client_for, world, plan, django_assert_max_num_queries):
    """The plan page, its print and the lists cost the same few queries with 1 or 30 rows per part."""
    from berdaya.fieldwork.plans import services

    c = client_for("manager")
    user = world.users["manager"]
    # One step owned by a member first, so the baseline already fetches members once (not per row).
    services.add_step(
        plan=plan, text="x", owner_person=world.people_a[0], due_on=D(2026, 1, 1), acting_user=user
    )
    urls = [f"/plans/{plan.pk}/", f"/plans/{plan.pk}/print/", "/plans/", "/plans/follow-ups/"]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(60) as ctx:
            c.get(url)
        counts[url] = len(ctx.captured_queries)
    for i in range(30):
        services.add_swot_item(plan=plan, quadrant="SWOT"[i % 4], text=f"butir {i}", acting_user=user)
        services.add_commitment(
            plan=plan, kind="cash", person=world.people_a[i % 5], amount=1_000 + i, acting_user=user
        )
        services.add_step(
            plan=plan,
            text=f"langkah {i}",
            owner_person=world.people_a[i % 5],
            due_on=D(2026, 1, 1),
            acting_user=user,
        )
        services.add_calendar_item(
            plan=plan,
            activity=f"kegiatan {i}",
            starts_on=D(2025, 7, 1),
            due_on=D(2025, 8, 1),
            acting_user=user,
        )
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            c.get(url)
