"""Who may see and change the housing stock."""

from abitare.accounts.models import Role
from abitare.accounts.permissions import roles

STOCK_VIEW = roles("stock_view", Role.OPERATOR, Role.COORDINATOR, Role.ADMINISTRATOR)
STOCK_EDIT = roles("stock_edit", Role.OPERATOR, Role.COORDINATOR)
AGREEMENTS_EDIT = roles("agreements_edit", Role.ADMINISTRATOR)
