"""Who may see and change what: the only place that reads a user's scope.

Every view and API endpoint fetches objects through ``visible_*`` querysets or ``access_*`` helpers.
An object outside the user's scope raises ``Http404`` exactly like a missing one, so "not found" and
"not yours" cannot be told apart. An object the user may see but not change raises ``PermissionDenied``.

Scope by role:
- admin: everything.
- manager, auditor, partner: their programmes (assigned, having a site in one of their areas, or — for a
  partner — where their agency committed a role), the groups of those programmes or located in their
  areas, and persons living in their areas or the programmes' sites or belonging to their groups.
- facilitator: the groups they are assigned to (as staff or explicitly), those groups' members, and the
  residents of the sites of the programmes they work in (a PRA happens before the groups exist).
- officer: the groups they hold office in (or are assigned) and those groups' members.
- member: their own person record and the groups they belong to, read only.
Only admin, manager, facilitator and officer write; auditor, partner and member never do.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from berdaya.clusters.models import Sentra
from berdaya.groups.models import Assignment, Group, Meeting, Membership, OfficerTerm
from berdaya.people.models import Enterprise, Household, Person
from berdaya.places.models import Place, subtree_q
from berdaya.programs.models import Agency, AgencyRole, Programme, Site, StaffMember

from .models import Role, User
from .scope_cache import remember

AREA_ROLES = {Role.MANAGER, Role.AUDITOR, Role.PARTNER}
WRITE_ROLES = {Role.ADMIN, Role.MANAGER, Role.FACILITATOR, Role.OFFICER}


def is_admin(user: User) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN))


def can_write(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or user.role in WRITE_ROLES))


def can_manage(user: User) -> bool:
    """Create programmes, agencies and staff; run imports of people."""
    return bool(user.is_authenticated and (is_admin(user) or user.role == Role.MANAGER))


def _nothing() -> Q:
    return Q(pk__in=[])


def _area_codes(user: User) -> list[str]:
    cache = getattr(user, "_berdaya_area_codes", None)
    if cache is None:
        cache = list(user.scope_places.values_list("code", flat=True))
        user._berdaya_area_codes = cache
    return cache


def _areas_q(codes: list[str], prefix: str) -> Q:
    """Rows whose ``prefix`` place lies in one of the subtrees ``codes``.

    Filters on the place id through one uncorrelated subquery over the (small) places table instead of
    joining every row to its place: PostgreSQL then hashes the few thousand place ids once.
    """
    if not codes:
        return _nothing()
    places = _nothing()
    for code in codes:
        places |= subtree_q(code, "")
    return Q(**{f"{prefix}_id__in": Place.objects.filter(places).values("pk")})


def _managed_programmes(user: User) -> QuerySet[Programme]:
    """Programmes a manager, auditor or partner oversees (not those merely reached through a group)."""
    q = Q(pk__in=user.scope_programmes.values("pk"))
    codes = _area_codes(user)
    if codes:
        q |= Q(pk__in=Site.objects.filter(_areas_q(codes, "place")).values("programme_id"))
    if user.role == Role.PARTNER and user.agency_id:
        q |= Q(pk__in=AgencyRole.objects.filter(agency_id=user.agency_id).values("site__programme_id"))
    return Programme.objects.filter(q)


def _managed_programme_ids(user: User) -> list[int]:
    """Ids of ``_managed_programmes``, read once per request (see ``scope_cache``)."""
    return remember(
        user, "managed_programmes", lambda: list(_managed_programmes(user).values_list("pk", flat=True))
    )


def _scope_group_ids(user: User) -> list[int]:
    """Ids of the groups assigned to the user explicitly, read once per request."""
    return remember(user, "scope_groups", lambda: list(user.scope_groups.values_list("pk", flat=True)))


def writable_programmes(user: User) -> QuerySet[Programme]:
    """Programmes in which the user may create groups and change the programme itself."""
    if is_admin(user):
        return Programme.objects.all()
    if user.is_authenticated and user.role == Role.MANAGER:
        return _managed_programmes(user)
    return Programme.objects.none()


def group_q(user: User, prefix: str = "") -> Q:
    """Q selecting the groups ``user`` may see; ``prefix`` is the path to the group, e.g. ``"group__"``."""
    if is_admin(user):
        return Q()
    if not user.is_authenticated:
        return _nothing()
    ids = f"{prefix}pk__in" if prefix == "" else f"{prefix}id__in"
    # The few programme and group ids are resolved first and inlined as literals, so the database can
    # walk the programme_id and group_id indexes instead of hashing every membership of every group.
    q = Q(**{ids: _scope_group_ids(user)})
    if user.role in AREA_ROLES:
        q |= Q(**{f"{prefix}programme_id__in": _managed_programme_ids(user)})
        q |= _areas_q(_area_codes(user), f"{prefix}place")
    elif user.role == Role.FACILITATOR:
        q |= Q(**{f"{prefix}programme__in": user.scope_programmes.values("pk")})
        if user.staff_member_id:
            open_assignments = Assignment.objects.filter(staff_id=user.staff_member_id, end_on__isnull=True)
            q |= Q(**{ids: open_assignments.values("group_id")})
    elif user.role == Role.OFFICER and user.person_id:
        terms = OfficerTerm.objects.filter(person_id=user.person_id, end_on__isnull=True)
        q |= Q(**{ids: terms.values("group_id")})
    elif user.role == Role.MEMBER and user.person_id:
        q |= Q(**{ids: Membership.objects.filter(person_id=user.person_id).values("group_id")})
    return q


def visible_groups(user: User) -> QuerySet[Group]:
    return Group.objects.filter(group_q(user))


def visible_programmes(user: User) -> QuerySet[Programme]:
    if is_admin(user):
        return Programme.objects.all()
    if not user.is_authenticated:
        return Programme.objects.none()
    q = Q(pk__in=visible_groups(user).values("programme_id"))
    if user.role in AREA_ROLES:
        q |= Q(pk__in=_managed_programme_ids(user))
    elif user.role == Role.FACILITATOR:
        q |= Q(pk__in=user.scope_programmes.values("pk"))
    return Programme.objects.filter(q)


def person_q(user: User, prefix: str = "", *, one: bool = False) -> Q:
    """Q selecting the persons ``user`` may see; ``prefix`` is the path to the person (one FK, or none).

    ``one=True`` is for checking a single person (a detail page, one enterprise's owners): membership
    is then a correlated EXISTS that probes the index for that person only. Lists use the default, an
    uncorrelated ``IN``, which the planners turn into one hash over the visible members — PostgreSQL
    cannot do that for an EXISTS inside an OR, and a list then took 5× longer.
    """
    if is_admin(user):
        return Q()
    if not user.is_authenticated:
        return _nothing()
    if user.role == Role.MEMBER:
        return (
            Q(**{f"{prefix}pk" if prefix == "" else f"{prefix}id": user.person_id})
            if user.person_id
            else _nothing()
        )
    groups = group_q(user, "group__")
    if one:
        outer = "pk" if prefix == "" else f"{prefix.removesuffix('__')}_id"
        q = Q(Exists(Membership.objects.filter(groups, person_id=OuterRef(outer))))
    else:
        ids = f"{prefix}pk__in" if prefix == "" else f"{prefix}id__in"
        q = Q(**{ids: Membership.objects.filter(groups).values("person_id")})
    if user.person_id:
        q |= Q(**{f"{prefix}pk" if prefix == "" else f"{prefix}id": user.person_id})
    if user.role in AREA_ROLES:
        q |= _areas_q(_people_area_codes(user), f"{prefix}place")
    elif user.role == Role.FACILITATOR:
        # A participatory appraisal happens before any group exists: a facilitator working in a
        # programme sees the residents of its sites, not only the members of their groups.
        q |= _areas_q(_facilitator_site_codes(user), f"{prefix}place")
    return q


def _facilitator_site_codes(user: User) -> list[str]:
    """Areas of the sites of the programmes a facilitator works in (by scope or by their staff record)."""
    return remember(user, "facilitator_site_codes", lambda: _read_facilitator_site_codes(user))


def _read_facilitator_site_codes(user: User) -> list[str]:
    programmes = Q(programme__in=user.scope_programmes.values("pk"))
    if user.staff_member_id:
        programmes |= Q(
            programme__in=StaffMember.programmes.through.objects.filter(
                staffmember_id=user.staff_member_id
            ).values("programme_id")
        )
    return list(Site.objects.filter(programmes).values_list("place__code", flat=True))


def _people_area_codes(user: User) -> list[str]:
    """Areas whose residents a manager, auditor or partner may see: their areas and their programmes' sites."""
    return remember(user, "people_area_codes", lambda: _read_people_area_codes(user))


def _read_people_area_codes(user: User) -> list[str]:
    codes = list(_area_codes(user))
    codes += list(
        Site.objects.filter(programme__in=_managed_programme_ids(user)).values_list("place__code", flat=True)
    )
    return codes


def visible_persons(user: User) -> QuerySet[Person]:
    return Person.objects.filter(person_q(user))


def visible_households(user: User) -> QuerySet[Household]:
    """Households with a visible member, or (for area roles) registered in one of the user's areas."""
    if is_admin(user):
        return Household.objects.all()
    q = Q(pk__in=visible_persons(user).values("household_id"))
    if user.is_authenticated and user.role in AREA_ROLES:
        q |= _areas_q(_people_area_codes(user), "place")
    return Household.objects.filter(q)


def visible_enterprises(user: User, *, one: bool = False) -> QuerySet[Enterprise]:
    """Enterprises with a visible owner, or (for area roles) located in one of the user's areas.

    ``one=True`` when checking a single enterprise (see ``person_q``).
    """
    if is_admin(user):
        return Enterprise.objects.all()
    if one:
        owners = Enterprise.owners.through.objects.filter(
            person_q(user, "person__", one=True), enterprise_id=OuterRef("pk")
        )
        q = Q(Exists(owners))
    else:
        owned = Enterprise.owners.through.objects.filter(person__in=visible_persons(user).values("pk"))
        q = Q(pk__in=owned.values("enterprise_id"))
    if user.is_authenticated and user.role in AREA_ROLES:
        q |= _areas_q(_people_area_codes(user), "place")
    return Enterprise.objects.filter(q)


def visible_staff(user: User) -> QuerySet[StaffMember]:
    if is_admin(user):
        return StaffMember.objects.all()
    if not user.is_authenticated or user.role in (Role.MEMBER,):
        return StaffMember.objects.none()
    q = Q(programmes__in=visible_programmes(user).values("pk"))
    q |= Q(pk__in=Assignment.objects.filter(group_q(user, "group__")).values("staff_id"))
    if user.staff_member_id:
        q |= Q(pk=user.staff_member_id)
    return StaffMember.objects.filter(pk__in=StaffMember.objects.filter(q).values("pk"))


def visible_agencies(user: User) -> QuerySet[Agency]:
    # The agency directory is shared reference data: any signed-in user may read it.
    if not user.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.all()


def _get(qs: QuerySet, pk):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Not found.")) from None


def _deny_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Your role may look at this but not change it."))


def access_programme(user: User, pk, *, write: bool = False) -> Programme:
    programme = _get(visible_programmes(user), pk)
    if write:
        _deny_unless(
            is_admin(user) or (user.role == Role.MANAGER and _managed_programmes(user).filter(pk=pk).exists())
        )
    return programme


def access_group(user: User, pk, *, write: bool = False) -> Group:
    group = _get(visible_groups(user).select_related("programme", "place", "stage"), pk)
    if write:
        _deny_unless(can_write(user))
    return group


def access_person(user: User, pk, *, write: bool = False) -> Person:
    person = _get(Person.objects.filter(person_q(user, one=True)).select_related("place", "household"), pk)
    if write:
        _deny_unless(can_write(user))
    return person


def access_household(user: User, pk, *, write: bool = False) -> Household:
    household = _get(visible_households(user).select_related("place"), pk)
    if write:
        _deny_unless(can_write(user))
    return household


def access_enterprise(user: User, pk, *, write: bool = False) -> Enterprise:
    enterprise = _get(visible_enterprises(user, one=True).select_related("place"), pk)
    if write:
        _deny_unless(can_write(user))
    return enterprise


def access_staff(user: User, pk, *, write: bool = False) -> StaffMember:
    staff = _get(visible_staff(user), pk)
    if write:
        _deny_unless(can_manage(user))
    return staff


def access_agency(user: User, pk, *, write: bool = False) -> Agency:
    agency = _get(visible_agencies(user), pk)
    if write:
        _deny_unless(can_manage(user))
    return agency


def require_write(user: User) -> None:
    _deny_unless(can_write(user))


def require_manage(user: User) -> None:
    _deny_unless(can_manage(user))


# --- group books ------------------------------------------------------------------------------------


def can_see_books(user: User) -> bool:
    """A group's whole books: everyone in scope except a member, who sees only their own records."""
    return bool(user.is_authenticated and (is_admin(user) or user.role != Role.MEMBER))


def access_books(user: User, group_pk, *, write: bool = False) -> Group:
    """The group whose books the user may read (and, with ``write``, post to)."""
    group = access_group(user, group_pk, write=write)
    if not can_see_books(user):
        raise Http404(_("Not found."))
    return group


def access_member_record(user: User, group_pk, person_pk) -> tuple[Group, Person]:
    """A member's own records in a group (passbook, loan card, statement).

    A member reaches only their own; anyone who may read the group's books reaches every member's,
    including people who have left. Someone who never belonged to the group is "not found".
    """
    group = access_group(user, group_pk)
    if not can_see_books(user) and str(person_pk) != str(user.person_id):
        raise Http404(_("Not found."))
    person = _get(
        Person.objects.filter(pk__in=Membership.objects.filter(group=group).values("person_id")), person_pk
    )
    return group, person


def access_meeting_books(user: User, pk, *, write: bool = False) -> Meeting:
    """A meeting whose group's books the user may read (and, with ``write``, post to): its sheet."""
    meeting = (
        Meeting.objects.filter(group_q(user, "group__")).select_related("group__place").filter(pk=pk).first()
    )
    if meeting is None:
        raise Http404(_("Not found."))
    access_books(user, meeting.group_id, write=write)
    return meeting


def require_books_reader(user: User) -> None:
    """Pages over many groups' books (month-end figures): everyone in scope but a member, else 404."""
    if not can_see_books(user):
        raise Http404(_("Not found."))


def require_month_end_runner(user: User) -> None:
    """The month-end close runs for every group's books: an administrator's job."""
    if not is_admin(user):
        raise PermissionDenied(_("Only an administrator runs the month-end close for all groups."))


# --- fieldwork --------------------------------------------------------------------------------------
# PRA sessions, trainings, innovations, mentoring visits, proposals, market links and field submissions
# all hang off a programme (directly or through a site). Who sees them: everyone who sees the programme,
# except members (fieldwork records name other people and their problems). Who records them: an
# administrator, the programme's manager, and a facilitator or mentor working in the programme.

FIELDWORK_WRITERS = {Role.ADMIN, Role.MANAGER, Role.FACILITATOR}


def can_see_fieldwork(user: User) -> bool:
    return bool(user.is_authenticated and (is_admin(user) or user.role != Role.MEMBER))


def can_do_fieldwork(user: User) -> bool:
    return bool(
        user.is_authenticated and user.is_active and (is_admin(user) or user.role in FIELDWORK_WRITERS)
    )


def fieldwork_programmes(user: User, *, write: bool = False) -> QuerySet[Programme]:
    """Programmes whose fieldwork the user may read (or, with ``write``, record)."""
    if is_admin(user):
        return Programme.objects.all()
    if not can_see_fieldwork(user) or (write and not can_do_fieldwork(user)):
        return Programme.objects.none()
    if write and user.role == Role.MANAGER:
        return _managed_programmes(user)
    return visible_programmes(user)


def fieldwork_q(user: User, programme_path: str = "programme", *, write: bool = False) -> Q:
    """Q selecting fieldwork rows whose programme (at ``programme_path``, e.g. ``"site__programme"``) is in scope."""
    if is_admin(user):
        return Q()
    if not can_see_fieldwork(user):
        return _nothing()
    ids = remember(
        user,
        f"fieldwork_programmes:{write}",
        lambda: list(fieldwork_programmes(user, write=write).values_list("pk", flat=True)),
    )
    return Q(**{f"{programme_path}_id__in": ids})


def visible_fieldwork(user: User, qs: QuerySet, programme_path: str = "programme") -> QuerySet:
    """``qs`` narrowed to the rows the user may read; every fieldwork list starts here."""
    return qs.filter(fieldwork_q(user, programme_path))


def access_fieldwork(user: User, qs: QuerySet, pk, *, programme_path: str = "programme", write: bool = False):
    """One fieldwork row from ``qs`` (404 when missing or out of scope; 403 when readable but not writable)."""
    obj = _get(visible_fieldwork(user, qs, programme_path), pk)
    if write:
        _deny_unless(qs.filter(fieldwork_q(user, programme_path, write=True), pk=obj.pk).exists())
    return obj


def visible_sites(user: User) -> QuerySet[Site]:
    return visible_fieldwork(user, Site.objects.select_related("programme", "place"))


def access_site(user: User, pk, *, write: bool = False) -> Site:
    return access_fieldwork(user, Site.objects.select_related("programme", "place"), pk, write=write)


def require_fieldwork_reader(user: User) -> None:
    """Fieldwork lists: everyone signed in but a member; a member gets "not found"."""
    if not can_see_fieldwork(user):
        raise Http404(_("Not found."))


def require_fieldwork_writer(user: User, programme: Programme | None = None) -> None:
    """Recording fieldwork (in ``programme`` when given): admin, its manager, a facilitator working in it."""
    require_fieldwork_reader(user)
    allowed = can_do_fieldwork(user)
    if allowed and programme is not None:
        allowed = fieldwork_programmes(user, write=True).filter(pk=programme.pk).exists()
    _deny_unless(allowed)


# --- sentra and clusters ----------------------------------------------------------------------------
# A sentra belongs to a programme; every cluster record hangs off a sentra ("sentra__programme"). They
# follow the fieldwork rule above: everyone who sees the programme reads them except members; an
# administrator, the programme's manager and a facilitator working in it record them.


def visible_sentras(user: User) -> QuerySet[Sentra]:
    return visible_fieldwork(user, Sentra.objects.select_related("programme", "place"))


def access_sentra(user: User, pk, *, write: bool = False) -> Sentra:
    return access_fieldwork(user, Sentra.objects.select_related("programme", "place"), pk, write=write)
