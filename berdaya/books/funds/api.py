"""Revolving fund API: the same services, queries and access helpers as the pages.

Postings (receipts, disbursements, repayments, re-lending) take a client-chosen ``idempotency_key``:
sending it again returns the first posting (200) instead of posting twice (201).
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from berdaya.accounts import access
from berdaya.books import chart
from berdaya.core.api import key_used, paginated, posted, validated
from berdaya.groups.models import Group

from . import queries, services
from .models import (
    DEDUCTION_ACCOUNTS,
    RECEIVE_ACCOUNTS,
    Allocation,
    DeductionRule,
    Grant,
    GrantGroup,
    PlanLine,
    Repayment,
)

# --- output -----------------------------------------------------------------------------------------


class ShareOut(serializers.ModelSerializer):
    group_name = serializers.CharField(source="group.name", read_only=True)

    class Meta:
        model = GrantGroup
        fields = ["group", "group_name", "amount", "received_on", "received_into", "entry"]


class GrantOut(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    programme_name = serializers.CharField(source="programme.name", read_only=True)
    shares = ShareOut(many=True, read_only=True)

    class Meta:
        model = Grant
        fields = [
            "id",
            "programme",
            "programme_name",
            "agency",
            "agency_name",
            "reference",
            "source",
            "amount",
            "granted_on",
            "note",
            "shares",
        ]


class PlanLineOut(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = PlanLine
        fields = ["group", "person", "person_name", "amount", "planned_on"]


class FindingOut(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    group_id = serializers.IntegerField()
    group_name = serializers.CharField()
    person_id = serializers.IntegerField(allow_null=True)
    person_name = serializers.CharField()
    figures = serializers.DictField()


class GenerationOut(serializers.Serializer):
    generation = serializers.IntegerField()
    allocations = serializers.IntegerField()
    disbursed = serializers.IntegerField()
    net_paid = serializers.IntegerField()
    repaid = serializers.IntegerField()
    outstanding = serializers.IntegerField()
    recovery_percent = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)


class OutstandingOut(serializers.Serializer):
    allocation = serializers.IntegerField()
    person_id = serializers.IntegerField()
    person_name = serializers.CharField()
    group_id = serializers.IntegerField()
    generation = serializers.IntegerField()
    gross = serializers.IntegerField()
    repaid = serializers.IntegerField()
    outstanding = serializers.IntegerField()


class AuditOut(serializers.Serializer):
    days = serializers.IntegerField()
    today = serializers.DateField()
    findings = FindingOut(many=True)
    generations = GenerationOut(many=True)
    outstanding = OutstandingOut(many=True)


class GrantDetailOut(GrantOut):
    plan = serializers.SerializerMethodField()
    audit = serializers.SerializerMethodField()

    class Meta(GrantOut.Meta):
        fields = [*GrantOut.Meta.fields, "plan", "audit"]

    @extend_schema_field(PlanLineOut(many=True))
    def get_plan(self, obj) -> list[dict]:
        return PlanLineOut(queries.plan_rows(obj), many=True).data

    @extend_schema_field(AuditOut)
    def get_audit(self, obj) -> dict:
        return AuditOut(_audit_dict(queries.audit(grant=obj, days=self.context.get("days", 30)))).data


class DeductionOut(serializers.Serializer):
    name = serializers.CharField()
    account = serializers.CharField()
    amount = serializers.IntegerField()


class AllocationOut(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    deductions = DeductionOut(many=True, read_only=True)
    sources = serializers.SerializerMethodField()

    class Meta:
        model = Allocation
        fields = [
            "id",
            "grant",
            "group",
            "person",
            "person_name",
            "generation",
            "on_date",
            "gross",
            "deductions",
            "deducted",
            "net",
            "paid_from",
            "entry",
            "idempotency_key",
            "sources",
        ]

    def get_sources(self, obj) -> list[dict]:
        return [{"allocation": s.source_id, "amount": s.amount} for s in obj.sources.order_by("source_id")]


class RepaymentOut(serializers.ModelSerializer):
    outstanding = serializers.SerializerMethodField()

    class Meta:
        model = Repayment
        fields = ["id", "allocation", "on_date", "amount", "entry", "idempotency_key", "outstanding"]

    def get_outstanding(self, obj) -> int:
        return services.outstanding(obj.allocation)


class RuleOut(serializers.ModelSerializer):
    class Meta:
        model = DeductionRule
        fields = ["id", "name", "kind", "percent", "fixed_amount", "rounding", "account", "order"]


class BreakdownOut(serializers.Serializer):
    gross = serializers.IntegerField()
    deductions = serializers.ListField(child=serializers.DictField())
    net = serializers.IntegerField()


def _audit_dict(report: dict) -> dict:
    return {**report, "findings": [f.as_dict() for f in report["findings"]]}


def _breakdown_dict(b) -> dict:
    return {
        "gross": b.gross,
        "deductions": [
            {"name": d.rule.name, "account": d.rule.account, "amount": d.amount} for d in b.deductions
        ],
        "net": b.net,
    }


# --- input ------------------------------------------------------------------------------------------


class PlanItemIn(serializers.Serializer):
    person = serializers.IntegerField()
    amount = serializers.IntegerField()
    planned_on = serializers.DateField()


class ShareIn(serializers.Serializer):
    group = serializers.IntegerField()
    amount = serializers.IntegerField()
    plan = PlanItemIn(many=True, required=False, default=list)


class GrantIn(serializers.Serializer):
    programme = serializers.IntegerField()
    agency = serializers.IntegerField()
    reference = serializers.CharField(max_length=100)
    source = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    amount = serializers.IntegerField()
    granted_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    groups = ShareIn(many=True)


class PlanIn(serializers.Serializer):
    group = serializers.IntegerField()
    lines = PlanItemIn(many=True)


class RuleIn(serializers.Serializer):
    name = serializers.CharField(max_length=80)
    kind = serializers.ChoiceField(choices=DeductionRule.Kind.choices)
    account = serializers.ChoiceField(choices=DEDUCTION_ACCOUNTS)
    percent = serializers.DecimalField(max_digits=6, decimal_places=3, required=False, default=0)
    fixed_amount = serializers.IntegerField(required=False, default=0)
    rounding = serializers.IntegerField(required=False, default=1)


class RulesIn(serializers.Serializer):
    rules = RuleIn(many=True)


class ReceiptIn(serializers.Serializer):
    group = serializers.IntegerField()
    on_date = serializers.DateField()
    into = serializers.ChoiceField(choices=RECEIVE_ACCOUNTS, default=chart.CASH)
    idempotency_key = serializers.CharField(max_length=80, required=False, allow_null=True, default=None)


class LendIn(serializers.Serializer):
    grant = serializers.IntegerField()
    group = serializers.IntegerField()
    person = serializers.IntegerField()
    gross = serializers.IntegerField()
    on_date = serializers.DateField()
    paid_from = serializers.ChoiceField(choices=RECEIVE_ACCOUNTS, default=chart.CASH)
    idempotency_key = serializers.CharField(
        max_length=80, help_text="Chosen by the client; the same key again returns the first allocation."
    )


class SourceIn(serializers.Serializer):
    allocation = serializers.IntegerField()
    amount = serializers.IntegerField()


class RelendIn(LendIn):
    sources = SourceIn(many=True, required=False, help_text="whose repayments fund it; default oldest first")


class RepayIn(serializers.Serializer):
    allocation = serializers.IntegerField()
    amount = serializers.IntegerField()
    on_date = serializers.DateField()
    idempotency_key = serializers.CharField(max_length=80)


# --- helpers ----------------------------------------------------------------------------------------


def _grant(user, pk) -> Grant:
    grant = queries.visible_grants(user).select_related("programme", "agency").filter(pk=pk).first()
    if grant is None:
        raise Http404(_("Not found."))
    return grant


def _grant_group(user, grant_pk, group_pk, *, write=False) -> tuple[Grant, Group]:
    grant = _grant(user, grant_pk)
    group = access.access_books(user, group_pk, write=write)
    if not GrantGroup.objects.filter(grant=grant, group=group).exists():
        raise Http404(_("Not found."))
    return grant, group


def _days(request) -> int:
    raw = request.query_params.get("days", "")
    return int(raw) if raw.isdigit() and int(raw) <= 3650 else queries.DEFAULT_DAYS


DAYS = OpenApiParameter("days", int, description="days allowed after the planned date (default 30)")


# --- views ------------------------------------------------------------------------------------------


class GrantListAPI(APIView):
    @extend_schema(
        responses=GrantOut(many=True),
        parameters=[OpenApiParameter("q", str), OpenApiParameter("programme", int)],
        summary="Grants in scope, searchable",
    )
    def get(self, request):
        if not access.can_see_books(request.user):
            raise Http404(_("Not found."))
        qs = queries.grants_for_list(
            request.user,
            q=request.query_params.get("q", ""),
            programme_id=request.query_params.get("programme", ""),
        ).prefetch_related("shares__group")
        return paginated(self, request, qs, GrantOut)

    @extend_schema(
        request=GrantIn, responses={201: GrantDetailOut}, summary="Record a grant with its plan (managers)"
    )
    def post(self, request):
        user = request.user
        access.require_manage(user)
        data = validated(GrantIn, request.data)
        programme = access.access_programme(user, data["programme"], write=True)
        agency = access.access_agency(user, data["agency"])
        groups, plan = [], {}
        for share in data["groups"]:
            group = access.access_group(user, share["group"])
            groups.append((group, share["amount"]))
            plan[group.pk] = [
                services.PlanItem(item["person"], item["amount"], item["planned_on"])
                for item in share["plan"]
            ]
        grant = services.create_grant(
            programme=programme,
            agency=agency,
            reference=data["reference"],
            source=data["source"],
            amount=data["amount"],
            granted_on=data["granted_on"],
            groups=groups,
            plan=plan,
            note=data["note"],
            acting_user=user,
        )
        return Response(GrantDetailOut(grant).data, status=201)


class GrantDetailAPI(APIView):
    @extend_schema(responses=GrantDetailOut, parameters=[DAYS], summary="A grant with its plan and audit")
    def get(self, request, pk):
        grant = _grant(request.user, pk)
        return Response(GrantDetailOut(grant, context={"days": _days(request)}).data)


class GrantPlanAPI(APIView):
    @extend_schema(responses=PlanLineOut(many=True), summary="The grant's plan per beneficiary")
    def get(self, request, pk):
        grant = _grant(request.user, pk)
        return Response(PlanLineOut(queries.plan_rows(grant), many=True).data)

    @extend_schema(
        request=PlanIn, responses=PlanLineOut(many=True), summary="Replace one group's plan (managers)"
    )
    def put(self, request, pk):
        user = request.user
        grant = _grant(user, pk)
        access.access_programme(user, grant.programme_id, write=True)
        data = validated(PlanIn, request.data)
        group = access.access_group(user, data["group"])
        services.set_plan(
            grant=grant,
            group=group,
            items=[services.PlanItem(i["person"], i["amount"], i["planned_on"]) for i in data["lines"]],
            acting_user=user,
        )
        return Response(PlanLineOut(queries.plan_rows(grant), many=True).data)


class GrantAuditAPI(APIView):
    @extend_schema(
        responses=AuditOut, parameters=[DAYS], summary="Plan versus reality, recovery per generation"
    )
    def get(self, request, pk):
        grant = _grant(request.user, pk)
        return Response(AuditOut(_audit_dict(queries.audit(grant=grant, days=_days(request)))).data)


class GrantReceiptAPI(APIView):
    @extend_schema(
        request=ReceiptIn, responses={201: ShareOut, 200: ShareOut}, summary="A group receives its share"
    )
    def post(self, request, pk):
        data = validated(ReceiptIn, request.data)
        grant, group = _grant_group(request.user, pk, data["group"], write=True)
        already = GrantGroup.objects.filter(grant=grant, group=group, entry__isnull=False).exists()
        share = services.receive_grant(
            grant=grant,
            group=group,
            on_date=data["on_date"],
            into=data["into"],
            acting_user=request.user,
            idempotency_key=data["idempotency_key"],
        )
        return posted(ShareOut, share, repeated=already)


class GroupRulesAPI(APIView):
    @extend_schema(responses=RuleOut(many=True), summary="A group's fund deduction rules")
    def get(self, request, pk):
        group = access.access_books(request.user, pk)
        return Response(RuleOut(DeductionRule.objects.filter(group=group), many=True).data)

    @extend_schema(
        request=RulesIn, responses=RuleOut(many=True), summary="Replace the group's deduction rules"
    )
    def put(self, request, pk):
        group = access.access_books(request.user, pk, write=True)
        data = validated(RulesIn, request.data)
        rows = services.replace_rules(
            group=group, rules=[services.RuleInput(**r) for r in data["rules"]], acting_user=request.user
        )
        return Response(RuleOut(rows, many=True).data)


class GroupBreakdownAPI(APIView):
    @extend_schema(
        responses=BreakdownOut,
        parameters=[OpenApiParameter("gross", int, required=True)],
        summary="Gross → each deduction → net by the group's rules (nothing is posted)",
    )
    def get(self, request, pk):
        group = access.access_books(request.user, pk)
        raw = request.query_params.get("gross", "")
        gross = int(raw) if raw.lstrip("-").isdigit() else 0
        return Response(BreakdownOut(_breakdown_dict(services.preview(group=group, gross=gross))).data)


def _lend(request, data, fn, **extra):
    grant, group = _grant_group(request.user, data["grant"], data["group"], write=True)
    already = key_used(Allocation.objects.filter(group=group), data["idempotency_key"])
    allocation = fn(
        grant=grant,
        group=group,
        person_id=data["person"],
        gross=data["gross"],
        on_date=data["on_date"],
        paid_from=data["paid_from"],
        acting_user=request.user,
        idempotency_key=data["idempotency_key"],
        **extra,
    )
    return posted(AllocationOut, allocation, repeated=already)


class DisbursementAPI(APIView):
    @extend_schema(
        request=LendIn,
        responses={201: AllocationOut, 200: AllocationOut},
        summary="Disburse to a beneficiary (generation 1): gross → deductions → net",
    )
    def post(self, request):
        return _lend(request, validated(LendIn, request.data), services.disburse)


class RelendingAPI(APIView):
    @extend_schema(
        request=RelendIn,
        responses={201: AllocationOut, 200: AllocationOut},
        summary="Re-lend repaid money to the next beneficiary (generation 2, 3 …)",
    )
    def post(self, request):
        data = validated(RelendIn, request.data)
        sources = [(s["allocation"], s["amount"]) for s in data.get("sources") or []] or None
        return _lend(request, data, services.relend, sources=sources)


class RepaymentAPI(APIView):
    @extend_schema(
        request=RepayIn, responses={201: RepaymentOut, 200: RepaymentOut}, summary="Repay into the fund"
    )
    def post(self, request):
        data = validated(RepayIn, request.data)
        allocation = (
            Allocation.objects.filter(access.group_q(request.user, "group__"))
            .select_related("group__place", "grant", "person")
            .filter(pk=data["allocation"])
            .first()
        )
        if allocation is None:
            raise Http404(_("Not found."))
        access.access_books(request.user, allocation.group_id, write=True)
        already = key_used(
            Repayment.objects.filter(allocation__group_id=allocation.group_id), data["idempotency_key"]
        )
        repayment = services.repay(
            allocation=allocation,
            amount=data["amount"],
            on_date=data["on_date"],
            acting_user=request.user,
            idempotency_key=data["idempotency_key"],
        )
        return posted(RepaymentOut, repayment, repeated=already)


urlpatterns = [
    path("funds/grants/", GrantListAPI.as_view(), name="fund_grants"),
    path("funds/grants/<int:pk>/", GrantDetailAPI.as_view(), name="fund_grant"),
    path("funds/grants/<int:pk>/plan/", GrantPlanAPI.as_view(), name="fund_grant_plan"),
    path("funds/grants/<int:pk>/audit/", GrantAuditAPI.as_view(), name="fund_grant_audit"),
    path("funds/grants/<int:pk>/receipts/", GrantReceiptAPI.as_view(), name="fund_grant_receipt"),
    path("funds/disbursements/", DisbursementAPI.as_view(), name="fund_disbursements"),
    path("funds/repayments/", RepaymentAPI.as_view(), name="fund_repayments"),
    path("funds/relendings/", RelendingAPI.as_view(), name="fund_relendings"),
    path("groups/<int:pk>/fund-rules/", GroupRulesAPI.as_view(), name="group_fund_rules"),
    path("groups/<int:pk>/fund-rules/breakdown/", GroupBreakdownAPI.as_view(), name="group_fund_breakdown"),
]
