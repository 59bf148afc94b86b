"""Joint production and sub-production API: the same services, queries and access helpers as the pages.

Creations a phone might retry (orders, deliveries) take an ``idempotency_key``: sending it again returns
the first row (200) instead of creating another (201).
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from berdaya.accounts import access
from berdaya.core.api import key_used, paginated, posted, validated
from berdaya.core.errors import ServiceError
from berdaya.people.models import Enterprise

from . import queries, services
from .models import GRADE_CHOICES, Delivery, Order, OrderShare, ProducerCapacity, SubContract, SubDelivery

PATH = "sentra__programme"

# --- output -----------------------------------------------------------------------------------------


class ProductionCapacityOut(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = ProducerCapacity
        fields = [
            "id",
            "sentra",
            "enterprise",
            "enterprise_name",
            "weekly_capacity",
            "current_load",
            "quality_grade",
            "distance_km",
            "updated_on",
        ]


class ProductionOrderOut(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = [
            "id",
            "sentra",
            "buyer",
            "specification",
            "quantity",
            "unit",
            "unit_price",
            "starts_on",
            "due_on",
            "min_grade",
            "min_lot",
            "status",
            "paid_amount",
            "paid_on",
        ]


class ProductionDeliveryOut(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(source="share.enterprise_id", read_only=True)

    class Meta:
        model = Delivery
        fields = ["id", "share", "enterprise", "delivered_on", "quantity", "rejected", "note"]


class ProductionShareRowOut(serializers.Serializer):
    share = serializers.IntegerField(source="share.pk")
    enterprise = serializers.IntegerField(source="share.enterprise_id")
    enterprise_name = serializers.CharField(source="share.enterprise.name")
    quantity = serializers.IntegerField(source="share.quantity")
    adjusted = serializers.BooleanField(source="share.adjusted")
    delivered = serializers.IntegerField()
    rejected = serializers.IntegerField()
    accepted = serializers.IntegerField()
    remaining = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())


class ProductionOrderDetailOut(ProductionOrderOut):
    shares = serializers.SerializerMethodField()

    class Meta(ProductionOrderOut.Meta):
        fields = [*ProductionOrderOut.Meta.fields, "shares"]

    @extend_schema_field(ProductionShareRowOut(many=True))
    def get_shares(self, order) -> list:
        return ProductionShareRowOut(queries.share_rows(order), many=True).data


class ProductionSplitShareOut(serializers.Serializer):
    enterprise = serializers.IntegerField()
    enterprise_name = serializers.CharField()
    available = serializers.IntegerField()
    quantity = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())


class ProductionSplitOut(serializers.Serializer):
    feasible = serializers.BooleanField()
    quantity = serializers.IntegerField()
    cost = serializers.FloatField()
    lot_relaxed = serializers.BooleanField()
    shortfall = serializers.ListField(child=serializers.CharField())
    missing = serializers.IntegerField()
    shares = ProductionSplitShareOut(many=True)


class ProductionPaymentRowOut(serializers.Serializer):
    enterprise_name = serializers.CharField()
    accepted = serializers.IntegerField()
    amount = serializers.IntegerField()


class ProductionPaymentOut(serializers.Serializer):
    total = serializers.IntegerField()
    paid = serializers.BooleanField()
    rows = ProductionPaymentRowOut(many=True)


class ProductionSubDeliveryOut(serializers.ModelSerializer):
    class Meta:
        model = SubDelivery
        fields = ["id", "contract", "delivered_on", "quantity", "rejected"]


class ProductionContractOut(serializers.ModelSerializer):
    deliveries = ProductionSubDeliveryOut(many=True, read_only=True)

    class Meta:
        model = SubContract
        fields = [
            "id",
            "sentra",
            "producer_name",
            "enterprise",
            "order",
            "item",
            "quantity",
            "unit",
            "due_on",
            "quality_terms",
            "unit_price",
            "deliveries",
        ]


# --- input ------------------------------------------------------------------------------------------


class ProductionCapacityIn(serializers.Serializer):
    enterprise = serializers.IntegerField()
    weekly_capacity = serializers.IntegerField(min_value=0)
    current_load = serializers.IntegerField(min_value=0, default=0)
    quality_grade = serializers.ChoiceField(choices=GRADE_CHOICES, default="B")
    distance_km = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=0, default=0)


class ProductionOrderIn(serializers.Serializer):
    buyer = serializers.CharField(max_length=150)
    specification = serializers.CharField()
    quantity = serializers.IntegerField(min_value=1)
    unit = serializers.CharField(max_length=30, default="pcs")
    unit_price = serializers.IntegerField(min_value=0)
    starts_on = serializers.DateField()
    due_on = serializers.DateField()
    min_grade = serializers.ChoiceField(choices=GRADE_CHOICES, default="C")
    min_lot = serializers.IntegerField(min_value=1, default=1)
    idempotency_key = serializers.CharField(max_length=100, required=False, allow_null=True, default=None)


class ProductionAdjustIn(serializers.Serializer):
    quantities = serializers.DictField(child=serializers.IntegerField(min_value=0))


class ProductionDeliveryIn(serializers.Serializer):
    enterprise = serializers.IntegerField()
    delivered_on = serializers.DateField()
    quantity = serializers.IntegerField(min_value=1)
    rejected = serializers.IntegerField(min_value=0, default=0)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    idempotency_key = serializers.CharField(max_length=100, required=False, allow_null=True, default=None)


class ProductionPaymentIn(serializers.Serializer):
    amount = serializers.IntegerField(min_value=1)
    paid_on = serializers.DateField()


class ProductionContractIn(serializers.Serializer):
    producer_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    enterprise = serializers.IntegerField(required=False, allow_null=True, default=None)
    order = serializers.IntegerField(required=False, allow_null=True, default=None)
    item = serializers.CharField(max_length=150)
    quantity = serializers.IntegerField(min_value=1)
    unit = serializers.CharField(max_length=30, default="pcs")
    due_on = serializers.DateField()
    quality_terms = serializers.CharField(required=False, allow_blank=True, default="")
    unit_price = serializers.IntegerField(min_value=0)


class ProductionSubDeliveryIn(serializers.Serializer):
    delivered_on = serializers.DateField()
    quantity = serializers.IntegerField(min_value=1)
    rejected = serializers.IntegerField(min_value=0, default=0)
    idempotency_key = serializers.CharField(max_length=100, required=False, allow_null=True, default=None)


# --- helpers ----------------------------------------------------------------------------------------


def _sentra(user, pk, *, write: bool = False):
    access.require_fieldwork_reader(user)
    sentra = access.access_sentra(user, pk, write=write)
    if write:
        access.require_fieldwork_writer(user, sentra.programme)
    return sentra


def _order(user, pk, *, write: bool = False) -> Order:
    access.require_fieldwork_reader(user)
    qs = Order.objects.select_related("sentra__programme")
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


def _contract(user, pk, *, write: bool = False) -> SubContract:
    access.require_fieldwork_reader(user)
    qs = SubContract.objects.select_related("sentra__programme")
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


def _member_enterprise(sentra, pk) -> Enterprise:
    ent = Enterprise.objects.filter(pk=pk, sentra_memberships__sentra=sentra).first()
    if ent is None:
        msg = _("That enterprise is not a member of this sentra.")
        raise ServiceError(msg, field_errors={"enterprise": msg}, code="not_member")
    return ent


def _split_dict(order: Order) -> dict:
    split = queries.compute_split(order)
    return {
        "feasible": split.feasible,
        "quantity": split.quantity,
        "cost": split.cost,
        "lot_relaxed": split.lot_relaxed,
        "shortfall": queries.shortfall_texts(order, split.shortfall) if split.shortfall else [],
        "missing": split.shortfall.missing if split.shortfall else 0,
        "shares": [
            {
                "enterprise": s.producer.id,
                "enterprise_name": s.producer.name,
                "available": s.available,
                "quantity": s.quantity,
                "reasons": queries.reasons_of(s.reasons, s.quantity),
            }
            for s in split.shares
        ],
    }


# --- views ------------------------------------------------------------------------------------------


class CapacityListView(APIView):
    @extend_schema(responses=ProductionCapacityOut(many=True))
    def get(self, request, sentra_pk):
        sentra = _sentra(request.user, sentra_pk)
        return paginated(self, request, queries.capacities(sentra), ProductionCapacityOut)

    @extend_schema(request=ProductionCapacityIn, responses=ProductionCapacityOut)
    def post(self, request, sentra_pk):
        sentra = _sentra(request.user, sentra_pk, write=True)
        data = validated(ProductionCapacityIn, request.data)
        data["enterprise"] = _member_enterprise(sentra, data["enterprise"])
        cap = services.set_capacity(sentra=sentra, **data, acting_user=request.user)
        return Response(ProductionCapacityOut(cap).data, status=201)


class OrderListView(APIView):
    @extend_schema(responses=ProductionOrderOut(many=True))
    def get(self, request, sentra_pk):
        sentra = _sentra(request.user, sentra_pk)
        return paginated(
            self, request, queries.orders_for_list(sentra, request.GET.get("q", "")), ProductionOrderOut
        )

    @extend_schema(request=ProductionOrderIn, responses=ProductionOrderOut)
    def post(self, request, sentra_pk):
        sentra = _sentra(request.user, sentra_pk, write=True)
        data = validated(ProductionOrderIn, request.data)
        repeated = key_used(Order.objects.filter(sentra=sentra), data["idempotency_key"])
        order = services.create_order(sentra=sentra, **data, acting_user=request.user)
        return posted(ProductionOrderOut, order, repeated=repeated)


class OrderDetailView(APIView):
    @extend_schema(responses=ProductionOrderDetailOut)
    def get(self, request, pk):
        return Response(ProductionOrderDetailOut(_order(request.user, pk)).data)


class OrderSplitView(APIView):
    @extend_schema(responses=ProductionSplitOut, description="The computed split, not saved.")
    def get(self, request, pk):
        return Response(ProductionSplitOut(_split_dict(_order(request.user, pk))).data)

    @extend_schema(
        request=None, responses=ProductionOrderDetailOut, description="Compute and save the split."
    )
    def post(self, request, pk):
        order = _order(request.user, pk, write=True)
        services.save_split(order=order, acting_user=request.user)
        order.refresh_from_db()
        return Response(ProductionOrderDetailOut(order).data)


class OrderAdjustView(APIView):
    @extend_schema(request=ProductionAdjustIn, responses=ProductionOrderDetailOut)
    def post(self, request, pk):
        order = _order(request.user, pk, write=True)
        data = validated(ProductionAdjustIn, request.data)
        quantities = {}
        for key, value in data["quantities"].items():
            if not str(key).isdigit():
                msg = _("Name each producer by its enterprise id.")
                raise ServiceError(msg, field_errors={"quantities": msg}, code="key")
            quantities[int(key)] = value
        services.adjust_split(order=order, quantities=quantities, acting_user=request.user)
        order.refresh_from_db()
        return Response(ProductionOrderDetailOut(order).data)


class DeliveryCreateView(APIView):
    @extend_schema(request=ProductionDeliveryIn, responses=ProductionDeliveryOut)
    def post(self, request, pk):
        order = _order(request.user, pk, write=True)
        data = validated(ProductionDeliveryIn, request.data)
        share = OrderShare.objects.filter(order=order, enterprise_id=data.pop("enterprise")).first()
        if share is None:
            msg = _("That producer has no share in this order.")
            raise ServiceError(msg, field_errors={"enterprise": msg}, code="no_share")
        repeated = key_used(Delivery.objects.filter(share=share), data["idempotency_key"])
        delivery = services.record_delivery(share=share, **data, acting_user=request.user)
        return posted(ProductionDeliveryOut, delivery, repeated=repeated)


class PaymentView(APIView):
    @extend_schema(responses=ProductionPaymentOut)
    def get(self, request, pk):
        order = _order(request.user, pk)
        total, rows = queries.payment_sheet(order)
        return Response(
            ProductionPaymentOut({"total": total, "paid": order.paid_amount is not None, "rows": rows}).data
        )

    @extend_schema(request=ProductionPaymentIn, responses=ProductionPaymentOut)
    def post(self, request, pk):
        order = _order(request.user, pk, write=True)
        data = validated(ProductionPaymentIn, request.data)
        order = services.record_payment(order=order, **data, acting_user=request.user)
        total, rows = queries.payment_sheet(order)
        return Response(ProductionPaymentOut({"total": total, "paid": True, "rows": rows}).data)


class ContractListView(APIView):
    @extend_schema(responses=ProductionContractOut(many=True))
    def get(self, request, sentra_pk):
        sentra = _sentra(request.user, sentra_pk)
        qs = queries.contracts_for_list(sentra, request.GET.get("q", "")).prefetch_related("deliveries")
        return paginated(self, request, qs, ProductionContractOut)

    @extend_schema(request=ProductionContractIn, responses=ProductionContractOut)
    def post(self, request, sentra_pk):
        sentra = _sentra(request.user, sentra_pk, write=True)
        data = validated(ProductionContractIn, request.data)
        if data["enterprise"] is not None:
            data["enterprise"] = _member_enterprise(sentra, data["enterprise"])
        if data["order"] is not None:
            data["order"] = Order.objects.filter(sentra=sentra, pk=data["order"]).first()
            if data["order"] is None:
                msg = _("That order belongs to another sentra.")
                raise ServiceError(msg, field_errors={"order": msg}, code="order")
        contract = services.create_subcontract(sentra=sentra, **data, acting_user=request.user)
        return Response(ProductionContractOut(contract).data, status=201)


class ContractDetailView(APIView):
    @extend_schema(responses=ProductionContractOut)
    def get(self, request, pk):
        return Response(ProductionContractOut(_contract(request.user, pk)).data)


class SubDeliveryCreateView(APIView):
    @extend_schema(request=ProductionSubDeliveryIn, responses=ProductionSubDeliveryOut)
    def post(self, request, pk):
        contract = _contract(request.user, pk, write=True)
        data = validated(ProductionSubDeliveryIn, request.data)
        repeated = key_used(SubDelivery.objects.filter(contract=contract), data["idempotency_key"])
        delivery = services.record_sub_delivery(contract=contract, **data, acting_user=request.user)
        return posted(ProductionSubDeliveryOut, delivery, repeated=repeated)


P = "production/"
urlpatterns = [
    path(f"{P}sentras/<int:sentra_pk>/capacities/", CapacityListView.as_view(), name="production-capacities"),
    path(f"{P}sentras/<int:sentra_pk>/orders/", OrderListView.as_view(), name="production-orders"),
    path(f"{P}orders/<int:pk>/", OrderDetailView.as_view(), name="production-order"),
    path(f"{P}orders/<int:pk>/split/", OrderSplitView.as_view(), name="production-order-split"),
    path(f"{P}orders/<int:pk>/adjust/", OrderAdjustView.as_view(), name="production-order-adjust"),
    path(f"{P}orders/<int:pk>/deliveries/", DeliveryCreateView.as_view(), name="production-deliveries"),
    path(f"{P}orders/<int:pk>/payment/", PaymentView.as_view(), name="production-payment"),
    path(f"{P}sentras/<int:sentra_pk>/contracts/", ContractListView.as_view(), name="production-contracts"),
    path(f"{P}contracts/<int:pk>/", ContractDetailView.as_view(), name="production-contract"),
    path(
        f"{P}contracts/<int:pk>/deliveries/",
        SubDeliveryCreateView.as_view(),
        name="production-sub-deliveries",
    ),
]
