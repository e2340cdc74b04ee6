"""Writes of the matching app, split by sub-topic; import from here.

``applications``: applications, rule sets and their evaluation. ``rounds``: matching rounds,
their snapshots, proposals and their review.
"""

from abitare.matching.services.applications import (
    SENSITIVE_FACTS,
    application_evaluate,
    application_facts,
    application_submit,
    application_withdraw,
    rule_add,
    rule_set_create,
    rule_set_load,
    rule_sets_in_force,
)
from abitare.matching.services.rounds import (
    instance_of_snapshot,
    proposal_approve,
    proposal_reject,
    result_as_data,
    round_recompute,
    round_solve,
    round_start,
)

__all__ = [
    "SENSITIVE_FACTS",
    "application_evaluate",
    "application_facts",
    "application_submit",
    "application_withdraw",
    "instance_of_snapshot",
    "proposal_approve",
    "proposal_reject",
    "result_as_data",
    "round_recompute",
    "round_solve",
    "round_start",
    "rule_add",
    "rule_set_create",
    "rule_set_load",
    "rule_sets_in_force",
]
