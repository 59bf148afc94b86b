"""Field-form pages: download forms, upload exports (preview, then ingest), submissions, servers.

Views parse, check access (``xlsform.resolve`` and ``access.*_fieldwork``), call one service, render.
Everybody who sees fieldwork sees the forms and submissions of their programmes; recording (upload,
retry, servers, pull) is for the programme's writers.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from berdaya.accounts import access
from berdaya.core.errors import ServiceError
from berdaya.core.forms import apply_service_error
from berdaya.core.lists import PAGE_SIZE, paginate, search
from berdaya.core.views import form_page, submit
from berdaya.imports import store
from berdaya.imports.readers import read_upload

from . import exports, forms, services, xlsform
from .models import FormKind, FormSource, ImportBatch, Submission

STORE_PREFIX = "odk:"


def _writable_specs(user) -> list[xlsform.FormSpec]:
    if not access.can_do_fieldwork(user):
        return []
    writable = set(access.fieldwork_programmes(user, write=True).values_list("pk", flat=True))
    return [spec for spec in xlsform.available_forms(user) if spec.programme.pk in writable]


def _submissions(user):
    return access.visible_fieldwork(user, Submission.objects.select_related("programme"))


# --- forms ------------------------------------------------------------------------------------------


@login_required
def form_list(request):
    user = request.user
    access.require_fieldwork_reader(user)
    q = request.GET.get("q", "").strip()
    page_obj = Paginator(xlsform.available_forms(user, q=q), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {
        row["form_id"]: row
        for row in _submissions(user)
        .filter(form_id__in=[spec.form_id for spec in page_obj])
        .values("form_id")
        .annotate(total=Count("pk"), rejected=Count("pk", filter=Q(status=Submission.Status.REJECTED)))
    }
    for spec in page_obj:
        spec.counts = counts.get(spec.form_id, {"total": 0, "rejected": 0})
    context = {
        "page_obj": page_obj,
        "q": q,
        "may_write": access.can_do_fieldwork(user) and access.fieldwork_programmes(user, write=True).exists(),
        "batches": access.visible_fieldwork(user, ImportBatch.objects.select_related("programme", "user"))[
            :5
        ],
    }
    return render(request, "odk/form_list.html", context)


@login_required
def form_download(request, kind, scope_id, fmt):
    access.require_fieldwork_reader(request.user)
    spec = xlsform.resolve(request.user, kind, scope_id)
    if fmt == "xml":
        return HttpResponse(
            xlsform.xform_xml(spec),
            content_type="text/xml; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{spec.form_id}.xml"'},
        )
    return HttpResponse(
        xlsform.workbook_bytes(spec),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{spec.form_id}.xlsx"'},
    )


# --- upload -----------------------------------------------------------------------------------------


@login_required
def upload(request):
    user = request.user
    access.require_fieldwork_reader(user)
    access.require_fieldwork_writer(user)
    specs = _writable_specs(user)
    form = forms.UploadForm(request.POST or None, request.FILES or None, specs=specs,
                            initial={"form": request.GET.get("form", "")})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        kind, scope_id = xlsform.parse_form_key(form.cleaned_data["form"])
        spec = xlsform.resolve(user, kind, scope_id, write=True)
        upload_file = form.cleaned_data["file"]
        try:
            data = read_upload(upload_file)
            result = services.ingest_file(
                spec=spec, file_name=upload_file.name, data=data, acting_user=user, dry_run=True
            )
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            token = store.save(
                user=user, kind=STORE_PREFIX + spec.key, file_name=upload_file.name, data=data,
                result=result.as_dict(),
            )  # fmt: skip
            return render(
                request,
                "odk/preview.html",
                {"spec": spec, "result": result, "token": token, "file_name": upload_file.name},
            )
    return form_page(
        request,
        form,
        title=_("Upload a form export"),
        back_url=reverse("odk:form_list"),
        intro=_(
            "Export the submissions from ODK Central or KoboToolbox (CSV, XLSX or JSON) and upload the file. "
            "You will first see what would be recorded and what would be rejected, and why."
        ),
        submit_label=_("Preview"),
    )


@login_required
@require_POST
def upload_commit(request, token):
    user = request.user
    access.require_fieldwork_reader(user)
    stored = store.load(token, user=user)
    parsed = xlsform.parse_form_key(stored.kind.removeprefix(STORE_PREFIX))
    if not stored.kind.startswith(STORE_PREFIX) or parsed is None:
        raise Http404(_("Not found."))
    spec = xlsform.resolve(user, *parsed, write=True)
    try:
        result = services.ingest_file(
            spec=spec, file_name=stored.file_name, data=stored.read(), acting_user=user
        )
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect("odk:upload")
    store.delete(token)
    messages.success(
        request,
        _("%(rows)s rows read: %(mapped)s recorded, %(rejected)s rejected, %(dup)s already received.")
        % {
            "rows": result.rows,
            "mapped": result.mapped,
            "rejected": result.rejected,
            "dup": result.duplicates,
        },
    )
    return redirect("odk:batch_detail", pk=result.batch_id)


@login_required
def batch_detail(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    batch = access.access_fieldwork(user, ImportBatch.objects.select_related("programme", "user"), pk)
    page_obj = paginate(request, batch.submissions.order_by("row_number", "pk"))
    return render(request, "odk/batch_detail.html", {"batch": batch, "page_obj": page_obj})


# --- submissions ------------------------------------------------------------------------------------


@login_required
def submission_list(request):
    user = request.user
    access.require_fieldwork_reader(user)
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    qs = _submissions(user)
    if status in Submission.Status.values:
        qs = qs.filter(status=status)
    if kind in FormKind.values:
        qs = qs.filter(form_kind=kind)
    if q:
        qs = search(qs, q, ["instance_id", "reason", "form_id", "programme__name"])
    context = {
        "page_obj": paginate(request, qs),
        "q": q,
        "status": status,
        "kind": kind,
        "statuses": forms.STATUS_CHOICES,
        "kinds": FormKind.choices,
    }
    return render(request, "odk/submission_list.html", context)


@login_required
def submission_detail(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    submission = access.access_fieldwork(user, Submission.objects.select_related("programme", "batch"), pk)
    norm = exports.normalise(submission.raw)
    may_write = (
        submission.status != Submission.Status.MAPPED
        and access.can_do_fieldwork(user)
        and access.fieldwork_programmes(user, write=True).filter(pk=submission.programme_id).exists()
    )
    context = {
        "submission": submission,
        "fields": sorted(norm.fields.items()),
        "raw_json": json.dumps(submission.raw, indent=2, ensure_ascii=False),
        "earlier": [json.dumps(r, indent=2, ensure_ascii=False) for r in submission.earlier_raw],
        "may_retry": may_write,
    }
    return render(request, "odk/submission_detail.html", context)


@login_required
@require_POST
def submission_retry(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    submission = access.access_fieldwork(user, Submission.objects.all(), pk, write=True)
    try:
        submission = services.retry_submission(submission=submission, acting_user=user)
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        if submission.status == Submission.Status.MAPPED:
            messages.success(request, _("The submission is now recorded."))
        else:
            messages.error(request, _("Still rejected: %(reason)s") % {"reason": submission.reason})
    return redirect("odk:submission_detail", pk=pk)


# --- servers ----------------------------------------------------------------------------------------


@login_required
def source_list(request):
    user = request.user
    access.require_fieldwork_reader(user)
    q = request.GET.get("q", "").strip()
    qs = access.visible_fieldwork(user, FormSource.objects.select_related("programme"))
    if q:
        qs = search(qs, q, ["name", "base_url", "programme__name", "project"])
    context = {
        "page_obj": paginate(request, qs),
        "q": q,
        "may_write": access.can_do_fieldwork(user) and access.fieldwork_programmes(user, write=True).exists(),
        "writable": set(access.fieldwork_programmes(user, write=True).values_list("pk", flat=True)),
    }
    return render(request, "odk/source_list.html", context)


def _save_source(request, source: FormSource | None):
    user = request.user
    specs = _writable_specs(user)
    initial = {}
    if source is not None:
        initial = {
            name: getattr(source, name)
            for name in services.SOURCE_FIELDS
            if name not in ("form_kind", "scope_id")
        }
        initial["form"] = f"{source.form_kind}:{source.scope_id}"
    form = forms.SourceForm(request.POST or None, specs=specs, initial=initial)
    if source is None:
        form.fields["token"].required = True
        form.fields["token"].help_text = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind, scope_id = xlsform.parse_form_key(data["form"])
        spec = xlsform.resolve(user, kind, scope_id, write=True)
        done = submit(
            request,
            form,
            lambda: services.save_source(
                programme=spec.programme,
                source=source,
                acting_user=user,
                token=data["token"],
                name=data["name"],
                server=data["server"],
                form_kind=kind,
                scope_id=scope_id,
                base_url=data["base_url"],
                project=data["project"],
                remote_form_id=data["remote_form_id"],
                active=data["active"],
            ),
            lambda saved: reverse("odk:source_detail", args=[saved.pk]),
            _("Server saved."),
        )
        if done:
            return done
    intro = _(
        "Berdaya pulls new submissions of one form from this server, only those newer than the last pull."
    )
    if source is not None:
        intro += " " + _("Stored token: %(token)s.") % {"token": source.masked_token}
    return form_page(
        request,
        form,
        title=_("Form server") if source else _("New form server"),
        back_url=reverse("odk:source_list"),
        intro=intro,
    )


@login_required
def source_create(request):
    access.require_fieldwork_reader(request.user)
    access.require_fieldwork_writer(request.user)
    return _save_source(request, None)


@login_required
def source_edit(request, pk):
    access.require_fieldwork_reader(request.user)
    source = access.access_fieldwork(
        request.user, FormSource.objects.select_related("programme"), pk, write=True
    )
    return _save_source(request, source)


@login_required
def source_detail(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    source = access.access_fieldwork(user, FormSource.objects.select_related("programme"), pk)
    may_write = access.can_do_fieldwork(user) and (
        access.fieldwork_programmes(user, write=True).filter(pk=source.programme_id).exists()
    )
    batches = source.batches.order_by("-created_at", "-pk")[:10]
    return render(
        request, "odk/source_detail.html", {"source": source, "may_write": may_write, "batches": batches}
    )


@login_required
@require_POST
def source_pull(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    source = access.access_fieldwork(user, FormSource.objects.select_related("programme"), pk, write=True)
    try:
        result = services.pull(source=source, acting_user=user)
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request,
            _("%(rows)s new rows: %(mapped)s recorded, %(rejected)s rejected, %(dup)s already received.")
            % {
                "rows": result.rows,
                "mapped": result.mapped,
                "rejected": result.rejected,
                "dup": result.duplicates,
            },
        )
    return redirect("odk:source_detail", pk=pk)
