"""Reads of conveyor lines: scoped lists, the balance of a line and its weekly history, explained.

The arithmetic is ``balance.py`` (pure); here it is fed from the database in a fixed number of queries and
every figure gets its reason in the user's language.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Max, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from berdaya.accounts import access
from berdaya.core.lists import search

from . import balance as bal
from .models import Line, Stage, WeeklyFlow

PATH = "sentra__programme"


def num(value: Fraction | None, places: int = 1) -> str:
    """A figure for reading (localised: 12,5 in Indonesian); trailing ",0" dropped."""
    if value is None:
        return "—"
    d = bal.rounded(value, places)
    if d == d.to_integral_value():
        return number_format(int(d), 0, force_grouping=True)
    return number_format(d, places, force_grouping=True)


def visible_lines(user) -> QuerySet[Line]:
    return access.visible_fieldwork(
        user, Line.objects.select_related("sentra__programme", "sentra__place"), PATH
    )


def lines_for_list(user, *, q: str = "", sentra=None) -> QuerySet[Line]:
    qs = visible_lines(user)
    if sentra is not None:
        qs = qs.filter(sentra=sentra)
    if q:
        qs = search(
            qs, q, ["product", "sentra__name", "stages__name", "stages__producer", "stages__group__name"]
        )
        qs = qs.distinct()
    return qs.annotate(
        stage_count=Count("stages", distinct=True), last_week=Max("stages__flows__week")
    ).order_by("sentra__name", "product", "pk")


def stages_of(line: Line) -> list[Stage]:
    return list(line.stages.select_related("group").order_by("order", "pk"))


def specs(stages: list[Stage]) -> list[bal.StageSpec]:
    return [
        bal.StageSpec.of(
            key=s.pk,
            order=s.order,
            name=s.name,
            units_per_product=s.units_per_product,
            workers=s.workers,
            hours=s.hours_per_week,
            rate=s.rate,
        )
        for s in stages
    ]


# --- balance ----------------------------------------------------------------------------------------


@dataclass
class StageView:
    stage: Stage
    result: bal.StageResult
    reason: str
    advice: list[str] = field(default_factory=list)

    @property
    def capacity_label(self) -> str:
        return num(self.result.capacity)


@dataclass
class BalanceView:
    line: Line
    balance: bal.LineBalance
    stages: list[StageView]
    summary: list[str]
    demand: int | None

    @property
    def throughput(self):
        return self.balance.throughput


def _names(stages_by_key: dict, keys) -> str:
    return ", ".join(stages_by_key[k].name for k in keys)


def line_balance(line: Line, *, demand: int | None = None, stages: list[Stage] | None = None) -> BalanceView:
    """The line's capacities, bottleneck and balancing advice, each with its reason.

    ``demand`` overrides the line's own demand figure (the page and the API let a user try one).
    """
    stages = stages if stages is not None else stages_of(line)
    demand = demand if demand is not None else line.demand_per_week
    result = bal.analyse(specs(stages), demand)
    by_key = {s.pk: s for s in stages}
    unit = line.unit
    views = []
    bottleneck_names = _names(by_key, result.bottleneck_keys) if result.bottleneck_keys else ""
    for r in result.stages:
        s = by_key[r.spec.key]
        figures = {
            "name": s.name,
            "capacity": num(r.capacity),
            "workers": s.workers,
            "hours": num(r.spec.hours),
            "rate": num(r.spec.rate, 3),
            "unit": s.unit,
            "units": num(r.spec.units_per_product, 3),
            "product_unit": unit,
            "throughput": num(result.throughput),
            "idle": num(r.idle),
            "idle_hours": num(r.idle_worker_hours),
            "bottleneck": bottleneck_names,
        }
        formula = (
            ngettext(
                "%(workers)s worker × %(hours)s hours × %(rate)s %(unit)s an hour ÷ %(units)s %(unit)s per "
                "product = %(capacity)s %(product_unit)s a week.",
                "%(workers)s workers × %(hours)s hours × %(rate)s %(unit)s an hour ÷ %(units)s %(unit)s per "
                "product = %(capacity)s %(product_unit)s a week.",
                s.workers,
            )
            % figures
        )
        if r.position == "bottleneck":
            reason = (
                formula
                + " "
                + _(
                    "The slowest stage: the line can finish no more than %(throughput)s %(product_unit)s a week."
                )
                % figures
            )
        elif r.position == "upstream":
            reason = (
                formula
                + " "
                + _(
                    "%(idle)s %(product_unit)s a week more than the line can finish (about %(idle_hours)s "
                    "worker-hours): at full pace its %(unit)s would pile up before %(bottleneck)s."
                )
                % figures
            )
        else:
            reason = (
                formula
                + " "
                + _(
                    "%(idle)s %(product_unit)s a week to spare (about %(idle_hours)s worker-hours): it waits "
                    "for %(bottleneck)s."
                )
                % figures
            )
        views.append(StageView(stage=s, result=r, reason=reason, advice=_advice_text(r, s, by_key, unit)))

    summary = []
    if result.throughput is not None:
        summary.append(
            _("The line can finish %(throughput)s %(unit)s a week; %(bottleneck)s holds it back.")
            % {"throughput": num(result.throughput), "unit": unit, "bottleneck": bottleneck_names}
        )
        if result.demand is not None:
            if result.meets_demand:
                summary.append(
                    _("That covers the demand of %(demand)s %(unit)s a week.")
                    % {"demand": num(result.demand), "unit": unit}
                )
            else:
                summary.append(
                    _("The demand is %(demand)s %(unit)s a week: %(short)s a week short.")
                    % {
                        "demand": num(result.demand),
                        "unit": unit,
                        "short": num(result.demand - result.throughput),
                    }
                )
        elif result.target is None:
            summary.append(
                _(
                    "Every stage has the same capacity: the line is balanced. To make more, every stage must grow."
                )
            )
    return BalanceView(line=line, balance=result, stages=views, summary=summary, demand=demand)


def _advice_text(r: bal.StageResult, s: Stage, by_key: dict, unit: str) -> list[str]:
    a = r.advice
    if a is None:
        return []
    if a.source == "demand":
        goal = _("the demand of %(target)s %(unit)s a week") % {"target": num(a.target), "unit": unit}
    else:
        goal = _("%(target)s %(unit)s a week, the capacity of %(stage)s (the next-slowest stage)") % {
            "target": num(a.target),
            "unit": unit,
            "stage": by_key[a.source_key].name,
        }
    lines = []
    if a.workers_needed is not None:
        lines.append(
            _(
                "To reach %(goal)s, %(name)s needs %(needed)s workers at %(hours)s hours each: %(extra)s more "
                "(rounded up)."
            )
            % {
                "goal": goal,
                "name": s.name,
                "needed": a.workers_needed,
                "hours": num(r.spec.hours),
                "extra": a.extra_workers,
            }
        )
    else:
        lines.append(
            _("%(name)s has no working hours or no output rate recorded; more workers alone cannot help.")
            % {"name": s.name}
        )
    if a.hours_needed is not None:
        text = _(
            "Or its %(workers)s workers work %(needed)s hours a week each: %(extra)s hours more each (rounded up)."
        ) % {"workers": s.workers, "needed": a.hours_needed, "extra": a.extra_hours}
        if not a.hours_feasible:
            text += " " + _(
                "More than %(max)s hours a week is not a working week a group can keep: add workers."
            ) % {"max": num(bal.MAX_HOURS)}
        lines.append(text)
    return lines


# --- weekly history ---------------------------------------------------------------------------------


@dataclass
class HistoryView:
    history: bal.FlowHistory
    stages: list[Stage]
    flows: dict  # (stage_id, week) -> WeeklyFlow
    summary: list[str]
    rows: list[dict]


def line_history(line: Line, *, stages: list[Stage] | None = None, last: int | None = None) -> HistoryView:
    """Finished products per week, the limiting stage and the work in progress piling up, explained."""
    stages = stages if stages is not None else stages_of(line)
    flows = list(WeeklyFlow.objects.filter(stage__line=line).order_by("week"))
    weeks = sorted({f.week for f in flows})
    if last:
        weeks = weeks[-last:] if len(weeks) > last else weeks
    produced: dict[dt.date, dict[int, int]] = defaultdict(dict)
    by_pair = {}
    for f in flows:
        by_pair[(f.stage_id, f.week)] = f
        produced[f.week][f.stage_id] = f.produced
    # The history runs over every week (work in progress carries over); ``last`` only trims the rows shown.
    history = bal.flow_history(specs(stages), produced)
    by_key = {s.pk: s for s in stages}
    rows = []
    for w in history.weeks:
        if w.week not in weeks:
            continue
        cells = []
        for s in stages:
            sw = w.stages[s.pk]
            f = by_pair.get((s.pk, w.week))
            observed = None
            if f is not None and f.workers and f.hours:
                observed = Fraction(f.produced) / (f.workers * bal.frac(f.hours))
            cells.append(
                {
                    "stage": s,
                    "week": sw,
                    "flow": f,
                    "observed_rate": observed,
                    "limiting": s.pk in w.scarcest_keys,
                    "wip_label": num(sw.wip_units),
                }
            )
        rows.append({"week": w, "cells": cells})
    summary = []
    if history.weeks:
        summary.append(
            ngettext(
                "%(finished)s %(unit)s finished in %(weeks)s week, %(average)s a week on average.",
                "%(finished)s %(unit)s finished in %(weeks)s weeks, %(average)s a week on average.",
                len(history.weeks),
            )
            % {
                "finished": num(Fraction(history.weeks[-1].finished_total)),
                "unit": line.unit,
                "weeks": len(history.weeks),
                "average": num(history.average_finished),
            }
        )
        last = history.weeks[-1]
        summary.append(
            _(
                "So far the scarcest component is %(stage)s (%(made)s %(unit)s' worth made); it decides what "
                "can be finished."
            )
            % {
                "stage": _names(by_key, history.scarcest_keys),
                "made": num(Fraction(last.stages[history.scarcest_keys[0]].cumulative_products)),
                "unit": line.unit,
            }
        )
        for p in history.pileups:
            s = by_key[p.key]
            summary.append(
                _(
                    "%(name)s: %(growth)s %(unit)s piled up since the first week; %(wip)s %(unit)s "
                    "(%(products)s %(product_unit)s' worth) wait for the next stage."
                )
                % {
                    "name": s.name,
                    "growth": num(p.growth_units),
                    "unit": s.unit,
                    "wip": num(p.last_wip_units),
                    "products": num(p.last_wip_products),
                    "product_unit": line.unit,
                }
            )
    return HistoryView(history=history, stages=stages, flows=by_pair, summary=summary, rows=rows)


def flows_for_week(line: Line, week: dt.date) -> dict[int, WeeklyFlow]:
    return {f.stage_id: f for f in WeeklyFlow.objects.filter(stage__line=line, week=week)}


def recorded_weeks(line: Line) -> list[dt.date]:
    return list(
        WeeklyFlow.objects.filter(stage__line=line)
        .values_list("week", flat=True)
        .distinct()
        .order_by("-week")
    )


def groups_for(line_or_sentra) -> QuerySet:
    from berdaya.groups.models import Group

    sentra = getattr(line_or_sentra, "sentra", line_or_sentra)
    return Group.objects.filter(programme_id=sentra.programme_id).order_by("name")
