from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from berdaya.accounts import access
from berdaya.core.errors import ServiceError
from berdaya.core.forms import apply_service_error
from berdaya.core.lists import paginate, typed_query

from . import services
from .forms import FreePlaceForm
from .models import Place
from .queries import search_places


def _levels(request) -> list[int]:
    return [int(v) for v in request.GET.getlist("level") if v.isdigit()]


@login_required
def place_list(request):
    q = request.GET.get("q", "").strip()
    page_obj = paginate(
        request,
        search_places(q, levels=_levels(request)).only("code", "name", "kind", "level", "path", "timezone"),
    )
    return render(
        request, "places/place_list.html", {"page_obj": page_obj, "q": q, "levels": Place.Level.choices}
    )


@login_required
def autocomplete(request):
    _field, q = typed_query(request)
    places = list(search_places(q, levels=_levels(request)).only("code", "path")[:15]) if q else []
    return render(request, "places/_suggestions.html", {"places": places, "q": q})


@login_required
def place_detail(request, code):
    place = get_object_or_404(Place.objects.select_related("parent"), code=code)
    form = FreePlaceForm(request.POST or None)
    may_add = access.can_write(request.user) and place.level in (
        Place.Level.VILLAGE,
        Place.Level.DUSUN,
        Place.Level.RW,
    )
    if request.method == "POST":
        access.require_write(request.user)
        if form.is_valid():
            try:
                child = services.add_free_place(
                    parent=place,
                    kind=form.cleaned_data["kind"],
                    name=form.cleaned_data["name"],
                    acting_user=request.user,
                )
            except ServiceError as e:
                apply_service_error(form, e)
            else:
                messages.success(request, _("%(name)s added.") % {"name": child.name})
                return redirect("places:place_detail", code=place.code)
    ancestors = []
    node = place.parent
    while node is not None:
        ancestors.insert(0, node)
        node = node.parent
    page_obj = paginate(request, place.children.all().only("code", "name", "kind", "level"), per_page=50)
    return render(
        request,
        "places/place_detail.html",
        {"place": place, "ancestors": ancestors, "page_obj": page_obj, "form": form, "may_add": may_add},
    )
