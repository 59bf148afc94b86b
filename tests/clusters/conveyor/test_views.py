"""Conveyor pages through HTTP: scope per role, the line's workflow, confirmation, printable report."""

import re

import pytest

from berdaya.clusters.conveyor.models import Line, Stage, WeeklyFlow

from .conftest import WEEK1

pytestmark = pytest.mark.django_db
READERS = ["admin", "manager", "auditor", "facilitator", "partner", "officer"]
WRITERS = ["admin", "manager", "facilitator"]


def _reads(sentra, line, stage):
    return [
        "/conveyor/",
        f"/conveyor/sentra/{sentra.pk}/",
        f"/conveyor/{line.pk}/",
        f"/conveyor/{line.pk}/print/",
    ]


def _writes(sentra, line, stage):
    return [
        f"/conveyor/sentra/{sentra.pk}/new/",
        f"/conveyor/{line.pk}/edit/",
        f"/conveyor/{line.pk}/delete/",
        f"/conveyor/{line.pk}/stages/new/",
        f"/conveyor/{line.pk}/week/",
        f"/conveyor/stages/{stage.pk}/edit/",
        f"/conveyor/stages/{stage.pk}/remove/",
    ]


@pytest.mark.parametrize("role", READERS)
def test_readers_see_every_page(client_for, sentra, recorded, stages, role):
    c = client_for(role)
    for url in _reads(sentra, recorded, stages[0]):
        r = c.get(url)
        assert r.status_code == 200, url
    page = c.get(f"/conveyor/{recorded.pk}/").content.decode()
    assert 'data-testid="bottleneck-box"' in page and "BOTTLENECK" in page
    assert "Binding and gluing (jahit &amp; lem)" in page and "holds it back" in page


@pytest.mark.parametrize("role", WRITERS)
def test_writers_open_every_form(client_for, sentra, line, stages, role):
    c = client_for(role)
    for url in _writes(sentra, line, stages[0]):
        assert c.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["auditor", "partner", "officer"])
def test_readers_cannot_write(client_for, sentra, line, stages, role):
    c = client_for(role)
    for url in _writes(sentra, line, stages[0]):
        assert c.post(url, {}).status_code == 403, url
    assert Line.objects.filter(pk=line.pk).exists() and Stage.objects.filter(line=line).count() == 4


def test_member_and_outsider_get_404(client_for, sentra, line, stages):
    for role in ["member", "outsider"]:
        c = client_for(role)
        for url in _reads(sentra, line, stages[0])[1:] + _writes(sentra, line, stages[0]):
            assert c.get(url).status_code == 404, (role, url)
    assert client_for("member").get("/conveyor/").status_code == 404
    assert b"Shuttlecock" not in client_for("outsider").get("/conveyor/").content


def test_set_up_a_line_stage_by_stage_and_record_a_week(client_for, world, sentra, feather_group):
    c = client_for("facilitator")
    r = c.post(f"/conveyor/sentra/{sentra.pk}/new/", {"product": "Shuttlecock", "unit": "shuttlecocks"})
    line = Line.objects.get(product="Shuttlecock")
    assert r.status_code == 302 and r["Location"] == f"/conveyor/{line.pk}/stages/new/"
    stage = {"unit": "feather", "units_per_product": "16", "workers": 3, "hours_per_week": "40", "rate": "60"}
    r = c.post(
        f"/conveyor/{line.pk}/stages/new/",
        {**stage, "name": "Feathers", "group": feather_group.pk, "another": "1"},
    )
    assert r["Location"] == f"/conveyor/{line.pk}/stages/new/"
    r = c.post(
        f"/conveyor/{line.pk}/stages/new/",
        {**stage, "name": "Binding", "units_per_product": "1", "rate": "4"},
    )
    assert r.status_code == 200 and b"Say which group or producer makes this stage" in r.content
    c.post(
        f"/conveyor/{line.pk}/stages/new/",
        {**stage, "name": "Binding", "units_per_product": "1", "rate": "4", "producer": "Gunawan"},
    )
    feathers, binding = Stage.objects.filter(line=line).order_by("order")
    page = c.get(f"/conveyor/{line.pk}/").content.decode()
    # 3 × 40 × 4 = 480 against 450 feathers' worth: feathers is the bottleneck here.
    assert "The line can finish 450 shuttlecocks a week; Feathers holds it back." in page
    form = c.get(f"/conveyor/{line.pk}/week/?week=2025-10-08").content.decode()
    assert 'value="2025-10-06"' in form  # any day picks its Monday
    r = c.post(
        f"/conveyor/{line.pk}/week/",
        {
            "week": "2025-10-06",
            f"produced-{feathers.pk}": "6400",
            f"workers-{feathers.pk}": "3",
            f"hours-{feathers.pk}": "40",
            f"produced-{binding.pk}": "380",
            f"workers-{binding.pk}": "3",
            f"hours-{binding.pk}": "37,5",
            "idempotency_key": "week-1",
        },
    )
    assert r.status_code == 302
    assert WeeklyFlow.objects.get(stage=binding).hours == 37.5
    page = c.get(f"/conveyor/{line.pk}/").content.decode()
    assert "380 shuttlecocks finished in 1 week," in page and 'data-testid="weekly-chart"' in page


def test_week_errors_keep_what_was_typed(client_for, line, stages):
    c = client_for("manager")
    s = stages[2]
    r = c.post(
        f"/conveyor/{line.pk}/week/",
        {"week": WEEK1.isoformat(), f"produced-{s.pk}": "260", f"workers-{s.pk}": "0", f"hours-{s.pk}": "35"},
    )
    assert r.status_code == 400 and b"no workers or no hours" in r.content and b'value="260"' in r.content
    r = c.post(f"/conveyor/{line.pk}/week/", {"week": WEEK1.isoformat(), f"produced-{s.pk}": "dua"})
    assert r.status_code == 400 and b"whole numbers" in r.content
    assert not WeeklyFlow.objects.exists()


def test_try_a_demand(client_for, line):
    page = client_for("auditor").get(f"/conveyor/{line.pk}/?demand=600").content.decode()
    assert "The demand is 600 shuttlecocks a week: 320 a week short." in page
    assert "needs 5 workers at 35 hours each: 3 more" in page


def test_delete_line_asks_first(client_for, sentra, line):
    c = client_for("manager")
    page = c.get(f"/conveyor/{line.pk}/delete/")
    assert b"Yes, delete the line" in page.content and Line.objects.exists()
    r = c.post(f"/conveyor/{line.pk}/delete/")
    assert r.status_code == 302 and r["Location"] == f"/conveyor/sentra/{sentra.pk}/"
    assert not Line.objects.exists()


def test_remove_stage_asks_and_refuses_with_weeks(client_for, recorded, stages):
    c = client_for("manager")
    assert b"Yes, remove it" in c.get(f"/conveyor/stages/{stages[0].pk}/remove/").content
    r = c.post(f"/conveyor/stages/{stages[0].pk}/remove/", follow=True)
    assert b"3 recorded weeks" in r.content and Stage.objects.filter(pk=stages[0].pk).exists()


def test_edit_stage_and_line(client_for, line, stages):
    c = client_for("facilitator")
    s = stages[2]
    r = c.post(
        f"/conveyor/stages/{s.pk}/edit/",
        {
            "order": 3,
            "name": s.name,
            "producer": s.producer,
            "unit": s.unit,
            "units_per_product": "1",
            "workers": 4,
            "hours_per_week": "35",
            "rate": "4",
        },
    )
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.workers == 4
    r = c.post(
        f"/conveyor/{line.pk}/edit/",
        {"product": "Shuttlecock", "unit": "shuttlecocks", "demand_per_week": 500},
    )
    assert r.status_code == 302 and Line.objects.get(pk=line.pk).demand_per_week == 500


def test_printable_report_and_pdf(client_for, recorded):
    c = client_for("auditor")
    page = c.get(f"/conveyor/{recorded.pk}/print/")
    assert b"Conveyor line: Shuttlecock" in page.content and b"How to balance the line" in page.content
    pdf = c.get(f"/conveyor/{recorded.pk}/print/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_lists_search_and_empty_state(client_for, sentra, line):
    c = client_for("manager")
    assert b"Shuttlecock" in c.get("/conveyor/?q=gunawan").content
    assert b"No line matches" in c.get("/conveyor/?q=sangkar").content
    Line.objects.all().delete()
    assert b"Set up the first line" in c.get(f"/conveyor/sentra/{sentra.pk}/").content


def test_svg_numbers_are_not_localised(client_for, recorded, indonesian):
    page = client_for("manager").get(f"/conveyor/{recorded.pk}/").content.decode()
    assert "266,7" in page  # the text is Indonesian (decimal comma) ...
    svg = "".join(re.findall(r"<svg.*?</svg>", page, flags=re.S))
    attrs = re.findall(r'\s(?:x|y|width|height|cx|cy|x1|x2|y1|y2|points)="([^"]*)"', svg)
    assert len(attrs) > 50 and all("," not in a for a in attrs if " " not in a)  # ... the drawing is not
    assert re.search(r'<rect x="\d+" y="\d+\.\d"', svg)


def test_detail_queries_do_not_grow_with_weeks(
    client_for, world, recorded, stages, django_assert_max_num_queries
):
    import datetime as dt

    from berdaya.clusters.conveyor import services

    from .conftest import week_rows

    c = client_for("manager")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        c.get(f"/conveyor/{recorded.pk}/")
    for i in range(3, 9):
        services.record_week(
            line=recorded,
            week=WEEK1 + dt.timedelta(days=7 * i),
            rows=week_rows(stages, [6400, 600, 260, 240]),
            acting_user=world.users["manager"],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert c.get(f"/conveyor/{recorded.pk}/").status_code == 200
