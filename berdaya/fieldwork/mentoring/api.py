"""Mentoring API: the same services, queries and access helpers as the pages.

Logging a visit takes a client-chosen ``idempotency_key``: sending it again returns the first visit (200)
instead of saving a second one (201) — a phone on a bad connection retries safely.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from berdaya.accounts import access
from berdaya.core.api import paginated, posted, validated
from berdaya.fieldwork.plans import services as plans_services
from berdaya.fieldwork.plans.models import CalendarItem
from berdaya.groups.models import Group
from berdaya.people.models import Person
from berdaya.programs.models import StaffMember

from . import queries, services
from .models import AgreedAction, MonthlyReport, Technique, Visit
from .views import may_return_report, may_write_report

# --- output -----------------------------------------------------------------------------------------


class ActionOut(serializers.ModelSerializer):
    class Meta:
        model = AgreedAction
        fields = ["id", "visit", "text", "owner", "due_on", "done_on", "done_note"]


class VisitOut(serializers.ModelSerializer):
    mentor_name = serializers.CharField(source="mentor.full_name", read_only=True)
    visited_name = serializers.CharField(read_only=True)
    actions = ActionOut(many=True, read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "programme",
            "mentor",
            "mentor_name",
            "group",
            "person",
            "visited_name",
            "visited_on",
            "technique",
            "duration_minutes",
            "productive_topics",
            "welfare_topics",
            "issues",
            "next_visit_on",
            "idempotency_key",
            "actions",
        ]


class ReportOut(serializers.ModelSerializer):
    mentor_name = serializers.CharField(source="mentor.full_name", read_only=True)
    programme_name = serializers.CharField(source="programme.name", read_only=True)

    class Meta:
        model = MonthlyReport
        fields = [
            "id",
            "mentor",
            "mentor_name",
            "programme",
            "programme_name",
            "month",
            "status",
            "summary",
            "achievements",
            "problems",
            "plans",
            "figures",
            "drafted_at",
            "submitted_on",
            "returned_reason",
        ]


class CoverageOut(serializers.Serializer):
    group = serializers.IntegerField(source="group.pk")
    group_name = serializers.CharField(source="group.name")
    programme = serializers.IntegerField(source="group.programme_id")
    last_visit = serializers.DateField(allow_null=True)
    days_since = serializers.IntegerField(allow_null=True)
    mentors = serializers.ListField(child=serializers.CharField())
    reason = serializers.CharField()


class IntensityOut(serializers.Serializer):
    mentor_id = serializers.IntegerField()
    mentor_name = serializers.CharField()
    month = serializers.DateField()
    visits = serializers.IntegerField()
    groups = serializers.IntegerField()
    persons = serializers.IntegerField()
    hours = serializers.FloatField()
    discussion = serializers.IntegerField()
    lecture = serializers.IntegerField()
    home_visit = serializers.IntegerField()
    with_welfare = serializers.IntegerField()


class FollowUpOut(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField(source="pk")
    text = serializers.CharField()
    owner = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    where = serializers.CharField()
    programme = serializers.IntegerField(source="programme_id")
    overdue = serializers.BooleanField()
    days = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()


# --- input ------------------------------------------------------------------------------------------


class ActionIn(serializers.Serializer):
    text = serializers.CharField(max_length=250)
    owner = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class VisitIn(serializers.Serializer):
    programme = serializers.IntegerField()
    mentor = serializers.IntegerField()
    group = serializers.IntegerField(required=False, allow_null=True, default=None)
    person = serializers.IntegerField(required=False, allow_null=True, default=None)
    visited_on = serializers.DateField()
    technique = serializers.ChoiceField(choices=Technique.choices)
    duration_minutes = serializers.IntegerField(required=False, allow_null=True, default=None)
    productive_topics = serializers.CharField(required=False, allow_blank=True, default="")
    welfare_topics = serializers.CharField(required=False, allow_blank=True, default="")
    issues = serializers.CharField(required=False, allow_blank=True, default="")
    actions = ActionIn(many=True, required=False, default=list)
    next_visit_on = serializers.DateField(required=False, allow_null=True, default=None)
    idempotency_key = serializers.CharField(
        max_length=100,
        required=False,
        allow_null=True,
        default=None,
        help_text="Chosen by the client; the same key again returns the first visit (200).",
    )


class DoneIn(serializers.Serializer):
    done_on = serializers.DateField()
    note = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")


class ReportDraftIn(serializers.Serializer):
    mentor = serializers.IntegerField()
    programme = serializers.IntegerField()
    month = serializers.DateField(help_text="any day of the month; the first is stored")


class ReportEditIn(serializers.Serializer):
    summary = serializers.CharField(required=False, allow_blank=True)
    achievements = serializers.CharField(required=False, allow_blank=True)
    problems = serializers.CharField(required=False, allow_blank=True)
    plans = serializers.CharField(required=False, allow_blank=True)


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField()


# --- helpers ----------------------------------------------------------------------------------------


def _reader(request):
    access.require_fieldwork_reader(request.user)


def _writable_programme(user, pk):
    programme = access.fieldwork_programmes(user, write=False).filter(pk=pk).first()
    if programme is None:
        raise Http404(_("Not found."))
    access.require_fieldwork_writer(user, programme)
    return programme


def _mentor(user, pk) -> StaffMember:
    mentor = queries.mentors_in_scope(user).filter(pk=pk).first()
    if mentor is None:
        raise Http404(_("Not found."))
    return mentor


def _report(user, pk, *, write=False) -> MonthlyReport:
    qs = MonthlyReport.objects.select_related("programme", "mentor")
    report = access.access_fieldwork(user, qs, pk, programme_path="programme", write=write)
    if write and not may_write_report(user, report):
        raise PermissionDenied(
            _("Only the mentor, a manager of the programme or an administrator writes this report.")
        )
    return report


# --- views ------------------------------------------------------------------------------------------


class VisitListAPI(APIView):
    @extend_schema(
        responses=VisitOut(many=True),
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("mentor", int),
            OpenApiParameter("group", int),
            OpenApiParameter("programme", int),
            OpenApiParameter("month", str, description="YYYY-MM"),
        ],
        summary="Mentoring visits in scope, searchable",
    )
    def get(self, request):
        _reader(request)
        p = request.query_params
        qs = queries.visits_for_list(
            request.user,
            q=p.get("q", ""),
            mentor_id=p.get("mentor"),
            group_id=p.get("group"),
            programme_id=p.get("programme"),
            month=queries.parse_month(p.get("month")),
        ).prefetch_related("actions")
        return paginated(self, request, qs, VisitOut)

    @extend_schema(
        request=VisitIn,
        responses={201: VisitOut, 200: VisitOut},
        summary="Log a visit with its agreed actions (idempotent by key)",
    )
    def post(self, request):
        user = request.user
        _reader(request)
        data = validated(VisitIn, request.data)
        programme = _writable_programme(user, data["programme"])
        key = data["idempotency_key"]
        if key:
            existing = queries.visible_visits(user).filter(idempotency_key=key).first()
            if existing is not None:
                return posted(VisitOut, existing, repeated=True)
        mentor = _mentor(user, data["mentor"])
        group = person = None
        if data["group"] is not None:
            group = (
                Group.objects.filter(programme=programme, pk=data["group"]).select_related("place").first()
            )
            if group is None:
                raise Http404(_("Not found."))
        if data["person"] is not None:
            person = access.visible_persons(user).select_related("place").filter(pk=data["person"]).first()
            if person is None:
                person = (
                    Person.objects.filter(memberships__group__programme=programme, pk=data["person"])
                    .select_related("place")
                    .first()
                )
            if person is None:
                raise Http404(_("Not found."))
        visit, created = services.record_visit(
            programme=programme,
            mentor=mentor,
            group=group,
            person=person,
            visited_on=data["visited_on"],
            technique=data["technique"],
            duration_minutes=data["duration_minutes"],
            productive_topics=data["productive_topics"],
            welfare_topics=data["welfare_topics"],
            issues=data["issues"],
            actions=data["actions"],
            next_visit_on=data["next_visit_on"],
            idempotency_key=key,
            acting_user=user,
        )
        if not created and not queries.visible_visits(user).filter(pk=visit.pk).exists():
            raise Http404(_("Not found."))  # a key used elsewhere reveals nothing
        return posted(VisitOut, visit, repeated=not created)


class VisitDetailAPI(APIView):
    @extend_schema(responses=VisitOut, summary="A visit with its agreed actions")
    def get(self, request, pk):
        _reader(request)
        visit = access.access_fieldwork(
            request.user, Visit.objects.select_related("mentor", "group", "person"), pk
        )
        return Response(VisitOut(visit).data)


class ActionDoneAPI(APIView):
    @extend_schema(request=DoneIn, responses=ActionOut, summary="Mark an agreed action done")
    def post(self, request, pk):
        _reader(request)
        action = access.access_fieldwork(
            request.user, AgreedAction.objects.all(), pk, programme_path="visit__programme", write=True
        )
        data = validated(DoneIn, request.data)
        action = services.complete_action(
            action=action, done_on=data["done_on"], note=data["note"], acting_user=request.user
        )
        return Response(ActionOut(action).data)


class ReportListAPI(APIView):
    @extend_schema(
        responses=ReportOut(many=True),
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("status", str),
            OpenApiParameter("mentor", int),
        ],
        summary="Mentors' monthly reports in scope",
    )
    def get(self, request):
        _reader(request)
        p = request.query_params
        qs = queries.reports_for_list(
            request.user, q=p.get("q", ""), status=p.get("status", ""), mentor_id=p.get("mentor")
        )
        return paginated(self, request, qs, ReportOut)

    @extend_schema(
        request=ReportDraftIn,
        responses={201: ReportOut, 200: ReportOut},
        summary="Draft (or recount) a mentor's monthly report from the month's visits",
    )
    def post(self, request):
        user = request.user
        _reader(request)
        data = validated(ReportDraftIn, request.data)
        programme = _writable_programme(user, data["programme"])
        mentor = _mentor(user, data["mentor"])
        if not (access.is_admin(user) or access.can_manage(user)) and user.staff_member_id != mentor.pk:
            raise PermissionDenied(_("A mentor drafts their own report."))
        month = services.first_of_month(data["month"])
        existed = MonthlyReport.objects.filter(mentor=mentor, programme=programme, month=month).exists()
        report = services.draft_monthly_report(
            mentor=mentor, programme=programme, month=month, acting_user=user
        )
        return Response(ReportOut(report).data, status=200 if existed else 201)


class ReportDetailAPI(APIView):
    @extend_schema(responses=ReportOut, summary="A monthly report with the figures it was drafted from")
    def get(self, request, pk):
        _reader(request)
        return Response(ReportOut(_report(request.user, pk)).data)

    @extend_schema(request=ReportEditIn, responses=ReportOut, summary="Edit a draft's texts")
    def patch(self, request, pk):
        _reader(request)
        report = _report(request.user, pk, write=True)
        data = validated(ReportEditIn, request.data)
        report = services.update_monthly_report(report=report, changes=dict(data), acting_user=request.user)
        return Response(ReportOut(report).data)


class ReportSubmitAPI(APIView):
    @extend_schema(request=None, responses=ReportOut, summary="Submit a draft (then read-only)")
    def post(self, request, pk):
        _reader(request)
        report = _report(request.user, pk, write=True)
        return Response(
            ReportOut(services.submit_monthly_report(report=report, acting_user=request.user)).data
        )


class ReportReturnAPI(APIView):
    @extend_schema(
        request=ReasonIn, responses=ReportOut, summary="Return a submitted report to draft (managers)"
    )
    def post(self, request, pk):
        _reader(request)
        report = _report(request.user, pk)
        if not may_return_report(request.user, report):
            raise PermissionDenied(_("Only a manager of the programme or an administrator returns a report."))
        data = validated(ReasonIn, request.data)
        report = services.return_monthly_report(
            report=report, reason=data["reason"], acting_user=request.user
        )
        return Response(ReportOut(report).data)


class CoverageAPI(APIView):
    @extend_schema(
        responses=CoverageOut(many=True),
        parameters=[
            OpenApiParameter(
                "days", int, description="not visited for more than this many days (default 30)"
            ),
            OpenApiParameter("programme", int),
            OpenApiParameter("mentor", int, description="only the groups assigned to this mentor"),
        ],
        summary="Groups not visited for N days, oldest first",
    )
    def get(self, request):
        _reader(request)
        p = request.query_params
        rows = queries.coverage(
            request.user,
            days=queries.day_count(request.query_params.get("days"), queries.DEFAULT_DAYS),
            programme_id=p.get("programme"),
            mentor_id=p.get("mentor"),
        )
        return paginated(self, request, rows, CoverageOut)


class IntensityAPI(APIView):
    @extend_schema(
        responses=IntensityOut(many=True),
        parameters=[
            OpenApiParameter("programme", int),
            OpenApiParameter("mentor", int),
            OpenApiParameter("since", str, description="YYYY-MM"),
        ],
        summary="Visits, groups, persons and hours per mentor per month",
    )
    def get(self, request):
        _reader(request)
        p = request.query_params
        rows = queries.intensity(
            request.user,
            programme_id=p.get("programme"),
            mentor_id=p.get("mentor"),
            since=queries.parse_month(p.get("since")),
        )
        return paginated(self, request, rows, IntensityOut)


class FollowUpsAPI(APIView):
    @extend_schema(
        responses=FollowUpOut(many=True),
        parameters=[
            OpenApiParameter("soon", int, description="due within this many days (default 7)"),
            OpenApiParameter("programme", int),
        ],
        summary="Open agreed actions and business-plan calendar items, overdue or due soon",
    )
    def get(self, request):
        _reader(request)
        rows = queries.follow_ups(
            request.user,
            soon=queries.day_count(request.query_params.get("soon"), queries.SOON_DAYS, upper=365),
            programme_id=request.query_params.get("programme"),
        )
        return paginated(self, request, rows, FollowUpOut)


class CalendarItemDoneAPI(APIView):
    @extend_schema(request=DoneIn, responses=FollowUpOut, summary="Mark a business-plan calendar item done")
    def post(self, request, pk):
        _reader(request)
        item = access.access_fieldwork(
            request.user, CalendarItem.objects.all(), pk, programme_path="plan__group__programme", write=True
        )
        data = validated(DoneIn, request.data)
        item = plans_services.complete_calendar_item(
            item=item, done_on=data["done_on"], acting_user=request.user
        )
        return Response({"id": item.pk, "done_on": item.done_on})


urlpatterns = [
    path("mentoring/visits/", VisitListAPI.as_view(), name="mentoring_visits"),
    path("mentoring/visits/<int:pk>/", VisitDetailAPI.as_view(), name="mentoring_visit"),
    path("mentoring/actions/<int:pk>/done/", ActionDoneAPI.as_view(), name="mentoring_action_done"),
    path("mentoring/reports/", ReportListAPI.as_view(), name="mentoring_reports"),
    path("mentoring/reports/<int:pk>/", ReportDetailAPI.as_view(), name="mentoring_report"),
    path("mentoring/reports/<int:pk>/submit/", ReportSubmitAPI.as_view(), name="mentoring_report_submit"),
    path("mentoring/reports/<int:pk>/return/", ReportReturnAPI.as_view(), name="mentoring_report_return"),
    path("mentoring/coverage/", CoverageAPI.as_view(), name="mentoring_coverage"),
    path("mentoring/intensity/", IntensityAPI.as_view(), name="mentoring_intensity"),
    path("mentoring/follow-ups/", FollowUpsAPI.as_view(), name="mentoring_follow_ups"),
    path(
        "mentoring/calendar-items/<int:pk>/done/",
        CalendarItemDoneAPI.as_view(),
        name="mentoring_calendar_item_done",
    ),
]
