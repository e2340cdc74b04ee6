"""Why a proposal is what it is, from the round's stored snapshot and answer (never today's data):
the households of higher priority that did not get the unit, the constraints at their limit, the
score by rule, and the households that could take the unit instead."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from abitare.accounts.models import Membership
from abitare.matching.engine import explain_unit
from abitare.matching.models import Proposal
from abitare.matching.selectors.applications import ShownPart
from abitare.matching.selectors.viewpoint import proposal_household, round_viewpoint
from abitare.matching.snapshot import (
    SENSITIVE_FACTS,
    blocked_label,
    instance_of_snapshot,
    replacement_candidates_of,
    result_of_data,
)


@dataclass(frozen=True)
class RefusalLine:
    application_id: int | None
    """``None`` for the partner's households in a joint round: no id usable elsewhere."""
    household: str
    priority: float
    reason: str
    detail: str


def proposal_explanation(*, actor: Membership | None, proposal: Proposal, limit: int = 20) -> list[RefusalLine]:
    """For the proposal's unit, why each household of higher priority did not get it, computed
    with the engine on the round's stored snapshot and answer (never today's data)."""
    round = proposal.round
    instance = instance_of_snapshot(round.snapshot)
    refusals = explain_unit(instance, result_of_data(round.result["engine"]), str(proposal.unit_id), limit=limit)
    households = round.snapshot.get("applications", {})
    units = round.snapshot.get("units", {})
    viewpoint = round_viewpoint(actor=actor, round=round)
    reasons = {
        "infeasible": _("A hard constraint forbids it"),
        "better_unit": _("Housed in a unit that suits it better"),
        "housed_elsewhere": _("Housed in another unit: the total is higher that way"),
        "mixite": _("The building's mix limit would be broken"),
        "lower_total": _("Its weight here is not above the proposed household's"),
        "within_gap": _("A swap could raise the total within the reported gap"),
    }
    lines = []
    for refusal in refusals:
        stored = households.get(refusal.application_id, {})
        shown = viewpoint.household(
            application_id=int(refusal.application_id),
            organisation_id=stored.get("organisation"),
            name=stored.get("household", refusal.application_id),
        )
        sensitive = viewpoint.sensitive_for(shown)
        constraints = [_constraint_label(c, sensitive=sensitive, own=shown.own) for c in refusal.constraints]
        detail = ", ".join(dict.fromkeys(constraints))
        if refusal.other_unit_id:
            detail = units.get(refusal.other_unit_id, refusal.other_unit_id)
        lines.append(
            RefusalLine(
                application_id=shown.application_id,
                household=shown.label,
                priority=refusal.priority,
                reason=str(reasons.get(refusal.reason, refusal.reason)),
                detail=detail,
            )
        )
    return lines


def _constraint_label(code: str, *, sensitive: bool, own: bool = True) -> str:
    """A constraint or mix group in words; the disability group only for the sensitive-data
    permission, and for the partner's households in a joint round the wheelchair need only as an
    accessibility need (it says something about health)."""
    labels = {
        "pathway": _("pathway"),
        "occupants": _("occupants"),
        "floor_area": _("floor area per person"),
        "step_free": _("step-free access"),
        "wheelchair": _("wheelchair access") if own else _("accessibility"),
        "group_living": _("group living"),
        "affordability": _("affordability"),
        "excluded_neighbourhood": _("excluded neighbourhood"),
        "low_low": _("low resources, low potential"),
        "elderly": _("elderly"),
        "young": _("young"),
        "disability": _("disability") if sensitive else _("criteria from sensitive data"),
    }
    if code.startswith("mixite:"):
        return str(_("mix: %(group)s") % {"group": labels.get(code[7:], code[7:])})
    return str(labels.get(code, code))


def proposal_limits(*, actor: Membership | None, proposal: Proposal) -> list[str]:
    """The constraints at their limit for this proposal, in words."""
    shown = proposal_household(actor=actor, proposal=proposal)
    sensitive = round_viewpoint(actor=actor, round=proposal.round).sensitive_for(shown)
    labels = [
        _constraint_label(code, sensitive=sensitive, own=shown.own) for code in proposal.explanation.get("at_limit", [])
    ]
    return list(dict.fromkeys(labels))


def proposal_score_parts(*, actor: Membership | None, proposal: Proposal) -> list[ShownPart]:
    """The priority score by rule as the round stored it; sensitive parts summed as for applications,
    and always summed for the partner's households in a joint round."""
    parts = proposal.explanation.get("score_parts", [])
    household = proposal_household(actor=actor, proposal=proposal)
    if round_viewpoint(actor=actor, round=proposal.round).sensitive_for(household):
        return [ShownPart(part["label"], Decimal(part["points"])) for part in parts]
    shown = [ShownPart(p["label"], Decimal(p["points"])) for p in parts if p["fact"] not in SENSITIVE_FACTS]
    hidden = sum((Decimal(p["points"]) for p in parts if p["fact"] in SENSITIVE_FACTS), Decimal(0))
    if hidden:
        shown.append(ShownPart(_("Criteria from sensitive data"), hidden))
    return shown


@dataclass(frozen=True)
class CandidateLine:
    application_id: int
    """For the server only: a page shows ``choice`` (in a joint round the partner's ids stay hidden)."""
    household: str
    priority: float
    feasible: bool
    why: str
    """For a feasible household: the constraints at their limit; otherwise what forbids it."""
    choice: str = ""
    """What a form sends to pick this household: the application id for one's own household,
    the pseudonym for the partner's in a joint round."""


def proposal_candidates(*, actor: Membership | None, proposal: Proposal) -> list[CandidateLine]:
    """The households that could take the proposal's unit instead, and the others with the reason,
    from the round's snapshot (hard constraints) and today's data (still open, not yet offered)."""
    viewpoint = round_viewpoint(actor=actor, round=proposal.round)
    households = proposal.round.snapshot.get("applications", {})
    lines = []
    for candidate in replacement_candidates_of(proposal=proposal):
        if candidate.application_id == str(proposal.application_id):
            continue
        stored = households.get(candidate.application_id, {})
        # Pseudonymised across a joint round, as everywhere else (``RoundViewpoint``).
        shown = viewpoint.household(
            application_id=int(candidate.application_id),
            organisation_id=stored.get("organisation"),
            name=stored.get("household", candidate.application_id),
        )
        sensitive = viewpoint.sensitive_for(shown)
        if candidate.feasible:
            why = ", ".join(_constraint_label(code, sensitive=sensitive, own=shown.own) for code in candidate.at_limit)
        else:
            why = ", ".join(
                _constraint_label(code, sensitive=sensitive, own=shown.own)
                if code.startswith("mixite:") or code not in {"not_open", "offered_in_round", "proposed_elsewhere"}
                else blocked_label(code)
                for code in candidate.blocked_by
            )
        lines.append(
            CandidateLine(
                application_id=int(candidate.application_id),
                household=shown.label,
                priority=candidate.priority,
                feasible=candidate.feasible,
                why=why,
                choice=str(candidate.application_id) if shown.own else shown.label,
            )
        )
    return lines
