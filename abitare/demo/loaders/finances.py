"""Demo household finances of the Lucca agency: four families with six months of budgets that
move (a job found, a benefit lost), their debts, one restructuring plan and a course. Synthetic
figures; idempotent (skipped when the agency already has budgets)."""

from __future__ import annotations

import random
from decimal import Decimal

from django.utils import timezone

from abitare.accounts.models import Membership
from abitare.finances import services
from abitare.finances.budget import first_of_month, previous_month
from abitare.finances.models import Budget
from abitare.registry.models import Household

MONTHS = 6
# per family: base lines (category, euro per month) and the month a change happens
FAMILIES = [
    {
        "work": 1250,
        "benefits": 180,
        "food": 560,
        "housing": 640,
        "transport": 90,
        "communication": 45,
        "clothing": 60,
        "debt_instalments": 260,
    },
    {"pension": 780, "benefits": 120, "food": 380, "housing": 430, "health": 70, "leisure": 20},
    {
        "benefits": 500,
        "maintenance": 250,
        "food": 420,
        "housing": 520,
        "education": 60,
        "communication": 35,
        "debt_instalments": 120,
    },
    {"work": 980, "other_income": 100, "food": 450, "housing": 560, "transport": 120, "leisure": 40},
]


def load() -> None:
    actor = (
        Membership.objects.filter(user__username="operatore", role="operator", is_active=True)
        .select_related("territory", "user")
        .first()
    )
    if actor is None or Budget.objects.filter(organisation_id=actor.organisation_id).exists():
        return
    households = list(
        Household.objects.filter(
            organisation_id=actor.organisation_id, territory__path__startswith=actor.territory.path
        ).order_by("-id")[: len(FAMILIES)]
    )
    rng = random.Random(2026)  # noqa: S311 - demo data
    month = first_of_month(timezone.localdate())
    months = [month]
    for _ in range(MONTHS - 1):
        months.insert(0, previous_month(months[0]))
    for index, (base, household) in enumerate(zip(FAMILIES, households, strict=False)):
        for number, first in enumerate(months):
            budget = services.budget_create(actor=actor, household=household, month=first)
            for category, amount in base.items():
                value = Decimal(amount)
                if index == 0 and category == "work" and number >= 3:
                    value += Decimal(300)  # a second job from the fourth month
                if index == 2 and category == "benefits" and number >= 4:
                    value = Decimal(0)  # the Assegno di inclusione stops: the budget goes into deficit
                if category in {"food", "transport", "leisure", "health"}:
                    value += Decimal(rng.randint(-40, 40))
                if value > 0:
                    services.budget_line_add(actor=actor, budget=budget, category=category, amount=value)
    family = households[0]
    consumer = services.debt_create(
        actor=actor,
        household=family,
        creditor="Finanziaria demo",
        kind="consumer_credit",
        outstanding=Decimal("6200.00"),
        annual_rate=Decimal("13.90"),
        monthly_instalment=Decimal("210.00"),
        arrears=Decimal("420.00"),
    )
    rent = services.debt_create(
        actor=actor,
        household=family,
        creditor="Proprietario (canone)",
        kind="rent",
        outstanding=Decimal("1350.00"),
        monthly_instalment=Decimal("50.00"),
        arrears=Decimal("1350.00"),
    )
    services.debt_create(
        actor=actor,
        household=households[2],
        creditor="Fornitore luce e gas",
        kind="utilities",
        outstanding=Decimal("640.00"),
        monthly_instalment=Decimal("120.00"),
        arrears=Decimal("380.00"),
    )
    plan = services.plan_create(
        actor=actor, household=family, name="Piano di rientro 2026", notes="Prima l'affitto, poi la finanziaria."
    )
    services.plan_line_set(
        actor=actor, plan=plan, debt=consumer, new_instalment=Decimal("120.00"), agreed=True, start_on=month
    )
    services.plan_line_set(
        actor=actor, plan=plan, debt=rent, new_instalment=Decimal("90.00"), agreed=False, start_on=month
    )
    services.plan_set_status(actor=actor, plan=plan, status="active")
    services.enrolment_record(
        actor=actor, household=family, enrolled_on=months[2], course_name="Educazione finanziaria: il bilancio di casa"
    )
