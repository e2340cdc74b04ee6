"""Who may see and change the housing stock."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from abitare.accounts.models import Role
from abitare.accounts.permissions import RoleRule, roles

STOCK_VIEW = roles("stock_view", Role.OPERATOR, Role.COORDINATOR, Role.ADMINISTRATOR)
STOCK_EDIT = roles("stock_edit", Role.OPERATOR, Role.COORDINATOR)
AGREEMENTS_EDIT = roles("agreements_edit", Role.ADMINISTRATOR)
# The stock itself (buildings, units, owners, common spaces, the import) is territory
# configuration: the administrator's (docs/modules/accounts.md, roles). Operators and coordinators
# read it and move units along their states.
STOCK_MANAGE = roles("stock_manage", Role.ADMINISTRATOR)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class ReadWrite:
    """An endpoint that reads under one rule and writes under another (``GET /units/`` for
    whoever reads the stock, ``POST /units/`` for whoever manages it)."""

    name: str
    read: RoleRule
    write: RoleRule
    public: bool = False

    def allows(self, request: Any) -> bool:
        return (self.read if request.method in SAFE_METHODS else self.write).allows(request)


STOCK_READ_MANAGE = ReadWrite("stock_read_manage", STOCK_VIEW, STOCK_MANAGE)
