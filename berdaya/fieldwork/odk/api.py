"""Field-forms API: the same services, forms and access helpers as the pages.

Submissions are idempotent by their submission id, so a phone or a proxy may send the same batch again:
what was already recorded is counted as "already received" and nothing is recorded twice.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from berdaya.accounts import access
from berdaya.core.api import paginated, validated
from berdaya.imports.readers import read_upload

from . import exports, services, xlsform
from .models import FormKind, FormSource, ImportBatch, Submission

# --- output -----------------------------------------------------------------------------------------


class FieldFormOut(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField()
    scope_id = serializers.IntegerField()
    form_id = serializers.CharField()
    title = serializers.CharField()
    programme = serializers.IntegerField(source="programme.pk")


class IngestRowOut(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    instance_id = serializers.CharField()
    outcome = serializers.CharField()
    reason = serializers.CharField()
    submission_id = serializers.IntegerField(allow_null=True)


class FieldIngestOut(serializers.Serializer):
    batch_id = serializers.IntegerField(allow_null=True)
    dry_run = serializers.BooleanField()
    rows = serializers.IntegerField()
    mapped = serializers.IntegerField()
    rejected = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    outcomes = IngestRowOut(many=True)


class FieldSubmissionOut(serializers.ModelSerializer):
    class Meta:
        model = Submission
        fields = [
            "id",
            "programme",
            "form_kind",
            "scope_id",
            "form_id",
            "form_version",
            "instance_id",
            "status",
            "reason",
            "object_type",
            "object_id",
            "source",
            "submitted_at",
            "received_at",
            "row_number",
            "attempts",
            "batch",
        ]


class FieldSubmissionDetailOut(FieldSubmissionOut):
    class Meta(FieldSubmissionOut.Meta):
        fields = [*FieldSubmissionOut.Meta.fields, "raw", "earlier_raw"]


class FieldBatchOut(serializers.ModelSerializer):
    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "programme",
            "form_kind",
            "form_id",
            "source",
            "filename",
            "form_source",
            "rows",
            "mapped",
            "rejected",
            "duplicates",
            "user",
            "created_at",
        ]


class FormServerOut(serializers.ModelSerializer):
    token = serializers.CharField(source="masked_token", read_only=True)

    class Meta:
        model = FormSource
        fields = [
            "id",
            "programme",
            "name",
            "server",
            "form_kind",
            "scope_id",
            "base_url",
            "project",
            "remote_form_id",
            "token",
            "active",
            "last_marker",
            "last_pulled_at",
            "last_error",
        ]


# --- input ------------------------------------------------------------------------------------------


class FieldUploadIn(serializers.Serializer):
    form = serializers.CharField(
        help_text="visit:<programme id>, pra_vote:<session id> or attendance:<training id>"
    )
    file = serializers.FileField()
    commit = serializers.BooleanField(default=False)


class FieldSubmissionsIn(serializers.Serializer):
    form = serializers.CharField()
    submissions = serializers.ListField(child=serializers.JSONField(), allow_empty=False, max_length=5000)


class FormServerIn(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    form = serializers.CharField()
    server = serializers.ChoiceField(choices=FormSource.Server.choices)
    base_url = serializers.URLField(max_length=300)
    project = serializers.CharField(max_length=100)
    remote_form_id = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    token = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", write_only=True
    )
    active = serializers.BooleanField(default=True)


def _spec(user, key: str, *, write: bool = False) -> xlsform.FormSpec:
    parsed = xlsform.parse_form_key(key)
    if parsed is None:
        raise serializers.ValidationError({"form": [_("Give the form as kind:id, for example visit:3.")]})
    return xlsform.resolve(user, *parsed, write=write)


def _reader(user) -> None:
    access.require_fieldwork_reader(user)


# --- views ------------------------------------------------------------------------------------------


class FormListAPI(APIView):
    @extend_schema(responses=FieldFormOut(many=True), parameters=[OpenApiParameter("q", str)])
    def get(self, request):
        _reader(request.user)
        forms = xlsform.available_forms(request.user, q=request.query_params.get("q", "").strip())
        return paginated(self, request, forms, FieldFormOut)


class FormFileAPI(APIView):
    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request, kind, scope_id, fmt):
        _reader(request.user)
        spec = xlsform.resolve(request.user, kind, scope_id)
        if fmt == "xml":
            return HttpResponse(xlsform.xform_xml(spec), content_type="text/xml; charset=utf-8")
        if fmt != "xlsx":
            raise Http404(_("Not found."))
        return HttpResponse(
            xlsform.workbook_bytes(spec),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{spec.form_id}.xlsx"'},
        )


class UploadAPI(APIView):
    """Upload an export; ``commit=false`` (the default) is a dry run with the same counts."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=FieldUploadIn, responses=FieldIngestOut)
    def post(self, request):
        _reader(request.user)
        data = validated(FieldUploadIn, request.data)
        spec = _spec(request.user, data["form"], write=True)
        upload = data["file"]
        result = services.ingest_file(
            spec=spec,
            file_name=upload.name,
            data=read_upload(upload),
            acting_user=request.user,
            dry_run=not data["commit"],
        )
        return Response(FieldIngestOut(result.as_dict()).data, status=201 if data["commit"] else 200)


class SubmissionListAPI(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        responses=FieldSubmissionOut(many=True),
        parameters=[
            OpenApiParameter("status", str),
            OpenApiParameter("kind", str),
            OpenApiParameter("q", str),
        ],
    )
    def get(self, request):
        _reader(request.user)
        qs = access.visible_fieldwork(request.user, Submission.objects.all())
        status = request.query_params.get("status", "")
        kind = request.query_params.get("kind", "")
        if status in Submission.Status.values:
            qs = qs.filter(status=status)
        if kind in FormKind.values:
            qs = qs.filter(form_kind=kind)
        q = request.query_params.get("q", "").strip()
        if q:
            from berdaya.core.lists import search

            qs = search(qs, q, ["instance_id", "reason", "form_id"])
        return paginated(self, request, qs, FieldSubmissionOut)

    @extend_schema(request=FieldSubmissionsIn, responses=FieldIngestOut)
    def post(self, request):
        """Submissions as JSON objects (ODK Central OData or Kobo data rows), e.g. from a relay."""
        _reader(request.user)
        data = validated(FieldSubmissionsIn, request.data)
        spec = _spec(request.user, data["form"], write=True)
        result = services.ingest(
            spec=spec,
            rows=enumerate(data["submissions"], start=1),
            source=ImportBatch.Source.API,
            acting_user=request.user,
        )
        return Response(FieldIngestOut(result.as_dict()).data, status=201)


class SubmissionDetailAPI(APIView):
    @extend_schema(responses=FieldSubmissionDetailOut)
    def get(self, request, pk):
        _reader(request.user)
        submission = access.access_fieldwork(request.user, Submission.objects.all(), pk)
        body = FieldSubmissionDetailOut(submission).data
        body["fields"] = exports.normalise(submission.raw).fields
        return Response(body)


class SubmissionRetryAPI(APIView):
    @extend_schema(request=None, responses=FieldSubmissionOut)
    def post(self, request, pk):
        _reader(request.user)
        submission = access.access_fieldwork(request.user, Submission.objects.all(), pk, write=True)
        submission = services.retry_submission(submission=submission, acting_user=request.user)
        return Response(FieldSubmissionOut(submission).data)


class BatchListAPI(APIView):
    @extend_schema(responses=FieldBatchOut(many=True))
    def get(self, request):
        _reader(request.user)
        return paginated(
            self, request, access.visible_fieldwork(request.user, ImportBatch.objects.all()), FieldBatchOut
        )


class BatchDetailAPI(APIView):
    @extend_schema(responses=FieldBatchOut)
    def get(self, request, pk):
        _reader(request.user)
        return Response(
            FieldBatchOut(access.access_fieldwork(request.user, ImportBatch.objects.all(), pk)).data
        )


def _save(request, source: FormSource | None, *, partial: bool = False) -> FormSource:
    data = validated(FormServerIn, request.data, partial=partial)
    if source is not None and "form" not in data:
        data["form"] = f"{source.form_kind}:{source.scope_id}"
    spec = _spec(request.user, data.pop("form"), write=True)
    if source is not None and spec.programme.pk != source.programme_id:
        raise serializers.ValidationError(
            {"form": [_("A server stays in its programme; add a new one instead.")]}
        )
    return services.save_source(
        programme=spec.programme,
        source=source,
        acting_user=request.user,
        token=data.pop("token", ""),
        form_kind=spec.kind,
        scope_id=spec.scope_id,
        **data,
    )


class SourceListAPI(APIView):
    @extend_schema(responses=FormServerOut(many=True))
    def get(self, request):
        _reader(request.user)
        qs = access.visible_fieldwork(request.user, FormSource.objects.all())
        return paginated(self, request, qs, FormServerOut)

    @extend_schema(request=FormServerIn, responses=FormServerOut)
    def post(self, request):
        _reader(request.user)
        access.require_fieldwork_writer(request.user)
        return Response(FormServerOut(_save(request, None)).data, status=201)


class SourceDetailAPI(APIView):
    @extend_schema(responses=FormServerOut)
    def get(self, request, pk):
        _reader(request.user)
        return Response(
            FormServerOut(access.access_fieldwork(request.user, FormSource.objects.all(), pk)).data
        )

    @extend_schema(request=FormServerIn, responses=FormServerOut)
    def patch(self, request, pk):
        _reader(request.user)
        source = access.access_fieldwork(request.user, FormSource.objects.all(), pk, write=True)
        return Response(FormServerOut(_save(request, source, partial=True)).data)


class SourcePullAPI(APIView):
    @extend_schema(request=None, responses=FieldIngestOut)
    def post(self, request, pk):
        _reader(request.user)
        source = access.access_fieldwork(request.user, FormSource.objects.all(), pk, write=True)
        result = services.pull(source=source, acting_user=request.user)
        return Response(FieldIngestOut(result.as_dict()).data)


urlpatterns = [
    path("field-forms/forms/", FormListAPI.as_view(), name="odk_forms"),
    path(
        "field-forms/forms/<str:kind>/<int:scope_id>.<str:fmt>", FormFileAPI.as_view(), name="odk_form_file"
    ),
    path("field-forms/uploads/", UploadAPI.as_view(), name="odk_uploads"),
    path("field-forms/submissions/", SubmissionListAPI.as_view(), name="odk_submissions"),
    path("field-forms/submissions/<int:pk>/", SubmissionDetailAPI.as_view(), name="odk_submission"),
    path(
        "field-forms/submissions/<int:pk>/retry/", SubmissionRetryAPI.as_view(), name="odk_submission_retry"
    ),
    path("field-forms/batches/", BatchListAPI.as_view(), name="odk_batches"),
    path("field-forms/batches/<int:pk>/", BatchDetailAPI.as_view(), name="odk_batch"),
    path("field-forms/sources/", SourceListAPI.as_view(), name="odk_sources"),
    path("field-forms/sources/<int:pk>/", SourceDetailAPI.as_view(), name="odk_source"),
    path("field-forms/sources/<int:pk>/pull/", SourcePullAPI.as_view(), name="odk_source_pull"),
]
