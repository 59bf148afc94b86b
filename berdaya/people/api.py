"""REST API for persons, households and enterprises: same services and access helpers as the pages.

Full NIK and KK numbers are returned only to users who may write (they need them to correct records);
readers (auditor, partner, member) get them masked, as on the pages.
"""

from __future__ import annotations

import datetime as dt

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from berdaya.accounts import access
from berdaya.core.api import paginated, validated
from berdaya.places.models import Place, subtree_q

from . import explain, services
from . import size_class as sc
from .models import Enterprise, Household, Person
from .queries import enterprise_rows, enterprises_for_list, search_households, search_persons

# --- output ----------------------------------------------------------------------------------------


class _ScopedOut(serializers.ModelSerializer):
    place_code = serializers.CharField(source="place.code", read_only=True)

    def _may_see_numbers(self) -> bool:
        request = self.context.get("request")
        return bool(request and access.can_write(request.user))


class PersonOut(_ScopedOut):
    nik = serializers.SerializerMethodField(help_text="Full NIK for users who may write, masked otherwise.")

    class Meta:
        model = Person
        fields = [
            "id",
            "full_name",
            "sex",
            "birth_date",
            "nik",
            "phone",
            "address",
            "place_code",
            "household",
        ]

    def get_nik(self, obj) -> str | None:
        return (obj.nik if self._may_see_numbers() else obj.masked_nik) or None


class HouseholdOut(_ScopedOut):
    kk_number = serializers.SerializerMethodField(
        help_text="Full KK number for users who may write, masked otherwise."
    )

    class Meta:
        model = Household
        fields = [
            "id",
            "head_name",
            "kk_number",
            "place_code",
            "address",
            "poverty_registered",
            "poverty_registry_id",
        ]

    def get_kk_number(self, obj) -> str | None:
        return (obj.kk_number if self._may_see_numbers() else obj.masked_kk) or None


class SizeClassOut(serializers.Serializer):
    on = serializers.DateField()
    purpose = serializers.CharField()
    rule = serializers.CharField(help_text="uu_20_2008 or pp_7_2021: the rule in force on that date.")
    size_class = serializers.CharField(allow_null=True, help_text="micro, small, medium, large or null.")
    label = serializers.CharField()
    basis = serializers.CharField(allow_null=True, help_text="The figure that decided.")
    figure = serializers.IntegerField(allow_null=True)
    legal_reference = serializers.CharField()
    explanation = serializers.CharField(source="sentence")
    notes = serializers.ListField(child=serializers.CharField())
    workforce_class = serializers.CharField(allow_null=True, help_text="BPS class (statistics only).")
    workforce_explanation = serializers.CharField(source="workforce_sentence")


class EnterpriseOut(_ScopedOut):
    owners = serializers.SerializerMethodField()
    size_class = serializers.SerializerMethodField()

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name",
            "product_type",
            "sector",
            "place_code",
            "owners",
            "workers",
            "net_assets",
            "business_capital",
            "annual_sales",
            "start_date",
            "size_class",
        ]

    def get_owners(self, obj) -> list[int]:
        # .all() uses the list view's prefetch; owner ids are not more than the list shows anyway.
        return [o.pk for o in obj.owners.all()]

    @extend_schema_field(SizeClassOut)
    def get_size_class(self, obj) -> dict:
        on = self.context.get("on") or timezone.localdate()
        purpose = self.context.get("purpose") or sc.PURPOSE_EMPOWERMENT
        return SizeClassOut(explain.size_explanation(obj, on, purpose)).data


# --- input -----------------------------------------------------------------------------------------


class PlaceCodeField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Place.objects.all(), **kwargs)


class PersonIn(serializers.Serializer):
    full_name = serializers.CharField(max_length=120)
    sex = serializers.ChoiceField(choices=Person.Sex.choices)
    place_code = PlaceCodeField(source="place")
    birth_date = serializers.DateField(required=False, allow_null=True)
    nik = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=30)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    address = serializers.CharField(required=False, allow_blank=True, max_length=250)
    household = serializers.PrimaryKeyRelatedField(
        queryset=Household.objects.none(), required=False, allow_null=True
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only households the user may see can be referenced; others are "invalid pk", not a leak.
        if user is not None:  # None only when drf-spectacular builds the schema
            self.fields["household"].queryset = access.visible_households(user)


class HouseholdIn(serializers.Serializer):
    place_code = PlaceCodeField(source="place")
    kk_number = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=30)
    head_name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    address = serializers.CharField(required=False, allow_blank=True, max_length=250)
    poverty_registered = serializers.BooleanField(required=False, default=False)
    poverty_registry_id = serializers.CharField(required=False, allow_blank=True, max_length=40)


class EnterpriseIn(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    product_type = serializers.CharField(max_length=80)
    sector = serializers.ChoiceField(
        choices=Enterprise.Sector.choices, required=False, default=Enterprise.Sector.OTHER
    )
    place_code = PlaceCodeField(source="place")
    owners = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(),
        many=True,
        allow_empty=False,
        help_text="Person ids. At least one: the enterprise is visible through its owners.",
    )
    workers = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    net_assets = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    business_capital = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    annual_sales = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    start_date = serializers.DateField(required=False, allow_null=True)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:  # None only when drf-spectacular builds the schema
            self.fields["owners"].child_relation.queryset = access.visible_persons(user)


# --- views -----------------------------------------------------------------------------------------

_Q = OpenApiParameter("q", str, description="words to search for")


def _out(serializer_class, obj, request, status=200, **context):
    return Response(serializer_class(obj, context={"request": request, **context}).data, status=status)


class PersonListAPI(APIView):
    @extend_schema(
        parameters=[
            _Q,
            OpenApiParameter("place", str, description="place code; the place and everything below it"),
            OpenApiParameter("sex", str, enum=["L", "P"]),
        ],
        responses=PersonOut(many=True),
    )
    def get(self, request):
        """Persons in the user's scope; search by name, phone and (for writers) NIK."""
        qs = access.visible_persons(request.user).select_related("place")
        qs = search_persons(request.user, qs, request.query_params.get("q", "").strip())
        if place := request.query_params.get("place", "").strip():
            qs = qs.filter(subtree_q(place, "place"))
        if (sex := request.query_params.get("sex")) in Person.Sex.values:
            qs = qs.filter(sex=sex)
        rows = Person.objects.select_related("place")
        return paginated(self, request, qs, _with_request(PersonOut, request), rows=rows)

    @extend_schema(request=PersonIn, responses={201: PersonOut})
    def post(self, request):
        """Register a person (managers; facilitators add members through their group)."""
        access.require_manage(request.user)
        data = validated(PersonIn, request.data, user=request.user)
        person = services.create_person(acting_user=request.user, **data)
        return _out(PersonOut, person, request, status=201)


class PersonDetailAPI(APIView):
    @extend_schema(responses=PersonOut)
    def get(self, request, pk):
        return _out(PersonOut, access.access_person(request.user, pk), request)

    @extend_schema(request=PersonIn, responses=PersonOut)
    def patch(self, request, pk):
        person = access.access_person(request.user, pk, write=True)
        data = validated(PersonIn, request.data, user=request.user, partial=True)
        person = services.update_person(acting_user=request.user, person=person, **data)
        return _out(PersonOut, person, request)


class HouseholdListAPI(APIView):
    @extend_schema(
        parameters=[_Q, OpenApiParameter("poverty_registered", bool)], responses=HouseholdOut(many=True)
    )
    def get(self, request):
        """Households in the user's scope; search by head, address and (for writers) KK number."""
        qs = search_households(request.user, request.query_params.get("q", ""))
        flag = request.query_params.get("poverty_registered", "").lower()
        if flag in ("true", "1", "false", "0"):
            qs = qs.filter(poverty_registered=flag in ("true", "1"))
        return paginated(self, request, qs, _with_request(HouseholdOut, request))

    @extend_schema(request=HouseholdIn, responses={201: HouseholdOut})
    def post(self, request):
        access.require_manage(request.user)
        data = validated(HouseholdIn, request.data)
        household = services.create_household(acting_user=request.user, **data)
        return _out(HouseholdOut, household, request, status=201)


class HouseholdDetailAPI(APIView):
    @extend_schema(responses=HouseholdOut)
    def get(self, request, pk):
        return _out(HouseholdOut, access.access_household(request.user, pk), request)

    @extend_schema(request=HouseholdIn, responses=HouseholdOut)
    def patch(self, request, pk):
        household = access.access_household(request.user, pk, write=True)
        data = validated(HouseholdIn, request.data, partial=True)
        # partial=True still fills field defaults; only send what the client actually sent.
        data = {
            k: v
            for k, v in data.items()
            if k in request.data or (k == "place" and "place_code" in request.data)
        }
        household = services.update_household(acting_user=request.user, household=household, **data)
        return _out(HouseholdOut, household, request)


def _size_context(request) -> dict:
    context = {}
    try:
        if on := request.query_params.get("on"):
            context["on"] = dt.date.fromisoformat(on)
    except ValueError:
        raise ValidationError({"on": [_("Enter a date as YYYY-MM-DD.")]}) from None
    if (purpose := request.query_params.get("purpose")) in sc.PURPOSES:
        context["purpose"] = purpose
    return context


_SIZE_PARAMS = [
    OpenApiParameter("on", dt.date, description="classify by the rule in force on this date (default today)"),
    OpenApiParameter(
        "purpose", str, enum=list(sc.PURPOSES), description="PP 7/2021 criterion (default empowerment)"
    ),
]


class EnterpriseListAPI(APIView):
    @extend_schema(
        parameters=[_Q, OpenApiParameter("sector", str, enum=Enterprise.Sector.values), *_SIZE_PARAMS],
        responses=EnterpriseOut(many=True),
    )
    def get(self, request):
        """Enterprises of persons in the user's scope, each with its size class explained."""
        qs = enterprises_for_list(
            request.user,
            q=request.query_params.get("q", "").strip(),
            sector=request.query_params.get("sector", ""),
        )
        serializer = _with_request(EnterpriseOut, request, **_size_context(request))
        return paginated(self, request, qs, serializer, rows=enterprise_rows())

    @extend_schema(request=EnterpriseIn, responses={201: EnterpriseOut})
    def post(self, request):
        """Register an enterprise (any user who may write; owners must be persons in their scope)."""
        access.require_write(request.user)
        data = validated(EnterpriseIn, request.data, user=request.user)
        enterprise = services.create_enterprise(acting_user=request.user, **data)
        return _out(EnterpriseOut, enterprise, request, status=201)


class EnterpriseDetailAPI(APIView):
    @extend_schema(parameters=_SIZE_PARAMS, responses=EnterpriseOut)
    def get(self, request, pk):
        enterprise = access.access_enterprise(request.user, pk)
        return _out(EnterpriseOut, enterprise, request, **_size_context(request))

    @extend_schema(request=EnterpriseIn, responses=EnterpriseOut)
    def patch(self, request, pk):
        enterprise = access.access_enterprise(request.user, pk, write=True)
        data = validated(EnterpriseIn, request.data, user=request.user, partial=True)
        data = {
            k: v
            for k, v in data.items()
            if k in request.data or (k == "place" and "place_code" in request.data)
        }
        if "owners" in data:
            # Owners outside the caller's scope cannot be named by them; keep them rather than drop them.
            data["owners"] = list(data["owners"]) + list(
                enterprise.owners.exclude(access.person_q(request.user, one=True))
            )
        enterprise = services.update_enterprise(acting_user=request.user, enterprise=enterprise, **data)
        return _out(EnterpriseOut, enterprise, request)


def _with_request(serializer_class, request, **context):
    """The serializer class bound to this request's context, for ``paginated``."""

    class Bound(serializer_class):
        def __init__(self, *args, **kwargs):
            kwargs.setdefault("context", {"request": request, **context})
            super().__init__(*args, **kwargs)

    Bound.__name__ = serializer_class.__name__
    return Bound


urlpatterns = [
    path("persons/", PersonListAPI.as_view(), name="persons"),
    path("persons/<int:pk>/", PersonDetailAPI.as_view(), name="person"),
    path("households/", HouseholdListAPI.as_view(), name="households"),
    path("households/<int:pk>/", HouseholdDetailAPI.as_view(), name="household"),
    path("enterprises/", EnterpriseListAPI.as_view(), name="enterprises"),
    path("enterprises/<int:pk>/", EnterpriseDetailAPI.as_view(), name="enterprise"),
]
