"""Conveyor line API: the same services, queries and access helpers as the pages.

Recording a week is an upsert per (stage, week), so a retry cannot double a figure; an
``idempotency_key`` additionally stops a late retry from overwriting a later correction (200 on a repeat).
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from berdaya.accounts import access
from berdaya.core.api import key_used, paginated, validated
from berdaya.core.errors import ServiceError
from berdaya.groups.models import Group

from . import balance as bal
from . import queries, services
from .models import FlowBatch, Line, Stage, WeeklyFlow

PATH = queries.PATH


def _d(value, places: int = 3):
    return None if value is None else bal.rounded(value, places)


# --- output -----------------------------------------------------------------------------------------


class ConveyorStageOut(serializers.ModelSerializer):
    group_name = serializers.CharField(source="group.name", read_only=True, default=None)

    class Meta:
        model = Stage
        fields = [
            "id",
            "order",
            "name",
            "group",
            "group_name",
            "producer",
            "unit",
            "units_per_product",
            "workers",
            "hours_per_week",
            "rate",
        ]


class ConveyorLineOut(serializers.ModelSerializer):
    sentra_name = serializers.CharField(source="sentra.name", read_only=True)

    class Meta:
        model = Line
        fields = ["id", "sentra", "sentra_name", "product", "unit", "demand_per_week", "notes"]


class ConveyorAdviceOut(serializers.Serializer):
    target = serializers.DecimalField(max_digits=14, decimal_places=3)
    source = serializers.CharField()
    source_stage = serializers.IntegerField(allow_null=True)
    workers_needed = serializers.IntegerField(allow_null=True)
    extra_workers = serializers.IntegerField(allow_null=True)
    hours_needed = serializers.IntegerField(allow_null=True)
    extra_hours = serializers.IntegerField(allow_null=True)
    hours_feasible = serializers.BooleanField()
    explanation = serializers.ListField(child=serializers.CharField())


class ConveyorStageBalanceOut(serializers.Serializer):
    stage = serializers.IntegerField()
    name = serializers.CharField()
    capacity = serializers.DecimalField(max_digits=14, decimal_places=3, help_text="products per week")
    position = serializers.ChoiceField(choices=["bottleneck", "upstream", "downstream"])
    idle = serializers.DecimalField(max_digits=14, decimal_places=3)
    idle_worker_hours = serializers.DecimalField(max_digits=14, decimal_places=3, allow_null=True)
    reason = serializers.CharField()
    advice = ConveyorAdviceOut(allow_null=True)


class ConveyorBalanceOut(serializers.Serializer):
    throughput = serializers.DecimalField(max_digits=14, decimal_places=3, allow_null=True)
    bottleneck_stages = serializers.ListField(child=serializers.IntegerField())
    demand = serializers.DecimalField(max_digits=14, decimal_places=3, allow_null=True)
    meets_demand = serializers.BooleanField(allow_null=True)
    target = serializers.DecimalField(max_digits=14, decimal_places=3, allow_null=True)
    target_source = serializers.CharField(allow_null=True)
    summary = serializers.ListField(child=serializers.CharField())
    stages = ConveyorStageBalanceOut(many=True)


class ConveyorLineDetailOut(ConveyorLineOut):
    stages = ConveyorStageOut(many=True, read_only=True)

    class Meta(ConveyorLineOut.Meta):
        fields = [*ConveyorLineOut.Meta.fields, "stages"]


class ConveyorStageWeekOut(serializers.Serializer):
    stage = serializers.IntegerField()
    produced = serializers.IntegerField()
    equivalent = serializers.DecimalField(max_digits=14, decimal_places=3, help_text="products' worth")
    cumulative_units = serializers.IntegerField()
    wip_units = serializers.DecimalField(max_digits=14, decimal_places=3)
    wip_products = serializers.DecimalField(max_digits=14, decimal_places=3)
    workers = serializers.IntegerField(allow_null=True)
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class ConveyorWeekOut(serializers.Serializer):
    week = serializers.DateField()
    finished = serializers.IntegerField()
    finished_total = serializers.IntegerField()
    limiting_stages = serializers.ListField(child=serializers.IntegerField())
    scarcest_stages = serializers.ListField(child=serializers.IntegerField())
    stages = ConveyorStageWeekOut(many=True)


class ConveyorHistoryOut(serializers.Serializer):
    average_finished = serializers.DecimalField(max_digits=14, decimal_places=3, allow_null=True)
    limiting_stages = serializers.ListField(child=serializers.IntegerField())
    scarcest_stages = serializers.ListField(child=serializers.IntegerField())
    summary = serializers.ListField(child=serializers.CharField())
    weeks = ConveyorWeekOut(many=True)


class ConveyorFlowOut(serializers.ModelSerializer):
    class Meta:
        model = WeeklyFlow
        fields = ["id", "stage", "week", "produced", "workers", "hours", "note"]


def _balance_dict(view: queries.BalanceView) -> dict:
    b = view.balance
    stages = []
    for sv in view.stages:
        r, a = sv.result, sv.result.advice
        stages.append(
            {
                "stage": sv.stage.pk,
                "name": sv.stage.name,
                "capacity": _d(r.capacity),
                "position": r.position,
                "idle": _d(r.idle),
                "idle_worker_hours": _d(r.idle_worker_hours),
                "reason": sv.reason,
                "advice": None
                if a is None
                else {
                    "target": _d(a.target),
                    "source": a.source,
                    "source_stage": a.source_key,
                    "workers_needed": a.workers_needed,
                    "extra_workers": a.extra_workers,
                    "hours_needed": a.hours_needed,
                    "extra_hours": a.extra_hours,
                    "hours_feasible": a.hours_feasible,
                    "explanation": sv.advice,
                },
            }
        )
    return {
        "throughput": _d(b.throughput),
        "bottleneck_stages": b.bottleneck_keys,
        "demand": _d(b.demand),
        "meets_demand": b.meets_demand,
        "target": _d(b.target),
        "target_source": b.target_source,
        "summary": view.summary,
        "stages": stages,
    }


def _history_dict(hv: queries.HistoryView) -> dict:
    h = hv.history
    weeks = []
    for w in h.weeks:
        rows = []
        for s in hv.stages:
            sw = w.stages[s.pk]
            f = hv.flows.get((s.pk, w.week))
            rows.append(
                {
                    "stage": s.pk,
                    "produced": sw.produced,
                    "equivalent": _d(sw.equivalent),
                    "cumulative_units": sw.cumulative_units,
                    "wip_units": _d(sw.wip_units),
                    "wip_products": _d(sw.wip_products),
                    "workers": f.workers if f else None,
                    "hours": f.hours if f else None,
                }
            )
        weeks.append(
            {
                "week": w.week,
                "finished": w.finished,
                "finished_total": w.finished_total,
                "limiting_stages": w.limiting_keys,
                "scarcest_stages": w.scarcest_keys,
                "stages": rows,
            }
        )
    return {
        "average_finished": _d(h.average_finished),
        "limiting_stages": h.limiting_keys,
        "scarcest_stages": h.scarcest_keys,
        "summary": hv.summary,
        "weeks": weeks,
    }


# --- input ------------------------------------------------------------------------------------------


class ConveyorLineIn(serializers.Serializer):
    sentra = serializers.IntegerField()
    product = serializers.CharField(max_length=120)
    unit = serializers.CharField(max_length=40)
    demand_per_week = serializers.IntegerField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ConveyorLinePatchIn(serializers.Serializer):
    product = serializers.CharField(max_length=120, required=False)
    unit = serializers.CharField(max_length=40, required=False)
    demand_per_week = serializers.IntegerField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class ConveyorStageIn(serializers.Serializer):
    order = serializers.IntegerField(required=False, allow_null=True, default=None)
    name = serializers.CharField(max_length=120)
    group = serializers.IntegerField(required=False, allow_null=True, default=None)
    producer = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    unit = serializers.CharField(max_length=40)
    units_per_product = serializers.DecimalField(max_digits=9, decimal_places=3)
    workers = serializers.IntegerField()
    hours_per_week = serializers.DecimalField(max_digits=5, decimal_places=1)
    rate = serializers.DecimalField(max_digits=9, decimal_places=3)


class ConveyorStagePatchIn(serializers.Serializer):
    order = serializers.IntegerField(required=False)
    name = serializers.CharField(max_length=120, required=False)
    group = serializers.IntegerField(required=False, allow_null=True)
    producer = serializers.CharField(max_length=150, required=False, allow_blank=True)
    unit = serializers.CharField(max_length=40, required=False)
    units_per_product = serializers.DecimalField(max_digits=9, decimal_places=3, required=False)
    workers = serializers.IntegerField(required=False)
    hours_per_week = serializers.DecimalField(max_digits=5, decimal_places=1, required=False)
    rate = serializers.DecimalField(max_digits=9, decimal_places=3, required=False)


class ConveyorFlowRowIn(serializers.Serializer):
    stage = serializers.IntegerField()
    produced = serializers.IntegerField()
    workers = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ConveyorWeekIn(serializers.Serializer):
    week = serializers.DateField(help_text="the Monday of the week")
    rows = ConveyorFlowRowIn(many=True)
    idempotency_key = serializers.CharField(max_length=80, required=False, allow_null=True, default=None)


# --- helpers ----------------------------------------------------------------------------------------


def _line(user, pk, *, write=False) -> Line:
    access.require_fieldwork_reader(user)
    qs = Line.objects.select_related("sentra__programme")
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


def _stage(user, pk, *, write=False) -> Stage:
    access.require_fieldwork_reader(user)
    qs = Stage.objects.select_related("line__sentra__programme", "group")
    return access.access_fieldwork(user, qs, pk, programme_path="line__sentra__programme", write=write)


def _group(line: Line, pk):
    if pk is None:
        return None
    group = Group.objects.filter(pk=pk, programme_id=line.sentra.programme_id).first()
    if group is None:
        message = _("That group is not a group of the sentra's programme.")
        raise ServiceError(message, field_errors={"group": message}, code="group_programme")
    return group


def _demand(request) -> int | None:
    raw = request.query_params.get("demand", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else None


DEMAND = OpenApiParameter("demand", int, description="try a demand per week (default: the line's own)")


# --- views ------------------------------------------------------------------------------------------


class LineListAPI(APIView):
    @extend_schema(
        responses=ConveyorLineOut(many=True),
        parameters=[OpenApiParameter("q", str), OpenApiParameter("sentra", int)],
        summary="Conveyor lines in scope, searchable",
    )
    def get(self, request):
        user = request.user
        access.require_fieldwork_reader(user)
        sentra = None
        raw = request.query_params.get("sentra", "")
        if raw:
            sentra = access.access_sentra(user, raw if raw.isdigit() else 0)
        qs = queries.lines_for_list(user, q=request.query_params.get("q", ""), sentra=sentra)
        return paginated(self, request, qs, ConveyorLineOut)

    @extend_schema(
        request=ConveyorLineIn,
        responses={201: ConveyorLineDetailOut},
        summary="Set up a conveyor line in a sentra",
    )
    def post(self, request):
        user = request.user
        access.require_fieldwork_reader(user)
        data = validated(ConveyorLineIn, request.data)
        sentra = access.access_sentra(user, data.pop("sentra"), write=True)
        access.require_fieldwork_writer(user, sentra.programme)
        line = services.create_line(sentra=sentra, acting_user=user, **data)
        return Response(ConveyorLineDetailOut(line).data, status=201)


class LineDetailAPI(APIView):
    @extend_schema(responses=ConveyorLineDetailOut, summary="A line with its stages")
    def get(self, request, pk):
        line = _line(request.user, pk)
        return Response(ConveyorLineDetailOut(line).data)

    @extend_schema(request=ConveyorLinePatchIn, responses=ConveyorLineDetailOut, summary="Change a line")
    def patch(self, request, pk):
        line = _line(request.user, pk, write=True)
        changes = validated(ConveyorLinePatchIn, request.data, partial=True)
        line = services.update_line(line=line, changes=dict(changes), acting_user=request.user)
        return Response(ConveyorLineDetailOut(line).data)

    @extend_schema(responses={204: None}, summary="Delete a line with its stages and weeks")
    def delete(self, request, pk):
        line = _line(request.user, pk, write=True)
        services.delete_line(line=line, acting_user=request.user)
        return Response(status=204)


class StageListAPI(APIView):
    @extend_schema(
        request=ConveyorStageIn,
        responses={201: ConveyorStageOut},
        summary="Add a stage (at the end, or at order)",
    )
    def post(self, request, pk):
        line = _line(request.user, pk, write=True)
        data = dict(validated(ConveyorStageIn, request.data))
        data["group"] = _group(line, data.get("group"))
        if data.get("order") is None:
            data.pop("order", None)
        stage = services.add_stage(line=line, acting_user=request.user, **data)
        return Response(ConveyorStageOut(stage).data, status=201)


class StageDetailAPI(APIView):
    @extend_schema(responses=ConveyorStageOut, summary="A stage")
    def get(self, request, pk):
        return Response(ConveyorStageOut(_stage(request.user, pk)).data)

    @extend_schema(request=ConveyorStagePatchIn, responses=ConveyorStageOut, summary="Change a stage")
    def patch(self, request, pk):
        stage = _stage(request.user, pk, write=True)
        changes = dict(validated(ConveyorStagePatchIn, request.data, partial=True))
        if "group" in changes:
            changes["group"] = _group(stage.line, changes["group"])
        stage = services.update_stage(stage=stage, changes=changes, acting_user=request.user)
        return Response(ConveyorStageOut(stage).data)

    @extend_schema(responses={204: None}, summary="Remove a stage that has no recorded weeks")
    def delete(self, request, pk):
        stage = _stage(request.user, pk, write=True)
        services.remove_stage(stage=stage, acting_user=request.user)
        return Response(status=204)


class BalanceAPI(APIView):
    @extend_schema(
        responses=ConveyorBalanceOut,
        parameters=[DEMAND],
        summary="Capacities, throughput, bottleneck and how many workers or hours would balance the line",
    )
    def get(self, request, pk):
        line = _line(request.user, pk)
        return Response(
            ConveyorBalanceOut(_balance_dict(queries.line_balance(line, demand=_demand(request)))).data
        )


class FlowsAPI(APIView):
    @extend_schema(
        responses=ConveyorHistoryOut,
        summary="Week by week: output, finished products, work in progress, limiting stage",
    )
    def get(self, request, pk):
        line = _line(request.user, pk)
        return Response(ConveyorHistoryOut(_history_dict(queries.line_history(line))).data)

    @extend_schema(
        request=ConveyorWeekIn,
        responses={201: ConveyorFlowOut(many=True), 200: ConveyorFlowOut(many=True)},
        summary="Record (or correct) one week of every stage",
    )
    def post(self, request, pk):
        line = _line(request.user, pk, write=True)
        data = validated(ConveyorWeekIn, request.data)
        key = data["idempotency_key"]
        already = key_used(FlowBatch.objects.filter(line=line), key)
        flows = services.record_week(
            line=line,
            week=data["week"],
            rows=[
                services.FlowInput(r["stage"], r["produced"], r["workers"], r["hours"], r["note"])
                for r in data["rows"]
            ],
            acting_user=request.user,
            idempotency_key=key,
        )
        return Response(ConveyorFlowOut(flows, many=True).data, status=200 if already else 201)


urlpatterns = [
    path("conveyor/lines/", LineListAPI.as_view(), name="conveyor_lines"),
    path("conveyor/lines/<int:pk>/", LineDetailAPI.as_view(), name="conveyor_line"),
    path("conveyor/lines/<int:pk>/stages/", StageListAPI.as_view(), name="conveyor_line_stages"),
    path("conveyor/lines/<int:pk>/balance/", BalanceAPI.as_view(), name="conveyor_line_balance"),
    path("conveyor/lines/<int:pk>/flows/", FlowsAPI.as_view(), name="conveyor_line_flows"),
    path("conveyor/stages/<int:pk>/", StageDetailAPI.as_view(), name="conveyor_stage"),
]
