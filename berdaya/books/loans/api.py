"""Loans API: the same services and access helpers as the pages, with explicit input/output serializers.

A group's loans are books: members get 404 on lists and writes, and read only their own loan
(``GET loans/<id>/``, like the loan card); auditors and partners read, writes answer 403.
Postings accept an ``idempotency_key``: a repeated repayment returns the first one with 200.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from berdaya.accounts import access
from berdaya.books.api import group_member
from berdaya.core.api import key_used, paginated, posted, validated
from berdaya.core.errors import ServiceError
from berdaya.core.lists import search
from berdaya.groups.services import local_today

from . import queries, services
from .models import Cover, CoverDebt, CoverSettlement, Frequency, Loan, LoanPayment, LoanPolicy, Method
from .views import get_loan, get_own_loan

# --- output -----------------------------------------------------------------------------------------


class LoanOut(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name")
    outstanding_principal = serializers.IntegerField()

    class Meta:
        model = Loan
        fields = [
            "id",
            "group",
            "person",
            "person_name",
            "principal",
            "term_periods",
            "rate_percent",
            "method",
            "frequency",
            "first_due_on",
            "purpose",
            "rounding_unit",
            "status",
            "applied_on",
            "applied_by",
            "decided_by",
            "rejection_reason",
            "disbursed_on",
            "closed_on",
            "principal_paid",
            "interest_paid",
            "penalty_paid",
            "outstanding_principal",
        ]


class InstalmentOut(serializers.Serializer):
    number = serializers.IntegerField()
    due_on = serializers.DateField()
    principal = serializers.IntegerField()
    interest = serializers.IntegerField()
    penalty = serializers.IntegerField()
    total = serializers.IntegerField()
    paid = serializers.IntegerField()
    balance = serializers.IntegerField()
    paid_on = serializers.DateField(allow_null=True)


class RateOut(serializers.Serializer):
    flat_annual = serializers.DecimalField(max_digits=9, decimal_places=2)
    nominal = serializers.DecimalField(max_digits=9, decimal_places=2, help_text="IRR × periods a year, %")
    compound = serializers.DecimalField(max_digits=9, decimal_places=2)


class DueOut(serializers.Serializer):
    penalty = serializers.IntegerField()
    interest = serializers.IntegerField()
    principal = serializers.IntegerField()
    total_due = serializers.IntegerField()
    outstanding = serializers.IntegerField()
    outstanding_principal = serializers.IntegerField()


class PaymentOut(serializers.ModelSerializer):
    class Meta:
        model = LoanPayment
        fields = [
            "id",
            "loan",
            "on_date",
            "amount",
            "principal",
            "interest",
            "penalty",
            "source",
            "entry",
            "idempotency_key",
        ]


class LoanDetailOut(LoanOut):
    schedule = serializers.SerializerMethodField()
    effective_rate = serializers.SerializerMethodField()
    due = serializers.SerializerMethodField()
    days_past_due = serializers.SerializerMethodField()
    grade = serializers.SerializerMethodField()
    payments = serializers.SerializerMethodField()

    class Meta(LoanOut.Meta):
        fields = [
            *LoanOut.Meta.fields,
            "schedule",
            "effective_rate",
            "due",
            "days_past_due",
            "grade",
            "payments",
        ]

    def _today(self, obj):
        return local_today(obj.group.place)

    def get_schedule(self, obj) -> list[dict]:
        return InstalmentOut(queries.schedule_rows(obj), many=True).data

    def get_effective_rate(self, obj) -> dict | None:
        rate = queries.effective_rate(obj)
        return RateOut(rate).data if rate else None

    def get_due(self, obj) -> dict | None:
        return DueOut(queries.amount_due(obj, self._today(obj))).data if obj.is_active else None

    def get_days_past_due(self, obj) -> int:
        return queries.loan_arrears(obj, self._today(obj))["days_past_due"]

    def get_grade(self, obj) -> str:
        return queries.loan_arrears(obj, self._today(obj))["grade"]

    def get_payments(self, obj) -> list[dict]:
        return PaymentOut(obj.payments.order_by("on_date", "id"), many=True).data


class CoverDebtOut(serializers.ModelSerializer):
    defaulter_name = serializers.CharField(source="defaulter.full_name")
    coverer_name = serializers.SerializerMethodField()
    remaining = serializers.IntegerField()

    class Meta:
        model = CoverDebt
        fields = [
            "id",
            "cover",
            "defaulter",
            "defaulter_name",
            "coverer",
            "coverer_name",
            "weight",
            "amount",
            "settled",
            "remaining",
            "settled_on",
        ]

    def get_coverer_name(self, obj) -> str:
        return obj.coverer.full_name if obj.coverer_id else str(_("Group fund"))


class CoverOut(serializers.Serializer):
    id = serializers.IntegerField()
    loan = serializers.IntegerField(source="loan_id")
    defaulter = serializers.IntegerField(source="defaulter_id")
    on_date = serializers.DateField()
    amount = serializers.IntegerField()
    fund_part = serializers.IntegerField()
    split = serializers.CharField()
    explanation = serializers.CharField()
    entry = serializers.IntegerField(source="entry_id")
    debts = CoverDebtOut(many=True, source="debts.all")


class OwedOut(serializers.Serializer):
    person_id = serializers.IntegerField()
    person_name = serializers.CharField()
    owed = serializers.IntegerField()


class CoversOut(serializers.Serializer):
    owed = OwedOut(many=True)
    debts = CoverDebtOut(many=True)


class SettlementOut(serializers.Serializer):
    id = serializers.IntegerField()
    defaulter = serializers.IntegerField(source="defaulter_id")
    on_date = serializers.DateField()
    amount = serializers.IntegerField()
    parts = serializers.DictField(child=serializers.IntegerField(), help_text="cover debt id → Rp")
    entry = serializers.IntegerField(source="entry_id")


class ParOut(serializers.Serializer):
    late = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=7, decimal_places=2)


class GradeOut(serializers.Serializer):
    count = serializers.IntegerField()
    outstanding = serializers.IntegerField()


class ArrearsOut(serializers.Serializer):
    loan_id = serializers.IntegerField()
    person_id = serializers.IntegerField()
    outstanding_principal = serializers.IntegerField()
    days_past_due = serializers.IntegerField()
    grade = serializers.CharField()


class PortfolioOut(serializers.Serializer):
    as_of = serializers.DateField()
    loans = serializers.IntegerField()
    outstanding = serializers.IntegerField()
    par = serializers.DictField(child=ParOut(), help_text="keys 1, 30, 90")
    grades = serializers.DictField(child=GradeOut())
    arrears = ArrearsOut(many=True)


class PolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = LoanPolicy
        fields = ["group", *sorted(services.POLICY_FIELDS), "updated_at"]
        read_only_fields = ["group", "updated_at"]


# --- input ------------------------------------------------------------------------------------------


class ApplyIn(serializers.Serializer):
    person = serializers.IntegerField()
    principal = serializers.IntegerField()
    term_periods = serializers.IntegerField()
    rate_percent = serializers.DecimalField(
        max_digits=6, decimal_places=3, required=False, allow_null=True, default=None
    )
    method = serializers.ChoiceField(choices=Method.choices, required=False, allow_null=True, default=None)
    frequency = serializers.ChoiceField(
        choices=Frequency.choices, required=False, allow_null=True, default=None
    )
    first_due_on = serializers.DateField()
    purpose = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    on_date = serializers.DateField(required=False, allow_null=True, default=None, help_text="default: today")


class RejectIn(serializers.Serializer):
    reason = serializers.CharField(max_length=250)


class DateKeyIn(serializers.Serializer):
    on_date = serializers.DateField()
    idempotency_key = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")


class AmountIn(DateKeyIn):
    amount = serializers.IntegerField()


# --- views ------------------------------------------------------------------------------------------


class LoanListAPI(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="member name"), OpenApiParameter("status", str)],
        responses=LoanOut(many=True),
    )
    def get(self, request, pk):
        group = access.access_books(request.user, pk)
        qs = search(queries.loans_for_group(group), request.query_params.get("q", ""), ["person__full_name"])
        status = request.query_params.get("status", "")
        if status:
            qs = qs.filter(status=status)
        return paginated(self, request, qs, LoanOut)

    @extend_schema(request=ApplyIn, responses={201: LoanDetailOut})
    def post(self, request, pk):
        """Record a loan application (the maker); someone else approves it."""
        group = access.access_books(request.user, pk, write=True)
        data = validated(ApplyIn, request.data)
        person = group_member(group, data.pop("person"))
        loan = services.apply(group=group, person=person, acting_user=request.user, **data)
        return Response(LoanDetailOut(loan).data, status=201)


class LoanDetailAPI(APIView):
    @extend_schema(responses=LoanDetailOut)
    def get(self, request, pk):
        """One loan with its schedule, payments, arrears and (flat loans) effective annual rate.

        A member reads their own loans only."""
        return Response(LoanDetailOut(get_own_loan(request.user, pk)).data)


class ApproveAPI(APIView):
    @extend_schema(request=None, responses=LoanDetailOut)
    def post(self, request, pk):
        loan = services.approve(loan=get_loan(request.user, pk, write=True), acting_user=request.user)
        return Response(LoanDetailOut(loan).data)


class RejectAPI(APIView):
    @extend_schema(request=RejectIn, responses=LoanDetailOut)
    def post(self, request, pk):
        loan = get_loan(request.user, pk, write=True)
        data = validated(RejectIn, request.data)
        loan = services.reject(loan=loan, reason=data["reason"], acting_user=request.user)
        return Response(LoanDetailOut(loan).data)


class DisburseAPI(APIView):
    @extend_schema(request=DateKeyIn, responses=LoanDetailOut)
    def post(self, request, pk):
        loan = get_loan(request.user, pk, write=True)
        data = validated(DateKeyIn, request.data)
        loan = services.disburse(
            loan=loan,
            on_date=data["on_date"],
            acting_user=request.user,
            idempotency_key=data["idempotency_key"] or None,
        )
        return Response(LoanDetailOut(loan).data)


class RepaymentAPI(APIView):
    @extend_schema(responses=PaymentOut(many=True))
    def get(self, request, pk):
        loan = get_own_loan(request.user, pk)
        return paginated(self, request, loan.payments.order_by("on_date", "id"), PaymentOut)

    @extend_schema(request=AmountIn, responses={201: PaymentOut, 200: PaymentOut})
    def post(self, request, pk):
        """Record a repayment. With an ``idempotency_key`` already used, the first payment comes back (200)."""
        loan = get_loan(request.user, pk, write=True)
        data = validated(AmountIn, request.data)
        key = data["idempotency_key"] or None
        repeat = key_used(LoanPayment.objects.filter(group_id=loan.group_id), key)
        payment = services.repay(
            loan=loan,
            amount=data["amount"],
            on_date=data["on_date"],
            acting_user=request.user,
            idempotency_key=key,
        )
        return posted(PaymentOut, payment, repeated=repeat)


class CoverAPI(APIView):
    @extend_schema(request=DateKeyIn, responses={201: CoverOut, 200: CoverOut})
    def post(self, request, pk):
        """Joint liability: the group covers what is due and unpaid on the loan on ``on_date``."""
        loan = get_loan(request.user, pk, write=True)
        data = validated(DateKeyIn, request.data)
        repeated = key_used(Cover.objects.filter(group_id=loan.group_id), data["idempotency_key"])
        cover = services.cover_instalment(
            loan=loan,
            on_date=data["on_date"],
            acting_user=request.user,
            idempotency_key=data["idempotency_key"] or None,
        )
        return posted(CoverOut, cover, repeated=repeated)


class CoversAPI(APIView):
    @extend_schema(responses=CoversOut)
    def get(self, request, pk):
        """Who owes joint-liability cover in the group, and to whom (unsettled debts)."""
        group = access.access_books(request.user, pk)
        return Response(
            CoversOut({"owed": queries.cover_owed(group), "debts": queries.open_cover_debts(group)}).data
        )


class SettleAPI(APIView):
    @extend_schema(request=AmountIn, responses={201: SettlementOut, 200: SettlementOut})
    def post(self, request, pk):
        """The defaulter pays back (part of) one cover debt."""
        debt = (
            CoverDebt.objects.filter(access.group_q(request.user, "group__"), pk=pk)
            .select_related("group", "defaulter")
            .first()
        )
        if debt is None:
            raise Http404
        access.access_books(request.user, debt.group_id, write=True)
        data = validated(AmountIn, request.data)
        repeated = key_used(CoverSettlement.objects.filter(group_id=debt.group_id), data["idempotency_key"])
        settlement = services.settle_cover(
            debt=debt,
            amount=data["amount"],
            on_date=data["on_date"],
            acting_user=request.user,
            idempotency_key=data["idempotency_key"] or None,
        )
        return posted(SettlementOut, settlement, repeated=repeated)


class PortfolioAPI(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("as_of", dt.date, description="default: today")], responses=PortfolioOut
    )
    def get(self, request, pk):
        """PAR1/30/90, grade counts and the loans in arrears of the group on ``as_of``."""
        group = access.access_books(request.user, pk)
        as_of = local_today(group.place)
        if request.query_params.get("as_of"):
            try:
                as_of = dt.date.fromisoformat(request.query_params["as_of"])
            except ValueError:
                raise ServiceError(
                    _("as_of must be a date (YYYY-MM-DD)."), field_errors={"as_of": _("Not a date.")}
                ) from None
        data = queries.portfolio([group.pk], as_of)
        data["par"] = {str(k): v for k, v in data["par"].items()}
        data["arrears"] = queries.arrears_rows(as_of, [group.pk], only_late=True)
        return Response(PortfolioOut(data).data)


class PolicyAPI(APIView):
    @extend_schema(responses=PolicySerializer)
    def get(self, request, pk):
        group = access.access_books(request.user, pk)
        return Response(PolicySerializer(services.policy_for(group)).data)

    @extend_schema(request=PolicySerializer(partial=True), responses=PolicySerializer)
    def patch(self, request, pk):
        group = access.access_books(request.user, pk, write=True)
        policy = services.policy_for(group)
        serializer = PolicySerializer(policy, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = {k: v for k, v in serializer.validated_data.items() if k in services.POLICY_FIELDS}
        policy = services.update_policy(group=group, changes=changes, acting_user=request.user)
        return Response(PolicySerializer(policy).data)


urlpatterns = [
    path("groups/<int:pk>/loans/", LoanListAPI.as_view(), name="loans_group_loans"),
    path("groups/<int:pk>/covers/", CoversAPI.as_view(), name="loans_group_covers"),
    path("groups/<int:pk>/loan-portfolio/", PortfolioAPI.as_view(), name="loan_portfolio"),
    path("groups/<int:pk>/loan-policy/", PolicyAPI.as_view(), name="loan_policy"),
    path("loans/<int:pk>/", LoanDetailAPI.as_view(), name="loan"),
    path("loans/<int:pk>/approve/", ApproveAPI.as_view(), name="loan_approve"),
    path("loans/<int:pk>/reject/", RejectAPI.as_view(), name="loan_reject"),
    path("loans/<int:pk>/disburse/", DisburseAPI.as_view(), name="loan_disburse"),
    path("loans/<int:pk>/repayments/", RepaymentAPI.as_view(), name="loan_repayments"),
    path("loans/<int:pk>/cover/", CoverAPI.as_view(), name="loan_cover"),
    path("cover-debts/<int:pk>/settle/", SettleAPI.as_view(), name="loans_cover_debt_settle"),
]
