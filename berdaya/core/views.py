from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from berdaya.accounts import access
from berdaya.core.errors import ServiceError
from berdaya.core.forms import apply_service_error
from berdaya.groups.models import Group


def healthz(request):
    """Trivial view: the baseline the benchmarks compare every page against."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def signed_in_ping(request):
    """Signed-in trivial view: what any signed-in request costs (session, user, middleware), nothing more.

    The page benchmark times it next to ``healthz`` so each page's own cost can be read apart from the
    fixed cost of being signed in. No template, no context processors, no scope queries.
    """
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


def form_page(request, form, *, title, back_url, intro="", submit_label=None):
    """Render a one-form page (``core/form_page.html``): title, optional intro, the form, Save/Cancel."""
    context = {"form": form, "title": title, "back_url": back_url, "intro": intro}
    if submit_label:
        context["submit_label"] = submit_label
    return render(request, "core/form_page.html", context)


def confirm_page(request, *, title, question, back_url, detail="", confirm_label=None, form=None):
    """Ask before a destructive action (``core/confirm.html``), optionally with a small form (e.g. a reason)."""
    context = {"title": title, "question": question, "back_url": back_url, "detail": detail, "form": form}
    if confirm_label:
        context["confirm_label"] = confirm_label
    return render(request, "core/confirm.html", context)


def submit(request, form, call, success_url, success_message=""):
    """Run a service from a valid form: a redirect to ``success_url`` when it succeeds, else ``None``.

    A refusal (``ServiceError``) is put on the form, field by field, so the caller renders the form
    again with the reasons. ``success_url`` and ``success_message`` may be callables taking what the
    service returned ("go to the record just created", "Group Mawar created").
    """
    try:
        result = call()
    except ServiceError as e:
        apply_service_error(form, e)
        return None
    if callable(success_message):
        success_message = success_message(result)
    if success_message:
        messages.success(request, success_message)
    return redirect(success_url(result) if callable(success_url) else success_url)


def confirm_then(
    request, *, call, back, done_url, title, question, detail="", confirm_label=None, success_message=""
):
    """A destructive action asks first (GET); on POST it runs ``call``. A refusal comes back to ``back`` as
    a message with its reason; success goes to ``done_url``."""
    if request.method == "POST":
        try:
            call()
        except ServiceError as e:
            messages.error(request, e.message)
            return redirect(back)
        if success_message:
            messages.success(request, success_message)
        return redirect(done_url)
    return confirm_page(
        request, title=title, question=question, detail=detail, back_url=back, confirm_label=confirm_label
    )
