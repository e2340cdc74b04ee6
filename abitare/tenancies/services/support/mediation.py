"""Mediation cases between neighbours: open a case with its description, add the mediator's notes,
close it with the outcome."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.accounts.permissions import can_see_territory
from abitare.core.exceptions import Conflict, NotAllowed
from abitare.registry.models import Household
from abitare.tenancies.models import MediationCase, MediationNote
from abitare.tenancies.services.support._checks import (
    Errors,
    key_worker_errors,
    not_future,
    note_text,
    require_in_scope,
    require_notes_permission,
)


@transaction.atomic
def mediation_open(
    *,
    actor: Membership,
    territory: Any,
    subject: str,
    opened_on: datetime.date,
    mediator: Any,
    households: Sequence[Household] = (),
    units: Sequence[Any] = (),
    building: Any = None,
    description: str = "",
) -> MediationCase:
    """Open a mediation case between at least two parties (households or units); the description
    of the conflict is a sensitive note, written only by a member who may read notes."""
    if not can_see_territory(actor, territory.path):
        raise NotAllowed(_("You cannot open a case outside your territory."), field="territory")
    for household in households:
        require_in_scope(actor, household)
    if (description or "").strip():
        require_notes_permission(actor, field="description")
    errors = Errors()
    key_worker_errors(errors, actor, mediator, "mediator")
    not_future(errors, "opened_on", opened_on, timezone.localdate())
    if subject not in MediationCase.Subject.values:
        errors.add("subject", _("Choose the subject from the list."))
    if len(set(households)) + len(set(units)) < 2:
        errors.add("households", _("A conflict between neighbours involves at least two households or units."))
    buildings = {unit.building_id for unit in units}
    if building is not None:
        if building.organisation_id != actor.organisation_id:
            errors.add("building", _("Choose a building your organisation manages."))
        if buildings - {building.pk}:
            errors.add("units", _("The units must be in the chosen building."))
    if any(unit.building.organisation_id != actor.organisation_id for unit in units):
        errors.add("units", _("Choose units of buildings your organisation manages."))
    text = note_text(errors, "description", description, required=False)
    errors.raise_if_any()
    case = MediationCase.objects.create(
        organisation_id=actor.organisation_id,
        territory=territory,
        building=building,
        mediator=mediator,
        subject=subject,
        opened_on=opened_on,
    )
    case.households.set(households)
    case.units.set(units)
    if text:
        MediationNote.objects.create(case=case, text=text, written_by=actor.user)
    return case


@transaction.atomic
def mediation_note_add(*, actor: Membership, case: MediationCase, text: str) -> MediationNote:
    """Add a note to a mediation case (sensitive: needs the permission to read sensitive data)."""
    require_in_scope(actor, case)
    require_notes_permission(actor, field="text")
    errors = Errors()
    clean = note_text(errors, "text", text, required=True)
    errors.raise_if_any()
    return MediationNote.objects.create(case=case, text=clean, written_by=actor.user)


@transaction.atomic
def mediation_close(*, actor: Membership, case: MediationCase, closed_on: datetime.date, outcome: str) -> MediationCase:
    """Close an open case with its outcome; it leaves the work list."""
    require_in_scope(actor, case)
    if not case.is_open:
        raise Conflict(_("The mediation case is already closed."), code="closed")
    errors = Errors()
    not_future(errors, "closed_on", closed_on, timezone.localdate())
    if closed_on < case.opened_on:
        errors.add("closed_on", _("A case cannot close before it was opened."))
    if outcome not in MediationCase.Outcome.values:
        errors.add("outcome", _("Choose the outcome from the list."))
    errors.raise_if_any()
    case.status = MediationCase.Status.CLOSED
    case.closed_on = closed_on
    case.outcome = outcome
    case.save(update_fields=["status", "closed_on", "outcome", "updated_at"])
    return case
