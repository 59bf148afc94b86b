from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from . import access


@login_required
def profile(request):
    """Your role, your scope, and your API token (created or renewed on request)."""
    user = request.user
    if request.method == "POST":
        Token.objects.filter(user=user).delete()
        Token.objects.create(user=user)
        messages.success(request, _("A new API token was created; the old one no longer works."))
        return redirect("accounts:profile")
    token = Token.objects.filter(user=user).first()
    context = {
        "token": token,
        "programmes": access.visible_programmes(user).order_by("name")[:50],
        "areas": user.scope_places.all(),
        "groups": access.visible_groups(user).order_by("name")[:50],
    }
    return render(request, "accounts/profile.html", context)
