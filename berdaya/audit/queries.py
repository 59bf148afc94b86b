from django.db.models import Q, QuerySet

from berdaya.accounts import access
from berdaya.accounts.models import Role
from berdaya.core.lists import search

from .models import AuditEntry


def visible_entries(user) -> QuerySet[AuditEntry]:
    """Entries about objects the user may see; members see none."""
    if access.is_admin(user):
        return AuditEntry.objects.all()
    if not user.is_authenticated or user.role == Role.MEMBER:
        return AuditEntry.objects.none()
    q = Q(group_id__in=access.visible_groups(user).values("pk"))
    q |= Q(group_id__isnull=True, programme_id__in=access.visible_programmes(user).values("pk"))
    q |= Q(
        group_id__isnull=True,
        programme_id__isnull=True,
        person_id__in=access.visible_persons(user).values("pk"),
    )
    q |= Q(actor=user)
    return AuditEntry.objects.filter(q)


def search_entries(user, q: str) -> QuerySet[AuditEntry]:
    """The user's audit entries by object, object type or who made the change."""
    fields = ["object_repr", "object_type", "actor__username"]
    return search(visible_entries(user).select_related("actor"), (q or "").strip(), fields)
