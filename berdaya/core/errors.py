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
