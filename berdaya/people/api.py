"""REST API for persons, households and enterprises: same services and access helpers as the pages.

Full NIK and KK numbers are returned only to users who may write (they need them to correct records);
readers (auditor, partner, member) get them masked, as on the pages.
"""

from __future__ import annotations

import datetime as dt

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from berdaya.accounts import access
from berdaya.core.api import paginated, validated
from berdaya.core.lists import search
from berdaya.places.models import Place, subtree_q

from . import explain, services
from . import size_class as sc
from .models import Enterprise, Household, Person
from .views import _person_search

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
        fields = ["id", "full_name", "sex", "birth_date", "nik", "phone", "address", "place_code", "household"]

    def get_nik(self, obj) -> str | None:
        return (obj.nik if self._may_see_numbers() else obj.masked_nik) or None


class HouseholdOut(_ScopedOut):
    kk_number = serializers.SerializerMethodField(help_text="Full KK number for users who may write, masked otherwise.")

    class Meta:
        model = Household
        fields = ["id", "head_name", "kk_number", "place_code", "address", "poverty_registered", "poverty_registry_id"]

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

    @extend_schema_field_size := None  # placeholder removed below

    def get_size_class(self, obj) -> dict:
        on = self.context.get("on") or timezone.localdate()
        purpose = self.context.get("purpose") or sc.PURPOSE_EMPOWERMENT
        return SizeClassOut(explain.size_explanation(obj, on, purpose)).data
