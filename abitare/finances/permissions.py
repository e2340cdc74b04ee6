"""Who may read and write household finances.

Budgets and debts are personal data that only the roles working with households see: the
agency's operators (social workers and case managers). Coordinators read aggregated indicators
elsewhere, not a family's budget. Everything is scoped to the membership's organisation and
territory subtree.
"""

from abitare.accounts.models import Role
from abitare.accounts.permissions import roles

FINANCES = roles("household_finances", Role.OPERATOR)
