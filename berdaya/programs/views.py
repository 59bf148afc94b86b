"""Pages for programmes, agencies and staff: parse, check access, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from berdaya.accounts import access
from berdaya.core.errors import ServiceError
from berdaya.core.forms import apply_service_error
from berdaya.core.lists import paginate
from berdaya.core.views import confirm_then, form_page, submit

from . import queries, services
from .forms import (
    AgencyForm,
    CriteriaForm,
    ProgrammeEditForm,
    ProgrammeForm,
    RoleForm,
    SiteForm,
    StaffForm,
    StageAddForm,
    StageRenameForm,
)
from .models import AgencyRole, Programme, Site, Stage


def _may_edit_programme(user, programme: Programme) -> bool:
    try:
        access.access_programme(user, programme.pk, write=True)
    except PermissionDenied:
        return False
    return True


# ---------------------------------------------------------------------------------------------------------
# Programmes
# ---------------------------------------------------------------------------------------------------------


@login_required
def programme_list(request):
    q = request.GET.get("q", "").strip()
    qs = queries.search_programmes(request.user, q)
    # Subquery-free counts: distinct because the two joins multiply rows.
    qs = qs.annotate(
        site_count=Count("sites", distinct=True),
        group_count=Count("groups", distinct=True),
    ).order_by("name")
    return render(
        request,
        "programs/programme_list.html",
        {"page_obj": paginate(request, qs), "q": q, "may_create": access.can_manage(request.user)},
    )


@login_required
def programme_detail(request, pk):
    programme = access.access_programme(request.user, pk)
    stages = list(programme.stages.all())
    counts = queries.groups_per_stage(programme, access.visible_groups(request.user))
    for stage in stages:
        stage.group_count = counts.get(stage.pk, 0)
    context = {
        "programme": programme,
        "stages": stages,
        "without_stage": counts.get(None, 0),
        "group_total": sum(counts.values()),
        "sites": programme.sites.select_related("place").annotate(role_count=Count("roles")),
        "criteria": programme.criteria.all(),
        "staff": programme.staff.filter(active=True).select_related("agency"),
        "overlap_count": len(queries.overlaps(programme)),
        "may_edit": _may_edit_programme(request.user, programme),
    }
    return render(request, "programs/programme_detail.html", context)


@login_required
def programme_create(request):
    access.require_manage(request.user)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.create_programme(acting_user=request.user, **form.cleaned_data)
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            messages.success(
                request, _("Programme %(name)s created with the default stages.") % {"name": programme.name}
            )
            return redirect("programs:programme_detail", pk=programme.pk)
    return form_page(
        request,
        form,
        title=_("New programme"),
        back_url=reverse("programs:programme_list"),
        intro=_("The programme starts with the default stage template; you can change it afterwards."),
    )


@login_required
def programme_edit(request, pk):
    programme = access.access_programme(request.user, pk, write=True)
    form = ProgrammeEditForm(request.POST or None, initial=ProgrammeEditForm.initial_for(programme))
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        done = submit(
            request,
            form,
            lambda: services.update_programme(acting_user=request.user, programme=programme, **changes),
            reverse("programs:programme_detail", args=[programme.pk]),
            _("Programme saved."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": programme.name},
        back_url=reverse("programs:programme_detail", args=[programme.pk]),
    )


@login_required
def programme_stages(request, pk):
    programme = access.access_programme(request.user, pk, write=request.method == "POST")
    may_edit = request.method == "POST" or _may_edit_programme(request.user, programme)
    add_form = StageAddForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add":
                if add_form.is_valid():
                    stage = services.add_stage(
                        acting_user=request.user, programme=programme, **add_form.cleaned_data
                    )
                    messages.success(request, _("Stage %(name)s added at the end.") % {"name": stage.name})
                    return redirect("programs:programme_stages", pk=programme.pk)
            else:
                stage = get_object_or_404(Stage, pk=request.POST.get("stage"), programme=programme)
                if action in ("up", "down"):
                    services.move_stage(acting_user=request.user, stage=stage, direction=action)
                    return redirect("programs:programme_stages", pk=programme.pk)
                if action == "rename":
                    rename = StageRenameForm(request.POST)
                    if rename.is_valid():
                        services.rename_stage(
                            acting_user=request.user, stage=stage, name=rename.cleaned_data["name"]
                        )
                        messages.success(request, _("Stage renamed."))
                    else:
                        messages.error(request, _("Give the stage a name."))
                    return redirect("programs:programme_stages", pk=programme.pk)
                raise Http404
        except ServiceError as e:
            if action == "add":
                apply_service_error(add_form, e)
            else:
                messages.error(request, e.message)
                return redirect("programs:programme_stages", pk=programme.pk)
    counts = queries.groups_per_stage(programme, access.visible_groups(request.user))
    stages = list(programme.stages.all())
    for stage in stages:
        stage.group_count = counts.get(stage.pk, 0)
    return render(
        request,
        "programs/programme_stages.html",
        {"programme": programme, "stages": stages, "add_form": add_form, "may_edit": may_edit},
    )


@login_required
def stage_remove(request, pk, stage_pk):
    programme = access.access_programme(request.user, pk, write=True)
    stage = get_object_or_404(Stage, pk=stage_pk, programme=programme)
    back = reverse("programs:programme_stages", args=[programme.pk])
    return confirm_then(
        request,
        call=lambda: services.remove_stage(acting_user=request.user, stage=stage),
        back=back,
        done_url=back,
        title=_("Remove stage"),
        question=_("Remove the stage %(name)s from %(programme)s?")
        % {"name": stage.name, "programme": programme.name},
        detail=_("This is refused while a group is at this stage or has evidence for it."),
        confirm_label=_("Remove"),
        success_message=_("Stage %(name)s removed.") % {"name": stage.name},
    )


@login_required
def programme_sites(request, pk):
    programme = access.access_programme(request.user, pk, write=request.method == "POST")
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            site = services.add_site(acting_user=request.user, programme=programme, **form.cleaned_data)
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            messages.success(request, _("%(place)s added as a site.") % {"place": site.place.name})
            return redirect("programs:programme_sites", pk=programme.pk)
    sites = programme.sites.select_related("place").annotate(role_count=Count("roles"))
    return render(
        request,
        "programs/programme_sites.html",
        {
            "programme": programme,
            "sites": sites,
            "form": form,
            "may_edit": request.method == "POST" or _may_edit_programme(request.user, programme),
        },
    )


@login_required
def site_remove(request, pk, site_pk):
    programme = access.access_programme(request.user, pk, write=True)
    site = get_object_or_404(Site.objects.select_related("place"), pk=site_pk, programme=programme)
    back = reverse("programs:programme_sites", args=[programme.pk])
    return confirm_then(
        request,
        call=lambda: services.remove_site(acting_user=request.user, site=site),
        back=back,
        done_url=back,
        title=_("Remove site"),
        question=_("Remove %(place)s from the sites of %(programme)s?")
        % {"place": site.place.name, "programme": programme.name},
        detail=_("This is refused while agencies commit roles there or the programme has groups there."),
        confirm_label=_("Remove"),
        success_message=_("%(place)s is no longer a site.") % {"place": site.place.name},
    )


@login_required
def programme_criteria(request, pk):
    programme = access.access_programme(request.user, pk, write=True)
    current = "\n".join(programme.criteria.values_list("text", flat=True))
    form = CriteriaForm(request.POST or None, initial={"texts": current})
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            form,
            lambda: services.set_criteria(
                acting_user=request.user, programme=programme, texts=form.cleaned_data["texts"]
            ),
            reverse("programs:programme_detail", args=[programme.pk]),
            _("Target criteria saved."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Target criteria of %(name)s") % {"name": programme.name},
        back_url=reverse("programs:programme_detail", args=[programme.pk]),
        intro=_("Who the programme is for. Groups and aid are checked against these criteria."),
    )


@login_required
def role_matrix(request, pk):
    programme = access.access_programme(request.user, pk, write=request.method == "POST")
    form = RoleForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            agency_role = services.commit_role(acting_user=request.user, **form.cleaned_data)
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            messages.success(
                request,
                _("%(agency)s commits %(role)s at %(place)s.")
                % {
                    "agency": agency_role.agency.name,
                    "role": agency_role.get_role_display(),
                    "place": agency_role.site.place.name,
                },
            )
            return redirect("programs:role_matrix", pk=programme.pk)
    matrix = queries.role_matrix(programme)
    return render(
        request,
        "programs/role_matrix.html",
        {
            "programme": programme,
            "matrix": matrix,
            "roles": AgencyRole.Role.choices,
            "overlaps": queries.overlaps(programme, matrix),
            "form": form,
            "may_edit": request.method == "POST" or _may_edit_programme(request.user, programme),
        },
    )


@login_required
def role_withdraw(request, pk, role_pk):
    programme = access.access_programme(request.user, pk, write=True)
    agency_role = get_object_or_404(
        AgencyRole.objects.select_related("agency", "site__place"), pk=role_pk, site__programme=programme
    )
    back = reverse("programs:role_matrix", args=[programme.pk])
    return confirm_then(
        request,
        call=lambda: services.withdraw_role(acting_user=request.user, agency_role=agency_role),
        back=back,
        done_url=back,
        title=_("Withdraw commitment"),
        question=_("Withdraw %(agency)s from %(role)s at %(place)s?")
        % {
            "agency": agency_role.agency.name,
            "role": agency_role.get_role_display(),
            "place": agency_role.site.place.name,
        },
        confirm_label=_("Withdraw"),
        success_message=_("Commitment withdrawn."),
    )


# ---------------------------------------------------------------------------------------------------------
# Agencies
# ---------------------------------------------------------------------------------------------------------


@login_required
def agency_list(request):
    q = request.GET.get("q", "").strip()
    qs = queries.search_agencies(request.user, q)
    qs = qs.select_related("place").annotate(role_count=Count("roles")).order_by("name")
    return render(
        request,
        "programs/agency_list.html",
        {"page_obj": paginate(request, qs), "q": q, "may_create": access.can_manage(request.user)},
    )


@login_required
def agency_detail(request, pk):
    agency = access.access_agency(request.user, pk)
    # Only commitments in programmes the user may see: the directory is shared, the matrix is not.
    visible = access.visible_programmes(request.user).values("pk")
    roles = (
        agency.roles.filter(site__programme__in=visible)
        .select_related("site__programme", "site__place")
        .order_by("site__programme__name", "site__place__name", "role")
    )
    staff = access.visible_staff(request.user).filter(agency=agency)
    return render(
        request,
        "programs/agency_detail.html",
        {"agency": agency, "roles": roles, "staff": staff, "may_edit": access.can_manage(request.user)},
    )


@login_required
def agency_create(request):
    access.require_manage(request.user)
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.create_agency(acting_user=request.user, **form.cleaned_data)
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            messages.success(request, _("%(name)s added.") % {"name": agency.name})
            return redirect("programs:agency_detail", pk=agency.pk)
    return form_page(request, form, title=_("New agency"), back_url=reverse("programs:agency_list"))


@login_required
def agency_edit(request, pk):
    agency = access.access_agency(request.user, pk, write=True)
    form = AgencyForm(request.POST or None, initial=AgencyForm.initial_for(agency))
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        done = submit(
            request,
            form,
            lambda: services.update_agency(acting_user=request.user, agency=agency, **changes),
            reverse("programs:agency_detail", args=[agency.pk]),
            _("Agency saved."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": agency.name},
        back_url=reverse("programs:agency_detail", args=[agency.pk]),
    )


# ---------------------------------------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------------------------------------


@login_required
def staff_list(request):
    q = request.GET.get("q", "").strip()
    qs = queries.search_staff(request.user, q)
    qs = (
        qs.select_related("agency")
        .annotate(open_assignments=Count("assignments", filter=Q(assignments__end_on__isnull=True)))
        .order_by("full_name")
    )
    return render(
        request,
        "programs/staff_list.html",
        {"page_obj": paginate(request, qs), "q": q, "may_create": access.can_manage(request.user)},
    )


@login_required
def staff_detail(request, pk):
    staff = access.access_staff(request.user, pk)
    assignments = (
        staff.assignments.filter(access.group_q(request.user, "group__"))
        .select_related("group__programme", "group__place")
        .order_by("end_on", "-start_on")
    )
    programmes = access.visible_programmes(request.user).filter(staff=staff)
    return render(
        request,
        "programs/staff_detail.html",
        {
            "staff": staff,
            "assignments": assignments,
            "programmes": programmes,
            "may_edit": access.can_manage(request.user),
        },
    )


def _staff_programmes(user):
    return access.writable_programmes(user).order_by("name")


@login_required
def staff_create(request):
    access.require_manage(request.user)
    form = StaffForm(
        request.POST or None,
        programmes=_staff_programmes(request.user),
        require_programme=not access.is_admin(request.user),
    )
    del form.fields["active"]
    if request.method == "POST" and form.is_valid():
        try:
            staff = services.create_staff(acting_user=request.user, **form.cleaned_data)
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            messages.success(request, _("%(name)s added.") % {"name": staff.full_name})
            return redirect("programs:staff_detail", pk=staff.pk)
    return form_page(
        request,
        form,
        title=_("New facilitator or mentor"),
        back_url=reverse("programs:staff_list"),
        intro=_("Write down duties, rights, obligations and sanctions before the person starts (seed 004)."),
    )


@login_required
def staff_edit(request, pk):
    staff = access.access_staff(request.user, pk, write=True)
    allowed = _staff_programmes(request.user)
    form = StaffForm(request.POST or None, initial=StaffForm.initial_for(staff), programmes=allowed)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        if "programmes" in changes:
            # Keep links to programmes this user cannot see; the form only shows the visible ones.
            hidden = staff.programmes.exclude(pk__in=allowed.values("pk"))
            changes["programmes"] = list(changes["programmes"]) + list(hidden)
        done = submit(
            request,
            form,
            lambda: services.update_staff(acting_user=request.user, staff=staff, **changes),
            reverse("programs:staff_detail", args=[staff.pk]),
            _("Staff record saved."),
        )
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": staff.full_name},
        back_url=reverse("programs:staff_detail", args=[staff.pk]),
    )
