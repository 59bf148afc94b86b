"""Loan pages. Each view parses input, fetches through ``access``, calls one service, renders.

A group's loans are part of its books: officers, facilitators and managers in scope work with them,
auditors and partners read them (403 on writes), members see only their own loan cards
(``access_member_record``); anyone outside scope gets 404.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from berdaya.accounts import access
from berdaya.core.errors import ServiceError
from berdaya.core.forms import apply_service_error
from berdaya.core.lists import paginate, search
from berdaya.core.money import thousands
from berdaya.core.pdf import printable
from berdaya.core.views import confirm_page, confirm_then, form_page, submit
from berdaya.groups.models import Membership
from berdaya.groups.services import local_today
from berdaya.people.models import Person

from . import forms, queries, services
from .models import Loan


def get_loan(user, pk, *, write: bool = False) -> Loan:
    """A loan in a group whose books the user may read (404 otherwise); ``write`` needs a writing role."""
    try:
        loan = (
            Loan.objects.select_related("group", "group__place", "person")
            .filter(access.group_q(user, "group__"))
            .get(pk=pk)
        )
    except (Loan.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Not found.")) from None
    access.access_books(user, loan.group_id, write=write)
    return loan


def get_own_loan(user, pk) -> Loan:
    """A loan the user may read as a loan card: any in their books' scope, or a member's own."""
    try:
        loan = (
            Loan.objects.select_related("group", "group__place", "person")
            .filter(access.group_q(user, "group__"))
            .get(pk=pk)
        )
    except (Loan.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Not found.")) from None
    access.access_member_record(user, loan.group_id, loan.person_id)
    return loan


def _detail_url(loan) -> str:
    return reverse("loans:loan_detail", args=[loan.pk])


def _today(group):
    return local_today(group.place)


def _members(group):
    return Person.objects.filter(
        pk__in=Membership.objects.filter(group=group, left_on__isnull=True).values("person_id")
    ).order_by("full_name")


# --- lists --------------------------------------------------------------------------------------------


@login_required
def group_loans(request, group_id):
    group = access.access_books(request.user, group_id)
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    qs = search(queries.loans_for_group(group), q, ["person__full_name"])
    if status in Loan.Status.values:
        qs = qs.filter(status=status)
    today = _today(group)
    context = {
        "group": group,
        "page_obj": paginate(request, qs),
        "q": q,
        "status": status,
        "statuses": Loan.Status.choices,
        "summary": queries.portfolio([group.pk], today),
        "owed": queries.cover_owed(group),
        "today": today,
        "may_write": access.can_write(request.user),
    }
    return render(request, "loans/group_loans.html", context)


@login_required
def my_loans(request):
    """A member's own loans, in every group they belong to (the way to their loan cards)."""
    person_id = request.user.person_id
    loans = (
        Loan.objects.filter(access.group_q(request.user, "group__"), person_id=person_id)
        .select_related("group")
        .order_by("-applied_on", "-id")
        if person_id
        else Loan.objects.none()
    )
    return render(request, "loans/my_loans.html", {"page_obj": paginate(request, loans)})


# --- one loan -----------------------------------------------------------------------------------------


def _card_context(loan) -> dict:
    today = _today(loan.group)
    rows = queries.schedule_rows(loan)
    return {
        "loan": loan,
        "group": loan.group,
        "rows": rows,
        "payments": loan.payments.order_by("on_date", "id"),
        "rate": queries.effective_rate(loan, rows),
        "arrears": queries.loan_arrears(loan, today),
        "grade_labels": queries.GRADE_LABELS,
        "due": queries.amount_due(loan, today) if loan.is_active else None,
        "today": today,
        "totals": {
            "principal": sum(r["principal"] for r in rows),
            "interest": sum(r["interest"] for r in rows),
            "total": sum(r["total"] for r in rows),
            "paid": sum(r["paid"] for r in rows),
        },
    }


@login_required
def loan_detail(request, pk):
    loan = get_loan(request.user, pk)
    context = _card_context(loan)
    context["may_write"] = access.can_write(request.user)
    context["joint"] = bool(getattr(getattr(loan.group, "bylaws", None), "joint_liability", False))
    context["covers"] = loan.covers.order_by("on_date")
    return render(request, "loans/loan_detail.html", context)


@login_required
def loan_card(request, pk):
    loan = get_own_loan(request.user, pk)
    return printable(request, "loans/loan_card.html", _card_context(loan), f"loan-card-{loan.pk}.pdf")


# --- application and decision -----------------------------------------------------------------------------


@login_required
def loan_apply(request, group_id):
    group = access.access_books(request.user, group_id, write=True)
    policy = services.policy_for(group)
    initial = {
        "rate_percent": policy.default_rate_percent,
        "method": policy.default_method,
        "frequency": policy.default_frequency,
    }
    form = forms.ApplyForm(request.POST or None, members=_members(group), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            form,
            lambda: services.apply(group=group, acting_user=request.user, **data),
            _detail_url,
            _("Application recorded. Another officer must now approve it."),
        )
        if done:
            return done
    owed = queries.cover_owed(group) if policy.block_loans_while_cover_owed else []
    intro = _("Someone other than you approves it afterwards (maker-checker).")
    if owed:
        intro = _(
            "Joint-liability cover is owed in this group; the policy blocks new loans until it is settled."
        )
    return form_page(
        request,
        form,
        title=_("New loan application"),
        back_url=reverse("loans:group_loans", args=[group.pk]),
        intro=intro,
        submit_label=_("Record application"),
    )


def _keyed_posting(request, form, service, *, success, next_url, fields=(), **target):
    """Post from a valid dated, keyed form (pay-out, repayment, cover, settlement): they differ only in
    the service, what it acts on (``target``), the extra ``fields`` it takes and the message.

    Returns the redirect to ``next_url`` once posted, or None to show the page again (a refusal is shown
    on the form). ``success`` is the message, or a function of what the service returned.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        result = service(
            **target,
            **{name: data[name] for name in fields},
            on_date=data["on_date"],
            acting_user=request.user,
            idempotency_key=data["idempotency_key"],
        )
    except ServiceError as e:
        apply_service_error(form, e)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return redirect(next_url)


@login_required
def loan_approve(request, pk):
    loan = get_loan(request.user, pk, write=True)
    return confirm_then(
        request,
        call=lambda: services.approve(loan=loan, acting_user=request.user),
        back=_detail_url(loan),
        done_url=_detail_url(loan),
        title=_("Approve loan"),
        question=_("Approve a loan of Rp%(principal)s to %(person)s?")
        % {"principal": thousands(loan.principal), "person": loan.person.full_name},
        detail=_("You must not be the person who recorded the application."),
        confirm_label=_("Approve"),
        success_message=_("Loan approved."),
    )


@login_required
def loan_reject(request, pk):
    loan = get_loan(request.user, pk, write=True)
    form = forms.RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.reject(loan=loan, reason=form.cleaned_data["reason"], acting_user=request.user),
            _detail_url(loan),
            _("Application rejected."),
        )
        if done:
            return done
    return confirm_page(
        request,
        title=_("Reject application"),
        question=_("Reject the loan application of %(person)s?") % {"person": loan.person.full_name},
        detail=_("The member sees the reason on their loan card."),
        confirm_label=_("Reject"),
        back_url=_detail_url(loan),
        form=form,
    )


@login_required
def loan_disburse(request, pk):
    loan = get_loan(request.user, pk, write=True)
    form = forms.DateKeyForm(
        request.POST or None, initial={"on_date": _today(loan.group), "idempotency_key": uuid.uuid4().hex}
    )
    done = _keyed_posting(
        request,
        form,
        services.disburse,
        loan=loan,
        success=_("Loan paid out; the schedule is fixed."),
        next_url=_detail_url(loan),
    )
    if done:
        return done
    return confirm_page(
        request,
        title=_("Pay out loan"),
        question=_("Pay Rp%(principal)s from the group's cash to %(person)s?")
        % {"principal": thousands(loan.principal), "person": loan.person.full_name},
        detail=_("This posts to the books and fixes the repayment schedule; it cannot be undone here."),
        confirm_label=_("Pay out"),
        back_url=_detail_url(loan),
        form=form,
    )


# --- repayment and cover -------------------------------------------------------------------------------


@login_required
def loan_repay(request, pk):
    loan = get_loan(request.user, pk, write=True)
    today = _today(loan.group)
    due = queries.amount_due(loan, today) if loan.is_active else None
    initial = {"on_date": today, "idempotency_key": uuid.uuid4().hex}
    if due:
        initial["amount"] = due["total_due"] or None
    form = forms.AmountForm(request.POST or None, initial=initial)
    done = _keyed_posting(
        request,
        form,
        services.repay,
        loan=loan,
        fields=("amount",),
        success=lambda payment: (
            _("Repayment recorded: Rp%(amount)s.") % {"amount": thousands(payment.amount)}
        ),
        next_url=_detail_url(loan),
    )
    if done:
        return done
    intro = ""
    if due:
        intro = _("Due today: Rp%(due)s. Still owed on the whole loan: Rp%(outstanding)s.") % {
            "due": thousands(due["total_due"]),
            "outstanding": thousands(due["outstanding"]),
        }
    return form_page(
        request,
        form,
        title=_("Repayment by %(person)s") % {"person": loan.person.full_name},
        back_url=_detail_url(loan),
        intro=intro,
        submit_label=_("Record repayment"),
    )


@login_required
def loan_cover(request, pk):
    loan = get_loan(request.user, pk, write=True)
    today = _today(loan.group)
    form = forms.DateKeyForm(
        request.POST or None, initial={"on_date": today, "idempotency_key": uuid.uuid4().hex}
    )
    done = _keyed_posting(
        request,
        form,
        services.cover_instalment,
        loan=loan,
        success=lambda cover: cover.explanation.replace("\n", " "),
        next_url=reverse("loans:covers", kwargs={"group_id": loan.group_id}),
    )
    if done:
        return done
    due = queries.amount_due(loan, today) if loan.is_active else {"total_due": 0}
    policy = services.policy_for(loan.group)
    return confirm_page(
        request,
        title=_("Cover an unpaid instalment (tanggung renteng)"),
        question=_(
            "The group pays Rp%(due)s due and unpaid by %(person)s; %(person)s then owes it to those who paid."
        )
        % {"due": thousands(due["total_due"]), "person": loan.person.full_name},
        detail=_("Split: %(split)s. The amount is what is due on the date you enter.")
        % {"split": policy.get_cover_split_display()},
        confirm_label=_("Cover"),
        back_url=_detail_url(loan),
        form=form,
    )


@login_required
def covers(request, group_id):
    group = access.access_books(request.user, group_id)
    debts = Paginator(list(queries.open_cover_debts(group)), 50).get_page(request.GET.get("page"))
    context = {
        "group": group,
        "owed": queries.cover_owed(group),
        "page_obj": debts,
        "may_write": access.can_write(request.user),
    }
    return render(request, "loans/covers.html", context)


@login_required
def cover_settle(request, group_id, person_id):
    group = access.access_books(request.user, group_id, write=True)
    owed = next((r for r in queries.cover_owed(group) if r["person_id"] == int(person_id)), None)
    if owed is None:
        raise Http404(_("Not found."))
    person = Person.objects.get(pk=person_id)
    form = forms.AmountForm(
        request.POST or None,
        initial={"amount": owed["owed"], "on_date": _today(group), "idempotency_key": uuid.uuid4().hex},
    )
    done = _keyed_posting(
        request,
        form,
        services.settle_cover,
        group=group,
        defaulter=person,
        fields=("amount",),
        success=_("Cover settlement recorded; the members who covered are paid back."),
        next_url=reverse("loans:covers", kwargs={"group_id": group.pk}),
    )
    if done:
        return done
    return form_page(
        request,
        form,
        title=_("%(person)s pays back cover") % {"person": person.full_name},
        back_url=reverse("loans:covers", args=[group.pk]),
        intro=_("Owed: Rp%(owed)s. The oldest cover is paid back first.") % {"owed": thousands(owed["owed"])},
        submit_label=_("Record settlement"),
    )


# --- policy and portfolio -----------------------------------------------------------------------------


@login_required
def policy_edit(request, group_id):
    group = access.access_books(request.user, group_id, write=True)
    policy = services.policy_for(group)
    form = forms.PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        done = submit(
            request,
            form,
            lambda: services.update_policy(group=group, changes=changes, acting_user=request.user),
            reverse("loans:group_loans", kwargs={"group_id": group.pk}),
            _("Loan policy saved."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Loan policy of %(group)s") % {"group": group.name},
        back_url=reverse("loans:group_loans", args=[group.pk]),
        intro=_("Changes apply to loans paid out from now on; schedules already fixed do not move."),
    )


@login_required
def portfolio(request, group_id):
    group = access.access_books(request.user, group_id)
    today = _today(group)
    late = queries.arrears_rows(today, [group.pk], only_late=True)
    names = dict(Person.objects.filter(pk__in={r["person_id"] for r in late}).values_list("pk", "full_name"))
    for r in late:
        r["person_name"] = names.get(r["person_id"], "")
        r["grade_label"] = queries.GRADE_LABELS[r["grade"]]
    late.sort(key=lambda r: -r["days_past_due"])
    context = {
        "group": group,
        "today": today,
        "p": queries.portfolio([group.pk], today),
        "grade_labels": queries.GRADE_LABELS,
        "policy": services.policy_for(group),
        "page_obj": Paginator(late, 50).get_page(request.GET.get("page")),
    }
    return render(request, "loans/portfolio.html", context)
