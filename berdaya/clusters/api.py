"""Sentra API: the same services, queries and access helpers as the pages.

Infrastructure observations and readiness assessments take a client-chosen ``idempotency_key``: sending
it again returns the first one (200) instead of recording twice (201).
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from berdaya.accounts import access
from berdaya.core.api import paginated, posted, validated
from berdaya.people.models import Enterprise
from berdaya.places.models import Place

from . import explain, queries, readiness, services
from .models import InfrastructureRecord, ReadinessAssessment, ReadinessFinding, SentraMember, SentraYear

PATH = "sentra__programme"

# --- output -----------------------------------------------------------------------------------------


class SentraOut(serializers.Serializer):
    id = serializers.IntegerField()
    programme = serializers.IntegerField(source="programme_id")
    programme_name = serializers.CharField(source="programme.name")
    name = serializers.CharField()
    product_type = serializers.CharField()
    place = serializers.IntegerField(source="place_id")
    place_name = serializers.CharField(source="place.name")
    description = serializers.CharField()
    founded_year = serializers.IntegerField(allow_null=True)


class SentraListOut(SentraOut):
    member_count = serializers.IntegerField()


class SentraMemberOut(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    product_type = serializers.CharField(source="enterprise.product_type", read_only=True)

    class Meta:
        model = SentraMember
        fields = ["id", "sentra", "enterprise", "enterprise_name", "product_type", "joined_on", "left_on"]


class SentraMemberAddedOut(SentraMemberOut):
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(SentraMemberOut.Meta):
        fields = [*SentraMemberOut.Meta.fields, "warnings"]


class SentraYearOut(serializers.ModelSerializer):
    class Meta:
        model = SentraYear
        fields = [
            "id",
            "year",
            "units",
            "craftsmen",
            "tools",
            "daily_capacity",
            "capacity_unit",
            "monthly_turnover",
            "notes",
        ]


class SentraInfrastructureOut(serializers.ModelSerializer):
    class Meta:
        model = InfrastructureRecord
        fields = ["id", "sentra", "kind", "adequacy", "assessed_on", "notes"]


class ReadinessFindingOut(serializers.ModelSerializer):
    value = serializers.SerializerMethodField()
    reason = serializers.SerializerMethodField()

    class Meta:
        model = ReadinessFinding
        fields = ["criterion", "value", "evidence", "source", "verdict", "reason"]

    def get_value(self, obj) -> int | bool | None:
        return obj.value

    def get_reason(self, obj) -> str:
        thresholds = services.thresholds_of(obj.assessment)
        return explain.reason(readiness.judge(obj.criterion, obj.value, obj.evidence, thresholds))


class ReadinessAssessmentOut(serializers.ModelSerializer):
    findings = ReadinessFindingOut(many=True, read_only=True)
    level_rule = serializers.SerializerMethodField()
    assessor_name = serializers.SerializerMethodField()

    class Meta:
        model = ReadinessAssessment
        fields = [
            "id",
            "sentra",
            "assessed_on",
            "assessor",
            "assessor_name",
            "note",
            "min_units",
            "min_monthly_turnover",
            "required",
            "level",
            "level_rule",
            "findings",
        ]

    def get_level_rule(self, obj) -> str:
        _rows, level = services.explained(obj)
        return explain.level_rule(level)

    def get_assessor_name(self, obj) -> str:
        return str(obj.assessor) if obj.assessor else ""


class ReadinessCriteriaOut(serializers.Serializer):
    programme = serializers.IntegerField()
    min_units = serializers.IntegerField()
    min_monthly_turnover = serializers.IntegerField()
    required = serializers.ListField(child=serializers.CharField())


# --- input ------------------------------------------------------------------------------------------


class SentraIn(serializers.Serializer):
    programme = serializers.IntegerField()
    name = serializers.CharField(max_length=150)
    product_type = serializers.CharField(max_length=80)
    place = serializers.CharField(help_text="Place code, e.g. 35.71.01.1002")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    founded_year = serializers.IntegerField(required=False, allow_null=True, default=None)


class SentraPatch(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False)
    product_type = serializers.CharField(max_length=80, required=False)
    place = serializers.CharField(required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    founded_year = serializers.IntegerField(required=False, allow_null=True)


class SentraMemberIn(serializers.Serializer):
    enterprise = serializers.IntegerField()
    joined_on = serializers.DateField(required=False, allow_null=True, default=None)


class SentraMemberEndIn(serializers.Serializer):
    left_on = serializers.DateField()


class SentraYearIn(serializers.Serializer):
    year = serializers.IntegerField()
    units = serializers.IntegerField(required=False, allow_null=True, default=None)
    craftsmen = serializers.IntegerField(required=False, allow_null=True, default=None)
    tools = serializers.IntegerField(required=False, allow_null=True, default=None)
    daily_capacity = serializers.IntegerField(required=False, allow_null=True, default=None)
    capacity_unit = serializers.CharField(required=False, allow_blank=True, default="")
    monthly_turnover = serializers.IntegerField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class SentraInfrastructureIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=InfrastructureRecord.Kind.choices)
    adequacy = serializers.ChoiceField(choices=InfrastructureRecord.Adequacy.choices)
    assessed_on = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    idempotency_key = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")


class ReadinessFindingIn(serializers.Serializer):
    criterion = serializers.ChoiceField(choices=list(readiness.CRITERIA))
    value = serializers.JSONField(
        required=False, allow_null=True, default=None, help_text="Whole number or true/false"
    )
    evidence = serializers.CharField(required=False, allow_blank=True, default="")
    source = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class ReadinessAssessmentIn(serializers.Serializer):
    assessed_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    findings = ReadinessFindingIn(many=True)
    idempotency_key = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")


class ReadinessCriteriaIn(serializers.Serializer):
    min_units = serializers.IntegerField()
    min_monthly_turnover = serializers.IntegerField()
    requires_technology = serializers.BooleanField(default=True)
    requires_infrastructure = serializers.BooleanField(default=True)
    requires_market_network = serializers.BooleanField(default=True)
    requires_financial_institution = serializers.BooleanField(default=True)


# --- helpers ----------------------------------------------------------------------------------------


def _sentra(user, pk, *, write=False):
    sentra = access.access_sentra(user, pk, write=write)
    if write:
        access.require_fieldwork_writer(user, sentra.programme)
    return sentra


def _place(code: str) -> Place:
    place = Place.objects.filter(code=code).first()
    if place is None:
        raise serializers.ValidationError({"place": ["Unknown place code."]})
    return place


def _criteria_out(programme) -> dict:
    t = services.thresholds_for(programme)
    return {
        "programme": programme.pk,
        "min_units": t.min_units,
        "min_monthly_turnover": t.min_monthly_turnover,
        "required": [c for c in readiness.CRITERIA if c in t.required],
    }


def _assessments():
    return ReadinessAssessment.objects.select_related("assessor").prefetch_related("findings__assessment")


# --- views ------------------------------------------------------------------------------------------


class SentraListAPI(APIView):
    @extend_schema(responses=SentraListOut(many=True))
    def get(self, request):
        access.require_fieldwork_reader(request.user)
        qs = queries.sentras_for_list(
            request.user,
            q=request.query_params.get("q", ""),
            programme_id=request.query_params.get("programme", ""),
        )
        return paginated(self, request, qs, SentraListOut)

    @extend_schema(request=SentraIn, responses={201: SentraOut})
    def post(self, request):
        user = request.user
        access.require_fieldwork_writer(user)
        data = validated(SentraIn, request.data)
        programme = access.fieldwork_programmes(user).filter(pk=data["programme"]).first()
        if programme is None:
            raise serializers.ValidationError({"programme": ["Unknown programme."]})
        access.require_fieldwork_writer(user, programme)
        sentra = services.create_sentra(
            programme=programme,
            name=data["name"],
            product_type=data["product_type"],
            place=_place(data["place"]),
            description=data["description"],
            founded_year=data["founded_year"],
            acting_user=user,
        )
        return Response(SentraOut(sentra).data, status=201)


class SentraDetailAPI(APIView):
    @extend_schema(responses=SentraOut)
    def get(self, request, pk):
        return Response(SentraOut(_sentra(request.user, pk)).data)

    @extend_schema(request=SentraPatch, responses=SentraOut)
    def patch(self, request, pk):
        sentra = _sentra(request.user, pk, write=True)
        changes = validated(SentraPatch, request.data, partial=True)
        if "place" in changes:
            changes["place"] = _place(changes["place"])
        sentra = services.update_sentra(sentra=sentra, changes=changes, acting_user=request.user)
        return Response(SentraOut(sentra).data)


class MemberListAPI(APIView):
    @extend_schema(responses=SentraMemberOut(many=True))
    def get(self, request, pk):
        sentra = _sentra(request.user, pk)
        return paginated(
            self,
            request,
            sentra.members.select_related("enterprise").order_by("enterprise__name"),
            SentraMemberOut,
        )

    @extend_schema(request=SentraMemberIn, responses={201: SentraMemberAddedOut})
    def post(self, request, pk):
        sentra = _sentra(request.user, pk, write=True)
        data = validated(SentraMemberIn, request.data)
        enterprise = access.visible_enterprises(request.user).filter(pk=data["enterprise"]).first()
        if enterprise is None or not isinstance(enterprise, Enterprise):
            raise serializers.ValidationError({"enterprise": ["Unknown enterprise."]})
        result = services.add_member(
            sentra=sentra, enterprise=enterprise, joined_on=data["joined_on"], acting_user=request.user
        )
        result.member.warnings = result.warnings
        return Response(SentraMemberAddedOut(result.member).data, status=201)


class MemberEndAPI(APIView):
    @extend_schema(request=SentraMemberEndIn, responses=SentraMemberOut)
    def post(self, request, pk):
        member = access.access_fieldwork(
            request.user,
            SentraMember.objects.select_related("sentra__programme"),
            pk,
            programme_path=PATH,
            write=True,
        )
        access.require_fieldwork_writer(request.user, member.sentra.programme)
        data = validated(SentraMemberEndIn, request.data)
        member = services.end_member(member=member, left_on=data["left_on"], acting_user=request.user)
        return Response(SentraMemberOut(member).data)


class HistoryAPI(APIView):
    @extend_schema(responses=SentraYearOut(many=True))
    def get(self, request, pk):
        sentra = _sentra(request.user, pk)
        return paginated(self, request, sentra.years.order_by("year"), SentraYearOut)

    @extend_schema(request=SentraYearIn, responses={200: SentraYearOut, 201: SentraYearOut})
    def post(self, request, pk):
        """Set one year's figures (creating the year, or replacing the figures given)."""
        sentra = _sentra(request.user, pk, write=True)
        data = validated(SentraYearIn, request.data)
        existed = sentra.years.filter(year=data["year"]).exists()
        year = data.pop("year")
        row = services.record_year(sentra=sentra, year=year, acting_user=request.user, **data)
        return Response(SentraYearOut(row).data, status=200 if existed else 201)


class InfrastructureAPI(APIView):
    @extend_schema(responses=SentraInfrastructureOut(many=True))
    def get(self, request, pk):
        sentra = _sentra(request.user, pk)
        qs = InfrastructureRecord.objects.filter(sentra=sentra).order_by("-assessed_on", "kind", "-id")
        if request.query_params.get("latest"):
            ids = [r.pk for r in services.latest_infrastructure(sentra).values()]
            qs = qs.filter(pk__in=ids)
        return paginated(self, request, qs, SentraInfrastructureOut)

    @extend_schema(
        request=SentraInfrastructureIn, responses={200: SentraInfrastructureOut, 201: SentraInfrastructureOut}
    )
    def post(self, request, pk):
        sentra = _sentra(request.user, pk, write=True)
        data = validated(SentraInfrastructureIn, request.data)
        row, repeated = services.record_infrastructure(
            sentra=sentra,
            kind=data["kind"],
            adequacy=data["adequacy"],
            assessed_on=data["assessed_on"],
            notes=data["notes"],
            acting_user=request.user,
            idempotency_key=data["idempotency_key"] or None,
        )
        return posted(SentraInfrastructureOut, row, repeated=repeated)


class AssessmentListAPI(APIView):
    @extend_schema(responses=ReadinessAssessmentOut(many=True))
    def get(self, request, pk):
        sentra = _sentra(request.user, pk)
        return paginated(
            self,
            request,
            _assessments().filter(sentra=sentra).order_by("-assessed_on", "-id"),
            ReadinessAssessmentOut,
        )

    @extend_schema(
        request=ReadinessAssessmentIn, responses={200: ReadinessAssessmentOut, 201: ReadinessAssessmentOut}
    )
    def post(self, request, pk):
        """Judge the sentra; verdicts and level are computed (no evidence → unknown)."""
        sentra = _sentra(request.user, pk, write=True)
        data = validated(ReadinessAssessmentIn, request.data)
        findings = [
            services.FindingInput(f["criterion"], f["value"], f["evidence"], f["source"])
            for f in data["findings"]
        ]
        assessment, repeated = services.assess_readiness(
            sentra=sentra,
            assessed_on=data["assessed_on"],
            findings=findings,
            note=data["note"],
            acting_user=request.user,
            idempotency_key=data["idempotency_key"] or None,
        )
        return posted(ReadinessAssessmentOut, _assessments().get(pk=assessment.pk), repeated=repeated)


class AssessmentDetailAPI(APIView):
    @extend_schema(responses=ReadinessAssessmentOut)
    def get(self, request, pk):
        assessment = access.access_fieldwork(request.user, _assessments(), pk, programme_path=PATH)
        return Response(ReadinessAssessmentOut(assessment).data)


class CriteriaAPI(APIView):
    @extend_schema(responses=ReadinessCriteriaOut)
    def get(self, request, programme_pk):
        access.require_fieldwork_reader(request.user)
        programme = access.fieldwork_programmes(request.user).filter(pk=programme_pk).first()
        if programme is None:
            from django.http import Http404

            raise Http404
        return Response(ReadinessCriteriaOut(_criteria_out(programme)).data)

    @extend_schema(request=ReadinessCriteriaIn, responses=ReadinessCriteriaOut)
    def put(self, request, programme_pk):
        access.require_fieldwork_reader(request.user)
        if not access.fieldwork_programmes(request.user).filter(pk=programme_pk).exists():
            from django.http import Http404

            raise Http404
        programme = access.access_programme(request.user, programme_pk, write=True)
        data = validated(ReadinessCriteriaIn, request.data)
        services.set_criteria(programme=programme, acting_user=request.user, **data)
        return Response(ReadinessCriteriaOut(_criteria_out(programme)).data)


urlpatterns = [
    path("sentras/", SentraListAPI.as_view(), name="sentras"),
    path("sentras/<int:pk>/", SentraDetailAPI.as_view(), name="sentra"),
    path("sentras/<int:pk>/members/", MemberListAPI.as_view(), name="sentra_members"),
    path("sentras/members/<int:pk>/end/", MemberEndAPI.as_view(), name="sentra_member_end"),
    path("sentras/<int:pk>/history/", HistoryAPI.as_view(), name="sentra_history"),
    path("sentras/<int:pk>/infrastructure/", InfrastructureAPI.as_view(), name="sentra_infrastructure"),
    path("sentras/<int:pk>/assessments/", AssessmentListAPI.as_view(), name="sentra_assessments"),
    path("sentras/assessments/<int:pk>/", AssessmentDetailAPI.as_view(), name="sentra_assessment"),
    path("sentras/criteria/<int:programme_pk>/", CriteriaAPI.as_view(), name="sentra_criteria"),
]
