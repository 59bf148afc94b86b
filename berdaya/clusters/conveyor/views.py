"""Conveyor line pages. Each view parses input, fetches through ``access``, calls one service, renders.

Everyone who sees the sentra's programme reads its lines (members get 404); an administrator, the
programme's manager and a facilitator working in it record them (others get 403).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from berdaya.accounts import access
from berdaya.core.errors import ServiceError
from berdaya.core.lists import paginate
from berdaya.core.pdf import printable
from berdaya.core.views import confirm_page, confirm_then, form_page, submit

from . import balance as bal
from . import charts, forms, queries, services
from .models import Line, Stage

PATH = queries.PATH


def _line(user, pk, *, write: bool = False) -> Line:
    qs = Line.objects.select_related("sentra__programme", "sentra__place")
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


def _stage(user, pk, *, write: bool = False) -> Stage:
    qs = Stage.objects.select_related("line__sentra__programme", "group")
    return access.access_fieldwork(user, qs, pk, programme_path="line__sentra__programme", write=write)


def _may_write(user, programme_id) -> bool:
    return access.fieldwork_programmes(user, write=True).filter(pk=programme_id).exists()


def _detail(pk) -> str:
    return reverse("conveyor:line_detail", args=[pk])


def _demand(request) -> int | None:
    form = forms.BalanceForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["demand"]
    return None


# --- lists ------------------------------------------------------------------------------------------


@login_required
def index(request):
    """Every conveyor line the user may see, across sentras."""
    user = request.user
    access.require_fieldwork_reader(user)
    q = request.GET.get("q", "").strip()
    context = {
        "page_obj": paginate(request, queries.lines_for_list(user, q=q)),
        "q": q,
        "sentra": None,
        "sentras": access.visible_sentras(user).filter(
            programme__in=access.fieldwork_programmes(user, write=True)
        )[:50],
    }
    return render(request, "conveyor/line_list.html", context)


@login_required
def line_list(request, sentra_pk):
    """The sentra's conveyor lines: the entry page linked from the sentra."""
    user = request.user
    access.require_fieldwork_reader(user)
    sentra = access.access_sentra(user, sentra_pk)
    q = request.GET.get("q", "").strip()
    context = {
        "page_obj": paginate(request, queries.lines_for_list(user, q=q, sentra=sentra)),
        "q": q,
        "sentra": sentra,
        "may_write": _may_write(user, sentra.programme_id),
    }
    return render(request, "conveyor/line_list.html", context)


# --- lines ------------------------------------------------------------------------------------------


@login_required
def line_create(request, sentra_pk):
    user = request.user
    access.require_fieldwork_reader(user)
    sentra = access.access_sentra(user, sentra_pk, write=True)
    access.require_fieldwork_writer(user, sentra.programme)
    form = forms.LineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.create_line(sentra=sentra, acting_user=user, **form.cleaned_data),
            lambda line: reverse("conveyor:stage_add", args=[line.pk]),
            _("Line saved. Now add its stages, left to right."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("New conveyor line in %(sentra)s") % {"sentra": sentra.name},
        back_url=reverse("conveyor:line_list", args=[sentra.pk]),
        intro=_(
            "One product made of components, each made by a different group (ban berjalan), e.g. a "
            "shuttlecock: feathers, cork heads, binding, packing."
        ),
    )


@login_required
def line_edit(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    line = _line(user, pk, write=True)
    fields = services.LINE_EDITABLE
    form = forms.LineForm(request.POST or None, initial={f: getattr(line, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.update_line(line=line, changes=dict(form.cleaned_data), acting_user=user),
            _detail(pk),
        )
        if done:
            return done
    return form_page(request, form, title=_("Edit %(line)s") % {"line": line.product}, back_url=_detail(pk))


@login_required
def line_delete(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    line = _line(user, pk, write=True)
    if request.method == "POST":
        sentra_pk = line.sentra_id
        services.delete_line(line=line, acting_user=user)
        messages.success(request, _("The line was deleted."))
        return redirect("conveyor:line_list", sentra_pk=sentra_pk)
    weeks = len(queries.recorded_weeks(line))
    return confirm_page(
        request,
        title=_("Delete %(line)s") % {"line": line.product},
        question=_("Delete this line with its stages and every recorded week?"),
        detail=ngettext(
            "%(weeks)s recorded week will be lost. This cannot be undone.",
            "%(weeks)s recorded weeks will be lost. This cannot be undone.",
            weeks,
        )
        % {"weeks": weeks},
        back_url=_detail(pk),
        confirm_label=_("Yes, delete the line"),
    )


def _line_context(request, line, *, history_weeks: int | None = 12) -> dict:
    demand = _demand(request)
    stages = queries.stages_of(line)
    view = queries.line_balance(line, demand=demand, stages=stages)
    history = queries.line_history(line, stages=stages, last=history_weeks)
    return {
        "line": line,
        "view": view,
        "history": history,
        "diagram": charts.flow_diagram(view, label=queries.num),
        "chart": charts.weekly_chart(history, view),
        "demand_form": forms.BalanceForm(request.GET or None),
        "tried_demand": demand,
        "throughput_label": queries.num(view.throughput),
        "average_label": queries.num(history.history.average_finished),
        "max_hours": bal.MAX_HOURS,
    }


@login_required
def line_detail(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    line = _line(user, pk)
    context = _line_context(request, line)
    context["may_write"] = _may_write(user, line.sentra.programme_id)
    return render(request, "conveyor/line_detail.html", context)


@login_required
def line_print(request, pk):
    """The balancing report on paper (or PDF): stages, bottleneck, advice and the weekly record."""
    user = request.user
    access.require_fieldwork_reader(user)
    line = _line(user, pk)
    context = _line_context(request, line, history_weeks=None)
    return printable(request, "conveyor/line_print.html", context, f"conveyor-line-{line.pk}.pdf")


# --- stages -----------------------------------------------------------------------------------------


def _stage_call(form, line):
    d = dict(form.cleaned_data)
    if d.get("order") is None:
        d.pop("order", None)
    return d


@login_required
def stage_add(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    line = _line(user, pk, write=True)
    form = forms.StageForm(request.POST or None, groups=queries.groups_for(line))
    if request.method == "POST" and form.is_valid():
        data = _stage_call(form, line)
        done = submit(
            request,
            form,
            lambda: services.add_stage(line=line, acting_user=user, **data),
            reverse("conveyor:stage_add", args=[pk]) if "another" in request.POST else _detail(pk),
            _("Stage added."),
        )
        if done:
            return done
    stages = queries.stages_of(line)
    return render(
        request,
        "conveyor/stage_form.html",
        {
            "form": form,
            "line": line,
            "stages": stages,
            "title": _("Add a stage to %(line)s") % {"line": line.product},
        },
    )


@login_required
def stage_edit(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    stage = _stage(user, pk, write=True)
    line = stage.line
    fields = services.STAGE_EDITABLE
    form = forms.StageForm(
        request.POST or None, initial={f: getattr(stage, f) for f in fields}, groups=queries.groups_for(line)
    )
    if request.method == "POST" and form.is_valid():
        data = _stage_call(form, line)
        done = submit(
            request,
            form,
            lambda: services.update_stage(stage=stage, changes=data, acting_user=user),
            _detail(line.pk),
        )
        if done:
            return done
    return form_page(
        request, form, title=_("Edit stage %(name)s") % {"name": stage.name}, back_url=_detail(line.pk)
    )


@login_required
def stage_remove(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    stage = _stage(user, pk, write=True)
    line_pk = stage.line_id
    return confirm_then(
        request,
        call=lambda: services.remove_stage(stage=stage, acting_user=user),
        back=_detail(line_pk),
        done_url=_detail(line_pk),
        title=_("Remove stage %(name)s") % {"name": stage.name},
        question=_("Take this stage off the line?"),
        detail=_("A stage with recorded weeks cannot be removed."),
        confirm_label=_("Yes, remove it"),
        success_message=_("Stage removed."),
    )


# --- weekly flows -----------------------------------------------------------------------------------


def _pick_week(raw) -> dt.date:
    try:
        day = dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        day = None
    return bal.monday(day or dt.date.today())


@login_required
def week_entry(request, pk):
    """One week of the whole line on one phone screen: per stage, what was made, by how many, how long."""
    user = request.user
    access.require_fieldwork_reader(user)
    line = _line(user, pk, write=True)
    stages = queries.stages_of(line)
    week = _pick_week(request.POST.get("week") or request.GET.get("week"))
    errors: list[str] = []
    values: dict[int, dict] = {}
    if request.method == "POST":
        rows = []
        for s in stages:
            raw = {
                k: request.POST.get(f"{k}-{s.pk}", "").strip()
                for k in ("produced", "workers", "hours", "note")
            }
            values[s.pk] = raw
            if not raw["produced"] and not raw["workers"] and not raw["hours"]:
                continue  # a stage left blank is not recorded this week
            try:
                produced = int(raw["produced"] or 0)
                workers = int(raw["workers"] or 0)
                hours = raw["hours"].replace(",", ".") or "0"
            except ValueError:
                errors.append(_("%(name)s: write whole numbers for output and workers.") % {"name": s.name})
                continue
            rows.append(services.FlowInput(s.pk, produced, workers, hours, raw["note"]))
        if not errors:
            try:
                services.record_week(
                    line=line,
                    week=week,
                    rows=rows,
                    acting_user=user,
                    idempotency_key=request.POST.get("idempotency_key") or None,
                )
            except ServiceError as e:
                errors.append(e.message)
            else:
                messages.success(
                    request, _("Week of %(week)s recorded.") % {"week": week.strftime("%d-%m-%Y")}
                )
                return redirect("conveyor:line_detail", pk=line.pk)
    else:
        existing = queries.flows_for_week(line, week)
        for s in stages:
            f = existing.get(s.pk)
            values[s.pk] = (
                {"produced": f.produced, "workers": f.workers, "hours": f"{f.hours:f}", "note": f.note}
                if f
                else {"produced": "", "workers": s.workers, "hours": f"{s.hours_per_week:f}", "note": ""}
            )
    rows = [{"stage": s, "values": values.get(s.pk, {})} for s in stages]
    return render(
        request,
        "conveyor/week_entry.html",
        {
            "line": line,
            "week": week,
            "week_end": week + dt.timedelta(days=6),
            "prev_week": week - dt.timedelta(days=7),
            "next_week": week + dt.timedelta(days=7),
            "rows": rows,
            "errors": errors,
            "recorded": queries.recorded_weeks(line)[:8],
            "idempotency_key": request.POST.get("idempotency_key") or uuid.uuid4().hex,
        },
        status=400 if errors else 200,
    )
