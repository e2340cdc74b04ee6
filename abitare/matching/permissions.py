from abitare.accounts.models import Role
from abitare.accounts.permissions import roles

APPLICATIONS = roles("applications", Role.OPERATOR, Role.COORDINATOR)
RULES = roles("allocation_rules", Role.ADMINISTRATOR)
RULES_READ = roles("allocation_rules_read", Role.ADMINISTRATOR, Role.OPERATOR, Role.COORDINATOR)
ROUNDS = roles("matching_rounds", Role.OPERATOR, Role.COORDINATOR)
ROUNDS_READ = roles("matching_rounds_read", Role.OPERATOR, Role.COORDINATOR, Role.ADMINISTRATOR)
