from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from berdaya.accounts import access
from berdaya.groups.models import Group


def healthz(request):
    """Trivial view: the baseline the benchmarks compare every page against."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def home(request):
    user = request.user
    groups = access.visible_groups(user)
    context = {
        "programme_count": access.visible_programmes(user).count(),
        "group_count": groups.filter(status=Group.Status.ACTIVE).count(),
        "person_count": access.visible_persons(user).count(),
        "recent_groups": groups.select_related("programme", "place").order_by("-created_at")[:8],
    }
    return render(request, "core/home.html", context)
