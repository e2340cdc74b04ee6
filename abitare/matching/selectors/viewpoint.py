"""What a membership sees of a round's households: on the other side of a joint round, a
pseudonym and no sensitive detail. Pages, API and the explanations all go through it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from abitare.accounts.models import Membership
from abitare.matching.models import Proposal, Round
from abitare.matching.selectors.rounds import proposal_list
from abitare.registry.permissions import may_read_sensitive

PSEUDONYM_SALT = "abitare.matching.joint-round-household"
"""Key salt of the pseudonyms: an HMAC keyed with SECRET_KEY, never a plain hash of an id."""


def household_pseudonym(*, round_id: int, application_id: int, side: str) -> str:
    """The name the other side of a joint round sees for a household: stable within the round,
    different in every other round, and not reversible without the server's secret key."""
    digest = salted_hmac(PSEUDONYM_SALT, f"{round_id}:{application_id}", algorithm="sha256").hexdigest()
    return str(_("Household %(id)s") % {"id": f"{side}-{digest[:8].upper()}"})


@dataclass(frozen=True)
class HouseholdShown:
    """A household as one viewer of a round may see it."""

    label: str
    """The household's name on its own side; a pseudonym on the other side of a joint round."""
    application_id: int | None
    """Only on its own side: the id, for links to the application."""
    own: bool
    held_by: str
    """The organisation holding the application (the partner's name on the other side)."""


@dataclass(frozen=True)
class RoundViewpoint:
    """What a membership sees of a round's households: the one rule pages, API and the
    explanation apply, so they cannot drift apart.

    In a joint round a household of the other side is shown only by a pseudonym, with the
    partner's name, its priority and non-identifying needs; its sensitive score parts and mix
    groups are summed or named generically whatever the viewer's own permissions.
    """

    round_id: int
    organisation_id: int | None
    may_read_sensitive: bool
    sides: dict[int, tuple[str, str]]
    """Organisation id -> (letter, name) in a joint round; empty in a round of one organisation."""

    def is_own(self, organisation_id: int | None) -> bool:
        if not self.sides:
            return True  # a round of one organisation: the viewer's own (the round is scoped)
        return organisation_id is not None and organisation_id == self.organisation_id

    def household(self, *, application_id: int, organisation_id: int | None, name: str) -> HouseholdShown:
        letter, holder = self.sides.get(organisation_id or 0, ("X", ""))
        if self.is_own(organisation_id):
            return HouseholdShown(label=name, application_id=application_id, own=True, held_by=holder)
        label = household_pseudonym(round_id=self.round_id, application_id=application_id, side=letter)
        return HouseholdShown(label=label, application_id=None, own=False, held_by=holder)

    def sensitive_for(self, shown: HouseholdShown) -> bool:
        """Whether sensitive score parts and groups of this household may be shown in full."""
        return shown.own and self.may_read_sensitive


def round_viewpoint(*, actor: Membership | None, round: Round) -> RoundViewpoint:
    sides: dict[int, tuple[str, str]] = {}
    if round.is_joint and round.agreement is not None and round.partner is not None:
        agreement = round.agreement
        names = {round.organisation_id: str(round.organisation), round.partner_id: str(round.partner)}
        sides = {
            agreement.organisation_id: ("A", names.get(agreement.organisation_id, "")),
            agreement.partner_id: ("B", names.get(agreement.partner_id, "")),
        }
    return RoundViewpoint(
        round_id=round.pk,
        organisation_id=actor.organisation_id if actor is not None else None,
        may_read_sensitive=may_read_sensitive(actor),
        sides=sides,
    )


def proposal_household(*, actor: Membership | None, proposal: Proposal) -> HouseholdShown:
    """The proposal's household as the membership may see it (pseudonymised across a joint round)."""
    application = proposal.application
    return round_viewpoint(actor=actor, round=proposal.round).household(
        application_id=application.pk, organisation_id=application.organisation_id, name=str(application.household)
    )


@dataclass(frozen=True)
class ProposalRow:
    proposal: Proposal
    household: HouseholdShown


def proposal_rows(*, actor: Membership | None, round: Round) -> list[ProposalRow]:
    """The round's proposals with each household as the membership may see it."""
    viewpoint = round_viewpoint(actor=actor, round=round)
    return [
        ProposalRow(
            proposal=p,
            household=viewpoint.household(
                application_id=p.application_id,
                organisation_id=p.application.organisation_id,
                name=str(p.application.household),
            ),
        )
        for p in proposal_list(actor=actor, round=round)
    ]
