"""Value-chain pages. Each view parses input, fetches through ``access``, calls one service, renders.

Everyone who sees the sentra's programme reads them except members (404); the programme's manager,
an administrator and a facilitator working in it record prices and advance sales; auditors and
partners read only (403 on writes).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from berdaya.accounts import access
from berdaya.clusters.models import Sentra
from berdaya.core.errors import ServiceError
from berdaya.core.forms import apply_service_error
from berdaya.core.lists import paginate, search
from berdaya.core.pdf import printable
from berdaya.core.views import confirm_then, form_page, submit
from berdaya.groups.services import local_today
from berdaya.people.models import Enterprise, Person

from . import forms, queries, services
from .models import AdvanceSale, PriceObservation, Product, Step

PATH = "sentra__programme"


def _sentra(user, pk, *, write: bool = False) -> Sentra:
    access.require_fieldwork_reader(user)
    sentra = access.access_sentra(user, pk, write=write)
    if write:
        access.require_fieldwork_writer(user, sentra.programme)
    return sentra


def _may_write(user, sentra: Sentra) -> bool:
    return access.fieldwork_programmes(user, write=True).filter(pk=sentra.programme_id).exists()


def _chain_url(sentra) -> str:
    return reverse("valuechain:chain", args=[sentra.pk])


@login_required
def index(request):
    """Every sentra in scope, each a door to its value chain."""
    user = request.user
    access.require_fieldwork_reader(user)
    q = request.GET.get("q", "").strip()
    qs = access.visible_sentras(user)
    if q:
        qs = search(qs, q, ["name", "product_type", "programme__name", "place__name"])
    return render(request, "valuechain/index.html", {"page_obj": paginate(request, qs), "q": q})


@login_required
def chain(request, sentra_pk):
    user = request.user
    sentra = _sentra(user, sentra_pk)
    products = queries.products(sentra)
    form = forms.ChainFilterForm(request.GET or None, products=products)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    product = data.get("product") or products.first()
    by = data.get("by") or "quarter"
    if not form.is_bound:
        # Show which product the page is about, so the picker never reads "---------".
        form = forms.ChainFilterForm(initial={"product": product, "by": by}, products=products)
    view = (
        queries.chain_view(product, start=data.get("start"), end=data.get("end"), by=by) if product else None
    )
    context = {
        "sentra": sentra,
        "form": form,
        "products": products,
        "product": product,
        "view": view,
        "by": by,
        "may_write": _may_write(user, sentra),
        "sale_count": AdvanceSale.objects.filter(sentra=sentra).count(),
    }
    return render(request, "valuechain/chain.html", context)


@login_required
def product_create(request, sentra_pk):
    user = request.user
    sentra = _sentra(user, sentra_pk, write=True)
    form = forms.ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.create_product(sentra=sentra, acting_user=user, **form.cleaned_data),
            lambda product: reverse("valuechain:price_create", args=[sentra.pk]) + f"?product={product.pk}",
            _("Product added. Now record its prices along the chain."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("New product in %(sentra)s") % {"sentra": sentra.name},
        back_url=_chain_url(sentra),
        intro=_("One product whose price you follow from the craftsman to the final buyer."),
    )


# --- price observations ------------------------------------------------------------------------------


@login_required
def price_list(request, sentra_pk):
    user = request.user
    sentra = _sentra(user, sentra_pk)
    q = request.GET.get("q", "").strip()
    step = request.GET.get("step", "")
    step = step if step in Step.values else ""
    qs = queries.observations(sentra, step=step, q=q)
    context = {
        "sentra": sentra,
        "page_obj": paginate(request, qs),
        "q": q,
        "step": step,
        "steps": Step.choices,
        "may_write": _may_write(user, sentra),
        "has_products": Product.objects.filter(sentra=sentra).exists(),
    }
    return render(request, "valuechain/price_list.html", context)


@login_required
def price_create(request, sentra_pk):
    user = request.user
    sentra = _sentra(user, sentra_pk, write=True)
    products = queries.products(sentra)
    if not products.exists():
        messages.info(request, _("Add the product first; then record its prices."))
        return redirect("valuechain:product_create", sentra_pk=sentra.pk)
    initial = {"observed_on": local_today(sentra.place), "idempotency_key": uuid.uuid4().hex}
    if request.GET.get("product"):
        initial["product"] = request.GET["product"]
    if request.GET.get("step") in Step.values:
        initial["step"] = request.GET["step"]
    form = forms.PriceForm(request.POST or None, products=products, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            obs = services.record_price(
                sentra=sentra,
                product=data["product"],
                step=data["step"],
                price=data["price"],
                observed_on=data["observed_on"],
                source=data["source"],
                place=data["place"],
                notes=data["notes"],
                idempotency_key=data["idempotency_key"] or None,
                acting_user=user,
            )
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            messages.success(
                request,
                _("Price recorded: %(product)s, %(step)s.")
                % {"product": obs.product.name, "step": obs.get_step_display()},
            )
            # Straight back to a fresh form for the next price: fieldworkers record several in a row.
            url = reverse("valuechain:price_create", args=[sentra.pk])
            return redirect(f"{url}?product={obs.product_id}")
    return form_page(
        request,
        form,
        title=_("Record a price"),
        back_url=_chain_url(sentra),
        intro=_("One price seen at one step of the chain, per unit, on one day."),
    )


@login_required
def price_delete(request, pk):
    user = request.user
    access.require_fieldwork_reader(user)
    obs = access.access_fieldwork(
        user,
        PriceObservation.objects.select_related("sentra__programme", "product"),
        pk,
        programme_path=PATH,
        write=True,
    )
    back = reverse("valuechain:price_list", args=[obs.sentra_id])
    return confirm_then(
        request,
        call=lambda: services.delete_price(observation=obs, acting_user=user),
        back=back,
        done_url=back,
        title=_("Delete a price observation"),
        question=_("Delete the price of %(product)s at the %(step)s step on %(date)s?")
        % {"product": obs.product.name, "step": obs.get_step_display(), "date": obs.observed_on.isoformat()},
        detail=_("The chain and the share over time are recomputed without it."),
        confirm_label=_("Delete"),
        success_message=_("Price observation deleted."),
    )


# --- advance sales ----------------------------------------------------------------------------------


@login_required
def advance_list(request, sentra_pk):
    user = request.user
    sentra = _sentra(user, sentra_pk)
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    kind = kind if kind in AdvanceSale.Kind.values else ""
    page_obj = paginate(request, queries.advance_sales(sentra, q=q, kind=kind))
    page_obj.object_list = queries.with_rates(page_obj.object_list, [sentra.programme_id])
    context = {
        "sentra": sentra,
        "page_obj": page_obj,
        "q": q,
        "kind": kind,
        "kinds": AdvanceSale.Kind.choices,
        "may_write": _may_write(user, sentra),
        "rates": queries.reference_rates([sentra.programme_id]),
        "default_reference": queries.DEFAULT_REFERENCE,
    }
    return render(request, "valuechain/advance_list.html", context)


@login_required
def advance_create(request, sentra_pk):
    user = request.user
    sentra = _sentra(user, sentra_pk, write=True)
    enterprises = Enterprise.objects.filter(sentra_memberships__sentra=sentra).distinct().order_by("name")
    persons = (
        Person.objects.filter(enterprises__sentra_memberships__sentra=sentra).distinct().order_by("full_name")
    )
    form = forms.AdvanceSaleForm(
        request.POST or None,
        enterprises=enterprises,
        persons=persons,
        products=queries.products(sentra),
        initial={"received_on": local_today(sentra.place), "idempotency_key": uuid.uuid4().hex},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["idempotency_key"] = data["idempotency_key"] or None
        done = submit(
            request,
            form,
            lambda: services.record_advance_sale(sentra=sentra, acting_user=user, **data),
            lambda sale: reverse("valuechain:advance_detail", args=[sale.pk]),
            _("Advance sale recorded."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Record an advance sale (ijon)"),
        back_url=reverse("valuechain:advance_list", args=[sentra.pk]),
        intro=_(
            "Cash the craftsman received now for goods delivered later. The value of the goods is what they "
            "would fetch at delivery-time prices; the difference is the cost of the advance."
        ),
    )


def _sale(user, pk, *, write: bool = False) -> AdvanceSale:
    access.require_fieldwork_reader(user)
    qs = AdvanceSale.objects.select_related(
        "sentra__programme", "sentra__place", "enterprise", "person", "product"
    )
    return access.access_fieldwork(user, qs, pk, programme_path=PATH, write=write)


@login_required
def advance_detail(request, pk):
    user = request.user
    sale = _sale(user, pk)
    context = {
        "sale": sale,
        "sentra": sale.sentra,
        "r": queries.sale_rates(sale),
        "may_write": _may_write(user, sale.sentra),
    }
    return render(request, "valuechain/advance_detail.html", context)


@login_required
def advance_print(request, pk):
    """The contract and its rates on paper (or PDF) for the craftsman to keep."""
    sale = _sale(request.user, pk)
    context = {"sale": sale, "sentra": sale.sentra, "r": queries.sale_rates(sale)}
    return printable(request, "valuechain/advance_print.html", context, f"advance-sale-{sale.pk}.pdf")


@login_required
def advance_delete(request, pk):
    user = request.user
    sale = _sale(user, pk, write=True)
    return confirm_then(
        request,
        call=lambda: services.delete_advance_sale(sale=sale, acting_user=user),
        back=reverse("valuechain:advance_detail", args=[sale.pk]),
        done_url=reverse("valuechain:advance_list", args=[sale.sentra_id]),
        title=_("Delete an advance sale"),
        question=_("Delete the advance sale of %(seller)s to %(buyer)s received on %(date)s?")
        % {"seller": sale.seller_name, "buyer": sale.buyer_name, "date": sale.received_on.isoformat()},
        confirm_label=_("Delete"),
        success_message=_("Advance sale deleted."),
    )


@login_required
def rate_create(request, sentra_pk):
    """The reference rate (e.g. KUR) of the sentra's programme, from a date."""
    user = request.user
    sentra = _sentra(user, sentra_pk, write=True)
    form = forms.ReferenceRateForm(request.POST or None, initial={"valid_from": local_today(sentra.place)})
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.set_reference_rate(
                programme=sentra.programme, acting_user=user, **form.cleaned_data
            ),
            reverse("valuechain:advance_list", kwargs={"sentra_pk": sentra.pk}),
            _("Reference rate saved."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Reference rate for %(programme)s") % {"programme": sentra.programme.name},
        back_url=reverse("valuechain:advance_list", args=[sentra.pk]),
        intro=_(
            "Advance sales in this programme are compared with this annual rate (e.g. KUR, 6 per cent a "
            "year) from the date it is valid."
        ),
    )
