"""Books API: savings, passbook, member statement, journal, manual entries, reversals, period close,
statements and the SHU year-end close — the same services and access helpers as the pages.

Postings take an optional ``idempotency_key``: repeating a request with the same key returns the entry
posted the first time with 200 instead of 201, and posts nothing more.
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
from berdaya.core.api import Pagination, key_used, paginated, posted, validated
from berdaya.core.errors import ServiceError
from berdaya.core.lists import search
from berdaya.groups.models import Membership
from berdaya.groups.services import local_today
from berdaya.people.models import Person

from . import chart, queries, savings, services, shu
from .models import JournalEntry, ShuDistribution, ShuPolicy
from .views import member_statement_data, post_manual_entry

# --- output -----------------------------------------------------------------------------------------


class JournalLegOut(serializers.Serializer):
    account = serializers.CharField(source="account.code")
    account_name = serializers.CharField(source="account.name")
    person = serializers.IntegerField(source="person_id", allow_null=True)
    debit = serializers.IntegerField()
    credit = serializers.IntegerField()


class JournalEntryOut(serializers.ModelSerializer):
    amount = serializers.SerializerMethodField()

    class Meta:
        model = JournalEntry
        fields = [
            "id",
            "on_date",
            "kind",
            "memo",
            "idempotency_key",
            "reverses",
            "meeting",
            "created_at",
            "amount",
        ]

    def get_amount(self, obj) -> int:
        if hasattr(obj, "amount"):
            return obj.amount or 0
        return sum(leg.debit for leg in obj.legs.all())


class JournalEntryDetailOut(JournalEntryOut):
    legs = JournalLegOut(many=True, read_only=True)
    reversed_by = serializers.SerializerMethodField()

    class Meta(JournalEntryOut.Meta):
        fields = [*JournalEntryOut.Meta.fields, "legs", "reversed_by"]

    def get_reversed_by(self, obj) -> int | None:
        return JournalEntry.objects.filter(reverses=obj).values_list("pk", flat=True).first()


class MemberSavingsOut(serializers.Serializer):
    person = serializers.IntegerField()
    person_name = serializers.CharField()
    pokok = serializers.IntegerField()
    wajib = serializers.IntegerField()
    sukarela = serializers.IntegerField()
    total = serializers.IntegerField()


class PassbookRowOut(serializers.Serializer):
    date = serializers.DateField()
    entry_id = serializers.IntegerField()
    memo = serializers.CharField()
    kind = serializers.CharField()
    deposit = serializers.IntegerField()
    withdrawal = serializers.IntegerField()
    balances = serializers.DictField(child=serializers.IntegerField())
    total = serializers.IntegerField()


class PassbookOut(serializers.Serializer):
    group = serializers.IntegerField()
    person = serializers.IntegerField()
    person_name = serializers.CharField()
    rows = PassbookRowOut(many=True)
    balances = serializers.DictField(child=serializers.IntegerField())
    total = serializers.IntegerField()


class MemberStatementRowOut(serializers.Serializer):
    date = serializers.DateField()
    entry_id = serializers.IntegerField()
    memo = serializers.CharField()
    increase = serializers.IntegerField()
    decrease = serializers.IntegerField()
    balance = serializers.IntegerField()


class MemberStatementAccountOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    owed_by_member = serializers.BooleanField()
    opening = serializers.IntegerField()
    closing = serializers.IntegerField()
    rows = MemberStatementRowOut(many=True)


class MemberStatementOut(serializers.Serializer):
    since = serializers.DateField()
    until = serializers.DateField()
    accounts = MemberStatementAccountOut(many=True)
    held_for_member = serializers.IntegerField()
    owed_by_member = serializers.IntegerField()


class BooksAccountRowOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="account.name")
    kind = serializers.CharField()
    debit = serializers.IntegerField()
    credit = serializers.IntegerField()
    balance = serializers.IntegerField()


class TrialBalanceRowOut(BooksAccountRowOut):
    dr = serializers.IntegerField()
    cr = serializers.IntegerField()


class TrialBalanceOut(serializers.Serializer):
    as_of = serializers.DateField()
    rows = TrialBalanceRowOut(many=True)
    total_debit = serializers.IntegerField()
    total_credit = serializers.IntegerField()
    difference = serializers.IntegerField()


class BalanceSheetOut(serializers.Serializer):
    as_of = serializers.DateField()
    assets = BooksAccountRowOut(many=True)
    liabilities = BooksAccountRowOut(many=True)
    equity = BooksAccountRowOut(many=True)
    total_assets = serializers.IntegerField()
    total_liabilities = serializers.IntegerField()
    total_equity = serializers.IntegerField()
    current_surplus = serializers.IntegerField()
    total_liabilities_equity = serializers.IntegerField()
    difference = serializers.IntegerField()


class IncomeStatementOut(serializers.Serializer):
    since = serializers.DateField()
    until = serializers.DateField()
    income = BooksAccountRowOut(many=True)
    expenses = BooksAccountRowOut(many=True)
    total_income = serializers.IntegerField()
    total_expenses = serializers.IntegerField()
    surplus = serializers.IntegerField()


class CashRowOut(serializers.Serializer):
    date = serializers.DateField()
    entry_id = serializers.IntegerField()
    memo = serializers.CharField()
    account = serializers.CharField()
    cash_in = serializers.IntegerField()
    cash_out = serializers.IntegerField()
    balance = serializers.IntegerField()


class CashbookOut(serializers.Serializer):
    since = serializers.DateField()
    until = serializers.DateField()
    opening = serializers.IntegerField()
    rows = CashRowOut(many=True)
    cash_in = serializers.IntegerField()
    cash_out = serializers.IntegerField()
    closing = serializers.IntegerField()


class BookOut(serializers.Serializer):
    group = serializers.IntegerField()
    closed_through = serializers.DateField(allow_null=True)
    cash = serializers.IntegerField()
    savings = serializers.DictField(child=serializers.IntegerField())
    balances = BooksAccountRowOut(many=True)


class ShuMemberOut(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    person_name = serializers.CharField(source="person.full_name")
    counted_savings = serializers.IntegerField()
    transactions_income = serializers.IntegerField()
    jasa_modal = serializers.IntegerField()
    jasa_usaha = serializers.IntegerField()
    total = serializers.IntegerField()


class ShuPreviewOut(serializers.Serializer):
    year = serializers.IntegerField()
    total_income = serializers.IntegerField()
    total_expenses = serializers.IntegerField()
    surplus = serializers.IntegerField()
    reserve = serializers.IntegerField()
    jasa_modal = serializers.IntegerField()
    jasa_usaha = serializers.IntegerField()
    management_fund = serializers.IntegerField()
    education_fund = serializers.IntegerField()
    social_fund = serializers.IntegerField()
    members = ShuMemberOut(many=True)
    notes = serializers.ListField(child=serializers.CharField())
    refusal = serializers.CharField(allow_null=True)


class ShuShareOut(ShuMemberOut):
    # The same fields as a preview's member row; its own class keeps its own name in the schema.
    pass


class ShuDistributionOut(serializers.ModelSerializer):
    shares = ShuShareOut(many=True, read_only=True)

    class Meta:
        model = ShuDistribution
        fields = [
            "id",
            "group",
            "year",
            "surplus",
            "reserve",
            "management_fund",
            "education_fund",
            "social_fund",
            "jasa_modal",
            "jasa_usaha",
            "policy",
            "closing_entry",
            "distribution_entry",
            "closed_at",
            "shares",
        ]


class ShuPolicyOut(serializers.ModelSerializer):
    class Meta:
        model = ShuPolicy
        fields = ["group", *shu.POLICY_FIELDS]


class BookClosedOut(serializers.Serializer):
    group = serializers.IntegerField(source="group_id")
    closed_through = serializers.DateField()


# --- input ------------------------------------------------------------------------------------------

_KEY = {"required": False, "allow_null": True, "allow_blank": True, "max_length": 100, "default": None}


class DepositIn(serializers.Serializer):
    person = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=list(savings.KINDS))
    amount = serializers.IntegerField(min_value=1)
    on_date = serializers.DateField(required=False, allow_null=True, default=None, help_text="default: today")
    idempotency_key = serializers.CharField(**_KEY)


class WithdrawIn(serializers.Serializer):
    person = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=list(savings.KINDS), default="sukarela")
    amount = serializers.IntegerField(min_value=1)
    on_date = serializers.DateField(required=False, allow_null=True, default=None)
    idempotency_key = serializers.CharField(**_KEY)


class RefundIn(serializers.Serializer):
    person = serializers.IntegerField()
    on_date = serializers.DateField(required=False, allow_null=True, default=None)
    idempotency_key = serializers.CharField(**_KEY)


class ManualLegIn(serializers.Serializer):
    account = serializers.CharField(max_length=10)
    debit = serializers.IntegerField(min_value=0, default=0)
    credit = serializers.IntegerField(min_value=0, default=0)
    person = serializers.IntegerField(required=False, allow_null=True, default=None)


class ManualEntryIn(serializers.Serializer):
    on_date = serializers.DateField()
    memo = serializers.CharField(max_length=250)
    legs = ManualLegIn(many=True)
    idempotency_key = serializers.CharField(**_KEY)

    def validate_legs(self, value):
        if not 2 <= len(value) <= 6:
            raise serializers.ValidationError(_("An entry has 2 to 6 legs."))
        return value


class ReverseIn(serializers.Serializer):
    on_date = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=200)
    idempotency_key = serializers.CharField(**_KEY)


class PeriodCloseIn(serializers.Serializer):
    through = serializers.DateField()


class ShuCloseIn(serializers.Serializer):
    idempotency_key = serializers.CharField(**_KEY)


class ShuPolicyIn(serializers.Serializer):
    reserve_percent = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    jasa_modal_percent = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    jasa_usaha_percent = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    management_percent = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    education_percent = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    social_percent = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    modal_savings = serializers.ChoiceField(choices=ShuPolicy.ModalSavings.choices, required=False)


# --- helpers ----------------------------------------------------------------------------------------

PERIOD_PARAMS = [
    OpenApiParameter("since", dt.date, description="first day; default 1 January of this year"),
    OpenApiParameter("until", dt.date, description="last day (the 'as of' date); default today"),
]


def _period(request, group) -> tuple[dt.date, dt.date]:
    today = local_today(group.place)
    out = []
    for name, default in (("since", dt.date(today.year, 1, 1)), ("until", today)):
        raw = request.query_params.get(name)
        try:
            out.append(dt.date.fromisoformat(raw) if raw else default)
        except ValueError:
            raise serializers.ValidationError({name: [_("Enter a valid date (YYYY-MM-DD).")]}) from None
    return out[0], out[1]


def _member(group, person_id, *, active=False) -> Person:
    memberships = Membership.objects.filter(group=group)
    if active:
        memberships = memberships.filter(left_on__isnull=True)
    person = Person.objects.filter(pk=person_id, pk__in=memberships.values("person_id")).first()
    if person is None:
        raise serializers.ValidationError({"person": [_("Not a member of this group.")]})
    return person


def group_member(group, person_id) -> Person:
    """Someone who is or was a member of the group, for the loans and arisan APIs; anyone else is
    refused as a ServiceError (400, code ``member``), since those services name the member as a field.
    """
    person = Person.objects.filter(
        pk=person_id, pk__in=Membership.objects.filter(group=group).values("person_id")
    ).first()
    if person is None:
        raise ServiceError(
            _("That person has never been a member of this group."),
            field_errors={"person": _("Not a member of this group.")},
            code="member",
        )
    return person


def _already_posted(group, key) -> bool:
    return key_used(JournalEntry.objects.filter(book__group=group), key)


def _entry_response(entry, repeated: bool) -> Response:
    entry = JournalEntry.objects.prefetch_related("legs__account").get(pk=entry.pk)
    return posted(JournalEntryDetailOut, entry, repeated=repeated)


def _savings_posting(request, pk, input_class, post, *, fields=(), active=False) -> Response:
    """Deposit, withdrawal and refund differ only in the service and the fields it takes from the input.

    ``active``: only a current member may pay in or withdraw; a refund is for someone who has left.
    A refund to someone who holds nothing posts nothing: 204.
    """
    group = access.access_books(request.user, pk, write=True)
    data = validated(input_class, request.data)
    key = data["idempotency_key"] or None
    repeated = _already_posted(group, key)
    entry = post(
        group=group,
        person=_member(group, data["person"], active=active),
        on_date=data["on_date"] or local_today(group.place),
        acting_user=request.user,
        idempotency_key=key,
        **{name: data[name] for name in fields},
    )
    if entry is None:
        return Response(status=204)
    return _entry_response(entry, repeated)


def _statement_period(request, pk):
    """The group's book and the period asked for: where every statement starts."""
    group = access.access_books(request.user, pk)
    since, until = _period(request, group)
    return services.open_book(group=group), since, until


# --- views ------------------------------------------------------------------------------------------


class BookAPI(APIView):
    @extend_schema(responses=BookOut)
    def get(self, request, pk):
        """The group's books today: cash, savings totals and every account's balance."""
        group = access.access_books(request.user, pk)
        book = services.open_book(group=group)
        rows = [r for r in queries.account_balances(book) if r["debit"] or r["credit"]]
        by_code = {r["code"]: r["balance"] for r in rows}
        body = {
            "group": group.pk,
            "closed_through": book.closed_through,
            "cash": by_code.get(chart.CASH, 0) + by_code.get(chart.BANK, 0),
            "savings": {kind: by_code.get(code, 0) for kind, code in savings.KINDS.items()},
            "balances": rows,
        }
        return Response(BookOut(body).data)


class SavingsAPI(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="words of the member's name")],
        responses=MemberSavingsOut(many=True),
    )
    def get(self, request, pk):
        """Every active member's pokok, wajib and sukarela balances (paginated)."""
        group = access.access_books(request.user, pk)
        book = services.open_book(group=group)
        qs = search(
            Membership.objects.filter(group=group, left_on__isnull=True).select_related("person"),
            request.query_params.get("q", ""),
            ["person__full_name"],
        ).order_by("person__full_name", "pk")
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        balances = queries.member_balances(
            book, savings.SAVINGS_CODES, person_ids=[m.person_id for m in page]
        )
        empty = dict.fromkeys(savings.SAVINGS_CODES, 0)
        rows = []
        for m in page:
            b = balances.get(m.person_id, empty)
            rows.append(
                {
                    "person": m.person_id,
                    "person_name": m.person.full_name,
                    "pokok": b[chart.PRINCIPAL],
                    "wajib": b[chart.MANDATORY],
                    "sukarela": b[chart.VOLUNTARY],
                    "total": sum(b.values()),
                }
            )
        return paginator.get_paginated_response(MemberSavingsOut(rows, many=True).data)


class DepositAPI(APIView):
    @extend_schema(request=DepositIn, responses={201: JournalEntryDetailOut, 200: JournalEntryDetailOut})
    def post(self, request, pk):
        """A member's saving paid in (pokok, wajib or sukarela)."""
        return _savings_posting(
            request, pk, DepositIn, savings.deposit, fields=("kind", "amount"), active=True
        )


class WithdrawAPI(APIView):
    @extend_schema(request=WithdrawIn, responses={201: JournalEntryDetailOut, 200: JournalEntryDetailOut})
    def post(self, request, pk):
        """A withdrawal of voluntary savings, up to the balance (pokok and wajib are refused)."""
        return _savings_posting(
            request, pk, WithdrawIn, savings.withdraw, fields=("kind", "amount"), active=True
        )


class RefundAPI(APIView):
    @extend_schema(
        request=RefundIn, responses={201: JournalEntryDetailOut, 200: JournalEntryDetailOut, 204: None}
    )
    def post(self, request, pk):
        """Return all savings to a member who has left the group (204 when they hold none)."""
        return _savings_posting(request, pk, RefundIn, savings.refund_on_leave)


class PassbookAPI(APIView):
    @extend_schema(responses=PassbookOut)
    def get(self, request, pk, person_id):
        """A member's savings movements with running balances (a member reaches only their own)."""
        group, person = access.access_member_record(request.user, pk, person_id)
        pb = savings.passbook(group, person)
        body = {"group": group.pk, "person": person.pk, "person_name": person.full_name, **pb}
        return Response(PassbookOut(body).data)


class MemberStatementAPI(APIView):
    @extend_schema(parameters=PERIOD_PARAMS, responses=MemberStatementOut)
    def get(self, request, pk, person_id):
        """All of a member's balances on member accounts, with the period's movements."""
        group, person = access.access_member_record(request.user, pk, person_id)
        since, until = _period(request, group)
        return Response(MemberStatementOut(member_statement_data(group, person, since, until)).data)


class JournalAPI(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="words of the description"),
            OpenApiParameter("kind", str, enum=JournalEntry.Kind.values),
            *PERIOD_PARAMS,
        ],
        responses=JournalEntryOut(many=True),
    )
    def get(self, request, pk):
        """The group's journal, newest first (filters: description, kind, dates)."""
        from django.db.models import Sum

        group = access.access_books(request.user, pk)
        params = request.query_params
        qs = search(JournalEntry.objects.filter(book__group=group), params.get("q", ""), ["memo"])
        if params.get("kind"):
            qs = qs.filter(kind=params["kind"])
        for name, lookup in (("since", "on_date__gte"), ("until", "on_date__lte")):
            if params.get(name):
                try:
                    qs = qs.filter(**{lookup: dt.date.fromisoformat(params[name])})
                except ValueError:
                    raise serializers.ValidationError(
                        {name: [_("Enter a valid date (YYYY-MM-DD).")]}
                    ) from None
        qs = qs.annotate(amount=Sum("legs__debit")).order_by("-on_date", "-id")
        return paginated(self, request, qs, JournalEntryOut)

    @extend_schema(request=ManualEntryIn, responses={201: JournalEntryDetailOut, 200: JournalEntryDetailOut})
    def post(self, request, pk):
        """Post a manual entry: 2–6 legs that balance (member accounts name the member)."""
        group = access.access_books(request.user, pk, write=True)
        data = validated(ManualEntryIn, request.data)
        key = data["idempotency_key"] or None
        repeated = _already_posted(group, key)
        lines = [
            services.Line(leg["account"], debit=leg["debit"], credit=leg["credit"], person_id=leg["person"])
            for leg in data["legs"]
        ]
        entry = post_manual_entry(
            group=group,
            on_date=data["on_date"],
            memo=data["memo"],
            lines=lines,
            acting_user=request.user,
            idempotency_key=key,
        )
        return _entry_response(entry, repeated)


def _scoped_entry(user, pk, entry_id, *, write=False):
    group = access.access_books(user, pk, write=write)
    entry = JournalEntry.objects.filter(book__group=group, pk=entry_id).select_related("book__group").first()
    if entry is None:
        raise Http404(_("Not found."))
    return group, entry


class EntryDetailAPI(APIView):
    @extend_schema(responses=JournalEntryDetailOut)
    def get(self, request, pk, entry_id):
        """One entry with its legs, what it reverses and what reversed it."""
        _group, entry = _scoped_entry(request.user, pk, entry_id)
        entry = JournalEntry.objects.prefetch_related("legs__account").get(pk=entry.pk)
        return Response(JournalEntryDetailOut(entry).data)


class ReverseAPI(APIView):
    @extend_schema(request=ReverseIn, responses={201: JournalEntryDetailOut, 200: JournalEntryDetailOut})
    def post(self, request, pk, entry_id):
        """Post the mirror image of an entry, linked to it."""
        group, entry = _scoped_entry(request.user, pk, entry_id, write=True)
        data = validated(ReverseIn, request.data)
        key = data["idempotency_key"] or None
        repeated = _already_posted(group, key)
        reversal = services.reverse_entry(
            entry=entry,
            on_date=data["on_date"] or local_today(group.place),
            reason=data["reason"],
            acting_user=request.user,
            idempotency_key=key,
        )
        return _entry_response(reversal, repeated)


class PeriodCloseAPI(APIView):
    @extend_schema(request=PeriodCloseIn, responses=BookClosedOut)
    def post(self, request, pk):
        """Close the books through a date: nothing can be posted on or before it afterwards."""
        group = access.access_books(request.user, pk, write=True)
        data = validated(PeriodCloseIn, request.data)
        book = services.close_period(group=group, through=data["through"], acting_user=request.user)
        return Response(BookClosedOut(book).data)


class TrialBalanceAPI(APIView):
    @extend_schema(parameters=PERIOD_PARAMS, responses=TrialBalanceOut)
    def get(self, request, pk):
        """Debit and credit totals per account as of ``until``; the difference must be 0."""
        book, _since, until = _statement_period(request, pk)
        return Response(TrialBalanceOut({"as_of": until, **queries.trial_balance(book, as_of=until)}).data)


class BalanceSheetAPI(APIView):
    @extend_schema(parameters=PERIOD_PARAMS, responses=BalanceSheetOut)
    def get(self, request, pk):
        """Assets = liabilities + equity + current surplus, as of ``until``."""
        book, _since, until = _statement_period(request, pk)
        return Response(BalanceSheetOut({"as_of": until, **queries.balance_sheet(book, as_of=until)}).data)


class IncomeStatementAPI(APIView):
    @extend_schema(parameters=PERIOD_PARAMS, responses=IncomeStatementOut)
    def get(self, request, pk):
        """Income, expenses and the surplus over the period."""
        book, since, until = _statement_period(request, pk)
        inc = queries.income_statement(book, since=since, until=until)
        return Response(IncomeStatementOut({"since": since, "until": until, **inc}).data)


class CashbookAPI(APIView):
    @extend_schema(parameters=PERIOD_PARAMS, responses=CashbookOut)
    def get(self, request, pk):
        """The cashbook (buku kas): opening cash, each movement with a running balance, closing cash."""
        book, since, until = _statement_period(request, pk)
        opening = queries.opening_cash(book, since)
        running = opening
        rows = []
        for leg in queries.cash_movements(book, since=since, until=until):
            running += leg.debit - leg.credit
            rows.append(
                {
                    "date": leg.entry.on_date,
                    "entry_id": leg.entry_id,
                    "memo": leg.entry.memo,
                    "account": leg.account.code,
                    "cash_in": leg.debit,
                    "cash_out": leg.credit,
                    "balance": running,
                }
            )
        totals = queries.cash_totals(book, since=since, until=until)
        body = {
            "since": since,
            "until": until,
            "opening": opening,
            "rows": rows,
            **totals,
            "closing": opening + totals["cash_in"] - totals["cash_out"],
        }
        return Response(CashbookOut(body).data)


class ShuAPI(APIView):
    @extend_schema(responses=ShuPreviewOut)
    def get(self, request, pk, year):
        """What closing the year would distribute, member by member, and why it may be refused."""
        group = access.access_books(request.user, pk)
        return Response(ShuPreviewOut(shu.preview_shu(group, year)).data)

    @extend_schema(request=ShuCloseIn, responses={201: ShuDistributionOut, 200: ShuDistributionOut})
    def post(self, request, pk, year):
        """Close the year: closing entry, SHU distribution, the record, and the period closed."""
        group = access.access_books(request.user, pk, write=True)
        data = validated(ShuCloseIn, request.data)
        key = data["idempotency_key"] or None
        repeated = bool(key) and ShuDistribution.objects.filter(group=group, year=year).exists()
        dist = shu.close_year(group=group, year=year, acting_user=request.user, idempotency_key=key)
        return posted(ShuDistributionOut, dist, repeated=repeated)


class ShuPolicyAPI(APIView):
    @extend_schema(responses=ShuPolicyOut)
    def get(self, request, pk):
        """The group's SHU percentages (the defaults until it sets its own)."""
        group = access.access_books(request.user, pk)
        return Response(ShuPolicyOut(shu.policy_for(group)).data)

    @extend_schema(request=ShuPolicyIn, responses=ShuPolicyOut)
    def patch(self, request, pk):
        """Change some of the percentages; all six must still add up to 100."""
        group = access.access_books(request.user, pk, write=True)
        data = validated(ShuPolicyIn, request.data, partial=True)
        policy = shu.set_policy(group=group, acting_user=request.user, **data)
        return Response(ShuPolicyOut(policy).data)


urlpatterns = [
    path("groups/<int:pk>/books/", BookAPI.as_view(), name="books"),
    path("groups/<int:pk>/savings/", SavingsAPI.as_view(), name="books_savings"),
    path("groups/<int:pk>/savings/deposits/", DepositAPI.as_view(), name="books_deposit"),
    path("groups/<int:pk>/savings/withdrawals/", WithdrawAPI.as_view(), name="books_withdraw"),
    path("groups/<int:pk>/savings/refunds/", RefundAPI.as_view(), name="books_refund"),
    path("groups/<int:pk>/members/<int:person_id>/passbook/", PassbookAPI.as_view(), name="books_passbook"),
    path(
        "groups/<int:pk>/members/<int:person_id>/statement/",
        MemberStatementAPI.as_view(),
        name="books_member_statement",
    ),
    path("groups/<int:pk>/journal/", JournalAPI.as_view(), name="books_journal"),
    path("groups/<int:pk>/journal/<int:entry_id>/", EntryDetailAPI.as_view(), name="books_entry"),
    path("groups/<int:pk>/journal/<int:entry_id>/reverse/", ReverseAPI.as_view(), name="books_reverse"),
    path("groups/<int:pk>/period-close/", PeriodCloseAPI.as_view(), name="books_period_close"),
    path("groups/<int:pk>/statements/trial-balance/", TrialBalanceAPI.as_view(), name="books_trial_balance"),
    path("groups/<int:pk>/statements/balance-sheet/", BalanceSheetAPI.as_view(), name="books_balance_sheet"),
    path(
        "groups/<int:pk>/statements/income-statement/",
        IncomeStatementAPI.as_view(),
        name="books_income_statement",
    ),
    path("groups/<int:pk>/statements/cashbook/", CashbookAPI.as_view(), name="books_cashbook"),
    path("groups/<int:pk>/shu/<int:year>/", ShuAPI.as_view(), name="books_shu"),
    path("groups/<int:pk>/shu-policy/", ShuPolicyAPI.as_view(), name="books_shu_policy"),
]
