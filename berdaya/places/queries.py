"""Place search: by name words or by (dotted or undotted) code, villages first, most specific first."""

from __future__ import annotations

import re

from django.db.models import QuerySet

from .models import Place

_CODE = re.compile(r"^[0-9][0-9.]*$")


def normalize_code(text: str) -> str:
    """'5201012001' or '52.01.01.2001' → '52.01.01.2001'."""
    digits = text.replace(".", "")
    parts = [digits[0:2], digits[2:4], digits[4:6], digits[6:10]]
    return ".".join(p for p in parts if p)


def search_places(query: str, *, levels: list[int] | None = None) -> QuerySet[Place]:
    query = (query or "").strip()
    qs = Place.objects.all()
    if levels:
        qs = qs.filter(level__in=levels)
    if not query:
        return qs.filter(level=1) if not levels else qs
    if _CODE.match(query):
        return qs.filter(code__startswith=normalize_code(query)).order_by("code")
    for word in query.split()[:5]:
        qs = qs.filter(path__icontains=word)
    # A name that starts with the first word ranks above one that merely contains it.
    return qs.order_by("level", "name")
