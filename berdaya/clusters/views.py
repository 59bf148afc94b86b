"""Sentra pages: list, the sentra's hub page, members, history, infrastructure, readiness.

Each view parses input, fetches through ``access`` (members 404; auditors and partners read, 403 on
writes; outsiders 404), calls one service and renders.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from berdaya.accounts import access
from berdaya.core.errors import ServiceError
from berdaya.core.forms import apply_service_error
from berdaya.core.lists import paginate, search
from berdaya.core.pdf import printable
from berdaya.core.views import confirm_page, confirm_then, form_page, submit
from berdaya.places.models import Place
from berdaya.programs.models import Site

from . import explain, forms, queries, readiness, services
from .models import InfrastructureRecord, ReadinessAssessment, Sentra, SentraMember, SentraYear

PATH = "sentra__programme"


def _sentra(user, pk, *, write: bool = False) -> Sentra:
    sentra = access.access_sentra(user, pk, write=write)
    if write:
        access.require_fieldwork_writer(user, sentra.programme)
    return sentra


def _may_write(user, sentra: Sentra) -> bool:
    return access.fieldwork_programmes(user, write=True).filter(pk=sentra.programme_id).exists()


def _detail(pk) -> str:
    return reverse("clusters:sentra_detail", args=[pk])


def _places(programmes, current: Place | None = None):
    q = Q(pk__in=Site.objects.filter(programme__in=programmes).values("place_id"))
    if current is not None:
        q |= Q(pk=current.pk)
    return Place.objects.filter(q).order_by("name")


def _today(sentra: Sentra) -> dt.date:
    from berdaya.groups.services import local_today

    return local_today(sentra.place)


# --- sentra -----------------------------------------------------------------------------------------


@login_required
def sentra_list(request):
    user = request.user
    access.require_fieldwork_reader(user)
    q = request.GET.get("q", "").strip()
    programme_id = request.GET.get("programme", "")
    page_obj = paginate(request, queries.sentras_for_list(user, q=q, programme_id=programme_id))
    context = {
        "page_obj": page_obj,
        "q": q,
        "programme_id": programme_id,
        "programmes": access.fieldwork_programmes(user).only("name").order_by("name"),
        "may_create": access.can_do_fieldwork(user)
        and access.fieldwork_programmes(user, write=True).exists(),
    }
    return render(request, "clusters/sentra_list.html", context)


@login_required
def sentra_create(request):
    user = request.user
    access.require_fieldwork_writer(user)
    programmes = access.fieldwork_programmes(user, write=True).order_by("name")
    form = forms.SentraForm(request.POST or None, programmes=programmes, places=_places(programmes))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        access.require_fieldwork_writer(user, data["programme"])
        done = submit(
            request,
            form,
            lambda: services.create_sentra(
                programme=data["programme"],
                name=data["name"],
                product_type=data["product_type"],
                place=data["place"],
                description=data["description"],
                founded_year=data["founded_year"],
                acting_user=user,
            ),
            lambda sentra: _detail(sentra.pk),
            _("Sentra recorded. Now add its enterprises and its history."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("New sentra"),
        back_url=reverse("clusters:sentra_list"),
        intro=_(
            "A sentra is a place where enterprises make one product type, e.g. the ikat weavers of Bandar Kidul."
        ),
    )


@login_required
def sentra_edit(request, pk):
    user = request.user
    sentra = _sentra(user, pk, write=True)
    initial = {f: getattr(sentra, f) for f in services.SENTRA_FIELDS}
    form = forms.SentraForm(
        request.POST or None,
        initial=initial,
        programmes=None,
        places=_places([sentra.programme_id], sentra.place),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.update_sentra(sentra=sentra, changes=form.cleaned_data, acting_user=user),
            _detail(sentra.pk),
            _("Sentra saved."),
        )
        if done:
            return done
    return form_page(request, form, title=_("Edit %(name)s") % {"name": sentra.name}, back_url=_detail(pk))


@login_required
def sentra_detail(request, pk):
    """The sentra's hub: facts, members, history, infrastructure, readiness, and links to cooperation,
    production, procurement, the conveyor belt and the value chain."""
    user = request.user
    sentra = _sentra(user, pk)
    members = list(sentra.members.select_related("enterprise").order_by("left_on", "enterprise__name"))
    for m in members:
        m.other_product = not services.same_product(m.enterprise.product_type, sentra.product_type)
    years = list(sentra.years.order_by("year"))
    latest = services.latest_infrastructure(sentra)
    assessment = queries.latest_assessment(sentra)
    rows, level = services.explained(assessment) if assessment else ([], None)
    context = {
        "sentra": sentra,
        "active_members": [m for m in members if m.left_on is None],
        "past_members": [m for m in members if m.left_on is not None],
        "years": years,
        "chart": queries.history_chart(years),
        "infra": _infra_rows(latest),
        "assessment": assessment,
        "findings": rows,
        "level_name": explain.level_name(level.level) if level else "",
        "level_rule": explain.level_rule(level) if level else "",
        "assessment_count": sentra.assessments.count(),
        "may_write": _may_write(user, sentra),
    }
    return render(request, "clusters/sentra_detail.html", context)


def _infra_rows(latest: dict) -> list[dict]:
    return [
        {"kind": label, "code": code, "record": latest.get(code)}
        for code, label in InfrastructureRecord.Kind.choices
    ]


# --- members ----------------------------------------------------------------------------------------


@login_required
def member_add(request, pk):
    user = request.user
    sentra = _sentra(user, pk, write=True)
    q = request.GET.get("q", "").strip()
    enterprises = access.visible_enterprises(user).exclude(sentra_memberships__sentra=sentra)
    if q:
        enterprises = search(enterprises, q, ["name", "product_type"])
    # Enterprises of the sentra's product type first: they are the units it is made of.
    same = Case(When(product_type__iexact=sentra.product_type, then=Value(0)), default=Value(1))
    form = forms.MemberForm(request.POST or None, enterprises=enterprises.order_by(same, "name"))
    if request.method == "POST" and form.is_valid():
        try:
            result = services.add_member(
                sentra=sentra,
                enterprise=form.cleaned_data["enterprise"],
                joined_on=form.cleaned_data["joined_on"],
                acting_user=user,
            )
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            messages.success(request, _("%(name)s added.") % {"name": result.member.enterprise.name})
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect("clusters:sentra_detail", pk=sentra.pk)
    return form_page(
        request,
        form,
        title=_("Add an enterprise to %(name)s") % {"name": sentra.name},
        back_url=_detail(pk),
        intro=_(
            "Units of the sentra make %(product)s. An enterprise of another product type is added with a warning."
        )
        % {"product": sentra.product_type},
    )


@login_required
def member_end(request, pk):
    user = request.user
    member = access.access_fieldwork(
        user,
        SentraMember.objects.select_related("sentra__programme", "enterprise"),
        pk,
        programme_path=PATH,
        write=True,
    )
    access.require_fieldwork_writer(user, member.sentra.programme)
    form = forms.EndMemberForm(request.POST or None, initial={"left_on": _today(member.sentra)})
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.end_member(
                member=member, left_on=form.cleaned_data["left_on"], acting_user=user
            ),
            _detail(member.sentra_id),
            _("%(name)s has left the sentra.") % {"name": member.enterprise.name},
        )
        if done:
            return done
    return confirm_page(
        request,
        title=_("Enterprise leaves the sentra"),
        question=_("Record that %(name)s left %(sentra)s?")
        % {"name": member.enterprise.name, "sentra": member.sentra.name},
        detail=_("It stays in the sentra's history; it no longer counts as a unit."),
        back_url=_detail(member.sentra_id),
        confirm_label=_("Record leaving"),
        form=form,
    )


# --- history ----------------------------------------------------------------------------------------


def _year_values(data: dict) -> dict:
    return {k: data[k] for k in services.YEAR_FIELDS}


@login_required
def year_add(request, pk):
    user = request.user
    sentra = _sentra(user, pk, write=True)
    form = forms.YearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if SentraYear.objects.filter(sentra=sentra, year=form.cleaned_data["year"]).exists():
            form.add_error("year", _("This year is already in the history; edit it instead."))
        else:
            done = submit(
                request,
                form,
                lambda: services.record_year(
                    sentra=sentra,
                    year=form.cleaned_data["year"],
                    acting_user=user,
                    **_year_values(form.cleaned_data),
                ),
                _detail(pk) + "#history",
                _("Year saved."),
            )
            if done:
                return done
    return form_page(
        request,
        form,
        title=_("Add a year to the history of %(name)s") % {"name": sentra.name},
        back_url=_detail(pk),
        intro=_("Leave a figure empty when it is not known."),
    )


def _year(user, pk, *, write: bool) -> SentraYear:
    row = access.access_fieldwork(
        user, SentraYear.objects.select_related("sentra__programme"), pk, programme_path=PATH, write=write
    )
    if write:
        access.require_fieldwork_writer(user, row.sentra.programme)
    return row


@login_required
def year_edit(request, pk):
    user = request.user
    row = _year(user, pk, write=True)
    initial = {"year": row.year, **{k: getattr(row, k) for k in services.YEAR_FIELDS}}
    form = forms.YearForm(request.POST or None, initial=initial)
    form.fields["year"].disabled = True
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.record_year(
                sentra=row.sentra, year=row.year, acting_user=user, **_year_values(form.cleaned_data)
            ),
            _detail(row.sentra_id) + "#history",
            _("Year saved."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("%(name)s in %(year)s") % {"name": row.sentra.name, "year": row.year},
        back_url=_detail(row.sentra_id),
    )


@login_required
def year_remove(request, pk):
    user = request.user
    row = _year(user, pk, write=True)
    back = _detail(row.sentra_id)
    return confirm_then(
        request,
        call=lambda: services.remove_year(row=row, acting_user=user),
        back=back,
        done_url=back + "#history",
        title=_("Remove a year"),
        question=_("Remove %(year)s from the history of %(name)s?")
        % {"year": row.year, "name": row.sentra.name},
        detail=_("Assessments already made keep the figures they used."),
        confirm_label=_("Remove"),
        success_message=_("Year removed."),
    )


# --- infrastructure ---------------------------------------------------------------------------------


@login_required
def infrastructure(request, pk):
    user = request.user
    sentra = _sentra(user, pk)
    rows = InfrastructureRecord.objects.filter(sentra=sentra).order_by("-assessed_on", "kind", "-id")
    q = request.GET.get("q", "").strip()
    if q:
        rows = search(rows, q, ["notes", "kind", "adequacy"])
    context = {
        "sentra": sentra,
        "infra": _infra_rows(services.latest_infrastructure(sentra)),
        "page_obj": paginate(request, rows),
        "q": q,
        "may_write": _may_write(user, sentra),
    }
    return render(request, "clusters/infrastructure.html", context)


@login_required
def infrastructure_add(request, pk):
    user = request.user
    sentra = _sentra(user, pk, write=True)
    initial = {"assessed_on": _today(sentra), "idempotency_key": uuid.uuid4().hex}
    if request.GET.get("kind") in InfrastructureRecord.Kind.values:
        initial["kind"] = request.GET["kind"]
    form = forms.InfrastructureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            form,
            lambda: services.record_infrastructure(
                sentra=sentra,
                kind=data["kind"],
                adequacy=data["adequacy"],
                assessed_on=data["assessed_on"],
                notes=data["notes"],
                acting_user=user,
                idempotency_key=data["idempotency_key"] or None,
            ),
            reverse("clusters:infrastructure", args=[sentra.pk]),
            _("Infrastructure recorded."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Infrastructure of %(name)s") % {"name": sentra.name},
        back_url=reverse("clusters:infrastructure", args=[pk]),
        intro=_("A new observation; earlier ones stay as the history."),
    )


# --- readiness --------------------------------------------------------------------------------------


@login_required
def assessment_new(request, pk):
    user = request.user
    sentra = _sentra(user, pk, write=True)
    thresholds = services.thresholds_for(sentra.programme)
    prefilled = services.prefill(sentra, on_date=_today(sentra))
    initial = {"assessed_on": _today(sentra), "idempotency_key": uuid.uuid4().hex}
    for c, f in prefilled.items():
        if c in readiness.NUMERIC:
            initial[f"{c}_value"] = f.value
        else:
            initial[f"{c}_value"] = {True: "yes", False: "no"}.get(f.value, "")
        initial[f"{c}_evidence"] = f.evidence
        initial[f"{c}_source"] = f.source
    form = forms.AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        findings = [services.FindingInput(c, v, e, s) for c, (v, e, s) in form.values().items()]
        done = submit(
            request,
            form,
            lambda: services.assess_readiness(
                sentra=sentra,
                assessed_on=form.cleaned_data["assessed_on"],
                findings=findings,
                note=form.cleaned_data["note"],
                acting_user=user,
                idempotency_key=form.cleaned_data["idempotency_key"] or None,
            ),
            # assess_readiness returns (assessment, repeated): go to the assessment either way.
            lambda result: reverse("clusters:assessment_detail", args=[result[0].pk]),
            _("Assessment saved."),
        )
        if done:
            return done
    rows = [
        {
            "code": c,
            "name": explain.criterion_name(c),
            "rule": explain.criterion_rule(c, thresholds),
            "required": c in thresholds.required,
            "prefilled": c in prefilled,
            "value": v,
            "evidence": e,
            "source": s,
        }
        for c, v, e, s in form.rows()
    ]
    return render(
        request,
        "clusters/assessment_form.html",
        {"sentra": sentra, "form": form, "rows": rows, "back_url": _detail(pk)},
    )


@login_required
def assessment_detail(request, pk):
    user = request.user
    assessment = access.access_fieldwork(
        user,
        ReadinessAssessment.objects.select_related("sentra__programme", "sentra__place", "assessor"),
        pk,
        programme_path=PATH,
    )
    rows, level = services.explained(assessment)
    context = {
        "assessment": assessment,
        "sentra": assessment.sentra,
        "findings": rows,
        "level_name": explain.level_name(level.level),
        "level_rule": explain.level_rule(level),
        "back": _detail(assessment.sentra_id),
    }
    return printable(request, "clusters/assessment_detail.html", context, f"readiness-{assessment.pk}.pdf")


@login_required
def assessment_list(request, pk):
    user = request.user
    sentra = _sentra(user, pk)
    qs = sentra.assessments.select_related("assessor").order_by("-assessed_on", "-id")
    context = {"sentra": sentra, "page_obj": paginate(request, qs), "may_write": _may_write(user, sentra)}
    return render(request, "clusters/assessment_list.html", context)


@login_required
def criteria_edit(request, programme_pk):
    """The programme's readiness figures: every reader sees them; its manager (or an admin) sets them."""
    user = request.user
    access.require_fieldwork_reader(user)
    programme = access.fieldwork_programmes(user).filter(pk=programme_pk).first()
    if programme is None:
        raise Http404(_("Not found."))
    may_set = access.is_admin(user) or access.writable_programmes(user).filter(pk=programme.pk).exists()
    if request.method == "POST":
        access.access_programme(user, programme.pk, write=True)
    t = services.thresholds_for(programme)
    initial = {
        "min_units": t.min_units,
        "min_monthly_turnover": t.min_monthly_turnover,
        "requires_technology": readiness.TECHNOLOGY in t.required,
        "requires_infrastructure": readiness.INFRASTRUCTURE in t.required,
        "requires_market_network": readiness.MARKET_NETWORK in t.required,
        "requires_financial_institution": readiness.FINANCIAL_INSTITUTION in t.required,
    }
    form = forms.CriteriaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.set_criteria(programme=programme, acting_user=user, **form.cleaned_data),
            reverse("clusters:criteria", kwargs={"programme_pk": programme.pk}),
            _("Readiness criteria saved. New assessments use them; old ones keep theirs."),
        )
        if done:
            return done
    rules = [
        (explain.criterion_name(c), explain.criterion_rule(c, t), c in t.required) for c in readiness.CRITERIA
    ]
    return render(
        request,
        "clusters/criteria.html",
        {"programme": programme, "form": form, "rules": rules, "may_set": may_set},
    )
