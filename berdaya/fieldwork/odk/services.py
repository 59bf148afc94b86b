"""Every write of the field-forms app: ingest submissions, retry one, configure a server, pull from it.

The promise: every row of every export ends as exactly one ``Submission`` (mapped, or rejected with a
reason) or as a counted duplicate ("already received"); nothing is dropped and nothing is recorded
twice. Each row is mapped inside its own savepoint, so one bad row never undoes the others, and the
target apps' services do the recording (``mentoring.record_visit``, ``pra.cast_dot_votes``,
``training.record_attendance``).
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from berdaya.audit.log import record, snapshot
from berdaya.core.errors import ServiceError

from . import exports
from .mappers import MAPPERS, Rejected, check_scope
from .models import FormSource, ImportBatch, Submission
from .xlsform import FormSpec, spec_for

PAGE_SIZE = 250  # submissions asked per page when pulling; servers cap it themselves too
Fetch = Callable[[str, dict], object]


@dataclass
class Outcome:
    row: int | None
    instance_id: str
    outcome: str  # mapped | rejected | duplicate
    reason: str = ""
    submission_id: int | None = None


@dataclass
class IngestResult:
    batch_id: int | None
    rows: int = 0
    mapped: int = 0
    rejected: int = 0
    duplicates: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict:
        return {
            "batch_id": self.batch_id,
            "rows": self.rows,
            "mapped": self.mapped,
            "rejected": self.rejected,
            "duplicates": self.duplicates,
            "dry_run": self.dry_run,
            "outcomes": [o.__dict__ for o in self.outcomes],
        }


class _DryRun(Exception):
    """Raised to roll the whole dry run back after it has been counted."""


def _map(submission: Submission, spec: FormSpec, acting_user) -> None:
    """Map one stored submission, or mark it rejected with the reason; never raises for bad data."""
    norm = exports.normalise(submission.raw)
    submission.attempts += 1
    reason = norm.error
    if not reason:
        try:
            check_scope(spec, norm.fields)
            with transaction.atomic():  # the row's savepoint: a refused row leaves nothing behind
                object_type, object_id = MAPPERS[spec.kind](
                    spec, norm.fields, instance_id=submission.instance_id, acting_user=acting_user
                )
        except Rejected as e:
            reason = e.reason
        except ServiceError as e:
            reason = e.message
        except ValidationError as e:
            reason = "; ".join(e.messages)
        except IntegrityError:
            reason = _("The record conflicts with one already saved (it may have been entered by hand).")
        except DatabaseError as e:
            # The savepoint has undone this row only; keep it, rejected, rather than lose the whole file.
            reason = _("The database refused the record: %(error)s") % {"error": str(e).strip()[:300]}
    if reason:
        submission.status, submission.reason = Submission.Status.REJECTED, reason
        submission.object_type, submission.object_id = "", None
    else:
        submission.status, submission.reason = Submission.Status.MAPPED, ""
        submission.object_type, submission.object_id = object_type, object_id
    submission.save(update_fields=["status", "reason", "object_type", "object_id", "attempts", "updated_at"])


def ingest(
    *,
    spec: FormSpec,
    rows: Iterable[tuple[int | None, object]],
    source: str,
    acting_user,
    filename: str = "",
    form_source: FormSource | None = None,
    dry_run: bool = False,
) -> IngestResult:
    """Store and map every row (``(row number, raw row)``) of one form's export.

    A row whose submission id was already received is counted as a duplicate and left alone, unless the
    stored one was rejected: then the new copy replaces it (the old one is kept in ``earlier_raw``) and
    is mapped again. A dry run does everything, counts it, and rolls it all back.
    """
    rows = list(rows)
    result = IngestResult(batch_id=None, dry_run=dry_run)
    try:
        with transaction.atomic():
            _ingest(spec, rows, source, acting_user, filename, form_source, result)
            if dry_run:
                raise _DryRun
    except _DryRun:
        result.batch_id = None
    return result


def _ingest(spec, rows, source, acting_user, filename, form_source, result: IngestResult) -> None:
    batch = ImportBatch.objects.create(
        programme=spec.programme,
        form_kind=spec.kind,
        form_id=spec.form_id,
        source=source,
        filename=filename[:200],
        form_source=form_source,
        user=acting_user if getattr(acting_user, "pk", None) else None,
    )
    normalised = []
    for number, raw in rows:
        raw = raw if isinstance(raw, dict) else {exports.NOT_AN_OBJECT: raw}
        normalised.append((number, raw, exports.normalise(raw), exports.fingerprint(raw)))
    ids = {norm.instance_id[:100] for _n, _r, norm, _f in normalised if norm.instance_id}
    prints = {fp for _n, _r, norm, fp in normalised if not norm.instance_id}
    existing = {
        s.instance_id: s
        for s in Submission.objects.select_for_update().filter(form_id=spec.form_id, instance_id__in=ids)
    }
    # Rows without an id: the same content already kept is the same row read again.
    known_prints = dict(
        Submission.objects.filter(form_id=spec.form_id, instance_id="", fingerprint__in=prints).values_list(
            "fingerprint", "received_at"
        )
    )
    seen: set[str] = set()
    for number, raw, norm, fp in normalised:
        iid = norm.instance_id[:100]
        key = iid or f"fp:{fp}"
        result.rows += 1
        previous = existing.get(iid) if iid else None
        if (
            key in seen
            or (previous and previous.status == Submission.Status.MAPPED)
            or (not iid and fp in known_prints)
        ):
            if key in seen:
                reason = _("Already received earlier in this file.")
            else:
                when = previous.received_at if previous else known_prints[fp]
                reason = _("Already received on %(date)s.") % {
                    "date": timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
                }
            result.duplicates += 1
            result.outcomes.append(
                Outcome(number, iid, "duplicate", reason, previous.pk if previous else None)
            )
            seen.add(key)
            continue
        seen.add(key)
        if previous is not None:  # sent again after a rejection: keep what came before, try again
            if previous.raw != raw:
                previous.earlier_raw = [*previous.earlier_raw, previous.raw]
                previous.raw, previous.fingerprint = raw, fp
            previous.batch, previous.row_number, previous.source = batch, number, source
            previous.submitted_at = norm.submitted_at or previous.submitted_at
            previous.form_version = norm.form_version[:50]
            previous.save(
                update_fields=[
                    "raw",
                    "fingerprint",
                    "earlier_raw",
                    "batch",
                    "row_number",
                    "source",
                    "submitted_at",
                    "form_version",
                ]
            )
            submission = previous
        else:
            try:
                with transaction.atomic():
                    submission = _create(spec, iid, raw, fp, norm, number, source, batch)
            except IntegrityError:  # another upload or pull stored the same id a moment ago
                result.duplicates += 1
                reason = _("Already received by another upload at the same time.")
                result.outcomes.append(Outcome(number, iid, "duplicate", reason, None))
                continue
        _map(submission, spec, acting_user)
        if submission.status == Submission.Status.MAPPED:
            result.mapped += 1
        else:
            result.rejected += 1
        result.outcomes.append(Outcome(number, iid, submission.status, submission.reason, submission.pk))
    batch.rows, batch.mapped, batch.rejected, batch.duplicates = (
        result.rows,
        result.mapped,
        result.rejected,
        result.duplicates,
    )
    batch.save(update_fields=["rows", "mapped", "rejected", "duplicates"])
    result.batch_id = batch.pk
    record(
        actor=acting_user,
        action="import",
        obj=batch,
        after=snapshot(batch),
        note=_("%(rows)s rows: %(mapped)s mapped, %(rejected)s rejected, %(dup)s already received")
        % {
            "rows": result.rows,
            "mapped": result.mapped,
            "rejected": result.rejected,
            "dup": result.duplicates,
        },
    )


def _create(spec, iid, raw, fp, norm, number, source, batch) -> Submission:
    return Submission.objects.create(
        programme=spec.programme,
        form_kind=spec.kind,
        scope_id=spec.scope_id,
        form_id=spec.form_id,
        form_version=norm.form_version[:50],
        instance_id=iid,
        raw=raw,
        fingerprint=fp,
        row_number=number,
        submitted_at=norm.submitted_at,
        source=source,
        batch=batch,
    )


def ingest_file(
    *, spec: FormSpec, file_name: str, data: bytes, acting_user, dry_run: bool = False
) -> IngestResult:
    """Ingest an export file (ODK Central or Kobo, CSV, XLSX or JSON) of the form ``spec``."""
    rows = exports.read_export(file_name, data)
    return ingest(
        spec=spec,
        rows=rows,
        source=ImportBatch.Source.FILE,
        acting_user=acting_user,
        filename=file_name,
        dry_run=dry_run,
    )


@transaction.atomic
def retry_submission(*, submission: Submission, acting_user) -> Submission:
    """Map a rejected submission again (after its group, participant or session was fixed)."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status == Submission.Status.MAPPED:
        raise ServiceError(
            _("This submission is already recorded; there is nothing to retry."), code="mapped"
        )
    before = {"status": submission.status, "reason": submission.reason}
    _map(submission, spec_for(submission.form_kind, submission.scope_id), acting_user)
    record(
        actor=acting_user,
        action="update",
        obj=submission,
        before=before,
        after={"status": submission.status, "reason": submission.reason},
    )
    return submission


# --- servers ----------------------------------------------------------------------------------------

SOURCE_FIELDS = ("name", "server", "form_kind", "scope_id", "base_url", "project", "remote_form_id", "active")


def _source_snapshot(source: FormSource) -> dict:
    data = snapshot(source)
    data["token"] = source.masked_token  # the audit log must never hold the secret
    return data


def _check_source(source: FormSource) -> None:
    errors = {}
    if source.server == FormSource.Server.ODK_CENTRAL:
        if not source.project.isdigit():
            errors["project"] = _("ODK Central projects are numbered; give the project number.")
        if not source.remote_form_id:
            errors["remote_form_id"] = _("Give the form's id on ODK Central (its xmlFormId).")
    elif not source.project:
        errors["project"] = _("Give the form's asset uid on KoboToolbox.")
    if not source.token:
        errors["token"] = _("Give the access token the server issued.")
    if errors:
        raise ServiceError(next(iter(errors.values())), field_errors=errors)


@transaction.atomic
def save_source(
    *, programme, acting_user, source: FormSource | None = None, token: str = "", **changes
) -> FormSource:
    """Create or change a form server. An empty ``token`` on a change keeps the stored one."""
    unknown = set(changes) - set(SOURCE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    creating = source is None
    before = {} if creating else _source_snapshot(source)
    source = source or FormSource(programme=programme)
    for name, value in changes.items():
        setattr(source, name, value)
    if token:
        source.token = token.strip()
    source.base_url = (source.base_url or "").rstrip("/")
    _check_source(source)
    source.save()
    record(actor=acting_user, action="create" if creating else "update", obj=source,
           before=before, after=_source_snapshot(source))  # fmt: skip
    return source


def _urlopen_json(url: str, headers: dict) -> object:
    request = urllib.request.Request(url, headers={"Accept": "application/json", **headers})
    with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310 (the URL is an https setting)
        return json.loads(answer.read().decode("utf-8"))


def first_page_url(source: FormSource) -> str:
    """The incremental query: only submissions newer than the marker, oldest first."""
    base = source.base_url.rstrip("/")
    if source.server == FormSource.Server.ODK_CENTRAL:
        params = {"$top": str(PAGE_SIZE), "$orderby": "__system/submissionDate asc", "$count": "true"}
        if source.last_marker:
            params["$filter"] = f"__system/submissionDate gt {source.last_marker}"
        path = (
            f"/v1/projects/{source.project}/forms/{urllib.parse.quote(source.remote_form_id)}.svc/Submissions"
        )
        return f"{base}{path}?{urllib.parse.urlencode(params, quote_via=urllib.parse.quote)}"
    params = {"format": "json", "limit": str(PAGE_SIZE), "sort": json.dumps({"_submission_time": 1})}
    if source.last_marker:
        params["query"] = json.dumps({"_submission_time": {"$gt": source.last_marker}})
    return f"{base}/api/v2/assets/{urllib.parse.quote(source.project)}/data/?{urllib.parse.urlencode(params)}"


def _headers(source: FormSource) -> dict:
    if source.server == FormSource.Server.ODK_CENTRAL:
        return {"Authorization": f"Bearer {source.token}"}
    return {"Authorization": f"Token {source.token}"}


def _marker(raw, current: str) -> str:
    if not isinstance(raw, dict):
        return current
    system = raw.get("__system") if isinstance(raw.get("__system"), dict) else {}
    value = str(system.get("submissionDate") or raw.get("_submission_time") or "")
    # Both servers write ISO times in one zone, so text order is time order.
    return value if value > current else current


def pull(
    *, source: FormSource, acting_user, fetch: Fetch | None = None, max_pages: int = 200
) -> IngestResult:
    """Fetch the submissions newer than the source's marker, page by page, and ingest each page.

    The marker moves forward only after a page has been ingested and committed, so a failure part-way
    (network, server error) loses nothing: the next pull asks again from the last good page. Rows seen
    twice are duplicates by their submission id anyway.
    """
    fetch = fetch or _urlopen_json
    spec = spec_for(source.form_kind, source.scope_id)
    total = IngestResult(batch_id=None)
    url: str | None = first_page_url(source)
    pages = 0
    while url and pages < max_pages:
        pages += 1
        try:
            doc = fetch(url, _headers(source))
            items, url = exports.page_of(doc)
        except ServiceError as e:
            _pull_failed(source, e.message)
            raise
        except (OSError, ValueError) as e:  # URLError, HTTPError and timeouts are OSErrors
            message = _("The server could not be reached or answered wrongly: %(error)s") % {
                "error": str(e)[:300]
            }
            _pull_failed(source, message)
            raise ServiceError(message, code="server") from None
        if not items:
            break
        with transaction.atomic():
            marker = source.last_marker
            for raw in items:
                marker = _marker(raw, marker)
            page = ingest(
                spec=spec,
                rows=enumerate(items, start=1),
                source=ImportBatch.Source.PULL,
                acting_user=acting_user,
                filename=_("pull from %(name)s") % {"name": source.name},
                form_source=source,
            )
            FormSource.objects.filter(pk=source.pk).update(
                last_marker=marker, last_pulled_at=timezone.now(), last_error=""
            )
            source.last_marker = marker
        total.rows += page.rows
        total.mapped += page.mapped
        total.rejected += page.rejected
        total.duplicates += page.duplicates
        total.outcomes += page.outcomes
        total.batch_id = page.batch_id
    FormSource.objects.filter(pk=source.pk).update(last_pulled_at=timezone.now(), last_error="")
    return total


def _pull_failed(source: FormSource, message: str) -> None:
    FormSource.objects.filter(pk=source.pk).update(last_error=message, last_pulled_at=timezone.now())
    source.last_error = message
