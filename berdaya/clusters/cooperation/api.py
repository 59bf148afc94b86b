"""Cluster map and cooperation API: the same services, queries and access helpers as the pages.

Creating a cooperation record, an input or an output/impact takes an optional client-chosen
``idempotency_key``: a retry from a phone returns the first row (200) instead of a second one (201).
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
from .models import ActorLink, ClusterActor, CoopActor, Cooperation, CoopInput, CoopResult, CoopStep

PATH = "sentra__programme"
CHILD_PATH = "cooperation__sentra__programme"

# --- output -----------------------------------------------------------------------------------------


class CoopActorOut(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(
        source="enterprise.name", read_only=True, allow_null=True, default=None
    )
    agency_name = serializers.CharField(source="agency.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = ClusterActor
        fields = [
            "id",
            "sentra",
            "role",
            "name",
            "enterprise",
            "enterprise_name",
            "agency",
            "agency_name",
            "notes",
        ]


class CoopLinkOut(serializers.ModelSerializer):
    source_name = serializers.CharField(source="source.name", read_only=True)
    target_name = serializers.CharField(source="target.name", read_only=True)

    class Meta:
        model = ActorLink
        fields = ["id", "sentra", "source", "source_name", "target", "target_name", "kind", "notes"]


class CoopNodeOut(serializers.Serializer):
    actor = serializers.IntegerField()
    role = serializers.CharField()
    name = serializers.CharField()
    label = serializers.CharField(source="short_name", help_text="the name as drawn under the circle")
    x = serializers.FloatField()
    y = serializers.FloatField()


class CoopEdgeOut(serializers.Serializer):
    link = serializers.IntegerField()
    source = serializers.IntegerField()
    target = serializers.IntegerField()
    kind = serializers.CharField()
    x1 = serializers.FloatField()
    y1 = serializers.FloatField()
    x2 = serializers.FloatField()
    y2 = serializers.FloatField()


class CoopNetworkOut(serializers.Serializer):
    width = serializers.FloatField()
    height = serializers.FloatField()
    nodes = CoopNodeOut(many=True)
    edges = CoopEdgeOut(many=True)


class CoopParticipantOut(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.name", read_only=True)

    class Meta:
        model = CoopActor
        fields = ["id", "actor", "actor_name", "role"]


class CoopInputOut(serializers.ModelSerializer):
    class Meta:
        model = CoopInput
        fields = ["id", "cooperation", "kind", "description", "amount", "quantity", "unit", "idempotency_key"]


class CoopStepOut(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()

    class Meta:
        model = CoopStep
        fields = ["id", "cooperation", "order", "code", "name", "label", "status", "on_date", "notes"]

    def get_label(self, step) -> str:
        return services.step_label(step)


class CoopResultOut(serializers.ModelSerializer):
    class Meta:
        model = CoopResult
        fields = ["id", "cooperation", "kind", "text", "figure", "unit", "idempotency_key"]


class CooperationOut(serializers.ModelSerializer):
    class Meta:
        model = Cooperation
        fields = [
            "id",
            "sentra",
            "scope",
            "kind",
            "title",
            "description",
            "started_on",
            "ended_on",
            "idempotency_key",
        ]


class CooperationListOut(CooperationOut):
    money = serializers.IntegerField(read_only=True, help_text="money inputs, Rp")
    steps_total = serializers.IntegerField(read_only=True)
    steps_done = serializers.IntegerField(read_only=True)
    steps_rejected = serializers.IntegerField(read_only=True)

    class Meta(CooperationOut.Meta):
        fields = [*CooperationOut.Meta.fields, "money", "steps_total", "steps_done", "steps_rejected"]


class CooperationDetailOut(CooperationOut):
    participants = CoopParticipantOut(many=True, read_only=True)
    inputs = CoopInputOut(many=True, read_only=True)
    steps = CoopStepOut(many=True, read_only=True)
    outputs = CoopResultOut(many=True, read_only=True)
    impacts = CoopResultOut(many=True, read_only=True)
    money = serializers.IntegerField(read_only=True)
    state = serializers.CharField(read_only=True)
    state_sentence = serializers.CharField(read_only=True)

    class Meta(CooperationOut.Meta):
        fields = [
            *CooperationOut.Meta.fields,
            "participants",
            "inputs",
            "steps",
            "outputs",
            "impacts",
            "money",
            "state",
            "state_sentence",
        ]


class CoopKindTotalOut(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    scope = serializers.CharField()
    count = serializers.IntegerField()
    money = serializers.IntegerField()


class CoopScopeTotalOut(serializers.Serializer):
    scope = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    money = serializers.IntegerField()
    kinds = CoopKindTotalOut(many=True)


class CoopTotalsOut(serializers.Serializer):
    count = serializers.IntegerField()
    money = serializers.IntegerField()
    scopes = CoopScopeTotalOut(many=True)


# --- input ------------------------------------------------------------------------------------------


class CoopActorIn(serializers.Serializer):
    role = serializers.ChoiceField(choices=ClusterActor.Role.choices)
    name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    enterprise = serializers.IntegerField(required=False, allow_null=True, default=None)
    agency = serializers.IntegerField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class CoopActorPatchIn(serializers.Serializer):
    role = serializers.ChoiceField(choices=ClusterActor.Role.choices, required=False)
    name = serializers.CharField(max_length=150, required=False)
    enterprise = serializers.IntegerField(required=False, allow_null=True)
    agency = serializers.IntegerField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class CoopLinkIn(serializers.Serializer):
    source = serializers.IntegerField()
    target = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ActorLink.Kind.choices)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class CooperationIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Cooperation.Kind.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    started_on = serializers.DateField()
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    default_steps = serializers.BooleanField(required=False, default=True)
    idempotency_key = serializers.CharField(max_length=100, required=False, allow_null=True, default=None)


class CooperationPatchIn(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    started_on = serializers.DateField(required=False)
    ended_on = serializers.DateField(required=False, allow_null=True)


class CoopParticipantIn(serializers.Serializer):
    actor = serializers.IntegerField()
    role = serializers.ChoiceField(choices=CoopActor.Role.choices)


class CoopInputIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CoopInput.Kind.choices)
    description = serializers.CharField(max_length=200)
    amount = serializers.IntegerField(required=False, allow_null=True, default=None)
    quantity = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )
    unit = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    idempotency_key = serializers.CharField(max_length=100, required=False, allow_null=True, default=None)


class CoopResultIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CoopResult.Kind.choices)
    text = serializers.CharField()
    figure = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True, default=None
    )
    unit = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    idempotency_key = serializers.CharField(max_length=100, required=False, allow_null=True, default=None)


class CoopStepIn(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class CoopStepStatusIn(serializers.Serializer):
    status = serializers.ChoiceField(choices=CoopStep.Status.choices)
    on_date = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class CoopCreditStageIn(serializers.Serializer):
    stage = serializers.ChoiceField(choices=[(s, s) for s in services.CREDIT_STAGES])
    on_date = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")


# --- helpers ----------------------------------------------------------------------------------------


def _sentra(user, pk, *, write=False):
    return access.access_sentra(user, pk, write=write)


def _get(model, user, pk, *, write=False, path_=PATH, related=("sentra__programme",)):
    qs = model.objects.select_related(*related)
    return access.access_fieldwork(user, qs, pk, programme_path=path_, write=write)


def _actor(user, pk, *, write=False) -> ClusterActor:
    return _get(ClusterActor, user, pk, write=write, related=("sentra__programme", "enterprise", "agency"))


def _coop(user, pk, *, write=False) -> Cooperation:
    return _get(Cooperation, user, pk, write=write)


def _child(model, user, pk, *, write=False):
    return _get(model, user, pk, write=write, path_=CHILD_PATH, related=("cooperation__sentra__programme",))


def _refs(user, data: dict) -> dict:
    """Ids in the input → objects the user may see (404 otherwise)."""
    out = dict(data)
    if "enterprise" in out:
        out["enterprise"] = access.access_enterprise(user, out["enterprise"]) if out["enterprise"] else None
    if "agency" in out:
        out["agency"] = access.access_agency(user, out["agency"]) if out["agency"] else None
    return out


def _detail(coop: Cooperation) -> dict:
    """The record with everything on its page (the reverse relations cannot be set on the instance)."""
    d = queries.detail(coop)
    return {
        **CooperationOut(coop).data,
        "participants": CoopParticipantOut(d["participants"], many=True).data,
        "inputs": CoopInputOut(d["inputs"], many=True).data,
        "steps": CoopStepOut(d["steps"], many=True).data,
        "outputs": CoopResultOut(d["outputs"], many=True).data,
        "impacts": CoopResultOut(d["impacts"], many=True).data,
        "money": d["money"],
        "state": d["state"],
        "state_sentence": d["state_sentence"],
    }


# --- map --------------------------------------------------------------------------------------------


class ActorListAPI(APIView):
    @extend_schema(
        responses=CoopActorOut(many=True),
        parameters=[OpenApiParameter("q", str), OpenApiParameter("role", str)],
        summary="The actors on a sentra's cluster map",
    )
    def get(self, request, sentra_pk):
        sentra = _sentra(request.user, sentra_pk)
        qs = queries.actors(
            sentra, q=request.query_params.get("q", ""), role=request.query_params.get("role", "")
        )
        return paginated(self, request, qs, CoopActorOut)

    @extend_schema(request=CoopActorIn, responses={201: CoopActorOut}, summary="Put an actor on the map")
    def post(self, request, sentra_pk):
        user = request.user
        sentra = _sentra(user, sentra_pk, write=True)
        data = _refs(user, validated(CoopActorIn, request.data))
        actor = services.create_actor(sentra=sentra, acting_user=user, **data)
        return Response(CoopActorOut(actor).data, status=201)


class CoreEnterprisesAPI(APIView):
    @extend_schema(
        request=None,
        responses={200: CoopActorOut(many=True)},
        summary="Add the sentra's units as core actors",
    )
    def post(self, request, sentra_pk):
        sentra = _sentra(request.user, sentra_pk, write=True)
        created = services.add_core_enterprises(sentra=sentra, acting_user=request.user)
        return Response(CoopActorOut(created, many=True).data)


class ActorDetailAPI(APIView):
    @extend_schema(responses=CoopActorOut, summary="An actor")
    def get(self, request, pk):
        return Response(CoopActorOut(_actor(request.user, pk)).data)

    @extend_schema(request=CoopActorPatchIn, responses=CoopActorOut, summary="Change an actor")
    def patch(self, request, pk):
        user = request.user
        actor = _actor(user, pk, write=True)
        changes = _refs(user, validated(CoopActorPatchIn, request.data))
        actor = services.update_actor(actor=actor, changes=changes, acting_user=user)
        return Response(CoopActorOut(actor).data)

    @extend_schema(responses={204: None}, summary="Take an actor off the map (with its links)")
    def delete(self, request, pk):
        actor = _actor(request.user, pk, write=True)
        services.delete_actor(actor=actor, acting_user=request.user)
        return Response(status=204)


class LinkListAPI(APIView):
    @extend_schema(responses=CoopLinkOut(many=True), summary="The links on a sentra's cluster map")
    def get(self, request, sentra_pk):
        sentra = _sentra(request.user, sentra_pk)
        return paginated(self, request, queries.links(sentra), CoopLinkOut)

    @extend_schema(request=CoopLinkIn, responses={201: CoopLinkOut}, summary="Link two actors")
    def post(self, request, sentra_pk):
        user = request.user
        sentra = _sentra(user, sentra_pk, write=True)
        data = validated(CoopLinkIn, request.data)
        data["source"] = _actor(user, data["source"])
        data["target"] = _actor(user, data["target"])
        link = services.create_link(sentra=sentra, acting_user=user, **data)
        return Response(CoopLinkOut(link).data, status=201)


class LinkDetailAPI(APIView):
    @extend_schema(responses=CoopLinkOut, summary="A link")
    def get(self, request, pk):
        return Response(CoopLinkOut(_get(ActorLink, request.user, pk)).data)

    @extend_schema(responses={204: None}, summary="Remove a link")
    def delete(self, request, pk):
        link = _get(ActorLink, request.user, pk, write=True)
        services.delete_link(link=link, acting_user=request.user)
        return Response(status=204)


class NetworkAPI(APIView):
    @extend_schema(
        responses=CoopNetworkOut, summary="The cluster map's drawing: where each actor and link sits"
    )
    def get(self, request, sentra_pk):
        sentra = _sentra(request.user, sentra_pk)
        return Response(CoopNetworkOut(queries.network(sentra)).data)


# --- cooperation records ----------------------------------------------------------------------------


class CooperationListAPI(APIView):
    @extend_schema(
        responses=CooperationListOut(many=True),
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("scope", str),
            OpenApiParameter("kind", str),
        ],
        summary="A sentra's cooperation records",
    )
    def get(self, request, sentra_pk):
        sentra = _sentra(request.user, sentra_pk)
        p = request.query_params
        qs = queries.cooperations(sentra, q=p.get("q", ""), scope=p.get("scope", ""), kind=p.get("kind", ""))
        return paginated(self, request, qs, CooperationListOut)

    @extend_schema(
        request=CooperationIn,
        responses={201: CooperationOut, 200: CooperationOut},
        summary="Record a cooperation",
    )
    def post(self, request, sentra_pk):
        user = request.user
        sentra = _sentra(user, sentra_pk, write=True)
        data = validated(CooperationIn, request.data)
        already = key_used(Cooperation.objects.filter(sentra=sentra), data["idempotency_key"])
        coop = services.create_cooperation(sentra=sentra, acting_user=user, **data)
        return posted(CooperationOut, coop, repeated=already)


class CooperationTotalsAPI(APIView):
    @extend_schema(responses=CoopTotalsOut, summary="Records and money in, per scope and per kind")
    def get(self, request, sentra_pk):
        sentra = _sentra(request.user, sentra_pk)
        return Response(CoopTotalsOut(queries.totals(sentra)).data)


class CooperationDetailAPI(APIView):
    @extend_schema(
        responses=CooperationDetailOut, summary="A cooperation: actors, inputs, process, outputs, impact"
    )
    def get(self, request, pk):
        return Response(_detail(_coop(request.user, pk)))

    @extend_schema(
        request=CooperationPatchIn, responses=CooperationOut, summary="Change title, description or dates"
    )
    def patch(self, request, pk):
        user = request.user
        coop = _coop(user, pk, write=True)
        changes = validated(CooperationPatchIn, request.data)
        coop = services.update_cooperation(cooperation=coop, changes=changes, acting_user=user)
        return Response(CooperationOut(coop).data)

    @extend_schema(responses={204: None}, summary="Delete a cooperation record with everything in it")
    def delete(self, request, pk):
        coop = _coop(request.user, pk, write=True)
        services.delete_cooperation(cooperation=coop, acting_user=request.user)
        return Response(status=204)


class ParticipantsAPI(APIView):
    @extend_schema(
        request=CoopParticipantIn, responses={201: CoopParticipantOut}, summary="An actor takes part"
    )
    def post(self, request, pk):
        user = request.user
        coop = _coop(user, pk, write=True)
        data = validated(CoopParticipantIn, request.data)
        part = services.add_participant(
            cooperation=coop, actor=_actor(user, data["actor"]), role=data["role"], acting_user=user
        )
        return Response(CoopParticipantOut(part).data, status=201)


class InputsAPI(APIView):
    @extend_schema(
        request=CoopInputIn, responses={201: CoopInputOut, 200: CoopInputOut}, summary="Record an input"
    )
    def post(self, request, pk):
        coop = _coop(request.user, pk, write=True)
        data = validated(CoopInputIn, request.data)
        already = key_used(CoopInput.objects.filter(cooperation=coop), data["idempotency_key"])
        item = services.add_input(cooperation=coop, acting_user=request.user, **data)
        return posted(CoopInputOut, item, repeated=already)


class ResultsAPI(APIView):
    @extend_schema(
        request=CoopResultIn,
        responses={201: CoopResultOut, 200: CoopResultOut},
        summary="Record an output or impact",
    )
    def post(self, request, pk):
        coop = _coop(request.user, pk, write=True)
        data = validated(CoopResultIn, request.data)
        already = key_used(CoopResult.objects.filter(cooperation=coop), data["idempotency_key"])
        result = services.add_result(cooperation=coop, acting_user=request.user, **data)
        return posted(CoopResultOut, result, repeated=already)


class StepsAPI(APIView):
    @extend_schema(request=CoopStepIn, responses={201: CoopStepOut}, summary="Append a process step")
    def post(self, request, pk):
        coop = _coop(request.user, pk, write=True)
        data = validated(CoopStepIn, request.data)
        step = services.add_step(cooperation=coop, acting_user=request.user, **data)
        return Response(CoopStepOut(step).data, status=201)


class StepStatusAPI(APIView):
    @extend_schema(
        request=CoopStepStatusIn, responses=CoopStepOut, summary="Move a step (in order; a rejection ends it)"
    )
    def post(self, request, pk):
        step = _child(CoopStep, request.user, pk, write=True)
        data = validated(CoopStepStatusIn, request.data)
        step = services.set_step_status(step=step, acting_user=request.user, **data)
        return Response(CoopStepOut(step).data)


class CreditStageAPI(APIView):
    @extend_schema(
        request=CoopCreditStageIn,
        responses=CoopStepOut,
        summary="A credit: applied, assessed, approved, rejected, disbursed",
    )
    def post(self, request, pk):
        coop = _coop(request.user, pk, write=True)
        data = validated(CoopCreditStageIn, request.data)
        step = services.record_credit_stage(cooperation=coop, acting_user=request.user, **data)
        return Response(CoopStepOut(step).data)


class ChildDeleteAPI(APIView):
    model: type = CoopActor

    @extend_schema(responses={204: None}, summary="Remove it from the cooperation record")
    def delete(self, request, pk):
        obj = _child(self.model, request.user, pk, write=True)
        user = request.user
        if self.model is CoopActor:
            services.remove_participant(participant=obj, acting_user=user)
        elif self.model is CoopInput:
            services.remove_input(item=obj, acting_user=user)
        else:
            services.remove_result(result=obj, acting_user=user)
        return Response(status=204)


class ParticipantDeleteAPI(ChildDeleteAPI):
    model = CoopActor


class InputDeleteAPI(ChildDeleteAPI):
    model = CoopInput


class ResultDeleteAPI(ChildDeleteAPI):
    model = CoopResult


P = "cooperation/"
urlpatterns = [
    path(f"{P}sentras/<int:sentra_pk>/actors/", ActorListAPI.as_view(), name="cooperation_actors"),
    path(
        f"{P}sentras/<int:sentra_pk>/actors/core-enterprises/",
        CoreEnterprisesAPI.as_view(),
        name="cooperation_core_enterprises",
    ),
    path(f"{P}sentras/<int:sentra_pk>/links/", LinkListAPI.as_view(), name="cooperation_links"),
    path(f"{P}sentras/<int:sentra_pk>/network/", NetworkAPI.as_view(), name="cooperation_network"),
    path(f"{P}sentras/<int:sentra_pk>/records/", CooperationListAPI.as_view(), name="cooperation_records"),
    path(
        f"{P}sentras/<int:sentra_pk>/records/totals/",
        CooperationTotalsAPI.as_view(),
        name="cooperation_record_totals",
    ),
    path(f"{P}actors/<int:pk>/", ActorDetailAPI.as_view(), name="cooperation_actor"),
    path(f"{P}links/<int:pk>/", LinkDetailAPI.as_view(), name="cooperation_link"),
    path(f"{P}records/<int:pk>/", CooperationDetailAPI.as_view(), name="cooperation_record"),
    path(f"{P}records/<int:pk>/participants/", ParticipantsAPI.as_view(), name="cooperation_participants"),
    path(f"{P}records/<int:pk>/inputs/", InputsAPI.as_view(), name="cooperation_inputs"),
    path(f"{P}records/<int:pk>/results/", ResultsAPI.as_view(), name="cooperation_results"),
    path(f"{P}records/<int:pk>/steps/", StepsAPI.as_view(), name="cooperation_steps"),
    path(f"{P}records/<int:pk>/credit/", CreditStageAPI.as_view(), name="cooperation_credit"),
    path(f"{P}steps/<int:pk>/status/", StepStatusAPI.as_view(), name="cooperation_step_status"),
    path(f"{P}participants/<int:pk>/", ParticipantDeleteAPI.as_view(), name="cooperation_participant"),
    path(f"{P}inputs/<int:pk>/", InputDeleteAPI.as_view(), name="cooperation_input"),
    path(f"{P}results/<int:pk>/", ResultDeleteAPI.as_view(), name="cooperation_result"),
]
