"""What every support service checks before writing: the record in the actor's scope, the notes
permission, dates, note length, the key worker; field errors collected so all are reported at once."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.accounts.permissions import can_see_territory
from abitare.core.exceptions import NotAllowed, ValidationFailed
from abitare.tenancies.permissions import SUPPORT, may_read_support_notes

User = get_user_model()
NOTE_MAX_CHARS = 20_000


class Errors:
    """Collects field errors so every problem is reported at once and nothing is written."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: Any) -> None:
        self.errors.setdefault(field, []).append(str(message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


def require_in_scope(actor: Membership, record: Any) -> None:
    if record.organisation_id != actor.organisation_id or not can_see_territory(actor, record.territory.path):
        raise NotAllowed(_("This record belongs to another organisation or territory."))


def require_notes_permission(actor: Membership, field: str = "note") -> None:
    if not may_read_support_notes(actor):
        raise NotAllowed(_("Writing notes needs the permission to read sensitive data."), field=field)


def not_future(errors: Errors, field: str, day: datetime.date | None, today: datetime.date) -> None:
    if day is not None and day > today:
        errors.add(field, _("The date cannot be in the future."))


def note_text(errors: Errors, field: str, text: str, *, required: bool) -> str:
    text = (text or "").strip()
    if required and not text:
        errors.add(field, _("Write the note."))
    if len(text) > NOTE_MAX_CHARS:
        errors.add(field, _("The note is too long (at most %(max)s characters).") % {"max": NOTE_MAX_CHARS})
    return text


def key_worker_errors(errors: Errors, actor: Membership, key_worker: Any, field: str) -> None:
    eligible = Membership.objects.filter(
        user=key_worker, organisation_id=actor.organisation_id, is_active=True, role__in=SUPPORT.roles
    ).exists()
    if key_worker is None or not eligible:
        errors.add(field, _("Choose a case worker of your organisation."))


def key_workers(actor: Membership) -> Any:
    """Users who may be key workers or mediators: active case workers of the actor's organisation."""
    return (
        User.objects.filter(
            memberships__organisation_id=actor.organisation_id,
            memberships__is_active=True,
            memberships__role__in=SUPPORT.roles,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
