"""Every write to programmes, their stage templates, sites, criteria, agencies, roles and staff.

Views, the API, the demo loader and imports all call these functions; nothing else saves these models.
Each function is atomic, audit-logs what it changed and raises ``ServiceError`` (translated) when a
business rule refuses the change, so nothing is ever half-saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from berdaya.audit.log import record, snapshot
from berdaya.core.errors import ServiceError, check_fields
from berdaya.places.models import Place, subtree_q

from .models import DEFAULT_STAGES, Agency, AgencyRole, Programme, Site, StaffMember, Stage, TargetCriterion

# Default group sizes per empowerment model, used when the programme does not say.
# KUBE: Permensos 2/2019 and earlier guidelines say 5–20 families (PRODUCT.md). A sentra association
# gathers every unit of a sentra (seed 001 cites 30–50 units), so its ceiling is higher. Migrant KUW
# groups (seed 004) and craft groups (seeds 000, 002) are neighbourhood groups like KUBE but are not
# bound by the KUBE rule, so they get a little more room. All are settings the manager may change.
DEFAULT_SIZES: dict[str, tuple[int, int]] = {
    Programme.Model.KUBE: (5, 20),
    Programme.Model.UMKM_CLUSTER: (5, 50),
    Programme.Model.MIGRANT: (5, 25),
    Programme.Model.CRAFT_INCUBATOR: (5, 30),
    Programme.Model.CUSTOM: (5, 30),
}

PROGRAMME_FIELDS = (
    "name",
    "model_type",
    "description",
    "start_date",
    "end_date",
    "funding_source",
    "group_size_min",
    "group_size_max",
    "residence_level",
)
AGENCY_FIELDS = ("name", "kind", "place", "contact")
STAFF_FIELDS = (
    "full_name",
    "kind",
    "agency",
    "phone",
    "qualifications",
    "duties",
    "rights",
    "obligations",
    "sanctions",
    "trained",
    "trained_on",
    "active",
)
# Far above any real stage count, inside PositiveSmallIntegerField: lets a renumbering move rows out of
# the way first, because PostgreSQL checks the (programme, order) unique index row by row.
_ORDER_PARK = 10000


def _is_manager(user) -> bool:
    return bool(user is not None and getattr(user, "pk", None) and getattr(user, "role", None) == "manager")


# ---------------------------------------------------------------------------------------------------------
# Programmes
# ---------------------------------------------------------------------------------------------------------


def _check_programme(values: dict, *, exclude_pk: int | None = None) -> None:
    errors: dict[str, str] = {}
    name = values["name"]
    if not name:
        errors["name"] = _("Give the programme a name.")
    elif Programme.objects.filter(name__iexact=name).exclude(pk=exclude_pk).exists():
        errors["name"] = _("Another programme is already called %(name)s.") % {"name": name}
    if values["model_type"] not in Programme.Model.values:
        errors["model_type"] = _("Choose an empowerment model.")
    if values["residence_level"] not in Programme.ResidenceLevel.values:
        errors["residence_level"] = _("Choose village, hamlet or RW.")
    start, end = values["start_date"], values["end_date"]
    if start and end and end < start:
        errors["end_date"] = _("The programme cannot end (%(end)s) before it starts (%(start)s).") % {
            "end": end.isoformat(),
            "start": start.isoformat(),
        }
    low, high = values["group_size_min"], values["group_size_max"]
    if low is None or low < 1:
        errors["group_size_min"] = _("A group needs at least one member.")
    elif high is None or high < low:
        errors["group_size_max"] = _("The maximum group size (%(max)s) is below the minimum (%(min)s).") % {
            "max": high,
            "min": low,
        }
    if errors:
        raise ServiceError(next(iter(errors.values())), field_errors=errors)


def _clean_stage_template(stages) -> list[tuple[str, str]]:
    template = []
    seen: set[str] = set()
    default_names = {key: str(label) for key, label in DEFAULT_STAGES}
    for item in stages:
        # A bare key picks the default stage of that key (the demo data lists templates that way).
        key, name = (item, default_names.get(item, item)) if isinstance(item, str) else item
        name = str(name).strip()
        key = slugify(key or name)[:40]
        if not name or not key:
            raise ServiceError(
                _("Every stage needs a name."), field_errors={"stages": _("Every stage needs a name.")}
            )
        if key in seen:
            msg = _("The stage %(key)s appears twice in the template.") % {"key": key}
            raise ServiceError(msg, field_errors={"stages": msg})
        seen.add(key)
        template.append((key, name[:100]))
    if not template:
        msg = _("A programme needs at least one stage.")
        raise ServiceError(msg, field_errors={"stages": msg})
    return template


@transaction.atomic
def create_programme(
    *,
    acting_user,
    name: str,
    model_type: str,
    description: str = "",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    funding_source: str = "",
    group_size_min: int | None = None,
    group_size_max: int | None = None,
    residence_level: int | None = None,
    stages: Iterable[tuple[str, str]] | None = None,
) -> Programme:
    """Create a programme with its ordered stage template.

    ``stages`` is a list of ``(key, name)`` pairs (an empty key is made from the name) or of bare keys
    of ``DEFAULT_STAGES``. Without ``stages`` the template is a copy of ``DEFAULT_STAGES``, named in the acting user's language
    at the moment of creation (the names are then the programme's own and may be renamed). Group sizes
    default by model (``DEFAULT_SIZES``). A manager who creates a programme gets it in their scope, or
    they could not see what they just made.
    """
    default_min, default_max = DEFAULT_SIZES.get(model_type, (5, 30))
    values = {
        "name": (name or "").strip(),
        "model_type": model_type,
        "description": description or "",
        "start_date": start_date,
        "end_date": end_date,
        "funding_source": (funding_source or "").strip(),
        "group_size_min": default_min if group_size_min is None else group_size_min,
        "group_size_max": default_max if group_size_max is None else group_size_max,
        "residence_level": Programme.ResidenceLevel.VILLAGE
        if residence_level is None
        else int(residence_level),
    }
    _check_programme(values)
    template = _clean_stage_template(
        [(key, str(label)) for key, label in DEFAULT_STAGES] if stages is None else list(stages)
    )
    programme = Programme.objects.create(**values)
    Stage.objects.bulk_create(
        [
            Stage(programme=programme, order=i, key=key, name=label)
            for i, (key, label) in enumerate(template, 1)
        ]
    )
    record(
        actor=acting_user,
        action="create",
        obj=programme,
        note=_("Stages: %(stages)s") % {"stages": ", ".join(label for _key, label in template)},
    )
    if _is_manager(acting_user):
        acting_user.scope_programmes.add(programme)
    return programme


@transaction.atomic
def update_programme(*, acting_user, programme: Programme, **changes) -> Programme:
    """Change a programme's own fields (name, model, period, funding, group sizes, residence level).

    Only the fields in ``changes`` are touched; the stage template, sites and criteria have their own
    services. Period and size range are checked on the values after the change.
    """
    check_fields(changes, PROGRAMME_FIELDS)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    before = snapshot(programme)
    values = {field: getattr(programme, field) for field in PROGRAMME_FIELDS}
    values.update(changes)
    values["name"] = (values["name"] or "").strip()
    values["funding_source"] = (values["funding_source"] or "").strip()
    values["description"] = values["description"] or ""
    if values["residence_level"] is not None:
        values["residence_level"] = int(values["residence_level"])
    _check_programme(values, exclude_pk=programme.pk)
    for field in changes:
        setattr(programme, field, values[field])
    if changes:
        programme.save(update_fields=list(changes))
        record(actor=acting_user, action="update", obj=programme, before=before)
    return programme


# ---------------------------------------------------------------------------------------------------------
# Stage template
# ---------------------------------------------------------------------------------------------------------


def _unique_stage_key(programme: Programme, name: str, key: str = "") -> str:
    base = slugify(key or name)[:36] or "stage"
    taken = set(Stage.objects.filter(programme=programme).values_list("key", flat=True))
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


@transaction.atomic
def add_stage(*, acting_user, programme: Programme, name: str, key: str = "", description: str = "") -> Stage:
    """Append a stage at the end of the programme's template (move it afterwards to place it)."""
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Give the stage a name."), field_errors={"name": _("This field is required.")})
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if key and Stage.objects.filter(programme=programme, key=slugify(key)).exists():
        msg = _("This programme already has a stage with the key %(key)s.") % {"key": slugify(key)}
        raise ServiceError(msg, field_errors={"key": msg})
    last = Stage.objects.filter(programme=programme).aggregate(m=Max("order"))["m"] or 0
    stage = Stage.objects.create(
        programme=programme,
        order=last + 1,
        key=_unique_stage_key(programme, name, key),
        name=name[:100],
        description=description or "",
    )
    record(actor=acting_user, action="create", obj=stage)
    return stage


@transaction.atomic
def rename_stage(*, acting_user, stage: Stage, name: str, description: str | None = None) -> Stage:
    """Rename a stage. Its key stays, so evidence and reports that refer to it keep working."""
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Give the stage a name."), field_errors={"name": _("This field is required.")})
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    before = snapshot(stage)
    stage.name = name[:100]
    fields = ["name"]
    if description is not None:
        stage.description = description
        fields.append("description")
    stage.save(update_fields=fields)
    record(actor=acting_user, action="update", obj=stage, before=before)
    return stage


@transaction.atomic
def move_stage(*, acting_user, stage: Stage, direction: str) -> Stage:
    """Swap a stage with its neighbour above (``"up"``) or below (``"down"``) in the template."""
    if direction not in ("up", "down"):
        raise ServiceError(_("A stage moves up or down."))
    # Lock the programme row so two people reordering at once queue instead of colliding.
    Programme.objects.select_for_update().get(pk=stage.programme_id)
    stage = Stage.objects.get(pk=stage.pk)
    siblings = Stage.objects.filter(programme_id=stage.programme_id)
    if direction == "up":
        neighbour = siblings.filter(order__lt=stage.order).order_by("-order").first()
    else:
        neighbour = siblings.filter(order__gt=stage.order).order_by("order").first()
    if neighbour is None:
        msg = (
            _("%(stage)s is already the first stage.")
            if direction == "up"
            else _("%(stage)s is already the last stage.")
        )
        raise ServiceError(msg % {"stage": stage.name})
    before = snapshot(stage)
    mine, theirs = stage.order, neighbour.order
    # Park one row outside the range so the (programme, order) unique index is never violated mid-swap.
    Stage.objects.filter(pk=stage.pk).update(order=mine + _ORDER_PARK)
    Stage.objects.filter(pk=neighbour.pk).update(order=mine)
    Stage.objects.filter(pk=stage.pk).update(order=theirs)
    stage.order = theirs
    record(
        actor=acting_user,
        action="update",
        obj=stage,
        before=before,
        note=_("moved up") if direction == "up" else _("moved down"),
    )
    return stage


@transaction.atomic
def remove_stage(*, acting_user, stage: Stage) -> None:
    """Remove a stage from the template and close the gap in the order.

    Refused while a group is at that stage or has dated evidence for it: the group's history would
    otherwise point at a stage that no longer exists.
    """
    from berdaya.groups.models import Group, StageRecord

    Programme.objects.select_for_update().get(pk=stage.programme_id)
    stage = Stage.objects.get(pk=stage.pk)
    at_stage = Group.objects.filter(stage=stage).count()
    evidence = StageRecord.objects.filter(stage=stage).values("group_id").distinct().count()
    if at_stage or evidence:
        raise ServiceError(
            _(
                "%(stage)s cannot be removed: %(at)s group(s) are at this stage and %(ev)s group(s) have "
                "evidence for it. Rename it instead, or move those groups first."
            )
            % {"stage": stage.name, "at": at_stage, "ev": evidence}
        )
    if Stage.objects.filter(programme_id=stage.programme_id).count() == 1:
        raise ServiceError(_("A programme needs at least one stage."))
    order = stage.order
    record(actor=acting_user, action="delete", obj=stage, before=snapshot(stage), after={})
    stage.delete()
    later = Stage.objects.filter(programme_id=stage.programme_id, order__gt=order)
    later.update(order=F("order") + _ORDER_PARK)
    Stage.objects.filter(programme_id=stage.programme_id, order__gt=_ORDER_PARK).update(
        order=F("order") - _ORDER_PARK - 1
    )


# ---------------------------------------------------------------------------------------------------------
# Sites and target criteria
# ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def add_site(*, acting_user, programme: Programme, place: Place, notes: str = "") -> Site:
    """Add a place where the programme works.

    Refused when the place is already a site, or lies inside (or contains) another site of the same
    programme: nested sites would count the same groups and roles twice.
    """
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if place is None:
        raise ServiceError(_("Choose a place."), field_errors={"place": _("Choose a place.")})
    existing = list(Site.objects.filter(programme=programme).select_related("place"))
    for site in existing:
        other = site.place
        if other.pk == place.pk:
            msg = _("%(place)s is already a site of this programme.") % {"place": place.name}
            raise ServiceError(msg, field_errors={"place": msg})
        if place.code.startswith(other.code + ".") or other.code.startswith(place.code + "."):
            msg = _(
                "%(place)s overlaps the site %(other)s; a programme's sites must not contain each other."
            ) % {
                "place": place.name,
                "other": other.name,
            }
            raise ServiceError(msg, field_errors={"place": msg})
    site = Site.objects.create(programme=programme, place=place, notes=notes or "")
    record(actor=acting_user, action="create", obj=site)
    return site


@transaction.atomic
def remove_site(*, acting_user, site: Site) -> None:
    """Remove a site. Refused while agencies commit roles there or the programme has groups in that area."""
    from berdaya.groups.models import Group

    Programme.objects.select_for_update().get(pk=site.programme_id)
    site = Site.objects.select_related("place").get(pk=site.pk)
    groups = Group.objects.filter(subtree_q(site.place.code, "place"), programme_id=site.programme_id).count()
    roles = AgencyRole.objects.filter(site=site).count()
    if groups or roles:
        raise ServiceError(
            _(
                "%(place)s cannot be removed: the programme has %(groups)s group(s) there and agencies commit "
                "%(roles)s role(s) there. Withdraw the roles and move or dissolve the groups first."
            )
            % {"place": site.place.name, "groups": groups, "roles": roles}
        )
    record(actor=acting_user, action="delete", obj=site, before=snapshot(site), after={})
    site.delete()


@transaction.atomic
def set_criteria(*, acting_user, programme: Programme, texts: list[str]) -> list[TargetCriterion]:
    """Replace the programme's target criteria with ``texts``, in that order (blank lines are dropped)."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    cleaned: list[str] = []
    for text in texts:
        text = (text or "").strip()
        if not text:
            continue
        if len(text) > 250:
            msg = _("A criterion may have at most 250 characters: %(start)s…") % {"start": text[:40]}
            raise ServiceError(msg, field_errors={"texts": msg})
        if text.casefold() in {c.casefold() for c in cleaned}:
            msg = _("The criterion %(text)s appears twice.") % {"text": text}
            raise ServiceError(msg, field_errors={"texts": msg})
        cleaned.append(text)
    old = list(TargetCriterion.objects.filter(programme=programme).values_list("text", flat=True))
    TargetCriterion.objects.filter(programme=programme).delete()
    rows = TargetCriterion.objects.bulk_create(
        [TargetCriterion(programme=programme, text=text, order=i) for i, text in enumerate(cleaned, 1)]
    )
    if old != cleaned:
        record(
            actor=acting_user,
            action="update",
            obj=programme,
            before={"criteria": old},
            after={"criteria": cleaned},
        )
    return rows


# ---------------------------------------------------------------------------------------------------------
# Agencies and their roles
# ---------------------------------------------------------------------------------------------------------


def _check_agency(values: dict, *, exclude_pk: int | None = None) -> None:
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = _("Give the agency's name.")
    elif Agency.objects.filter(name__iexact=values["name"]).exclude(pk=exclude_pk).exists():
        errors["name"] = _("An agency called %(name)s already exists.") % {"name": values["name"]}
    if values["kind"] not in Agency.Kind.values:
        errors["kind"] = _("Choose the kind of agency.")
    if errors:
        raise ServiceError(next(iter(errors.values())), field_errors=errors)


@transaction.atomic
def create_agency(
    *, acting_user, name: str, kind: str, place: Place | None = None, contact: str = ""
) -> Agency:
    """Add an agency (office, bank, university, NGO, buyer…) to the shared directory."""
    values = {"name": (name or "").strip(), "kind": kind, "place": place, "contact": (contact or "").strip()}
    _check_agency(values)
    agency = Agency.objects.create(**values)
    record(actor=acting_user, action="create", obj=agency)
    return agency


@transaction.atomic
def update_agency(*, acting_user, agency: Agency, **changes) -> Agency:
    """Change an agency's name, kind, place or contact."""
    check_fields(changes, AGENCY_FIELDS)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    before = snapshot(agency)
    values = {field: getattr(agency, field) for field in AGENCY_FIELDS}
    values.update(changes)
    values["name"] = (values["name"] or "").strip()
    values["contact"] = (values["contact"] or "").strip()
    _check_agency(values, exclude_pk=agency.pk)
    for field in changes:
        setattr(agency, field, values[field])
    if changes:
        agency.save(update_fields=list(changes))
        record(actor=acting_user, action="update", obj=agency, before=before)
    return agency


@transaction.atomic
def commit_role(
    *,
    acting_user,
    site: Site,
    agency: Agency,
    role: str,
    commitment: str = "",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> AgencyRole:
    """Record that ``agency`` commits to ``role`` at ``site`` (one cell of the role matrix).

    Another agency committing the same role at the same site is allowed — complementary products happen —
    but the role matrix then flags the overlap so the programme can coordinate (seed 001).
    """
    if role not in AgencyRole.Role.values:
        raise ServiceError(_("Choose a role."), field_errors={"role": _("Choose a role.")})
    if start_date and end_date and end_date < start_date:
        msg = _("The commitment cannot end (%(end)s) before it starts (%(start)s).") % {
            "end": end_date.isoformat(),
            "start": start_date.isoformat(),
        }
        raise ServiceError(msg, field_errors={"end_date": msg})
    site = Site.objects.select_for_update().select_related("place").get(pk=site.pk)
    if AgencyRole.objects.filter(site=site, agency=agency, role=role).exists():
        msg = _("%(agency)s already commits %(role)s at %(place)s.") % {
            "agency": agency.name,
            "role": AgencyRole.Role(role).label,
            "place": site.place.name,
        }
        raise ServiceError(msg, field_errors={"role": msg})
    agency_role = AgencyRole.objects.create(
        site=site,
        agency=agency,
        role=role,
        commitment=(commitment or "").strip()[:250],
        start_date=start_date,
        end_date=end_date,
    )
    record(actor=acting_user, action="create", obj=agency_role)
    return agency_role


@transaction.atomic
def withdraw_role(*, acting_user, agency_role: AgencyRole) -> None:
    """Remove an agency's commitment from the role matrix (the audit log keeps what it was)."""
    agency_role = AgencyRole.objects.select_for_update().select_related("site").get(pk=agency_role.pk)
    record(actor=acting_user, action="delete", obj=agency_role, before=snapshot(agency_role), after={})
    agency_role.delete()


# ---------------------------------------------------------------------------------------------------------
# Staff: facilitators and mentors
# ---------------------------------------------------------------------------------------------------------


def _check_staff(values: dict) -> None:
    errors: dict[str, str] = {}
    if not values["full_name"]:
        errors["full_name"] = _("Give the person's full name.")
    if values["kind"] not in StaffMember.Kind.values:
        errors["kind"] = _("Choose facilitator or mentor.")
    trained_on = values["trained_on"]
    if trained_on and trained_on > timezone.localdate():
        errors["trained_on"] = _("The training date %(date)s is in the future.") % {
            "date": trained_on.isoformat()
        }
    if errors:
        raise ServiceError(next(iter(errors.values())), field_errors=errors)


def _staff_snapshot(staff: StaffMember) -> dict:
    data = snapshot(staff)
    data["programmes"] = sorted(staff.programmes.values_list("pk", flat=True)) if staff.pk else []
    return data


@transaction.atomic
def create_staff(
    *,
    acting_user,
    full_name: str,
    kind: str,
    agency: Agency | None = None,
    programmes: Iterable[Programme] = (),
    phone: str = "",
    qualifications: str = "",
    duties: str = "",
    rights: str = "",
    obligations: str = "",
    sanctions: str = "",
    trained: bool = False,
    trained_on: dt.date | None = None,
) -> StaffMember:
    """Register a facilitator or mentor with the written terms of their engagement (seed 004).

    A training date implies the person was trained, so ``trained`` is set when ``trained_on`` is given.
    """
    values = {
        "full_name": (full_name or "").strip(),
        "kind": kind,
        "agency": agency,
        "phone": (phone or "").strip(),
        "qualifications": qualifications or "",
        "duties": duties or "",
        "rights": rights or "",
        "obligations": obligations or "",
        "sanctions": sanctions or "",
        "trained": bool(trained or trained_on),
        "trained_on": trained_on,
    }
    _check_staff(values)
    staff = StaffMember.objects.create(**values)
    programmes = list(programmes or ())
    if programmes:
        staff.programmes.set(programmes)
    record(actor=acting_user, action="create", obj=staff, after=_staff_snapshot(staff))
    return staff


@transaction.atomic
def update_staff(*, acting_user, staff: StaffMember, **changes) -> StaffMember:
    """Change a staff member's terms, training status, agency, programmes (``programmes=[…]``) or ``active``."""
    programmes = changes.pop("programmes", None)
    check_fields(changes, STAFF_FIELDS)
    staff = StaffMember.objects.select_for_update().get(pk=staff.pk)
    before = _staff_snapshot(staff)
    values = {field: getattr(staff, field) for field in STAFF_FIELDS}
    values.update(changes)
    values["full_name"] = (values["full_name"] or "").strip()
    if changes.get("trained_on"):
        values["trained"] = True
        changes["trained"] = True
    if "trained" in changes and not values["trained"]:
        # Un-ticking "trained" also clears the date, or the record would contradict itself.
        values["trained_on"] = None
        changes["trained_on"] = None
    _check_staff(values)
    for field in changes:
        setattr(staff, field, values[field])
    if changes:
        staff.save(update_fields=list(changes))
    if programmes is not None:
        staff.programmes.set(list(programmes))
    after = _staff_snapshot(staff)
    if after != before:
        record(actor=acting_user, action="update", obj=staff, before=before, after=after)
    return staff
