"""A facilitator opens the shuttlecock conveyor line on a 360 px phone (seed 003, Surakarta cluster III),
sees binding as the bottleneck with the advice, records a week for every stage and sees it counted."""

import datetime as dt
from decimal import Decimal

from berdaya.clusters.conveyor import services
from berdaya.clusters.conveyor.models import WeeklyFlow
from berdaya.clusters.models import Sentra

STAGES = [
    ("Feathers (bulu)", "feather", "16", 3, "40", "60"),
    ("Cork heads (gabus)", "cork head", "1", 2, "40", "8"),
    ("Binding and gluing", "shuttlecock", "1", 2, "35", "4"),
    ("Packing", "shuttlecock", "1", 1, "20", "30"),
]


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 362


def _line(world):
    user = world.users["manager"]
    sentra = Sentra.objects.create(
        programme=world.alpha,
        name="Sentra Shuttlecock Sondakan",
        product_type="shuttlecock",
        place=world.banyumulek,
    )
    line = services.create_line(sentra=sentra, product="Shuttlecock", unit="shuttlecocks", acting_user=user)
    for name, unit, per, workers, hours, rate in STAGES:
        services.add_stage(
            line=line,
            name=name,
            unit=unit,
            units_per_product=Decimal(per),
            workers=workers,
            hours_per_week=Decimal(hours),
            rate=Decimal(rate),
            producer="Sondakan",
            acting_user=user,
        )
    stages = list(line.stages.order_by("order"))
    services.record_week(
        line=line,
        week=dt.date(2025, 10, 6),
        rows=[
            services.FlowInput(s.pk, p, s.workers, s.hours_per_week)
            for s, p in zip(stages, [6400, 600, 260, 240], strict=True)
        ],
        acting_user=user,
    )
    return sentra, line, stages


def test_bottleneck_advice_and_a_week_on_a_phone(page, world, login, shot):
    sentra, line, stages = _line(world)
    login(page, "facilitator")
    page.goto(f"/conveyor/sentra/{sentra.pk}/")
    page.click("[data-testid=lines] a:has-text('Shuttlecock')")
    page.wait_for_url(f"**/conveyor/{line.pk}/")
    assert page.inner_text("[data-testid=throughput] strong") == "280"
    assert "Binding and gluing" in page.inner_text("[data-testid=bottleneck] strong")
    assert page.locator("[data-testid=bottleneck-box]").count() == 1
    advice = page.inner_text("[data-testid=advice]")
    assert "needs 4 workers at 35 hours each: 2 more" in advice
    shot(page, "conveyor-line-detail-360")
    _no_sideways_scroll(page)

    page.click("a.button.primary:has-text('Record a week')")
    page.goto(f"/conveyor/{line.pk}/week/?week=2025-10-15")
    assert "Monday 13-10-2025" in page.inner_text("main")
    values = [("7040", "3", "40"), ("620", "2", "40"), ("275", "0", "35"), ("290", "1", "20")]
    for stage, (produced, workers, hours) in zip(stages, values, strict=True):
        page.fill(f"#produced-{stage.pk}", produced)
        page.fill(f"#workers-{stage.pk}", workers)
        page.fill(f"#hours-{stage.pk}", hours)
    page.click("button[type=submit].primary")
    assert "no workers or no hours" in page.inner_text(".errors")
    assert page.input_value(f"#produced-{stages[2].pk}") == "275"  # what was typed is kept
    page.fill(f"#workers-{stages[2].pk}", "2")
    shot(page, "conveyor-week-entry-360")
    _no_sideways_scroll(page)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**/conveyor/{line.pk}/")
    assert WeeklyFlow.objects.filter(week=dt.date(2025, 10, 13)).count() == 4
    main = page.inner_text("main")
    assert "530 shuttlecocks finished in 2 weeks" in main
    assert page.locator("[data-testid=weekly-chart] svg").count() == 1
    shot(page, "conveyor-line-weeks-360")
    _no_sideways_scroll(page)
