"""Every list page is searchable and paginated the same way."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

PAGE_SIZE = 25


def search(qs: QuerySet, query: str, fields: list[str]) -> QuerySet:
    """Rows where every word of ``query`` appears in one of ``fields`` (case-insensitive)."""
    for word in query.split()[:6]:
        q = Q()
        for field in fields:
            q |= Q(**{f"{field}__icontains": word})
        qs = qs.filter(q)
    return qs


def paginate(request, qs: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    # Paginator.count runs one COUNT(*); get_page clamps bad page numbers instead of failing.
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def typed_query(request, default_field: str = "") -> tuple[str, str]:
    """(field name, text) typed into a search-as-you-type widget.

    The widgets send only their own input, named ``<field>__search`` (htmx ``hx-params``), so several
    pickers can share one form; a plain ``?q=`` works too (API-style calls, tests).
    """
    for key, value in request.GET.items():
        if key.endswith("__search"):
            return key.removesuffix("__search"), value.strip()
    return default_field, request.GET.get("q", "").strip()
