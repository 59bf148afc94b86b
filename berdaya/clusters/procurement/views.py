"""Joint procurement pages. Each view parses input, fetches through ``access``, calls one service, renders.

Everyone who sees the sentra's programme reads (members get 404); an administrator, the programme's
manager and a facilitator working in it record (others get 403 on a write).
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from berdaya.accounts import access
from berdaya.clusters.models import Sentra
from berdaya.core.lists import paginate
from berdaya.core.pdf import printable
from berdaya.core.views import confirm_page, confirm_then, form_page, submit
from berdaya.people.models import Enterprise

from . import forms, queries, services
from .models import JointPurchase, Need, PriceBreak, Supplier

PATH = queries.PATH


def _sentra(user, pk, *, write: bool = False) -> Sentra:
    access.require_fieldwork_reader(user)
    sentra = access.access_sentra(user, pk, write=write)
    if write:
        access.require_fieldwork_writer(user, sentra.programme)
    return sentra


def _may_write(user, sentra: Sentra) -> bool:
    return access.fieldwork_programmes(user, write=True).filter(pk=sentra.programme_id).exists()


def _purchase(user, pk, *, write: bool = False) -> JointPurchase:
    access.require_fieldwork_reader(user)
    qs = JointPurchase.objects.select_related("sentra__programme", "sentra__place", "supplier")
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


def _supplier(user, pk, *, write: bool = False) -> Supplier:
    access.require_fieldwork_reader(user)
    qs = Supplier.objects.select_related("sentra__programme", "agency", "enterprise")
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


def _members(sentra: Sentra):
    return Enterprise.objects.filter(
        sentra_memberships__sentra=sentra, sentra_memberships__left_on__isnull=True
    ).order_by("name")


def _detail(pk) -> str:
    return reverse("procurement:purchase_detail", args=[pk])


# --- lists ------------------------------------------------------------------------------------------


@login_required
def purchase_list(request, sentra_pk):
    sentra = _sentra(request.user, sentra_pk)
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    context = {
        "sentra": sentra,
        "page_obj": paginate(request, queries.purchases_for_list(sentra, q=q, status=status)),
        "q": q,
        "status": status,
        "statuses": JointPurchase.Status.choices,
        "may_write": _may_write(request.user, sentra),
        "has_suppliers": Supplier.objects.filter(sentra=sentra).exists(),
    }
    return render(request, "procurement/purchase_list.html", context)


@login_required
def supplier_list(request, sentra_pk):
    sentra = _sentra(request.user, sentra_pk)
    q = request.GET.get("q", "").strip()
    context = {
        "sentra": sentra,
        "page_obj": paginate(request, queries.suppliers_for_list(sentra, q=q)),
        "q": q,
        "may_write": _may_write(request.user, sentra),
    }
    return render(request, "procurement/supplier_list.html", context)


# --- suppliers --------------------------------------------------------------------------------------


@login_required
def supplier_create(request, sentra_pk):
    user = request.user
    sentra = _sentra(user, sentra_pk, write=True)
    form = forms.SupplierForm(
        request.POST or None,
        agencies=access.visible_agencies(user),
        enterprises=Enterprise.objects.order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            form,
            lambda: services.create_supplier(
                sentra=sentra,
                name=data["name"],
                contact=data["contact"],
                agency=data["agency"],
                enterprise=data["enterprise"],
                acting_user=user,
            ),
            lambda supplier: reverse("procurement:supplier_detail", args=[supplier.pk]),
            _("Supplier recorded. Now enter its price list."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("New supplier"),
        back_url=reverse("procurement:supplier_list", args=[sentra.pk]),
        intro=_("A supplier of raw material the sentra's members buy from together."),
    )


@login_required
def supplier_detail(request, pk):
    user = request.user
    supplier = _supplier(user, pk, write=request.method == "POST")
    form = forms.PriceBreakForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.add_price_break(supplier=supplier, acting_user=user, **form.cleaned_data),
            reverse("procurement:supplier_detail", args=[supplier.pk]),
            _("Price added."),
        )
        if done:
            return done
    context = {
        "supplier": supplier,
        "sentra": supplier.sentra,
        "breaks": supplier.price_breaks.all(),
        "form": form,
        "may_write": _may_write(user, supplier.sentra),
    }
    return render(request, "procurement/supplier_detail.html", context)


@login_required
def price_break_remove(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    qs = PriceBreak.objects.select_related("supplier__sentra")
    pb = access.access_fieldwork(user, qs, pk, programme_path="supplier__sentra__programme", write=True)
    back = reverse("procurement:supplier_detail", args=[pb.supplier_id])
    return confirm_then(
        request,
        call=lambda: services.remove_price_break(price_break=pb, acting_user=user),
        back=back,
        done_url=back,
        title=_("Remove price"),
        question=_("Remove the price for %(material)s from %(min)s %(unit)s?")
        % {"material": pb.material, "min": pb.min_quantity, "unit": pb.unit},
        detail=_("Orders already placed keep the price they were agreed at."),
        confirm_label=_("Remove"),
        success_message=_("Price removed."),
    )


# --- purchases --------------------------------------------------------------------------------------


@login_required
def purchase_create(request, sentra_pk):
    user = request.user
    sentra = _sentra(user, sentra_pk, write=True)
    form = forms.PurchaseForm(request.POST or None, suppliers=Supplier.objects.filter(sentra=sentra))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.create_purchase(sentra=sentra, acting_user=user, **form.cleaned_data),
            lambda purchase: _detail(purchase.pk),
            _("Joint purchase opened. Now collect the members' needs."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("New joint purchase"),
        back_url=reverse("procurement:purchase_list", args=[sentra.pk]),
        intro=_("One material from one supplier; members add what they need until the order is placed."),
    )


@login_required
def purchase_detail(request, pk):
    user = request.user
    purchase = _purchase(user, pk)
    view = queries.split_view(purchase)
    context = {
        "purchase": purchase,
        "sentra": purchase.sentra,
        "view": view,
        "breaks": purchase.supplier.price_breaks.filter(material=purchase.material, unit=purchase.unit),
        "deliveries": purchase.deliveries.all(),
        "handouts": purchase.handouts.select_related("enterprise"),
        "may_write": _may_write(user, purchase.sentra),
        "S": JointPurchase.Status,
    }
    return render(request, "procurement/purchase_detail.html", context)


@login_required
def need_add(request, pk):
    user = request.user
    purchase = _purchase(user, pk, write=True)
    initial = {}
    if request.GET.get("enterprise", "").isdigit():
        need = purchase.needs.filter(enterprise_id=request.GET["enterprise"]).first()
        initial = {"enterprise": request.GET["enterprise"], "quantity": need.quantity if need else None}
    form = forms.NeedForm(request.POST or None, initial=initial, enterprises=_members(purchase.sentra))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.set_need(purchase=purchase, acting_user=user, **form.cleaned_data),
            reverse("procurement:need_add", args=[purchase.pk])
            if "another" in request.POST
            else _detail(purchase.pk),
            _("Need saved."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("A member's need"),
        back_url=_detail(purchase.pk),
        intro=_(
            "How much %(material)s, in %(unit)s, this member wants in the joint order. Entering a member again changes their need."
        )
        % {"material": purchase.material, "unit": purchase.unit},
    )


@login_required
def need_remove(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    qs = Need.objects.select_related("purchase", "enterprise")
    need = access.access_fieldwork(user, qs, pk, programme_path="purchase__sentra__programme", write=True)
    back = _detail(need.purchase_id)
    return confirm_then(
        request,
        call=lambda: services.remove_need(need=need, acting_user=user),
        back=back,
        done_url=back,
        title=_("Remove need"),
        question=_("Remove %(enterprise)s's need of %(quantity)s %(unit)s from this purchase?")
        % {"enterprise": need.enterprise.name, "quantity": need.quantity, "unit": need.purchase.unit},
        confirm_label=_("Remove"),
        success_message=_("Need removed."),
    )


def _dated_step(request, pk, *, service, title, question, detail, done, date_kw):
    """A confirmed step that takes only a date: order, close the delivery, settle."""
    user = request.user
    purchase = _purchase(user, pk, write=True)
    form = forms.DateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = submit(
            request,
            form,
            lambda: service(purchase=purchase, acting_user=user, **{date_kw: form.cleaned_data["on_date"]}),
            _detail(purchase.pk),
            done,
        )
        if response:
            return response
    return confirm_page(
        request, title=title, question=question, detail=detail, back_url=_detail(purchase.pk), form=form
    )


@login_required
def purchase_order(request, pk):
    purchase = _purchase(request.user, pk)
    view = queries.split_view(purchase)
    total = queries.rp(view.split.total) if view.split else "—"
    return _dated_step(
        request,
        pk,
        service=services.place_order,
        title=_("Place the order"),
        question=_("Order %(quantity)s %(unit)s of %(material)s from %(supplier)s for %(total)s?")
        % {
            "quantity": view.ordered,
            "unit": purchase.unit,
            "material": purchase.material,
            "supplier": purchase.supplier.name,
            "total": total,
        },
        detail=_("After ordering, needs can no longer change and the unit price is fixed."),
        done=_("Order placed; the price is fixed."),
        date_kw="ordered_on",
    )


@login_required
def purchase_close(request, pk):
    purchase = _purchase(request.user, pk)
    view = queries.split_view(purchase)
    return _dated_step(
        request,
        pk,
        service=services.close_delivery,
        title=_("Close the delivery"),
        question=_(
            "No more loads will come: %(delivered)s of %(ordered)s %(unit)s were delivered. Close the delivery?"
        )
        % {"delivered": view.delivered, "ordered": view.ordered, "unit": purchase.unit},
        detail=_(
            "Any shortfall is then shared in proportion to the needs, and each bill is for what the member receives."
        ),
        done=_("Delivery closed; the bills are final."),
        date_kw="closed_on",
    )


@login_required
def purchase_settle(request, pk):
    return _dated_step(
        request,
        pk,
        service=services.settle,
        title=_("Settle the purchase"),
        question=_("Has the supplier been paid and has every member paid their bill?"),
        detail=_("A settled purchase can no longer change."),
        done=_("Purchase settled."),
        date_kw="settled_on",
    )


@login_required
def delivery_add(request, pk):
    user = request.user
    purchase = _purchase(user, pk, write=True)
    form = forms.DeliveryForm(request.POST or None, initial={"idempotency_key": uuid.uuid4().hex})
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.record_delivery(purchase=purchase, acting_user=user, **form.cleaned_data),
            _detail(purchase.pk),
            _("Delivery recorded. Now hand the material out to the members."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Record a delivery"),
        back_url=_detail(purchase.pk),
        intro=_("What the supplier brought, in %(unit)s.") % {"unit": purchase.unit},
    )


@login_required
def handout_add(request, pk):
    user = request.user
    purchase = _purchase(user, pk, write=True)
    due = queries.due_now(purchase)
    initial = {"idempotency_key": uuid.uuid4().hex}
    if request.GET.get("enterprise", "").isdigit():
        eid = int(request.GET["enterprise"])
        initial.update(enterprise=eid, quantity=due.get(eid) or None)
    enterprises = Enterprise.objects.filter(pk__in=list(due)).order_by("name")
    form = forms.HandOutForm(request.POST or None, initial=initial, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.hand_out(purchase=purchase, acting_user=user, **form.cleaned_data),
            _detail(purchase.pk),
            _("Hand-out recorded."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Hand out material"),
        back_url=_detail(purchase.pk),
        intro=_(
            "Each member may take their share of what has been delivered so far (in proportion to their need)."
        ),
    )


@login_required
def bill(request, pk, enterprise_pk):
    purchase = _purchase(request.user, pk)
    view = queries.split_view(purchase)
    row = queries.member_row(view, int(enterprise_pk))
    if row is None:
        raise Http404(_("Not found."))
    context = {"purchase": purchase, "view": view, "row": row, "back": _detail(purchase.pk)}
    return printable(request, "procurement/bill.html", context, f"tagihan-{purchase.pk}-{enterprise_pk}.pdf")
