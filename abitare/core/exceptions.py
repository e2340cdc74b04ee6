"""Domain exceptions raised by services; one handler turns them into form errors or API 4xx."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A business rule refused an operation. ``message`` is translatable; ``field`` is optional."""

    code = "domain_error"

    def __init__(self, message: str | Promise, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        if code is not None:
            self.code = code

    def field_errors(self) -> dict[str, list[str]]:
        return {self.field or "non_field_errors": [str(self.message)]}


class ValidationFailed(DomainError):
    """Several field errors at once (an import row, a multi-field rule)."""

    code = "validation_failed"

    def __init__(self, errors: Mapping[str, list[Any]], message: str | Promise | None = None) -> None:

        super().__init__(message or _("The data is not valid."))
        self.errors = {key: [str(item) for item in value] for key, value in errors.items()}

    def field_errors(self) -> dict[str, list[str]]:
        return self.errors


class NotAllowed(DomainError):
    """The actor may not do this (raised by services that check a permission themselves)."""

    code = "not_allowed"


class Conflict(DomainError):
    """The operation collides with the current state (double booking, state changed meanwhile)."""

    code = "conflict"
