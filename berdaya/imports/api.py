"""Import and export over the API: the same ``run_import`` and the same exports as the pages."""

from django.http import Http404, HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from berdaya.accounts import access
from berdaya.core.api import validated

from . import exports
from .kinds import KINDS
from .readers import read_upload
from .services import run_import


class ImportIn(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True, help_text="XLSX (first sheet) or CSV with a header row."
    )


class RowErrorOut(serializers.Serializer):
    row_number = serializers.IntegerField(help_text="As the spreadsheet shows it; the header is row 1.")
    column = serializers.CharField(help_text="The header as written in the file; empty for the whole row.")
    value = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class ImportResultOut(serializers.Serializer):
    detail = serializers.CharField()
    kind = serializers.CharField()
    file_name = serializers.CharField()
    commit = serializers.BooleanField(help_text="Whether saving was asked for.")
    committed = serializers.BooleanField(help_text="Whether the rows were saved (all of them).")
    rows_total = serializers.IntegerField()
    rows_ok = serializers.IntegerField()
    rows_failed = serializers.IntegerField()
    created = serializers.DictField(child=serializers.IntegerField())
    errors = RowErrorOut(many=True)


KIND_PARAMETER = OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=sorted(KINDS))


def _kind_or_404(kind: str) -> None:
    if kind not in KINDS:
        raise Http404(_("Not found."))


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes")


class ImportAPI(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ImportIn},
        parameters=[
            KIND_PARAMETER,
            OpenApiParameter(
                "commit",
                OpenApiTypes.BOOL,
                description="1 saves all rows if none fails; 0 (default) is a dry run",
            ),
        ],
        responses={
            200: OpenApiResponse(
                ImportResultOut, description="Dry run: nothing saved; every row's problems."
            ),
            201: OpenApiResponse(ImportResultOut, description="Committed: every row saved."),
            400: OpenApiResponse(
                ImportResultOut, description="Rows have problems (nothing saved), or the file is unusable."
            ),
        },
    )
    def post(self, request, kind):
        """Check (``commit=0``) or import (``commit=1``) a file of people, enterprises, groups or memberships."""
        _kind_or_404(kind)
        access.require_manage(request.user)
        upload = validated(ImportIn, request.data)["file"]
        commit = _truthy(request.query_params.get("commit"))
        result = run_import(
            acting_user=request.user,
            kind=kind,
            uploaded_file_name=upload.name,
            data=read_upload(upload),
            commit=commit,
        )
        body = result.to_dict()
        if result.committed:
            body["detail"] = _("All rows were saved.")
            status = 201
        elif result.errors:
            body["detail"] = ngettext(
                "Nothing was saved: %(n)d row has problems.",
                "Nothing was saved: %(n)d rows have problems.",
                result.rows_failed,
            ) % {"n": result.rows_failed}
            status = 400 if commit else 200
        else:
            body["detail"] = _("Dry run: every row is fine; nothing was saved.")
            status = 200
        return Response(ImportResultOut(body).data, status=status)


class XLSXRenderer(BaseRenderer):
    """Lets a client send ``Accept: <xlsx type>``; errors are still JSON bytes."""

    media_type = exports.CONTENT_TYPE
    format = "xlsx"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return JSONRenderer().render(data) if not isinstance(data, bytes) else data


class ExportAPI(APIView):
    renderer_classes = [JSONRenderer, XLSXRenderer]

    @extend_schema(
        operation_id="exports_retrieve",
        parameters=[KIND_PARAMETER],
        responses={
            (200, exports.CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="XLSX workbook")
        },
    )
    def get(self, request, kind):
        """The list as the caller may see it, with the import's columns; NIK masked for read-only roles."""
        _kind_or_404(kind)
        response = HttpResponse(
            exports.export_xlsx(user=request.user, kind=kind), content_type=exports.CONTENT_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="berdaya-{kind}.xlsx"'
        return response


urlpatterns = [
    path("imports/<str:kind>/", ImportAPI.as_view(), name="import"),
    path("exports/<str:kind>.xlsx", ExportAPI.as_view(), name="export"),
]
