"""Training pages. Each view parses input, fetches through ``access``, calls one service, renders.

Everyone who sees the programme's fieldwork reads a training (not members: 404). Administrators, the
programme's manager and facilitators working in it record (auditors and partners get 403).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from berdaya.accounts import access
from berdaya.core.errors import ServiceError
from berdaya.core.lists import paginate, search
from berdaya.core.pdf import printable
from berdaya.core.views import confirm_then, form_page, submit

from . import forms, queries, services
from .models import ChecklistItem, Outcome, Training, TrainingParticipant, TrainingPartner, TrainingSession

CHILD_PATH = "training__programme"
PICK_LIMIT = 40


def _training(user, pk, *, write: bool = False) -> Training:
    qs = Training.objects.select_related("programme", "site__place", "site__programme")
    return access.access_fieldwork(user, qs, pk, write=write)


def _child(user, model, pk, *, write: bool = False):
    qs = model.objects.select_related("training__programme", "training__site__place")
    return access.access_fieldwork(user, qs, pk, programme_path=CHILD_PATH, write=write)


def _may_write(user, training: Training) -> bool:
    return access.fieldwork_programmes(user, write=True).filter(pk=training.programme_id).exists()


def _detail_url(training) -> str:
    return reverse("training:training_detail", args=[training.pk])


def _agencies(user):
    return access.visible_agencies(user).order_by("name")


# --- trainings --------------------------------------------------------------------------------------


@login_required
def training_list(request):
    user = request.user
    access.require_fieldwork_reader(user)
    q = request.GET.get("q", "").strip()
    when = request.GET.get("when", "")
    when = when if when in queries.WHEN else ""
    page_obj = paginate(request, queries.trainings_for_list(user, q=q, when=when))
    context = {
        "page_obj": page_obj,
        "q": q,
        "when": when,
        "today": queries.today(),
        "may_create": access.can_do_fieldwork(user)
        and access.fieldwork_programmes(user, write=True).exists(),
    }
    return render(request, "training/training_list.html", context)


@login_required
def training_create(request):
    user = request.user
    access.require_fieldwork_writer(user)
    programmes = access.fieldwork_programmes(user, write=True).order_by("name")
    sites = access.visible_sites(user).filter(programme__in=programmes)
    form = forms.TrainingForm(
        request.POST or None,
        programmes=programmes,
        sites=sites,
        initial={"idempotency_key": uuid.uuid4().hex},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        access.require_fieldwork_writer(user, data["programme"])
        done = submit(
            request,
            form,
            lambda: services.create_training(
                programme=data["programme"],
                site=data["site"],
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                venue=data["venue"],
                notes=data["notes"],
                certificate_min_share=data["certificate_min_share"],
                acting_user=user,
                idempotency_key=data["idempotency_key"] or None,
            ),
            lambda training: reverse("training:training_detail", args=[training.pk]),
            _("Training created. Tick the preparation checklist and add sessions."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("New training"),
        back_url=reverse("training:training_list"),
        intro=_("Invitations, venue, materials and speakers are put on its preparation checklist."),
    )


@login_required
def training_detail(request, pk):
    user = request.user
    training = _training(user, pk)
    context = {
        "training": training,
        "checklist": list(training.checklist.select_related("done_by")),
        "partners": list(training.partners.select_related("agency")),
        "sessions": queries.sessions(training),
        "standings": queries.standings(training),
        "skills": queries.skill_changes(training),
        "outcomes": list(training.outcomes.select_related("group")),
        "may_write": _may_write(user, training),
        "today": queries.today(),
    }
    context["eligible_count"] = sum(1 for s in context["standings"] if s.eligible)
    context["ready_count"] = sum(1 for c in context["checklist"] if c.done)
    return render(request, "training/training_detail.html", context)


@login_required
def training_edit(request, pk):
    user = request.user
    training = _training(user, pk, write=True)
    form = forms.TrainingForm(
        request.POST or None,
        programmes=None,
        sites=access.visible_sites(user).filter(programme_id=training.programme_id),
        editing=True,
        initial={
            "site": training.site_id,
            "title": training.title,
            "starts_on": training.starts_on,
            "ends_on": training.ends_on,
            "venue": training.venue,
            "notes": training.notes,
            "certificate_min_share": training.certificate_min_share,
        },
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.update_training(training=training, changes=form.cleaned_data, acting_user=user),
            _detail_url(training),
            _("Training saved."),
        )
        if done:
            return done
    return form_page(
        request, form, title=_("Edit %(title)s") % {"title": training.title}, back_url=_detail_url(training)
    )


@login_required
def training_delete(request, pk):
    user = request.user
    training = _training(user, pk, write=True)
    return confirm_then(
        request,
        call=lambda: services.delete_training(training=training, acting_user=user),
        back=_detail_url(training),
        done_url=reverse("training:training_list"),
        title=_("Delete training"),
        question=_("Delete “%(title)s”?") % {"title": training.title},
        detail=_(
            "Its checklist, partners, sessions, participants, attendance, assessments and outcomes go with it."
        ),
        confirm_label=_("Delete"),
        success_message=_("Training deleted."),
    )


# --- checklist --------------------------------------------------------------------------------------


@login_required
def checklist_add(request, pk):
    user = request.user
    training = _training(user, pk, write=True)
    form = forms.ChecklistItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.add_checklist_item(training=training, acting_user=user, **form.cleaned_data),
            _detail_url(training) + "#checklist",
        )
        if done:
            return done
    return form_page(
        request, form, title=_("Add to the preparation checklist"), back_url=_detail_url(training)
    )


@login_required
def checklist_tick(request, pk):
    item = _child(request.user, ChecklistItem, pk, write=True)
    if request.method != "POST":
        return redirect(_detail_url(item.training) + "#checklist")
    services.tick_checklist_item(item=item, done=request.POST.get("done") == "1", acting_user=request.user)
    return redirect(_detail_url(item.training) + "#checklist")


@login_required
def checklist_remove(request, pk):
    item = _child(request.user, ChecklistItem, pk, write=True)
    back = _detail_url(item.training) + "#checklist"
    return confirm_then(
        request,
        call=lambda: services.remove_checklist_item(item=item, acting_user=request.user),
        back=back,
        done_url=back,
        title=_("Remove checklist item"),
        question=_("Remove “%(item)s” from the checklist?") % {"item": item.title},
        confirm_label=_("Remove"),
        success_message=_("Checklist item removed."),
    )


# --- partners ---------------------------------------------------------------------------------------


@login_required
def partner_add(request, pk):
    user = request.user
    training = _training(user, pk, write=True)
    form = forms.PartnerForm(request.POST or None, agencies=_agencies(user))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.add_partner(training=training, acting_user=user, **form.cleaned_data),
            _detail_url(training) + "#partners",
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Add a partner"),
        back_url=_detail_url(training),
        intro=_(
            "An agency coordinating with the training: sending a speaker, lending a venue, paying for materials."
        ),
    )


@login_required
def partner_remove(request, pk):
    partner = _child(request.user, TrainingPartner, pk, write=True)
    back = _detail_url(partner.training) + "#partners"
    return confirm_then(
        request,
        call=lambda: services.remove_partner(partner=partner, acting_user=request.user),
        back=back,
        done_url=back,
        title=_("Remove partner"),
        question=_("Remove %(agency)s from the training's partners?") % {"agency": partner.agency.name},
        confirm_label=_("Remove"),
        success_message=_("Partner removed."),
    )


# --- sessions ---------------------------------------------------------------------------------------


@login_required
def session_add(request, pk):
    user = request.user
    training = _training(user, pk, write=True)
    form = forms.SessionForm(
        request.POST or None,
        agencies=_agencies(user),
        initial={"on_date": training.starts_on, "idempotency_key": uuid.uuid4().hex},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            form,
            lambda: services.add_session(
                training=training,
                on_date=data["on_date"],
                starts_at=data["starts_at"],
                topic=data["topic"],
                method=data["method"],
                speaker=data["speaker"],
                speaker_agency=data["speaker_agency"],
                venue=data["venue"],
                acting_user=user,
                idempotency_key=data["idempotency_key"] or None,
            ),
            _detail_url(training) + "#sessions",
            _("Session added."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Add a session to %(title)s") % {"title": training.title},
        back_url=_detail_url(training),
        intro=_("From %(start)s to %(end)s.")
        % {"start": training.starts_on.isoformat(), "end": training.ends_on.isoformat()},
    )


@login_required
def session_edit(request, pk):
    user = request.user
    session = _child(user, TrainingSession, pk, write=True)
    form = forms.SessionForm(
        request.POST or None,
        agencies=_agencies(user),
        editing=True,
        initial={
            "on_date": session.on_date,
            "starts_at": session.starts_at,
            "topic": session.topic,
            "method": session.method,
            "speaker": session.speaker,
            "speaker_agency": session.speaker_agency_id,
            "venue": session.venue,
        },
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.update_session(session=session, changes=form.cleaned_data, acting_user=user),
            _detail_url(session.training) + "#sessions",
            _("Session saved."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Edit session “%(topic)s”") % {"topic": session.topic},
        back_url=_detail_url(session.training),
    )


@login_required
def session_remove(request, pk):
    session = _child(request.user, TrainingSession, pk, write=True)
    back = _detail_url(session.training) + "#sessions"
    return confirm_then(
        request,
        call=lambda: services.remove_session(session=session, acting_user=request.user),
        back=back,
        done_url=back,
        title=_("Remove session"),
        question=_("Remove the session “%(topic)s” on %(date)s?")
        % {"topic": session.topic, "date": session.on_date.isoformat()},
        detail=_("The attendance taken in it is removed too."),
        confirm_label=_("Remove"),
        success_message=_("Session removed."),
    )


# --- participants -----------------------------------------------------------------------------------


@login_required
def participants_add(request, pk):
    user = request.user
    training = _training(user, pk, write=True)
    groups = access.visible_groups(user).filter(programme_id=training.programme_id).order_by("name")
    error = ""
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("people") if v.isdigit()]
        people = list(access.visible_persons(user).filter(pk__in=ids))
        group_id = request.POST.get("group", "")
        if group_id.isdigit():
            group = groups.filter(pk=group_id).first()
            if group is None:
                raise Http404(_("Not found."))
            people += services.group_members(group)
        try:
            added = services.add_participants(training=training, people=people, acting_user=user)
        except ServiceError as e:
            error = e.message
        else:
            messages.success(
                request,
                ngettext("%(count)s participant added.", "%(count)s participants added.", len(added))
                % {"count": len(added)},
            )
            return redirect(_detail_url(training) + "#participants")
    q = request.GET.get("q", "").strip()
    candidates = (
        access.visible_persons(user)
        .exclude(pk__in=training.participants.values("person_id"))
        .select_related("place")
    )
    if q:
        candidates = search(candidates, q, ["full_name", "place__name"])
    elif training.site_id:
        # Without a search, offer the people living at the training's site first.
        code = training.site.place.code
        candidates = candidates.filter(place__code__startswith=code)
    else:
        candidates = candidates.none()
    return render(
        request,
        "training/participants_add.html",
        {
            "training": training,
            "candidates": list(candidates.order_by("full_name")[:PICK_LIMIT]),
            "limit": PICK_LIMIT,
            "groups": groups,
            "q": q,
            "error": error,
            "back_url": _detail_url(training),
        },
    )


@login_required
def participant_remove(request, pk):
    participant = _child(request.user, TrainingParticipant, pk, write=True)
    back = _detail_url(participant.training) + "#participants"
    return confirm_then(
        request,
        call=lambda: services.remove_participant(participant=participant, acting_user=request.user),
        back=back,
        done_url=back,
        title=_("Remove participant"),
        question=_("Remove %(person)s from the training?") % {"person": participant.person.full_name},
        detail=_("Their attendance and skill assessments in this training are removed too."),
        confirm_label=_("Remove"),
        success_message=_("Participant removed."),
    )


# --- attendance -------------------------------------------------------------------------------------


@login_required
def attendance(request, pk):
    """Take a session's attendance on a phone: one tap per person, one save."""
    user = request.user
    session = _child(user, TrainingSession, pk, write=request.method == "POST")
    training = session.training
    error = ""
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
        try:
            rows = services.record_session_attendance(session=session, present_ids=ids, acting_user=user)
        except ServiceError as e:
            error = e.message
        else:
            messages.success(
                request,
                _("Attendance saved: %(present)s of %(total)s present.")
                % {"present": sum(1 for r in rows if r.present), "total": len(rows)},
            )
            return redirect(_detail_url(training) + "#sessions")
    grid = queries.matrix(training, session)
    return render(
        request,
        "training/attendance.html",
        {
            "training": training,
            "session": session,
            "rows": [{"person": r["person"], "present": r["marks"][0]} for r in grid["rows"]],
            "sessions": queries.sessions(training),
            "may_write": _may_write(user, training),
            "error": error,
        },
    )


# --- skill assessment -------------------------------------------------------------------------------


def _level(raw: str) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() else None


@login_required
def assessments(request, pk):
    user = request.user
    training = _training(user, pk, write=request.method == "POST")
    skill = (request.POST.get("skill") if request.method == "POST" else request.GET.get("skill", "")) or ""
    skill = skill.strip()
    participants = list(training.participants.select_related("person").order_by("person__full_name"))
    error = ""
    if request.method == "POST":
        scores = [
            services.Score(
                p.person_id,
                _level(request.POST.get(f"before_{p.person_id}", "")),
                _level(request.POST.get(f"after_{p.person_id}", "")),
            )
            for p in participants
        ]
        try:
            services.record_assessments(training=training, skill=skill, scores=scores, acting_user=user)
        except ServiceError as e:
            error = e.message
        else:
            messages.success(request, _("Assessment of “%(skill)s” saved.") % {"skill": skill})
            return redirect(_detail_url(training) + "#skills")
    current = queries.assessments(training, skill) if skill else {}
    rows = [
        {
            "person": p.person,
            "before": request.POST.get(f"before_{p.person_id}")
            if error
            else getattr(current.get(p.person_id), "before", None),
            "after": request.POST.get(f"after_{p.person_id}")
            if error
            else getattr(current.get(p.person_id), "after", None),
        }
        for p in participants
    ]
    return render(
        request,
        "training/assessments.html",
        {
            "training": training,
            "skill": skill,
            "rows": rows,
            "levels": range(1, 6),
            "skills": queries.skill_changes(training),
            "may_write": _may_write(user, training),
            "error": error,
            "back_url": _detail_url(training),
        },
    )


# --- outcomes ---------------------------------------------------------------------------------------


@login_required
def outcome_add(request, pk):
    user = request.user
    training = _training(user, pk, write=True)
    groups = access.visible_groups(user).filter(programme_id=training.programme_id).order_by("name")
    form = forms.OutcomeForm(
        request.POST or None, groups=groups, initial={"idempotency_key": uuid.uuid4().hex}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            form,
            lambda: services.add_outcome(
                training=training,
                kind=data["kind"],
                group=data["group"],
                description=data["description"],
                acting_user=user,
                idempotency_key=data["idempotency_key"] or None,
            ),
            _detail_url(training) + "#outcomes",
            _("Outcome recorded."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Record an outcome"),
        back_url=_detail_url(training),
        intro=_("What came of the training: a group formed, a business started, or something else."),
    )


@login_required
def outcome_remove(request, pk):
    outcome = _child(request.user, Outcome, pk, write=True)
    back = _detail_url(outcome.training) + "#outcomes"
    return confirm_then(
        request,
        call=lambda: services.remove_outcome(outcome=outcome, acting_user=request.user),
        back=back,
        done_url=back,
        title=_("Remove outcome"),
        question=_("Remove the outcome “%(kind)s”?") % {"kind": outcome.get_kind_display()},
        confirm_label=_("Remove"),
        success_message=_("Outcome removed."),
    )


# --- printable documents ----------------------------------------------------------------------------


@login_required
def attendance_list(request, pk):
    """The attendance list to print and sign: one session (``?session=``) or the whole training."""
    user = request.user
    training = _training(user, pk)
    session = None
    raw = request.GET.get("session", "")
    if raw:
        session = training.sessions.filter(pk=raw).first() if raw.isdigit() else None
        if session is None:
            raise Http404(_("Not found."))
        session.training = training
    grid = queries.matrix(training, session)
    name = f"attendance-{training.pk}" + (f"-session-{session.pk}" if session else "") + ".pdf"
    return printable(
        request,
        "training/attendance_list.html",
        {"training": training, "session": session, **grid, "back": _detail_url(training)},
        name,
    )


@login_required
def certificate(request, pk, person_id):
    """A participant's certificate, or the reason there is none (attended too few sessions)."""
    user = request.user
    training = _training(user, pk)
    standing = queries.standing(training, person_id)
    if standing is None:
        raise Http404(_("Not found."))
    if not standing.eligible:
        return render(
            request,
            "training/certificate_refused.html",
            {"training": training, "standing": standing, "back_url": _detail_url(training)},
            status=409,
        )
    context = {
        "training": training,
        "standing": standing,
        "person": standing.person,
        "sessions": queries.sessions(training),
        "partners": list(training.partners.select_related("agency")),
        "back": _detail_url(training),
    }
    return printable(
        request, "training/certificate.html", context, f"certificate-{training.pk}-{person_id}.pdf"
    )
