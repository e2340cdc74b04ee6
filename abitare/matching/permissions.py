"""Who may do what in the matching app: role rules, and predicates on the records themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from abitare.accounts.models import Membership, Role
from abitare.accounts.permissions import roles

if TYPE_CHECKING:
    from abitare.matching.models import Application, Offer, Proposal

APPLICATIONS = roles("applications", Role.OPERATOR, Role.COORDINATOR)
RULES = roles("allocation_rules", Role.ADMINISTRATOR)
RULES_READ = roles("allocation_rules_read", Role.ADMINISTRATOR, Role.OPERATOR, Role.COORDINATOR)
ROUNDS = roles("matching_rounds", Role.OPERATOR, Role.COORDINATOR)
ROUNDS_READ = roles("matching_rounds_read", Role.OPERATOR, Role.COORDINATOR, Role.ADMINISTRATOR)

AGREEMENTS = roles("sharing_agreements", Role.ADMINISTRATOR)
"""Administrators record, confirm and end sharing agreements between two districts."""


def _on_side(actor: Membership | None, organisation_id: int, territory_path: str) -> bool:
    return (
        actor is not None
        and actor.organisation_id == organisation_id
        and territory_path.startswith(actor.territory.path)
    )


def holds_application(actor: Membership | None, application: Application) -> bool:
    """The side holding the application: it sees the household by name and sends the offer.

    In a joint round the other side sees the same household only pseudonymised.
    """
    return _on_side(actor, application.organisation_id, application.territory.path)


def may_review_proposal(actor: Membership | None, proposal: Proposal) -> bool:
    """The side owning the proposal's unit approves or rejects it.

    In a joint round the unit may belong to the partner agency: that agency decides on its own
    stock, and the side holding the application (``holds_application``) sends the offer.
    """
    building = proposal.unit.building
    return _on_side(actor, building.organisation_id, building.territory.path)


def can_send_offer(actor: Membership | None, proposal: Proposal) -> bool:
    """The agency holding the proposal's application sends the offer (in a joint round the unit
    may be the partner's: the household is still this side's)."""
    return holds_application(actor, proposal.application)


def can_answer_offer(actor: Membership | None, offer: Offer) -> bool:
    """Acceptance, refusal and withdrawal are recorded by the side that sent the offer."""
    return _on_side(actor, offer.organisation_id, offer.territory.path)
