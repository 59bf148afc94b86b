"""Arisan pages. Each view parses input, fetches through ``access``, calls one service, renders.

Members of the group see its cycles, the grid and the verification of every draw (read only);
officers, facilitators and managers in scope run them; auditors and partners only read.
What members owe the arisan (receivables) is part of the group's books: members do not see that list.
"""

from __future__ import annotations

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
from berdaya.core.lists import paginate, search
from berdaya.core.pdf import printable
from berdaya.core.views import confirm_page, confirm_then, form_page, submit
from berdaya.groups.models import Membership
from berdaya.groups.services import local_today
from berdaya.people.models import Person

from . import forms, queries, services
from .models import Cycle, Holder, Round


def get_cycle(user, pk, *, write: bool = False) -> Cycle:
    """A cycle of a group the user may see (404 otherwise); ``write`` also needs a writing role (403)."""
    try:
        cycle = Cycle.objects.select_related("group").filter(access.group_q(user, "group__")).get(pk=pk)
    except Cycle.DoesNotExist:
        raise Http404(_("Not found.")) from None
    access.access_group(user, cycle.group_id, write=write)
    return cycle


def get_round(user, pk, *, write: bool = False) -> Round:
    try:
        rnd = (
            Round.objects.select_related("cycle", "cycle__group", "winner_slot")
            .filter(access.group_q(user, "cycle__group__"))
            .get(pk=pk)
        )
    except Round.DoesNotExist:
        raise Http404(_("Not found.")) from None
    access.access_group(user, rnd.cycle.group_id, write=write)
    return rnd


def _cycle_url(cycle_id) -> str:
    return reverse("arisan:cycle_detail", args=[cycle_id])


def _round_url(round_id) -> str:
    return reverse("arisan:round_detail", args=[round_id])


# --- cycles -----------------------------------------------------------------------------------------


@login_required
def cycle_list(request, group_id):
    group = access.access_group(request.user, group_id)
    q = request.GET.get("q", "").strip()
    page_obj = paginate(request, search(queries.cycles_for_group(group), q, ["name"]))
    context = {
        "group": group,
        "page_obj": page_obj,
        "q": q,
        "may_write": access.can_write(request.user),
        "may_see_books": access.can_see_books(request.user),
    }
    return render(request, "arisan/cycle_list.html", context)


@login_required
def cycle_create(request, group_id):
    group = access.access_group(request.user, group_id, write=True)
    members = Person.objects.filter(
        pk__in=Membership.objects.filter(group=group, left_on__isnull=True).values("person_id")
    ).order_by("full_name")
    bylaws = getattr(group, "bylaws", None)
    initial = {
        "start_on": local_today(group.place),
        "contribution": getattr(bylaws, "arisan_amount", None) or None,
        "cadence": Cycle.Cadence.MONTHLY,
        "draw_method": Cycle.Method.LOT,
    }
    form = forms.CycleForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cycle = services.start_cycle(
                group=group,
                name=data["name"],
                contribution=data["contribution"],
                start_on=data["start_on"],
                cadence=data["cadence"],
                method=data["draw_method"],
                slots=form.slots(),
                acting_user=request.user,
            )
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            messages.success(request, _("Arisan %(name)s started.") % {"name": cycle.name})
            return redirect("arisan:cycle_detail", pk=cycle.pk)
    context = {"group": group, "form": form, "back_url": reverse("arisan:cycles", args=[group.pk])}
    return render(request, "arisan/cycle_form.html", context)


@login_required
def cycle_detail(request, pk):
    cycle = get_cycle(request.user, pk)
    context = {
        "cycle": cycle,
        "group": cycle.group,
        **queries.cycle_grid(cycle),
        "current": queries.current_round(cycle),
        "may_write": access.can_write(request.user),
    }
    return render(request, "arisan/cycle_detail.html", context)


@login_required
def cycle_print(request, pk):
    cycle = get_cycle(request.user, pk)
    context = {"cycle": cycle, "group": cycle.group, **queries.cycle_grid(cycle)}
    return printable(request, "arisan/cycle_print.html", context, f"arisan-{cycle.pk}.pdf")


@login_required
def verify(request, pk):
    cycle = get_cycle(request.user, pk)
    context = {
        "cycle": cycle,
        "group": cycle.group,
        "result": queries.verify_cycle(cycle),
        "may_reveal": access.can_write(request.user)
        and cycle.is_lot
        and not cycle.rounds.filter(winner_slot__isnull=True).exists(),
    }
    return render(request, "arisan/verify.html", context)


@login_required
def reveal(request, pk):
    cycle = get_cycle(request.user, pk, write=True)
    back = reverse("arisan:verify", args=[cycle.pk])
    return confirm_then(
        request,
        call=lambda: services.reveal_seed(cycle=cycle, acting_user=request.user),
        back=back,
        done_url=back,
        title=_("Reveal the seed"),
        question=_("Reveal the secret seed of %(name)s?") % {"name": cycle.name},
        detail=_(
            "Everyone can then re-run every draw and compare it with the commitment published at the start."
        ),
        confirm_label=_("Reveal"),
        success_message=_("The seed is revealed: anyone can now check every draw."),
    )


# --- rounds -----------------------------------------------------------------------------------------


@login_required
def round_detail(request, pk):
    rnd = get_round(request.user, pk)
    cycle = rnd.cycle
    today = local_today(cycle.group.place)
    rows = queries.round_sheet(rnd)
    may_write = access.can_write(request.user)
    winners = (
        list(Holder.objects.filter(slot_id=rnd.winner_slot_id).select_related("person"))
        if rnd.winner_slot_id
        else []
    )
    context = {
        "round": rnd,
        "cycle": cycle,
        "group": cycle.group,
        "rows": rows,
        "winners": winners,
        "pot": cycle.contribution * cycle.slots.count(),
        "collected": sum(r["paid"] + r["owed"] for r in rows),
        "complete": all(r["outstanding"] == 0 for r in rows),
        "today": today,
        "key": uuid.uuid4().hex,
        "may_write": may_write and cycle.status == Cycle.Status.RUNNING,
        "is_next": not rnd.winner_slot_id
        and not cycle.rounds.filter(number__lt=rnd.number, winner_slot__isnull=True).exists(),
    }
    return render(request, "arisan/round_detail.html", context)


@login_required
def round_contribute(request, pk):
    rnd = get_round(request.user, pk, write=True)
    if request.method != "POST":
        return redirect(_round_url(rnd.pk))
    form = forms.ContributionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the amount and the date."))
        return redirect(_round_url(rnd.pk))
    data = form.cleaned_data
    person = Person.objects.filter(pk=data["person"]).first()
    try:
        if person is None:
            raise ServiceError(_("That person holds no slot in this cycle."))
        services.contribute(
            round=rnd,
            person=person,
            amount=data["amount"],
            on_date=data["on_date"],
            acting_user=request.user,
            idempotency_key=data["idempotency_key"] or None,
        )
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Contribution of %(person)s recorded.") % {"person": person.full_name})
    return redirect(_round_url(rnd.pk))


@login_required
def round_missed(request, pk, person_id):
    rnd = get_round(request.user, pk, write=True)
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404(_("Not found."))
    form = forms.MissedForm(request.POST or None, initial={"on_date": local_today(rnd.cycle.group.place)})
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.record_missed(
                round=rnd, person=person, acting_user=request.user, **form.cleaned_data
            ),
            _round_url(rnd.pk),
            _("%(person)s now owes this contribution.") % {"person": person.full_name},
        )
        if done:
            return done
    return confirm_page(
        request,
        title=_("Record as owed"),
        question=_("Record that %(person)s did not pay round %(n)s?")
        % {"person": person.full_name, "n": rnd.number},
        detail=_(
            "The pot stays complete and %(person)s owes the arisan. If they have not won yet, it is deducted "
            "from their pot when they win; if they have, they pay it back later."
        )
        % {"person": person.full_name},
        form=form,
        confirm_label=_("Record as owed"),
        back_url=_round_url(rnd.pk),
    )


@login_required
def round_draw(request, pk):
    rnd = get_round(request.user, pk, write=True)
    cycle = rnd.cycle
    form = forms.DrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if cycle.is_lot:
                services.draw_round(round=rnd, acting_user=request.user, witness=form.cleaned_data["witness"])
            else:
                services.award_round(round=rnd, acting_user=request.user)
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            rnd.refresh_from_db()
            messages.success(
                request,
                _("Round %(n)s goes to slot %(slot)s.") % {"n": rnd.number, "slot": rnd.winner_slot.number},
            )
        return redirect(_round_url(rnd.pk))
    if cycle.is_lot:
        question = _("Draw the winner of round %(n)s now?") % {"n": rnd.number}
        detail = _("The draw cannot be undone. It uses the secret seed whose commitment is %(c)s.") % {
            "c": cycle.commitment[:16] + "…"
        }
    else:
        question = _("Award round %(n)s to the slot whose turn it is?") % {"n": rnd.number}
        detail, form = "", None
    return confirm_page(
        request,
        title=_("Draw") if cycle.is_lot else _("Award"),
        question=question,
        detail=detail,
        form=form,
        confirm_label=_("Draw") if cycle.is_lot else _("Award"),
        back_url=_round_url(rnd.pk),
    )


@login_required
def round_pay(request, pk):
    rnd = get_round(request.user, pk, write=True)
    form = forms.PayPotForm(
        request.POST or None,
        initial={"on_date": local_today(rnd.cycle.group.place), "idempotency_key": uuid.uuid4().hex},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            form,
            lambda: services.pay_pot(
                round=rnd,
                on_date=data["on_date"],
                into_savings=data["into_savings"],
                idempotency_key=data["idempotency_key"] or None,
                acting_user=request.user,
            ),
            _round_url(rnd.pk),
            _("The pot of round %(n)s is paid.") % {"n": rnd.number},
        )
        if done:
            return done
    return confirm_page(
        request,
        title=_("Pay the pot"),
        question=_("Pay the pot of round %(n)s to its winner?") % {"n": rnd.number},
        detail=_("Anything the winner owes the arisan is deducted from the pot. This cannot be undone."),
        form=form,
        confirm_label=_("Pay the pot"),
        back_url=_round_url(rnd.pk),
    )


# --- receivables ------------------------------------------------------------------------------------


@login_required
def receivables(request, group_id):
    group = access.access_books(request.user, group_id)
    context = {
        "group": group,
        "rows": queries.receivables(group),
        "may_write": access.can_write(request.user),
    }
    return render(request, "arisan/receivables.html", context)


@login_required
def settle(request, group_id, person_id):
    group = access.access_books(request.user, group_id, write=True)
    person = Person.objects.filter(
        pk=person_id, pk__in=Membership.objects.filter(group=group).values("person_id")
    ).first()
    if person is None:
        raise Http404(_("Not found."))
    owed = services.receivable_of(group, [person.pk])[person.pk]
    form = forms.SettleForm(
        request.POST or None,
        initial={
            "amount": owed or None,
            "on_date": local_today(group.place),
            "idempotency_key": uuid.uuid4().hex,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            form,
            lambda: services.settle_receivable(
                group=group,
                person=person,
                amount=data["amount"],
                on_date=data["on_date"],
                idempotency_key=data["idempotency_key"] or None,
                acting_user=request.user,
            ),
            reverse("arisan:receivables", args=[group.pk]),
            _("Payment of %(person)s recorded.") % {"person": person.full_name},
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("%(person)s pays back the arisan") % {"person": person.full_name},
        intro=_("Owed now: Rp%(owed)s.") % {"owed": owed},
        back_url=reverse("arisan:receivables", args=[group.pk]),
    )
