"""API for the month-end close: request it (admin), follow a run, read the month's group figures in scope."""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from berdaya.accounts import access
from berdaya.core.api import paginated, validated

from . import services
from .models import GroupMonth, MonthEndRun


class RunIn(serializers.Serializer):
    period = serializers.DateField(help_text="any day of the month to close, e.g. 2025-03-01")


class RunOut(serializers.ModelSerializer):
    percent = serializers.IntegerField()

    class Meta:
        model = MonthEndRun
        fields = [
            "id",
            "period",
            "status",
            "requested_by",
            "requested_at",
            "started_at",
            "finished_at",
            "books_total",
            "books_done",
            "percent",
            "loans_snapshotted",
            "incremental",
            "error",
        ]


class GroupMonthOut(serializers.ModelSerializer):
    group_name = serializers.CharField(source="group.name")

    class Meta:
        model = GroupMonth
        exclude = ["id"]


class RunListAPI(APIView):
    @extend_schema(responses=RunOut(many=True))
    def get(self, request):
        access.require_books_reader(request.user)
        return paginated(self, request, MonthEndRun.objects.all(), RunOut)

    @extend_schema(
        request=RunIn, responses={202: RunOut}, summary="Queue the month-end close of a finished month"
    )
    def post(self, request):
        access.require_books_reader(request.user)
        access.require_month_end_runner(request.user)
        data = validated(RunIn, request.data)
        run = services.request_month_end(period=data["period"], acting_user=request.user)
        return Response(RunOut(run).data, status=202)


class RunDetailAPI(APIView):
    @extend_schema(responses=RunOut)
    def get(self, request, pk):
        access.require_books_reader(request.user)
        run = MonthEndRun.objects.filter(pk=pk).first()
        if run is None:
            raise Http404(_("Not found."))
        return Response(RunOut(run).data)


class RunGroupsAPI(APIView):
    @extend_schema(
        responses=GroupMonthOut(many=True), summary="The month's figures of the groups you can see"
    )
    def get(self, request, pk):
        access.require_books_reader(request.user)
        run = MonthEndRun.objects.filter(pk=pk).first()
        if run is None:
            raise Http404(_("Not found."))
        rows = (
            GroupMonth.objects.filter(access.group_q(request.user, "group__"), period=run.period)
            .select_related("group")
            .order_by("group__name", "group_id")
        )
        return paginated(self, request, rows, GroupMonthOut)


urlpatterns = [
    path("month-end/", RunListAPI.as_view(), name="month_end_runs"),
    path("month-end/<int:pk>/", RunDetailAPI.as_view(), name="month_end_run"),
    path("month-end/<int:pk>/groups/", RunGroupsAPI.as_view(), name="month_end_groups"),
]
