"""Writes of household finances: budgets and their lines, the debt inventory, restructuring plans
and course enrolments. Every function takes the acting membership and runs in one transaction:
a refusal changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.accounts.permissions import can_see_territory
from abitare.core.exceptions import Conflict, DomainError, NotAllowed, ValidationFailed
from abitare.core.money import euro
from abitare.finances.budget import first_of_month
from abitare.finances.models import (
    Budget,
    BudgetLine,
    Category,
    CourseEnrolment,
    Debt,
    RestructuringLine,
    RestructuringPlan,
    direction_of,
)
from abitare.registry.models import Household

MAX_AMOUNT = Decimal("9999999999.99")


def _require_in_scope(actor: Membership, record: Any) -> None:
    if record.organisation_id != actor.organisation_id or not can_see_territory(actor, record.territory.path):
        raise NotAllowed(_("This record belongs to another organisation or territory."))


def _money(value: Decimal | int | str, field: str, errors: dict[str, list[Any]]) -> Decimal:
    amount = euro(value)
    if amount < 0:
        errors.setdefault(field, []).append(_("The amount cannot be negative."))
    elif amount > MAX_AMOUNT:
        errors.setdefault(field, []).append(_("The amount is too large."))
    return amount


@transaction.atomic
def budget_create(
    *, actor: Membership, household: Household, month: datetime.date, copy_previous: bool = False, notes: str = ""
) -> Budget:
    """Open the household's budget for a month; with ``copy_previous`` its lines start as a copy of
    the latest earlier month's budget (the family then corrects what changed)."""
    _require_in_scope(actor, household)
    month = first_of_month(month)
    if Budget.objects.filter(household=household, month=month).exists():
        raise Conflict(_("This household already has a budget for that month."), field="month")
    previous = None
    if copy_previous:
        previous = Budget.objects.filter(household=household, month__lt=month).order_by("-month").first()
        if previous is None:
            raise DomainError(_("There is no earlier budget to copy: start from an empty one."), field="copy_previous")
    budget = Budget.objects.create(
        organisation_id=household.organisation_id,
        territory_id=household.territory_id,
        household=household,
        month=month,
        notes=notes,
    )
    if previous is not None:
        for line in previous.lines.all():
            BudgetLine.objects.create(
                budget=budget,
                category=line.category,
                direction=line.direction,
                description=line.description,
                amount=line.amount,
            )
    return budget


@transaction.atomic
def budget_line_add(
    *, actor: Membership, budget: Budget, category: str, amount: Decimal, description: str = ""
) -> BudgetLine:
    """Add an income or expense line; the direction follows the category."""
    _require_in_scope(actor, budget)
    errors: dict[str, list[Any]] = {}
    if category not in Category.values:
        errors["category"] = [_("Choose a category from the list.")]
    value = _money(amount, "amount", errors)
    if errors:
        raise ValidationFailed(errors)
    return BudgetLine.objects.create(
        budget=budget,
        category=category,
        direction=direction_of(category),
        description=description.strip()[:200],
        amount=value,
    )


@transaction.atomic
def budget_line_remove(*, actor: Membership, line: BudgetLine) -> None:
    """Remove a line of a budget (the change history keeps it)."""
    _require_in_scope(actor, line.budget)
    line.delete()


def _debt_errors(
    *, creditor: str, kind: str, annual_rate: Decimal, values: dict[str, Decimal | int | str]
) -> tuple[dict[str, list[Any]], dict[str, Decimal]]:
    errors: dict[str, list[Any]] = {}
    if not creditor.strip():
        errors["creditor"] = [_("Name the creditor.")]
    if kind not in Debt.Kind.values:
        errors["kind"] = [_("Choose a kind from the list.")]
    if not Decimal(0) <= Decimal(annual_rate) <= Decimal(100):
        errors["annual_rate"] = [_("The annual rate is a percentage between 0 and 100.")]
    amounts = {name: _money(value, name, errors) for name, value in values.items()}
    return errors, amounts


@transaction.atomic
def debt_create(
    *,
    actor: Membership,
    household: Household,
    creditor: str,
    kind: str,
    outstanding: Decimal,
    annual_rate: Decimal = Decimal(0),
    monthly_instalment: Decimal = Decimal(0),
    arrears: Decimal = Decimal(0),
    priority: bool | None = None,
) -> Debt:
    """Add a debt to the household's inventory. Rent, utilities, condominium and mortgage debts are
    priority debts unless the operator says otherwise."""
    _require_in_scope(actor, household)
    errors, amounts = _debt_errors(
        creditor=creditor,
        kind=kind,
        annual_rate=annual_rate,
        values={"outstanding": outstanding, "monthly_instalment": monthly_instalment, "arrears": arrears},
    )
    if errors:
        raise ValidationFailed(errors)
    return Debt.objects.create(
        organisation_id=household.organisation_id,
        territory_id=household.territory_id,
        household=household,
        creditor=creditor.strip(),
        kind=kind,
        annual_rate=Decimal(annual_rate).quantize(Decimal("0.01")),
        priority=kind in Debt.PRIORITY_KINDS if priority is None else priority,
        **amounts,
    )


@transaction.atomic
def debt_update(
    *,
    actor: Membership,
    debt: Debt,
    creditor: str,
    kind: str,
    outstanding: Decimal,
    annual_rate: Decimal,
    monthly_instalment: Decimal,
    arrears: Decimal,
    priority: bool,
    closed_on: datetime.date | None = None,
) -> Debt:
    """Bring a debt up to date (what is left, the instalment, the arrears) or close it."""
    _require_in_scope(actor, debt)
    errors, amounts = _debt_errors(
        creditor=creditor,
        kind=kind,
        annual_rate=annual_rate,
        values={"outstanding": outstanding, "monthly_instalment": monthly_instalment, "arrears": arrears},
    )
    if errors:
        raise ValidationFailed(errors)
    debt.creditor = creditor.strip()
    debt.kind = kind
    debt.annual_rate = Decimal(annual_rate).quantize(Decimal("0.01"))
    debt.priority = priority
    debt.closed_on = closed_on
    for name, value in amounts.items():
        setattr(debt, name, value)
    debt.save()
    return debt


@transaction.atomic
def plan_create(*, actor: Membership, household: Household, name: str, notes: str = "") -> RestructuringPlan:
    """Start a restructuring plan (a draft until it is put in force)."""
    _require_in_scope(actor, household)
    if not name.strip():
        raise DomainError(_("Give the plan a name."), field="name")
    return RestructuringPlan.objects.create(
        organisation_id=household.organisation_id,
        territory_id=household.territory_id,
        household=household,
        name=name.strip()[:200],
        notes=notes,
        created_by=actor.user,
    )


@transaction.atomic
def plan_line_set(
    *,
    actor: Membership,
    plan: RestructuringPlan,
    debt: Debt,
    new_instalment: Decimal,
    agreed: bool,
    start_on: datetime.date,
) -> RestructuringLine:
    """Set what the plan changes for one of the household's open debts (one line per debt)."""
    _require_in_scope(actor, plan)
    if plan.status == RestructuringPlan.Status.CLOSED:
        raise DomainError(_("The plan is closed."), field="plan")
    if debt.household_id != plan.household_id:
        raise DomainError(_("The debt belongs to another household."), field="debt")
    if debt.closed_on is not None:
        raise DomainError(_("The debt is closed."), field="debt")
    errors: dict[str, list[Any]] = {}
    value = _money(new_instalment, "new_instalment", errors)
    if errors:
        raise ValidationFailed(errors)
    line, _created = RestructuringLine.objects.update_or_create(
        plan=plan, debt=debt, defaults={"new_instalment": value, "agreed": agreed, "start_on": start_on}
    )
    return line


@transaction.atomic
def plan_set_status(*, actor: Membership, plan: RestructuringPlan, status: str) -> RestructuringPlan:
    """Put a plan in force or close it; a plan in force has at least one line."""
    _require_in_scope(actor, plan)
    allowed: dict[str, set[str]] = {
        RestructuringPlan.Status.DRAFT: {RestructuringPlan.Status.ACTIVE, RestructuringPlan.Status.CLOSED},
        RestructuringPlan.Status.ACTIVE: {RestructuringPlan.Status.CLOSED},
    }
    if status not in allowed.get(str(plan.status), set()):
        raise DomainError(_("The plan cannot move to this status."), field="status")
    if status == RestructuringPlan.Status.ACTIVE and not plan.lines.exists():
        raise DomainError(_("Add at least one debt to the plan first."), field="status")
    plan.status = status
    plan.save(update_fields=["status", "updated_at"])
    return plan


@transaction.atomic
def enrolment_record(
    *,
    actor: Membership,
    household: Household,
    enrolled_on: datetime.date,
    lab: Any = None,
    course_name: str = "",
    completed_on: datetime.date | None = None,
) -> CourseEnrolment:
    """Record enrolment in a financial-education lab of the network or a course named in words."""
    _require_in_scope(actor, household)
    errors: dict[str, list[Any]] = {}
    if lab is None and not course_name.strip():
        errors["course_name"] = [_("Choose a lab or write the course's name.")]
    if completed_on is not None and completed_on < enrolled_on:
        errors["completed_on"] = [_("The course cannot end before the enrolment.")]
    if errors:
        raise ValidationFailed(errors)
    return CourseEnrolment.objects.create(
        organisation_id=household.organisation_id,
        territory_id=household.territory_id,
        household=household,
        lab=lab,
        course_name=course_name.strip()[:200],
        enrolled_on=enrolled_on,
        completed_on=completed_on,
    )
