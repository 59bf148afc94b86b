"""Domain errors raised by services; views and the API turn them into translated messages."""

from __future__ import annotations


class ServiceError(Exception):
    """A business rule refused the change. Nothing was saved.

    ``message`` is already translated (services use ``gettext``); ``field_errors`` maps form field
    names to translated messages, so the page can show each next to its field.
    """

    def __init__(self, message: str, *, field_errors: dict[str, str] | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}
        self.code = code


def check_fields(changes: dict, allowed) -> None:
    """Refuse an update naming a field the service does not change.

    Forms and serializers only pass known fields, so an unknown one is a caller bug: fail loudly
    (TypeError) instead of silently ignoring it or showing a user a message they cannot act on.
    """
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
