"""What every housing service shares: model validation as a domain error, the actor's scope,
and the author of the change in the history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Territory
from abitare.core.exceptions import DomainError, ValidationFailed


def full_clean(instance: Any, exclude: Sequence[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        errors = dict(error.message_dict)
        if NON_FIELD_ERRORS in errors:
            errors["non_field_errors"] = errors.pop(NON_FIELD_ERRORS)
        raise ValidationFailed(errors) from error


def check_territory(actor: Membership, territory: Territory) -> None:
    """The territory must be the actor's own or below it: an administrator of a municipality
    cannot add buildings to the next one."""
    if not territory.path.startswith(actor.territory.path):
        raise DomainError(_("This neighbourhood or municipality is outside your territory."), field="territory")


def authored(instance: Any, actor: Membership) -> Any:
    """Name the actor's user as the author of the history row (pages, API, tasks and commands alike)."""
    instance._history_user = actor.user
    return instance
