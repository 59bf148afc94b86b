"""Pages for persons, households and enterprises: parse, check access, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from berdaya.accounts import access
from berdaya.core.errors import ServiceError
from berdaya.core.forms import apply_service_error
from berdaya.core.lists import paginate, typed_query
from berdaya.core.views import form_page, submit
from berdaya.places.models import subtree_q

from . import explain, services
from . import size_class as sc
from .forms import EnterpriseForm, HouseholdForm, PersonForm, SizeDateForm
from .models import Enterprise, Household, Person
from .queries import enterprise_rows, enterprises_for_list, search_households, search_persons

# --- persons ---------------------------------------------------------------------------------------


@login_required
def person_list(request):
    user = request.user
    q = request.GET.get("q", "").strip()
    place = request.GET.get("place", "").strip()
    sex = request.GET.get("sex", "")
    qs = access.visible_persons(user).select_related("place", "household")
    qs = search_persons(user, qs, q)
    if place:
        qs = qs.filter(subtree_q(place, "place"))
    if sex in Person.Sex.values:
        qs = qs.filter(sex=sex)
    return render(
        request,
        "people/person_list.html",
        {
            "page_obj": paginate(request, qs, rows=Person.objects.select_related("place", "household")),
            "q": q,
            "place": place,
            "sex": sex,
            "sexes": Person.Sex.choices,
            "may_create": access.can_manage(user),
            "filtered": bool(q or place or sex),
        },
    )


@login_required
def person_detail(request, pk):
    user = request.user
    person = access.access_person(user, pk)
    memberships = (
        person.memberships.filter(access.group_q(user, "group__"))
        .select_related("group", "group__programme")
        .order_by("left_on", "-joined_on")
    )
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "show_nik": access.can_write(user),
            "may_edit": access.can_write(user),
            "memberships": memberships,
            "enterprises": person.enterprises.select_related("place"),
            "today": timezone.localdate(),
        },
    )


def _person_form_page(request, form, *, title, back_url):
    return form_page(request, form, title=title, back_url=back_url, submit_label=_("Save"))


@login_required
def person_create(request):
    user = request.user
    access.require_manage(user)
    initial = {}
    if household_id := request.GET.get("household"):
        initial["household"] = household_id
    form = PersonForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(acting_user=user, **form.cleaned_data)
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            messages.success(request, _("%(name)s registered.") % {"name": person.full_name})
            return redirect("people:person_detail", pk=person.pk)
    return _person_form_page(request, form, title=_("New person"), back_url=reverse("people:person_list"))


@login_required
def person_edit(request, pk):
    user = request.user
    person = access.access_person(user, pk, write=True)
    initial = {
        "full_name": person.full_name,
        "sex": person.sex,
        "birth_date": person.birth_date,
        "nik": person.nik or "",
        "phone": person.phone,
        "place": person.place_id,
        "address": person.address,
        "household": person.household_id,
    }
    form = PersonForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.update_person(acting_user=user, person=person, **form.cleaned_data),
            reverse("people:person_detail", args=[person.pk]),
            _("Changes saved."),
        )
        if done:
            return done
    back = reverse("people:person_detail", args=[person.pk])
    return _person_form_page(
        request, form, title=_("Edit %(name)s") % {"name": person.full_name}, back_url=back
    )


@login_required
def person_pick(request):
    """Suggestions for the owner picker: persons the user may see, never more than 15."""
    field, q = typed_query(request, "owners")
    rows = []
    if q:
        qs = search_persons(request.user, access.visible_persons(request.user).select_related("place"), q)
        rows = [(p.pk, p.full_name, p.place.name) for p in qs[:15]]
    return render(
        request, "people/_pick_suggestions.html", {"rows": rows, "name": field, "input_type": "checkbox"}
    )


@login_required
def household_pick(request):
    field, q = typed_query(request, "household")
    rows = []
    if q:
        rows = [(h.pk, str(h), h.place.name) for h in search_households(request.user, q)[:15]]
    return render(
        request, "people/_pick_suggestions.html", {"rows": rows, "name": field, "input_type": "radio"}
    )


# --- households ------------------------------------------------------------------------------------


@login_required
def household_list(request):
    user = request.user
    q = request.GET.get("q", "").strip()
    poor = request.GET.get("poverty", "")
    qs = search_households(user, q)
    if poor in ("1", "0"):
        qs = qs.filter(poverty_registered=poor == "1")
    return render(
        request,
        "people/household_list.html",
        {
            "page_obj": paginate(request, qs),
            "q": q,
            "poverty": poor,
            "show_kk": access.can_write(user),
            "may_create": access.can_manage(user),
            "filtered": bool(q or poor),
        },
    )


@login_required
def household_detail(request, pk):
    user = request.user
    household = access.access_household(user, pk)
    members = household.members.all()
    visible = members.filter(access.person_q(user, one=True)).select_related("place")
    return render(
        request,
        "people/household_detail.html",
        {
            "household": household,
            "members": visible,
            # Members outside the user's scope are counted, not named.
            "hidden_count": members.count() - visible.count(),
            "show_kk": access.can_write(user),
            "may_edit": access.can_write(user),
            "may_add_member": access.can_manage(user),
        },
    )


def _household_initial(household: Household) -> dict:
    return {
        "head_name": household.head_name,
        "kk_number": household.kk_number or "",
        "place": household.place_id,
        "address": household.address,
        "poverty_registered": household.poverty_registered,
        "poverty_registry_id": household.poverty_registry_id,
    }


@login_required
def household_create(request):
    user = request.user
    access.require_manage(user)
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.create_household(acting_user=user, **form.cleaned_data),
            lambda household: reverse("people:person_create") + f"?household={household.pk}",
            _("Household registered. Now add its members."),
        )
        if done:
            return done
    return _person_form_page(
        request, form, title=_("New household"), back_url=reverse("people:household_list")
    )


@login_required
def household_edit(request, pk):
    user = request.user
    household = access.access_household(user, pk, write=True)
    form = HouseholdForm(request.POST or None, initial=_household_initial(household))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.update_household(acting_user=user, household=household, **form.cleaned_data),
            reverse("people:household_detail", args=[household.pk]),
            _("Changes saved."),
        )
        if done:
            return done
    back = reverse("people:household_detail", args=[household.pk])
    return _person_form_page(
        request, form, title=_("Edit household %(name)s") % {"name": household}, back_url=back
    )


# --- enterprises -----------------------------------------------------------------------------------


@login_required
def enterprise_list(request):
    user = request.user
    q = request.GET.get("q", "").strip()
    sector = request.GET.get("sector", "")
    qs = enterprises_for_list(user, q=q, sector=sector)
    page_obj = paginate(request, qs, rows=enterprise_rows())
    today = timezone.localdate()
    # The size class comes from each row's own figures: pure Python, no query per row.
    rows = [(e, explain.size_label(e, today)) for e in page_obj]
    return render(
        request,
        "people/enterprise_list.html",
        {
            "page_obj": page_obj,
            "rows": rows,
            "q": q,
            "sector": sector,
            "sectors": Enterprise.Sector.choices,
            "may_create": access.can_manage(user),
            "filtered": bool(q or sector),
            "today": today,
        },
    )


@login_required
def enterprise_detail(request, pk):
    user = request.user
    enterprise = access.access_enterprise(user, pk)
    today = timezone.localdate()
    form = SizeDateForm(request.GET or None)
    on, purpose = today, sc.PURPOSE_EMPOWERMENT
    if form.is_valid():
        on = form.cleaned_data["on"] or today
        purpose = form.cleaned_data["purpose"] or purpose
    return render(
        request,
        "people/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "owners": enterprise.owners.filter(access.person_q(user, one=True)).select_related("place"),
            "today_size": explain.size_explanation(enterprise, today, purpose),
            "size": explain.size_explanation(enterprise, on, purpose) if on != today else None,
            "size_form": form if form.is_bound else SizeDateForm(initial={"purpose": purpose}),
            "on": on,
            "today": today,
            "may_edit": access.can_write(user),
        },
    )


def _enterprise_initial(enterprise: Enterprise) -> dict:
    return {
        "name": enterprise.name,
        "product_type": enterprise.product_type,
        "sector": enterprise.sector,
        "place": enterprise.place_id,
        "owners": [o.pk for o in enterprise.owners.all()],
        "workers": enterprise.workers,
        "net_assets": enterprise.net_assets,
        "business_capital": enterprise.business_capital,
        "annual_sales": enterprise.annual_sales,
        "start_date": enterprise.start_date,
    }


@login_required
def enterprise_create(request):
    user = request.user
    # Writers may record the enterprise of a person they see (a facilitator, for a group member); the
    # owner picker only offers persons in their scope, so the new enterprise stays in their scope.
    access.require_write(user)
    initial = {}
    if owner := request.GET.get("owner"):
        initial["owners"] = [owner]
    form = EnterpriseForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.create_enterprise(acting_user=user, **form.cleaned_data)
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            messages.success(request, _("%(name)s registered.") % {"name": enterprise.name})
            return redirect("people:enterprise_detail", pk=enterprise.pk)
    return _person_form_page(
        request, form, title=_("New enterprise"), back_url=reverse("people:enterprise_list")
    )


@login_required
def enterprise_edit(request, pk):
    user = request.user
    enterprise = access.access_enterprise(user, pk, write=True)
    form = EnterpriseForm(request.POST or None, user=user, initial=_enterprise_initial(enterprise))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        # Owners outside the user's scope are not offered by the picker; keep them rather than drop them.
        hidden = enterprise.owners.exclude(access.person_q(user, one=True))
        data["owners"] = list(data["owners"]) + list(hidden)
        done = submit(
            request,
            form,
            lambda: services.update_enterprise(acting_user=user, enterprise=enterprise, **data),
            reverse("people:enterprise_detail", args=[enterprise.pk]),
            _("Changes saved."),
        )
        if done:
            return done
    back = reverse("people:enterprise_detail", args=[enterprise.pk])
    return _person_form_page(
        request, form, title=_("Edit %(name)s") % {"name": enterprise.name}, back_url=back
    )
