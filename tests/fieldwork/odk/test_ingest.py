"""Ingestion of real-shaped exports: duplicated, malformed and partial submissions, nothing lost.

For every file: each row ends as exactly one stored Submission (recorded or rejected with its reason)
or as a counted duplicate; reading the same file again records nothing new.
"""

import pytest

from berdaya.core.errors import ServiceError
from berdaya.fieldwork.mentoring.models import Visit
from berdaya.fieldwork.odk import services
from berdaya.fieldwork.odk.models import ImportBatch, Submission
from berdaya.fieldwork.pra.models import DotVote
from berdaya.fieldwork.training.models import SessionAttendance

# file → (form, rows, mapped, rejected, duplicates)
EXPECTED = {
    "odk_central_visits.csv": ("visit", 8, 2, 5, 1),
    "kobo_visits.csv": ("visit", 4, 1, 2, 1),
    "kobo_pra_votes.json": ("pra_vote", 5, 2, 2, 1),
    "kobo_pra_votes.xlsx": ("pra_vote", 5, 1, 2, 2),
    "odk_central_attendance.json": ("attendance", 5, 1, 3, 1),
}


def _ingest(specs, export, name, user, **kwargs):
    kind = EXPECTED[name][0]
    return services.ingest_file(
        spec=specs[kind], file_name=name, data=export(name), acting_user=user, **kwargs
    )


def _accounted(result):
    """Every row is one submission of the batch or a counted duplicate."""
    kept = Submission.objects.filter(batch_id=result.batch_id).count()
    assert result.rows == kept + result.duplicates == len(result.outcomes)
    assert result.rows == result.mapped + result.rejected + result.duplicates


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["odk_central_visits.csv", "kobo_visits.csv", "kobo_pra_votes.json",
                                  "odk_central_attendance.json"])  # fmt: skip
def test_every_row_is_accounted_for_and_reingesting_records_nothing(world, specs, export, name):
    user = world.users["facilitator"]
    _kind, rows, mapped, rejected, dups = EXPECTED[name]
    result = _ingest(specs, export, name, user)
    assert (result.rows, result.mapped, result.rejected, result.duplicates) == (rows, mapped, rejected, dups)
    _accounted(result)
    counts = (Visit.objects.count(), DotVote.objects.count(), SessionAttendance.objects.count())
    stored = Submission.objects.count()

    again = _ingest(specs, export, name, user)
    assert again.mapped == 0
    # recorded ones, in-file repeats and id-less rows kept before are "already received"; rejected ones
    # with an id are tried again, fail again, and stay the same rows
    assert again.duplicates + again.rejected == rows
    with_id = Submission.objects.filter(status="rejected").exclude(instance_id="").count()
    assert again.rejected == with_id
    assert (Visit.objects.count(), DotVote.objects.count(), SessionAttendance.objects.count()) == counts
    assert Submission.objects.count() == stored
    _accounted(again)


@pytest.mark.django_db
def test_odk_central_visits_reasons(world, specs, export):
    result = _ingest(specs, export, "odk_central_visits.csv", world.users["facilitator"])
    by_row = {o.row: o for o in result.outcomes}
    assert by_row[2].outcome == by_row[3].outcome == "mapped"
    assert by_row[4].outcome == "duplicate" and "earlier in this file" in by_row[4].reason
    assert "is not a date: “31/09/2025”" in by_row[5].reason
    assert "“g999999”, which is not in this form's list" in by_row[6].reason
    assert "“Mentor” is missing" in by_row[7].reason
    assert "must come after this one" in by_row[8].reason  # the mentoring service's own message
    assert "has no submission id" in by_row[9].reason
    visit = Visit.objects.get(idempotency_key="odk:6f1c2e0a-3b7d-4e58-9a41-0c2d7f1e8a01")
    assert visit.group == world.group_a and visit.technique == "discussion"
    assert [a.text for a in visit.actions.order_by("pk")] == [
        "Catat kas harian",
        "Kumpulkan iuran wajib Rp10.000",
    ]
    home = Visit.objects.get(person=world.people_a[1])
    assert home.technique == "home_visit" and home.issues == "Pinjaman ke juragan (ijon)"
    sub = Submission.objects.get(instance_id="6f1c2e0a-3b7d-4e58-9a41-0c2d7f1e8a01")
    assert sub.raw["visit-productive_topics"].startswith("Pembukuan kas")  # the row as exported
    assert sub.object_type == "mentoring.visit" and sub.object_id == visit.pk
    assert sub.form_version == specs["visit"].version
    assert sub.submitted_at.isoformat().startswith("2025-10-06T09:14:27")


@pytest.mark.django_db
def test_kobo_pra_votes_from_json_then_xlsx(world, field, specs, export):
    user = world.users["facilitator"]
    first = _ingest(specs, export, "kobo_pra_votes.json", user)
    by_row = {o.row: o for o in first.outcomes}
    assert "cast 5 dots; each participant has 3 dots" in by_row[3].reason
    assert "made with another form" in by_row[4].reason
    modal = field.problems[0]
    assert sorted(DotVote.objects.filter(problem=modal).values_list("dots", flat=True)) == [2, 3]
    second = _ingest(specs, export, "kobo_pra_votes.xlsx", user)
    by_row = {o.row: o for o in second.outcomes}
    assert by_row[2].outcome == "mapped"  # 1 + 1 + 1 dots from a spreadsheet's number cells
    assert "not a whole number: “dua”" in by_row[3].reason
    assert "“Participant” is missing" in by_row[4].reason
    assert by_row[5].outcome == "duplicate" and "earlier in this file" in by_row[5].reason
    assert by_row[6].outcome == "duplicate" and "Already received on" in by_row[6].reason  # from the JSON
    _accounted(second)


@pytest.mark.django_db
def test_attendance_json(world, field, specs, export):
    result = _ingest(specs, export, "odk_central_attendance.json", world.users["facilitator"])
    by_row = {o.row: o for o in result.outcomes}
    assert "p999999" in by_row[2].reason
    assert "“Training session” is missing" in by_row[3].reason
    assert "not a submission" in by_row[5].reason
    first = field.sessions[0]
    present = dict(SessionAttendance.objects.filter(session=first).values_list("person_id", "present"))
    a1, a2, a3 = (p.pk for p in world.people_a[:3])
    assert present == {a1: True, a2: True, a3: False}
    # the rejected row recorded nothing for the second session (its own savepoint)
    assert not SessionAttendance.objects.filter(session=field.sessions[1]).exists()
    kept = Submission.objects.get(batch_id=result.batch_id, row_number=5)
    assert kept.raw == {
        "_not_a_submission": "uuid:3c5e7a90-2b4d-4f6a-8c0e-1a3b5c7d9e15 truncated by the relay"
    }


@pytest.mark.django_db
def test_dry_run_saves_nothing_but_counts_the_same(world, specs, export):
    preview = _ingest(specs, export, "odk_central_visits.csv", world.users["facilitator"], dry_run=True)
    assert (preview.rows, preview.mapped, preview.rejected, preview.duplicates) == (8, 2, 5, 1)
    assert preview.batch_id is None
    assert not Submission.objects.exists() and not Visit.objects.exists() and not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_a_rejected_submission_sent_again_corrected_is_recorded_and_keeps_the_old_copy(world, specs, export):
    user = world.users["facilitator"]
    _ingest(specs, export, "odk_central_visits.csv", user)
    bad = Submission.objects.get(instance_id="0c9e7d21-5a44-4f1b-8e3a-7b6c5d4e3f03")
    assert bad.status == "rejected"
    fixed = dict(bad.raw, **{"visit-visited_on": "2025-09-30"})
    result = services.ingest(spec=specs["visit"], rows=[(1, fixed)], source="api", acting_user=user)
    assert (result.mapped, result.duplicates) == (1, 0)
    bad.refresh_from_db()
    assert bad.status == "mapped" and bad.reason == "" and bad.attempts == 2
    assert bad.earlier_raw[0]["visit-visited_on"] == "31/09/2025"
    assert Visit.objects.filter(visited_on="2025-09-30").count() == 1


@pytest.mark.django_db
def test_retry_after_the_cause_is_fixed(world, field, specs, export):
    from berdaya.fieldwork.training import services as training

    user = world.users["facilitator"]
    result = services.ingest(
        spec=specs["attendance"],
        rows=[(1, {"meta": {"instanceID": "uuid:late-1"}, "attendance": {"session": f"s{field.sessions[2].pk}",
                                                                          "present": f"p{world.people_a[3].pk}"}})],
        source="api",
        acting_user=user,
    )  # fmt: skip
    sub = Submission.objects.get(pk=result.outcomes[0].submission_id)
    assert sub.status == "rejected" and "not in this form's list" in sub.reason
    training.add_participants(training=field.training, people=[world.people_a[3]], acting_user=user)
    sub = services.retry_submission(submission=sub, acting_user=user)
    assert sub.status == "mapped"
    assert SessionAttendance.objects.get(session=field.sessions[2], person=world.people_a[3]).present
    with pytest.raises(ServiceError, match="already recorded"):
        services.retry_submission(submission=sub, acting_user=user)


@pytest.mark.django_db
def test_unreadable_files_are_refused_whole(world, specs):
    user = world.users["facilitator"]
    for name, data, message in [
        ("empty.csv", b"", "empty"),
        ("export.json", b"{not json", "cannot be read"),
        ("export.json", b'{"rows": []}', "neither"),
        ("header.csv", b"SubmissionDate,meta-instanceID\n", "no data rows"),
    ]:
        with pytest.raises(ServiceError, match=message):
            services.ingest_file(spec=specs["visit"], file_name=name, data=data, acting_user=user)
    assert not Submission.objects.exists() and not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_a_row_cut_in_the_middle_is_kept_and_rejected(world, specs):
    data = b"SubmissionDate,visit-visited_on,meta-instanceID\n2025-10-01T00:00:00Z,2025-10-01,uuid:x1,extra,cells\n"
    result = services.ingest_file(
        spec=specs["visit"], file_name="cut.csv", data=data, acting_user=world.users["admin"]
    )
    assert result.rejected == 1 and "more cells than the file has columns" in result.outcomes[0].reason
    assert Submission.objects.get().raw["_extra_cells"] == ["extra", "cells"]


@pytest.mark.django_db
def test_ingest_is_audited(world, specs, export):
    from berdaya.audit.models import AuditEntry

    result = _ingest(specs, export, "kobo_visits.csv", world.users["facilitator"])
    entry = AuditEntry.objects.get(action="import", object_type="odk.importbatch")
    assert entry.object_id == str(result.batch_id) or entry.object_id == result.batch_id
    assert entry.programme_id == world.alpha.pk


@pytest.mark.django_db
def test_a_database_refusal_rejects_the_row_not_the_file(world, specs, export, monkeypatch):
    from django.db import DataError

    from berdaya.fieldwork.odk import mappers

    real = mappers.map_visit

    def flaky(spec, fields, *, instance_id, acting_user):
        if fields.get("visit_to") == "person":
            raise DataError("value too long for type character varying(10)")
        return real(spec, fields, instance_id=instance_id, acting_user=acting_user)

    monkeypatch.setitem(services.MAPPERS, "visit", flaky)
    result = _ingest(specs, export, "odk_central_visits.csv", world.users["admin"])
    by_row = {o.row: o for o in result.outcomes}
    assert by_row[2].outcome == "mapped"
    assert by_row[3].outcome == "rejected" and "database refused the record" in by_row[3].reason
    _accounted(result)
