"""Pulling from ODK Central and KoboToolbox, with a fake server (no network in tests)."""

import json
import urllib.parse

import pytest
from django.core.management import call_command

from berdaya.core.errors import ServiceError
from berdaya.fieldwork.odk import services
from berdaya.fieldwork.odk.models import FormSource, Submission
from berdaya.fieldwork.training.models import SessionAttendance


def _source(world, field, server, **extra):
    return services.save_source(
        programme=world.alpha,
        acting_user=world.users["facilitator"],
        token="central-secret-token-9f3a",
        name="Central Lombok",
        server=server,
        form_kind="attendance",
        scope_id=field.training.pk,
        base_url="https://central.berdaya.example/",
        project="4" if server == "odk_central" else "aKq9vTz3Lm2Xp7",
        remote_form_id=f"berdaya_attendance_t{field.training.pk}",
        **extra,
    )


class FakeServer:
    """Answers with the given pages in turn; a page may be an exception to raise."""

    def __init__(self, pages):
        self.pages = list(pages)
        self.calls: list[tuple[str, dict]] = []

    def __call__(self, url, headers):
        self.calls.append((url, headers))
        page = self.pages.pop(0)
        if isinstance(page, Exception):
            raise page
        return page


def _central_rows(export):
    rows = json.loads(export("odk_central_attendance.json"))["value"]
    return [r for r in rows if isinstance(r, dict)]


@pytest.mark.django_db
def test_odk_central_pull_is_incremental_and_paginated(world, field, export):
    source = _source(world, field, "odk_central")
    rows = _central_rows(export)
    fake = FakeServer([
        {"value": rows[:2], "@odata.nextLink": "https://central.berdaya.example/next?$skiptoken=abc"},
        {"value": rows[2:]},
    ])  # fmt: skip
    result = services.pull(source=source, acting_user=world.users["facilitator"], fetch=fake)
    assert (result.rows, result.mapped, result.rejected, result.duplicates) == (4, 1, 2, 1)
    first_url, headers = fake.calls[0]
    assert headers["Authorization"] == "Bearer central-secret-token-9f3a"
    assert f"/v1/projects/4/forms/berdaya_attendance_t{field.training.pk}.svc/Submissions" in first_url
    assert "%24filter" not in first_url and "$filter" not in first_url  # first pull: everything
    assert fake.calls[1][0].endswith("$skiptoken=abc")
    source.refresh_from_db()
    assert source.last_marker == "2025-09-17T09:02:05.977Z" and source.last_error == ""
    assert SessionAttendance.objects.filter(present=True).count() == 2

    again = FakeServer([{"value": []}])
    assert services.pull(source=source, acting_user=world.users["facilitator"], fetch=again).rows == 0
    query = urllib.parse.unquote(again.calls[0][0])
    assert "$filter=__system/submissionDate gt 2025-09-17T09:02:05.977Z" in query


@pytest.mark.django_db
def test_kobo_pull_asks_for_newer_than_the_marker(world, field, export):
    source = _source(world, field, "kobo")
    source.last_marker = "2025-09-01T00:00:00"
    source.save()
    rows = json.loads(export("kobo_pra_votes.json"))["results"]
    for row in rows:  # the same rows, as an attendance form would not carry them: all rejected, all kept
        row.pop("scope")
    fake = FakeServer([{"count": 5, "next": None, "results": rows}])
    result = services.pull(source=source, acting_user=world.users["admin"], fetch=fake)
    url, headers = fake.calls[0]
    assert headers["Authorization"] == "Token central-secret-token-9f3a"
    assert "/api/v2/assets/aKq9vTz3Lm2Xp7/data/" in url
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert json.loads(query["query"][0]) == {"_submission_time": {"$gt": "2025-09-01T00:00:00"}}
    assert result.rows == 5 and result.rejected == 4 and result.duplicates == 1
    source.refresh_from_db()
    assert source.last_marker == "2025-09-02T03:18:20"


@pytest.mark.django_db
def test_a_failure_part_way_keeps_the_marker_at_the_last_good_page(world, field, export):
    source = _source(world, field, "odk_central")
    rows = _central_rows(export)
    fake = FakeServer([{"value": rows[:1], "@odata.nextLink": "https://x/next"}, OSError("connection reset")])
    with pytest.raises(ServiceError, match="could not be reached"):
        services.pull(source=source, acting_user=world.users["facilitator"], fetch=fake)
    source.refresh_from_db()
    assert source.last_marker == "2025-09-15T08:31:12.044Z"  # page 1 is in, and its marker
    assert "connection reset" in source.last_error
    assert Submission.objects.count() == 1
    # the next pull starts after page 1 and re-reading overlapping rows records nothing twice
    retry = FakeServer([{"value": rows}])
    result = services.pull(source=source, acting_user=world.users["facilitator"], fetch=retry)
    assert result.duplicates == 2 and Submission.objects.count() == 3


@pytest.mark.django_db
def test_a_garbled_answer_is_an_error_not_a_lost_page(world, field):
    source = _source(world, field, "odk_central")
    with pytest.raises(ServiceError, match="not a list of submissions"):
        services.pull(source=source, acting_user=world.users["admin"], fetch=FakeServer([{"error": 401}]))
    source.refresh_from_db()
    assert source.last_marker == "" and "not a list" in source.last_error


@pytest.mark.django_db
def test_source_validation_and_token_never_in_the_audit_log(world, field):
    from berdaya.audit.models import AuditEntry

    with pytest.raises(ServiceError, match="project number"):
        services.save_source(
            programme=world.alpha, acting_user=world.users["admin"], token="t" * 20, name="x",
            server="odk_central", form_kind="attendance", scope_id=field.training.pk,
            base_url="https://c.example", project="abc", remote_form_id="f",
        )  # fmt: skip
    source = _source(world, field, "odk_central")
    assert source.masked_token == "••••9f3a"
    changed = services.save_source(programme=world.alpha, source=source, acting_user=world.users["admin"],
                                   name="Central NTB")  # fmt: skip
    assert changed.token == "central-secret-token-9f3a"  # empty token keeps the stored one
    assert "central-secret" not in json.dumps(list(AuditEntry.objects.values_list("changes", flat=True)))


@pytest.mark.django_db
def test_management_command_pulls_active_sources(world, field, monkeypatch):
    source = _source(world, field, "odk_central")
    FormSource.objects.create(**{**{f.name: getattr(source, f.name) for f in FormSource._meta.concrete_fields
                                    if f.name not in ("id", "created_at")}, "active": False, "name": "off"})  # fmt: skip
    seen = []

    def fake_pull(*, source, acting_user, fetch=None):
        seen.append(source.name)
        return services.IngestResult(batch_id=None)

    monkeypatch.setattr(services, "pull", fake_pull)
    call_command("pull_field_forms")
    assert seen == ["Central Lombok"]
