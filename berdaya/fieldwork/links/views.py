"""Proposal and market link pages. Each view parses input, fetches through ``access``, calls one service,
renders. Everyone who sees a programme's fieldwork reads them (members get 404); an administrator, the
programme's manager and a facilitator working in it record them."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from berdaya.accounts import access
from berdaya.core.lists import paginate
from berdaya.core.pdf import printable
from berdaya.core.views import confirm_page, form_page, submit
from berdaya.groups.models import Group

from . import forms, queries, services
from .models import MarketLink, Proposal, Sale

PATH = "programme"


def _proposal(user, pk, *, write: bool = False) -> Proposal:
    qs = Proposal.objects.select_related("programme", "group", "agency")
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


def _link(user, pk, *, write: bool = False) -> MarketLink:
    qs = MarketLink.objects.select_related("programme", "group", "agency")
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


def _may_write(user, programme_id) -> bool:
    return access.fieldwork_programmes(user, write=True).filter(pk=programme_id).exists()


def _writable(user):
    programmes = access.fieldwork_programmes(user, write=True).order_by("name")
    groups = Group.objects.filter(programme__in=programmes).select_related("programme").order_by("name")
    return programmes, groups


# --- proposals --------------------------------------------------------------------------------------


@login_required
def proposal_list(request):
    user = request.user
    access.require_fieldwork_reader(user)
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    context = {
        "page_obj": paginate(request, queries.proposals_for_list(user, q=q, status=status)),
        "q": q,
        "status": status,
        "statuses": Proposal.Status.choices,
        "totals": queries.agency_totals(queries.proposals_for_list(user)),
        "may_create": access.fieldwork_programmes(user, write=True).exists(),
    }
    return render(request, "links/proposal_list.html", context)


@login_required
def proposal_create(request):
    user = request.user
    access.require_fieldwork_writer(user)
    programmes, groups = _writable(user)
    form = forms.ProposalForm(
        request.POST or None,
        programmes=programmes,
        groups=groups,
        agencies=access.visible_agencies(user).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        access.require_fieldwork_writer(user, d["programme"])
        done = submit(
            request,
            form,
            lambda: services.create_proposal(acting_user=user, **d),
            lambda proposal: reverse("links:proposal_detail", args=[proposal.pk]),
            _("Proposal saved as a draft. Submit it when it has been sent."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("New proposal"),
        back_url=reverse("links:proposal_list"),
        intro=_("A request for money or support to an agency, e.g. to the Dinas Perindustrian."),
    )


@login_required
def proposal_edit(request, pk):
    user = request.user
    proposal = _proposal(user, pk, write=True)
    fields = services.PROPOSAL_EDITABLE
    form = forms.ProposalForm(
        request.POST or None,
        initial={f: getattr(proposal, f) for f in fields},
        programmes=None,
        groups=Group.objects.filter(programme_id=proposal.programme_id).order_by("name"),
        agencies=access.visible_agencies(user).order_by("name"),
        with_programme=False,
    )
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in fields}
        if proposal.status != Proposal.Status.DRAFT:
            changes = {"notes": changes["notes"]}
        done = submit(
            request,
            form,
            lambda: services.update_proposal(proposal=proposal, changes=changes, acting_user=user),
            reverse("links:proposal_detail", args=[pk]),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Edit proposal"),
        back_url=reverse("links:proposal_detail", args=[pk]),
        intro=_("After submission only the notes can change.") if proposal.status != "draft" else "",
    )


@login_required
def proposal_detail(request, pk):
    user = request.user
    proposal = _proposal(user, pk)
    return render(
        request,
        "links/proposal_detail.html",
        {"proposal": proposal, "may_write": _may_write(user, proposal.programme_id)},
    )


@login_required
def proposal_print(request, pk):
    proposal = _proposal(request.user, pk)
    return printable(
        request,
        "links/proposal_print.html",
        {"proposal": proposal, "back": reverse("links:proposal_detail", args=[pk])},
        f"proposal-{proposal.pk}.pdf",
    )


def _transition(request, pk, form_class, title, intro, call):
    user = request.user
    proposal = _proposal(user, pk, write=True)
    form = form_class(request.POST or None)
    back = reverse("links:proposal_detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        done = submit(request, form, lambda: call(proposal, form.cleaned_data, user), back)
        if done:
            return done
    return form_page(request, form, title=title % {"title": proposal.title}, back_url=back, intro=intro)


@login_required
def proposal_submit(request, pk):
    return _transition(
        request,
        pk,
        forms.SubmitForm,
        _("Submit: %(title)s"),
        _("The date the proposal reached the agency. After this only its notes can change."),
        lambda p, d, u: services.submit_proposal(proposal=p, submitted_on=d["submitted_on"], acting_user=u),
    )


@login_required
def proposal_approve(request, pk):
    return _transition(
        request,
        pk,
        forms.ApproveForm,
        _("Approved: %(title)s"),
        _("How much the agency granted and when it decided."),
        lambda p, d, u: services.decide_proposal(
            proposal=p,
            approved=True,
            amount_granted=d["amount_granted"],
            decided_on=d["decided_on"],
            note=d["note"],
            acting_user=u,
        ),
    )


@login_required
def proposal_receive(request, pk):
    return _transition(
        request,
        pk,
        forms.ReceiveForm,
        _("Money received: %(title)s"),
        _("The date the granted money arrived."),
        lambda p, d, u: services.record_receipt(
            proposal=p, received_on=d["received_on"], note=d["note"], acting_user=u
        ),
    )


@login_required
def proposal_reject(request, pk):
    """A rejection closes the proposal for good: ask first (the confirmation page holds the form)."""
    user = request.user
    proposal = _proposal(user, pk, write=True)
    form = forms.RejectForm(request.POST or None)
    back = reverse("links:proposal_detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = submit(
            request,
            form,
            lambda: services.decide_proposal(
                proposal=proposal,
                approved=False,
                decided_on=d["decided_on"],
                note=d["note"],
                acting_user=user,
            ),
            back,
            _("The proposal is recorded as rejected."),
        )
        if done:
            return done
    return confirm_page(
        request,
        title=_("Record a rejection"),
        question=_("Record that %(agency)s rejected “%(title)s”?")
        % {"agency": proposal.agency.name, "title": proposal.title},
        detail=_("A rejected proposal cannot be approved later; write a new proposal instead."),
        back_url=back,
        confirm_label=_("Yes, it was rejected"),
        form=form,
    )


# --- market links -----------------------------------------------------------------------------------


@login_required
def link_list(request):
    user = request.user
    access.require_fieldwork_reader(user)
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    context = {
        "page_obj": paginate(request, queries.links_for_list(user, q=q, kind=kind)),
        "q": q,
        "kind": kind,
        "kinds": MarketLink.Kind.choices,
        "may_create": access.fieldwork_programmes(user, write=True).exists(),
    }
    return render(request, "links/link_list.html", context)


@login_required
def link_create(request):
    user = request.user
    access.require_fieldwork_writer(user)
    programmes, groups = _writable(user)
    form = forms.LinkForm(
        request.POST or None,
        programmes=programmes,
        groups=groups,
        agencies=access.visible_agencies(user).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        access.require_fieldwork_writer(user, d["programme"])
        done = submit(
            request,
            form,
            lambda: services.create_link(acting_user=user, **d),
            lambda link: reverse("links:link_detail", args=[link.pk]),
            _("Market link recorded. Record its sales as they come."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("New market link"),
        back_url=reverse("links:link_list"),
        intro=_("An offtaker, a showroom, an exhibition, wedding souvenir buyers, an art shop …"),
    )


@login_required
def link_edit(request, pk):
    user = request.user
    link = _link(user, pk, write=True)
    fields = services.LINK_EDITABLE
    form = forms.LinkForm(
        request.POST or None,
        initial={f: getattr(link, f) for f in fields},
        programmes=None,
        groups=Group.objects.filter(programme_id=link.programme_id).order_by("name"),
        agencies=access.visible_agencies(user).order_by("name"),
        with_programme=False,
    )
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in fields}
        done = submit(
            request,
            form,
            lambda: services.update_link(link=link, changes=changes, acting_user=user),
            reverse("links:link_detail", args=[pk]),
        )
        if done:
            return done
    return form_page(
        request, form, title=_("Edit market link"), back_url=reverse("links:link_detail", args=[pk])
    )


@login_required
def link_detail(request, pk):
    user = request.user
    link = _link(user, pk)
    sales = paginate(request, Sale.objects.filter(link=link).order_by("-sold_on", "-id"))
    context = {
        "link": link,
        "months": queries.link_months(link),
        "totals": queries.link_totals(link),
        "page_obj": sales,
        "may_write": _may_write(user, link.programme_id),
    }
    return render(request, "links/link_detail.html", context)


@login_required
def sale_create(request, pk):
    user = request.user
    link = _link(user, pk, write=True)
    form = forms.SaleForm(request.POST or None, initial={"idempotency_key": uuid.uuid4().hex, "unit": "pcs"})
    back = reverse("links:link_detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = submit(
            request,
            form,
            lambda: services.record_sale(
                link=link,
                sold_on=d["sold_on"],
                description=d["description"],
                quantity=d["quantity"],
                unit=d["unit"],
                rejected_quantity=d["rejected_quantity"],
                amount=d["amount"],
                idempotency_key=d["idempotency_key"] or None,
                acting_user=user,
            ),
            back,
            _("Sale recorded."),
        )
        if done:
            return done
    intro = _("Agreed quality terms: %(terms)s") % {"terms": link.quality_terms} if link.quality_terms else ""
    return form_page(
        request,
        form,
        title=_("Record a sale: %(partner)s") % {"partner": link.partner_name},
        back_url=back,
        intro=intro,
    )


@login_required
def link_end(request, pk):
    user = request.user
    link = _link(user, pk, write=True)
    form = forms.EndForm(request.POST or None)
    back = reverse("links:link_detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = submit(
            request,
            form,
            lambda: services.end_link(link=link, ended_on=d["ended_on"], note=d["note"], acting_user=user),
            back,
            _("The link is recorded as ended."),
        )
        if done:
            return done
    return confirm_page(
        request,
        title=_("End a market link"),
        question=_("Record that the link with %(partner)s has ended?") % {"partner": link.partner_name},
        detail=_("Its sales stay; no sale can be recorded after the end date."),
        back_url=back,
        confirm_label=_("Yes, it ended"),
        form=form,
    )
