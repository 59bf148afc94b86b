"""Joint production and sub-production pages. Each view parses, fetches through ``access``, calls one
service, renders. Readers: everyone who sees the sentra's programme but members; writers: admin, the
programme's manager, a facilitator working in it (auditors and partners get 403 on writes).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from berdaya.accounts import access
from berdaya.clusters.models import SentraMember
from berdaya.core.errors import ServiceError
from berdaya.core.lists import paginate, search
from berdaya.core.pdf import printable
from berdaya.core.views import confirm_then, form_page, submit
from berdaya.people.models import Enterprise

from . import forms, queries, services
from .models import Delivery, Order, OrderShare, SubContract, SubDelivery

PATH = "sentra__programme"


def _sentra(user, pk, *, write: bool = False):
    access.require_fieldwork_reader(user)
    sentra = access.access_sentra(user, pk, write=write)
    if write:
        access.require_fieldwork_writer(user, sentra.programme)
    return sentra


def _may_write(user, sentra) -> bool:
    return access.fieldwork_programmes(user, write=True).filter(pk=sentra.programme_id).exists()


def _order(user, pk, *, write: bool = False) -> Order:
    access.require_fieldwork_reader(user)
    qs = Order.objects.select_related("sentra__programme", "sentra__place")
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


def _contract(user, pk, *, write: bool = False) -> SubContract:
    access.require_fieldwork_reader(user)
    qs = SubContract.objects.select_related("sentra__programme", "enterprise", "order")
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


def _members(sentra):
    return Enterprise.objects.filter(
        sentra_memberships__sentra=sentra, sentra_memberships__left_on__isnull=True
    ).order_by("name")


# --- capacities -------------------------------------------------------------------------------------


@login_required
def capacity_list(request, sentra_pk):
    user = request.user
    sentra = _sentra(user, sentra_pk)
    q = request.GET.get("q", "").strip()
    qs = queries.capacities(sentra)
    if q:
        qs = search(qs, q, ["enterprise__name"])
    context = {
        "sentra": sentra,
        "page_obj": paginate(request, qs),
        "q": q,
        "may_write": _may_write(user, sentra),
        "member_count": SentraMember.objects.filter(sentra=sentra, left_on__isnull=True).count(),
    }
    return render(request, "production/capacity_list.html", context)


@login_required
def capacity_edit(request, sentra_pk):
    user = request.user
    sentra = _sentra(user, sentra_pk, write=True)
    initial = {}
    ent_id = request.GET.get("enterprise", "")
    if ent_id.isdigit():
        cap = queries.capacities(sentra).filter(enterprise_id=ent_id).first()
        if cap:
            initial = {
                "enterprise": cap.enterprise_id,
                "weekly_capacity": cap.weekly_capacity,
                "current_load": cap.current_load,
                "quality_grade": cap.quality_grade,
                "distance_km": cap.distance_km,
            }
    form = forms.CapacityForm(request.POST or None, initial=initial, enterprises=_members(sentra))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            form,
            lambda: services.set_capacity(sentra=sentra, **data, acting_user=user),
            reverse("production:capacity_list", kwargs={"sentra_pk": sentra.pk}),
            _("Capacity saved."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Producer capacity"),
        back_url=reverse("production:capacity_list", args=[sentra.pk]),
        intro=_("What the producer can make a week, what it already promised, its grade and how far it is."),
    )


# --- orders -----------------------------------------------------------------------------------------


@login_required
def order_list(request, sentra_pk):
    user = request.user
    sentra = _sentra(user, sentra_pk)
    q = request.GET.get("q", "").strip()
    context = {
        "sentra": sentra,
        "page_obj": paginate(request, queries.orders_for_list(sentra, q)),
        "q": q,
        "may_write": _may_write(user, sentra),
    }
    return render(request, "production/order_list.html", context)


@login_required
def order_create(request, sentra_pk):
    user = request.user
    sentra = _sentra(user, sentra_pk, write=True)
    form = forms.OrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.create_order(sentra=sentra, **form.cleaned_data, acting_user=user),
            lambda order: reverse("production:order_split", args=[order.pk]),
            _("Order recorded. Now compute its split."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("New joint production order"),
        back_url=reverse("production:order_list", args=[sentra.pk]),
        intro=_("An order too large for one producer, to be shared across the sentra."),
    )


@login_required
def order_detail(request, pk):
    user = request.user
    order = _order(user, pk)
    rows = queries.share_rows(order)
    accepted = sum(r.accepted for r in rows)
    context = {
        "order": order,
        "sentra": order.sentra,
        "rows": rows,
        "total_value": order.quantity * order.unit_price,
        "accepted": accepted,
        "rejected": sum(r.rejected for r in rows),
        "delivered": sum(r.delivered for r in rows),
        "deliveries": Delivery.objects.filter(share__order=order)
        .select_related("share__enterprise")
        .order_by("-delivered_on", "-id"),
        "contracts": order.sub_contracts.all(),
        "may_write": _may_write(user, order.sentra),
        "may_split": order.status in (Order.Status.DRAFT, Order.Status.SPLIT),
    }
    return render(request, "production/order_detail.html", context)


@login_required
def order_split(request, pk):
    """GET: the computed split and its reasons, nothing saved. POST: save it as the order's shares."""
    user = request.user
    order = _order(user, pk, write=request.method == "POST")
    error = ""
    if request.method == "POST":
        try:
            services.save_split(order=order, acting_user=user)
        except ServiceError as e:
            error = e.message
        else:
            messages.success(request, _("Split saved. Record deliveries as they come."))
            return redirect("production:order_detail", pk=order.pk)
    split = queries.compute_split(order)
    rows = []
    for share in sorted(split.shares, key=lambda s: (-s.quantity, s.producer.name)):
        rows.append(
            {
                "name": share.producer.name,
                "grade": share.producer.grade,
                "km": share.producer.distance_km,
                "available": share.available,
                "quantity": share.quantity,
                "reasons": queries.reasons_of(share.reasons, share.quantity),
                "bar": round(100 * share.quantity / max(1, share.available), 1) if share.available else 0,
            }
        )
    context = {
        "order": order,
        "sentra": order.sentra,
        "split": split,
        "rows": rows,
        "shortfall": queries.shortfall_texts(order, split.shortfall) if split.shortfall else [],
        "error": error,
        "may_write": _may_write(user, order.sentra),
        "may_split": order.status in (Order.Status.DRAFT, Order.Status.SPLIT),
    }
    return render(request, "production/order_split.html", context)


@login_required
def order_adjust(request, pk):
    user = request.user
    order = _order(user, pk, write=True)
    caps = list(queries.capacities(order.sentra))
    current = {s.enterprise_id: s.quantity for s in order.shares.all()}
    error = ""
    values = dict(current)
    if request.method == "POST":
        values = {}
        bad = False
        for cap in caps:
            raw = request.POST.get(f"q_{cap.enterprise_id}", "").strip() or "0"
            if not raw.isdigit():
                bad = True
                continue
            values[cap.enterprise_id] = int(raw)
        if bad:
            error = _("Enter whole numbers only.")
        else:
            try:
                services.adjust_split(order=order, quantities=values, acting_user=user)
            except ServiceError as e:
                error = e.message
            else:
                messages.success(request, _("Split adjusted."))
                return redirect("production:order_detail", pk=order.pk)
    rows = [
        {
            "cap": cap,
            "free": max(0, cap.weekly_capacity * order.days // 7 - cap.current_load),
            "value": values.get(cap.enterprise_id, 0),
        }
        for cap in caps
    ]
    return render(request, "production/order_adjust.html", {"order": order, "rows": rows, "error": error})


@login_required
def delivery_add(request, pk):
    user = request.user
    order = _order(user, pk, write=True)
    shares = OrderShare.objects.filter(order=order).select_related("enterprise").order_by("enterprise__name")
    form = forms.DeliveryForm(
        request.POST or None, shares=shares, initial={"delivered_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            form,
            lambda: services.record_delivery(
                share=data["share"],
                delivered_on=data["delivered_on"],
                quantity=data["quantity"],
                rejected=data["rejected"],
                note=data["note"],
                acting_user=user,
            ),
            reverse("production:order_detail", args=[order.pk]),
            _("Delivery recorded."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Record a delivery"),
        back_url=reverse("production:order_detail", args=[order.pk]),
        intro=_("Units delivered against a producer's share; rejected units do not count and are not paid."),
    )


@login_required
def delivery_remove(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    delivery = access.access_fieldwork(
        user,
        Delivery.objects.select_related("share__order__sentra", "share__enterprise"),
        pk,
        programme_path="share__order__sentra__programme",
        write=True,
    )
    order = delivery.share.order
    back = reverse("production:order_detail", args=[order.pk])
    return confirm_then(
        request,
        call=lambda: services.remove_delivery(delivery=delivery, acting_user=user),
        back=back,
        done_url=back,
        title=_("Remove a delivery"),
        question=_("Remove the delivery of %(quantity)s units by %(name)s on %(date)s?")
        % {
            "quantity": delivery.quantity,
            "name": delivery.share.enterprise.name,
            "date": delivery.delivered_on.isoformat(),
        },
        confirm_label=_("Remove"),
        success_message=_("Delivery removed."),
    )


@login_required
def order_pay(request, pk):
    user = request.user
    order = _order(user, pk, write=True)
    total, _rows = queries.payment_sheet(order)
    form = forms.PaymentForm(request.POST or None, initial={"amount": total, "paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.record_payment(order=order, **form.cleaned_data, acting_user=user),
            reverse("production:payment_sheet", args=[order.pk]),
            _("Payment recorded and shared by accepted units."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Buyer's payment"),
        back_url=reverse("production:order_detail", args=[order.pk]),
        intro=_("The amount is shared among the producers by the units each delivered and had accepted."),
    )


@login_required
def payment_sheet(request, pk):
    user = request.user
    order = _order(user, pk)
    total, rows = queries.payment_sheet(order)
    context = {
        "order": order,
        "total": total,
        "rows": rows,
        "accepted": sum(r.accepted for r in rows),
        "back": reverse("production:order_detail", args=[order.pk]),
    }
    return printable(request, "production/payment_sheet.html", context, f"payment-{order.pk}.pdf")


# --- sub-production ---------------------------------------------------------------------------------


@login_required
def contract_list(request, sentra_pk):
    user = request.user
    sentra = _sentra(user, sentra_pk)
    q = request.GET.get("q", "").strip()
    page_obj = paginate(
        request, queries.contracts_for_list(sentra, q).prefetch_related(Prefetch("deliveries"))
    )
    today = timezone.localdate()
    for c in page_obj:
        c.status_code, c.status_label = queries.contract_status(c, today)
    context = {"sentra": sentra, "page_obj": page_obj, "q": q, "may_write": _may_write(user, sentra)}
    return render(request, "production/contract_list.html", context)


@login_required
def contract_create(request, sentra_pk):
    user = request.user
    sentra = _sentra(user, sentra_pk, write=True)
    form = forms.SubContractForm(
        request.POST or None,
        enterprises=_members(sentra),
        orders=Order.objects.filter(sentra=sentra).exclude(status=Order.Status.PAID),
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.create_subcontract(sentra=sentra, **form.cleaned_data, acting_user=user),
            lambda contract: reverse("production:contract_detail", args=[contract.pk]),
            _("Sub-production contract recorded."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("New sub-production contract"),
        back_url=reverse("production:contract_list", args=[sentra.pk]),
        intro=_("Work given to another producer for an agreed quantity, time and quality."),
    )


@login_required
def contract_detail(request, pk):
    user = request.user
    contract = _contract(user, pk)
    deliveries = list(SubDelivery.objects.filter(contract=contract).order_by("delivered_on", "id"))
    code, label = queries.contract_status(contract, timezone.localdate())
    accepted = sum(d.quantity - d.rejected for d in deliveries)
    context = {
        "contract": contract,
        "sentra": contract.sentra,
        "deliveries": deliveries,
        "status_code": code,
        "status_label": label,
        "accepted": accepted,
        "value": accepted * contract.unit_price,
        "may_write": _may_write(user, contract.sentra),
    }
    return render(request, "production/contract_detail.html", context)


@login_required
def sub_delivery_add(request, pk):
    user = request.user
    contract = _contract(user, pk, write=True)
    form = forms.SubDeliveryForm(request.POST or None, initial={"delivered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.record_sub_delivery(contract=contract, **form.cleaned_data, acting_user=user),
            reverse("production:contract_detail", args=[contract.pk]),
            _("Delivery recorded."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Record a delivery"),
        back_url=reverse("production:contract_detail", args=[contract.pk]),
    )
