"""Who may see and change tenancies, ledgers and savings (one definition per right).

Rules for the pages and the API (``roles``), and predicates for services that check a right
themselves (a write-off is approved only by a coordinator of the tenancy's organisation).
Other parts of the app (arrears, support) add their rules below with small edits.
"""

from __future__ import annotations

from abitare.accounts.models import Membership, Role
from abitare.accounts.permissions import roles
from abitare.core.roles import holds

TENANCIES_VIEW = roles("tenancies_view", Role.OPERATOR, Role.COORDINATOR)
TENANCIES_EDIT = roles("tenancies_edit", Role.OPERATOR, Role.COORDINATOR)
LEDGER_POST = roles("ledger_post", Role.OPERATOR, Role.COORDINATOR)
WRITE_OFF_APPROVE = roles("write_off_approve", Role.COORDINATOR)


def is_coordinator_for(actor: Membership | None, organisation_id: int, territory_path: str) -> bool:
    """The membership in force is a coordinator of the organisation over the territory (ADR 0006):
    a user who coordinates elsewhere but works here as an operator is not one."""
    return holds(actor, {Role.COORDINATOR}, organisation_id=organisation_id, territory_path=territory_path)


# Support plans (accompagnamento) and mediation cases: the agency's case workers.
SUPPORT = roles("support", Role.OPERATOR, Role.COORDINATOR)
# Their free-text notes (GDPR art. 9): the same roles, only with the membership's sensitive-data flag.
SUPPORT_SENSITIVE = roles("support_sensitive", Role.OPERATOR, Role.COORDINATOR, sensitive=True)


def may_read_support_notes(actor: Membership | None) -> bool:
    """The one place that decides whether support and mediation notes may be read or written."""
    return actor is not None and actor.is_active and actor.role in SUPPORT_SENSITIVE.roles and actor.sensitive_data


# Arrears recovery: statements and the unmatched queue, arrears cases, repayment plans,
# community-work restitution (tasks, hours, report). The agency's case workers.
RECOVERY = roles("recovery", Role.OPERATOR, Role.COORDINATOR)
# Confirming community-work hours: whoever may supervise a task; the service then accepts only
# the task's own supervisor.
COMMUNITY_SUPERVISE = roles("community_supervise", Role.OPERATOR, Role.FACILITATOR, Role.COORDINATOR)
# The territory's arrears rule and community-work hourly rate (rules as data).
RECOVERY_RULES = roles("recovery_rules", Role.ADMINISTRATOR)
RECOVERY_RULES_READ = roles("recovery_rules_read", Role.ADMINISTRATOR, Role.OPERATOR, Role.COORDINATOR)
