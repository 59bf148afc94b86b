"""Meeting collection sheet pages: the list of a group's meetings, the sheet, the posted sheet, receipts.

Views parse the submitted figures, fetch through ``access``, call ``services.post_meeting`` and render.
"""

from __future__ import annotations

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import get_text_list
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
        shown = services.preview(meeting, lines)
        context["totals"] = shown["totals"]
        for row in prefill:
            row.update(raw[row["person_id"]])
            split = shown["settlements"].get(row["person_id"])
            if split is not None and split.handed_back:
                row["handed_back_text"] = services.handed_back_text(split)
    for row in prefill:
        row["cells"] = _cells(row, context["fields"], context["errors"])
    context["rows"] = prefill
    context["cover_owed"] = any(row["cover_owed"] for row in prefill)
    return render(request, "sheets/sheet.html", context)


def _cells(row: dict, fields, errors: dict) -> list[dict]:
    """The inputs of one member's card. A cover settlement or fund repayment appears only for a member
    who owes one (or when something was typed there, so a refusal can be corrected)."""
    pid = row["person_id"]
    owed = {"cover_settlement": row["cover_owed"], "fund_repayment": row["fund_owed"]}
    cells = []
    for name, label in fields:
        if name in services.OPTIONAL_FIELDS and not owed[name] and not row[name]:
            continue
        cell = {
            "name": name,
            "label": label,
            "value": row[name],
            "error": errors.get(f"{name}-{pid}", ""),
            # data-amount: how the running total counts the field (a withdrawal goes out).
            "sign": -1 if name == "withdrawal" else 1,
        }
        if name in services.OPTIONAL_FIELDS:
            cell["wide"] = True  # the whole width of the card, with what is owed under it
        if name == "cover_settlement":
            cell["owed"] = owed[name]
            cell["debts"] = json.dumps(
                [[amount, 0 if who is None else 1] for amount, who in row["cover_debts"]]
            )
            cell["to_fund"] = sum(amount for amount, who in row["cover_debts"] if who is None)
            cell["to_members"] = get_text_list(
                list(dict.fromkeys(who for _amount, who in row["cover_debts"] if who)), _("and")
            )
            cell["handed_back_text"] = row.get("handed_back_text", "")
        elif name == "fund_repayment":
            cell["owed"] = owed[name]
        cells.append(cell)
    return cells


def _sheet_context(request, pk) -> dict:
    sheet = _sheet(request.user, pk)
    access.access_books(request.user, sheet.meeting.group_id)
    lines = list(sheet.lines.select_related("person"))
    totals = services.sheet_totals(lines)
    # A cover settlement or fund repayment column only when the sheet has one: the sheet stays narrow.
    names = [n for n in services.AMOUNT_FIELDS if n not in services.OPTIONAL_FIELDS or totals[n]]
    settlements = services.settlements_of(sheet, lines)
    for line in lines:
        line.amounts = [getattr(line, n) for n in names]
        split = settlements.get(line.person_id)
        line.handed_back_text = services.handed_back_text(split) if split and split.handed_back else ""
    context = {
        "sheet": sheet,
        "meeting": sheet.meeting,
        "group": sheet.meeting.group,
        "lines": lines,
        "totals": totals,
        "total_amounts": [totals[n] for n in names],
        "fields": [(name, services.FIELD_LABELS[name]) for name in names],
        "settling": [line for line in lines if line.cover_settlement],
        "entries": services.sheet_entries(sheet),
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
    settling = list(SheetLine.objects.filter(sheet=sheet, cover_settlement__gt=0).select_related("person"))
    settlements = services.settlements_of(sheet, settling)
    split = settlements.get(person.pk)
    # A member who covered someone may be handed part of that cover back at this meeting: cash to them.
    paid_back = [
        (other.person.full_name, settlements[other.person_id].to_members[person.pk])
        for other in settling
        if person.pk in getattr(settlements.get(other.person_id), "to_members", {})
    ]
    context = {
        "sheet": sheet,
        "group": group,
        "person": person,
        "line": line,
        "items": items,
        "handed_back_text": services.handed_back_text(split) if split and split.handed_back else "",
        "paid_back": paid_back,
        "paid_back_total": sum(amount for _name, amount in paid_back),
    }
    return printable(
        request, "sheets/receipt.html", context, f"receipt-{sheet.meeting.held_on:%Y-%m-%d}-{person.pk}.pdf"
    )
