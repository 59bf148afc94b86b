"""Mentoring pages. Each view parses input, fetches through ``access``, calls one service, renders.

Everyone who reads fieldwork (all but members) reads visits, reports, coverage, intensity and follow-ups of
their programmes. Visits are logged by an administrator, the programme's manager or a facilitator/mentor
working in the programme. A monthly report is written by its mentor (or a manager/administrator for them);
only a manager of the programme (or an administrator) returns a submitted report to draft.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from berdaya.accounts import access
from berdaya.core.errors import ServiceError
from berdaya.core.forms import apply_service_error
from berdaya.core.lists import paginate
from berdaya.core.pdf import printable
from berdaya.core.views import confirm_page, confirm_then, form_page, submit
from berdaya.fieldwork.plans import services as plans_services
from berdaya.fieldwork.plans.models import CalendarItem
from berdaya.groups.models import Group
from berdaya.people.models import Person

from . import forms, queries, services
from .models import AgreedAction, MonthlyReport, Technique, Visit


def _visit(user, pk, *, write: bool = False) -> Visit:
    qs = Visit.objects.select_related("programme", "mentor", "group__place", "person__place", "created_by")
    return access.access_fieldwork(user, qs, pk, programme_path="programme", write=write)


def _report(user, pk, *, write: bool = False) -> MonthlyReport:
    qs = MonthlyReport.objects.select_related("programme", "mentor", "submitted_by")
    report = access.access_fieldwork(user, qs, pk, programme_path="programme", write=write)
    if write and not may_write_report(user, report):
        raise PermissionDenied(
            _("Only the mentor, a manager of the programme or an administrator writes this report.")
        )
    return report


def may_write_report(user, report: MonthlyReport) -> bool:
    """The mentor themself (a facilitator login linked to the staff member), a manager, an administrator."""
    if not access.fieldwork_programmes(user, write=True).filter(pk=report.programme_id).exists():
        return False
    if access.is_admin(user) or access.can_manage(user):
        return True
    return user.staff_member_id == report.mentor_id


def may_return_report(user, report: MonthlyReport) -> bool:
    return access.writable_programmes(user).filter(pk=report.programme_id).exists()


# --- visits -----------------------------------------------------------------------------------------


@login_required
def visit_list(request):
    user = request.user
    access.require_fieldwork_reader(user)
    q = request.GET.get("q", "").strip()
    mentor_id = request.GET.get("mentor", "")
    group_id = request.GET.get("group", "")
    month_raw = request.GET.get("month", "").strip()
    month = queries.parse_month(month_raw)
    qs = queries.visits_for_list(user, q=q, mentor_id=mentor_id, group_id=group_id, month=month)
    programmes = access.fieldwork_programmes(user)
    context = {
        "page_obj": paginate(request, qs),
        "q": q,
        "mentor_id": mentor_id,
        "group_id": group_id,
        "month": month_raw if month else "",
        "mentors": queries.mentors_in_scope(user),
        "groups": Group.objects.filter(programme__in=programmes).only("name").order_by("name"),
        "filtered": bool(q or mentor_id or group_id or month),
        "may_log": access.fieldwork_programmes(user, write=True).exists(),
    }
    return render(request, "mentoring/visit_list.html", context)


def _visit_form(request, data=None):
    user = request.user
    programmes = access.fieldwork_programmes(user, write=True).order_by("name")
    groups = Group.objects.filter(programme__in=programmes, status=Group.Status.ACTIVE).order_by("name")
    persons = (
        Person.objects.filter(
            pk__in=Group.objects.filter(pk__in=groups.values("pk"))
            .filter(memberships__left_on__isnull=True)
            .values("memberships__person_id")
        )
        .only("full_name")
        .order_by("full_name")
    )
    initial = {"visited_on": timezone.localdate(), "idempotency_key": uuid.uuid4().hex}
    if user.staff_member_id:
        initial["mentor"] = user.staff_member_id
    first_two = list(programmes.values_list("pk", flat=True)[:2])
    if len(first_two) == 1:
        initial["programme"] = first_two[0]
    if request.GET.get("group", "").isdigit():
        group = groups.filter(pk=request.GET["group"]).first()
        if group:
            initial["group"], initial["programme"] = group.pk, group.programme_id
    return forms.VisitForm(
        data,
        programmes=programmes,
        mentors=queries.mentors_in_scope(user, write=True),
        groups=groups,
        persons=persons,
        initial=initial,
    )


@login_required
def visit_create(request):
    """Log a visit. Built for a bad connection: a light page, a key per form so a retried POST saves once,
    and a small script that keeps an unsent draft on the phone (see the template)."""
    user = request.user
    access.require_fieldwork_reader(user)
    if not access.fieldwork_programmes(user, write=True).exists():
        access.require_fieldwork_writer(user)
        raise PermissionDenied(_("Your role may look at this but not change it."))
    form = _visit_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        access.require_fieldwork_writer(user, data["programme"])
        try:
            visit, created = services.record_visit(
                programme=data["programme"],
                mentor=data["mentor"],
                visited_on=data["visited_on"],
                technique=data["technique"],
                group=data["group"],
                person=data["person"],
                duration_minutes=data["duration_minutes"],
                productive_topics=data["productive_topics"],
                welfare_topics=data["welfare_topics"],
                issues=data["issues"],
                actions=form.actions(),
                next_visit_on=data["next_visit_on"],
                idempotency_key=data["idempotency_key"] or None,
                acting_user=user,
            )
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            if created:
                messages.success(request, _("Visit saved."))
            else:
                messages.info(request, _("This visit had already been saved; it was not saved twice."))
            return redirect(reverse("mentoring:visit_detail", args=[visit.pk]) + "?sent=1")
    return render(
        request,
        "mentoring/visit_form.html",
        {"form": form, "back_url": reverse("mentoring:visit_list")},
    )


@login_required
def visit_detail(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    visit = _visit(user, pk)
    may_write = access.fieldwork_programmes(user, write=True).filter(pk=visit.programme_id).exists()
    context = {
        "visit": visit,
        "actions": list(visit.actions.all()),
        "may_write": may_write,
        "sent_key": visit.idempotency_key if request.GET.get("sent") else "",
        "today": timezone.localdate(),
    }
    return render(request, "mentoring/visit_detail.html", context)


@login_required
def action_done(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    action = access.access_fieldwork(
        user,
        AgreedAction.objects.select_related("visit__programme", "visit__group", "visit__person"),
        pk,
        programme_path="visit__programme",
        write=True,
    )
    back = request.GET.get("next") or reverse("mentoring:visit_detail", args=[action.visit_id])
    if not back.startswith("/"):
        back = reverse("mentoring:visit_detail", args=[action.visit_id])
    form = forms.DoneForm(request.POST or None, initial={"done_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.complete_action(
                action=action,
                done_on=form.cleaned_data["done_on"],
                note=form.cleaned_data["note"],
                acting_user=user,
            ),
            back,
            _("Action marked done."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Mark done: %(text)s") % {"text": action.text},
        back_url=back,
        intro=_("Agreed on %(date)s with %(visited)s.")
        % {"date": action.visit.visited_on.isoformat(), "visited": action.visit.visited_name},
        submit_label=_("Mark done"),
    )


# --- monthly reports --------------------------------------------------------------------------------


@login_required
def report_list(request):
    user = request.user
    access.require_fieldwork_reader(user)
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    mentor_id = request.GET.get("mentor", "")
    qs = queries.reports_for_list(user, q=q, status=status, mentor_id=mentor_id)
    context = {
        "page_obj": paginate(request, qs),
        "q": q,
        "status": status,
        "mentor_id": mentor_id,
        "statuses": MonthlyReport.Status.choices,
        "mentors": queries.mentors_in_scope(user),
        "filtered": bool(q or status or mentor_id),
        "may_draft": access.fieldwork_programmes(user, write=True).exists(),
    }
    return render(request, "mentoring/report_list.html", context)


@login_required
def report_draft(request):
    user = request.user
    access.require_fieldwork_reader(user)
    programmes = access.fieldwork_programmes(user, write=True).order_by("name")
    if not programmes.exists():
        raise PermissionDenied(_("Your role may look at this but not change it."))
    mentors = queries.mentors_in_scope(user, write=True)
    if not (access.is_admin(user) or access.can_manage(user)):
        mentors = mentors.filter(pk=user.staff_member_id)  # a mentor drafts their own report
    last_month = services.first_of_month(services.first_of_month(timezone.localdate()) - dt.timedelta(days=1))
    initial = {"month": (request.GET.get("month") or last_month.strftime("%Y-%m"))}
    if user.staff_member_id:
        initial["mentor"] = user.staff_member_id
    if programmes.count() == 1:
        initial["programme"] = programmes.first().pk
    form = forms.ReportDraftForm(
        request.POST or None, mentors=mentors, programmes=programmes, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        access.require_fieldwork_writer(user, data["programme"])
        existing = MonthlyReport.objects.filter(
            mentor=data["mentor"], programme=data["programme"], month=data["month"]
        ).first()
        if existing is not None and not existing.is_draft:
            messages.info(request, _("That report was already submitted; here it is."))
            return redirect("mentoring:report_detail", pk=existing.pk)
        done = submit(
            request,
            form,
            lambda: services.draft_monthly_report(
                mentor=data["mentor"], programme=data["programme"], month=data["month"], acting_user=user
            ),
            lambda report: reverse("mentoring:report_edit", args=[report.pk]),
            _("Report drafted from the month's visits. Check and edit it, then submit."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Draft a monthly report"),
        back_url=reverse("mentoring:report_list"),
        intro=_("The draft is filled from the mentor's visits in that month; you edit it before submitting."),
        submit_label=_("Draft the report"),
    )


@login_required
def report_detail(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    report = _report(user, pk)
    context = {
        "report": report,
        "f": report.figures or {},
        "may_write": report.is_draft and may_write_report(user, report),
        "may_return": not report.is_draft and may_return_report(user, report),
    }
    return render(request, "mentoring/report_detail.html", context)


@login_required
def report_print(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    report = _report(user, pk)
    context = {
        "report": report,
        "f": report.figures or {},
        "back": reverse("mentoring:report_detail", args=[pk]),
    }
    filename = f"mentoring-report-{report.month:%Y-%m}-{report.pk}.pdf"
    return printable(request, "mentoring/report_print.html", context, filename)


def _refuse_if_submitted(request, report):
    if not report.is_draft:
        messages.error(request, _("A submitted report is read-only; a manager can return it to draft."))
        return redirect("mentoring:report_detail", pk=report.pk)
    return None


@login_required
def report_edit(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    report = _report(user, pk, write=True)
    refused = _refuse_if_submitted(request, report)
    if refused:
        return refused
    initial = {name: getattr(report, name) for name in services.TEXT_FIELDS}
    form = forms.ReportEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.update_monthly_report(
                report=report, changes=form.cleaned_data, acting_user=user
            ),
            reverse("mentoring:report_detail", args=[report.pk]),
            _("Report saved. Submit it when it is complete."),
        )
        if done:
            return done
    return render(
        request,
        "mentoring/report_edit.html",
        {"report": report, "form": form, "f": report.figures or {}},
    )


@login_required
def report_refresh(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    report = _report(user, pk, write=True)
    if request.method == "POST":
        try:
            services.draft_monthly_report(
                mentor=report.mentor, programme=report.programme, month=report.month, acting_user=user
            )
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("Figures recounted from the month's visits; your texts were kept."))
    return redirect("mentoring:report_detail", pk=report.pk)


@login_required
def report_submit(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    report = _report(user, pk, write=True)
    refused = _refuse_if_submitted(request, report)
    if refused:
        return refused
    back = reverse("mentoring:report_detail", args=[pk])
    return confirm_then(
        request,
        call=lambda: services.submit_monthly_report(report=report, acting_user=user),
        back=back,
        done_url=back,
        title=_("Submit the monthly report"),
        question=_("Submit the report of %(mentor)s for %(month)s?")
        % {"mentor": report.mentor.full_name, "month": report.month.strftime("%m/%Y")},
        detail=_("After submitting, the report is read-only; only a manager can return it to draft."),
        confirm_label=_("Submit"),
        success_message=_("Report submitted."),
    )


@login_required
def report_return(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    report = _report(user, pk)
    if not may_return_report(user, report):
        raise PermissionDenied(_("Only a manager of the programme or an administrator returns a report."))
    back = reverse("mentoring:report_detail", args=[pk])
    form = forms.ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.return_monthly_report(
                report=report, reason=form.cleaned_data["reason"], acting_user=user
            ),
            back,
            _("Report returned to the mentor as a draft."),
        )
        if done:
            return done
    return confirm_page(
        request,
        title=_("Return the report to draft"),
        question=_("Send the report of %(mentor)s for %(month)s back to the mentor?")
        % {"mentor": report.mentor.full_name, "month": report.month.strftime("%m/%Y")},
        detail=_("The mentor sees your reason and can edit and submit again."),
        back_url=back,
        confirm_label=_("Return to draft"),
        form=form,
    )


# --- coverage, intensity, follow-ups ----------------------------------------------------------------


@login_required
def coverage(request):
    user = request.user
    access.require_fieldwork_reader(user)
    days = queries.day_count(request.GET.get("days"), queries.DEFAULT_DAYS)
    programme_id = request.GET.get("programme", "")
    mentor_id = request.GET.get("mentor", "")
    rows = queries.coverage(user, days=days, programme_id=programme_id, mentor_id=mentor_id)
    context = {
        "rows": rows,
        "days": days,
        "programme_id": programme_id,
        "mentor_id": mentor_id,
        "programmes": access.fieldwork_programmes(user).order_by("name").only("name"),
        "mentors": queries.mentors_in_scope(user),
        "may_log": access.fieldwork_programmes(user, write=True).exists(),
    }
    return render(request, "mentoring/coverage.html", context)


@login_required
def intensity(request):
    user = request.user
    access.require_fieldwork_reader(user)
    programme_id = request.GET.get("programme", "")
    mentor_id = request.GET.get("mentor", "")
    since = queries.parse_month(request.GET.get("since"))
    rows = queries.intensity(user, programme_id=programme_id, mentor_id=mentor_id, since=since)
    page_obj = paginate(request, rows)
    context = {
        "page_obj": page_obj,
        "programme_id": programme_id,
        "mentor_id": mentor_id,
        "since": since.strftime("%Y-%m") if since else "",
        "programmes": access.fieldwork_programmes(user).order_by("name").only("name"),
        "mentors": queries.mentors_in_scope(user),
        "techniques": Technique.choices,
    }
    return render(request, "mentoring/intensity.html", context)


@login_required
def follow_ups(request):
    user = request.user
    access.require_fieldwork_reader(user)
    soon = queries.day_count(request.GET.get("soon"), queries.SOON_DAYS, upper=365)
    programme_id = request.GET.get("programme", "")
    rows = queries.follow_ups(user, soon=soon, programme_id=programme_id)
    writable = set(access.fieldwork_programmes(user, write=True).values_list("pk", flat=True))
    for row in rows:
        row.may_write = row.programme_id in writable
        row.url = reverse(row.source_url_args[0], args=[row.source_url_args[1]])
    context = {
        "rows": rows,
        "overdue": [r for r in rows if r.overdue],
        "due_soon": [r for r in rows if not r.overdue],
        "soon": soon,
        "programme_id": programme_id,
        "programmes": access.fieldwork_programmes(user).order_by("name").only("name"),
    }
    return render(request, "mentoring/follow_ups.html", context)


@login_required
def calendar_item_done(request, pk):
    """Mark a business plan's calendar item done through the plans app's own service."""
    user = request.user
    access.require_fieldwork_reader(user)
    item = access.access_fieldwork(
        user,
        CalendarItem.objects.select_related("plan__group"),
        pk,
        programme_path="plan__group__programme",
        write=True,
    )
    back = reverse("mentoring:follow_ups")
    form = forms.DoneForm(request.POST or None, initial={"done_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: plans_services.complete_calendar_item(
                item=item, done_on=form.cleaned_data["done_on"], acting_user=user
            ),
            back,
            _("Calendar item marked done."),
        )
        if done:
            return done
    form.fields["note"].widget = form.fields["note"].hidden_widget()
    return form_page(
        request,
        form,
        title=_("Mark done: %(text)s") % {"text": item.activity},
        back_url=back,
        intro=_("Business plan of %(group)s.") % {"group": item.plan.group.name},
        submit_label=_("Mark done"),
    )
