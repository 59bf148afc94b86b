"""The one way to write the audit log. Services call ``record`` inside their transaction."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.db import models

from .models import AuditEntry


def _plain(value: Any) -> Any:
    # A time of day too (a training session's start): JSON has no time type.
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model | None) -> dict[str, Any]:
    """JSON-safe values of the object's concrete fields (foreign keys as ids)."""
    if obj is None:
        return {}
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in ("created_at", "updated_at", "password"):
            continue
        data[field.attname] = _plain(getattr(obj, field.attname))
    return data


# Foreign keys that lead to who acted or to shared reference data, never to the record's owner.
_NOT_OWNERS = {
    "accounts.user",
    "people.person",
    "people.household",
    "people.enterprise",
    "places.place",
    "programs.agency",
    "programs.staffmember",
}


def _owner(obj: models.Model, depth: int = 3):
    """The nearest group or programme reached through ``obj``'s foreign keys (a PRA problem → its session →
    its site → the programme; a delivery → its share → its order → its sentra → the programme)."""
    from berdaya.groups.models import Group
    from berdaya.programs.models import Programme

    level = [obj]
    for _ in range(depth):
        parents = []
        for item in level:
            for field in item._meta.concrete_fields:
                if not field.many_to_one or field.related_model._meta.label_lower in _NOT_OWNERS:
                    continue
                parent = getattr(item, field.name, None)
                if isinstance(parent, Group | Programme):
                    return parent
                if parent is not None:
                    parents.append(parent)
        level = parents
    return None


def _scope_keys(obj: models.Model) -> dict[str, Any]:
    """Where the object lives, so the entry is shown only to users who may see the object."""
    from berdaya.groups.models import Group
    from berdaya.people.models import Person
    from berdaya.programs.models import Programme

    keys: dict[str, Any] = {"programme_id": None, "group_id": None, "place_code": "", "person_id": None}
    group = obj if isinstance(obj, Group) else getattr(obj, "group", None)
    if group is None and hasattr(obj, "meeting"):
        group = obj.meeting.group
    if group is None and hasattr(obj, "book"):
        group = obj.book.group
    if isinstance(group, Group):
        keys["group_id"] = group.pk
        keys["programme_id"] = group.programme_id
        keys["place_code"] = group.place.code
    programme = obj if isinstance(obj, Programme) else getattr(obj, "programme", None)
    if isinstance(programme, Programme):
        keys["programme_id"] = programme.pk
    if keys["programme_id"] is None and hasattr(obj, "site"):
        keys["programme_id"] = obj.site.programme_id
    if keys["programme_id"] is None:
        owner = _owner(obj)
        if isinstance(owner, Group):
            keys["group_id"], keys["programme_id"] = owner.pk, owner.programme_id
        elif isinstance(owner, Programme):
            keys["programme_id"] = owner.pk
    if isinstance(obj, Person):
        keys["person_id"] = obj.pk
    elif isinstance(getattr(obj, "person", None), Person):
        keys["person_id"] = obj.person.pk
    place = getattr(obj, "place", None)
    if not keys["place_code"] and place is not None and hasattr(place, "code"):
        keys["place_code"] = place.code
    return keys


def record(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """Log a change. ``before``/``after`` are ``snapshot`` dicts; only fields that differ are kept."""
    before = before or {}
    after = after if after is not None else snapshot(obj)
    changes = {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
    if note:
        changes["_note"] = note
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk or ""),
        object_repr=str(obj)[:200],
        changes=changes,
        **_scope_keys(obj),
    )
