import datetime
from decimal import Decimal

import pytest

from abitare.finances import services
from abitare.registry.tests.factories import actor_of, make_household, make_person

MONTH = datetime.date(2026, 3, 1)


@pytest.fixture
def family(operator):
    return make_household(operator, make_person(operator, n=1), name="Famiglia Bilancio")


@pytest.fixture
def budget(operator, family):
    budget = services.budget_create(actor=actor_of(operator), household=family, month=MONTH)
    for category, amount in (("work", "1400.00"), ("benefits", "250.00"), ("food", "520.40"), ("housing", "610.00")):
        services.budget_line_add(actor=actor_of(operator), budget=budget, category=category, amount=Decimal(amount))
    return budget


@pytest.fixture
def debt(operator, family):
    return services.debt_create(
        actor=actor_of(operator),
        household=family,
        creditor="Finanziaria Alfa",
        kind="consumer_credit",
        outstanding=Decimal("4800.00"),
        annual_rate=Decimal("11.5"),
        monthly_instalment=Decimal("180.00"),
        arrears=Decimal("360.00"),
    )


@pytest.fixture
def other_family(other_org_operator):
    return make_household(other_org_operator, make_person(other_org_operator, n=2), name="Famiglia Altrove")
