"""Innovation adoption API: the same services, queries and access helpers as the pages.

Recording a step takes an optional client-chosen ``idempotency_key``: a phone that retries gets the first
step back (200) instead of an error (201 when it was recorded now).
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from berdaya.accounts import access
from berdaya.core.api import key_used, paginated, posted, validated

from . import queries, services
from .models import AdoptionEvent, Innovation, Stage

PATH = "programme"

# --- output -----------------------------------------------------------------------------------------


class InnovationOut(serializers.ModelSerializer):
    programme_name = serializers.CharField(source="programme.name", read_only=True)
    introduced_by_agency_name = serializers.CharField(
        source="introduced_by_agency.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Innovation
        fields = [
            "id",
            "programme",
            "programme_name",
            "name",
            "description",
            "introduced_on",
            "introduced_by_agency",
            "introduced_by_agency_name",
            "introduced_by",
        ]


class EventOut(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    learned_from_name = serializers.CharField(
        source="learned_from.full_name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = AdoptionEvent
        fields = [
            "id",
            "innovation",
            "person",
            "person_name",
            "stage",
            "on_date",
            "learned_from",
            "learned_from_name",
            "notes",
            "idempotency_key",
        ]


class PersonStageOut(serializers.Serializer):
    person_id = serializers.IntegerField()
    name = serializers.CharField()
    stage = serializers.CharField()
    learned_on = serializers.DateField(allow_null=True)
    adopted_on = serializers.DateField(allow_null=True)
    spreading_on = serializers.DateField(allow_null=True)
    teacher_id = serializers.IntegerField(allow_null=True)
    teacher_name = serializers.CharField(allow_blank=True)
    direct = serializers.IntegerField(help_text="people who learned it from this person")
    total = serializers.IntegerField(help_text="people who learned it through this person, down the chain")


class CurvePointOut(serializers.Serializer):
    month = serializers.DateField()
    learned = serializers.IntegerField()
    adopted = serializers.IntegerField()
    spreading = serializers.IntegerField()


class NodeOut(serializers.Serializer):
    person = serializers.IntegerField()
    name = serializers.CharField()
    stage = serializers.CharField()
    layer = serializers.IntegerField()
    x = serializers.FloatField()
    y = serializers.FloatField()


class EdgeOut(serializers.Serializer):
    teacher = serializers.IntegerField()
    learner = serializers.IntegerField()


class NetworkOut(serializers.Serializer):
    width = serializers.FloatField()
    height = serializers.FloatField()
    nodes = NodeOut(many=True)
    edges = EdgeOut(many=True)
    spreaders = PersonStageOut(many=True)


class InnovationDetailOut(InnovationOut):
    counts = serializers.DictField(child=serializers.IntegerField(), read_only=True)
    people = PersonStageOut(many=True, read_only=True)

    class Meta(InnovationOut.Meta):
        fields = [*InnovationOut.Meta.fields, "counts", "people"]


def _network_dict(data: dict) -> dict:
    drawing, names = data["network"], data["names"]
    return {
        "width": drawing.width,
        "height": drawing.height,
        "nodes": [{**n.__dict__, "name": names.get(n.person, "")} for n in drawing.nodes],
        "edges": [{"teacher": e.teacher, "learner": e.learner} for e in drawing.edges],
        "spreaders": data["spreaders"],
    }


# --- input ------------------------------------------------------------------------------------------


class InnovationIn(serializers.Serializer):
    programme = serializers.IntegerField()
    name = serializers.CharField(max_length=150)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    introduced_on = serializers.DateField()
    introduced_by_agency = serializers.IntegerField(required=False, allow_null=True, default=None)
    introduced_by = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")


class InnovationPatchIn(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    introduced_on = serializers.DateField(required=False)
    introduced_by_agency = serializers.IntegerField(required=False, allow_null=True)
    introduced_by = serializers.CharField(max_length=150, required=False, allow_blank=True)


class EventIn(serializers.Serializer):
    person = serializers.IntegerField()
    stage = serializers.ChoiceField(choices=Stage.choices)
    on_date = serializers.DateField()
    learned_from = serializers.IntegerField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    idempotency_key = serializers.CharField(max_length=80, required=False, allow_null=True, default=None)


# --- views ------------------------------------------------------------------------------------------


def _innovation(user, pk, *, write=False) -> Innovation:
    qs = Innovation.objects.select_related("programme", "introduced_by_agency")
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


def _agency(user, pk):
    return access.access_agency(user, pk) if pk is not None else None


class InnovationListAPI(APIView):
    @extend_schema(
        responses=InnovationOut(many=True),
        parameters=[OpenApiParameter("q", str)],
        summary="Innovations in scope",
    )
    def get(self, request):
        access.require_fieldwork_reader(request.user)
        qs = queries.innovations_for_list(request.user, q=request.query_params.get("q", ""))
        return paginated(self, request, qs, InnovationOut)

    @extend_schema(request=InnovationIn, responses={201: InnovationOut}, summary="Record an innovation")
    def post(self, request):
        user = request.user
        access.require_fieldwork_writer(user)
        data = validated(InnovationIn, request.data)
        programme = access.access_programme(user, data["programme"])
        access.require_fieldwork_writer(user, programme)
        innovation = services.create_innovation(
            programme=programme,
            name=data["name"],
            description=data["description"],
            introduced_on=data["introduced_on"],
            introduced_by_agency=_agency(user, data["introduced_by_agency"]),
            introduced_by=data["introduced_by"],
            acting_user=user,
        )
        return Response(InnovationOut(innovation).data, status=201)


class InnovationDetailAPI(APIView):
    @extend_schema(responses=InnovationDetailOut, summary="An innovation with each person's current stage")
    def get(self, request, pk):
        innovation = _innovation(request.user, pk)
        data = queries.summary(innovation)
        innovation.counts, innovation.people = data["counts"], data["stages"]
        return Response(InnovationDetailOut(innovation).data)

    @extend_schema(request=InnovationPatchIn, responses=InnovationOut, summary="Change an innovation")
    def patch(self, request, pk):
        user = request.user
        innovation = _innovation(user, pk, write=True)
        changes = dict(validated(InnovationPatchIn, request.data))
        if "introduced_by_agency" in changes:
            changes["introduced_by_agency"] = _agency(user, changes["introduced_by_agency"])
        innovation = services.update_innovation(innovation=innovation, changes=changes, acting_user=user)
        return Response(InnovationOut(innovation).data)


class InnovationEventsAPI(APIView):
    @extend_schema(responses=EventOut(many=True), summary="Every recorded step, oldest first")
    def get(self, request, pk):
        innovation = _innovation(request.user, pk)
        qs = AdoptionEvent.objects.filter(innovation=innovation).select_related("person", "learned_from")
        return paginated(self, request, qs.order_by("on_date", "id"), EventOut)

    @extend_schema(
        request=EventIn, responses={201: EventOut, 200: EventOut}, summary="Record a person's next stage"
    )
    def post(self, request, pk):
        user = request.user
        innovation = _innovation(user, pk, write=True)
        data = validated(EventIn, request.data)
        person = access.access_person(user, data["person"])
        teacher = access.access_person(user, data["learned_from"]) if data["learned_from"] else None
        already = key_used(AdoptionEvent.objects.filter(innovation=innovation), data["idempotency_key"])
        event = services.record_stage(
            innovation=innovation,
            person=person,
            stage=data["stage"],
            on_date=data["on_date"],
            learned_from=teacher,
            notes=data["notes"],
            idempotency_key=data["idempotency_key"],
            acting_user=user,
        )
        return posted(EventOut, event, repeated=already)


class InnovationCurveAPI(APIView):
    @extend_schema(responses=CurvePointOut(many=True), summary="Cumulative people per stage, by month")
    def get(self, request, pk):
        innovation = _innovation(request.user, pk)
        return Response(CurvePointOut(queries.curve(innovation), many=True).data)


class InnovationNetworkAPI(APIView):
    @extend_schema(responses=NetworkOut, summary="Who taught whom, with the drawing's coordinates")
    def get(self, request, pk):
        innovation = _innovation(request.user, pk)
        return Response(NetworkOut(_network_dict(queries.summary(innovation))).data)


urlpatterns = [
    path("innovations/", InnovationListAPI.as_view(), name="innovations"),
    path("innovations/<int:pk>/", InnovationDetailAPI.as_view(), name="innovation"),
    path("innovations/<int:pk>/events/", InnovationEventsAPI.as_view(), name="innovation_events"),
    path("innovations/<int:pk>/curve/", InnovationCurveAPI.as_view(), name="innovation_curve"),
    path("innovations/<int:pk>/network/", InnovationNetworkAPI.as_view(), name="innovation_network"),
]
