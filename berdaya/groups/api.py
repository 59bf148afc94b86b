"""Group API: the same services and access helpers as the pages, with explicit input/output serializers."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from berdaya.accounts import access
from berdaya.core.api import Pagination, paginated, validated
from berdaya.core.lists import search
from berdaya.people.models import Person
from berdaya.places.models import Place

from . import services
from .models import Assignment, Bylaws, Group, Meeting, Membership, OfficerTerm, StageRecord
from .queries import attach_active_member_counts, groups_for_list
from .views import scoped
from .warnings import group_warnings, warnings_for_groups

# --- output -----------------------------------------------------------------------------------------


class WarningOut(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    details = serializers.ListField(child=serializers.CharField())


class GroupOut(serializers.ModelSerializer):
    place_code = serializers.CharField(source="place.code", read_only=True)
    place_name = serializers.CharField(source="place.name", read_only=True)
    programme_name = serializers.CharField(source="programme.name", read_only=True)
    stage_key = serializers.CharField(source="stage.key", default=None, read_only=True)
    stage_name = serializers.CharField(source="stage.name", default=None, read_only=True)
    active_members = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = Group
        fields = [
            "id",
            "name",
            "kind",
            "programme",
            "programme_name",
            "place",
            "place_code",
            "place_name",
            "business_type",
            "founded_on",
            "status",
            "stage",
            "stage_key",
            "stage_name",
            "active_members",
            "warnings",
        ]

    def get_active_members(self, obj) -> int:
        if hasattr(obj, "active_members"):
            return obj.active_members
        return obj.memberships.filter(left_on__isnull=True).count()

    @extend_schema_field(WarningOut(many=True))
    def get_warnings(self, obj) -> list[dict]:
        warnings = self.context.get("warnings")
        found = warnings.get(obj.pk, []) if warnings is not None else group_warnings(obj)
        return WarningOut(found, many=True).data


class MembershipOut(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    active = serializers.BooleanField(read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "group",
            "person",
            "person_name",
            "joined_on",
            "join_reason",
            "left_on",
            "leave_reason",
            "active",
        ]


class OfficerTermOut(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = OfficerTerm
        fields = ["id", "group", "person", "person_name", "role", "start_on", "end_on"]


class BylawsOut(serializers.ModelSerializer):
    class Meta:
        model = Bylaws
        fields = ["group", *services.BYLAWS_FIELDS]


class AttendanceOut(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    person_name = serializers.CharField(source="person.full_name")
    present = serializers.BooleanField()


class MeetingOut(serializers.ModelSerializer):
    present_count = serializers.IntegerField(read_only=True)
    total_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "group", "held_on", "venue", "agenda", "minutes", "present_count", "total_count"]


class MeetingDetailOut(MeetingOut):
    attendance = serializers.SerializerMethodField()

    class Meta(MeetingOut.Meta):
        fields = [*MeetingOut.Meta.fields, "attendance"]

    @extend_schema_field(AttendanceOut(many=True))
    def get_attendance(self, obj) -> list[dict]:
        rows = obj.attendance.select_related("person").order_by("person__full_name")
        return AttendanceOut(rows, many=True).data


class StageRecordOut(serializers.ModelSerializer):
    stage_key = serializers.CharField(source="stage.key", read_only=True)

    class Meta:
        model = StageRecord
        fields = ["id", "group", "stage", "stage_key", "reached_on", "evidence"]


class AssignmentOut(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="staff.full_name", read_only=True)
    staff_trained = serializers.BooleanField(source="staff.trained", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "group", "staff", "staff_name", "staff_trained", "start_on", "end_on"]


class AssignmentCreatedOut(serializers.Serializer):
    assignment = AssignmentOut()
    warnings = serializers.ListField(child=serializers.CharField())


# --- input ------------------------------------------------------------------------------------------


class GroupIn(serializers.Serializer):
    programme = serializers.IntegerField()
    name = serializers.CharField(max_length=150)
    kind = serializers.ChoiceField(choices=Group.Kind.choices)
    place_code = serializers.CharField(max_length=40)
    business_type = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    founded_on = serializers.DateField(required=False, allow_null=True, default=None)


class GroupPatchIn(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False)
    kind = serializers.ChoiceField(choices=Group.Kind.choices, required=False)
    place_code = serializers.CharField(max_length=40, required=False)
    business_type = serializers.CharField(max_length=80, required=False, allow_blank=True)
    founded_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=Group.Status.choices, required=False)


class NewPersonIn(serializers.Serializer):
    full_name = serializers.CharField(max_length=120)
    sex = serializers.ChoiceField(choices=Person.Sex.choices)
    place_code = serializers.CharField(max_length=40, required=False, help_text="default: the group's place")
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    nik = serializers.CharField(
        max_length=16, required=False, allow_null=True, allow_blank=True, default=None
    )
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")


class MemberIn(serializers.Serializer):
    person = serializers.IntegerField(required=False, help_text="an existing person's id")
    new_person = NewPersonIn(required=False, help_text="or register a new person")
    joined_on = serializers.DateField()
    join_reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if ("person" in attrs) == ("new_person" in attrs):
            raise serializers.ValidationError(
                _("Give either an existing person (person) or a new one (new_person).")
            )
        return attrs


class EndMembershipIn(serializers.Serializer):
    left_on = serializers.DateField()
    leave_reason = serializers.CharField(max_length=200)


class OfficerIn(serializers.Serializer):
    person = serializers.IntegerField()
    role = serializers.ChoiceField(choices=OfficerTerm.Role.choices)
    start_on = serializers.DateField()
    end_on = serializers.DateField(required=False, allow_null=True, default=None)


class EndOnIn(serializers.Serializer):
    end_on = serializers.DateField()


class BylawsIn(serializers.Serializer):
    principal_saving = serializers.IntegerField(min_value=0)
    mandatory_saving = serializers.IntegerField(min_value=0)
    mandatory_period = serializers.ChoiceField(choices=Bylaws.Period.choices)
    dues = serializers.IntegerField(min_value=0)
    loan_rate_percent_month = serializers.DecimalField(max_digits=5, decimal_places=2)
    loan_method = serializers.ChoiceField(choices=Bylaws.LoanMethod.choices)
    arisan_amount = serializers.IntegerField(min_value=0)
    meeting_cadence = serializers.ChoiceField(choices=Bylaws.Period.choices)
    meeting_day = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    quorum_percent = serializers.IntegerField()
    sanctions = serializers.CharField(required=False, allow_blank=True, default="")
    joint_liability = serializers.BooleanField(required=False, default=False)
    adopted_on = serializers.DateField(required=False, allow_null=True, default=None)


class MeetingIn(serializers.Serializer):
    held_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="local date; default today"
    )
    venue = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    agenda = serializers.CharField(required=False, allow_blank=True, default="")
    minutes = serializers.CharField(required=False, allow_blank=True, default="")
    present = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class StageIn(serializers.Serializer):
    stage = serializers.CharField(help_text="stage id or key")
    reached_on = serializers.DateField()
    evidence = serializers.CharField()


class AssignmentIn(serializers.Serializer):
    staff = serializers.IntegerField()
    start_on = serializers.DateField()


# --- views ------------------------------------------------------------------------------------------


def _place(code: str) -> Place:
    try:
        return Place.objects.get(code=code)
    except Place.DoesNotExist:
        raise serializers.ValidationError({"place_code": ["Unknown place code."]}) from None


def _with_counts(qs):
    return qs.annotate(
        present_count=Count("attendance", filter=Q(attendance__present=True)), total_count=Count("attendance")
    )


class GroupListAPI(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="words of the name, business or village"),
            OpenApiParameter("programme", int),
            OpenApiParameter("kind", str, enum=Group.Kind.values),
        ],
        responses=GroupOut(many=True),
    )
    def get(self, request):
        params = request.query_params
        qs = groups_for_list(
            request.user,
            q=params.get("q", ""),
            programme_id=params.get("programme", ""),
            kind=params.get("kind", ""),
        )
        paginator = Pagination()
        page = attach_active_member_counts(paginator.paginate_queryset(qs, request, view=self))
        context = {"warnings": warnings_for_groups(page)}
        return paginator.get_paginated_response(GroupOut(page, many=True, context=context).data)

    @extend_schema(request=GroupIn, responses={201: GroupOut})
    def post(self, request):
        """Found a group (programme managers and admins)."""
        access.require_manage(request.user)
        data = validated(GroupIn, request.data)
        programme = access.access_programme(request.user, data.pop("programme"), write=True)
        place = _place(data.pop("place_code"))
        group = services.create_group(acting_user=request.user, programme=programme, place=place, **data)
        return Response(GroupOut(group).data, status=201)


class GroupDetailAPI(APIView):
    @extend_schema(responses=GroupOut)
    def get(self, request, pk):
        return Response(GroupOut(access.access_group(request.user, pk)).data)

    @extend_schema(request=GroupPatchIn, responses=GroupOut)
    def patch(self, request, pk):
        group = access.access_group(request.user, pk, write=True)
        data = validated(GroupPatchIn, request.data, partial=True)
        if "place_code" in data:
            data["place"] = _place(data.pop("place_code"))
        group = services.update_group(acting_user=request.user, group=group, **data)
        return Response(GroupOut(group).data)


class MemberListAPI(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("active", bool, description="only open memberships")],
        responses=MembershipOut(many=True),
    )
    def get(self, request, pk):
        group = access.access_group(request.user, pk)
        qs = group.memberships.select_related("person").order_by("left_on", "person__full_name")
        if request.query_params.get("active") in ("1", "true"):
            qs = qs.filter(left_on__isnull=True)
        qs = search(qs, request.query_params.get("q", ""), ["person__full_name"])
        return paginated(self, request, qs, MembershipOut)

    @extend_schema(request=MemberIn, responses={201: MembershipOut})
    def post(self, request, pk):
        """Add an existing person (``person``) or register a new one (``new_person``) as a member."""
        group = access.access_group(request.user, pk, write=True)
        data = validated(MemberIn, request.data)
        common = {"joined_on": data["joined_on"], "join_reason": data["join_reason"]}
        if "person" in data:
            person = access.access_person(request.user, data["person"])
            membership = services.add_member(acting_user=request.user, group=group, person=person, **common)
        else:
            fields = dict(data["new_person"])
            fields["place"] = _place(fields.pop("place_code")) if fields.get("place_code") else group.place
            fields.pop("place_code", None)
            fields["nik"] = fields.get("nik") or None
            membership = services.add_new_member(acting_user=request.user, group=group, **common, **fields)
        return Response(MembershipOut(membership).data, status=201)


class EndMembershipAPI(APIView):
    @extend_schema(request=EndMembershipIn, responses=MembershipOut)
    def post(self, request, pk):
        membership = scoped(Membership.objects.select_related("person"), request.user, pk, write=True)
        data = validated(EndMembershipIn, request.data)
        membership = services.end_membership(acting_user=request.user, membership=membership, **data)
        return Response(MembershipOut(membership).data)


class OfficerListAPI(APIView):
    @extend_schema(responses=OfficerTermOut(many=True))
    def get(self, request, pk):
        group = access.access_group(request.user, pk)
        qs = group.officers.select_related("person").order_by("end_on", "role", "-start_on")
        qs = search(qs, request.query_params.get("q", ""), ["person__full_name", "role"])
        return paginated(self, request, qs, OfficerTermOut)

    @extend_schema(request=OfficerIn, responses={201: OfficerTermOut})
    def post(self, request, pk):
        group = access.access_group(request.user, pk, write=True)
        data = validated(OfficerIn, request.data)
        data["person"] = access.access_person(request.user, data["person"])
        term = services.appoint_officer(acting_user=request.user, group=group, **data)
        return Response(OfficerTermOut(term).data, status=201)


class EndOfficerTermAPI(APIView):
    @extend_schema(request=EndOnIn, responses=OfficerTermOut)
    def post(self, request, pk):
        term = scoped(OfficerTerm.objects.select_related("person"), request.user, pk, write=True)
        data = validated(EndOnIn, request.data)
        term = services.end_officer_term(acting_user=request.user, term=term, end_on=data["end_on"])
        return Response(OfficerTermOut(term).data)


class BylawsAPI(APIView):
    @extend_schema(responses=BylawsOut)
    def get(self, request, pk):
        group = access.access_group(request.user, pk)
        bylaws = Bylaws.objects.filter(group=group).first()
        if bylaws is None:
            bylaws = Bylaws(group=group)  # unsaved defaults: a GET never writes
        return Response(BylawsOut(bylaws).data)

    @extend_schema(request=BylawsIn, responses=BylawsOut)
    def put(self, request, pk):
        group = access.access_group(request.user, pk, write=True)
        data = validated(BylawsIn, request.data)
        bylaws = services.set_bylaws(acting_user=request.user, group=group, **data)
        return Response(BylawsOut(bylaws).data)


class MeetingListAPI(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="words of the venue, agenda or minutes")],
        responses=MeetingOut(many=True),
    )
    def get(self, request, pk):
        group = access.access_group(request.user, pk)
        qs = search(group.meetings.all(), request.query_params.get("q", ""), ["venue", "agenda", "minutes"])
        return paginated(self, request, _with_counts(qs).order_by("-held_on", "-id"), MeetingOut)

    @extend_schema(request=MeetingIn, responses={201: MeetingDetailOut})
    def post(self, request, pk):
        group = access.access_group(request.user, pk, write=True)
        data = validated(MeetingIn, request.data)
        meeting = services.record_meeting(acting_user=request.user, group=group, **data)
        return Response(
            MeetingDetailOut(_with_counts(Meeting.objects.filter(pk=meeting.pk)).get()).data, status=201
        )


class MeetingDetailAPI(APIView):
    @extend_schema(responses=MeetingDetailOut)
    def get(self, request, pk):
        meeting = scoped(_with_counts(Meeting.objects.all()), request.user, pk)
        return Response(MeetingDetailOut(meeting).data)

    @extend_schema(request=MeetingIn, responses=MeetingDetailOut)
    def put(self, request, pk):
        meeting = scoped(Meeting.objects.all(), request.user, pk, write=True)
        data = validated(MeetingIn, request.data)
        services.update_meeting(acting_user=request.user, meeting=meeting, **data)
        return Response(MeetingDetailOut(_with_counts(Meeting.objects.filter(pk=meeting.pk)).get()).data)


class StageAPI(APIView):
    @extend_schema(responses=StageRecordOut(many=True))
    def get(self, request, pk):
        group = access.access_group(request.user, pk)
        qs = group.stage_records.select_related("stage").order_by("-reached_on", "-id")
        return paginated(self, request, qs, StageRecordOut)

    @extend_schema(request=StageIn, responses={201: StageRecordOut})
    def post(self, request, pk):
        group = access.access_group(request.user, pk, write=True)
        data = validated(StageIn, request.data)
        ref = data.pop("stage")
        stages = group.programme.stages.all()
        stage = stages.filter(pk=ref).first() if ref.isdigit() else stages.filter(key=ref).first()
        if stage is None:
            raise serializers.ValidationError({"stage": ["Not a stage of this group's programme."]})
        stage_record = services.record_stage(acting_user=request.user, group=group, stage=stage, **data)
        return Response(StageRecordOut(stage_record).data, status=201)


class AssignmentListAPI(APIView):
    @extend_schema(responses=AssignmentOut(many=True))
    def get(self, request, pk):
        group = access.access_group(request.user, pk)
        qs = group.assignments.select_related("staff").order_by("end_on", "-start_on")
        qs = search(qs, request.query_params.get("q", ""), ["staff__full_name"])
        return paginated(self, request, qs, AssignmentOut)

    @extend_schema(request=AssignmentIn, responses={201: AssignmentCreatedOut})
    def post(self, request, pk):
        """Assign a facilitator or mentor (managers); the answer lists warnings such as 'not trained'."""
        group = access.access_group(request.user, pk, write=True)
        access.require_manage(request.user)
        data = validated(AssignmentIn, request.data)
        staff = access.access_staff(request.user, data["staff"])
        assignment, warnings = services.assign_staff(
            acting_user=request.user, group=group, staff=staff, start_on=data["start_on"]
        )
        return Response(
            AssignmentCreatedOut({"assignment": assignment, "warnings": warnings}).data, status=201
        )


class EndAssignmentAPI(APIView):
    @extend_schema(request=EndOnIn, responses=AssignmentOut)
    def post(self, request, pk):
        assignment = scoped(Assignment.objects.select_related("staff"), request.user, pk, write=True)
        access.require_manage(request.user)
        data = validated(EndOnIn, request.data)
        assignment = services.end_assignment(
            acting_user=request.user, assignment=assignment, end_on=data["end_on"]
        )
        return Response(AssignmentOut(assignment).data)


urlpatterns = [
    path("groups/", GroupListAPI.as_view(), name="groups"),
    path("groups/<int:pk>/", GroupDetailAPI.as_view(), name="group"),
    path("groups/<int:pk>/members/", MemberListAPI.as_view(), name="group_members"),
    path("memberships/<int:pk>/end/", EndMembershipAPI.as_view(), name="membership_end"),
    path("groups/<int:pk>/officers/", OfficerListAPI.as_view(), name="group_officers"),
    path("officer-terms/<int:pk>/end/", EndOfficerTermAPI.as_view(), name="officer_term_end"),
    path("groups/<int:pk>/bylaws/", BylawsAPI.as_view(), name="group_bylaws"),
    path("groups/<int:pk>/meetings/", MeetingListAPI.as_view(), name="group_meetings"),
    path("meetings/<int:pk>/", MeetingDetailAPI.as_view(), name="meeting"),
    path("groups/<int:pk>/stages/", StageAPI.as_view(), name="group_stages"),
    path("groups/<int:pk>/assignments/", AssignmentListAPI.as_view(), name="group_assignments"),
    path("assignments/<int:pk>/end/", EndAssignmentAPI.as_view(), name="assignment_end"),
]
