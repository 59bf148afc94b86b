"""Meeting collection sheet pages: the list of a group's meetings, the sheet, the posted sheet, receipts.

Views parse the submitted figures, fetch through ``access``, call ``services.post_meeting`` and render.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from berdaya.accounts import access
from berdaya.core.errors import ServiceError
from berdaya.core.lists import paginate
from berdaya.core.pdf import printable
from berdaya.groups import services as group_services
from berdaya.imports.parsing import rupiah

from . import services
from .models import CollectionSheet, SheetLine


def _sheet(user, pk) -> CollectionSheet:
    sheet = (
        CollectionSheet.objects.filter(access.group_q(user, "meeting__group__"))
        .select_related("meeting__group", "posted_by")
        .filter(pk=pk)
        .first()
    )
    if sheet is None:
        raise Http404(_("Not found."))
    return sheet


@login_required
def sheet_list(request, group_id):
    group = access.access_books(request.user, group_id)
    meetings = (
        group.meetings.select_related("collection_sheet")
        .annotate(
            present_count=Count("attendance", filter=Q(attendance__present=True)),
            total_count=Count("attendance"),
        )
        .order_by("-held_on", "-id")
    )
    return render(
        request,
        "sheets/sheet_list.html",
        {
            "group": group,
            "page_obj": paginate(request, meetings),
            "may_write": access.can_write(request.user),
        },
    )


@login_required
@require_POST
def sheet_start(request, group_id):
    """Record today's meeting (local date at the group's place) and open its sheet."""
    group = access.access_books(request.user, group_id, write=True)
    try:
        meeting = group_services.record_meeting(acting_user=request.user, group=group)
    except ServiceError as err:
        messages.error(request, err.message)
        return redirect("sheets:sheet_list", group.pk)
    return redirect("sheets:sheet", meeting.pk)


def _parse(request, members) -> tuple[list[services.LineInput], dict, dict]:
    """The submitted sheet as LineInputs, the raw values to show again, and per-field errors."""
    lines, raw, errors = [], {}, {}
    for pid in members:
        values = {"person_id": pid, "present": request.POST.get(f"present-{pid}") == "on"}
        raw[pid] = {"present": values["present"]}
        for name in services.AMOUNT_FIELDS:
            text = request.POST.get(f"{name}-{pid}", "").strip()
            raw[pid][name] = text
            try:
                values[name] = rupiah(text) or 0
            except ValueError as err:
                errors[f"{name}-{pid}"] = str(err)
                values[name] = 0
        lines.append(services.LineInput(**values))
    return lines, raw, errors


@login_required
def sheet(request, pk):
    meeting = access.access_meeting_books(request.user, pk)
    posted = CollectionSheet.objects.filter(meeting=meeting).first()
    if posted is not None:
        return redirect("sheets:sheet_detail", posted.pk)
    may_write = access.can_write(request.user)
    prefill = services.prefill(meeting)
    members = {row["person_id"]: row["person"] for row in prefill}
    context = {
        "meeting": meeting,
        "group": meeting.group,
        "may_write": may_write,
        "fields": [(name, services.FIELD_LABELS[name]) for name in services.AMOUNT_FIELDS],
        "idempotency_key": uuid.uuid4().hex,
        "cash_counted": "",
        "opening_cash": services.opening_cash(meeting),
        "difference_reason": "",
        "errors": {},
        "error": "",
    }
    if request.method == "POST":
        access.access_books(request.user, meeting.group_id, write=True)
        lines, raw, errors = _parse(request, members)
        context.update(
            idempotency_key=request.POST.get("idempotency_key", ""),
            cash_counted=request.POST.get("cash_counted", ""),
            difference_reason=request.POST.get("difference_reason", ""),
        )
        try:
            cash = rupiah(context["cash_counted"])
            if cash is None:
                errors["cash_counted"] = _("Count the cash and enter the total.")
        except ValueError as err:
            errors["cash_counted"] = str(err)
        if not errors:
            try:
                posted = services.post_meeting(
                    meeting=meeting,
                    lines=lines,
                    cash_counted=cash,
                    difference_reason=context["difference_reason"],
                    acting_user=request.user,
                    idempotency_key=context["idempotency_key"],
                )
            except ServiceError as err:
                context["error"] = err.message
                errors.update(err.field_errors)
            else:
                messages.success(request, _("The meeting's sheet is posted."))
                return redirect("sheets:sheet_detail", posted.pk)
        context["errors"] = errors
        context["totals"] = services.sheet_totals(lines)
        for row in prefill:
            row.update(raw[row["person_id"]])
    for row in prefill:
        pid = row["person_id"]
        row["cells"] = [
            {
                "name": name,
                "label": label,
                "value": row[name],
                "error": context["errors"].get(f"{name}-{pid}", ""),
            }
            for name, label in context["fields"]
        ]
    context["rows"] = prefill
    return render(request, "sheets/sheet.html", context)


def _sheet_context(request, pk) -> dict:
    sheet = _sheet(request.user, pk)
    access.access_books(request.user, sheet.meeting.group_id)
    lines = list(sheet.lines.select_related("person"))
    context = {
        "sheet": sheet,
        "meeting": sheet.meeting,
        "group": sheet.meeting.group,
        "lines": lines,
        "totals": services.sheet_totals(lines),
        "fields": [(name, services.FIELD_LABELS[name]) for name in services.AMOUNT_FIELDS],
        "entries": sheet.meeting.entries.order_by("id"),
    }
    return context


@login_required
def sheet_detail(request, pk):
    return render(request, "sheets/sheet_detail.html", _sheet_context(request, pk))


@login_required
def sheet_print(request, pk):
    context = _sheet_context(request, pk)
    return printable(
        request, "sheets/sheet_print.html", context, f"sheet-{context['meeting'].held_on:%Y-%m-%d}.pdf"
    )


@login_required
def receipt(request, pk, person_id):
    """The receipt (kuitansi) a member takes home: what they paid and took, the total in words."""
    sheet = _sheet(request.user, pk)
    group, person = access.access_member_record(request.user, sheet.meeting.group_id, person_id)
    line = SheetLine.objects.filter(sheet=sheet, person=person).first()
    if line is None:
        raise Http404(_("Not found."))
    items = [
        (services.FIELD_LABELS[name], getattr(line, name))
        for name in SheetLine.CASH_IN_FIELDS
        if getattr(line, name)
    ]
    context = {"sheet": sheet, "group": group, "person": person, "line": line, "items": items}
    return printable(
        request, "sheets/receipt.html", context, f"receipt-{sheet.meeting.held_on:%Y-%m-%d}-{person.pk}.pdf"
    )
