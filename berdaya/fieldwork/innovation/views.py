"""Innovation adoption pages. Each view parses input, fetches through ``access``, calls one service, renders.

Everyone who sees a programme's fieldwork reads its innovations (members get 404); an administrator, the
programme's manager and a facilitator working in it record them (``access_fieldwork(write=True)``).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from berdaya.accounts import access
from berdaya.core.errors import ServiceError
from berdaya.core.forms import apply_service_error
from berdaya.core.lists import paginate
from berdaya.core.views import confirm_then, form_page, submit

from . import forms, queries, services
from .models import AdoptionEvent, Innovation, Stage

PATH = "programme"


def _innovation(user, pk, *, write: bool = False) -> Innovation:
    qs = Innovation.objects.select_related("programme", "introduced_by_agency")
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


def _may_write(user, innovation: Innovation) -> bool:
    return access.fieldwork_programmes(user, write=True).filter(pk=innovation.programme_id).exists()


@login_required
def innovation_list(request):
    user = request.user
    access.require_fieldwork_reader(user)
    q = request.GET.get("q", "").strip()
    page_obj = paginate(request, queries.innovations_for_list(user, q=q))
    context = {
        "page_obj": page_obj,
        "q": q,
        "may_create": access.fieldwork_programmes(user, write=True).exists(),
    }
    return render(request, "innovation/innovation_list.html", context)


@login_required
def innovation_create(request):
    user = request.user
    access.require_fieldwork_writer(user)
    form = forms.InnovationForm(
        request.POST or None,
        programmes=access.fieldwork_programmes(user, write=True).order_by("name"),
        agencies=access.visible_agencies(user).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        access.require_fieldwork_writer(user, data["programme"])
        done = submit(
            request,
            form,
            lambda: services.create_innovation(
                programme=data["programme"],
                name=data["name"],
                description=data["description"],
                introduced_on=data["introduced_on"],
                introduced_by_agency=data["introduced_by_agency"],
                introduced_by=data["introduced_by"],
                acting_user=user,
            ),
            lambda innovation: reverse("innovation:innovation_detail", args=[innovation.pk]),
            _("Innovation recorded. Now record who learned it."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("New innovation"),
        back_url=reverse("innovation:innovation_list"),
        intro=_("Something new brought to the people of a programme, e.g. modern pottery designs."),
    )


@login_required
def innovation_edit(request, pk):
    user = request.user
    innovation = _innovation(user, pk, write=True)
    fields = services.EDITABLE
    initial = {f: getattr(innovation, f) for f in fields}
    form = forms.InnovationForm(
        request.POST or None,
        initial=initial,
        programmes=None,
        agencies=access.visible_agencies(user).order_by("name"),
        with_programme=False,
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.update_innovation(
                innovation=innovation, changes={f: form.cleaned_data[f] for f in fields}, acting_user=user
            ),
            reverse("innovation:innovation_detail", args=[innovation.pk]),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": innovation.name},
        back_url=reverse("innovation:innovation_detail", args=[pk]),
    )


@login_required
def innovation_detail(request, pk):
    user = request.user
    innovation = _innovation(user, pk)
    data = queries.summary(innovation)
    context = {
        "innovation": innovation,
        "may_write": _may_write(user, innovation),
        "stage_choices": Stage.choices,
        **data,
    }
    return render(request, "innovation/innovation_detail.html", context)


@login_required
def record_stage(request, pk):
    user = request.user
    innovation = _innovation(user, pk, write=True)
    people = (queries.programme_people(innovation.programme) & access.visible_persons(user)).order_by(
        "full_name"
    )
    teachers = people.filter(
        pk__in=AdoptionEvent.objects.filter(innovation=innovation, stage=Stage.LEARNED).values("person_id")
    )
    initial = {"idempotency_key": uuid.uuid4().hex}
    if request.GET.get("person", "").isdigit():
        initial["person"] = int(request.GET["person"])
    if request.GET.get("stage") in Stage.values:
        initial["stage"] = request.GET["stage"]
    form = forms.StageForm(request.POST or None, initial=initial, people=people, teachers=teachers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.record_stage(
                innovation=innovation,
                person=data["person"],
                stage=data["stage"],
                on_date=data["on_date"],
                learned_from=data["learned_from"],
                notes=data["notes"],
                idempotency_key=data["idempotency_key"] or None,
                acting_user=user,
            )
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            messages.success(
                request,
                _("%(person)s: %(stage)s on %(date)s.")
                % {
                    "person": event.person.full_name,
                    "stage": event.get_stage_display(),
                    "date": event.on_date.isoformat(),
                },
            )
            return redirect("innovation:innovation_detail", pk=innovation.pk)
    return form_page(
        request,
        form,
        title=_("Record a stage: %(name)s") % {"name": innovation.name},
        back_url=reverse("innovation:innovation_detail", args=[pk]),
        intro=_(
            "A person first learns, then adopts (uses it in their own work), then spreads it to others. "
            "Record one step at a time."
        ),
    )


@login_required
def step_remove(request, pk):
    user = request.user
    event = access.access_fieldwork(
        user,
        AdoptionEvent.objects.select_related("innovation", "person"),
        pk,
        programme_path="innovation__programme",
        write=True,
    )
    back = reverse("innovation:innovation_detail", args=[event.innovation_id])
    return confirm_then(
        request,
        call=lambda: services.remove_step(event=event, acting_user=user),
        back=back,
        done_url=back,
        title=_("Remove a step"),
        question=_("Remove %(person)s's step %(stage)s of %(date)s?")
        % {
            "person": event.person.full_name,
            "stage": event.get_stage_display(),
            "date": event.on_date.isoformat(),
        },
        detail=_("Use this only to correct a mistake; the removal is kept in the audit log."),
        confirm_label=_("Remove"),
        success_message=_("Step removed."),
    )
