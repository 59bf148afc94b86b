from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from berdaya.core.lists import paginate

from .queries import search_entries


@login_required
def entry_list(request):
    q = request.GET.get("q", "").strip()
    qs = search_entries(request.user, q)
    return render(request, "audit/entry_list.html", {"page_obj": paginate(request, qs), "q": q})
