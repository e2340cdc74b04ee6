"""Writes of the matching app, split by sub-topic; import from here.

``applications``: applications, rule sets and their evaluation. ``round_inputs``: the snapshot
a round takes of its inputs. ``rounds``: matching rounds and their proposals. ``proposals``: the
review of the proposals and picking another household for a unit. ``agreements``: sharing
agreements between two districts, under which joint rounds run. ``offers``: offers, acceptance or
refusal, allocations. ``refusal_rules``: the territory's refusal rule, as data.
"""

from abitare.matching.services.agreements import agreement_confirm, agreement_end, agreement_record
from abitare.matching.services.applications import (
    application_evaluate,
    application_facts,
    application_submit,
    application_withdraw,
    rule_add,
    rule_set_create,
    rule_set_load,
    rule_sets_in_force,
)
from abitare.matching.services.offers import (
    offer_accept,
    offer_refuse,
    offer_send,
    offer_withdraw,
    unit_changes_since_round,
)
from abitare.matching.services.proposals import proposal_approve, proposal_reject, proposal_replace
from abitare.matching.services.refusal_rules import refusal_rule_in_force, refusal_rule_load
from abitare.matching.services.rounds import comparison_as_data, round_recompute, round_solve, round_start

__all__ = [
    "agreement_confirm",
    "agreement_end",
    "agreement_record",
    "application_evaluate",
    "application_facts",
    "application_submit",
    "application_withdraw",
    "comparison_as_data",
    "offer_accept",
    "offer_refuse",
    "offer_send",
    "offer_withdraw",
    "proposal_approve",
    "proposal_reject",
    "proposal_replace",
    "refusal_rule_in_force",
    "refusal_rule_load",
    "round_recompute",
    "round_solve",
    "round_start",
    "rule_add",
    "rule_set_create",
    "rule_set_load",
    "rule_sets_in_force",
    "unit_changes_since_round",
]
