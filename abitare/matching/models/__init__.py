"""Models of abitare.matching, one module per topic: ``rulesets`` (eligibility and priority rules
as data), ``applications``, ``agreements`` (joint rounds between districts), ``rounds`` (rounds and
their proposals), ``offers`` (offers, refusal rules, allocations)."""

from abitare.matching.models.agreements import SharingAgreement
from abitare.matching.models.applications import Application, ApplicationPreference
from abitare.matching.models.offers import Allocation, Offer, RefusalReason, RefusalRule
from abitare.matching.models.rounds import Proposal, Round
from abitare.matching.models.rulesets import Rule, RuleSet

__all__ = [
    "Allocation",
    "Application",
    "ApplicationPreference",
    "Offer",
    "Proposal",
    "RefusalReason",
    "RefusalRule",
    "Round",
    "Rule",
    "RuleSet",
    "SharingAgreement",
]
