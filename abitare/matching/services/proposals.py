"""The review of a round's proposals: an operator of the side owning the unit approves or rejects
each one, or picks another feasible household for the unit (the offer that follows is in
``services.offers``)."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.exceptions import Conflict, DomainError, NotAllowed
from abitare.matching.models import Application, Offer, Proposal, Round
from abitare.matching.permissions import may_review_proposal
from abitare.matching.snapshot import blocked_label, replacement_candidates_of


def _review(actor: Membership, proposal: Proposal) -> Proposal:
    locked = Proposal.objects.select_for_update().select_related("unit__building__territory").get(pk=proposal.pk)
    round = Round.objects.select_related("territory", "partner_territory").get(pk=locked.round_id)
    sides = [(round.organisation_id, round.territory)]
    if round.partner_territory is not None and round.partner_id is not None:
        sides.append((round.partner_id, round.partner_territory))
    in_round = any(
        org == actor.organisation_id and territory.path.startswith(actor.territory.path) for org, territory in sides
    )
    if not in_round:
        raise DomainError(_("The proposal is not in your organisation and territory."))
    if not may_review_proposal(actor, locked):
        # In a joint round the side owning the unit decides on it.
        raise NotAllowed(_("The unit belongs to the partner agency: its operators review this proposal."))
    if round.status != Round.Status.DONE:
        raise Conflict(_("The round is not finished."), field="status")
    if locked.status != Proposal.Status.PROPOSED:
        raise Conflict(_("This proposal was already reviewed."), field="status")
    return locked


@transaction.atomic
def proposal_approve(*, actor: Membership, proposal: Proposal) -> Proposal:
    """Approve a proposal (the offer that follows is not part of the round)."""
    locked = _review(actor, proposal)
    locked.status = Proposal.Status.APPROVED
    locked.reviewed_by = actor.user
    locked.reviewed_at = timezone.now()
    locked.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return locked


@transaction.atomic
def proposal_reject(*, actor: Membership, proposal: Proposal, reason: str) -> Proposal:
    """Reject a proposal; the reason is required and kept."""
    if not reason.strip():
        raise DomainError(_("Say why the proposal is rejected."), field="reason")
    locked = _review(actor, proposal)
    locked.status = Proposal.Status.REJECTED
    locked.reason = reason.strip()
    locked.reviewed_by = actor.user
    locked.reviewed_at = timezone.now()
    locked.save(update_fields=["status", "reason", "reviewed_by", "reviewed_at"])
    return locked


def proposal_replace(*, actor: Membership, proposal: Proposal, application: Application, reason: str) -> Proposal:
    """Reject the proposed household for this unit and propose ``application`` instead, with the
    reason. Only a household feasible under every hard constraint of the round's snapshot may be
    chosen; the new proposal carries its own explanation and counts as approved by the actor.

    A proposal can be replaced while it is proposed, or when approved and its offer was refused or
    withdrawn (the unit is free again).
    """
    if not reason.strip():
        raise DomainError(_("Say why you choose another household."), field="reason")
    with transaction.atomic():
        locked = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("round", "unit__building__territory")
            .get(pk=proposal.pk)
        )
        if not may_review_proposal(actor, locked):
            raise NotAllowed(_("The proposal's unit is not in your organisation and territory."))
        if locked.round.status != Round.Status.DONE:
            raise Conflict(_("The round is not finished."), field="status")
        if locked.status == Proposal.Status.REJECTED:
            raise Conflict(_("This proposal was already rejected."), field="status")
        if locked.offers.filter(status__in=[Offer.Status.SENT, Offer.Status.ACCEPTED]).exists():
            raise Conflict(_("The unit has a live or accepted offer: answer or withdraw it first."), field="status")
        candidates = {c.application_id: c for c in replacement_candidates_of(proposal=locked)}
        candidate = candidates.get(str(application.pk))
        if candidate is None:
            raise DomainError(_("This application was not in the round."), field="application")
        if not candidate.feasible:
            raise DomainError(
                _("This household cannot take the unit: %(reasons)s.")
                % {"reasons": ", ".join(blocked_label(code) for code in candidate.blocked_by)},
                field="application",
            )
        now = timezone.now()
        locked.status = Proposal.Status.REJECTED
        locked.reason = reason.strip()
        locked.reviewed_by = actor.user
        locked.reviewed_at = now
        locked.save(update_fields=["status", "reason", "reviewed_by", "reviewed_at"])
        parts = locked.round.snapshot.get("applications", {}).get(candidate.application_id, {}).get("parts", [])
        try:
            with transaction.atomic():
                replacement = Proposal.objects.create(
                    round=locked.round,
                    application=application,
                    unit_id=locked.unit_id,
                    priority=Decimal(str(candidate.priority)).quantize(Decimal("0.01")),
                    preference_rank=candidate.preference_rank,
                    preference_bonus=Decimal(str(candidate.preference_bonus)).quantize(Decimal("0.001")),
                    weight=Decimal(str(candidate.weight)).quantize(Decimal("0.0001")),
                    explanation={
                        "at_limit": list(candidate.at_limit),
                        "score_parts": parts,
                        "chosen_by_operator": True,
                    },
                    status=Proposal.Status.APPROVED,
                    reason=reason.strip(),
                    reviewed_by=actor.user,
                    reviewed_at=now,
                    replaces=locked,
                )
        except IntegrityError as error:
            raise Conflict(
                _("Someone changed this round's proposals meanwhile: reload the page."), field="application"
            ) from error
    return replacement
