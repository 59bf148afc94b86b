"""Revolving fund pages. Each view parses input, fetches through ``access``, calls one service, renders.

Managers and admins create grants, add groups and set plans (a programme decision, scoped with
``access_programme(write=True)``); officers and facilitators of the group record receipts,
disbursements, repayments, re-lending and deduction rules (``access_books(write=True)``). Auditors and
partners read; members see only their own disbursement receipt.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from berdaya.accounts import access
from berdaya.core.errors import ServiceError
from berdaya.core.forms import apply_service_error
from berdaya.core.lists import paginate
from berdaya.core.money import thousands
from berdaya.core.pdf import printable
from berdaya.core.views import confirm_then, form_page, submit
from berdaya.groups.models import Group
from berdaya.people.models import Person

from . import forms, queries, services
from .models import Allocation, DeductionRule, Grant, GrantGroup


def _grant(user, pk) -> Grant:
    grant = queries.visible_grants(user).select_related("programme", "agency").filter(pk=pk).first()
    if grant is None:
        raise Http404(_("Not found."))
    return grant


def _grant_group(user, pk, group_id, *, write: bool = False) -> tuple[Grant, Group]:
    grant = _grant(user, pk)
    group = _books(user, group_id, write=write)
    if not GrantGroup.objects.filter(grant=grant, group=group).exists():
        raise Http404(_("Not found."))
    return grant, group


def _books(user, group_id, *, write: bool = False) -> Group:
    # A member never reaches the group's fund pages, not even to be told they may not write: 404 first.
    if not access.can_see_books(user):
        raise Http404(_("Not found."))
    return access.access_books(user, group_id, write=write)


def _allocation(user, pk, *, write: bool = False) -> Allocation:
    allocation = (
        Allocation.objects.filter(access.group_q(user, "group__"))
        .select_related("grant", "group__place", "person")
        .filter(pk=pk)
        .first()
    )
    if allocation is None:
        raise Http404(_("Not found."))
    _books(user, allocation.group_id, write=write)
    return allocation


def _members(group: Group):
    return Person.objects.filter(memberships__group=group, memberships__left_on__isnull=True).order_by(
        "full_name"
    )


def _with_lineage(allocs, lineage: dict) -> list:
    allocs = list(allocs)
    for a in allocs:
        a.lineage = lineage.get(a.pk, [])
    return allocs


def _tree(allocs: list) -> list[tuple[int, Allocation, int]]:
    """Lineage as an indented list: (depth, allocation, amount from the parent), parents before children."""
    children: dict[int, list] = {}
    for a in allocs:
        for src in a.lineage:
            children.setdefault(src["source"], []).append((a, src["amount"]))
    out: list = []

    def walk(a, depth, amount):
        out.append((depth, a, amount))
        if depth < 20:  # lineage is acyclic; the bound only protects the page from a corrupted row
            for child, amt in children.get(a.pk, []):
                walk(child, depth + 1, amt)

    for a in allocs:
        if not a.lineage:
            walk(a, 0, a.gross)
    return out


def _days(request) -> int:
    form = forms.AuditForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data["days"] is not None:
        return form.cleaned_data["days"]
    return queries.DEFAULT_DAYS


def _detail_url(pk) -> str:
    return reverse("funds:grant_detail", args=[pk])


# --- grants -----------------------------------------------------------------------------------------


@login_required
def grant_list(request):
    user = request.user
    if not access.can_see_books(user):
        raise Http404(_("Not found."))
    q = request.GET.get("q", "").strip()
    programme_id = request.GET.get("programme", "")
    page_obj = paginate(request, queries.grants_for_list(user, q=q, programme_id=programme_id))
    context = {
        "page_obj": page_obj,
        "q": q,
        "programmes": access.visible_programmes(user).only("name"),
        "programme_id": programme_id,
        "may_create": access.can_manage(user) and access.writable_programmes(user).exists(),
    }
    return render(request, "funds/grant_list.html", context)


@login_required
def grant_create(request):
    user = request.user
    access.require_manage(user)
    programmes = access.writable_programmes(user)
    groups = Group.objects.filter(programme__in=programmes).filter(access.group_q(user)).order_by("name")
    form = forms.GrantForm(
        request.POST or None,
        programmes=programmes,
        agencies=access.visible_agencies(user),
        groups=groups,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        programme = access.access_programme(user, data["programme"].pk, write=True)
        done = submit(
            request,
            form,
            lambda: services.create_grant(
                programme=programme,
                agency=data["agency"],
                reference=data["reference"],
                source=data["source"],
                amount=data["amount"],
                granted_on=data["granted_on"],
                groups=[(data["group"], data["amount"])],
                note=data["note"],
                acting_user=user,
            ),
            lambda grant: reverse("funds:plan_edit", kwargs={"pk": grant.pk, "group_id": data["group"].pk}),
            _("Grant recorded. Now plan who receives how much."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("New stimulant grant"),
        back_url=reverse("funds:grant_list"),
        intro=_("A grant from an agency to a group; the plan per beneficiary comes next."),
    )


@login_required
def grant_add_group(request, pk):
    user = request.user
    grant = _grant(user, pk)
    access.access_programme(user, grant.programme_id, write=True)
    groups = (
        Group.objects.filter(programme_id=grant.programme_id)
        .exclude(pk__in=grant.shares.values("group_id"))
        .order_by("name")
    )
    form = forms.AddGroupForm(request.POST or None, groups=groups)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.add_group(
                grant=grant,
                group=form.cleaned_data["group"],
                amount=form.cleaned_data["amount"],
                acting_user=user,
            ),
            reverse("funds:plan_edit", kwargs={"pk": grant.pk, "group_id": form.cleaned_data["group"].pk}),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Add a group to grant %(ref)s") % {"ref": grant.reference},
        back_url=_detail_url(grant.pk),
        intro=_("The grant's total grows by the group's amount."),
    )


@login_required
def grant_detail(request, pk):
    user = request.user
    grant = _grant(user, pk)
    days = _days(request)
    visible = Group.objects.filter(access.group_q(user))
    # A facilitator may see only some of the grant's groups: show those.
    group_ids = list(grant.shares.filter(group__in=visible).values_list("group_id", flat=True))
    positions = [r for r in queries.position_rows(grant) if r["group_id"] in group_ids]
    report = queries.audit(grant=grant, days=days)
    report["findings"] = [f for f in report["findings"] if f.group_id in group_ids]
    allocs = _with_lineage(
        [a for a in queries.allocations(grant) if a.group_id in group_ids], queries.lineage(grant)
    )
    context = {
        "grant": grant,
        "positions": positions,
        "plan": [p for p in queries.plan_rows(grant) if p.group_id in group_ids],
        "allocations": allocs,
        "tree": _tree(allocs),
        "report": report,
        "days": days,
        "may_manage": access.can_manage(user)
        and access.writable_programmes(user).filter(pk=grant.programme_id).exists(),
        "may_write": access.can_write(user),
    }
    return render(request, "funds/grant_detail.html", context)


@login_required
def grant_audit(request, pk):
    user = request.user
    grant = _grant(user, pk)
    days = _days(request)
    group_ids = set(grant.shares.filter(access.group_q(user, "group__")).values_list("group_id", flat=True))
    report = queries.audit(grant=grant, days=days)
    report["findings"] = [f for f in report["findings"] if f.group_id in group_ids]
    report["outstanding"] = [r for r in report["outstanding"] if r["group_id"] in group_ids]
    return render(
        request,
        "funds/audit.html",
        {"grant": grant, "report": report, "days": days, "back_url": _detail_url(pk)},
    )


@login_required
def plan_edit(request, pk, group_id):
    user = request.user
    grant = _grant(user, pk)
    access.access_programme(user, grant.programme_id, write=True)
    group = access.access_group(user, group_id)
    share = GrantGroup.objects.filter(grant=grant, group=group).first()
    if share is None:
        raise Http404(_("Not found."))
    members = list(_members(group))
    current = {p.person_id: p for p in queries.plan_rows(grant, group)}
    error = ""
    rows = []
    if request.method == "POST":
        items, bad = [], False
        for person in members:
            raw_amount = request.POST.get(f"amount_{person.pk}", "").strip().replace(".", "")
            raw_date = request.POST.get(f"date_{person.pk}", "").strip()
            rows.append({"person": person, "amount": raw_amount, "date": raw_date})
            if not raw_amount:
                continue
            try:
                items.append(services.PlanItem(person.pk, int(raw_amount), dt.date.fromisoformat(raw_date)))
            except ValueError:
                bad = True
                rows[-1]["error"] = _("Give a whole number of rupiah and a date.")
        if not bad:
            try:
                services.set_plan(grant=grant, group=group, items=items, acting_user=user)
            except ServiceError as e:
                error = e.message
            else:
                messages.success(request, _("Plan saved."))
                return redirect("funds:grant_detail", pk=grant.pk)
        else:
            error = _("Some rows are not valid.")
    else:
        for person in members:
            line = current.get(person.pk)
            rows.append(
                {
                    "person": person,
                    "amount": line.amount if line else "",
                    "date": line.planned_on.isoformat() if line else "",
                }
            )
    return render(
        request,
        "funds/plan_edit.html",
        {
            "grant": grant,
            "group": group,
            "share": share,
            "rows": rows,
            "error": error,
            "back_url": _detail_url(pk),
        },
    )


# --- money movements --------------------------------------------------------------------------------


@login_required
def receive(request, pk, group_id):
    grant, group = _grant_group(request.user, pk, group_id, write=True)
    form = forms.ReceiveForm(
        request.POST or None, initial={"on_date": services.default_today(group), "into": "1100"}
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.receive_grant(
                grant=grant,
                group=group,
                on_date=form.cleaned_data["on_date"],
                into=form.cleaned_data["into"],
                acting_user=request.user,
            ),
            _detail_url(grant.pk),
            _("Grant received in the books of %(group)s.") % {"group": group.name},
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Receive grant %(ref)s in %(group)s") % {"ref": grant.reference, "group": group.name},
        back_url=_detail_url(grant.pk),
        submit_label=_("Record receipt"),
    )


def _lend_page(request, grant, group, *, relending: bool):
    user = request.user
    members = _members(group)
    initial = {
        "on_date": services.default_today(group),
        "paid_from": "1100",
        "idempotency_key": uuid.uuid4().hex,
    }
    if request.GET.get("person"):
        initial["person"] = request.GET["person"]
        planned = (
            queries.plan_rows(grant, group).filter(person_id=request.GET["person"]).first()
            if request.GET["person"].isdigit()
            else None
        )
        if planned:
            initial["gross"] = planned.amount
    form = forms.LendForm(request.POST or None, members=members, initial=initial)
    breakdown = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            breakdown = services.preview(group=group, gross=data["gross"])
            if "preview" not in request.POST:
                fn = services.relend if relending else services.disburse
                allocation = fn(
                    grant=grant,
                    group=group,
                    person_id=data["person"].pk,
                    gross=data["gross"],
                    on_date=data["on_date"],
                    paid_from=data["paid_from"],
                    acting_user=user,
                    idempotency_key=data["idempotency_key"] or None,
                )
                messages.success(
                    request,
                    _("Rp%(net)s paid to %(person)s (generation %(generation)s).")
                    % {
                        "net": thousands(allocation.net),
                        "person": allocation.person.full_name,
                        "generation": allocation.generation,
                    },
                )
                return redirect("funds:receipt", pk=allocation.pk)
        except ServiceError as e:
            apply_service_error(form, e)
    elif request.method != "POST" and initial.get("gross"):
        try:
            breakdown = services.preview(group=group, gross=initial["gross"])
        except ServiceError:
            breakdown = None
    position = queries.position_rows(grant, group)[0]
    return render(
        request,
        "funds/lend.html",
        {
            "grant": grant,
            "group": group,
            "form": form,
            "breakdown": breakdown,
            "position": position,
            "relending": relending,
            "relendable": services.relendable(grant, group) if relending else {},
            "back_url": _detail_url(grant.pk),
        },
    )


@login_required
def disburse(request, pk, group_id):
    grant, group = _grant_group(request.user, pk, group_id, write=True)
    return _lend_page(request, grant, group, relending=False)


@login_required
def relend(request, pk, group_id):
    grant, group = _grant_group(request.user, pk, group_id, write=True)
    return _lend_page(request, grant, group, relending=True)


@login_required
def breakdown(request, group_id):
    """The gross → net breakdown as an htmx fragment, recomputed as the amount is typed."""
    group = access.access_books(request.user, group_id)
    result, error = None, ""
    try:
        result = services.preview(group=group, gross=int(request.GET.get("gross") or 0))
    except (ServiceError, ValueError) as e:
        error = getattr(e, "message", "") or _("Give a whole number of rupiah.")
    return render(request, "funds/_breakdown.html", {"breakdown": result, "error": error})


@login_required
def repay(request, pk):
    allocation = _allocation(request.user, pk, write=True)
    owed = services.outstanding(allocation)
    form = forms.RepayForm(
        request.POST or None,
        initial={"on_date": services.default_today(allocation.group), "idempotency_key": uuid.uuid4().hex},
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.repay(
                allocation=allocation,
                amount=form.cleaned_data["amount"],
                on_date=form.cleaned_data["on_date"],
                acting_user=request.user,
                idempotency_key=form.cleaned_data["idempotency_key"] or None,
            ),
            _detail_url(allocation.grant_id),
            _("Repayment recorded."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Repayment by %(person)s") % {"person": allocation.person.full_name},
        back_url=_detail_url(allocation.grant_id),
        intro=_("Lent Rp%(gross)s on %(date)s (generation %(generation)s); still owed Rp%(owed)s.")
        % {
            "gross": thousands(allocation.gross),
            "date": allocation.on_date.isoformat(),
            "generation": allocation.generation,
            "owed": thousands(owed),
        },
        submit_label=_("Record repayment"),
    )


@login_required
def receipt(request, pk):
    """The disbursement receipt: gross, each deduction, net paid, the net in words. A member gets their own."""
    allocation = (
        Allocation.objects.filter(access.group_q(request.user, "group__"))
        .select_related("grant__agency", "group", "person")
        .filter(pk=pk)
        .first()
    )
    if allocation is None:
        raise Http404(_("Not found."))
    access.access_member_record(request.user, allocation.group_id, allocation.person_id)
    context = {
        "allocation": allocation,
        "deductions": list(allocation.deductions.all()),
        "sources": queries.lineage(group=allocation.group).get(allocation.pk, []),
        "back": _detail_url(allocation.grant_id) if access.can_see_books(request.user) else reverse("home"),
    }
    return printable(request, "funds/receipt.html", context, f"fund-receipt-{allocation.pk}.pdf")


# --- group pages ------------------------------------------------------------------------------------


@login_required
def group_funds(request, group_id):
    user = request.user
    group = access.access_books(user, group_id)
    days = _days(request)
    context = {
        "group": group,
        "positions": queries.position_rows(group=group),
        "allocations": _with_lineage(queries.allocations(group=group), queries.lineage(group=group)),
        "report": queries.audit(group=group, days=days),
        "rules": DeductionRule.objects.filter(group=group),
        "days": days,
        "may_write": access.can_write(user),
    }
    return render(request, "funds/group_funds.html", context)


@login_required
def group_rules(request, group_id):
    user = request.user
    may_write = access.can_write(user)
    group = _books(user, group_id, write=request.method == "POST")
    form = forms.RuleForm(request.POST or None, initial={"rounding": 1})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            form,
            lambda: services.add_rule(
                group=group,
                rule=services.RuleInput(
                    name=data["name"],
                    kind=data["kind"],
                    account=data["account"],
                    percent=data["percent"] if data["percent"] is not None else 0,
                    fixed_amount=data["fixed_amount"] or 0,
                    rounding=data["rounding"] or 1,
                ),
                acting_user=user,
            ),
            reverse("funds:group_rules", kwargs={"group_id": group.pk}),
            _("Deduction rule added."),
        )
        if done:
            return done
    example = None
    try:
        example = services.preview(group=group, gross=500_000)
    except ServiceError:
        example = None
    return render(
        request,
        "funds/group_rules.html",
        {
            "group": group,
            "rules": DeductionRule.objects.filter(group=group),
            "form": form,
            "may_write": may_write,
            "example": example,
        },
    )


@login_required
def rule_remove(request, pk):
    rule = (
        DeductionRule.objects.filter(access.group_q(request.user, "group__"), pk=pk)
        .select_related("group")
        .first()
    )
    if rule is None:
        raise Http404(_("Not found."))
    _books(request.user, rule.group_id, write=True)
    back = reverse("funds:group_rules", args=[rule.group_id])
    return confirm_then(
        request,
        call=lambda: services.remove_rule(rule=rule, acting_user=request.user),
        back=back,
        done_url=back,
        title=_("Remove deduction rule"),
        question=_("Remove the rule “%(name)s”?") % {"name": rule.name},
        detail=_("Disbursements already made keep the deductions they had."),
        confirm_label=_("Remove"),
        success_message=_("Deduction rule removed."),
    )
