"""Joint procurement API: the same services, queries and access helpers as the pages.

Deliveries and hand-outs take a client-chosen ``idempotency_key`` (a phone may retry): sending it
again returns the first record (200) instead of recording twice (201). Setting a need is idempotent by
nature (the same member and quantity changes nothing).
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
from berdaya.core.api import key_used, paginated, posted, validated
from berdaya.people.models import Enterprise

from . import queries, services
from .models import HandOut, JointPurchase, PriceBreak, PurchaseDelivery, Supplier

PATH = queries.PATH

# --- output -----------------------------------------------------------------------------------------


class ProcurementPriceBreakOut(serializers.ModelSerializer):
    class Meta:
        model = PriceBreak
        fields = ["id", "material", "unit", "min_quantity", "unit_price"]


class ProcurementSupplierOut(serializers.ModelSerializer):
    price_breaks = ProcurementPriceBreakOut(many=True, read_only=True)

    class Meta:
        model = Supplier
        fields = ["id", "sentra", "name", "agency", "enterprise", "contact", "price_breaks"]


class ProcurementPurchaseOut(serializers.ModelSerializer):
    supplier_name = serializers.CharField(source="supplier.name", read_only=True)

    class Meta:
        model = JointPurchase
        fields = [
            "id",
            "sentra",
            "supplier",
            "supplier_name",
            "material",
            "unit",
            "status",
            "order_deadline",
            "delivery_cost",
            "solo_delivery_cost",
            "notes",
            "ordered_on",
            "ordered_quantity",
            "unit_price",
            "break_min_quantity",
            "delivered_on",
            "settled_on",
        ]


class ProcurementShareOut(serializers.Serializer):
    enterprise = serializers.IntegerField(source="enterprise_id")
    enterprise_name = serializers.CharField()
    need = serializers.IntegerField()
    quantity = serializers.IntegerField()
    received = serializers.IntegerField()
    goods = serializers.IntegerField(source="share.goods")
    delivery = serializers.IntegerField(source="share.delivery")
    total = serializers.IntegerField(source="share.total")
    solo_unit_price = serializers.IntegerField(source="share.solo.unit_price", allow_null=True)
    solo_total = serializers.IntegerField(source="share.solo_total", allow_null=True)
    saving = serializers.IntegerField(source="share.saving", allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())


class ProcurementSplitOut(serializers.Serializer):
    quantity = serializers.IntegerField(allow_null=True)
    unit_price = serializers.IntegerField(allow_null=True)
    break_min_quantity = serializers.IntegerField(allow_null=True)
    goods = serializers.IntegerField(allow_null=True)
    delivery_cost = serializers.IntegerField()
    total = serializers.IntegerField(allow_null=True)
    saving = serializers.IntegerField()
    ordered = serializers.IntegerField()
    delivered = serializers.IntegerField()
    shortfall = serializers.IntegerField()
    explanation = serializers.ListField(child=serializers.CharField())
    problem = serializers.CharField()
    shares = ProcurementShareOut(many=True)


def _split_dict(view: queries.SplitView) -> dict:
    s = view.split
    return {
        "quantity": s.pricing.quantity if s else None,
        "unit_price": s.pricing.unit_price if s else None,
        "break_min_quantity": s.pricing.break_min if s else None,
        "goods": s.pricing.goods if s else None,
        "delivery_cost": view.purchase.delivery_cost,
        "total": s.total if s else None,
        "saving": view.total_saving,
        "ordered": view.ordered,
        "delivered": view.delivered,
        "shortfall": view.shortfall,
        "explanation": view.explanation,
        "problem": view.problem,
        "shares": view.rows,
    }


class ProcurementPurchaseDetailOut(ProcurementPurchaseOut):
    split = serializers.SerializerMethodField()

    class Meta(ProcurementPurchaseOut.Meta):
        fields = [*ProcurementPurchaseOut.Meta.fields, "split"]

    @extend_schema_field(ProcurementSplitOut)
    def get_split(self, obj) -> dict:
        return ProcurementSplitOut(_split_dict(queries.split_view(obj))).data


class ProcurementDeliveryOut(serializers.ModelSerializer):
    class Meta:
        model = PurchaseDelivery
        fields = ["id", "purchase", "delivered_on", "quantity", "notes", "idempotency_key"]


class ProcurementHandOutOut(serializers.ModelSerializer):
    class Meta:
        model = HandOut
        fields = ["id", "purchase", "enterprise", "handed_on", "quantity", "idempotency_key"]


# --- input ------------------------------------------------------------------------------------------


class ProcurementSupplierIn(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    contact = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    agency = serializers.IntegerField(required=False, allow_null=True, default=None)
    enterprise = serializers.IntegerField(required=False, allow_null=True, default=None)


class ProcurementPriceBreakIn(serializers.Serializer):
    material = serializers.CharField(max_length=120)
    unit = serializers.CharField(max_length=20)
    min_quantity = serializers.IntegerField()
    unit_price = serializers.IntegerField()


class ProcurementPurchaseIn(serializers.Serializer):
    supplier = serializers.IntegerField()
    material = serializers.CharField(max_length=120)
    unit = serializers.CharField(max_length=20)
    order_deadline = serializers.DateField(required=False, allow_null=True, default=None)
    delivery_cost = serializers.IntegerField(required=False, default=0)
    solo_delivery_cost = serializers.IntegerField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ProcurementNeedIn(serializers.Serializer):
    enterprise = serializers.IntegerField()
    quantity = serializers.IntegerField()


class ProcurementDateIn(serializers.Serializer):
    on_date = serializers.DateField()


class ProcurementDeliveryIn(serializers.Serializer):
    delivered_on = serializers.DateField()
    quantity = serializers.IntegerField()
    notes = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")
    idempotency_key = serializers.CharField(max_length=100, required=False, allow_null=True, default=None)


class ProcurementHandOutIn(serializers.Serializer):
    enterprise = serializers.IntegerField()
    quantity = serializers.IntegerField()
    handed_on = serializers.DateField()
    idempotency_key = serializers.CharField(max_length=100, required=False, allow_null=True, default=None)


# --- helpers ----------------------------------------------------------------------------------------


def _sentra(user, pk, *, write: bool = False):
    access.require_fieldwork_reader(user)
    sentra = access.access_sentra(user, pk, write=write)
    if write:
        access.require_fieldwork_writer(user, sentra.programme)
    return sentra


def _purchase(user, pk, *, write: bool = False) -> JointPurchase:
    access.require_fieldwork_reader(user)
    qs = JointPurchase.objects.select_related("sentra__programme", "supplier")
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


def _supplier(user, pk, *, write: bool = False) -> Supplier:
    access.require_fieldwork_reader(user)
    qs = Supplier.objects.select_related("sentra__programme")
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


def _enterprise(pk) -> Enterprise:
    # Any enterprise id may be named; the service refuses one that is not a member of the sentra.
    enterprise = Enterprise.objects.filter(pk=pk).first()
    if enterprise is None:
        raise Http404(_("Not found."))
    return enterprise


# --- views ------------------------------------------------------------------------------------------


class SupplierListAPI(APIView):
    @extend_schema(
        responses=ProcurementSupplierOut(many=True),
        parameters=[OpenApiParameter("q", str)],
        summary="A sentra's suppliers",
    )
    def get(self, request, sentra_pk):
        sentra = _sentra(request.user, sentra_pk)
        qs = queries.suppliers_for_list(sentra, q=request.query_params.get("q", "")).prefetch_related(
            "price_breaks"
        )
        return paginated(self, request, qs, ProcurementSupplierOut)

    @extend_schema(
        request=ProcurementSupplierIn, responses={201: ProcurementSupplierOut}, summary="Record a supplier"
    )
    def post(self, request, sentra_pk):
        user = request.user
        sentra = _sentra(user, sentra_pk, write=True)
        data = validated(ProcurementSupplierIn, request.data)
        agency = access.access_agency(user, data["agency"]) if data["agency"] else None
        enterprise = _enterprise(data["enterprise"]) if data["enterprise"] else None
        supplier = services.create_supplier(
            sentra=sentra,
            name=data["name"],
            contact=data["contact"],
            agency=agency,
            enterprise=enterprise,
            acting_user=user,
        )
        return Response(ProcurementSupplierOut(supplier).data, status=201)


class SupplierDetailAPI(APIView):
    @extend_schema(responses=ProcurementSupplierOut, summary="A supplier with its price list")
    def get(self, request, pk):
        return Response(ProcurementSupplierOut(_supplier(request.user, pk)).data)


class PriceBreakAPI(APIView):
    @extend_schema(
        request=ProcurementPriceBreakIn,
        responses={201: ProcurementPriceBreakOut},
        summary="Add a price break",
    )
    def post(self, request, pk):
        supplier = _supplier(request.user, pk, write=True)
        data = validated(ProcurementPriceBreakIn, request.data)
        pb = services.add_price_break(supplier=supplier, acting_user=request.user, **data)
        return Response(ProcurementPriceBreakOut(pb).data, status=201)


class PriceBreakRemoveAPI(APIView):
    @extend_schema(responses={204: None}, summary="Remove a price break")
    def delete(self, request, pk):
        access.require_fieldwork_reader(request.user)
        qs = PriceBreak.objects.select_related("supplier")
        pb = access.access_fieldwork(
            request.user, qs, pk, programme_path="supplier__sentra__programme", write=True
        )
        services.remove_price_break(price_break=pb, acting_user=request.user)
        return Response(status=204)


class PurchaseListAPI(APIView):
    @extend_schema(
        responses=ProcurementPurchaseOut(many=True),
        parameters=[OpenApiParameter("q", str), OpenApiParameter("status", str)],
        summary="A sentra's joint purchases",
    )
    def get(self, request, sentra_pk):
        sentra = _sentra(request.user, sentra_pk)
        qs = queries.purchases_for_list(
            sentra, q=request.query_params.get("q", ""), status=request.query_params.get("status", "")
        )
        return paginated(self, request, qs, ProcurementPurchaseOut)

    @extend_schema(
        request=ProcurementPurchaseIn,
        responses={201: ProcurementPurchaseDetailOut},
        summary="Open a joint purchase",
    )
    def post(self, request, sentra_pk):
        user = request.user
        sentra = _sentra(user, sentra_pk, write=True)
        data = validated(ProcurementPurchaseIn, request.data)
        supplier = _supplier(user, data.pop("supplier"))
        purchase = services.create_purchase(sentra=sentra, supplier=supplier, acting_user=user, **data)
        return Response(ProcurementPurchaseDetailOut(purchase).data, status=201)


class PurchaseDetailAPI(APIView):
    @extend_schema(
        responses=ProcurementPurchaseDetailOut, summary="A joint purchase with its split, savings and reasons"
    )
    def get(self, request, pk):
        return Response(ProcurementPurchaseDetailOut(_purchase(request.user, pk)).data)


class NeedAPI(APIView):
    @extend_schema(
        request=ProcurementNeedIn,
        responses={200: ProcurementPurchaseDetailOut},
        summary="Set (or change) a member's need",
    )
    def post(self, request, pk):
        purchase = _purchase(request.user, pk, write=True)
        data = validated(ProcurementNeedIn, request.data)
        services.set_need(
            purchase=purchase,
            enterprise=_enterprise(data["enterprise"]),
            quantity=data["quantity"],
            acting_user=request.user,
        )
        purchase.refresh_from_db()
        return Response(ProcurementPurchaseDetailOut(purchase).data)


class NeedRemoveAPI(APIView):
    @extend_schema(responses={204: None}, summary="Remove a member's need (while collecting)")
    def delete(self, request, pk, enterprise_pk):
        purchase = _purchase(request.user, pk, write=True)
        need = purchase.needs.filter(enterprise_id=enterprise_pk).first()
        if need is None:
            raise Http404(_("Not found."))
        services.remove_need(need=need, acting_user=request.user)
        return Response(status=204)


def _step(service, date_kw):
    class StepAPI(APIView):
        @extend_schema(
            request=ProcurementDateIn,
            responses=ProcurementPurchaseDetailOut,
            summary=f"{service.__name__.replace('_', ' ')}",
        )
        def post(self, request, pk):
            purchase = _purchase(request.user, pk, write=True)
            data = validated(ProcurementDateIn, request.data)
            purchase = service(purchase=purchase, acting_user=request.user, **{date_kw: data["on_date"]})
            return Response(ProcurementPurchaseDetailOut(purchase).data)

    StepAPI.__name__ = f"{service.__name__.title().replace('_', '')}API"
    return StepAPI


OrderAPI = _step(services.place_order, "ordered_on")
CloseAPI = _step(services.close_delivery, "closed_on")
SettleAPI = _step(services.settle, "settled_on")


class DeliveryAPI(APIView):
    @extend_schema(responses=ProcurementDeliveryOut(many=True), summary="The purchase's deliveries")
    def get(self, request, pk):
        purchase = _purchase(request.user, pk)
        return paginated(self, request, purchase.deliveries.all(), ProcurementDeliveryOut)

    @extend_schema(
        request=ProcurementDeliveryIn,
        responses={201: ProcurementDeliveryOut, 200: ProcurementDeliveryOut},
        summary="Record a delivery",
    )
    def post(self, request, pk):
        purchase = _purchase(request.user, pk, write=True)
        data = validated(ProcurementDeliveryIn, request.data)
        already = key_used(PurchaseDelivery.objects.filter(purchase=purchase), data["idempotency_key"])
        delivery = services.record_delivery(purchase=purchase, acting_user=request.user, **data)
        return posted(ProcurementDeliveryOut, delivery, repeated=already)


class HandOutAPI(APIView):
    @extend_schema(responses=ProcurementHandOutOut(many=True), summary="The purchase's hand-outs")
    def get(self, request, pk):
        purchase = _purchase(request.user, pk)
        return paginated(self, request, purchase.handouts.all(), ProcurementHandOutOut)

    @extend_schema(
        request=ProcurementHandOutIn,
        responses={201: ProcurementHandOutOut, 200: ProcurementHandOutOut},
        summary="Hand material to a member",
    )
    def post(self, request, pk):
        purchase = _purchase(request.user, pk, write=True)
        data = validated(ProcurementHandOutIn, request.data)
        already = key_used(HandOut.objects.filter(purchase=purchase), data["idempotency_key"])
        handout = services.hand_out(
            purchase=purchase,
            enterprise=_enterprise(data["enterprise"]),
            quantity=data["quantity"],
            handed_on=data["handed_on"],
            idempotency_key=data["idempotency_key"],
            acting_user=request.user,
        )
        return posted(ProcurementHandOutOut, handout, repeated=already)


class BillAPI(APIView):
    @extend_schema(responses=ProcurementShareOut, summary="One member's bill, with its reasons")
    def get(self, request, pk, enterprise_pk):

        view = queries.split_view(_purchase(request.user, pk))
        row = queries.member_row(view, enterprise_pk)
        if row is None:
            raise Http404(_("Not found."))
        return Response(ProcurementShareOut(row).data)


P = "procurement/"
urlpatterns = [
    path(f"{P}sentras/<int:sentra_pk>/suppliers/", SupplierListAPI.as_view(), name="procurement_suppliers"),
    path(f"{P}suppliers/<int:pk>/", SupplierDetailAPI.as_view(), name="procurement_supplier"),
    path(f"{P}suppliers/<int:pk>/price-breaks/", PriceBreakAPI.as_view(), name="procurement_price_breaks"),
    path(f"{P}price-breaks/<int:pk>/", PriceBreakRemoveAPI.as_view(), name="procurement_price_break"),
    path(f"{P}sentras/<int:sentra_pk>/purchases/", PurchaseListAPI.as_view(), name="procurement_purchases"),
    path(f"{P}purchases/<int:pk>/", PurchaseDetailAPI.as_view(), name="procurement_purchase"),
    path(f"{P}purchases/<int:pk>/needs/", NeedAPI.as_view(), name="procurement_needs"),
    path(
        f"{P}purchases/<int:pk>/needs/<int:enterprise_pk>/", NeedRemoveAPI.as_view(), name="procurement_need"
    ),
    path(f"{P}purchases/<int:pk>/order/", OrderAPI.as_view(), name="procurement_order"),
    path(f"{P}purchases/<int:pk>/deliveries/", DeliveryAPI.as_view(), name="procurement_deliveries"),
    path(f"{P}purchases/<int:pk>/handouts/", HandOutAPI.as_view(), name="procurement_handouts"),
    path(f"{P}purchases/<int:pk>/close/", CloseAPI.as_view(), name="procurement_close"),
    path(f"{P}purchases/<int:pk>/settle/", SettleAPI.as_view(), name="procurement_settle"),
    path(f"{P}purchases/<int:pk>/bills/<int:enterprise_pk>/", BillAPI.as_view(), name="procurement_bill"),
]
