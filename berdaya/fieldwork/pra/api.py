"""PRA API: the same services, queries and access helpers as the pages.

Opening a session takes an optional ``idempotency_key`` (a phone retrying gets the first session back,
200 instead of 201); dot votes are idempotent by nature (a ballot replaces the person's earlier one).
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
from berdaya.groups.models import Group
from berdaya.people.models import Person
from berdaya.places.models import Place

from . import queries, services
from .models import Need, Participant, Potential, PraSession, Problem, SuggestedGroup

CHILD_PATH = "session__site__programme"

# --- output -----------------------------------------------------------------------------------------


class PraSessionOut(serializers.ModelSerializer):
    programme = serializers.IntegerField(source="site.programme_id", read_only=True)
    programme_name = serializers.CharField(source="site.programme.name", read_only=True)
    place_name = serializers.CharField(source="site.place.name", read_only=True)
    facilitator_name = serializers.CharField(source="facilitator.full_name", read_only=True, default="")

    class Meta:
        model = PraSession
        fields = [
            "id",
            "site",
            "programme",
            "programme_name",
            "place_name",
            "title",
            "held_on",
            "facilitator",
            "facilitator_name",
            "notes",
            "dots_per_participant",
            "idempotency_key",
        ]


class PraParticipantOut(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    skill_list = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Participant
        fields = [
            "id",
            "session",
            "person",
            "person_name",
            "skills",
            "skill_list",
            "business_interest",
            "notes",
        ]


class PraProblemOut(serializers.ModelSerializer):
    class Meta:
        model = Problem
        fields = ["id", "session", "title", "description"]


class PraVoteOut(serializers.Serializer):
    problem = serializers.IntegerField(source="problem_id")
    participant = serializers.IntegerField(source="participant_id")
    dots = serializers.IntegerField()


class PraRankRowOut(serializers.Serializer):
    problem = serializers.IntegerField(source="id")
    title = serializers.CharField(source="name")
    score = serializers.IntegerField()
    rank = serializers.IntegerField()
    voters = serializers.IntegerField(
        help_text="dots: participants who put dots on it; pairwise: comparisons"
    )
    tied_with = serializers.ListField(child=serializers.CharField())
    note = serializers.CharField()


class PraRankingOut(serializers.Serializer):
    dots = PraRankRowOut(many=True)
    pairwise = PraRankRowOut(many=True)


class PraPotentialOut(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True, default="")

    class Meta:
        model = Potential
        fields = ["id", "session", "kind", "name", "person", "person_name", "notes"]


class PraNeedOut(serializers.ModelSerializer):
    class Meta:
        model = Need
        fields = ["id", "session", "kind", "text", "votes"]


class PraSuggestionOut(serializers.ModelSerializer):
    members = serializers.SerializerMethodField()
    reason_texts = serializers.SerializerMethodField()

    class Meta:
        model = SuggestedGroup
        fields = ["id", "session", "name", "business", "reasons", "reason_texts", "members", "created_group"]

    def get_members(self, obj) -> list[int]:
        return sorted(m.participant_id for m in obj.members.all())

    def get_reason_texts(self, obj) -> list[str]:
        return [queries.reason_text(r) for r in obj.reasons]


class PraUnplacedOut(serializers.Serializer):
    participant = serializers.IntegerField(source="pk")
    person_name = serializers.CharField(source="person.full_name")
    reason = serializers.CharField(source="unplaced_reason")


class PraSuggestionsOut(serializers.Serializer):
    suggestions = PraSuggestionOut(many=True)
    unplaced = PraUnplacedOut(many=True)
    size_problems = serializers.ListField(child=serializers.CharField())


class PraGroupOut(serializers.ModelSerializer):
    class Meta:
        model = Group
        fields = ["id", "name", "kind", "programme", "place", "business_type", "founded_on"]


# --- input ------------------------------------------------------------------------------------------


class PraSessionIn(serializers.Serializer):
    site = serializers.IntegerField()
    title = serializers.CharField(max_length=150)
    held_on = serializers.DateField()
    facilitator = serializers.IntegerField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    dots_per_participant = serializers.IntegerField(required=False, default=3)
    idempotency_key = serializers.CharField(max_length=80, required=False, allow_null=True, default=None)


class PraSessionPatch(serializers.Serializer):
    title = serializers.CharField(max_length=150, required=False)
    held_on = serializers.DateField(required=False)
    facilitator = serializers.IntegerField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    dots_per_participant = serializers.IntegerField(required=False)


class PraParticipantIn(serializers.Serializer):
    person = serializers.IntegerField(required=False, help_text="an existing person; or give new_person")
    new_person = serializers.DictField(
        required=False,
        help_text="full_name, sex (L/P), place (id), optional phone: registers the person first",
    )
    skills = serializers.CharField(required=False, allow_blank=True, default="")
    business_interest = serializers.CharField(required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class PraParticipantPatch(serializers.Serializer):
    skills = serializers.CharField(required=False, allow_blank=True)
    business_interest = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class PraProblemIn(serializers.Serializer):
    title = serializers.CharField(max_length=150)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class PraProblemPatch(serializers.Serializer):
    title = serializers.CharField(max_length=150, required=False)
    description = serializers.CharField(required=False, allow_blank=True)


class PraVotesIn(serializers.Serializer):
    person = serializers.IntegerField()
    votes = serializers.DictField(child=serializers.IntegerField(), help_text="problem id → dots")


class PraChoiceIn(serializers.Serializer):
    problem_a = serializers.IntegerField()
    problem_b = serializers.IntegerField()
    preferred = serializers.IntegerField()


class PraPairwiseIn(serializers.Serializer):
    participant = serializers.IntegerField(required=False, allow_null=True, default=None)
    choices = PraChoiceIn(many=True)


class PraPotentialIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Potential.Kind.choices)
    name = serializers.CharField(max_length=150)
    person = serializers.IntegerField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class PraNeedIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Need.Kind.choices)
    text = serializers.CharField(max_length=200)
    votes = serializers.IntegerField(required=False, default=0)


class PraNeedPatch(serializers.Serializer):
    text = serializers.CharField(max_length=200, required=False)
    votes = serializers.IntegerField(required=False)


class PraSuggestionIn(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    business = serializers.CharField(max_length=100)


class PraSuggestionPatch(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False)
    business = serializers.CharField(max_length=100, required=False)


class PraMoveIn(serializers.Serializer):
    participant = serializers.IntegerField()
    to = serializers.IntegerField(
        allow_null=True, help_text="a pending suggestion; null leaves the person unplaced"
    )


class PraCreateGroupsIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Group.Kind.choices, default=Group.Kind.KUBE)
    founded_on = serializers.DateField(required=False, allow_null=True, default=None)
    suggestions = serializers.ListField(
        child=serializers.IntegerField(), required=False, allow_null=True, default=None
    )


# --- helpers ----------------------------------------------------------------------------------------


def _session(request, pk, *, write: bool = False) -> PraSession:
    access.require_fieldwork_reader(request.user)
    return queries.session_for(request.user, pk, write=write)


def _child(request, model, pk, *, write: bool = False):
    access.require_fieldwork_reader(request.user)
    qs = model.objects.select_related("session__site__programme", "session__site__place")
    return access.access_fieldwork(request.user, qs, pk, programme_path=CHILD_PATH, write=write)


def _staff(user, pk):
    if pk is None:
        return None
    return access.access_staff(user, pk)


def _person_in_scope(user, pk) -> Person:
    return access.access_person(user, pk)


def _rank_rows(rows, *, pairwise=False) -> list[dict]:
    return [
        {
            "id": r.id,
            "name": r.name,
            "score": r.score,
            "rank": r.rank,
            "voters": r.voters,
            "tied_with": r.tied_with,
            "note": queries.tie_note(r, pairwise=pairwise),
        }
        for r in rows
    ]


def _suggestions_body(session) -> dict:
    """What ``PraSuggestionsOut`` serialises: suggestions (members prefetched), the unplaced, size problems."""
    groups, unplaced = queries.suggestions(session)
    ids = [g.pk for g in groups]
    full = {s.pk: s for s in SuggestedGroup.objects.filter(pk__in=ids).prefetch_related("members")}
    return {
        "suggestions": [full[i] for i in ids],
        "unplaced": unplaced,
        "size_problems": services.size_problems(session),
    }


# --- views ------------------------------------------------------------------------------------------


class SessionListAPI(APIView):
    @extend_schema(
        responses=PraSessionOut(many=True),
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("programme", int),
            OpenApiParameter("site", int),
        ],
        summary="PRA sessions in scope, searchable",
    )
    def get(self, request):
        access.require_fieldwork_reader(request.user)
        qs = queries.sessions_for_list(
            request.user,
            q=request.query_params.get("q", ""),
            programme_id=request.query_params.get("programme", ""),
            site_id=request.query_params.get("site", ""),
        )
        return paginated(self, request, qs, PraSessionOut)

    @extend_schema(
        request=PraSessionIn, responses={201: PraSessionOut, 200: PraSessionOut}, summary="Open a PRA session"
    )
    def post(self, request):
        user = request.user
        access.require_fieldwork_writer(user)
        data = validated(PraSessionIn, request.data)
        site = access.access_site(user, data["site"], write=True)
        repeated = key_used(PraSession.objects.all(), data["idempotency_key"])
        session = services.create_session(
            site=site,
            title=data["title"],
            held_on=data["held_on"],
            facilitator=_staff(user, data["facilitator"]),
            notes=data["notes"],
            dots_per_participant=data["dots_per_participant"],
            idempotency_key=data["idempotency_key"],
            acting_user=user,
        )
        return posted(PraSessionOut, session, repeated=repeated)


class SessionDetailAPI(APIView):
    @extend_schema(responses=PraSessionOut, summary="A PRA session")
    def get(self, request, pk):
        return Response(PraSessionOut(_session(request, pk)).data)

    @extend_schema(request=PraSessionPatch, responses=PraSessionOut, summary="Change a PRA session")
    def patch(self, request, pk):
        session = _session(request, pk, write=True)
        data = validated(PraSessionPatch, request.data)
        if "facilitator" in data:
            data["facilitator"] = _staff(request.user, data["facilitator"])
        session = services.update_session(session=session, acting_user=request.user, **data)
        return Response(PraSessionOut(session).data)

    @extend_schema(
        responses={204: None}, summary="Delete a PRA session (refused once groups were formed from it)"
    )
    def delete(self, request, pk):
        session = _session(request, pk, write=True)
        services.delete_session(session=session, acting_user=request.user)
        return Response(status=204)


class ParticipantListAPI(APIView):
    @extend_schema(responses=PraParticipantOut(many=True), summary="A session's participants")
    def get(self, request, pk):
        session = _session(request, pk)
        qs = session.participants.select_related("person").order_by("person__full_name", "pk")
        return paginated(self, request, qs, PraParticipantOut)

    @extend_schema(
        request=PraParticipantIn,
        responses={201: PraParticipantOut},
        summary="Add (or register and add) a participant",
    )
    def post(self, request, pk):
        user = request.user
        session = _session(request, pk, write=True)
        data = validated(PraParticipantIn, request.data)
        extra = {k: data[k] for k in ("skills", "business_interest", "notes")}
        if data.get("person"):
            person = _person_in_scope(user, data["person"])
            participant = services.add_participant(session=session, person=person, acting_user=user, **extra)
        elif data.get("new_person"):
            access.require_write(user)
            new = dict(data["new_person"])
            place = Place.objects.filter(pk=new.pop("place", None) or 0).first()
            if place is None:
                raise Http404(_("Not found."))
            allowed = {"full_name", "sex", "phone", "birth_date", "nik", "address"}
            participant = services.add_new_participant(
                session=session,
                acting_user=user,
                place=place,
                full_name=new.pop("full_name", ""),
                sex=new.pop("sex", ""),
                **{k: v for k, v in new.items() if k in allowed},
                **extra,
            )
        else:
            raise serializers.ValidationError({"person": [_("Give a person or a new person.")]})
        return Response(PraParticipantOut(participant).data, status=201)


class ParticipantDetailAPI(APIView):
    @extend_schema(
        request=PraParticipantPatch,
        responses=PraParticipantOut,
        summary="Change a participant's skills or interest",
    )
    def patch(self, request, pk):
        participant = _child(request, Participant, pk, write=True)
        data = validated(PraParticipantPatch, request.data)
        participant = services.update_participant(participant=participant, acting_user=request.user, **data)
        return Response(PraParticipantOut(participant).data)

    @extend_schema(responses={204: None}, summary="Remove a participant with their votes")
    def delete(self, request, pk):
        participant = _child(request, Participant, pk, write=True)
        services.remove_participant(participant=participant, acting_user=request.user)
        return Response(status=204)


class ProblemListAPI(APIView):
    @extend_schema(responses=PraProblemOut(many=True), summary="A session's problems")
    def get(self, request, pk):
        session = _session(request, pk)
        return paginated(self, request, Problem.objects.filter(session=session).order_by("pk"), PraProblemOut)

    @extend_schema(request=PraProblemIn, responses={201: PraProblemOut}, summary="Add a problem")
    def post(self, request, pk):
        session = _session(request, pk, write=True)
        data = validated(PraProblemIn, request.data)
        problem = services.add_problem(session=session, acting_user=request.user, **data)
        return Response(PraProblemOut(problem).data, status=201)


class ProblemDetailAPI(APIView):
    @extend_schema(request=PraProblemPatch, responses=PraProblemOut, summary="Change a problem")
    def patch(self, request, pk):
        problem = _child(request, Problem, pk, write=True)
        data = validated(PraProblemPatch, request.data)
        problem = services.update_problem(problem=problem, acting_user=request.user, **data)
        return Response(PraProblemOut(problem).data)

    @extend_schema(responses={204: None}, summary="Remove a problem with its votes")
    def delete(self, request, pk):
        problem = _child(request, Problem, pk, write=True)
        services.remove_problem(problem=problem, acting_user=request.user)
        return Response(status=204)


class VotesAPI(APIView):
    @extend_schema(
        request=PraVotesIn,
        responses={200: PraVoteOut(many=True)},
        summary="One person's dot votes (replaces their earlier ballot; idempotent)",
    )
    def post(self, request, pk):
        session = _session(request, pk, write=True)
        data = validated(PraVotesIn, request.data)
        # A participant already in the session may vote even if the user could not pick them today.
        person = Person.objects.filter(
            pk=data["person"], pk__in=session.participants.values("person_id")
        ).first()
        person = person or _person_in_scope(request.user, data["person"])
        rows = services.cast_dot_votes(
            session=session, person=person, votes=data["votes"], acting_user=request.user
        )
        return Response(PraVoteOut(rows, many=True).data)


class PairwiseAPI(APIView):
    @extend_schema(
        request=PraPairwiseIn, responses={201: PraRankingOut}, summary="Record pairwise comparisons"
    )
    def post(self, request, pk):
        session = _session(request, pk, write=True)
        data = validated(PraPairwiseIn, request.data)
        participant = None
        if data["participant"] is not None:
            participant = session.participants.filter(pk=data["participant"]).first()
            if participant is None:
                raise Http404(_("Not found."))
        services.record_pairwise(
            session=session,
            participant=participant,
            choices=[(c["problem_a"], c["problem_b"], c["preferred"]) for c in data["choices"]],
            acting_user=request.user,
        )
        return Response(_ranking(session), status=201)


def _ranking(session) -> dict:
    return PraRankingOut(
        {
            "dots": _rank_rows(queries.dot_ranking(session)),
            "pairwise": _rank_rows(queries.pairwise_ranking(session), pairwise=True),
        }
    ).data


class RankingAPI(APIView):
    @extend_schema(
        responses=PraRankingOut, summary="Problems ranked by dots and by pairwise wins, ties explained"
    )
    def get(self, request, pk):
        return Response(_ranking(_session(request, pk)))


class PotentialListAPI(APIView):
    @extend_schema(responses=PraPotentialOut(many=True), summary="A session's potentials")
    def get(self, request, pk):
        session = _session(request, pk)
        return paginated(
            self,
            request,
            session.potentials.select_related("person").order_by("kind", "name"),
            PraPotentialOut,
        )

    @extend_schema(request=PraPotentialIn, responses={201: PraPotentialOut}, summary="Add a potential")
    def post(self, request, pk):
        session = _session(request, pk, write=True)
        data = validated(PraPotentialIn, request.data)
        person = None
        if data["person"] is not None:
            person = Person.objects.filter(
                pk=data["person"], pk__in=session.participants.values("person_id")
            ).first()
            if person is None:
                raise Http404(_("Not found."))
        potential = services.add_potential(
            session=session,
            kind=data["kind"],
            name=data["name"],
            person=person,
            notes=data["notes"],
            acting_user=request.user,
        )
        return Response(PraPotentialOut(potential).data, status=201)


class PotentialDetailAPI(APIView):
    @extend_schema(responses={204: None}, summary="Remove a potential")
    def delete(self, request, pk):
        potential = _child(request, Potential, pk, write=True)
        services.remove_potential(potential=potential, acting_user=request.user)
        return Response(status=204)


class NeedListAPI(APIView):
    @extend_schema(responses=PraNeedOut(many=True), summary="A session's needs and business interests")
    def get(self, request, pk):
        session = _session(request, pk)
        return paginated(self, request, session.needs.order_by("kind", "-votes", "text"), PraNeedOut)

    @extend_schema(request=PraNeedIn, responses={201: PraNeedOut}, summary="Add a need or business interest")
    def post(self, request, pk):
        session = _session(request, pk, write=True)
        data = validated(PraNeedIn, request.data)
        need = services.add_need(session=session, acting_user=request.user, **data)
        return Response(PraNeedOut(need).data, status=201)


class NeedDetailAPI(APIView):
    @extend_schema(request=PraNeedPatch, responses=PraNeedOut, summary="Change a need's text or count")
    def patch(self, request, pk):
        need = _child(request, Need, pk, write=True)
        data = validated(PraNeedPatch, request.data)
        return Response(PraNeedOut(services.update_need(need=need, acting_user=request.user, **data)).data)

    @extend_schema(responses={204: None}, summary="Remove a need")
    def delete(self, request, pk):
        need = _child(request, Need, pk, write=True)
        services.remove_need(need=need, acting_user=request.user)
        return Response(status=204)


class SuggestionListAPI(APIView):
    @extend_schema(
        responses=PraSuggestionsOut, summary="Suggested groups with reasons, and the unplaced with theirs"
    )
    def get(self, request, pk):
        return Response(PraSuggestionsOut(_suggestions_body(_session(request, pk))).data)

    @extend_schema(
        request=None,
        responses={201: PraSuggestionsOut},
        summary="Suggest groups again (replaces pending ones)",
    )
    def post(self, request, pk):
        session = _session(request, pk, write=True)
        services.suggest_groups(session=session, acting_user=request.user)
        return Response(PraSuggestionsOut(_suggestions_body(session)).data, status=201)


class SuggestionAddAPI(APIView):
    @extend_schema(
        request=PraSuggestionIn, responses={201: PraSuggestionOut}, summary="Add an empty suggested group"
    )
    def post(self, request, pk):
        session = _session(request, pk, write=True)
        data = validated(PraSuggestionIn, request.data)
        suggestion = services.add_suggestion(session=session, acting_user=request.user, **data)
        return Response(PraSuggestionOut(suggestion).data, status=201)


class SuggestionDetailAPI(APIView):
    @extend_schema(request=PraSuggestionPatch, responses=PraSuggestionOut, summary="Rename a suggested group")
    def patch(self, request, pk):
        suggestion = _child(request, SuggestedGroup, pk, write=True)
        data = validated(PraSuggestionPatch, request.data)
        suggestion = services.update_suggestion(suggestion=suggestion, acting_user=request.user, **data)
        return Response(PraSuggestionOut(suggestion).data)

    @extend_schema(
        responses={204: None}, summary="Remove a pending suggested group (its members become unplaced)"
    )
    def delete(self, request, pk):
        suggestion = _child(request, SuggestedGroup, pk, write=True)
        services.remove_suggestion(suggestion=suggestion, acting_user=request.user)
        return Response(status=204)


class MoveAPI(APIView):
    @extend_schema(
        request=PraMoveIn,
        responses=PraSuggestionsOut,
        summary="Move a participant to another suggestion or out",
    )
    def post(self, request, pk):
        session = _session(request, pk, write=True)
        data = validated(PraMoveIn, request.data)
        participant = session.participants.filter(pk=data["participant"]).first()
        to = session.suggestions.filter(pk=data["to"]).first() if data["to"] is not None else None
        if participant is None or (data["to"] is not None and to is None):
            raise Http404(_("Not found."))
        services.move_participant(session=session, participant=participant, to=to, acting_user=request.user)
        return Response(PraSuggestionsOut(_suggestions_body(session)).data)


class CreateGroupsAPI(APIView):
    @extend_schema(
        request=PraCreateGroupsIn,
        responses={201: PraGroupOut(many=True)},
        summary="Create the groups, all or nothing",
    )
    def post(self, request, pk):
        session = _session(request, pk, write=True)
        access.require_write(request.user)
        data = validated(PraCreateGroupsIn, request.data)
        made = services.create_groups_from_suggestions(
            session=session,
            acting_user=request.user,
            kind=data["kind"],
            founded_on=data["founded_on"],
            suggestion_ids=data["suggestions"],
        )
        return Response(PraGroupOut(made, many=True).data, status=201)


urlpatterns = [
    path("pra/sessions/", SessionListAPI.as_view(), name="pra-session-list"),
    path("pra/sessions/<int:pk>/", SessionDetailAPI.as_view(), name="pra-session-detail"),
    path("pra/sessions/<int:pk>/participants/", ParticipantListAPI.as_view(), name="pra-participants"),
    path("pra/sessions/<int:pk>/problems/", ProblemListAPI.as_view(), name="pra-problems"),
    path("pra/sessions/<int:pk>/votes/", VotesAPI.as_view(), name="pra-votes"),
    path("pra/sessions/<int:pk>/pairwise/", PairwiseAPI.as_view(), name="pra-pairwise"),
    path("pra/sessions/<int:pk>/ranking/", RankingAPI.as_view(), name="pra-ranking"),
    path("pra/sessions/<int:pk>/potentials/", PotentialListAPI.as_view(), name="pra-potentials"),
    path("pra/sessions/<int:pk>/needs/", NeedListAPI.as_view(), name="pra-needs"),
    path("pra/sessions/<int:pk>/suggestions/", SuggestionListAPI.as_view(), name="pra-suggestions"),
    path("pra/sessions/<int:pk>/suggestions/add/", SuggestionAddAPI.as_view(), name="pra-suggestion-add"),
    path("pra/sessions/<int:pk>/suggestions/move/", MoveAPI.as_view(), name="pra-move"),
    path("pra/sessions/<int:pk>/create-groups/", CreateGroupsAPI.as_view(), name="pra-create-groups"),
    path("pra/participants/<int:pk>/", ParticipantDetailAPI.as_view(), name="pra-participant-detail"),
    path("pra/problems/<int:pk>/", ProblemDetailAPI.as_view(), name="pra-problem-detail"),
    path("pra/potentials/<int:pk>/", PotentialDetailAPI.as_view(), name="pra-potential-detail"),
    path("pra/needs/<int:pk>/", NeedDetailAPI.as_view(), name="pra-need-detail"),
    path("pra/suggestions/<int:pk>/", SuggestionDetailAPI.as_view(), name="pra-suggestion-detail"),
]
