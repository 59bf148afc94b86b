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


def paginate(request, qs: QuerySet, per_page: int = PAGE_SIZE, *, rows: QuerySet | None = None) -> Page:
    """One page of ``qs``.

    ``rows`` (for large scoped lists): the page is cut from ``qs``'s ids alone, and only that page's rows
    are then read from ``rows`` by id, with its joins and prefetches (see ``page_ids``).
    """
    # Paginator.count runs one COUNT(*); get_page clamps bad page numbers instead of failing.
    if rows is None:
        return Paginator(qs, per_page).get_page(request.GET.get("page"))
    page = Paginator(page_ids(qs), per_page).get_page(request.GET.get("page"))
    page.object_list = rows_in_order(rows, list(page.object_list))
    return page


def page_ids(qs: QuerySet) -> QuerySet:
    """The ids of ``qs`` in its order, to cut a page from before reading whole rows.

    A scoped list sorts thousands of rows to show 25. Sorting only the ids (and the sort key), then reading
    the page's rows by id, saves joining every row's place and household before the sort, and evaluating
    the scope a third time for those 25 rows: the person list of a programme manager on 100.000 persons
    spent ~30 ms in that one statement on SQLite, ~17 ms now for the ids plus well under 1 ms for the rows.
    """
    return qs.prefetch_related(None).values_list("pk", flat=True)


def rows_in_order(rows: QuerySet, ids: list) -> list:
    """The rows of ``rows`` whose ids are ``ids``, in the order of ``ids``.

    ``ids`` must come from a queryset the user may see (``page_ids`` of a scoped list): ``rows`` itself
    is not scoped again.
    """
    found = {row.pk: row for row in rows.filter(pk__in=ids).order_by()}
    return [found[pk] for pk in ids if pk in found]


def typed_query(request, default_field: str = "") -> tuple[str, str]:
    """(field name, text) typed into a search-as-you-type widget.

    The widgets send only their own input, named ``<field>__search`` (htmx ``hx-params``), so several
    pickers can share one form; a plain ``?q=`` works too (API-style calls, tests).
    """
    for key, value in request.GET.items():
        if key.endswith("__search"):
            return key.removesuffix("__search"), value.strip()
    return default_field, request.GET.get("q", "").strip()
