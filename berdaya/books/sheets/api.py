"""API for meeting collection sheets: the suggested sheet of a meeting, posting it (idempotent), a posted sheet."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from berdaya.accounts import access
from berdaya.core.api import key_used, posted, validated

from . import services
from .models import CollectionSheet, SheetLine

_AMOUNTS = services.AMOUNT_FIELDS


class LineIn(serializers.Serializer):
    person = serializers.IntegerField(help_text="person id of a member on the meeting date")
    present = serializers.BooleanField(default=False)
    principal_saving = serializers.IntegerField(min_value=0, default=0)
    mandatory_saving = serializers.IntegerField(min_value=0, default=0)
    voluntary_saving = serializers.IntegerField(min_value=0, default=0)
    withdrawal = serializers.IntegerField(min_value=0, default=0)
    dues = serializers.IntegerField(min_value=0, default=0)
    fine = serializers.IntegerField(min_value=0, default=0)
    loan_repayment = serializers.IntegerField(min_value=0, default=0)
    arisan = serializers.IntegerField(min_value=0, default=0)
    cover_settlement = serializers.IntegerField(
        min_value=0, default=0, help_text="joint-liability cover paid back, oldest cover first"
    )
    fund_repayment = serializers.IntegerField(
        min_value=0, default=0, help_text="paid back into the revolving fund, oldest allocation first"
    )


class SheetIn(serializers.Serializer):
    idempotency_key = serializers.CharField(
        max_length=100,
        help_text="Chosen by the client; posting the same key again returns the first posting.",
    )
    cash_counted = serializers.IntegerField(min_value=0)
    difference_reason = serializers.CharField(required=False, allow_blank=True, default="")
    lines = LineIn(many=True)


class LineOut(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name")
    paid_in = serializers.IntegerField(help_text="what the member handed over")
    net_cash = serializers.IntegerField(
        help_text="what the line left in the box: paid in, minus the withdrawal and the cover handed back"
    )

    class Meta:
        model = SheetLine
        fields = ["person", "person_name", "present", *_AMOUNTS, "cover_handed_back", "paid_in", "net_cash"]


class SheetOut(serializers.ModelSerializer):
    lines = LineOut(many=True)
    difference = serializers.IntegerField()
    held_on = serializers.DateField(source="meeting.held_on")
    group = serializers.IntegerField(source="meeting.group_id")
    entries = serializers.SerializerMethodField()

    class Meta:
        model = CollectionSheet
        fields = [
            "id",
            "meeting",
            "group",
            "held_on",
            "idempotency_key",
            "opening_cash",
            "expected_cash",
            "cash_counted",
            "difference",
            "difference_reason",
            "posted_by",
            "posted_at",
            "lines",
            "entries",
        ]

    def get_entries(self, obj) -> list[int]:
        return list(services.sheet_entries(obj).values_list("id", flat=True))


class PrefillOut(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    person_name = serializers.CharField(source="person.full_name")
    present = serializers.BooleanField()
    principal_saving = serializers.IntegerField()
    mandatory_saving = serializers.IntegerField()
    voluntary_saving = serializers.IntegerField()
    withdrawal = serializers.IntegerField()
    dues = serializers.IntegerField()
    fine = serializers.IntegerField()
    loan_repayment = serializers.IntegerField()
    arisan = serializers.IntegerField()
    cover_settlement = serializers.IntegerField()
    fund_repayment = serializers.IntegerField()
    cover_owed = serializers.IntegerField(help_text="joint-liability cover the member owes (0: none)")
    fund_owed = serializers.IntegerField(help_text="what the member owes the revolving fund (0: nothing)")


class MeetingSheetOut(serializers.Serializer):
    posted = serializers.BooleanField()
    sheet = SheetOut(allow_null=True)
    suggested_lines = PrefillOut(many=True)


def _sheet_qs():
    return CollectionSheet.objects.select_related("meeting").prefetch_related(
        Prefetch("lines", queryset=SheetLine.objects.select_related("person"))
    )


class MeetingSheetAPI(APIView):
    @extend_schema(responses=MeetingSheetOut, summary="The meeting's sheet: posted, or the suggested lines")
    def get(self, request, pk):
        meeting = access.access_meeting_books(request.user, pk)
        sheet = _sheet_qs().filter(meeting=meeting).first()
        return Response(
            MeetingSheetOut(
                {
                    "posted": sheet is not None,
                    "sheet": sheet,
                    "suggested_lines": [] if sheet else services.prefill(meeting),
                }
            ).data
        )

    @extend_schema(
        request=SheetIn,
        responses={201: SheetOut, 200: SheetOut},
        summary="Post the meeting's sheet in one atomic batch (a repeated idempotency key returns the first posting)",
    )
    def post(self, request, pk):
        meeting = access.access_meeting_books(request.user, pk, write=True)
        data = validated(SheetIn, request.data)
        already = key_used(CollectionSheet.objects.filter(meeting=meeting), data["idempotency_key"])
        lines = [
            services.LineInput(
                person_id=row["person"], present=row["present"], **{k: row[k] for k in _AMOUNTS}
            )
            for row in data["lines"]
        ]
        sheet = services.post_meeting(
            meeting=meeting,
            lines=lines,
            cash_counted=data["cash_counted"],
            difference_reason=data["difference_reason"],
            acting_user=request.user,
            idempotency_key=data["idempotency_key"],
        )
        return posted(SheetOut, _sheet_qs().get(pk=sheet.pk), repeated=already)


class SheetDetailAPI(APIView):
    @extend_schema(responses=SheetOut)
    def get(self, request, pk):
        sheet = _sheet_qs().filter(access.group_q(request.user, "meeting__group__")).filter(pk=pk).first()
        if sheet is None:
            raise Http404(_("Not found."))
        access.access_books(request.user, sheet.meeting.group_id)
        return Response(SheetOut(sheet).data)


urlpatterns = [
    path("meetings/<int:pk>/collection-sheet/", MeetingSheetAPI.as_view(), name="meeting_sheet"),
    path("collection-sheets/<int:pk>/", SheetDetailAPI.as_view(), name="collection_sheet"),
]
