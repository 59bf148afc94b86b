"""Group pages. Each view parses input, fetches through ``access``, calls one service, renders.

Who may do what: managers and admins found groups and assign staff (a programme decision); managers,
facilitators and officers in scope run the group's life (members, officers, bylaws, meetings, stages);
members, auditors and partners only read.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from berdaya.accounts import access
from berdaya.core.errors import ServiceError
from berdaya.core.forms import apply_service_error
from berdaya.core.lists import paginate, search
from berdaya.core.views import confirm_page, form_page, submit
from berdaya.people.models import Person
from berdaya.programs.models import Stage

from . import forms, services
from .models import Assignment, Attendance, Group, Meeting, Membership, OfficerTerm
from .queries import attach_active_member_counts, groups_for_list
from .warnings import group_warnings, warnings_for_groups


def scoped(qs, user, pk, *, write: bool = False):
    """Fetch a row belonging to a group (membership, term, meeting…) the user may see, else 404.

    With ``write`` the user must also be allowed to change that group (403 otherwise).
    """
    try:
        obj = qs.filter(access.group_q(user, "group__")).get(pk=pk)
    except qs.model.DoesNotExist:
        raise Http404(_("Not found.")) from None
    access.access_group(user, obj.group_id, write=write)
    return obj


def _detail_url(group_id) -> str:
    return reverse("groups:group_detail", args=[group_id])


# --- groups -----------------------------------------------------------------------------------------


@login_required
def group_list(request):
    user = request.user
    q = request.GET.get("q", "").strip()
    programme_id = request.GET.get("programme", "")
    kind = request.GET.get("kind", "")
    stage_key = request.GET.get("stage", "")
    qs = groups_for_list(user, q=q, programme_id=programme_id, kind=kind, stage_key=stage_key)
    page_obj = paginate(request, qs)
    page_obj.object_list = attach_active_member_counts(page_obj.object_list)
    warnings = warnings_for_groups(page_obj.object_list)
    rows = [(group, warnings.get(group.pk, [])) for group in page_obj]
    programmes = access.visible_programmes(user).only("name")
    stages = (
        Stage.objects.filter(programme__in=programmes).values_list("key", "name").distinct().order_by("key")
    )
    context = {
        "page_obj": page_obj,
        "rows": rows,
        "q": q,
        "programmes": programmes,
        "kinds": Group.Kind.choices,
        "stages": sorted(set(stages)),
        "selected": {"programme": programme_id, "kind": kind, "stage": stage_key},
        "may_create": access.writable_programmes(user).exists(),
    }
    return render(request, "groups/group_list.html", context)


@login_required
def group_create(request):
    access.require_manage(request.user)
    programmes = access.writable_programmes(request.user)
    form = forms.GroupForm(request.POST or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        programme = access.access_programme(request.user, data.pop("programme").pk, write=True)
        done = submit(
            request,
            form,
            lambda: services.create_group(acting_user=request.user, programme=programme, **data),
            lambda group: reverse("groups:group_detail", args=[group.pk]),
            lambda group: _("%(name)s founded. Add its members next.") % {"name": group.name},
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("New group"),
        back_url=reverse("groups:group_list"),
        intro=_(
            "A KUBE usually has 5–20 families living close together and running the same kind of business."
        ),
    )


@login_required
def group_detail(request, pk):
    user = request.user
    group = access.access_group(user, pk)
    memberships = list(group.memberships.select_related("person").order_by("left_on", "person__full_name"))
    terms = list(group.officers.select_related("person").order_by("end_on", "role", "-start_on"))
    meetings = list(
        group.meetings.annotate(
            present_count=Count("attendance", filter=Q(attendance__present=True)),
            total_count=Count("attendance"),
        ).order_by("-held_on", "-id")[:5]
    )
    assignments = list(group.assignments.select_related("staff").order_by("end_on", "-start_on"))
    in_programme = set(
        group.programme.staff.filter(pk__in=[a.staff_id for a in assignments]).values_list("pk", flat=True)
    )
    context = {
        "group": group,
        "warnings": group_warnings(group),
        "active_members": [m for m in memberships if m.left_on is None],
        "former_members": [m for m in memberships if m.left_on is not None],
        "current_terms": [t for t in terms if t.end_on is None],
        "past_terms": [t for t in terms if t.end_on is not None],
        "bylaws": getattr(group, "bylaws", None),
        "stage_records": list(group.stage_records.select_related("stage").order_by("-reached_on", "-id")),
        "stages": list(group.programme.stages.order_by("order")),
        "meetings": meetings,
        "assignments": [(a, a.staff_id in in_programme) for a in assignments],
        "may_write": access.can_write(user),
        "may_manage": access.can_manage(user),
        "may_see_books": access.can_see_books(user),
        "may_see_fieldwork": access.can_see_fieldwork(user),
        "may_do_fieldwork": access.can_do_fieldwork(user),
    }
    return render(request, "groups/group_detail.html", context)


@login_required
def group_edit(request, pk):
    group = access.access_group(request.user, pk, write=True)
    initial = {
        f: getattr(group, f) for f in ("name", "kind", "place", "business_type", "founded_on", "status")
    }
    initial["place"] = group.place_id
    form = forms.GroupForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if v != initial.get(k)}
        if "place" in changes and changes["place"].pk == group.place_id:
            changes.pop("place")
        done = submit(
            request,
            form,
            lambda: services.update_group(acting_user=request.user, group=group, **changes),
            reverse("groups:group_detail", args=[group.pk]),
            lambda saved: _("%(name)s saved.") % {"name": saved.name},  # the new name after a rename
        )
        if done:
            return done
    return form_page(
        request, form, title=_("Edit %(name)s") % {"name": group.name}, back_url=_detail_url(group.pk)
    )


# --- members ----------------------------------------------------------------------------------------


@login_required
def member_add(request, pk):
    user = request.user
    group = access.access_group(user, pk, write=True)
    persons = access.visible_persons(user)
    mode = request.POST.get("mode", "existing") if request.method == "POST" else ""
    today = services.local_today(group.place)
    existing = forms.ExistingMemberForm(
        request.POST if mode == "existing" else None, persons=persons, initial={"joined_on": today}
    )
    new = forms.NewMemberForm(
        request.POST if mode == "new" else None, initial={"joined_on": today, "place": group.place_id}
    )
    form = existing if mode == "existing" else new
    if mode and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if mode == "existing":
                membership = services.add_member(acting_user=user, group=group, **data)
            else:
                data["nik"] = data.get("nik") or None
                membership = services.add_new_member(acting_user=user, group=group, **data)
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            messages.success(
                request,
                _("%(person)s joined %(group)s.")
                % {"person": membership.person.full_name, "group": group.name},
            )
            return redirect("groups:group_detail", pk=group.pk)
    q = request.GET.get("q", "").strip()
    candidates = []
    if q:
        open_ids = group.memberships.filter(left_on__isnull=True).values("person_id")
        candidates = list(
            search(persons.exclude(pk__in=open_ids), q, ["full_name", "nik", "phone"]).select_related(
                "place"
            )[:20]
        )
    chosen = existing["person"].value()
    if mode == "existing" and not candidates and existing.cleaned_data.get("person"):
        # After a refused POST keep the chosen person on screen, so the error shows next to the form.
        candidates = [existing.cleaned_data["person"]]
    context = {
        "group": group,
        "existing": existing,
        "new": new,
        "q": q,
        "candidates": candidates,
        "chosen": str(chosen) if chosen else "",
    }
    return render(request, "groups/member_add.html", context)


@login_required
def member_end(request, pk):
    membership = scoped(Membership.objects.select_related("person", "group"), request.user, pk, write=True)
    group = membership.group
    form = forms.EndMembershipForm(
        request.POST or None, initial={"left_on": services.local_today(group.place)}
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.end_membership(
                acting_user=request.user, membership=membership, **form.cleaned_data
            ),
            _detail_url(group.pk),
            _("%(person)s left the group.") % {"person": membership.person.full_name},
        )
        if done:
            return done
    return confirm_page(
        request,
        title=_("End membership"),
        question=_("End the membership of %(person)s in %(group)s?")
        % {"person": membership.person.full_name, "group": group.name},
        detail=_("Their offices in the group end on the same date. The history is kept."),
        form=form,
        confirm_label=_("End membership"),
        back_url=_detail_url(group.pk),
    )


# --- officers ---------------------------------------------------------------------------------------


@login_required
def officer_appoint(request, pk):
    group = access.access_group(request.user, pk, write=True)
    members = access.visible_persons(request.user).filter(
        memberships__group=group, memberships__left_on__isnull=True
    )
    form = forms.OfficerForm(
        request.POST or None, members=members, initial={"start_on": services.local_today(group.place)}
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.appoint_officer(acting_user=request.user, group=group, **form.cleaned_data),
            reverse("groups:group_detail", args=[group.pk]),
            lambda term: (
                _("%(person)s is now %(role)s.")
                % {"person": term.person.full_name, "role": term.get_role_display()}
            ),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Appoint an officer of %(name)s") % {"name": group.name},
        back_url=_detail_url(group.pk),
        intro=_("The current holder of the office, if any, steps down the day before the new term starts."),
    )


@login_required
def officer_end(request, pk):
    term = scoped(OfficerTerm.objects.select_related("person", "group"), request.user, pk, write=True)
    form = forms.EndDateForm(request.POST or None, initial={"end_on": services.local_today(term.group.place)})
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.end_officer_term(
                acting_user=request.user, term=term, end_on=form.cleaned_data["end_on"]
            ),
            _detail_url(term.group_id),
            _("The term of %(person)s ended.") % {"person": term.person.full_name},
        )
        if done:
            return done
    return confirm_page(
        request,
        title=_("End officer term"),
        question=_("End the term of %(person)s as %(role)s?")
        % {"person": term.person.full_name, "role": term.get_role_display()},
        detail=_("They stay a member of the group."),
        form=form,
        confirm_label=_("End term"),
        back_url=_detail_url(term.group_id),
    )


# --- bylaws -----------------------------------------------------------------------------------------


@login_required
def bylaws_edit(request, pk):
    group = access.access_group(request.user, pk, write=True)
    bylaws = getattr(group, "bylaws", None)
    form = forms.BylawsForm(request.POST or None, instance=bylaws)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.set_bylaws(acting_user=request.user, group=group, **form.cleaned_data),
            _detail_url(group.pk),
            _("Bylaws of %(name)s saved.") % {"name": group.name},
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Bylaws (AD/ART) of %(name)s") % {"name": group.name},
        back_url=_detail_url(group.pk),
        intro=_(
            "Amounts in whole rupiah. Seed example: mandatory saving Rp10.000 a month, loans at 1 % a month."
        ),
    )


# --- meetings ---------------------------------------------------------------------------------------


@login_required
def meeting_list(request, pk):
    group = access.access_group(request.user, pk)
    q = request.GET.get("q", "").strip()
    qs = search(group.meetings.all(), q, ["venue", "agenda", "minutes"]).annotate(
        present_count=Count("attendance", filter=Q(attendance__present=True)), total_count=Count("attendance")
    )
    page_obj = paginate(request, qs.order_by("-held_on", "-id"))
    context = {"group": group, "page_obj": page_obj, "q": q, "may_write": access.can_write(request.user)}
    return render(request, "groups/meeting_list.html", context)


def _meeting_members(group, meeting=None):
    """Checkbox choices: open members, plus anyone already on the meeting's attendance list."""
    ids = set(group.memberships.filter(left_on__isnull=True).values_list("person_id", flat=True))
    if meeting is not None:
        ids |= set(meeting.attendance.values_list("person_id", flat=True))
    return Person.objects.filter(pk__in=ids).order_by("full_name")


@login_required
def meeting_create(request, pk):
    group = access.access_group(request.user, pk, write=True)
    members = _meeting_members(group)
    form = forms.MeetingForm(
        request.POST or None, members=members, initial={"held_on": services.local_today(group.place)}
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.record_meeting(acting_user=request.user, group=group, **form.cleaned_data),
            lambda meeting: reverse("groups:meeting_detail", args=[meeting.pk]),
            lambda meeting: _("Meeting of %(date)s recorded.") % {"date": meeting.held_on.isoformat()},
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Record a meeting of %(name)s") % {"name": group.name},
        back_url=reverse("groups:meeting_list", args=[group.pk]),
        intro=_("Tick everyone who came. Members not ticked are recorded as absent."),
    )


@login_required
def meeting_detail(request, pk):
    meeting = scoped(Meeting.objects.select_related("group", "group__bylaws"), request.user, pk)
    rows = list(
        Attendance.objects.filter(meeting=meeting).select_related("person").order_by("person__full_name")
    )
    present = sum(1 for r in rows if r.present)
    context = {
        "meeting": meeting,
        "group": meeting.group,
        "rows": rows,
        "present": present,
        "may_write": access.can_write(request.user),
    }
    return render(request, "groups/meeting_detail.html", context)


@login_required
def meeting_edit(request, pk):
    meeting = scoped(Meeting.objects.select_related("group", "group__place"), request.user, pk, write=True)
    group = meeting.group
    members = _meeting_members(group, meeting)
    initial = {
        "held_on": meeting.held_on,
        "venue": meeting.venue,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "present": list(meeting.attendance.filter(present=True).values_list("person_id", flat=True)),
    }
    form = forms.MeetingForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.update_meeting(acting_user=request.user, meeting=meeting, **form.cleaned_data),
            reverse("groups:meeting_detail", args=[meeting.pk]),
            _("Meeting saved."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Edit the meeting of %(date)s") % {"date": meeting.held_on.isoformat()},
        back_url=reverse("groups:meeting_detail", args=[meeting.pk]),
    )


# --- stages and staff -------------------------------------------------------------------------------


@login_required
def stage_record(request, pk):
    group = access.access_group(request.user, pk, write=True)
    form = forms.StageForm(
        request.POST or None,
        stages=group.programme.stages.order_by("order"),
        initial={"reached_on": services.local_today(group.place)},
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.record_stage(acting_user=request.user, group=group, **form.cleaned_data),
            _detail_url(group.pk),
            _("Stage recorded."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Record a stage reached by %(name)s") % {"name": group.name},
        back_url=_detail_url(group.pk),
    )


@login_required
def assignment_add(request, pk):
    group = access.access_group(request.user, pk, write=True)
    access.require_manage(request.user)
    staff = access.visible_staff(request.user).filter(active=True).order_by("full_name")
    form = forms.AssignmentForm(
        request.POST or None, staff=staff, initial={"start_on": services.local_today(group.place)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            assignment, warnings = services.assign_staff(
                acting_user=request.user, group=group, **form.cleaned_data
            )
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            messages.success(request, _("%(staff)s assigned.") % {"staff": assignment.staff.full_name})
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("groups:group_detail", pk=group.pk)
    return form_page(
        request,
        form,
        title=_("Assign staff to %(name)s") % {"name": group.name},
        back_url=_detail_url(group.pk),
    )


@login_required
def assignment_end(request, pk):
    assignment = scoped(Assignment.objects.select_related("staff", "group"), request.user, pk, write=True)
    access.require_manage(request.user)
    form = forms.EndDateForm(
        request.POST or None, initial={"end_on": services.local_today(assignment.group.place)}
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.end_assignment(
                acting_user=request.user, assignment=assignment, end_on=form.cleaned_data["end_on"]
            ),
            _detail_url(assignment.group_id),
            _("Assignment ended."),
        )
        if done:
            return done
    return confirm_page(
        request,
        title=_("End assignment"),
        question=_("End the assignment of %(staff)s to %(group)s?")
        % {"staff": assignment.staff.full_name, "group": assignment.group.name},
        form=form,
        confirm_label=_("End assignment"),
        back_url=_detail_url(assignment.group_id),
    )
