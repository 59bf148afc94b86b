"""Business plan API: the same services, queries and access helpers as the pages.

Creating a plan or any of its parts takes an optional client ``idempotency_key``: sending the same key
again for the same plan returns the first row (200) instead of adding a second one (201).
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from berdaya.accounts import access
from berdaya.core.api import paginated, posted, validated
from berdaya.core.lists import search
from berdaya.groups.models import Group
from berdaya.groups.services import local_today
from berdaya.people.models import Person

from . import queries, services
from .models import (
    PART_PATH,
    PLAN_PATH,
    BusinessPlan,
    CalendarItem,
    Commitment,
    PlanStep,
    SuccessFactor,
    SwotItem,
)

# --- output -----------------------------------------------------------------------------------------


class BusinessPlanFactorOut(serializers.ModelSerializer):
    class Meta:
        model = SuccessFactor
        fields = ["id", "ring", "text", "idempotency_key"]


class BusinessPlanSwotOut(serializers.ModelSerializer):
    class Meta:
        model = SwotItem
        fields = ["id", "quadrant", "text", "idempotency_key"]


class BusinessPlanCommitmentOut(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True, default="")

    class Meta:
        model = Commitment
        fields = [
            "id",
            "kind",
            "person",
            "person_name",
            "pledged_by",
            "description",
            "amount",
            "quantity",
            "unit",
            "idempotency_key",
        ]


class BusinessPlanStepOut(serializers.ModelSerializer):
    owner_person_name = serializers.CharField(source="owner_person.full_name", read_only=True, default="")

    class Meta:
        model = PlanStep
        fields = [
            "id",
            "order",
            "text",
            "owner",
            "owner_person",
            "owner_person_name",
            "due_on",
            "done_on",
            "idempotency_key",
        ]


class BusinessPlanCalendarOut(serializers.ModelSerializer):
    group = serializers.IntegerField(source="plan.group_id", read_only=True)
    group_name = serializers.CharField(source="plan.group.name", read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = CalendarItem
        fields = [
            "id",
            "plan",
            "group",
            "group_name",
            "activity",
            "starts_on",
            "due_on",
            "owner",
            "done_on",
            "notes",
            "status",
            "idempotency_key",
        ]

    def get_status(self, obj) -> str:
        """done, overdue, running or planned, on the group's local date."""
        return queries.item_status(obj, local_today(obj.plan.group.place))


class BusinessPlanTotalOut(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    amount = serializers.IntegerField(help_text="rupiah: cash pledged, or tools' estimated value")
    quantities = serializers.SerializerMethodField()

    def get_quantities(self, obj) -> list[dict]:
        return [{"quantity": q, "unit": u} for q, u in obj.quantities]


class BusinessPlanOut(serializers.ModelSerializer):
    group_name = serializers.CharField(source="group.name", read_only=True)
    programme = serializers.IntegerField(source="group.programme_id", read_only=True)

    class Meta:
        model = BusinessPlan
        fields = [
            "id",
            "group",
            "group_name",
            "programme",
            "business",
            "goal",
            "prepared_on",
            "notes",
            "idempotency_key",
        ]


class BusinessPlanDetailOut(BusinessPlanOut):
    success_factors = BusinessPlanFactorOut(many=True, read_only=True)
    swot = BusinessPlanSwotOut(many=True, read_only=True)
    commitments = BusinessPlanCommitmentOut(many=True, read_only=True)
    commitment_totals = serializers.SerializerMethodField()
    steps = BusinessPlanStepOut(many=True, read_only=True)
    calendar = BusinessPlanCalendarOut(many=True, read_only=True)

    class Meta(BusinessPlanOut.Meta):
        fields = [
            *BusinessPlanOut.Meta.fields,
            "success_factors",
            "swot",
            "commitments",
            "commitment_totals",
            "steps",
            "calendar",
        ]

    @extend_schema_field(BusinessPlanTotalOut(many=True))
    def get_commitment_totals(self, obj) -> list[dict]:
        return BusinessPlanTotalOut(queries.commitment_totals(obj), many=True).data


# --- input ------------------------------------------------------------------------------------------

KEY_HELP = "Chosen by the client; the same key again for this plan returns the first row."


def _key_field():
    return serializers.CharField(
        max_length=100, required=False, allow_null=True, default=None, help_text=KEY_HELP
    )


class BusinessPlanIn(serializers.Serializer):
    group = serializers.IntegerField()
    business = serializers.CharField(max_length=150)
    goal = serializers.CharField(required=False, allow_blank=True, default="")
    prepared_on = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    idempotency_key = _key_field()


class BusinessPlanChangeIn(serializers.Serializer):
    business = serializers.CharField(max_length=150, required=False)
    goal = serializers.CharField(required=False, allow_blank=True)
    prepared_on = serializers.DateField(required=False)
    notes = serializers.CharField(required=False, allow_blank=True)


class BusinessPlanFactorIn(serializers.Serializer):
    ring = serializers.ChoiceField(choices=SuccessFactor.Ring.choices)
    text = serializers.CharField(max_length=250)
    idempotency_key = _key_field()


class BusinessPlanSwotIn(serializers.Serializer):
    quadrant = serializers.ChoiceField(choices=SwotItem.Quadrant.choices)
    text = serializers.CharField(max_length=250)
    idempotency_key = _key_field()


class BusinessPlanCommitmentIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Commitment.Kind.choices)
    person = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="a member's id"
    )
    pledged_by = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    description = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")
    amount = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="whole rupiah")
    quantity = serializers.IntegerField(required=False, allow_null=True, default=None)
    unit = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    idempotency_key = _key_field()


class BusinessPlanStepIn(serializers.Serializer):
    text = serializers.CharField(max_length=250)
    owner = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    owner_person = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="a member's id"
    )
    due_on = serializers.DateField()
    done_on = serializers.DateField(required=False, allow_null=True, default=None)
    order = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=999
    )
    idempotency_key = _key_field()


class BusinessPlanCalendarIn(serializers.Serializer):
    activity = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    due_on = serializers.DateField()
    owner = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    done_on = serializers.DateField(required=False, allow_null=True, default=None)
    idempotency_key = _key_field()


class BusinessPlanDoneIn(serializers.Serializer):
    done_on = serializers.DateField()


# --- helpers ----------------------------------------------------------------------------------------


def _plans():
    return BusinessPlan.objects.select_related("group__programme", "group__place")


def _plan(user, pk, *, write: bool = False) -> BusinessPlan:
    access.require_fieldwork_reader(user)
    return access.access_fieldwork(user, _plans(), pk, programme_path=PLAN_PATH, write=write)


def _detail(plan: BusinessPlan) -> BusinessPlan:
    return queries.plan_with_parts(BusinessPlan.objects.filter(pk=plan.pk)).get()


def _member(group: Group, person_id, field: str) -> Person | None:
    """A member of the group by id; anyone else is refused without naming them (they may be out of scope)."""
    if person_id is None:
        return None
    person = (
        Person.objects.filter(pk=person_id, memberships__group=group, memberships__left_on__isnull=True)
        .distinct()
        .first()
    )
    if person is None:
        raise serializers.ValidationError({field: [_("Not a member of this group.")]})
    return person


class Part:
    def __init__(
        self, slug, model, input_class, output_class, add, update, remove, arg, persons=(), done=None
    ):
        self.slug, self.model, self.input, self.output = slug, model, input_class, output_class
        self.add, self.update, self.remove, self.arg = add, update, remove, arg
        self.persons, self.done = persons, done

    def values(self, group: Group, data: dict) -> dict:
        data = dict(data)
        data.pop("idempotency_key", None)
        for field in self.persons:
            if field in data:
                data[field] = _member(group, data[field], field)
        if self.slug == "steps" and data.get("order", 0) is None:
            data.pop("order")
        return data


PARTS = {
    p.slug: p
    for p in [
        Part(
            "circle",
            SuccessFactor,
            BusinessPlanFactorIn,
            BusinessPlanFactorOut,
            services.add_success_factor,
            services.update_success_factor,
            services.remove_success_factor,
            "factor",
        ),
        Part(
            "swot",
            SwotItem,
            BusinessPlanSwotIn,
            BusinessPlanSwotOut,
            services.add_swot_item,
            services.update_swot_item,
            services.remove_swot_item,
            "item",
        ),
        Part(
            "commitments",
            Commitment,
            BusinessPlanCommitmentIn,
            BusinessPlanCommitmentOut,
            services.add_commitment,
            services.update_commitment,
            services.remove_commitment,
            "commitment",
            persons=("person",),
        ),
        Part(
            "steps",
            PlanStep,
            BusinessPlanStepIn,
            BusinessPlanStepOut,
            services.add_step,
            services.update_step,
            services.remove_step,
            "step",
            persons=("owner_person",),
            done=services.complete_step,
        ),
        Part(
            "calendar",
            CalendarItem,
            BusinessPlanCalendarIn,
            BusinessPlanCalendarOut,
            services.add_calendar_item,
            services.update_calendar_item,
            services.remove_calendar_item,
            "item",
            done=services.complete_calendar_item,
        ),
    ]
}


def _item(user, part: Part, pk, *, write: bool = False):
    access.require_fieldwork_reader(user)
    qs = part.model.objects.select_related("plan__group__programme", "plan__group__place")
    return access.access_fieldwork(user, qs, pk, programme_path=PART_PATH, write=write)


# --- plans ------------------------------------------------------------------------------------------


class PlanListAPI(APIView):
    @extend_schema(
        responses=BusinessPlanOut(many=True),
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("programme", int),
            OpenApiParameter("group", int),
        ],
        summary="Business plans in scope, searchable",
    )
    def get(self, request):
        access.require_fieldwork_reader(request.user)
        qs = queries.visible_plans(request.user).select_related("group")
        q = request.query_params.get("q", "").strip()
        if q:
            qs = search(qs, q, ["business", "group__name"])
        for param, field in (("programme", "group__programme_id"), ("group", "group_id")):
            value = request.query_params.get(param, "")
            if value.isdigit():
                qs = qs.filter(**{field: int(value)})
        return paginated(self, request, qs.order_by("group__name", "id"), BusinessPlanOut)

    @extend_schema(
        request=BusinessPlanIn,
        responses={200: BusinessPlanDetailOut, 201: BusinessPlanDetailOut},
        summary="Start a group's business plan (one per group)",
    )
    def post(self, request):
        user = request.user
        data = validated(BusinessPlanIn, request.data)
        access.require_fieldwork_reader(user)
        group = access.access_fieldwork(
            user,
            Group.objects.select_related("place"),
            data.pop("group"),
            programme_path="programme",
            write=True,
        )
        key = data.get("idempotency_key")
        repeated = bool(key) and BusinessPlan.objects.filter(group=group, idempotency_key=key).exists()
        plan = services.create_plan(group=group, acting_user=user, **data)
        return posted(BusinessPlanDetailOut, _detail(plan), repeated=repeated)


class PlanDetailAPI(APIView):
    @extend_schema(responses=BusinessPlanDetailOut, summary="A business plan with every part and the totals")
    def get(self, request, pk):
        return Response(BusinessPlanDetailOut(_detail(_plan(request.user, pk))).data)

    @extend_schema(
        request=BusinessPlanChangeIn, responses=BusinessPlanDetailOut, summary="Change a business plan"
    )
    def patch(self, request, pk):
        plan = _plan(request.user, pk, write=True)
        data = validated(BusinessPlanChangeIn, request.data)
        services.update_plan(plan=plan, acting_user=request.user, **data)
        return Response(BusinessPlanDetailOut(_detail(plan)).data)

    @extend_schema(responses={204: None}, summary="Remove a business plan with all its parts")
    def delete(self, request, pk):
        plan = _plan(request.user, pk, write=True)
        services.remove_plan(plan=plan, acting_user=request.user)
        return Response(status=204)


class GroupPlanAPI(APIView):
    @extend_schema(
        responses=BusinessPlanDetailOut, summary="The business plan of a group (404 when it has none)"
    )
    def get(self, request, group_id):
        user = request.user
        access.require_fieldwork_reader(user)
        group = access.access_fieldwork(user, Group.objects.all(), group_id, programme_path="programme")
        plan = _plans().filter(group=group).first()
        if plan is None:
            raise Http404(_("%(group)s has no business plan yet.") % {"group": group.name})
        return Response(BusinessPlanDetailOut(_detail(plan)).data)


class FollowUpAPI(APIView):
    @extend_schema(
        responses=BusinessPlanCalendarOut(many=True),
        parameters=[
            OpenApiParameter("group", int),
            OpenApiParameter("programme", int),
            OpenApiParameter("due_before", str, description="YYYY-MM-DD: only items due before this date"),
        ],
        summary="Open calendar items in scope, the soonest due first (follow-ups)",
    )
    def get(self, request):
        access.require_fieldwork_reader(request.user)
        qs = queries.open_calendar_items(queries.visible_parts(request.user, CalendarItem))
        for param, field in (("programme", "plan__group__programme_id"), ("group", "plan__group_id")):
            value = request.query_params.get(param, "")
            if value.isdigit():
                qs = qs.filter(**{field: int(value)})
        due_before = request.query_params.get("due_before", "")
        if due_before:
            day = serializers.DateField().to_internal_value(due_before)
            qs = qs.filter(due_on__lt=day)
        return paginated(self, request, qs, BusinessPlanCalendarOut)


# --- parts ------------------------------------------------------------------------------------------


def _part_views(part: Part):
    class PartListAPI(APIView):
        @extend_schema(responses=part.output(many=True), summary=f"The plan's {part.slug}")
        def get(self, request, pk):
            plan = _plan(request.user, pk)
            qs = part.model.objects.filter(plan=plan).select_related("plan__group__place")
            return paginated(self, request, qs, part.output)

        @extend_schema(
            request=part.input,
            responses={200: part.output, 201: part.output},
            summary=f"Add to the plan's {part.slug}",
        )
        def post(self, request, pk):
            plan = _plan(request.user, pk, write=True)
            data = validated(part.input, request.data)
            key = data.get("idempotency_key")
            repeated = bool(key) and part.model.objects.filter(plan=plan, idempotency_key=key).exists()
            obj = part.add(
                plan=plan, acting_user=request.user, idempotency_key=key, **part.values(plan.group, data)
            )
            return posted(part.output, obj, repeated=repeated)

    class PartDetailAPI(APIView):
        @extend_schema(responses=part.output, summary=f"One of a plan's {part.slug}")
        def get(self, request, item_pk):
            return Response(part.output(_item(request.user, part, item_pk)).data)

        @extend_schema(
            request=part.input, responses=part.output, summary=f"Change one of a plan's {part.slug}"
        )
        def patch(self, request, item_pk):
            obj = _item(request.user, part, item_pk, write=True)
            data = validated(part.input, request.data, partial=True)
            values = part.values(obj.plan.group, {k: v for k, v in data.items() if k in request.data})
            obj = part.update(**{part.arg: obj}, acting_user=request.user, **values)
            return Response(part.output(obj).data)

        @extend_schema(responses={204: None}, summary=f"Remove one of a plan's {part.slug}")
        def delete(self, request, item_pk):
            obj = _item(request.user, part, item_pk, write=True)
            part.remove(**{part.arg: obj}, acting_user=request.user)
            return Response(status=204)

    views = [
        path(f"plans/<int:pk>/{part.slug}/", PartListAPI.as_view(), name=f"plan_{part.slug}"),
        path(f"plans/{part.slug}/<int:item_pk>/", PartDetailAPI.as_view(), name=f"plan_{part.slug}_item"),
    ]
    if part.done is not None:

        class PartDoneAPI(APIView):
            @extend_schema(
                request=BusinessPlanDoneIn,
                responses=part.output,
                summary=f"Mark one of a plan's {part.slug} done",
            )
            def post(self, request, item_pk):
                obj = _item(request.user, part, item_pk, write=True)
                data = validated(BusinessPlanDoneIn, request.data)
                obj = part.done(**{part.arg: obj}, done_on=data["done_on"], acting_user=request.user)
                return Response(part.output(obj).data)

        views.append(
            path(
                f"plans/{part.slug}/<int:item_pk>/done/", PartDoneAPI.as_view(), name=f"plan_{part.slug}_done"
            )
        )
    for cls in (PartListAPI, PartDetailAPI):
        cls.__name__ = f"Plan{part.slug.title()}{cls.__name__[4:]}"
    return views


urlpatterns = [
    path("plans/", PlanListAPI.as_view(), name="plans"),
    path("plans/follow-ups/", FollowUpAPI.as_view(), name="plan_follow_ups"),
    path("plans/<int:pk>/", PlanDetailAPI.as_view(), name="plan"),
    path("plans/groups/<int:group_id>/", GroupPlanAPI.as_view(), name="plan_for_group"),
]
for _spec in PARTS.values():
    urlpatterns += _part_views(_spec)
