"""Proposals and market links API: the same services, queries and access helpers as the pages.

Each proposal transition is its own POST (submit, decide, receive). Recording a sale takes an optional
client-chosen ``idempotency_key``: a retry returns the first sale (200) instead of a second one (201).
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from berdaya.accounts import access
from berdaya.core.api import key_used, paginated, posted, validated

from . import queries, services
from .models import MarketLink, Proposal, Sale

PATH = "programme"

# --- output -----------------------------------------------------------------------------------------


class ProposalOut(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "programme",
            "group",
            "group_name",
            "agency",
            "agency_name",
            "title",
            "purpose",
            "amount_asked",
            "status",
            "submitted_on",
            "amount_granted",
            "decided_on",
            "received_on",
            "notes",
        ]


class AgencyTotalOut(serializers.Serializer):
    agency_id = serializers.IntegerField()
    agency_name = serializers.CharField()
    proposals = serializers.IntegerField()
    asked = serializers.IntegerField()
    granted = serializers.IntegerField()
    received = serializers.IntegerField()
    decided = serializers.IntegerField()
    approved = serializers.IntegerField()
    waiting = serializers.IntegerField()
    success_rate = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        allow_null=True,
        help_text="approved (incl. received) ÷ decided, in %; null when nothing was decided",
    )


class LinkOut(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True, allow_null=True, default=None)
    group_name = serializers.CharField(source="group.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = MarketLink
        fields = [
            "id",
            "programme",
            "group",
            "group_name",
            "partner_name",
            "agency",
            "agency_name",
            "kind",
            "quality_terms",
            "price_terms",
            "started_on",
            "ended_on",
        ]


class MonthOut(serializers.Serializer):
    month = serializers.DateField()
    sales = serializers.IntegerField()
    amount = serializers.IntegerField()
    delivered = serializers.IntegerField()
    rejected = serializers.IntegerField()
    reject_rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class TotalsOut(serializers.Serializer):
    sales = serializers.IntegerField()
    amount = serializers.IntegerField()
    delivered = serializers.IntegerField()
    accepted = serializers.IntegerField()
    rejected = serializers.IntegerField()
    reject_rate = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="rejected ÷ delivered, in %"
    )


class LinkDetailOut(LinkOut):
    totals = TotalsOut(read_only=True)
    months = MonthOut(many=True, read_only=True)

    class Meta(LinkOut.Meta):
        fields = [*LinkOut.Meta.fields, "totals", "months"]


class SaleOut(serializers.ModelSerializer):
    class Meta:
        model = Sale
        fields = [
            "id",
            "link",
            "sold_on",
            "description",
            "quantity",
            "unit",
            "rejected_quantity",
            "amount",
            "idempotency_key",
        ]


# --- input ------------------------------------------------------------------------------------------


class ProposalIn(serializers.Serializer):
    programme = serializers.IntegerField()
    group = serializers.IntegerField(required=False, allow_null=True, default=None)
    agency = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    purpose = serializers.CharField(required=False, allow_blank=True, default="")
    amount_asked = serializers.IntegerField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ProposalPatchIn(serializers.Serializer):
    group = serializers.IntegerField(required=False, allow_null=True)
    agency = serializers.IntegerField(required=False)
    title = serializers.CharField(max_length=200, required=False)
    purpose = serializers.CharField(required=False, allow_blank=True)
    amount_asked = serializers.IntegerField(required=False)
    notes = serializers.CharField(required=False, allow_blank=True)


class SubmitIn(serializers.Serializer):
    submitted_on = serializers.DateField()


class DecideIn(serializers.Serializer):
    approved = serializers.BooleanField()
    decided_on = serializers.DateField()
    amount_granted = serializers.IntegerField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReceiveIn(serializers.Serializer):
    received_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class LinkIn(serializers.Serializer):
    programme = serializers.IntegerField()
    group = serializers.IntegerField(required=False, allow_null=True, default=None)
    partner_name = serializers.CharField(max_length=150)
    agency = serializers.IntegerField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=MarketLink.Kind.choices)
    quality_terms = serializers.CharField(required=False, allow_blank=True, default="")
    price_terms = serializers.CharField(required=False, allow_blank=True, default="")
    started_on = serializers.DateField()


class LinkPatchIn(serializers.Serializer):
    group = serializers.IntegerField(required=False, allow_null=True)
    partner_name = serializers.CharField(max_length=150, required=False)
    agency = serializers.IntegerField(required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=MarketLink.Kind.choices, required=False)
    quality_terms = serializers.CharField(required=False, allow_blank=True)
    price_terms = serializers.CharField(required=False, allow_blank=True)
    started_on = serializers.DateField(required=False)


class EndIn(serializers.Serializer):
    ended_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SaleIn(serializers.Serializer):
    sold_on = serializers.DateField()
    description = serializers.CharField(max_length=200)
    quantity = serializers.IntegerField()
    unit = serializers.CharField(max_length=30, required=False, default="pcs")
    rejected_quantity = serializers.IntegerField(required=False, default=0)
    amount = serializers.IntegerField()
    idempotency_key = serializers.CharField(max_length=80, required=False, allow_null=True, default=None)


# --- helpers ----------------------------------------------------------------------------------------


def _proposal(user, pk, *, write=False) -> Proposal:
    qs = Proposal.objects.select_related("programme", "group", "agency")
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


def _link(user, pk, *, write=False) -> MarketLink:
    qs = MarketLink.objects.select_related("programme", "group", "agency")
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


def _refs(user, data: dict) -> dict:
    """Ids in the input → objects the user may see (404 otherwise)."""
    out = dict(data)
    if "group" in out:
        out["group"] = access.access_group(user, out["group"]) if out["group"] is not None else None
    if "agency" in out:
        out["agency"] = access.access_agency(user, out["agency"]) if out["agency"] is not None else None
    return out


def _writable_programme(user, pk):
    access.require_fieldwork_writer(user)
    programme = access.access_programme(user, pk)
    access.require_fieldwork_writer(user, programme)
    return programme


# --- proposals --------------------------------------------------------------------------------------


class ProposalListAPI(APIView):
    @extend_schema(
        responses=ProposalOut(many=True),
        parameters=[OpenApiParameter("q", str), OpenApiParameter("status", str)],
        summary="Proposals in scope",
    )
    def get(self, request):
        access.require_fieldwork_reader(request.user)
        qs = queries.proposals_for_list(
            request.user, q=request.query_params.get("q", ""), status=request.query_params.get("status", "")
        )
        return paginated(self, request, qs, ProposalOut)

    @extend_schema(request=ProposalIn, responses={201: ProposalOut}, summary="Write a draft proposal")
    def post(self, request):
        user = request.user
        data = validated(ProposalIn, request.data)
        programme = _writable_programme(user, data.pop("programme"))
        proposal = services.create_proposal(programme=programme, acting_user=user, **_refs(user, data))
        return Response(ProposalOut(proposal).data, status=201)


class ProposalTotalsAPI(APIView):
    @extend_schema(responses=AgencyTotalOut(many=True), summary="Asked, granted and success rate per agency")
    def get(self, request):
        access.require_fieldwork_reader(request.user)
        return Response(
            AgencyTotalOut(queries.agency_totals(queries.proposals_for_list(request.user)), many=True).data
        )


class ProposalDetailAPI(APIView):
    @extend_schema(responses=ProposalOut, summary="A proposal")
    def get(self, request, pk):
        return Response(ProposalOut(_proposal(request.user, pk)).data)

    @extend_schema(
        request=ProposalPatchIn, responses=ProposalOut, summary="Change a draft (or a proposal's notes)"
    )
    def patch(self, request, pk):
        user = request.user
        proposal = _proposal(user, pk, write=True)
        changes = _refs(user, validated(ProposalPatchIn, request.data))
        proposal = services.update_proposal(proposal=proposal, changes=changes, acting_user=user)
        return Response(ProposalOut(proposal).data)


class ProposalSubmitAPI(APIView):
    @extend_schema(request=SubmitIn, responses=ProposalOut, summary="Draft → submitted")
    def post(self, request, pk):
        proposal = _proposal(request.user, pk, write=True)
        data = validated(SubmitIn, request.data)
        proposal = services.submit_proposal(proposal=proposal, acting_user=request.user, **data)
        return Response(ProposalOut(proposal).data)


class ProposalDecideAPI(APIView):
    @extend_schema(
        request=DecideIn, responses=ProposalOut, summary="Submitted → approved (with amount) or rejected"
    )
    def post(self, request, pk):
        proposal = _proposal(request.user, pk, write=True)
        data = validated(DecideIn, request.data)
        proposal = services.decide_proposal(proposal=proposal, acting_user=request.user, **data)
        return Response(ProposalOut(proposal).data)


class ProposalReceiveAPI(APIView):
    @extend_schema(request=ReceiveIn, responses=ProposalOut, summary="Approved → received")
    def post(self, request, pk):
        proposal = _proposal(request.user, pk, write=True)
        data = validated(ReceiveIn, request.data)
        proposal = services.record_receipt(proposal=proposal, acting_user=request.user, **data)
        return Response(ProposalOut(proposal).data)


# --- market links -----------------------------------------------------------------------------------


class LinkListAPI(APIView):
    @extend_schema(
        responses=LinkOut(many=True),
        parameters=[OpenApiParameter("q", str), OpenApiParameter("kind", str)],
        summary="Market links in scope",
    )
    def get(self, request):
        access.require_fieldwork_reader(request.user)
        qs = queries.links_for_list(
            request.user, q=request.query_params.get("q", ""), kind=request.query_params.get("kind", "")
        )
        return paginated(self, request, qs, LinkOut)

    @extend_schema(request=LinkIn, responses={201: LinkOut}, summary="Record a market link")
    def post(self, request):
        user = request.user
        data = validated(LinkIn, request.data)
        programme = _writable_programme(user, data.pop("programme"))
        link = services.create_link(programme=programme, acting_user=user, **_refs(user, data))
        return Response(LinkOut(link).data, status=201)


class LinkDetailAPI(APIView):
    @extend_schema(responses=LinkDetailOut, summary="A market link with its sales per month and reject rate")
    def get(self, request, pk):
        link = _link(request.user, pk)
        link.totals, link.months = queries.link_totals(link), queries.link_months(link)
        return Response(LinkDetailOut(link).data)

    @extend_schema(request=LinkPatchIn, responses=LinkOut, summary="Change a market link")
    def patch(self, request, pk):
        user = request.user
        link = _link(user, pk, write=True)
        changes = _refs(user, validated(LinkPatchIn, request.data))
        link = services.update_link(link=link, changes=changes, acting_user=user)
        return Response(LinkOut(link).data)


class LinkEndAPI(APIView):
    @extend_schema(request=EndIn, responses=LinkOut, summary="The link ended")
    def post(self, request, pk):
        link = _link(request.user, pk, write=True)
        data = validated(EndIn, request.data)
        link = services.end_link(link=link, acting_user=request.user, **data)
        return Response(LinkOut(link).data)


class LinkSalesAPI(APIView):
    @extend_schema(responses=SaleOut(many=True), summary="The link's sales, newest first")
    def get(self, request, pk):
        link = _link(request.user, pk)
        return paginated(self, request, Sale.objects.filter(link=link).order_by("-sold_on", "-id"), SaleOut)

    @extend_schema(request=SaleIn, responses={201: SaleOut, 200: SaleOut}, summary="Record a sale")
    def post(self, request, pk):
        link = _link(request.user, pk, write=True)
        data = validated(SaleIn, request.data)
        already = key_used(Sale.objects.filter(link=link), data["idempotency_key"])
        sale = services.record_sale(link=link, acting_user=request.user, **data)
        return posted(SaleOut, sale, repeated=already)


urlpatterns = [
    path("proposals/", ProposalListAPI.as_view(), name="proposals"),
    path("proposals/totals/", ProposalTotalsAPI.as_view(), name="proposal_totals"),
    path("proposals/<int:pk>/", ProposalDetailAPI.as_view(), name="proposal"),
    path("proposals/<int:pk>/submit/", ProposalSubmitAPI.as_view(), name="proposal_submit"),
    path("proposals/<int:pk>/decide/", ProposalDecideAPI.as_view(), name="proposal_decide"),
    path("proposals/<int:pk>/receive/", ProposalReceiveAPI.as_view(), name="proposal_receive"),
    path("market-links/", LinkListAPI.as_view(), name="market_links"),
    path("market-links/<int:pk>/", LinkDetailAPI.as_view(), name="market_link"),
    path("market-links/<int:pk>/end/", LinkEndAPI.as_view(), name="market_link_end"),
    path("market-links/<int:pk>/sales/", LinkSalesAPI.as_view(), name="market_link_sales"),
]
