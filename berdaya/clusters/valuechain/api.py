"""Value-chain API: the same services, queries and access helpers as the pages.

Price observations and advance sales are entered on phones: they take a client-chosen
``idempotency_key``; sending it again returns the first row (200) instead of creating another (201).
"""

from __future__ import annotations

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
from berdaya.people.models import Enterprise, Person

from . import margins, queries, services
from .models import AdvanceSale, PriceObservation, Product, ReferenceRate, Step

PATH = "sentra__programme"


def _sentra(user, pk, *, write: bool = False):
    access.require_fieldwork_reader(user)
    sentra = access.access_sentra(user, pk, write=write)
    if write:
        access.require_fieldwork_writer(user, sentra.programme)
    return sentra


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _not_in_sentra(field: str):
    msg = _("Not a craftsman of this sentra.")
    raise ServiceError(msg, field_errors={field: msg}, code="seller")


# --- output -----------------------------------------------------------------------------------------


class ProductOut(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = ["id", "sentra", "name", "unit"]


class ObservationOut(serializers.ModelSerializer):
    product_name = serializers.CharField(source="product.name", read_only=True)

    class Meta:
        model = PriceObservation
        fields = [
            "id",
            "sentra",
            "product",
            "product_name",
            "step",
            "price",
            "observed_on",
            "source",
            "place",
            "notes",
            "idempotency_key",
        ]


class RatesOut(serializers.Serializer):
    """Rates as exact decimal strings of percentages (4 places), and the explanation in words."""

    months = serializers.DecimalField(max_digits=12, decimal_places=4)
    months_counted = serializers.BooleanField()
    period_percent = serializers.DecimalField(max_digits=20, decimal_places=4)
    simple_annual_percent = serializers.DecimalField(max_digits=20, decimal_places=4)
    compound_annual_percent = serializers.DecimalField(max_digits=30, decimal_places=4)
    reference_name = serializers.CharField()
    reference_annual_percent = serializers.DecimalField(max_digits=10, decimal_places=3)
    reference_set_by_programme = serializers.BooleanField()
    times_reference = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    cost = serializers.IntegerField()
    explanation = serializers.ListField(child=serializers.CharField())


def _rates_dict(r: queries.SaleRates) -> dict:
    return {
        "months": margins.as_percent(r.rates.months / 100, 4),
        "months_counted": r.months_counted,
        "period_percent": margins.as_percent(r.rates.period, 4),
        "simple_annual_percent": margins.as_percent(r.rates.simple_annual, 4),
        "compound_annual_percent": margins.as_percent(r.rates.compound_annual, 4),
        "reference_name": r.reference_name,
        "reference_annual_percent": r.reference_rate,
        "reference_set_by_programme": r.reference_set,
        "times_reference": margins.as_percent(r.times / 100, 2) if r.times is not None else None,
        "cost": r.cost,
        "explanation": r.explanation,
    }


class AdvanceSaleOut(serializers.ModelSerializer):
    seller_name = serializers.CharField(read_only=True)
    rates = serializers.SerializerMethodField()

    class Meta:
        model = AdvanceSale
        fields = [
            "id",
            "sentra",
            "kind",
            "enterprise",
            "person",
            "seller_name",
            "buyer_name",
            "buyer_step",
            "product",
            "quantity",
            "cash_received",
            "goods_value",
            "received_on",
            "delivery_on",
            "months",
            "notes",
            "idempotency_key",
            "rates",
        ]

    def get_rates(self, obj) -> dict:
        r = getattr(obj, "r", None) or queries.sale_rates(obj)
        return RatesOut(_rates_dict(r)).data


class ReferenceRateOut(serializers.ModelSerializer):
    class Meta:
        model = ReferenceRate
        fields = ["id", "programme", "name", "annual_rate", "valid_from"]


class StepOut(serializers.Serializer):
    step = serializers.CharField()
    label = serializers.CharField()
    price = serializers.IntegerField(help_text="Median price per unit, whole rupiah.")
    observations = serializers.IntegerField()
    margin = serializers.IntegerField(help_text="What this step adds to the previous step's price.")
    share_percent = serializers.DecimalField(max_digits=9, decimal_places=4)


class SharePointOut(serializers.Serializer):
    period = serializers.DateField()
    producer_price = serializers.IntegerField()
    final_price = serializers.IntegerField()
    share_percent = serializers.DecimalField(max_digits=9, decimal_places=4)


class ChainOut(serializers.Serializer):
    product = ProductOut()
    final_price = serializers.IntegerField(allow_null=True)
    producer_share_percent = serializers.DecimalField(max_digits=9, decimal_places=4, allow_null=True)
    steps = StepOut(many=True)
    over_time = SharePointOut(many=True)
    notes = serializers.ListField(child=serializers.CharField())
    explanation = serializers.ListField(child=serializers.CharField())


# --- input ------------------------------------------------------------------------------------------


class ProductIn(serializers.Serializer):
    sentra = serializers.IntegerField()
    name = serializers.CharField(max_length=120)
    unit = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")


class ObservationIn(serializers.Serializer):
    product = serializers.IntegerField()
    step = serializers.ChoiceField(choices=Step.choices)
    price = serializers.IntegerField()
    observed_on = serializers.DateField()
    source = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    place = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    idempotency_key = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class AdvanceSaleIn(serializers.Serializer):
    sentra = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=AdvanceSale.Kind.choices, default=AdvanceSale.Kind.IJON)
    enterprise = serializers.IntegerField(required=False, allow_null=True, default=None)
    person = serializers.IntegerField(required=False, allow_null=True, default=None)
    buyer_name = serializers.CharField(max_length=150)
    buyer_step = serializers.ChoiceField(choices=Step.choices, default=Step.JURAGAN)
    product = serializers.IntegerField(required=False, allow_null=True, default=None)
    quantity = serializers.IntegerField(required=False, allow_null=True, default=None)
    cash_received = serializers.IntegerField()
    goods_value = serializers.IntegerField()
    received_on = serializers.DateField()
    delivery_on = serializers.DateField()
    months = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True, default=None
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    idempotency_key = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class ReferenceRateIn(serializers.Serializer):
    sentra = serializers.IntegerField(help_text="The rate is set for this sentra's programme.")
    name = serializers.CharField(max_length=60)
    annual_rate = serializers.DecimalField(max_digits=7, decimal_places=3)
    valid_from = serializers.DateField()


# --- views ------------------------------------------------------------------------------------------


class ProductListAPI(APIView):
    @extend_schema(
        responses=ProductOut(many=True),
        parameters=[OpenApiParameter("sentra", int)],
        summary="Chain products",
    )
    def get(self, request):
        access.require_fieldwork_reader(request.user)
        qs = access.visible_fieldwork(request.user, Product.objects.all(), PATH)
        if sentra := _int(request.query_params.get("sentra")):
            qs = qs.filter(sentra_id=sentra)
        return paginated(self, request, qs, ProductOut)

    @extend_schema(request=ProductIn, responses={201: ProductOut}, summary="Add a product to follow")
    def post(self, request):
        data = validated(ProductIn, request.data)
        sentra = _sentra(request.user, data["sentra"], write=True)
        product = services.create_product(
            sentra=sentra, name=data["name"], unit=data["unit"], acting_user=request.user
        )
        return Response(ProductOut(product).data, status=201)


class ObservationListAPI(APIView):
    @extend_schema(
        responses=ObservationOut(many=True),
        parameters=[
            OpenApiParameter("sentra", int),
            OpenApiParameter("product", int),
            OpenApiParameter("step", str),
            OpenApiParameter("q", str),
        ],
        summary="Price observations in scope",
    )
    def get(self, request):
        access.require_fieldwork_reader(request.user)
        qs = access.visible_fieldwork(request.user, PriceObservation.objects.select_related("product"), PATH)
        params = request.query_params
        if sentra := _int(params.get("sentra")):
            qs = qs.filter(sentra_id=sentra)
        if product := _int(params.get("product")):
            qs = qs.filter(product_id=product)
        if params.get("step") in Step.values:
            qs = qs.filter(step=params["step"])
        if q := params.get("q", "").strip():
            qs = search(qs, q, ["product__name", "source", "place", "notes"])
        return paginated(self, request, qs, ObservationOut)

    @extend_schema(
        request=ObservationIn,
        responses={201: ObservationOut, 200: ObservationOut},
        summary="Record a price (idempotent with idempotency_key)",
    )
    def post(self, request):
        user = request.user
        data = validated(ObservationIn, request.data)
        access.require_fieldwork_reader(user)
        product = access.access_fieldwork(
            user,
            Product.objects.select_related("sentra__programme", "sentra__place"),
            data["product"],
            programme_path=PATH,
            write=True,
        )
        sentra = product.sentra
        access.require_fieldwork_writer(user, sentra.programme)
        key = data["idempotency_key"] or None
        already = key_used(PriceObservation.objects.filter(sentra=sentra), key)
        obs = services.record_price(
            sentra=sentra,
            product=product,
            step=data["step"],
            price=data["price"],
            observed_on=data["observed_on"],
            source=data["source"],
            place=data["place"],
            notes=data["notes"],
            idempotency_key=key,
            acting_user=user,
        )
        return posted(ObservationOut, obs, repeated=already)


class ObservationDetailAPI(APIView):
    def _get(self, request, pk, *, write=False):
        access.require_fieldwork_reader(request.user)
        return access.access_fieldwork(
            request.user,
            PriceObservation.objects.select_related("product", "sentra__programme"),
            pk,
            programme_path=PATH,
            write=write,
        )

    @extend_schema(responses=ObservationOut, summary="One price observation")
    def get(self, request, pk):
        return Response(ObservationOut(self._get(request, pk)).data)

    @extend_schema(responses={204: None}, summary="Delete a price observation")
    def delete(self, request, pk):
        obs = self._get(request, pk, write=True)
        services.delete_price(observation=obs, acting_user=request.user)
        return Response(status=204)


class ChainAPI(APIView):
    @extend_schema(
        responses=ChainOut,
        parameters=[
            OpenApiParameter("product", int),
            OpenApiParameter("start", str),
            OpenApiParameter("end", str),
            OpenApiParameter("by", str, enum=["quarter", "month"]),
        ],
        summary="The chain of one product: median price per step, margins, producer share, share over time",
    )
    def get(self, request, sentra_pk):
        sentra = _sentra(request.user, sentra_pk)
        products = Product.objects.filter(sentra=sentra)
        params = request.query_params
        product = (
            products.filter(pk=_int(params.get("product"))).first()
            if params.get("product")
            else products.first()
        )
        if product is None:
            raise Http404(_("Not found."))
        filters = validated(_ChainParams, params)
        view = queries.chain_view(
            product, start=filters.get("start"), end=filters.get("end"), by=filters["by"]
        )
        ch = view.chain
        body = {
            "product": product,
            "final_price": view.final_price,
            "producer_share_percent": margins.as_percent(ch.producer_share, 4)
            if ch.producer_share is not None
            else None,
            "steps": [
                {
                    "step": s.step,
                    "label": queries.step_label(s.step),
                    "price": margins.to_rupiah(s.price),
                    "observations": s.observations,
                    "margin": margins.to_rupiah(s.margin),
                    "share_percent": margins.as_percent(s.share, 4),
                }
                for s in ch.steps
            ],
            "over_time": [
                {
                    "period": p.period,
                    "producer_price": margins.to_rupiah(p.producer_price),
                    "final_price": margins.to_rupiah(p.final_price),
                    "share_percent": margins.as_percent(p.share, 4),
                }
                for p in view.trend
            ],
            "notes": ch.notes,
            "explanation": view.explanation,
        }
        return Response(ChainOut(body).data)


class _ChainParams(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    by = serializers.ChoiceField(choices=["quarter", "month"], required=False, default="quarter")


class AdvanceSaleListAPI(APIView):
    @extend_schema(
        responses=AdvanceSaleOut(many=True),
        parameters=[
            OpenApiParameter("sentra", int),
            OpenApiParameter("kind", str),
            OpenApiParameter("q", str),
        ],
        summary="Advance sales (ijon) with their implied rates",
    )
    def get(self, request):
        user = request.user
        access.require_fieldwork_reader(user)
        qs = access.visible_fieldwork(
            user, AdvanceSale.objects.select_related("sentra", "enterprise", "person"), PATH
        )
        params = request.query_params
        if sentra := _int(params.get("sentra")):
            qs = qs.filter(sentra_id=sentra)
        if params.get("kind") in AdvanceSale.Kind.values:
            qs = qs.filter(kind=params["kind"])
        if q := params.get("q", "").strip():
            qs = search(qs, q, ["buyer_name", "enterprise__name", "person__full_name", "notes"])
        # Paginated by hand so the page's reference rates are read once, not once per sale.
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        page = queries.with_rates(page, {s.sentra.programme_id for s in page})
        return paginator.get_paginated_response(AdvanceSaleOut(page, many=True).data)

    @extend_schema(
        request=AdvanceSaleIn,
        responses={201: AdvanceSaleOut, 200: AdvanceSaleOut},
        summary="Record an advance sale (idempotent with idempotency_key)",
    )
    def post(self, request):
        user = request.user
        data = validated(AdvanceSaleIn, request.data)
        sentra = _sentra(user, data.pop("sentra"), write=True)
        # Only the sentra's own craftsmen can be named; any other id is refused without saying whose it is.
        if data["enterprise"]:
            data["enterprise"] = Enterprise.objects.filter(
                pk=data["enterprise"], sentra_memberships__sentra=sentra
            ).first() or _not_in_sentra("enterprise")
        if data["person"]:
            data["person"] = Person.objects.filter(
                pk=data["person"], enterprises__sentra_memberships__sentra=sentra
            ).first() or _not_in_sentra("person")
        data["product"] = (
            Product.objects.filter(pk=data["product"], sentra=sentra).first() if data["product"] else None
        )
        key = data.pop("idempotency_key") or None
        already = key_used(AdvanceSale.objects.filter(sentra=sentra), key)
        sale = services.record_advance_sale(sentra=sentra, idempotency_key=key, acting_user=user, **data)
        return posted(AdvanceSaleOut, sale, repeated=already)


class AdvanceSaleDetailAPI(APIView):
    def _get(self, request, pk, *, write=False):
        access.require_fieldwork_reader(request.user)
        return access.access_fieldwork(
            request.user,
            AdvanceSale.objects.select_related("sentra__programme", "enterprise", "person"),
            pk,
            programme_path=PATH,
            write=write,
        )

    @extend_schema(responses=AdvanceSaleOut, summary="One advance sale with its rates and explanation")
    def get(self, request, pk):
        return Response(AdvanceSaleOut(self._get(request, pk)).data)

    @extend_schema(responses={204: None}, summary="Delete an advance sale")
    def delete(self, request, pk):
        sale = self._get(request, pk, write=True)
        services.delete_advance_sale(sale=sale, acting_user=request.user)
        return Response(status=204)


class ReferenceRateListAPI(APIView):
    @extend_schema(
        responses=ReferenceRateOut(many=True),
        parameters=[OpenApiParameter("programme", int)],
        summary="Reference rates (e.g. KUR) advance sales are compared with",
    )
    def get(self, request):
        user = request.user
        access.require_fieldwork_reader(user)
        qs = ReferenceRate.objects.filter(access.fieldwork_q(user, "programme")).order_by(
            "programme", "-valid_from", "-id"
        )
        if programme := _int(request.query_params.get("programme")):
            qs = qs.filter(programme_id=programme)
        return paginated(self, request, qs, ReferenceRateOut)

    @extend_schema(request=ReferenceRateIn, responses={201: ReferenceRateOut}, summary="Set a reference rate")
    def post(self, request):
        data = validated(ReferenceRateIn, request.data)
        sentra = _sentra(request.user, data.pop("sentra"), write=True)
        rate = services.set_reference_rate(programme=sentra.programme, acting_user=request.user, **data)
        return Response(ReferenceRateOut(rate).data, status=201)


urlpatterns = [
    path("value-chain/products/", ProductListAPI.as_view(), name="valuechain_products"),
    path("value-chain/observations/", ObservationListAPI.as_view(), name="valuechain_observations"),
    path("value-chain/observations/<int:pk>/", ObservationDetailAPI.as_view(), name="valuechain_observation"),
    path("value-chain/sentras/<int:sentra_pk>/chain/", ChainAPI.as_view(), name="valuechain_chain"),
    path("value-chain/advance-sales/", AdvanceSaleListAPI.as_view(), name="valuechain_advance_sales"),
    path(
        "value-chain/advance-sales/<int:pk>/", AdvanceSaleDetailAPI.as_view(), name="valuechain_advance_sale"
    ),
    path("value-chain/reference-rates/", ReferenceRateListAPI.as_view(), name="valuechain_reference_rates"),
]
