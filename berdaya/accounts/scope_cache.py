"""The user's scope, read once per request instead of once per ``access`` call.

A page asks ``access`` for the same scope several times: the list itself, its paginator COUNT, the
filter choices, the "may create" button, the navigation. Each call used to re-read the user's scope
rows (groups, managed programmes, the areas of their sites) with a query of its own, the same answer
every time.

The cache lives for ONE read-only request (GET or HEAD) and nowhere else: it is opened on
``request_started`` and dropped on ``request_finished``. Outside a request (services, tasks, commands,
tests calling ``access`` directly) nothing is cached, so ``access`` answers exactly as it always did.
Inside a request any ORM write (save, delete, many-to-many change) empties the cache, so even a GET
that writes (an audit row, a session) reads the scope again afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.core.signals import request_finished, request_started
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")

_cache: ContextVar[dict | None] = ContextVar("berdaya_scope_cache", default=None)

# Requests that must not change data; only these keep a scope cache.
_READ_METHODS = {"GET", "HEAD"}


def remember(user, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, or its earlier answer for this user in the current read-only request."""
    cache = _cache.get()
    if cache is None or getattr(user, "pk", None) is None:
        return compute()
    # Every field of the user that ``access`` reads is in the key: a changed user is another entry.
    key = (
        name,
        user.pk,
        user.role,
        user.is_superuser,
        user.is_active,
        user.person_id,
        user.staff_member_id,
        user.agency_id,
    )
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _open(sender, environ=None, **kwargs) -> None:
    method = (environ or {}).get("REQUEST_METHOD", "")
    _cache.set({} if method in _READ_METHODS else None)


def _close(sender, **kwargs) -> None:
    _cache.set(None)


def _forget(sender, **kwargs) -> None:
    cache = _cache.get()
    if cache:
        cache.clear()


def connect() -> None:
    request_started.connect(_open, dispatch_uid="berdaya.scope_cache.open")
    request_finished.connect(_close, dispatch_uid="berdaya.scope_cache.close")
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_forget, dispatch_uid=f"berdaya.scope_cache.forget.{id(signal)}")
