"""Reads shared by the group pages and the API."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from berdaya.accounts import access
from berdaya.core.lists import search

from .models import Group, Membership


def groups_for_list(
    user, *, q: str = "", programme_id: str = "", kind: str = "", stage_key: str = ""
) -> QuerySet[Group]:
    """The user's groups matching the search and filters, in a stable order."""
    qs = access.visible_groups(user).select_related("programme", "place", "stage")
    qs = search(qs, q, ["name", "business_type", "place__name"])
    if str(programme_id).isdigit():
        qs = qs.filter(programme_id=programme_id)
    if kind in Group.Kind.values:
        qs = qs.filter(kind=kind)
    if stage_key:
        qs = qs.filter(stage__key=stage_key)
    return qs.order_by("name", "id")


def attach_active_member_counts(groups) -> list[Group]:
    """Set ``active_members`` on each group of a page with one aggregate query.

    Counting per page, after pagination, keeps the paginator's COUNT(*) a plain count over groups instead
    of a grouped join over every membership of every visible group.
    """
    groups = list(groups)
    # order_by(): Membership's default ordering (group, person name) would join every person row into the
    # count; PostgreSQL then hashed all persons (~45 ms on 100.000) to count a page's 750 memberships.
    counts = dict(
        Membership.objects.filter(group__in=[g.pk for g in groups], left_on__isnull=True)
        .order_by()
        .values("group")
        .annotate(n=Count("id"))
        .values_list("group", "n")
    )
    for group in groups:
        group.active_members = counts.get(group.pk, 0)
    return groups
