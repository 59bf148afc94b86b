"""Month-end close pages: request a close (admin), follow its progress, read the month's figures in scope."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from berdaya.accounts import access
from berdaya.core.lists import paginate
from berdaya.core.views import submit

from . import services
from .models import GroupMonth, MonthEndRun


class MonthForm(forms.Form):
    period = forms.CharField(
        label=gettext_lazy("Month"),
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text=gettext_lazy(
            "The month to close, e.g. 2025-03. Running a month again rewrites its figures."
        ),
    )

    def clean_period(self):
        try:
            return dt.datetime.strptime(self.cleaned_data["period"].strip(), "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(_("Write the month as year-month, e.g. 2025-03.")) from None


@login_required
def run_list(request):
    user = request.user
    access.require_books_reader(user)
    last_month = services.previous_month(timezone.localdate())
    form = MonthForm(request.POST or None, initial={"period": last_month.strftime("%Y-%m")})
    may_run = access.is_admin(user)
    if request.method == "POST":
        access.require_month_end_runner(user)
        if form.is_valid():
            done = submit(
                request,
                form,
                lambda: services.request_month_end(period=form.cleaned_data["period"], acting_user=user),
                lambda run: reverse("monthend:run_detail", args=[run.pk]),
                _("The month-end close is queued; this page shows its progress."),
            )
            if done:
                return done
    runs = MonthEndRun.objects.select_related("requested_by")
    return render(
        request,
        "monthend/run_list.html",
        {"form": form, "may_run": may_run, "page_obj": paginate(request, runs)},
    )


@login_required
def run_detail(request, pk):
    user = request.user
    access.require_books_reader(user)
    run = MonthEndRun.objects.filter(pk=pk).select_related("requested_by").first()
    if run is None:
        raise Http404(_("Not found."))
    rows = GroupMonth.objects.filter(access.group_q(user, "group__"), period=run.period)
    by_programme = list(
        rows.values("programme_id", "group__programme__name")
        .annotate(
            groups=Count("id"),
            cash=Sum("cash"),
            savings=Sum("savings"),
            loans=Sum("loans_outstanding"),
            par1=Sum("par1"),
            par30=Sum("par30"),
            par90=Sum("par90"),
            lancar=Sum("grade_lancar"),
            dpk=Sum("grade_dpk"),
            kurang_lancar=Sum("grade_kurang_lancar"),
            diragukan=Sum("grade_diragukan"),
            macet=Sum("grade_macet"),
        )
        .order_by("group__programme__name")
    )
    for row in by_programme:
        for n in services.PAR_DAYS:
            row[f"par{n}_pct"] = round(100 * row[f"par{n}"] / row["loans"], 1) if row["loans"] else 0
    worst = rows.filter(par30__gt=0).select_related("group").order_by("-par30")[:20]
    context = {
        "run": run,
        "by_programme": by_programme,
        "worst": worst,
        "running": run.status in ("queued", "running"),
    }
    return render(request, "monthend/run_detail.html", context)
