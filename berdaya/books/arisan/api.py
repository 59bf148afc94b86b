"""Arisan API: the same services and access helpers as the pages, with explicit input/output serializers.

Members of a group may read its cycles and verify the draws; writing needs a writing role (403 for
auditors, partners and members). The seed appears only once it has been revealed.
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from berdaya.accounts import access
from berdaya.books.api import group_member
from berdaya.books.models import JournalEntry
from berdaya.core.api import key_used, paginated, posted, validated
from berdaya.core.errors import ServiceError
from berdaya.core.lists import search

from . import queries, services
from .models import Cycle, Holder
from .views import get_cycle, get_round

# --- output -----------------------------------------------------------------------------------------


class CycleOut(serializers.ModelSerializer):
    slot_count = serializers.SerializerMethodField()

    class Meta:
        model = Cycle
        fields = [
            "id",
            "group",
            "name",
            "contribution",
            "start_on",
            "cadence",
            "method",
            "status",
            "commitment",
            "revealed_at",
            "slot_count",
        ]

    def get_slot_count(self, obj) -> int:
        return getattr(obj, "slot_count", None) or obj.slots.count()


class HolderOut(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    person_name = serializers.CharField(source="person.full_name")
    weight = serializers.IntegerField()


class SlotOut(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    turn = serializers.IntegerField(allow_null=True)
    holders = HolderOut(many=True)


class RoundOut(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    due_on = serializers.DateField()
    winner_slot = serializers.IntegerField(source="winner_slot.number", default=None, allow_null=True)
    witness = serializers.CharField()
    candidates = serializers.ListField(child=serializers.IntegerField())
    decided_at = serializers.DateTimeField(allow_null=True)
    pot = serializers.IntegerField()
    paid_on = serializers.DateField(allow_null=True)
    into_savings = serializers.BooleanField()


class CycleDetailOut(CycleOut):
    seed = serializers.CharField(source="revealed_seed", help_text="empty until revealed")
    slots = serializers.SerializerMethodField()
    rounds = serializers.SerializerMethodField()

    class Meta(CycleOut.Meta):
        fields = [*CycleOut.Meta.fields, "seed", "slots", "rounds"]

    def get_slots(self, obj) -> list[dict]:
        holders: dict[int, list] = {}
        for h in Holder.objects.filter(slot__cycle=obj).select_related("person").order_by("person_id"):
            holders.setdefault(h.slot_id, []).append(h)
        rows = [
            {"id": s.pk, "number": s.number, "turn": s.turn, "holders": holders.get(s.pk, [])}
            for s in obj.slots.order_by("number")
        ]
        return SlotOut(rows, many=True).data

    def get_rounds(self, obj) -> list[dict]:
        return RoundOut(obj.rounds.select_related("winner_slot").order_by("number"), many=True).data


class EntryOut(serializers.Serializer):
    entry = serializers.IntegerField(source="pk")
    on_date = serializers.DateField()
    memo = serializers.CharField()


class VerifyRowOut(serializers.Serializer):
    number = serializers.IntegerField()
    candidates = serializers.ListField(child=serializers.IntegerField())
    witness = serializers.CharField()
    winner = serializers.IntegerField(allow_null=True)
    recomputed = serializers.IntegerField(allow_null=True)
    ok = serializers.BooleanField(allow_null=True)
    steps = serializers.ListField(child=serializers.CharField())


class VerifyOut(serializers.Serializer):
    revealed = serializers.BooleanField()
    commitment = serializers.CharField()
    seed = serializers.CharField()
    seed_ok = serializers.BooleanField(allow_null=True)
    all_ok = serializers.BooleanField(allow_null=True)
    rows = VerifyRowOut(many=True)


# --- input ------------------------------------------------------------------------------------------


class HolderIn(serializers.Serializer):
    person = serializers.IntegerField()
    weight = serializers.IntegerField(min_value=1, max_value=1000, default=1)


class CycleIn(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    contribution = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        default=None,
        help_text="default: the bylaws' arisan amount",
    )
    start_on = serializers.DateField()
    cadence = serializers.ChoiceField(choices=Cycle.Cadence.choices, default=Cycle.Cadence.MONTHLY)
    method = serializers.ChoiceField(choices=Cycle.Method.choices, default=Cycle.Method.LOT)
    slots = serializers.ListField(
        child=HolderIn(many=True),
        help_text="one list of holders per slot, in the agreed order for method=order",
        max_length=services.MAX_SLOTS,
    )


class ContributionIn(serializers.Serializer):
    person = serializers.IntegerField()
    amount = serializers.IntegerField()
    on_date = serializers.DateField()
    idempotency_key = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class DrawIn(serializers.Serializer):
    witness = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class PayPotIn(serializers.Serializer):
    on_date = serializers.DateField()
    into_savings = serializers.BooleanField(default=False)
    idempotency_key = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


# --- views ------------------------------------------------------------------------------------------


class CycleListAPI(APIView):
    @extend_schema(responses=CycleOut(many=True))
    def get(self, request, pk):
        group = access.access_group(request.user, pk)
        qs = search(queries.cycles_for_group(group), request.query_params.get("q", ""), ["name"])
        return paginated(self, request, qs, CycleOut)

    @extend_schema(request=CycleIn, responses={201: CycleDetailOut})
    def post(self, request, pk):
        group = access.access_group(request.user, pk, write=True)
        data = validated(CycleIn, request.data)
        slots = [{h["person"]: h["weight"] for h in holders} for holders in data.pop("slots")]
        for holders, raw in zip(slots, request.data.get("slots", []), strict=False):
            if len(holders) != len(raw):
                raise ServiceError(
                    _("A slot names the same member twice."),
                    field_errors={"slots": _("A member appears twice in one slot.")},
                    code="slots",
                )
        cycle = services.start_cycle(group=group, slots=slots, acting_user=request.user, **data)
        return Response(CycleDetailOut(cycle).data, status=201)


class CycleDetailAPI(APIView):
    @extend_schema(responses=CycleDetailOut)
    def get(self, request, pk):
        return Response(CycleDetailOut(get_cycle(request.user, pk)).data)


class ContributionAPI(APIView):
    @extend_schema(request=ContributionIn, responses={201: EntryOut, 200: EntryOut})
    def post(self, request, pk):
        rnd = get_round(request.user, pk, write=True)
        data = validated(ContributionIn, request.data)
        repeated = key_used(JournalEntry.objects.filter(book__group=rnd.cycle.group), data["idempotency_key"])
        entry = services.contribute(
            round=rnd,
            person=group_member(rnd.cycle.group, data["person"]),
            amount=data["amount"],
            on_date=data["on_date"],
            idempotency_key=data["idempotency_key"] or None,
            acting_user=request.user,
        )
        return posted(EntryOut, entry, repeated=repeated)


class DrawAPI(APIView):
    @extend_schema(request=DrawIn, responses=RoundOut)
    def post(self, request, pk):
        """Draw the round by lot (with an optional witness number), or award it in the agreed order."""
        rnd = get_round(request.user, pk, write=True)
        data = validated(DrawIn, request.data)
        if rnd.cycle.is_lot:
            rnd = services.draw_round(round=rnd, acting_user=request.user, witness=data["witness"])
        else:
            rnd = services.award_round(round=rnd, acting_user=request.user)
        return Response(RoundOut(rnd).data)


class PayPotAPI(APIView):
    @extend_schema(request=PayPotIn, responses={201: EntryOut, 200: EntryOut})
    def post(self, request, pk):
        rnd = get_round(request.user, pk, write=True)
        data = validated(PayPotIn, request.data)
        repeated = key_used(JournalEntry.objects.filter(book__group=rnd.cycle.group), data["idempotency_key"])
        entry = services.pay_pot(
            round=rnd,
            on_date=data["on_date"],
            into_savings=data["into_savings"],
            idempotency_key=data["idempotency_key"] or None,
            acting_user=request.user,
        )
        return posted(EntryOut, entry, repeated=repeated)


class RevealAPI(APIView):
    @extend_schema(request=None, responses=CycleDetailOut)
    def post(self, request, pk):
        cycle = get_cycle(request.user, pk, write=True)
        cycle = services.reveal_seed(cycle=cycle, acting_user=request.user)
        return Response(CycleDetailOut(cycle).data)


class VerifyAPI(APIView):
    @extend_schema(responses=VerifyOut)
    def get(self, request, pk):
        """Re-run every draw of the cycle from the revealed seed; before the reveal only the commitment."""
        cycle = get_cycle(request.user, pk)
        result = queries.verify_cycle(cycle)
        result["seed"] = result.get("seed") or ""
        return Response(VerifyOut(result).data)


urlpatterns = [
    path("groups/<int:pk>/arisan-cycles/", CycleListAPI.as_view(), name="arisan_cycles"),
    path("arisan-cycles/<int:pk>/", CycleDetailAPI.as_view(), name="arisan_cycle"),
    path("arisan-cycles/<int:pk>/reveal/", RevealAPI.as_view(), name="arisan_reveal"),
    path("arisan-cycles/<int:pk>/verify/", VerifyAPI.as_view(), name="arisan_verify"),
    path("arisan-rounds/<int:pk>/contributions/", ContributionAPI.as_view(), name="arisan_contributions"),
    path("arisan-rounds/<int:pk>/draw/", DrawAPI.as_view(), name="arisan_draw"),
    path("arisan-rounds/<int:pk>/pay-pot/", PayPotAPI.as_view(), name="arisan_pay_pot"),
]
