"""Reads of the matching app, scoped to the membership, split by sub-topic; import from here.

``applications``: applications, their score by rule, rule sets. ``rounds``: rounds, proposals and
the round's report. ``agreements``: sharing agreements. ``viewpoint``: what a membership sees of a
round's households (pseudonyms across a joint round). ``proposals``: why a proposal is what it is
and who else could take the unit. ``offers``: offers and allocations.
"""

from abitare.matching.selectors.agreements import agreement_get, agreement_list, agreements_in_force
from abitare.matching.selectors.applications import (
    ApplicationFilters,
    ShownPart,
    application_get,
    application_list,
    rule_set_list,
    score_parts_for,
)
from abitare.matching.selectors.offers import (
    OfferFilters,
    allocation_get,
    allocation_list,
    offer_get,
    offer_list,
    offers_of_application,
    offers_overdue,
)
from abitare.matching.selectors.proposals import (
    CandidateLine,
    RefusalLine,
    proposal_candidates,
    proposal_explanation,
    proposal_limits,
    proposal_score_parts,
)
from abitare.matching.selectors.rounds import (
    ReportLine,
    proposal_get,
    proposal_list,
    round_get,
    round_list,
    round_report,
    round_report_columns,
)
from abitare.matching.selectors.viewpoint import (
    HouseholdShown,
    ProposalRow,
    RoundViewpoint,
    household_pseudonym,
    proposal_household,
    proposal_rows,
    round_viewpoint,
)

__all__ = [
    "ApplicationFilters",
    "CandidateLine",
    "HouseholdShown",
    "OfferFilters",
    "ProposalRow",
    "RefusalLine",
    "ReportLine",
    "RoundViewpoint",
    "ShownPart",
    "agreement_get",
    "agreement_list",
    "agreements_in_force",
    "allocation_get",
    "allocation_list",
    "application_get",
    "application_list",
    "household_pseudonym",
    "offer_get",
    "offer_list",
    "offers_of_application",
    "offers_overdue",
    "proposal_candidates",
    "proposal_explanation",
    "proposal_get",
    "proposal_household",
    "proposal_limits",
    "proposal_list",
    "proposal_rows",
    "proposal_score_parts",
    "round_get",
    "round_list",
    "round_report",
    "round_report_columns",
    "round_viewpoint",
    "rule_set_list",
    "score_parts_for",
]
