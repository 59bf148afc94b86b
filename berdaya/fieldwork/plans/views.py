"""Business plan pages. Each view parses input, fetches through ``access``, calls one service, renders.

Everyone who reads the programme's fieldwork reads its plans (members do not: 404); an administrator,
the programme's manager and a facilitator working in it write them; auditors and partners get 403 on
a write. The five parts of a plan (success circle, SWOT, commitments, steps, calendar) share one set of
add / edit / remove views driven by ``PARTS``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from berdaya.accounts import access
from berdaya.core.lists import paginate, search
from berdaya.core.pdf import printable
from berdaya.core.views import confirm_page, confirm_then, submit
from berdaya.groups.models import Group
from berdaya.groups.services import local_today
from berdaya.people.models import Person

from . import forms, queries, services
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


@dataclass(frozen=True)
class Part:
    slug: str
    model: type
    form: type
    add: Any
    update: Any
    remove: Any
    arg: str  # the keyword naming the row in update/remove services
    name: Promise  # "a SWOT item", for titles
    anchor: str
    with_members: bool = False
    done: Any = None


PARTS = {
    p.slug: p
    for p in [
        Part(
            "circle",
            SuccessFactor,
            forms.FactorForm,
            services.add_success_factor,
            services.update_success_factor,
            services.remove_success_factor,
            "factor",
            gettext_lazy("Success circle"),
            "circle",
        ),
        Part(
            "swot",
            SwotItem,
            forms.SwotForm,
            services.add_swot_item,
            services.update_swot_item,
            services.remove_swot_item,
            "item",
            gettext_lazy("SWOT"),
            "swot",
        ),
        Part(
            "commitments",
            Commitment,
            forms.CommitmentForm,
            services.add_commitment,
            services.update_commitment,
            services.remove_commitment,
            "commitment",
            gettext_lazy("Commitments"),
            "commitments",
            with_members=True,
        ),
        Part(
            "steps",
            PlanStep,
            forms.StepForm,
            services.add_step,
            services.update_step,
            services.remove_step,
            "step",
            gettext_lazy("Steps"),
            "steps",
            with_members=True,
            done=services.complete_step,
        ),
        Part(
            "calendar",
            CalendarItem,
            forms.CalendarForm,
            services.add_calendar_item,
            services.update_calendar_item,
            services.remove_calendar_item,
            "item",
            gettext_lazy("Activity calendar"),
            "calendar",
            done=services.complete_calendar_item,
        ),
    ]
}


def _part(slug: str) -> Part:
    part = PARTS.get(slug)
    if part is None:
        raise Http404(_("Not found."))
    return part


def _plans():
    return BusinessPlan.objects.select_related("group__programme", "group__place")


def _plan(user, pk, *, write: bool = False) -> BusinessPlan:
    access.require_fieldwork_reader(user)
    return access.access_fieldwork(user, _plans(), pk, programme_path=PLAN_PATH, write=write)


def _group(user, pk, *, write: bool = False) -> Group:
    access.require_fieldwork_reader(user)
    qs = Group.objects.select_related("programme", "place")
    return access.access_fieldwork(user, qs, pk, programme_path="programme", write=write)


def _item(user, part: Part, pk, *, write: bool = False):
    access.require_fieldwork_reader(user)
    qs = part.model.objects.select_related("plan__group__programme", "plan__group__place")
    return access.access_fieldwork(user, qs, pk, programme_path=PART_PATH, write=write)


def _may_write(user, programme_id: int) -> bool:
    return access.can_do_fieldwork(user) and (
        access.fieldwork_programmes(user, write=True).filter(pk=programme_id).exists()
    )


def _members(group: Group):
    return Person.objects.filter(memberships__group=group, memberships__left_on__isnull=True).order_by(
        "full_name"
    )


def _detail_url(plan_pk: int, anchor: str = "") -> str:
    url = reverse("plans:plan_detail", args=[plan_pk])
    return f"{url}#{anchor}" if anchor else url


def _form_kwargs(part: Part, plan: BusinessPlan) -> dict:
    return {"members": _members(plan.group)} if part.with_members else {}


def _part_form_page(request, form, *, title, back_url, intro="", another=False):
    return render(
        request,
        "plans/part_form.html",
        {"form": form, "title": title, "back_url": back_url, "intro": intro, "another": another},
    )


# --- list and plan pages ----------------------------------------------------------------------------


@login_required
def plan_list(request):
    user = request.user
    access.require_fieldwork_reader(user)
    q = request.GET.get("q", "").strip()
    programme_id = request.GET.get("programme", "")
    has_plan = request.GET.get("has_plan", "")
    today = local_today_any()
    page_obj = paginate(
        request,
        queries.groups_for_list(user, q=q, programme_id=programme_id, has_plan=has_plan, today=today),
    )
    writable = set(access.fieldwork_programmes(user, write=True).values_list("pk", flat=True))
    for group in page_obj:
        group.may_start = access.can_do_fieldwork(user) and group.programme_id in writable
    context = {
        "page_obj": page_obj,
        "q": q,
        "programme_id": programme_id,
        "has_plan": has_plan,
        "programmes": access.fieldwork_programmes(user).only("name").order_by("name"),
        "filtered": bool(q or programme_id or has_plan),
    }
    return render(request, "plans/plan_list.html", context)


def local_today_any() -> dt.date:
    """Today for a list spanning several time zones: Jakarta's date (WIB, the most western zone).

    A plan's own pages use the group's local date; on a mixed list an item due "today" in Jayapura
    may read as not yet overdue for a few hours, never the other way round.
    """
    return timezone.now().astimezone(ZoneInfo("Asia/Jakarta")).date()


@login_required
def plan_for_group(request, group_id):
    """The group's plan, or (when it has none) a page offering to start one."""
    user = request.user
    group = _group(user, group_id)
    plan = BusinessPlan.objects.filter(group=group).only("pk").first()
    if plan is not None:
        return redirect("plans:plan_detail", pk=plan.pk)
    return render(
        request,
        "plans/no_plan.html",
        {
            "group": group,
            "may_write": _may_write(user, group.programme_id) and group.status == Group.Status.ACTIVE,
        },
    )


@login_required
def plan_create(request, group_id):
    user = request.user
    group = _group(user, group_id, write=True)
    existing = BusinessPlan.objects.filter(group=group).only("pk").first()
    if existing is not None and request.method != "POST":
        return redirect("plans:plan_detail", pk=existing.pk)
    form = forms.PlanForm(
        request.POST or None,
        initial={
            "prepared_on": local_today(group.place),
            "business": group.business_type,
            "idempotency_key": _new_key(),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            form,
            lambda: services.create_plan(
                group=group,
                business=data["business"],
                goal=data["goal"],
                prepared_on=data["prepared_on"],
                notes=data["notes"],
                acting_user=user,
                idempotency_key=data["idempotency_key"] or None,
            ),
            lambda plan: reverse("plans:plan_detail", args=[plan.pk]),
            _("Business plan started. Now add the success circle and the SWOT."),
        )
        if done:
            return done
    return _part_form_page(
        request,
        form,
        title=_("Business plan of %(group)s") % {"group": group.name},
        back_url=reverse("plans:plan_list"),
        intro=_("What the group will do, written by the group itself during the PRA."),
    )


def _new_key() -> str:
    return uuid.uuid4().hex


def _plan_context(plan: BusinessPlan, today) -> dict:
    factors = list(plan.success_factors.all())
    rings = [
        {"ring": value, "label": label, "items": [f for f in factors if f.ring == value]}
        for value, label in SuccessFactor.Ring.choices
    ]
    swot_items = list(plan.swot.all())
    swot = [
        {"quadrant": value, "label": label, "items": [s for s in swot_items if s.quadrant == value]}
        for value, label in SwotItem.Quadrant.choices
    ]
    steps = list(plan.steps.all())
    for step in steps:
        step.status = queries.item_status(step, today)
    calendar = list(plan.calendar.all())
    for item in calendar:
        item.status = queries.item_status(item, today)
    return {
        "plan": plan,
        "group": plan.group,
        "today": today,
        "rings": rings,
        "has_factors": bool(factors),
        "swot": swot,
        "has_swot": bool(swot_items),
        "commitments": list(plan.commitments.all()),
        "totals": queries.commitment_totals(plan),
        "steps": steps,
        "calendar": calendar,
        "grid": queries.calendar_grid(calendar, today),
        "overdue": sum(1 for i in calendar if i.status == "overdue"),
    }


@login_required
def plan_detail(request, pk):
    user = request.user
    plan = _plan(user, pk)
    plan = queries.plan_with_parts(BusinessPlan.objects.filter(pk=plan.pk)).get()
    context = _plan_context(plan, local_today(plan.group.place))
    context["may_write"] = _may_write(user, plan.group.programme_id)
    return render(request, "plans/plan_detail.html", context)


@login_required
def plan_print(request, pk):
    user = request.user
    plan = _plan(user, pk)
    plan = queries.plan_with_parts(BusinessPlan.objects.filter(pk=plan.pk)).get()
    context = _plan_context(plan, local_today(plan.group.place))
    context["back"] = _detail_url(plan.pk)
    return printable(request, "plans/plan_print.html", context, f"business-plan-{plan.group_id}.pdf")


@login_required
def calendar_print(request, pk):
    user = request.user
    plan = _plan(user, pk)
    today = local_today(plan.group.place)
    items = list(plan.calendar.all())
    for item in items:
        item.status = queries.item_status(item, today)
    context = {
        "plan": plan,
        "group": plan.group,
        "today": today,
        "grid": queries.calendar_grid(items, today),
        "back": _detail_url(plan.pk, "calendar"),
    }
    return printable(request, "plans/calendar_print.html", context, f"activity-calendar-{plan.group_id}.pdf")


@login_required
def plan_edit(request, pk):
    user = request.user
    plan = _plan(user, pk, write=True)
    form = forms.PlanForm(
        request.POST or None,
        initial={
            "business": plan.business,
            "goal": plan.goal,
            "prepared_on": plan.prepared_on,
            "notes": plan.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "idempotency_key"}
        done = submit(
            request,
            form,
            lambda: services.update_plan(plan=plan, acting_user=user, **data),
            _detail_url(plan.pk),
            _("Plan saved."),
        )
        if done:
            return done
    return _part_form_page(
        request,
        form,
        title=_("Business plan of %(group)s") % {"group": plan.group.name},
        back_url=_detail_url(plan.pk),
    )


@login_required
def plan_remove(request, pk):
    user = request.user
    plan = _plan(user, pk, write=True)
    if request.method == "POST":
        group_id = plan.group_id
        services.remove_plan(plan=plan, acting_user=user)
        messages.success(
            request, _("The business plan of %(group)s was removed.") % {"group": plan.group.name}
        )
        return redirect("plans:plan_for_group", group_id=group_id)
    counts = {
        "factors": plan.success_factors.count(),
        "swot": plan.swot.count(),
        "commitments": plan.commitments.count(),
        "steps": plan.steps.count(),
        "calendar": plan.calendar.count(),
    }
    return confirm_page(
        request,
        title=_("Remove the business plan?"),
        question=_("Remove the business plan of %(group)s with everything in it?")
        % {"group": plan.group.name},
        detail=_(
            "%(factors)s success circle answers, %(swot)s SWOT items, %(commitments)s commitments, "
            "%(steps)s steps and %(calendar)s calendar items will be removed. The audit log keeps a record."
        )
        % counts,
        back_url=_detail_url(plan.pk),
        confirm_label=_("Remove the plan"),
    )


# --- parts of a plan --------------------------------------------------------------------------------


def _cleaned(part: Part, data: dict) -> dict:
    data = dict(data)
    if part.slug == "steps" and data.get("order") is None:
        data.pop("order")  # no order given: a new step goes last, an edited one keeps its place
    return data


@login_required
def part_add(request, pk, part):
    user = request.user
    spec = _part(part)
    plan = _plan(user, pk, write=True)
    form = spec.form(request.POST or None, **_form_kwargs(spec, plan))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: spec.add(plan=plan, acting_user=user, **_cleaned(spec, form.cleaned_data)),
            reverse("plans:part_add", kwargs={"pk": plan.pk, "part": spec.slug})
            if "another" in request.POST
            else _detail_url(plan.pk, spec.anchor),
            _("Added to %(part)s.") % {"part": spec.name},
        )
        if done:
            return done
    return _part_form_page(
        request,
        form,
        title=_("%(part)s: add") % {"part": spec.name},
        back_url=_detail_url(plan.pk, spec.anchor),
        intro=_("Business plan of %(group)s") % {"group": plan.group.name},
        another=True,
    )


@login_required
def part_edit(request, part, item_pk):
    user = request.user
    spec = _part(part)
    item = _item(user, spec, item_pk, write=True)
    plan = item.plan
    form = spec.form(request.POST or None, initial=_initial(item, spec), **_form_kwargs(spec, plan))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: spec.update(**{spec.arg: item}, acting_user=user, **_cleaned(spec, form.cleaned_data)),
            _detail_url(plan.pk, spec.anchor),
            _("Saved."),
        )
        if done:
            return done
    return _part_form_page(
        request,
        form,
        title=_("%(part)s: change") % {"part": spec.name},
        back_url=_detail_url(plan.pk, spec.anchor),
        intro=_("Business plan of %(group)s") % {"group": plan.group.name},
    )


def _initial(item, spec: Part) -> dict:
    initial = {}
    for name in spec.form.base_fields:
        field = item._meta.get_field(name)
        initial[name] = getattr(item, field.attname)
    return initial


@login_required
def part_remove(request, part, item_pk):
    user = request.user
    spec = _part(part)
    item = _item(user, spec, item_pk, write=True)
    plan_pk = item.plan_id
    back = _detail_url(plan_pk, spec.anchor)
    return confirm_then(
        request,
        call=lambda: spec.remove(**{spec.arg: item}, acting_user=user),
        back=back,
        done_url=back,
        title=_("Remove from %(part)s?") % {"part": spec.name},
        question=_("Remove “%(item)s” from the business plan of %(group)s?")
        % {"item": str(item), "group": item.plan.group.name},
        confirm_label=_("Remove"),
        success_message=_("Removed from %(part)s.") % {"part": spec.name},
    )


@login_required
def part_done(request, part, item_pk):
    """Mark a step or a calendar item done on a date (today at the group's place by default)."""
    user = request.user
    spec = _part(part)
    if spec.done is None:
        raise Http404(_("Not found."))
    item = _item(user, spec, item_pk, write=True)
    plan = item.plan
    form = forms.DoneForm(request.POST or None, initial={"done_on": local_today(plan.group.place)})
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: spec.done(**{spec.arg: item}, done_on=form.cleaned_data["done_on"], acting_user=user),
            _detail_url(plan.pk, spec.anchor),
            _("Marked done: %(item)s.") % {"item": str(item)},
        )
        if done:
            return done
    return _part_form_page(
        request,
        form,
        title=_("Done: %(item)s") % {"item": str(item)},
        back_url=_detail_url(plan.pk, spec.anchor),
        intro=_("Business plan of %(group)s") % {"group": plan.group.name},
    )


@login_required
def follow_ups(request):
    """Open calendar items of every plan in scope, the soonest due first (overdue at the top)."""
    user = request.user
    access.require_fieldwork_reader(user)
    q = request.GET.get("q", "").strip()
    qs = queries.open_calendar_items(queries.visible_parts(user, CalendarItem))
    if q:
        qs = search(qs, q, ["activity", "owner", "plan__group__name"])
    page_obj = paginate(request, qs)
    today = local_today_any()
    for item in page_obj:
        item.status = queries.item_status(item, today)
    return render(request, "plans/follow_ups.html", {"page_obj": page_obj, "q": q, "today": today})
