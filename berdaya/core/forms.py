"""Helpers shared by the HTML forms of every app."""

from __future__ import annotations

from django import forms

from .errors import ServiceError


def apply_service_error(form: forms.Form, error: ServiceError) -> None:
    """Show a refused change on the form: per-field messages where known, the rest on top."""
    placed = False
    for field, message in error.field_errors.items():
        if field in form.fields:
            form.add_error(field, message)
            placed = True
    if not placed or error.message not in error.field_errors.values():
        form.add_error(None, error.message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
