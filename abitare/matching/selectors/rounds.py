"""Reads of matching rounds and their proposals, scoped to the membership, and the round's report
(the proposal beside the graduatoria and each regime)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from abitare.accounts.models import Membership
from abitare.accounts.permissions import scope
from abitare.matching.models import Proposal, Round


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
