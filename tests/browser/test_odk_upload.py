"""A facilitator on a phone downloads the visit-log XLSForm, uploads an ODK Central export, sees the
preview counts and why a row is rejected, ingests it, and finds the rejected row with its reason."""

import io
from pathlib import Path

from openpyxl import load_workbook

from berdaya.fieldwork.mentoring.models import Visit
from berdaya.fieldwork.odk.models import Submission
from berdaya.fieldwork.odk.xlsform import spec_for

EXPORT = Path(__file__).resolve().parents[1] / "fieldwork" / "odk" / "fixtures" / "odk_central_visits.csv"


def _export(world) -> str:
    values = {
        "VERSION": spec_for("visit", world.alpha.pk).version,
        "PROGRAMME": world.alpha.pk,
        "MENTOR": world.staff.pk,
        "GROUP_A": world.group_a.pk,
        "PERSON_A2": world.people_a[1].pk,
    }
    text = EXPORT.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@{key}@", str(value))
    return text


def test_download_form_upload_export_and_see_counts(page, world, login, shot, tmp_path):
    login(page, "facilitator")
    page.goto("/field-forms/")
    row = page.locator(f"tr[data-form='visit:{world.alpha.pk}']")
    with page.expect_download() as info:
        row.locator("[data-testid=download-xlsx]").click()
    download = info.value
    assert download.suggested_filename == f"berdaya_visit_p{world.alpha.pk}.xlsx"
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert book.sheetnames == ["survey", "choices", "settings"]
    shot(page, "odk-forms-360")

    path = tmp_path / "berdaya_visit_export.csv"
    path.write_text(_export(world), encoding="utf-8")
    row.get_by_role("link", name="Upload").click()
    page.set_input_files("input[name=file]", str(path))
    page.click("form.form button[type=submit].primary")
    page.wait_for_load_state()
    assert page.locator("[data-testid=count-rows]").inner_text() == "8"
    assert page.locator("[data-testid=count-mapped]").inner_text() == "2"
    assert page.locator("[data-testid=count-rejected]").inner_text() == "5"
    assert page.locator("[data-testid=count-duplicates]").inner_text() == "1"
    assert "is not a date: “31/09/2025”" in page.locator("main").inner_text()
    shot(page, "odk-upload-preview-360")
    assert not Submission.objects.exists()

    page.get_by_role("button", name="Ingest the file").click()
    page.wait_for_load_state()
    assert page.locator("[data-testid=count-mapped]").inner_text() == "2"
    assert Visit.objects.count() == 2 and Submission.objects.count() == 7
    shot(page, "odk-batch-360")

    page.goto("/field-forms/submissions/?status=rejected&q=g999999")
    page.locator("tbody a").first.click()
    page.wait_for_load_state()
    assert "not in this form's list" in page.locator("[data-testid=reason]").inner_text()
    shot(page, "odk-submission-360")
