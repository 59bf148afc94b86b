from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from berdaya.core.lists import paginate, search

from .queries import visible_entries


@login_required
def entry_list(request):
    q = request.GET.get("q", "").strip()
    qs = search(
        visible_entries(request.user).select_related("actor"),
        q,
        ["object_repr", "object_type", "actor__username"],
    )
    return render(request, "audit/entry_list.html", {"page_obj": paginate(request, qs), "q": q})
