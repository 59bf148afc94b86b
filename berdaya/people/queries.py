"""Reads shared by the people pages and the API."""

from __future__ import annotations

import lokal
from django.db.models import Q, QuerySet

from berdaya.accounts import access
from berdaya.core.lists import search

from .models import Enterprise, Household, Person


def search_persons(user, qs: QuerySet[Person], q: str) -> QuerySet[Person]:
    """Name, phone and — for users who may see full NIKs — NIK.

    Readers see NIKs masked, so letting them search by a full NIK would let them confirm one anyway.
    A query that is a phone number is matched in the stored national format, however it was typed.
    """
    q = (q or "").strip()
    if not q:
        return qs
    phone = lokal.parse_phone(q) if any(c.isdigit() for c in q) else None
    if phone is not None and phone.valid:
        return qs.filter(phone=phone.national)
    fields = ["full_name", "phone"] + (["nik"] if access.can_write(user) else [])
    return search(qs, q, fields)


def search_households(user, q: str) -> QuerySet[Household]:
    """The user's households by head, address and — for users who may see full KK numbers — KK."""
    fields = ["head_name", "address"] + (["kk_number"] if access.can_write(user) else [])
    return search(access.visible_households(user).select_related("place"), (q or "").strip(), fields)


def enterprises_for_list(user, *, q: str = "", sector: str = "") -> QuerySet[Enterprise]:
    """The user's enterprises matching every word of ``q`` (name, product or an owner's name).

    Owner names are matched through a subquery per word rather than a join: joining the owners once per
    word multiplies the rows and made a four-word search take over 30 s on 20.000 enterprises.
    """
    qs = access.visible_enterprises(user)
    for word in q.split()[:6]:
        owned = Enterprise.owners.through.objects.filter(person__full_name__icontains=word)
        qs = qs.filter(
            Q(name__icontains=word)
            | Q(product_type__icontains=word)
            | Q(pk__in=owned.values("enterprise_id"))
        )
    if sector in Enterprise.Sector.values:
        qs = qs.filter(sector=sector)
    return qs.select_related("place").prefetch_related("owners").order_by("name", "id")


def enterprise_rows() -> QuerySet[Enterprise]:
    """Where a page of ``enterprises_for_list`` reads its rows by id: the place, and the owners at once."""
    return Enterprise.objects.select_related("place").prefetch_related("owners")
