"""Printable documents: one template renders the page on screen and, as PDF, the paper a member keeps.

A view renders its printable template with ``printable(request, template, context, filename)``: the
HTML page (with a "Download PDF" link and the browser's own print) by default, the PDF with
``?format=pdf``. WeasyPrint draws the PDF locally — no service, no fonts or assets from the internet.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

PRINT_CSS = settings.BASE_DIR / "berdaya" / "static" / "berdaya" / "print.css"


def wants_pdf(request) -> bool:
    return request.GET.get("format") == "pdf"


def render_pdf(html: str, base_url: str = "") -> bytes:
    from weasyprint import CSS, HTML  # imported here: loading Pango costs time no other page should pay

    return HTML(string=html, base_url=base_url or str(settings.BASE_DIR)).write_pdf(
        stylesheets=[CSS(filename=str(PRINT_CSS))]
    )


def printable(request, template: str, context: dict, filename: str) -> HttpResponse:
    """The printable page, or its PDF when ``?format=pdf`` is asked for."""
    as_pdf = wants_pdf(request)
    html = render_to_string(template, {**context, "as_pdf": as_pdf}, request=request)
    if not as_pdf:
        return HttpResponse(html)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
