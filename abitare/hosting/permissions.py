"""Who may work with the solidarity hosting network.

The network is run by the agency's case workers: operators record hosts, requests, placements
and support; coordinators see and do the same for their programme. Everything is scoped to the
membership's organisation and territory subtree (``abitare.accounts.permissions.scope``).
"""

from abitare.accounts.models import Role
from abitare.accounts.permissions import roles

HOSTING = roles("hosting", Role.OPERATOR, Role.COORDINATOR)
