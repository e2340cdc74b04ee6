"""Reads of applications and rule sets, scoped to the membership."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from abitare.accounts.models import Membership
from abitare.accounts.permissions import scope
from abitare.matching.engine import explain_unit
from abitare.matching.models import Application, Proposal, Round, RuleSet
from abitare.matching.services import SENSITIVE_FACTS
from abitare.matching.services.rounds import instance_of_snapshot, result_of_data
from abitare.registry.permissions import may_read_sensitive


@dataclass(frozen=True)
class ApplicationFilters:
    status: str = ""
    pathway: str = ""

    @classmethod
    def from_query(cls, query: Any) -> ApplicationFilters:
        status = query.get("status", "")
        return cls(status=status if status in Application.Status.values else "", pathway=query.get("pathway", ""))


def application_list(
    *, membership: Membership | None, filters: ApplicationFilters | None = None
) -> QuerySet[Application]:
    applications = scope(Application.objects.all(), membership).select_related("household", "territory")
    filters = filters or ApplicationFilters()
    if filters.status:
        applications = applications.filter(status=filters.status)
    if filters.pathway:
        applications = applications.filter(pathway=filters.pathway)
    return applications


def application_get(*, membership: Membership | None, pk: int) -> Application | None:
    return (
        application_list(membership=membership)
        .prefetch_related("preferences__territory", "excluded")
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class ShownPart:
    label: str
    points: Decimal


def score_parts_for(*, membership: Membership | None, application: Application) -> list[ShownPart]:
    """The score by rule; parts from special-category data are summed unless the viewer may see them."""
    parts = application.evaluation.get("priority", {}).get("parts", [])
    if may_read_sensitive(membership):
        return [ShownPart(part["label"], Decimal(part["points"])) for part in parts]
    shown = [ShownPart(p["label"], Decimal(p["points"])) for p in parts if p["fact"] not in SENSITIVE_FACTS]
    hidden = sum((Decimal(p["points"]) for p in parts if p["fact"] in SENSITIVE_FACTS), Decimal(0))
    if hidden:
        shown.append(ShownPart(_("Criteria from sensitive data"), hidden))
    return shown


def rule_set_list(*, membership: Membership | None) -> QuerySet[RuleSet]:
    """Rule sets of the membership's territory, of the territories above it and below it."""
    if membership is None:
        return RuleSet.objects.none()
    path = membership.territory.path
    ancestors = [path[: i + 1] for i, char in enumerate(path) if char == "/"][1:]
    return (
        RuleSet.objects.filter(Q(territory__path__startswith=path) | Q(territory__path__in=ancestors))
        .select_related("territory")
        .prefetch_related("rules")
    )


def round_list(*, membership: Membership | None) -> QuerySet[Round]:
    """Rounds of the membership's organisation, in its territory and below."""
    return scope(Round.objects.all(), membership).select_related("territory", "started_by")


def round_get(*, membership: Membership | None, pk: int) -> Round | None:
    return round_list(membership=membership).filter(pk=pk).first()


def proposal_list(*, membership: Membership | None, round: Round | None = None) -> QuerySet[Proposal]:
    proposals = Proposal.objects.filter(round__in=round_list(membership=membership)).select_related(
        "application__household", "unit__building__territory", "reviewed_by"
    )
    return proposals.filter(round=round) if round is not None else proposals


def proposal_get(*, membership: Membership | None, pk: int) -> Proposal | None:
    return proposal_list(membership=membership).select_related("round").filter(pk=pk).first()


@dataclass(frozen=True)
class ReportLine:
    label: str
    engine: Any
    baseline: Any


def round_report(*, round: Round) -> list[ReportLine]:
    """The comparison engine / rank order, line by line, from the stored result."""
    report = round.result.get("report")
    if not report:
        return []
    engine, baseline = report["engine"], report["baseline"]
    lines = [
        (_("Households housed"), "households_housed"),
        (_("Priority-weighted total"), "priority_weighted_total"),
        (_("Priority total"), "priority_total"),
        (_("Accessibility needs met"), "accessibility_needs"),
        (_("Neighbourhood preferences met"), "preferences_met"),
        (_("First preference met"), "first_preference_met"),
        (_("Mixité limits respected"), "mixite_respected"),
    ]
    return [ReportLine(label, _shown(engine[key]), _shown(baseline[key])) for label, key in lines]


def _shown(value: Any) -> Any:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return f"{value:.2f}"
    return value


@dataclass(frozen=True)
class RefusalLine:
    application_id: int
    household: str
    priority: float
    reason: str
    detail: str


def proposal_explanation(*, membership: Membership | None, proposal: Proposal, limit: int = 20) -> list[RefusalLine]:
    """For the proposal's unit, why each household of higher priority did not get it, computed
    with the engine on the round's stored snapshot and answer (never today's data)."""
    round = proposal.round
    instance = instance_of_snapshot(round.snapshot)
    refusals = explain_unit(instance, result_of_data(round.result["engine"]), str(proposal.unit_id), limit=limit)
    households = round.snapshot.get("applications", {})
    units = round.snapshot.get("units", {})
    sensitive = may_read_sensitive(membership)
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
        constraints = [_constraint_label(c, sensitive=sensitive) for c in refusal.constraints]
        detail = ", ".join(constraints)
        if refusal.other_unit_id:
            detail = units.get(refusal.other_unit_id, refusal.other_unit_id)
        lines.append(
            RefusalLine(
                application_id=int(refusal.application_id),
                household=households.get(refusal.application_id, {}).get("household", refusal.application_id),
                priority=refusal.priority,
                reason=str(reasons.get(refusal.reason, refusal.reason)),
                detail=detail,
            )
        )
    return lines


def _constraint_label(code: str, *, sensitive: bool) -> str:
    """A constraint or mix group in words; the disability group only for the sensitive-data permission."""
    labels = {
        "pathway": _("pathway"),
        "occupants": _("occupants"),
        "floor_area": _("floor area per person"),
        "step_free": _("step-free access"),
        "wheelchair": _("wheelchair access"),
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


def proposal_limits(*, membership: Membership | None, proposal: Proposal) -> list[str]:
    """The constraints at their limit for this proposal, in words."""
    sensitive = may_read_sensitive(membership)
    return [_constraint_label(code, sensitive=sensitive) for code in proposal.explanation.get("at_limit", [])]


def proposal_score_parts(*, membership: Membership | None, proposal: Proposal) -> list[ShownPart]:
    """The priority score by rule as the round stored it; sensitive parts summed as for applications."""
    parts = proposal.explanation.get("score_parts", [])
    if may_read_sensitive(membership):
        return [ShownPart(part["label"], Decimal(part["points"])) for part in parts]
    shown = [ShownPart(p["label"], Decimal(p["points"])) for p in parts if p["fact"] not in SENSITIVE_FACTS]
    hidden = sum((Decimal(p["points"]) for p in parts if p["fact"] in SENSITIVE_FACTS), Decimal(0))
    if hidden:
        shown.append(ShownPart(_("Criteria from sensitive data"), hidden))
    return shown
