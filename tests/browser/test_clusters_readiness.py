"""The Kediri programme's manager opens the Bandar Kidul ikat sentra on a 360 px phone, runs a readiness
assessment and sees pass, fail and unknown with the evidence (seed 001: 15 weavers, no turnover figure)."""

import datetime as dt

from berdaya.clusters import services
from berdaya.clusters.models import ReadinessAssessment


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 362


def test_assess_bandar_kidul_on_a_phone(page, world, login, shot):
    user = world.users["outsider"]  # manager of Beta, the Kediri programme
    sentra = services.create_sentra(
        programme=world.beta,
        name="Sentra Industri Tenun Ikat Bandar Kidul",
        product_type="tenun ikat",
        place=world.kediri,
        founded_year=1946,
        acting_user=user,
    )
    for year, values in [
        (1946, {"units": 1, "craftsmen": 1, "tools": 1}),
        (1970, {"units": 50, "craftsmen": 50, "tools": 150}),
        (1995, {"units": 30, "craftsmen": 30}),
        (2025, {"units": 15, "craftsmen": 15}),
    ]:
        services.record_year(sentra=sentra, year=year, acting_user=user, **values)
    for kind in ("electricity", "transport", "telecom", "clean_water"):
        services.record_infrastructure(
            sentra=sentra, kind=kind, adequacy="adequate", assessed_on=dt.date(2025, 4, 10), acting_user=user
        )

    login(page, "outsider")
    page.goto("/sentra/")
    page.click("text=Sentra Industri Tenun Ikat Bandar Kidul")
    page.wait_for_url(f"**/sentra/{sentra.pk}/")
    assert "Not assessed yet" in page.inner_text("#readiness")
    assert page.locator("#history svg polyline").count() == 3
    _no_sideways_scroll(page)
    shot(page, "clusters-sentra-hub-360")

    page.click("[data-testid=assess]")
    page.wait_for_url(f"**/sentra/{sentra.pk}/readiness/new/")
    assert page.input_value("input[name=units_value]") == "15"
    assert "History 2025: 15 units" in page.input_value("textarea[name=units_evidence]")
    assert page.input_value("select[name=infrastructure_value]") == "yes"
    page.select_option("select[name=technology_value]", "yes")
    page.fill("textarea[name=technology_evidence]", "Perguruan tinggi membuat alat penghitung ukelan benang")
    page.select_option("select[name=market_network_value]", "yes")
    page.fill(
        "textarea[name=market_network_evidence]", "Kediri, Tulungagung, Blitar, Nganjuk; seragam pemkot"
    )
    page.select_option("select[name=financial_institution_value]", "yes")  # no evidence typed
    _no_sideways_scroll(page)
    shot(page, "clusters-readiness-form-360")
    page.click("button[type=submit].primary")

    a = ReadinessAssessment.objects.get()
    page.wait_for_url(f"**/sentra/readiness/{a.pk}/")
    assert page.inner_text("[data-testid=verdict-units]") == "Fail"
    assert page.inner_text("[data-testid=verdict-turnover]") == "Unknown"
    assert page.inner_text("[data-testid=verdict-technology]") == "Pass"
    assert page.inner_text("[data-testid=verdict-infrastructure]") == "Pass"
    assert page.inner_text("[data-testid=verdict-financial_institution]") == "Unknown"
    body = page.inner_text("body")
    assert "15 is below the minimum of 30." in body
    assert "A value was given without evidence, so it is unknown, not a pass." in body
    assert "Sentra UKM" in page.inner_text("[data-testid=level]")
    shot(page, "clusters-readiness-result-360")

    page.goto(f"/sentra/{sentra.pk}/")
    assert "not yet a Sentra UKM Unggulan" in page.inner_text("[data-testid=level]")
    assert "ukelan" in page.inner_text("#readiness")
    _no_sideways_scroll(page)
    shot(page, "clusters-sentra-assessed-360")
