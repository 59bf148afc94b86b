"""Reads of business plans that are more than a filter: the list, totals, the calendar grid, follow-ups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum

from berdaya.accounts import access
from berdaya.core.lists import search
from berdaya.groups.models import Group

from .models import PART_PATH, PLAN_PATH, BusinessPlan, CalendarItem, Commitment

# A calendar wider than this many months is cut (with a note) so the printed table stays readable
# (36 columns still fit an A4 landscape page).
MAX_MONTHS = 36


def visible_plans(user) -> QuerySet[BusinessPlan]:
    return access.visible_fieldwork(user, BusinessPlan.objects.all(), PLAN_PATH)


def visible_parts(user, model) -> QuerySet:
    return access.visible_fieldwork(user, model.objects.all(), PART_PATH)


def groups_for_list(user, *, q: str = "", programme_id: str = "", has_plan: str = "", today: dt.date):
    """Groups in the user's fieldwork scope with their plan (or none) and its calendar's state."""
    qs = access.visible_fieldwork(user, Group.objects.all(), "programme").select_related(
        "programme", "business_plan"
    )
    if q:
        qs = search(qs, q, ["name", "business_type", "business_plan__business"])
    if programme_id.isdigit():
        qs = qs.filter(programme_id=int(programme_id))
    if has_plan == "yes":
        qs = qs.filter(business_plan__isnull=False)
    elif has_plan == "no":
        qs = qs.filter(business_plan__isnull=True)
    open_items = Q(business_plan__calendar__done_on__isnull=True)
    return qs.annotate(
        calendar_count=Count("business_plan__calendar"),
        open_count=Count("business_plan__calendar", filter=open_items),
        overdue_count=Count(
            "business_plan__calendar", filter=open_items & Q(business_plan__calendar__due_on__lt=today)
        ),
    ).order_by("name", "id")


def open_calendar_items(qs: QuerySet[CalendarItem] | None = None) -> QuerySet[CalendarItem]:
    """Calendar items not done yet, the soonest due first: the follow-ups a mentor sees.

    ``qs`` is already scoped by the caller (e.g. ``visible_parts(user, CalendarItem)`` or one plan's
    ``plan.calendar.all()``); the group and programme come along for the list.
    """
    if qs is None:
        qs = CalendarItem.objects.all()
    return (
        qs.filter(done_on__isnull=True)
        .select_related("plan__group__programme", "plan__group__place")
        .order_by("due_on", "starts_on", "id")
    )


def item_status(item, today: dt.date) -> str:
    """``done``, ``overdue`` (due before today, not done), ``running`` (started) or ``planned``."""
    if item.done_on:
        return "done"
    if item.due_on < today:
        return "overdue"
    if getattr(item, "starts_on", item.due_on) <= today:
        return "running"
    return "planned"


@dataclass
class KindTotal:
    kind: str
    label: str
    count: int = 0
    amount: int = 0
    quantities: list[tuple[int, str]] = field(default_factory=list)


def commitment_totals(plan: BusinessPlan) -> list[KindTotal]:
    """Per kind of pledge: how many, the rupiah (cash, or tools' estimated value), quantities per unit.

    One grouped query; every kind appears, in the form's order, so an empty kind reads as "nothing yet".
    """
    totals = {k: KindTotal(kind=k, label=str(label)) for k, label in Commitment.Kind.choices}
    rows = (
        plan.commitments.values("kind", "unit")
        .annotate(n=Count("id"), amount=Sum("amount"), quantity=Sum("quantity"))
        .order_by("kind", "unit")
    )
    for row in rows:
        t = totals[row["kind"]]
        t.count += row["n"]
        t.amount += row["amount"] or 0
        if row["quantity"]:
            t.quantities.append((row["quantity"], row["unit"]))
    return list(totals.values())


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return day.replace(year=day.year + 1, month=1) if day.month == 12 else day.replace(month=day.month + 1)


@dataclass
class CalendarGrid:
    months: list[dt.date]
    rows: list[dict]
    cut: bool = False


def calendar_grid(items, today: dt.date) -> CalendarGrid:
    """The *kalender kegiatan* as a table: months as columns, one row per activity, a cell marked when
    the activity runs in that month (from its start to its due date)."""
    items = list(items)
    if not items:
        return CalendarGrid(months=[], rows=[])
    first = _month_start(min(i.starts_on for i in items))
    last = _month_start(max(i.due_on for i in items))
    months, m = [], first
    while m <= last and len(months) < MAX_MONTHS:
        months.append(m)
        m = _next_month(m)
    cut = m <= last
    rows = []
    for item in items:
        start, end = _month_start(item.starts_on), _month_start(item.due_on)
        status = item_status(item, today)
        rows.append(
            {
                "item": item,
                "status": status,
                "cells": [start <= month <= end for month in months],
            }
        )
    return CalendarGrid(months=months, rows=rows, cut=cut)


def plan_with_parts(qs: QuerySet[BusinessPlan]) -> QuerySet[BusinessPlan]:
    """Plans with every part fetched in one query per part (never one per row)."""
    return qs.select_related("group__programme", "group__place").prefetch_related(
        "success_factors", "swot", "commitments__person", "steps__owner_person", "calendar"
    )
