"""REST API for programmes, their stages, sites, criteria and role matrix, agencies and staff.

Same services and access helpers as the pages: out-of-scope is 404, read-only is 403, a refused change
is 400 with the translated reason.
"""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from berdaya.accounts import access
from berdaya.core.api import Pagination, paginated, validated
from berdaya.places.models import Place

from . import queries, services
from .models import Agency, AgencyRole, Programme, Site, StaffMember, Stage

Q_PARAM = OpenApiParameter("q", str, description="search words")


# ---------------------------------------------------------------------------------------------------------
# Output serializers
# ---------------------------------------------------------------------------------------------------------


class ProgrammeStageOut(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["id", "order", "key", "name", "description"]


class ProgrammeSiteOut(serializers.ModelSerializer):
    place_code = serializers.CharField(source="place.code", read_only=True)
    place_name = serializers.CharField(source="place.path", read_only=True)

    class Meta:
        model = Site
        fields = ["id", "place", "place_code", "place_name", "notes"]


class ProgrammeListOut(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = [
            "id",
            "name",
            "model_type",
            "start_date",
            "end_date",
            "funding_source",
            "group_size_min",
            "group_size_max",
            "residence_level",
        ]


class ProgrammeOut(ProgrammeListOut):
    stages = ProgrammeStageOut(many=True, read_only=True)
    sites = ProgrammeSiteOut(many=True, read_only=True)
    criteria = serializers.SerializerMethodField()

    class Meta(ProgrammeListOut.Meta):
        fields = ProgrammeListOut.Meta.fields + ["description", "stages", "sites", "criteria"]

    def get_criteria(self, obj) -> list[str]:
        return [c.text for c in obj.criteria.all()]


class AgencyOut(serializers.ModelSerializer):
    place_code = serializers.CharField(source="place.code", default=None, read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "name", "kind", "place", "place_code", "contact"]


class AgencyRoleOut(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = AgencyRole
        fields = ["id", "site", "agency", "agency_name", "role", "commitment", "start_date", "end_date"]


class RoleMatrixCellOut(serializers.Serializer):
    role = serializers.CharField()
    label = serializers.CharField()
    overlap = serializers.BooleanField()
    gap = serializers.BooleanField()
    commitments = AgencyRoleOut(many=True)


class RoleMatrixRowOut(serializers.Serializer):
    site = ProgrammeSiteOut()
    cells = RoleMatrixCellOut(many=True)


class RoleOverlapOut(serializers.Serializer):
    site = serializers.IntegerField(source="site.pk")
    place_name = serializers.CharField(source="site.place.name")
    role = serializers.CharField()
    agencies = serializers.SerializerMethodField()
    explanation = serializers.CharField()

    def get_agencies(self, obj) -> list[int]:
        return [a.pk for a in obj["agencies"]]


class RoleMatrixOut(serializers.Serializer):
    rows = RoleMatrixRowOut(many=True)
    overlaps = RoleOverlapOut(many=True)


class StaffOut(serializers.ModelSerializer):
    programmes = serializers.SerializerMethodField()

    class Meta:
        model = StaffMember
        fields = [
            "id",
            "full_name",
            "kind",
            "agency",
            "programmes",
            "phone",
            "qualifications",
            "duties",
            "rights",
            "obligations",
            "sanctions",
            "trained",
            "trained_on",
            "active",
        ]

    def get_programmes(self, obj) -> list[int]:
        # Only programmes the reader may see; the serializer context carries the request.
        visible = self.context.get("visible_programme_ids")
        return [p.pk for p in obj.programmes.all() if visible is None or p.pk in visible]


# ---------------------------------------------------------------------------------------------------------
# Input serializers
# ---------------------------------------------------------------------------------------------------------


class ProgrammeIn(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    model_type = serializers.ChoiceField(choices=Programme.Model.choices)
    description = serializers.CharField(required=False, allow_blank=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    funding_source = serializers.CharField(max_length=150, required=False, allow_blank=True)
    group_size_min = serializers.IntegerField(min_value=1, max_value=1000, required=False, allow_null=True)
    group_size_max = serializers.IntegerField(min_value=1, max_value=1000, required=False, allow_null=True)
    residence_level = serializers.ChoiceField(choices=Programme.ResidenceLevel.choices, required=False)
    stages = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        help_text="Stage names in order; omit for the default template.",
    )


class ProgrammePatchIn(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False)
    model_type = serializers.ChoiceField(choices=Programme.Model.choices, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    funding_source = serializers.CharField(max_length=150, required=False, allow_blank=True)
    group_size_min = serializers.IntegerField(min_value=1, max_value=1000, required=False)
    group_size_max = serializers.IntegerField(min_value=1, max_value=1000, required=False)
    residence_level = serializers.ChoiceField(choices=Programme.ResidenceLevel.choices, required=False)
    criteria = serializers.ListField(
        child=serializers.CharField(max_length=250, allow_blank=True),
        required=False,
        help_text="Replaces all.",
    )


class ProgrammeStageIn(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    key = serializers.SlugField(max_length=40, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)


class ProgrammeStagePatchIn(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    move = serializers.ChoiceField(choices=["up", "down"], required=False)


class ProgrammeSiteIn(serializers.Serializer):
    place_code = serializers.CharField(max_length=40)
    notes = serializers.CharField(required=False, allow_blank=True)


class AgencyRoleIn(serializers.Serializer):
    site = serializers.IntegerField()
    agency = serializers.IntegerField()
    role = serializers.ChoiceField(choices=AgencyRole.Role.choices)
    commitment = serializers.CharField(max_length=250, required=False, allow_blank=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)


class AgencyIn(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    kind = serializers.ChoiceField(choices=Agency.Kind.choices)
    place_code = serializers.CharField(max_length=40, required=False, allow_blank=True, allow_null=True)
    contact = serializers.CharField(max_length=200, required=False, allow_blank=True)


class AgencyPatchIn(AgencyIn):
    name = serializers.CharField(max_length=150, required=False)
    kind = serializers.ChoiceField(choices=Agency.Kind.choices, required=False)


class StaffIn(serializers.Serializer):
    full_name = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=StaffMember.Kind.choices)
    agency = serializers.IntegerField(required=False, allow_null=True)
    programmes = serializers.ListField(child=serializers.IntegerField(), required=False)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    qualifications = serializers.CharField(required=False, allow_blank=True)
    duties = serializers.CharField(required=False, allow_blank=True)
    rights = serializers.CharField(required=False, allow_blank=True)
    obligations = serializers.CharField(required=False, allow_blank=True)
    sanctions = serializers.CharField(required=False, allow_blank=True)
    trained = serializers.BooleanField(required=False)
    trained_on = serializers.DateField(required=False, allow_null=True)


class StaffPatchIn(StaffIn):
    full_name = serializers.CharField(max_length=120, required=False)
    kind = serializers.ChoiceField(choices=StaffMember.Kind.choices, required=False)
    active = serializers.BooleanField(required=False)


# ---------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------


def _place(code):
    if not code:
        return None
    try:
        return Place.objects.get(code=code)
    except Place.DoesNotExist:
        raise serializers.ValidationError({"place_code": [_("No place has this code.")]}) from None


def _agency(pk):
    if pk is None:
        return None
    try:
        return Agency.objects.get(pk=pk)
    except Agency.DoesNotExist:
        raise serializers.ValidationError({"agency": [_("No agency has this id.")]}) from None


def _programmes(user, ids):
    found = list(access.writable_programmes(user).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise serializers.ValidationError({"programmes": [_("Unknown programme, or not one of yours.")]})
    return found


def _programme_out(programme: Programme) -> dict:
    programme = Programme.objects.prefetch_related("stages", "sites__place", "criteria").get(pk=programme.pk)
    return ProgrammeOut(programme).data


def _staff_context(user) -> dict:
    if access.is_admin(user):
        return {}
    return {"visible_programme_ids": set(access.visible_programmes(user).values_list("pk", flat=True))}


# ---------------------------------------------------------------------------------------------------------
# Programmes
# ---------------------------------------------------------------------------------------------------------


class ProgrammeListAPI(APIView):
    @extend_schema(parameters=[Q_PARAM], responses=ProgrammeListOut(many=True))
    def get(self, request):
        qs = queries.search_programmes(request.user, request.query_params.get("q", ""))
        return paginated(self, request, qs.order_by("name"), ProgrammeListOut)

    @extend_schema(request=ProgrammeIn, responses={201: ProgrammeOut})
    def post(self, request):
        """Create a programme; without ``stages`` it gets the default stage template."""
        access.require_manage(request.user)
        data = validated(ProgrammeIn, request.data)
        if "stages" in data:
            data["stages"] = [("", name) for name in data["stages"]]
        programme = services.create_programme(acting_user=request.user, **data)
        return Response(_programme_out(programme), status=201)


class ProgrammeDetailAPI(APIView):
    @extend_schema(responses=ProgrammeOut)
    def get(self, request, pk):
        return Response(_programme_out(access.access_programme(request.user, pk)))

    @extend_schema(request=ProgrammePatchIn, responses=ProgrammeOut)
    def patch(self, request, pk):
        """Change fields; ``criteria`` replaces the whole list of target criteria."""
        programme = access.access_programme(request.user, pk, write=True)
        data = validated(ProgrammePatchIn, request.data)
        criteria = data.pop("criteria", None)
        with transaction.atomic():  # both changes or neither
            services.update_programme(acting_user=request.user, programme=programme, **data)
            if criteria is not None:
                services.set_criteria(acting_user=request.user, programme=programme, texts=criteria)
        return Response(_programme_out(programme))


class ProgrammeStagesAPI(APIView):
    @extend_schema(responses=ProgrammeStageOut(many=True))
    def get(self, request, pk):
        programme = access.access_programme(request.user, pk)
        return Response(ProgrammeStageOut(programme.stages.all(), many=True).data)

    @extend_schema(request=ProgrammeStageIn, responses={201: ProgrammeStageOut})
    def post(self, request, pk):
        """Append a stage at the end of the template."""
        programme = access.access_programme(request.user, pk, write=True)
        stage = services.add_stage(
            acting_user=request.user, programme=programme, **validated(ProgrammeStageIn, request.data)
        )
        return Response(ProgrammeStageOut(stage).data, status=201)


class StageDetailAPI(APIView):
    @extend_schema(request=ProgrammeStagePatchIn, responses=ProgrammeStageOut(many=True))
    def patch(self, request, pk, stage_pk):
        """Rename a stage and/or move it one place ``up`` or ``down``; returns the whole template."""
        programme = access.access_programme(request.user, pk, write=True)
        stage = get_object_or_404(Stage, pk=stage_pk, programme=programme)
        data = validated(ProgrammeStagePatchIn, request.data)
        with transaction.atomic():  # both changes or neither
            if "name" in data or "description" in data:
                stage = services.rename_stage(
                    acting_user=request.user,
                    stage=stage,
                    name=data.get("name", stage.name),
                    description=data.get("description"),
                )
            if "move" in data:
                services.move_stage(acting_user=request.user, stage=stage, direction=data["move"])
        return Response(ProgrammeStageOut(programme.stages.all(), many=True).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk, stage_pk):
        """Remove a stage (refused while a group is at it or has evidence for it)."""
        programme = access.access_programme(request.user, pk, write=True)
        stage = get_object_or_404(Stage, pk=stage_pk, programme=programme)
        services.remove_stage(acting_user=request.user, stage=stage)
        return Response(status=204)


class ProgrammeSitesAPI(APIView):
    @extend_schema(responses=ProgrammeSiteOut(many=True))
    def get(self, request, pk):
        programme = access.access_programme(request.user, pk)
        return Response(ProgrammeSiteOut(programme.sites.select_related("place"), many=True).data)

    @extend_schema(request=ProgrammeSiteIn, responses={201: ProgrammeSiteOut})
    def post(self, request, pk):
        programme = access.access_programme(request.user, pk, write=True)
        data = validated(ProgrammeSiteIn, request.data)
        site = services.add_site(
            acting_user=request.user,
            programme=programme,
            place=_place(data["place_code"]),
            notes=data.get("notes", ""),
        )
        return Response(ProgrammeSiteOut(site).data, status=201)


class SiteDetailAPI(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk, site_pk):
        """Remove a site (refused while roles or groups are there)."""
        programme = access.access_programme(request.user, pk, write=True)
        site = get_object_or_404(Site, pk=site_pk, programme=programme)
        services.remove_site(acting_user=request.user, site=site)
        return Response(status=204)


class ProgrammeRolesAPI(APIView):
    @extend_schema(responses=RoleMatrixOut)
    def get(self, request, pk):
        """The role matrix (sites × roles) with the overlaps explained."""
        programme = access.access_programme(request.user, pk)
        matrix = queries.role_matrix(programme)
        return Response(RoleMatrixOut({"rows": matrix, "overlaps": queries.overlaps(programme, matrix)}).data)

    @extend_schema(request=AgencyRoleIn, responses={201: AgencyRoleOut})
    def post(self, request, pk):
        """Commit an agency to a role at one of the programme's sites."""
        programme = access.access_programme(request.user, pk, write=True)
        data = validated(AgencyRoleIn, request.data)
        site = Site.objects.filter(pk=data.pop("site"), programme=programme).first()
        if site is None:
            raise serializers.ValidationError({"site": [_("Not a site of this programme.")]})
        agency = _agency(data.pop("agency"))
        agency_role = services.commit_role(acting_user=request.user, site=site, agency=agency, **data)
        return Response(AgencyRoleOut(agency_role).data, status=201)


class RoleDetailAPI(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk, role_pk):
        """Withdraw an agency's commitment."""
        programme = access.access_programme(request.user, pk, write=True)
        agency_role = get_object_or_404(AgencyRole, pk=role_pk, site__programme=programme)
        services.withdraw_role(acting_user=request.user, agency_role=agency_role)
        return Response(status=204)


# ---------------------------------------------------------------------------------------------------------
# Agencies
# ---------------------------------------------------------------------------------------------------------


class AgencyListAPI(APIView):
    @extend_schema(parameters=[Q_PARAM], responses=AgencyOut(many=True))
    def get(self, request):
        qs = queries.search_agencies(request.user, request.query_params.get("q", ""))
        return paginated(self, request, qs.select_related("place").order_by("name"), AgencyOut)

    @extend_schema(request=AgencyIn, responses={201: AgencyOut})
    def post(self, request):
        access.require_manage(request.user)
        data = validated(AgencyIn, request.data)
        data["place"] = _place(data.pop("place_code", None))
        agency = services.create_agency(acting_user=request.user, **data)
        return Response(AgencyOut(agency).data, status=201)


class AgencyDetailAPI(APIView):
    @extend_schema(responses=AgencyOut)
    def get(self, request, pk):
        return Response(AgencyOut(access.access_agency(request.user, pk)).data)

    @extend_schema(request=AgencyPatchIn, responses=AgencyOut)
    def patch(self, request, pk):
        agency = access.access_agency(request.user, pk, write=True)
        data = validated(AgencyPatchIn, request.data)
        if "place_code" in data:
            data["place"] = _place(data.pop("place_code"))
        agency = services.update_agency(acting_user=request.user, agency=agency, **data)
        return Response(AgencyOut(agency).data)


# ---------------------------------------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------------------------------------


class StaffListAPI(APIView):
    @extend_schema(parameters=[Q_PARAM], responses=StaffOut(many=True))
    def get(self, request):
        qs = queries.search_staff(request.user, request.query_params.get("q", ""))
        qs = qs.prefetch_related("programmes").order_by("full_name")
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(
            StaffOut(page, many=True, context=_staff_context(request.user)).data
        )

    @extend_schema(request=StaffIn, responses={201: StaffOut})
    def post(self, request):
        access.require_manage(request.user)
        data = validated(StaffIn, request.data)
        data["agency"] = _agency(data.get("agency"))
        data["programmes"] = _programmes(request.user, data.get("programmes", []))
        if not data["programmes"] and not access.is_admin(request.user):
            # Outside any programme the record would be invisible to the manager who creates it.
            raise serializers.ValidationError({"programmes": [_("Choose at least one of your programmes.")]})
        staff = services.create_staff(acting_user=request.user, **data)
        return Response(StaffOut(staff, context=_staff_context(request.user)).data, status=201)


class StaffDetailAPI(APIView):
    @extend_schema(responses=StaffOut)
    def get(self, request, pk):
        staff = access.access_staff(request.user, pk)
        return Response(StaffOut(staff, context=_staff_context(request.user)).data)

    @extend_schema(request=StaffPatchIn, responses=StaffOut)
    def patch(self, request, pk):
        staff = access.access_staff(request.user, pk, write=True)
        data = validated(StaffPatchIn, request.data)
        if "agency" in data:
            data["agency"] = _agency(data["agency"])
        if "programmes" in data:
            chosen = _programmes(request.user, data["programmes"])
            # Links to programmes the caller cannot see are kept, not silently dropped.
            hidden = staff.programmes.exclude(pk__in=access.visible_programmes(request.user).values("pk"))
            data["programmes"] = chosen + list(hidden)
        staff = services.update_staff(acting_user=request.user, staff=staff, **data)
        return Response(StaffOut(staff, context=_staff_context(request.user)).data)


urlpatterns = [
    path("programmes/", ProgrammeListAPI.as_view(), name="programmes"),
    path("programmes/<int:pk>/", ProgrammeDetailAPI.as_view(), name="programme"),
    path("programmes/<int:pk>/stages/", ProgrammeStagesAPI.as_view(), name="programme_stages"),
    path("programmes/<int:pk>/stages/<int:stage_pk>/", StageDetailAPI.as_view(), name="programme_stage"),
    path("programmes/<int:pk>/sites/", ProgrammeSitesAPI.as_view(), name="programme_sites"),
    path("programmes/<int:pk>/sites/<int:site_pk>/", SiteDetailAPI.as_view(), name="programme_site"),
    path("programmes/<int:pk>/roles/", ProgrammeRolesAPI.as_view(), name="programme_roles"),
    path("programmes/<int:pk>/roles/<int:role_pk>/", RoleDetailAPI.as_view(), name="programme_role"),
    path("agencies/", AgencyListAPI.as_view(), name="agencies"),
    path("agencies/<int:pk>/", AgencyDetailAPI.as_view(), name="agency"),
    path("staff/", StaffListAPI.as_view(), name="staff_list"),
    path("staff/<int:pk>/", StaffDetailAPI.as_view(), name="staff"),
]
