"""Cluster map and cooperation pages. Each view parses input, fetches through ``access``, calls one service,
renders. Everyone who sees the sentra's programme reads them (members get 404); an administrator, the
programme's manager and a facilitator working in it record them (auditors and partners get 403)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from berdaya.accounts import access
from berdaya.core.lists import paginate, search
from berdaya.core.pdf import printable
from berdaya.core.views import confirm_page, confirm_then, form_page, submit

from . import forms, queries, services
from .models import ActorLink, ClusterActor, CoopActor, Cooperation, CoopInput, CoopResult, CoopStep

PATH = "sentra__programme"
CHILD_PATH = "cooperation__sentra__programme"


def _sentra(user, pk, *, write=False):
    return access.access_sentra(user, pk, write=write)


def _actor(user, pk, *, write=False) -> ClusterActor:
    qs = ClusterActor.objects.select_related("sentra__programme", "enterprise", "agency")
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


def _link(user, pk, *, write=False) -> ActorLink:
    qs = ActorLink.objects.select_related("sentra__programme", "source", "target")
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


def _coop(user, pk, *, write=False) -> Cooperation:
    qs = Cooperation.objects.select_related("sentra__programme", "sentra__place")
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


def _child(model, user, pk, *, write=False):
    qs = model.objects.select_related("cooperation__sentra__programme")
    return access.access_fieldwork(user, qs, pk, programme_path=CHILD_PATH, write=write)


def _may_write(user, programme_id) -> bool:
    return access.fieldwork_programmes(user, write=True).filter(pk=programme_id).exists()


# --- index ------------------------------------------------------------------------------------------


@login_required
def index(request):
    """Sentras in scope with how many actors and cooperation records each has: the way in."""
    user = request.user
    access.require_fieldwork_reader(user)
    q = request.GET.get("q", "").strip()
    qs = access.visible_sentras(user).annotate(
        actor_count=Count("actors", distinct=True), coop_count=Count("cooperations", distinct=True)
    )
    if q:
        qs = search(qs, q, ["name", "product_type", "programme__name"])
    return render(
        request, "cooperation/index.html", {"page_obj": paginate(request, qs.order_by("name")), "q": q}
    )


# --- cluster map ------------------------------------------------------------------------------------


@login_required
def actor_map(request, sentra_pk):
    user = request.user
    sentra = _sentra(user, sentra_pk)
    q = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    context = {
        "sentra": sentra,
        "network": queries.network(sentra),
        "legend": queries.role_counts(sentra),
        "page_obj": paginate(request, queries.actors(sentra, q=q, role=role)),
        "links": queries.links(sentra),
        "q": q,
        "role": role,
        "roles": ClusterActor.Role.choices,
        "may_write": _may_write(user, sentra.programme_id),
        "tab": "map",
    }
    return render(request, "cooperation/actor_map.html", context)


def _enterprises(user, sentra):
    return access.visible_enterprises(user).order_by("name")


@login_required
def actor_create(request, sentra_pk):
    user = request.user
    sentra = _sentra(user, sentra_pk, write=True)
    form = forms.ActorForm(
        request.POST or None,
        enterprises=_enterprises(user, sentra),
        agencies=access.visible_agencies(user).order_by("name"),
    )
    back = reverse("cooperation:actor_map", args=[sentra.pk])
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.create_actor(sentra=sentra, acting_user=user, **form.cleaned_data),
            back,
            _("Actor added to the map."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("New actor: %(sentra)s") % {"sentra": sentra.name},
        back_url=back,
        intro=_("A weaver of the sentra (core), a yarn supplier, a Dinas, a university, a bank, a buyer …"),
    )


@login_required
def actor_edit(request, pk):
    user = request.user
    actor = _actor(user, pk, write=True)
    fields = services.ACTOR_EDITABLE
    form = forms.ActorForm(
        request.POST or None,
        initial={f: getattr(actor, f) for f in fields},
        enterprises=_enterprises(user, actor.sentra),
        agencies=access.visible_agencies(user).order_by("name"),
    )
    back = reverse("cooperation:actor_map", args=[actor.sentra_id])
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in fields}
        if not changes["name"]:
            changes["name"] = actor.name
        done = submit(
            request, form, lambda: services.update_actor(actor=actor, changes=changes, acting_user=user), back
        )
        if done:
            return done
    return form_page(request, form, title=_("Edit actor: %(name)s") % {"name": actor.name}, back_url=back)


@login_required
def actor_delete(request, pk):
    user = request.user
    actor = _actor(user, pk, write=True)
    back = reverse("cooperation:actor_map", args=[actor.sentra_id])
    return confirm_then(
        request,
        call=lambda: services.delete_actor(actor=actor, acting_user=user),
        back=back,
        done_url=back,
        title=_("Remove an actor"),
        question=_("Remove %(name)s from the cluster map?") % {"name": actor.name},
        detail=_("Its links go with it. An actor that takes part in a cooperation record cannot be removed."),
        confirm_label=_("Yes, remove it"),
        success_message=_("Actor removed."),
    )


@login_required
def core_enterprises(request, sentra_pk):
    """Every unit of the sentra becomes a core actor in one step (asked first: it may add many)."""
    user = request.user
    sentra = _sentra(user, sentra_pk, write=True)
    back = reverse("cooperation:actor_map", args=[sentra.pk])
    if request.method == "POST":
        created = services.add_core_enterprises(sentra=sentra, acting_user=user)
        if created:
            messages.success(
                request,
                ngettext(
                    "%(count)s unit of the sentra added as a core actor.",
                    "%(count)s units of the sentra added as core actors.",
                    len(created),
                )
                % {"count": len(created)},
            )
        else:
            messages.info(request, _("Every current unit of the sentra is already on the map."))
        return redirect(back)
    return confirm_page(
        request,
        title=_("Add the sentra's units"),
        question=_("Add every current unit of %(sentra)s as a core actor?") % {"sentra": sentra.name},
        detail=_("Units already on the map and units that left the sentra are skipped."),
        back_url=back,
        confirm_label=_("Yes, add them"),
    )


@login_required
def link_create(request, sentra_pk):
    user = request.user
    sentra = _sentra(user, sentra_pk, write=True)
    actors = ClusterActor.objects.filter(sentra=sentra).order_by("role", "name")
    form = forms.LinkForm(request.POST or None, actors=actors)
    back = reverse("cooperation:actor_map", args=[sentra.pk])
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.create_link(sentra=sentra, acting_user=user, **form.cleaned_data),
            back,
            _("Link added to the map."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("New link: %(sentra)s") % {"sentra": sentra.name},
        back_url=back,
        intro=_(
            "Read it as a sentence: the yarn supplier supplies the weaver; the bank finances the weaver."
        ),
    )


@login_required
def link_delete(request, pk):
    user = request.user
    link = _link(user, pk, write=True)
    back = reverse("cooperation:actor_map", args=[link.sentra_id])
    return confirm_then(
        request,
        call=lambda: services.delete_link(link=link, acting_user=user),
        back=back,
        done_url=back,
        title=_("Remove a link"),
        question=_("Remove the link “%(source)s %(kind)s %(target)s”?")
        % {"source": link.source.name, "kind": link.get_kind_display(), "target": link.target.name},
        detail="",
        confirm_label=_("Yes, remove it"),
        success_message=_("Link removed."),
    )


# --- cooperation records ----------------------------------------------------------------------------


@login_required
def record_list(request, sentra_pk):
    user = request.user
    sentra = _sentra(user, sentra_pk)
    q = request.GET.get("q", "").strip()
    scope = request.GET.get("scope", "")
    kind = request.GET.get("kind", "")
    page = paginate(request, queries.cooperations(sentra, q=q, scope=scope, kind=kind))
    for c in page:
        c.state, c.state_sentence = queries.state(
            total=c.steps_total, done=c.steps_done, rejected=c.steps_rejected
        )
    context = {
        "sentra": sentra,
        "page_obj": page,
        "totals": queries.totals(sentra),
        "q": q,
        "scope": scope,
        "kind": kind,
        "scopes": Cooperation.Scope.choices,
        "kinds": Cooperation.Kind.choices,
        "may_write": _may_write(user, sentra.programme_id),
        "tab": "records",
    }
    return render(request, "cooperation/record_list.html", context)


@login_required
def record_create(request, sentra_pk):
    user = request.user
    sentra = _sentra(user, sentra_pk, write=True)
    form = forms.CooperationForm(request.POST or None, initial={"idempotency_key": uuid.uuid4().hex})
    back = reverse("cooperation:record_list", args=[sentra.pk])
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        d["idempotency_key"] = d["idempotency_key"] or None
        done = submit(
            request,
            form,
            lambda: services.create_cooperation(sentra=sentra, acting_user=user, **d),
            lambda coop: reverse("cooperation:record_detail", args=[coop.pk]),
            _("Cooperation recorded. Add its actors, inputs, and move its steps."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("New cooperation: %(sentra)s") % {"sentra": sentra.name},
        back_url=back,
        intro=_(
            "The standard steps of the kind are laid out for you (for a credit: applied, assessed, approved or rejected, disbursed)."
        ),
    )


@login_required
def record_detail(request, pk):
    user = request.user
    coop = _coop(user, pk)
    context = {
        "coop": coop,
        "sentra": coop.sentra,
        **queries.detail(coop),
        "may_write": _may_write(user, coop.sentra.programme_id),
        "tab": "records",
    }
    return render(request, "cooperation/record_detail.html", context)


@login_required
def record_print(request, pk):
    coop = _coop(request.user, pk)
    context = {"coop": coop, "sentra": coop.sentra, **queries.detail(coop)}
    context["back"] = reverse("cooperation:record_detail", args=[pk])
    return printable(request, "cooperation/record_print.html", context, f"cooperation-{coop.pk}.pdf")


@login_required
def record_edit(request, pk):
    user = request.user
    coop = _coop(user, pk, write=True)
    fields = services.COOP_EDITABLE
    form = forms.CooperationEditForm(request.POST or None, initial={f: getattr(coop, f) for f in fields})
    back = reverse("cooperation:record_detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in fields}
        done = submit(
            request,
            form,
            lambda: services.update_cooperation(cooperation=coop, changes=changes, acting_user=user),
            back,
        )
        if done:
            return done
    return form_page(request, form, title=_("Edit: %(title)s") % {"title": coop.title}, back_url=back)


@login_required
def record_delete(request, pk):
    user = request.user
    coop = _coop(user, pk, write=True)
    return confirm_then(
        request,
        call=lambda: services.delete_cooperation(cooperation=coop, acting_user=user),
        back=reverse("cooperation:record_detail", args=[pk]),
        done_url=reverse("cooperation:record_list", args=[coop.sentra_id]),
        title=_("Delete a cooperation record"),
        question=_("Delete “%(title)s”?") % {"title": coop.title},
        detail=_("Its actors' parts, inputs, steps, outputs and impacts are deleted with it."),
        confirm_label=_("Yes, delete it"),
        success_message=_("Cooperation record deleted."),
    )


def _add_to_record(request, pk, form_factory, title, call, intro="", success=""):
    user = request.user
    coop = _coop(user, pk, write=True)
    form = form_factory(request.POST or None, coop)
    back = reverse("cooperation:record_detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        done = submit(request, form, lambda: call(coop, form.cleaned_data, user), back, success)
        if done:
            return done
    return form_page(request, form, title=title % {"title": coop.title}, back_url=back, intro=intro)


@login_required
def participant_add(request, pk):
    return _add_to_record(
        request,
        pk,
        lambda data, coop: forms.ParticipantForm(
            data, actors=ClusterActor.objects.filter(sentra_id=coop.sentra_id).order_by("role", "name")
        ),
        _("Actor in: %(title)s"),
        lambda c, d, u: services.add_participant(cooperation=c, acting_user=u, **d),
        _("Only actors on the sentra's map can be chosen; add a missing one to the map first."),
    )


@login_required
def input_add(request, pk):
    return _add_to_record(
        request,
        pk,
        lambda data, coop: forms.InputForm(data, initial={"idempotency_key": uuid.uuid4().hex}),
        _("Input to: %(title)s"),
        lambda c, d, u: services.add_input(
            cooperation=c, acting_user=u, **{**d, "idempotency_key": d["idempotency_key"] or None}
        ),
        _("Money (the credit asked for, a grant), material, equipment, training …"),
    )


@login_required
def result_add(request, pk):
    return _add_to_record(
        request,
        pk,
        lambda data, coop: forms.ResultForm(data, initial={"idempotency_key": uuid.uuid4().hex}),
        _("Output or impact of: %(title)s"),
        lambda c, d, u: services.add_result(
            cooperation=c, acting_user=u, **{**d, "idempotency_key": d["idempotency_key"] or None}
        ),
        _("Output: what it produced (e.g. finished cloth). Impact: what changed (e.g. sales up 20 %)."),
    )


@login_required
def step_add(request, pk):
    return _add_to_record(
        request,
        pk,
        lambda data, coop: forms.StepForm(data),
        _("New step in: %(title)s"),
        lambda c, d, u: services.add_step(cooperation=c, acting_user=u, **d),
        _("The step is added after the last one."),
    )


@login_required
def step_move(request, pk):
    user = request.user
    step = _child(CoopStep, user, pk, write=True)
    form = forms.StepStatusForm(request.POST or None, step=step)
    back = reverse("cooperation:record_detail", args=[step.cooperation_id])
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.set_step_status(step=step, acting_user=user, **form.cleaned_data),
            back,
            _("Step updated."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Step: %(step)s") % {"step": services.step_label(step)},
        back_url=back,
        intro=_("Steps move in order; a rejection ends the process."),
    )


def _remove(request, model, pk, what_label, question):
    user = request.user
    obj = _child(model, user, pk, write=True)
    back = reverse("cooperation:record_detail", args=[obj.cooperation_id])
    service = {
        CoopActor: lambda: services.remove_participant(participant=obj, acting_user=user),
        CoopInput: lambda: services.remove_input(item=obj, acting_user=user),
        CoopResult: lambda: services.remove_result(result=obj, acting_user=user),
    }[model]
    return confirm_then(
        request,
        call=service,
        back=back,
        done_url=back,
        title=what_label,
        question=question % {"what": str(obj)},
        detail="",
        confirm_label=_("Yes, remove it"),
        success_message=_("Removed."),
    )


@login_required
def participant_remove(request, pk):
    return _remove(request, CoopActor, pk, _("Remove an actor from the record"), _("Remove “%(what)s”?"))


@login_required
def input_remove(request, pk):
    return _remove(request, CoopInput, pk, _("Remove an input"), _("Remove the input “%(what)s”?"))


@login_required
def result_remove(request, pk):
    return _remove(request, CoopResult, pk, _("Remove an output or impact"), _("Remove “%(what)s”?"))
