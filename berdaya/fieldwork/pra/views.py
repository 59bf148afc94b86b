"""PRA pages. Each view parses input, fetches through ``access`` (via ``queries``), calls one service,
renders. Readers: everyone who sees the programme except members; writers: admin, the programme's
manager, a facilitator working in it (``access_fieldwork(write=True)`` answers 403 to the others).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from berdaya.accounts import access
from berdaya.core.errors import ServiceError
from berdaya.core.forms import apply_service_error
from berdaya.core.lists import paginate
from berdaya.core.pdf import printable
from berdaya.core.views import confirm_page, confirm_then, form_page, submit
from berdaya.people.models import Person
from berdaya.places.models import Place, subtree_q

from . import forms, queries, ranking, services
from .models import Need, Participant, Potential, Problem, SuggestedGroup

CHILD_PATH = "session__site__programme"


def _child(user, model, pk, *, write: bool = False):
    qs = model.objects.select_related("session__site__programme", "session__site__place")
    return access.access_fieldwork(user, qs, pk, programme_path=CHILD_PATH, write=write)


def _detail(session, anchor: str = "") -> str:
    return reverse("pra:session_detail", args=[session.pk]) + (f"#{anchor}" if anchor else "")


def _staff(user, programme=None):
    qs = access.visible_staff(user).filter(active=True)
    if programme is not None:
        qs = qs.filter(programmes=programme)
    return qs.order_by("full_name")


def _area_persons(user, session):
    """Persons the user may see who live in the session's site area and are not participants yet."""
    return (
        access.visible_persons(user)
        .filter(subtree_q(session.site.place.code, "place"))
        .exclude(pk__in=session.participants.values("person_id"))
        .select_related("place")
        .order_by("full_name")
    )


def _plan_url(group) -> str:
    try:
        return reverse("plans:plan_for_group", args=[group.pk])
    except NoReverseMatch:  # the business plan pages belong to the plans app; absent, no link
        return ""


# --- sessions ---------------------------------------------------------------------------------------


@login_required
def session_list(request):
    user = request.user
    access.require_fieldwork_reader(user)
    q = request.GET.get("q", "").strip()
    programme_id = request.GET.get("programme", "")
    site_id = request.GET.get("site", "")
    page_obj = paginate(
        request, queries.sessions_for_list(user, q=q, programme_id=programme_id, site_id=site_id)
    )
    context = {
        "page_obj": page_obj,
        "q": q,
        "programme_id": programme_id,
        "site_id": site_id,
        "programmes": access.fieldwork_programmes(user).only("name").order_by("name"),
        "sites": access.visible_sites(user).order_by("programme__name", "place__name"),
        "may_create": access.can_do_fieldwork(user)
        and access.fieldwork_programmes(user, write=True).exists(),
    }
    return render(request, "pra/session_list.html", context)


@login_required
def session_create(request):
    user = request.user
    access.require_fieldwork_writer(user)
    sites = access.visible_sites(user).filter(programme__in=access.fieldwork_programmes(user, write=True))
    initial = {"site": request.GET.get("site")} if request.GET.get("site") else {}
    form = forms.SessionForm(request.POST or None, sites=sites, staff=_staff(user), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        site = access.access_site(user, data["site"].pk, write=True)
        done = submit(
            request,
            form,
            lambda: services.create_session(
                site=site,
                title=data["title"],
                held_on=data["held_on"],
                facilitator=data["facilitator"],
                notes=data["notes"],
                dots_per_participant=data["dots_per_participant"],
                acting_user=user,
            ),
            lambda session: _detail(session, "participants"),
            _("Session opened. Add the participants next."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("New PRA session"),
        back_url=reverse("pra:session_list"),
        intro=_(
            "A workshop at a programme site: problems, potentials, needs and the groups formed from them."
        ),
    )


@login_required
def session_detail(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    session = queries.session_for(user, pk)
    dots = queries.dot_ranking(session)
    pairs = queries.pairwise_ranking(session)
    suggestions, unplaced = queries.suggestions(session)
    for s in suggestions:
        s.plan_url = _plan_url(s.created_group) if s.created_group_id else ""
    context = {
        "session": session,
        "programme": session.site.programme,
        "may_write": queries.may_write(user, session),
        "participants": queries.participants_with_votes(session),
        "problems": Problem.objects.filter(session=session).order_by("pk"),
        "dots": [(r, queries.tie_note(r)) for r in dots],
        "dot_chart": queries.chart(dots, _("dots")),
        "pairs": [(r, queries.tie_note(r, pairwise=True)) for r in pairs],
        "pair_chart": queries.chart(pairs, _("wins")) if pairs else None,
        "potentials": session.potentials.select_related("person").order_by("kind", "name"),
        "needs": session.needs.order_by("kind", "-votes", "text"),
        "suggestions": suggestions,
        "unplaced": unplaced,
        "pending": [s for s in suggestions if not s.created_group_id],
        "size_problems": services.size_problems(session),
        "suggested": bool(suggestions) or bool(session.unplaced),
    }
    return render(request, "pra/session_detail.html", context)


@login_required
def session_edit(request, pk):
    user = request.user
    session = queries.session_for(user, pk, write=True)
    initial = {
        "title": session.title,
        "held_on": session.held_on,
        "facilitator": session.facilitator,
        "dots_per_participant": session.dots_per_participant,
        "notes": session.notes,
    }
    form = forms.SessionForm(
        request.POST or None,
        sites=access.visible_sites(user),
        staff=_staff(user, session.site.programme),
        with_site=False,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.update_session(session=session, acting_user=user, **form.cleaned_data),
            _detail(session),
        )
        if done:
            return done
    return form_page(request, form, title=_("Edit PRA session"), back_url=_detail(session))


@login_required
def session_delete(request, pk):
    user = request.user
    session = queries.session_for(user, pk, write=True)
    return confirm_then(
        request,
        call=lambda: services.delete_session(session=session, acting_user=user),
        back=_detail(session),
        done_url=reverse("pra:session_list"),
        title=_("Delete PRA session"),
        question=_(
            "Delete %(title)s with its participants, problems, votes, potentials, needs and suggestions?"
        )
        % {"title": session.title},
        confirm_label=_("Delete"),
        success_message=_("Session deleted."),
    )


@login_required
def ranking_print(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    session = queries.session_for(user, pk)
    dots = queries.dot_ranking(session)
    pairs = queries.pairwise_ranking(session)
    context = {
        "session": session,
        "dots": [(r, queries.tie_note(r)) for r in dots],
        "dot_chart": queries.chart(dots, _("dots")),
        "pairs": [(r, queries.tie_note(r, pairwise=True)) for r in pairs],
        "pair_chart": queries.chart(pairs, _("wins")) if pairs else None,
        "voters": session.participants.filter(votes__isnull=False).distinct().count(),
    }
    return printable(request, "pra/ranking_print.html", context, f"pra-ranking-{session.pk}.pdf")


# --- participants -----------------------------------------------------------------------------------


@login_required
def participant_add(request, pk):
    user = request.user
    session = queries.session_for(user, pk, write=True)
    persons = _area_persons(user, session)
    form = forms.ParticipantForm(request.POST or None, persons=persons)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            form,
            lambda: services.add_participant(
                session=session,
                person=data["person"],
                skills=data["skills"],
                business_interest=data["business_interest"],
                notes=data["notes"],
                acting_user=user,
            ),
            reverse("pra:participant_add", args=[session.pk])
            if "another" in request.POST
            else _detail(session, "participants"),
            _("%(person)s added.") % {"person": data["person"].full_name},
        )
        if done:
            return done
    return render(
        request,
        "pra/participant_form.html",
        {"form": form, "session": session, "title": _("Add a participant"), "another": True},
    )


@login_required
def participant_new(request, pk):
    user = request.user
    session = queries.session_for(user, pk, write=True)
    access.require_write(user)
    places = Place.objects.filter(subtree_q(session.site.place.code, "")).order_by("code")
    form = forms.NewParticipantForm(
        request.POST or None, places=places, initial={"place": session.site.place}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            form,
            lambda: services.add_new_participant(session=session, acting_user=user, **data),
            _detail(session, "participants"),
            _("%(person)s registered and added.") % {"person": data["full_name"]},
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Register a new participant"),
        back_url=_detail(session, "participants"),
        intro=_(
            "For someone at the workshop who is not in Berdaya yet; NIK and other details can be added later."
        ),
    )


@login_required
def participant_edit(request, pk):
    user = request.user
    participant = _child(user, Participant, pk, write=True)
    session = participant.session
    form = forms.ParticipantForm(
        request.POST or None,
        initial={
            "skills": participant.skills,
            "business_interest": participant.business_interest,
            "notes": participant.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.update_participant(
                participant=participant, acting_user=user, **form.cleaned_data
            ),
            _detail(session, "participants"),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Participant: %(person)s") % {"person": participant.person.full_name},
        back_url=_detail(session, "participants"),
    )


@login_required
def participant_remove(request, pk):
    user = request.user
    participant = _child(user, Participant, pk, write=True)
    session = participant.session
    back = _detail(session, "participants")
    return confirm_then(
        request,
        call=lambda: services.remove_participant(participant=participant, acting_user=user),
        back=back,
        done_url=back,
        title=_("Remove participant"),
        question=_("Remove %(person)s from this session, with their votes?")
        % {"person": participant.person.full_name},
        detail=_("The person stays registered in Berdaya."),
        confirm_label=_("Remove"),
    )


# --- problems, votes, pairwise ----------------------------------------------------------------------


@login_required
def problem_add(request, pk):
    user = request.user
    session = queries.session_for(user, pk, write=True)
    form = forms.ProblemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        another = "another" in request.POST
        done = submit(
            request,
            form,
            lambda: services.add_problem(session=session, acting_user=user, **form.cleaned_data),
            reverse("pra:problem_add", args=[session.pk]) if another else _detail(session, "problems"),
            _("Problem added.") if another else "",
        )
        if done:
            return done
    return render(
        request,
        "pra/participant_form.html",
        {"form": form, "session": session, "title": _("Add a problem"), "another": True},
    )


@login_required
def problem_edit(request, pk):
    user = request.user
    problem = _child(user, Problem, pk, write=True)
    form = forms.ProblemForm(
        request.POST or None, initial={"title": problem.title, "description": problem.description}
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.update_problem(problem=problem, acting_user=user, **form.cleaned_data),
            _detail(problem.session, "problems"),
        )
        if done:
            return done
    return form_page(request, form, title=_("Edit problem"), back_url=_detail(problem.session, "problems"))


@login_required
def problem_remove(request, pk):
    user = request.user
    problem = _child(user, Problem, pk, write=True)
    session = problem.session
    back = _detail(session, "problems")
    return confirm_then(
        request,
        call=lambda: services.remove_problem(problem=problem, acting_user=user),
        back=back,
        done_url=back,
        title=_("Remove problem"),
        question=_("Remove the problem %(title)s with its votes and comparisons?") % {"title": problem.title},
        confirm_label=_("Remove"),
    )


def _int(value: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return 0
    try:
        return int(value)
    except ValueError:
        return None


@login_required
def voting(request, pk):
    """The workshop's dot-voting sheet on a phone: one card per participant, a number per problem."""
    user = request.user
    session = queries.session_for(user, pk, write=True)
    participants, problems, cast = queries.ballots(session)
    errors: dict[int, str] = {}
    entered: dict[tuple[int, int], str] = {}
    if request.method == "POST":
        ballots = {}
        for p in participants:
            votes = {}
            for prob in problems:
                raw = request.POST.get(f"v-{p.pk}-{prob.pk}", "")
                entered[(p.pk, prob.pk)] = raw
                value = _int(raw)
                if value is None:
                    errors[p.pk] = _("Enter whole numbers of dots.")
                else:
                    votes[prob.pk] = value
            ballots[p] = votes
        if not errors:
            try:
                with transaction.atomic():
                    for p, votes in ballots.items():
                        try:
                            services.cast_dot_votes(
                                session=session, person=p.person, votes=votes, acting_user=user
                            )
                        except ServiceError as e:
                            errors[p.pk] = e.message
                    if errors:
                        raise ServiceError(_("Nothing was saved."))
            except ServiceError:
                pass
            else:
                messages.success(request, _("Votes saved."))
                return redirect(_detail(session, "problems"))
    rows = []
    for p in participants:
        cells = []
        for prob in problems:
            value = entered.get((p.pk, prob.pk)) if entered else cast.get((p.pk, prob.pk), "")
            cells.append({"name": f"v-{p.pk}-{prob.pk}", "problem": prob, "value": value or ""})
        rows.append({"participant": p, "cells": cells, "error": errors.get(p.pk, "")})
    return render(
        request,
        "pra/voting.html",
        {"session": session, "rows": rows, "problems": problems, "errors": errors},
    )


@login_required
def pairwise(request, pk):
    """Pairwise ranking: each pair of problems once; the room (or one participant) says which weighs more."""
    user = request.user
    session = queries.session_for(user, pk, write=True)
    problems = {p.pk: p for p in Problem.objects.filter(session=session)}
    pairs = [(problems[a], problems[b]) for a, b in ranking.all_pairs(list(problems))]
    participants = session.participants.select_related("person").order_by("person__full_name")
    error = ""
    if request.method == "POST":
        choices = []
        for a, b in pairs:
            raw = request.POST.get(f"pair-{a.pk}-{b.pk}", "")
            if raw.isdigit() and int(raw) in (a.pk, b.pk):
                choices.append((a.pk, b.pk, int(raw)))
        participant = None
        if request.POST.get("participant", "").isdigit():
            participant = participants.filter(pk=request.POST["participant"]).first()
        if not choices:
            error = _("Choose, for at least one pair, the problem that weighs more.")
        else:
            try:
                services.record_pairwise(
                    session=session, choices=choices, participant=participant, acting_user=user
                )
            except ServiceError as e:
                error = e.message
            else:
                messages.success(request, _("Comparisons saved."))
                return redirect(_detail(session, "problems"))
    return render(
        request,
        "pra/pairwise.html",
        {"session": session, "pairs": pairs, "participants": participants, "error": error},
    )


# --- potentials and needs ---------------------------------------------------------------------------


@login_required
def potential_add(request, pk):
    user = request.user
    session = queries.session_for(user, pk, write=True)
    persons = Person.objects.filter(pk__in=session.participants.values("person_id")).order_by("full_name")
    form = forms.PotentialForm(request.POST or None, persons=persons)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.add_potential(session=session, acting_user=user, **form.cleaned_data),
            _detail(session, "potentials"),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Add a potential"),
        back_url=_detail(session, "potentials"),
        intro=_(
            "Local institutions (arisan, majelis taklim, posyandu, cooperatives), people's skills, natural resources."
        ),
    )


@login_required
def potential_remove(request, pk):
    user = request.user
    potential = _child(user, Potential, pk, write=True)
    session = potential.session
    back = _detail(session, "potentials")
    return confirm_then(
        request,
        call=lambda: services.remove_potential(potential=potential, acting_user=user),
        back=back,
        done_url=back,
        title=_("Remove potential"),
        question=_("Remove %(name)s from the potentials?") % {"name": potential.name},
        confirm_label=_("Remove"),
    )


@login_required
def need_add(request, pk):
    user = request.user
    session = queries.session_for(user, pk, write=True)
    form = forms.NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.add_need(session=session, acting_user=user, **form.cleaned_data),
            _detail(session, "needs"),
        )
        if done:
            return done
    return form_page(
        request, form, title=_("Add a need or business interest"), back_url=_detail(session, "needs")
    )


@login_required
def need_edit(request, pk):
    user = request.user
    need = _child(user, Need, pk, write=True)
    form = forms.NeedForm(
        request.POST or None, initial={"kind": need.kind, "text": need.text, "votes": need.votes}
    )
    form.fields["kind"].disabled = True
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.update_need(
                need=need, acting_user=user, text=form.cleaned_data["text"], votes=form.cleaned_data["votes"]
            ),
            _detail(need.session, "needs"),
        )
        if done:
            return done
    return form_page(
        request, form, title=_("Edit need or business interest"), back_url=_detail(need.session, "needs")
    )


@login_required
def need_remove(request, pk):
    user = request.user
    need = _child(user, Need, pk, write=True)
    session = need.session
    back = _detail(session, "needs")
    return confirm_then(
        request,
        call=lambda: services.remove_need(need=need, acting_user=user),
        back=back,
        done_url=back,
        title=_("Remove need"),
        question=_("Remove %(text)s?") % {"text": need.text},
        confirm_label=_("Remove"),
    )


# --- suggestions ------------------------------------------------------------------------------------


@login_required
def suggest(request, pk):
    """Suggest groups; when pending suggestions (maybe adjusted by hand) would be replaced, ask first."""
    user = request.user
    session = queries.session_for(user, pk, write=True)
    if request.method != "POST":
        pending = session.suggestions.filter(created_group__isnull=True).count()
        return confirm_page(
            request,
            title=_("Suggest groups again"),
            question=ngettext(
                "Replace the %(n)s pending suggestion, with any changes made to it, by a fresh one?",
                "Replace the %(n)s pending suggestions, with any changes made to them, by fresh ones?",
                pending,
            )
            % {"n": pending},
            detail=_("Groups already created from this session stay as they are."),
            back_url=_detail(session, "suggestions"),
            confirm_label=_("Suggest again"),
        )
    made = services.suggest_groups(session=session, acting_user=user)
    messages.success(
        request,
        ngettext(
            "%(n)s group suggested; adjust it, then create the group.",
            "%(n)s groups suggested; adjust them, then create the groups.",
            len(made),
        )
        % {"n": len(made)},
    )
    return redirect(_detail(session, "suggestions"))


@login_required
def suggestion_add(request, pk):
    user = request.user
    session = queries.session_for(user, pk, write=True)
    form = forms.SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.add_suggestion(session=session, acting_user=user, **form.cleaned_data),
            _detail(session, "suggestions"),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Add a suggested group"),
        back_url=_detail(session, "suggestions"),
        intro=_("An empty group; move participants into it on the session page."),
    )


@login_required
def suggestion_edit(request, pk):
    user = request.user
    suggestion = _child(user, SuggestedGroup, pk, write=True)
    form = forms.SuggestionForm(
        request.POST or None, initial={"name": suggestion.name, "business": suggestion.business}
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.update_suggestion(suggestion=suggestion, acting_user=user, **form.cleaned_data),
            _detail(suggestion.session, "suggestions"),
        )
        if done:
            return done
    return form_page(
        request, form, title=_("Rename suggested group"), back_url=_detail(suggestion.session, "suggestions")
    )


@login_required
def suggestion_remove(request, pk):
    user = request.user
    suggestion = _child(user, SuggestedGroup, pk, write=True)
    session = suggestion.session
    back = _detail(session, "suggestions")
    return confirm_then(
        request,
        call=lambda: services.remove_suggestion(suggestion=suggestion, acting_user=user),
        back=back,
        done_url=back,
        title=_("Remove suggested group"),
        question=_("Remove the suggestion %(name)s? Its members become unplaced.")
        % {"name": suggestion.name},
        confirm_label=_("Remove"),
    )


@login_required
@require_POST
def move(request, pk):
    user = request.user
    session = queries.session_for(user, pk, write=True)
    participant = session.participants.filter(pk=request.POST.get("participant") or 0).first()
    if participant is None:
        raise Http404(_("Not found."))
    target = request.POST.get("to", "")
    to = None
    if target:
        to = session.suggestions.filter(pk=target if target.isdigit() else 0).first()
        if to is None:
            raise Http404(_("Not found."))
    try:
        services.move_participant(session=session, participant=participant, to=to, acting_user=user)
    except ServiceError as e:
        messages.error(request, e.message)
    return redirect(_detail(session, "suggestions"))


@login_required
def create_groups(request, pk):
    user = request.user
    session = queries.session_for(user, pk, write=True)
    access.require_write(user)
    form = forms.CreateGroupsForm(request.POST or None)
    pending = list(session.suggestions.filter(created_group__isnull=True).order_by("order", "pk"))
    if request.method == "POST" and form.is_valid():
        try:
            made = services.create_groups_from_suggestions(
                session=session,
                acting_user=user,
                kind=form.cleaned_data["kind"],
                founded_on=form.cleaned_data["founded_on"],
            )
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            messages.success(
                request, _("Groups created: %(names)s.") % {"names": ", ".join(g.name for g in made)}
            )
            return redirect(_detail(session, "suggestions"))
    problems = services.size_problems(session)
    return confirm_page(
        request,
        title=_("Create the groups"),
        question=ngettext(
            "Create %(n)s group from the suggestion (%(names)s) with its members?",
            "Create %(n)s groups from the suggestions (%(names)s) with their members?",
            len(pending),
        )
        % {"n": len(pending), "names": ", ".join(s.name for s in pending)},
        detail=" ".join(problems)
        if problems
        else _("Each group gets default bylaws to fill in on its page."),
        back_url=_detail(session, "suggestions"),
        confirm_label=_("Create the groups"),
        form=form,
    )
