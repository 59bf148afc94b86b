"""Training API: the same services, queries and access helpers as the pages.

Creating a training, a session or an outcome takes an optional client-chosen ``idempotency_key``: a phone
that retries gets the first one back (200) instead of a duplicate (201). Attendance is idempotent by
nature (one row per session and person).
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
from berdaya.core.api import key_used, paginated, posted, validated

from . import queries, services
from .models import (
    Assessment,
    ChecklistItem,
    Outcome,
    SessionAttendance,
    Training,
    TrainingParticipant,
    TrainingPartner,
    TrainingSession,
)

CHILD_PATH = "training__programme"

# --- output -----------------------------------------------------------------------------------------


class TrainingChecklistItemOut(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    done_by_name = serializers.SerializerMethodField()

    class Meta:
        model = ChecklistItem
        fields = [
            "id",
            "kind",
            "label",
            "title",
            "note",
            "done",
            "done_by",
            "done_by_name",
            "done_at",
            "order",
        ]

    def get_done_by_name(self, obj) -> str:
        return str(obj.done_by) if obj.done_by_id else ""


class TrainingPartnerOut(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = TrainingPartner
        fields = ["id", "agency", "agency_name", "contribution"]


class TrainingSessionOut(serializers.ModelSerializer):
    day = serializers.IntegerField(read_only=True)
    speaker_agency_name = serializers.SerializerMethodField()

    class Meta:
        model = TrainingSession
        fields = [
            "id",
            "training",
            "day",
            "on_date",
            "starts_at",
            "topic",
            "method",
            "speaker",
            "speaker_agency",
            "speaker_agency_name",
            "venue",
            "idempotency_key",
        ]

    def get_speaker_agency_name(self, obj) -> str:
        return obj.speaker_agency.name if obj.speaker_agency_id else ""


class TrainingOutcomeOut(serializers.ModelSerializer):
    group_name = serializers.SerializerMethodField()

    class Meta:
        model = Outcome
        fields = ["id", "kind", "group", "group_name", "description", "idempotency_key"]

    def get_group_name(self, obj) -> str:
        return obj.group.name if obj.group_id else ""


class TrainingStandingOut(serializers.Serializer):
    participant = serializers.IntegerField(source="participant.pk")
    person = serializers.IntegerField(source="person.pk")
    person_name = serializers.CharField(source="person.full_name")
    attended = serializers.IntegerField()
    total = serializers.IntegerField()
    share = serializers.IntegerField()
    needed = serializers.IntegerField()
    eligible = serializers.BooleanField(help_text="whether the participant earns a certificate")
    reason = serializers.CharField()


class TrainingSkillChangeOut(serializers.Serializer):
    skill = serializers.CharField()
    assessed = serializers.IntegerField()
    before_only = serializers.IntegerField()
    avg_before = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    avg_after = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    change = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    explanation = serializers.CharField()


class TrainingAssessmentOut(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "person", "person_name", "skill", "before", "after"]


class TrainingAttendanceOut(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = SessionAttendance
        fields = ["id", "session", "person", "person_name", "present", "recorded_at"]


class TrainingOut(serializers.ModelSerializer):
    programme_name = serializers.CharField(source="programme.name", read_only=True)
    site_name = serializers.SerializerMethodField()

    class Meta:
        model = Training
        fields = [
            "id",
            "programme",
            "programme_name",
            "site",
            "site_name",
            "title",
            "starts_on",
            "ends_on",
            "venue",
            "notes",
            "certificate_min_share",
            "idempotency_key",
        ]

    def get_site_name(self, obj) -> str:
        return obj.site.place.name if obj.site_id else ""


class TrainingDetailOut(TrainingOut):
    checklist = TrainingChecklistItemOut(many=True, read_only=True)
    partners = TrainingPartnerOut(many=True, read_only=True)
    sessions = TrainingSessionOut(many=True, read_only=True)
    outcomes = TrainingOutcomeOut(many=True, read_only=True)
    participants = serializers.SerializerMethodField()
    skills = serializers.SerializerMethodField()

    class Meta(TrainingOut.Meta):
        fields = [
            *TrainingOut.Meta.fields,
            "checklist",
            "partners",
            "sessions",
            "participants",
            "skills",
            "outcomes",
        ]

    def get_participants(self, obj) -> list[dict]:
        return TrainingStandingOut(queries.standings(obj), many=True).data

    def get_skills(self, obj) -> list[dict]:
        return TrainingSkillChangeOut(queries.skill_changes(obj), many=True).data


# --- input ------------------------------------------------------------------------------------------

KEY = serializers.CharField(
    max_length=80,
    required=False,
    allow_null=True,
    default=None,
    help_text="Chosen by the client; the same key again returns the first one.",
)


class TrainingIn(serializers.Serializer):
    programme = serializers.IntegerField()
    site = serializers.IntegerField(required=False, allow_null=True, default=None)
    title = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    venue = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    certificate_min_share = serializers.IntegerField(required=False, allow_null=True, default=None)
    idempotency_key = KEY


class TrainingPatch(serializers.Serializer):
    site = serializers.IntegerField(required=False, allow_null=True)
    title = serializers.CharField(max_length=200, required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    venue = serializers.CharField(max_length=250, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    certificate_min_share = serializers.IntegerField(required=False)


class TrainingChecklistIn(serializers.Serializer):
    label = serializers.CharField(max_length=200)
    note = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")


class TrainingTickIn(serializers.Serializer):
    done = serializers.BooleanField()
    note = serializers.CharField(
        max_length=250, required=False, allow_blank=True, allow_null=True, default=None
    )


class TrainingPartnerIn(serializers.Serializer):
    agency = serializers.IntegerField()
    contribution = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")


class TrainingSessionIn(serializers.Serializer):
    on_date = serializers.DateField()
    starts_at = serializers.TimeField(required=False, allow_null=True, default=None)
    topic = serializers.CharField(max_length=200)
    method = serializers.ChoiceField(
        choices=TrainingSession.Method.choices, default=TrainingSession.Method.LECTURE
    )
    speaker = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    speaker_agency = serializers.IntegerField(required=False, allow_null=True, default=None)
    venue = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")
    idempotency_key = KEY


class TrainingSessionPatch(serializers.Serializer):
    on_date = serializers.DateField(required=False)
    starts_at = serializers.TimeField(required=False, allow_null=True)
    topic = serializers.CharField(max_length=200, required=False)
    method = serializers.ChoiceField(choices=TrainingSession.Method.choices, required=False)
    speaker = serializers.CharField(max_length=150, required=False, allow_blank=True)
    speaker_agency = serializers.IntegerField(required=False, allow_null=True)
    venue = serializers.CharField(max_length=250, required=False, allow_blank=True)


class TrainingParticipantsIn(serializers.Serializer):
    people = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    group = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="add all its members"
    )


class TrainingSessionAttendanceIn(serializers.Serializer):
    present = serializers.ListField(
        child=serializers.IntegerField(), help_text="person ids present; every other participant is absent"
    )


class TrainingOneAttendanceIn(serializers.Serializer):
    person = serializers.IntegerField()
    present = serializers.BooleanField()


class TrainingScoreIn(serializers.Serializer):
    person = serializers.IntegerField()
    before = serializers.IntegerField(required=False, allow_null=True, default=None)
    after = serializers.IntegerField(required=False, allow_null=True, default=None)


class TrainingAssessmentsIn(serializers.Serializer):
    skill = serializers.CharField(max_length=120)
    scores = TrainingScoreIn(many=True)


class TrainingOutcomeIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Outcome.Kind.choices)
    group = serializers.IntegerField(required=False, allow_null=True, default=None)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    idempotency_key = KEY


class TrainingAssessmentsOut(serializers.Serializer):
    skills = TrainingSkillChangeOut(many=True)
    assessments = TrainingAssessmentOut(many=True)


# --- helpers ----------------------------------------------------------------------------------------


def _training(user, pk, *, write: bool = False) -> Training:
    qs = Training.objects.select_related("programme", "site__place")
    return access.access_fieldwork(user, qs, pk, write=write)


def _child(user, model, pk, *, write: bool = False):
    qs = model.objects.select_related("training__programme", "training__site__place")
    return access.access_fieldwork(user, qs, pk, programme_path=CHILD_PATH, write=write)


def _detail(training: Training) -> Training:
    return (
        Training.objects.select_related("programme", "site__place")
        .prefetch_related(
            "checklist__done_by", "partners__agency", "sessions__speaker_agency", "outcomes__group"
        )
        .get(pk=training.pk)
    )


def _site(user, training_programme_id, pk):
    if pk is None:
        return None
    site = access.access_site(user, pk)
    if site.programme_id != training_programme_id:
        raise Http404(_("Not found."))
    return site


def _agency(user, pk):
    return access.access_agency(user, pk) if pk is not None else None


def _person(user, pk):
    return access.access_person(user, pk)


# --- views ------------------------------------------------------------------------------------------


class TrainingListAPI(APIView):
    @extend_schema(
        responses=TrainingOut(many=True),
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("when", str, enum=list(queries.WHEN)),
            OpenApiParameter("programme", int),
        ],
        summary="Trainings in scope, searchable, upcoming or past",
    )
    def get(self, request):
        access.require_fieldwork_reader(request.user)
        p = request.query_params
        qs = queries.trainings_for_list(
            request.user, q=p.get("q", ""), when=p.get("when", ""), programme_id=p.get("programme", "")
        )
        return paginated(self, request, qs, TrainingOut)

    @extend_schema(
        request=TrainingIn,
        responses={201: TrainingDetailOut, 200: TrainingDetailOut},
        summary="Plan a training (its preparation checklist starts with four default items)",
    )
    def post(self, request):
        user = request.user
        access.require_fieldwork_writer(user)
        data = validated(TrainingIn, request.data)
        programme = access.access_programme(user, data["programme"])
        access.require_fieldwork_writer(user, programme)
        site = _site(user, programme.pk, data["site"])
        already = key_used(Training.objects.filter(programme=programme), data["idempotency_key"])
        training = services.create_training(
            programme=programme,
            site=site,
            title=data["title"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            venue=data["venue"],
            notes=data["notes"],
            certificate_min_share=data["certificate_min_share"],
            acting_user=user,
            idempotency_key=data["idempotency_key"],
        )
        return posted(TrainingDetailOut, _detail(training), repeated=already)


class TrainingDetailAPI(APIView):
    @extend_schema(responses=TrainingDetailOut, summary="A training with every section")
    def get(self, request, pk):
        return Response(TrainingDetailOut(_detail(_training(request.user, pk))).data)

    @extend_schema(request=TrainingPatch, responses=TrainingDetailOut, summary="Change a training")
    def patch(self, request, pk):
        training = _training(request.user, pk, write=True)
        changes = dict(validated(TrainingPatch, request.data, partial=True))
        if "site" in changes:
            changes["site"] = _site(request.user, training.programme_id, changes["site"])
        services.update_training(training=training, changes=changes, acting_user=request.user)
        return Response(TrainingDetailOut(_detail(training)).data)

    @extend_schema(responses={204: None}, summary="Delete a training with everything recorded in it")
    def delete(self, request, pk):
        training = _training(request.user, pk, write=True)
        services.delete_training(training=training, acting_user=request.user)
        return Response(status=204)


class ChecklistAPI(APIView):
    @extend_schema(
        request=TrainingChecklistIn,
        responses={201: TrainingChecklistItemOut},
        summary="Add a preparation item",
    )
    def post(self, request, pk):
        training = _training(request.user, pk, write=True)
        data = validated(TrainingChecklistIn, request.data)
        item = services.add_checklist_item(training=training, acting_user=request.user, **data)
        return Response(TrainingChecklistItemOut(item).data, status=201)


class ChecklistItemAPI(APIView):
    @extend_schema(
        request=TrainingTickIn,
        responses=TrainingChecklistItemOut,
        summary="Tick (or untick) a preparation item",
    )
    def patch(self, request, pk):
        item = _child(request.user, ChecklistItem, pk, write=True)
        data = validated(TrainingTickIn, request.data)
        item = services.tick_checklist_item(
            item=item, done=data["done"], note=data["note"], acting_user=request.user
        )
        return Response(TrainingChecklistItemOut(item).data)

    @extend_schema(responses={204: None}, summary="Remove a preparation item")
    def delete(self, request, pk):
        item = _child(request.user, ChecklistItem, pk, write=True)
        services.remove_checklist_item(item=item, acting_user=request.user)
        return Response(status=204)


class PartnersAPI(APIView):
    @extend_schema(
        request=TrainingPartnerIn, responses={201: TrainingPartnerOut}, summary="Add a partner agency"
    )
    def post(self, request, pk):
        training = _training(request.user, pk, write=True)
        data = validated(TrainingPartnerIn, request.data)
        partner = services.add_partner(
            training=training,
            agency=_agency(request.user, data["agency"]),
            contribution=data["contribution"],
            acting_user=request.user,
        )
        return Response(TrainingPartnerOut(partner).data, status=201)


class PartnerAPI(APIView):
    @extend_schema(responses={204: None}, summary="Remove a partner agency")
    def delete(self, request, pk):
        partner = _child(request.user, TrainingPartner, pk, write=True)
        services.remove_partner(partner=partner, acting_user=request.user)
        return Response(status=204)


class SessionsAPI(APIView):
    @extend_schema(responses=TrainingSessionOut(many=True), summary="The training's sessions")
    def get(self, request, pk):
        training = _training(request.user, pk)
        return Response(TrainingSessionOut(queries.sessions(training), many=True).data)

    @extend_schema(
        request=TrainingSessionIn,
        responses={201: TrainingSessionOut, 200: TrainingSessionOut},
        summary="Add a session on a day of the training",
    )
    def post(self, request, pk):
        training = _training(request.user, pk, write=True)
        data = validated(TrainingSessionIn, request.data)
        already = key_used(training.sessions.all(), data["idempotency_key"])
        session = services.add_session(
            training=training,
            on_date=data["on_date"],
            starts_at=data["starts_at"],
            topic=data["topic"],
            method=data["method"],
            speaker=data["speaker"],
            speaker_agency=_agency(request.user, data["speaker_agency"]),
            venue=data["venue"],
            acting_user=request.user,
            idempotency_key=data["idempotency_key"],
        )
        return posted(TrainingSessionOut, session, repeated=already)


class SessionAPI(APIView):
    @extend_schema(responses=TrainingSessionOut, summary="A session")
    def get(self, request, pk):
        return Response(TrainingSessionOut(_child(request.user, TrainingSession, pk)).data)

    @extend_schema(request=TrainingSessionPatch, responses=TrainingSessionOut, summary="Change a session")
    def patch(self, request, pk):
        session = _child(request.user, TrainingSession, pk, write=True)
        changes = dict(validated(TrainingSessionPatch, request.data, partial=True))
        if "speaker_agency" in changes:
            changes["speaker_agency"] = _agency(request.user, changes["speaker_agency"])
        session = services.update_session(session=session, changes=changes, acting_user=request.user)
        return Response(TrainingSessionOut(session).data)

    @extend_schema(responses={204: None}, summary="Remove a session and its attendance")
    def delete(self, request, pk):
        session = _child(request.user, TrainingSession, pk, write=True)
        services.remove_session(session=session, acting_user=request.user)
        return Response(status=204)


class AttendanceAPI(APIView):
    @extend_schema(responses=TrainingAttendanceOut(many=True), summary="Attendance taken in a session")
    def get(self, request, pk):
        session = _child(request.user, TrainingSession, pk)
        rows = SessionAttendance.objects.filter(session=session).select_related("person")
        return Response(TrainingAttendanceOut(rows, many=True).data)

    @extend_schema(
        request=TrainingSessionAttendanceIn,
        responses=TrainingAttendanceOut(many=True),
        summary="The whole session at once: these were present, every other participant absent",
    )
    def put(self, request, pk):
        session = _child(request.user, TrainingSession, pk, write=True)
        data = validated(TrainingSessionAttendanceIn, request.data)
        rows = services.record_session_attendance(
            session=session, present_ids=data["present"], acting_user=request.user
        )
        return Response(TrainingAttendanceOut(rows, many=True).data)

    @extend_schema(
        request=TrainingOneAttendanceIn,
        responses=TrainingAttendanceOut,
        summary="One person present or absent (idempotent; adds the person as a participant if needed)",
    )
    def post(self, request, pk):
        session = _child(request.user, TrainingSession, pk, write=True)
        data = validated(TrainingOneAttendanceIn, request.data)
        row = services.record_attendance(
            session=session,
            person=_person(request.user, data["person"]),
            present=data["present"],
            acting_user=request.user,
        )
        return Response(TrainingAttendanceOut(row).data)


class ParticipantsAPI(APIView):
    @extend_schema(
        responses=TrainingStandingOut(many=True),
        summary="Participants with attendance and the certificate verdict",
    )
    def get(self, request, pk):
        training = _training(request.user, pk)
        return Response(TrainingStandingOut(queries.standings(training), many=True).data)

    @extend_schema(
        request=TrainingParticipantsIn,
        responses=TrainingStandingOut(many=True),
        summary="Add people (or all members of a group) as participants",
    )
    def post(self, request, pk):
        user = request.user
        training = _training(user, pk, write=True)
        data = validated(TrainingParticipantsIn, request.data)
        people = [_person(user, pid) for pid in dict.fromkeys(data["people"])]
        if data["group"] is not None:
            group = access.access_group(user, data["group"])
            if group.programme_id != training.programme_id:
                raise Http404(_("Not found."))
            people += services.group_members(group)
        services.add_participants(training=training, people=people, acting_user=user)
        return Response(TrainingStandingOut(queries.standings(training), many=True).data, status=201)


class ParticipantAPI(APIView):
    @extend_schema(
        responses={204: None}, summary="Remove a participant with their attendance and assessments"
    )
    def delete(self, request, pk, person_id):
        training = _training(request.user, pk, write=True)
        participant = TrainingParticipant.objects.filter(training=training, person_id=person_id).first()
        if participant is None:
            raise Http404(_("Not found."))
        services.remove_participant(participant=participant, acting_user=request.user)
        return Response(status=204)


class AssessmentsAPI(APIView):
    @extend_schema(
        responses=TrainingAssessmentsOut, summary="Skill levels before and after, with the change per skill"
    )
    def get(self, request, pk):
        training = _training(request.user, pk)
        rows = Assessment.objects.filter(training=training).select_related("person")
        return Response(
            TrainingAssessmentsOut({"skills": queries.skill_changes(training), "assessments": rows}).data
        )

    @extend_schema(
        request=TrainingAssessmentsIn,
        responses=TrainingAssessmentsOut,
        summary="Levels of one skill for several participants",
    )
    def put(self, request, pk):
        training = _training(request.user, pk, write=True)
        data = validated(TrainingAssessmentsIn, request.data)
        services.record_assessments(
            training=training,
            skill=data["skill"],
            scores=[services.Score(s["person"], s["before"], s["after"]) for s in data["scores"]],
            acting_user=request.user,
        )
        rows = Assessment.objects.filter(training=training).select_related("person")
        return Response(
            TrainingAssessmentsOut({"skills": queries.skill_changes(training), "assessments": rows}).data
        )


class OutcomesAPI(APIView):
    @extend_schema(
        request=TrainingOutcomeIn,
        responses={201: TrainingOutcomeOut, 200: TrainingOutcomeOut},
        summary="Record an outcome",
    )
    def post(self, request, pk):
        user = request.user
        training = _training(user, pk, write=True)
        data = validated(TrainingOutcomeIn, request.data)
        group = access.access_group(user, data["group"]) if data["group"] is not None else None
        already = key_used(training.outcomes.all(), data["idempotency_key"])
        outcome = services.add_outcome(
            training=training,
            kind=data["kind"],
            group=group,
            description=data["description"],
            acting_user=user,
            idempotency_key=data["idempotency_key"],
        )
        return posted(TrainingOutcomeOut, outcome, repeated=already)


class OutcomeAPI(APIView):
    @extend_schema(responses={204: None}, summary="Remove an outcome")
    def delete(self, request, pk):
        outcome = _child(request.user, Outcome, pk, write=True)
        services.remove_outcome(outcome=outcome, acting_user=request.user)
        return Response(status=204)


class CertificatesAPI(APIView):
    @extend_schema(
        responses=TrainingStandingOut(many=True),
        summary="Who earns a certificate and why (the PDF is /trainings/<id>/certificates/<person>/?format=pdf)",
    )
    def get(self, request, pk):
        training = _training(request.user, pk)
        return Response(TrainingStandingOut(queries.standings(training), many=True).data)


urlpatterns = [
    path("trainings/", TrainingListAPI.as_view(), name="training_list"),
    path("trainings/<int:pk>/", TrainingDetailAPI.as_view(), name="training_detail"),
    path("trainings/<int:pk>/checklist/", ChecklistAPI.as_view(), name="training_checklist"),
    path("trainings/checklist/<int:pk>/", ChecklistItemAPI.as_view(), name="training_checklist_item"),
    path("trainings/<int:pk>/partners/", PartnersAPI.as_view(), name="training_partners"),
    path("trainings/partners/<int:pk>/", PartnerAPI.as_view(), name="training_partner"),
    path("trainings/<int:pk>/sessions/", SessionsAPI.as_view(), name="training_sessions"),
    path("trainings/sessions/<int:pk>/", SessionAPI.as_view(), name="training_session"),
    path("trainings/sessions/<int:pk>/attendance/", AttendanceAPI.as_view(), name="training_attendance"),
    path("trainings/<int:pk>/participants/", ParticipantsAPI.as_view(), name="training_participants"),
    path(
        "trainings/<int:pk>/participants/<int:person_id>/",
        ParticipantAPI.as_view(),
        name="training_participant",
    ),
    path("trainings/<int:pk>/assessments/", AssessmentsAPI.as_view(), name="training_assessments"),
    path("trainings/<int:pk>/outcomes/", OutcomesAPI.as_view(), name="training_outcomes"),
    path("trainings/outcomes/<int:pk>/", OutcomeAPI.as_view(), name="training_outcome"),
    path("trainings/<int:pk>/certificates/", CertificatesAPI.as_view(), name="training_certificates"),
]
