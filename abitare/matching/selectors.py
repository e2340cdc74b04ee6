"""Reads of applications and rule sets, scoped to the membership."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from abitare.accounts.models import Membership
from abitare.accounts.permissions import scope
from abitare.matching.engine import explain_unit
from abitare.matching.models import Allocation, Application, Offer, Proposal, Round, RuleSet, SharingAgreement
from abitare.matching.snapshot import (
    SENSITIVE_FACTS,
    blocked_label,
    instance_of_snapshot,
    replacement_candidates_of,
    result_of_data,
)
from abitare.registry.permissions import may_read_sensitive


@dataclass(frozen=True)
class ApplicationFilters:
    status: str = ""
    pathway: str = ""

    @classmethod
    def from_query(cls, query: Any) -> ApplicationFilters:
        status = query.get("status", "")
        return cls(status=status if status in Application.Status.values else "", pathway=query.get("pathway", ""))


def application_list(*, actor: Membership | None, filters: ApplicationFilters | None = None) -> QuerySet[Application]:
    applications = scope(Application.objects.all(), actor).select_related("household", "territory")
    filters = filters or ApplicationFilters()
    if filters.status:
        applications = applications.filter(status=filters.status)
    if filters.pathway:
        applications = applications.filter(pathway=filters.pathway)
    return applications


def application_get(*, actor: Membership | None, pk: int) -> Application | None:
    return application_list(actor=actor).prefetch_related("preferences__territory", "excluded").filter(pk=pk).first()


@dataclass(frozen=True)
class ShownPart:
    label: str
    points: Decimal


def score_parts_for(*, actor: Membership | None, application: Application) -> list[ShownPart]:
    """The score by rule; parts from special-category data are summed unless the viewer may see them."""
    parts = application.evaluation.get("priority", {}).get("parts", [])
    if may_read_sensitive(actor):
        return [ShownPart(part["label"], Decimal(part["points"])) for part in parts]
    shown = [ShownPart(p["label"], Decimal(p["points"])) for p in parts if p["fact"] not in SENSITIVE_FACTS]
    hidden = sum((Decimal(p["points"]) for p in parts if p["fact"] in SENSITIVE_FACTS), Decimal(0))
    if hidden:
        shown.append(ShownPart(_("Criteria from sensitive data"), hidden))
    return shown


def rule_set_list(*, actor: Membership | None) -> QuerySet[RuleSet]:
    """Rule sets of the membership's territory, of the territories above it and below it."""
    if actor is None:
        return RuleSet.objects.none()
    path = actor.territory.path
    ancestors = [path[: i + 1] for i, char in enumerate(path) if char == "/"][1:]
    return (
        RuleSet.objects.filter(Q(territory__path__startswith=path) | Q(territory__path__in=ancestors))
        .select_related("territory")
        .prefetch_related("rules")
    )


def round_list(*, actor: Membership | None) -> QuerySet[Round]:
    """Rounds of the membership's organisation, in its territory and below, and the joint rounds
    in which it is the partner (each side reads them; ``round_viewpoint`` says what it sees)."""
    own = scope(Round.objects.all(), actor)
    partner = scope(Round.objects.all(), actor, organisation_field="partner", territory_field="partner_territory")
    return (own | partner).select_related(
        "territory", "started_by", "organisation", "partner", "partner_territory", "agreement"
    )


def round_get(*, actor: Membership | None, pk: int) -> Round | None:
    return round_list(actor=actor).filter(pk=pk).first()


def proposal_list(*, actor: Membership | None, round: Round | None = None) -> QuerySet[Proposal]:
    proposals = Proposal.objects.filter(round__in=round_list(actor=actor)).select_related(
        "application__household", "unit__building__territory", "reviewed_by"
    )
    return proposals.filter(round=round) if round is not None else proposals


def proposal_get(*, actor: Membership | None, pk: int) -> Proposal | None:
    return (
        proposal_list(actor=actor)
        .select_related("round__agreement", "round__organisation", "round__partner", "application__territory")
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class ReportLine:
    label: str
    values: list[Any]
    """One value per column of ``round_report_columns``."""


REGIME_LABELS = {
    "graduatoria": _("Ranking order"),
    "rank_respecting": _("Rank respecting"),
    "fit": _("Fit optimisation"),
}


def round_report_columns(*, round: Round) -> list[str]:
    """The report's columns: the proposal, the plain ranking order, then each other regime that
    applies to the round's pathways, all on the same snapshot."""
    report = round.result.get("report") or {}
    others = [name for name in report.get("regimes", {}) if name != "graduatoria"]
    return [str(_("Proposal")), str(REGIME_LABELS["graduatoria"]), *(str(REGIME_LABELS.get(n, n)) for n in others)]


def round_report(*, round: Round) -> list[ReportLine]:
    """The comparison of the proposal, the ranking order and each regime, line by line, from the
    stored result."""
    report = round.result.get("report")
    if not report:
        return []
    regimes = report.get("regimes", {})
    columns = [report["engine"], report["baseline"], *(r for name, r in regimes.items() if name != "graduatoria")]
    lines = [
        (_("Households housed"), "households_housed"),
        (_("Priority-weighted total"), "priority_weighted_total"),
        (_("Priority total"), "priority_total"),
        (_("Accessibility needs met"), "accessibility_needs"),
        (_("Neighbourhood preferences met"), "preferences_met"),
        (_("First preference met"), "first_preference_met"),
        (_("Households ranked above one housed instead of them (rank inversions)"), "rank_inversions"),
        (_("Mixité limits respected"), "mixite_respected"),
    ]
    return [ReportLine(str(label), [_shown(column.get(key, "")) for column in columns]) for label, key in lines]


def _shown(value: Any) -> Any:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return f"{value:.2f}"
    return value


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


# Sharing agreements and joint rounds ------------------------------------------------------------


def agreement_list(*, actor: Membership | None) -> QuerySet[SharingAgreement]:
    """Agreements in which the membership's organisation is one of the two sides, in its territory."""
    own = scope(SharingAgreement.objects.all(), actor)
    partner = scope(
        SharingAgreement.objects.all(), actor, organisation_field="partner", territory_field="partner_territory"
    )
    return (own | partner).select_related(
        "organisation", "territory", "partner", "partner_territory", "recorded_by", "confirmed_by", "ended_by"
    )


def agreement_get(*, actor: Membership | None, pk: int) -> SharingAgreement | None:
    return agreement_list(actor=actor).filter(pk=pk).first()


def agreements_in_force(*, actor: Membership | None) -> list[SharingAgreement]:
    """Agreements under which the membership may start a joint round today."""
    today = timezone.localdate()
    return [a for a in agreement_list(actor=actor).filter(status="confirmed") if a.in_force(today)]


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


# Offers and allocations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OfferFilters:
    status: str = ""

    @classmethod
    def from_query(cls, query: Any) -> OfferFilters:
        status = query.get("status", "")
        return cls(status=status if status in Offer.Status.values else "")


def offer_list(*, actor: Membership | None, filters: OfferFilters | None = None) -> QuerySet[Offer]:
    """Offers sent by the membership's organisation in its territory and below."""
    offers = scope(Offer.objects.all(), actor).select_related(
        "household", "unit__building", "territory", "sent_by", "refusal_reason"
    )
    filters = filters or OfferFilters()
    return offers.filter(status=filters.status) if filters.status else offers


def offer_get(*, actor: Membership | None, pk: int) -> Offer | None:
    return (
        offer_list(actor=actor)
        .select_related("application", "proposal", "round", "recorded_by", "allocation")
        .filter(pk=pk)
        .first()
    )


def offers_overdue(*, actor: Membership | None) -> QuerySet[Offer]:
    """Live offers whose reply-by date has passed: the household must be heard or the offer closed."""
    return offer_list(actor=actor, filters=OfferFilters(status=Offer.Status.SENT)).filter(
        reply_by__lt=timezone.localdate()
    )


def offers_of_application(*, actor: Membership | None, application: Application) -> QuerySet[Offer]:
    return offer_list(actor=actor).filter(application=application)


def allocation_list(*, actor: Membership | None) -> QuerySet[Allocation]:
    return scope(Allocation.objects.all(), actor).select_related("household", "unit__building", "offer")


def allocation_get(*, actor: Membership | None, pk: int) -> Allocation | None:
    return allocation_list(actor=actor).filter(pk=pk).first()


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
