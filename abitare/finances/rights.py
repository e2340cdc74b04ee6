"""What household finances add to a person's data-subject export (registered in ready())."""

from __future__ import annotations

from typing import Any

from abitare.accounts.models import Membership
from abitare.finances.models import Budget, CourseEnrolment, Debt, RestructuringPlan
from abitare.registry.models import Person
from abitare.registry.services.releases import ExportContext


def export_finances(person: Person, actor: Membership, context: ExportContext) -> tuple[str, Any]:
    """Budgets, debts, plans and courses of the person's households while the person was a member;
    the budgets' and plans' notes are household-level notes."""
    budgets = Budget.objects.filter(context.dated("household_id", "month")).prefetch_related("lines").order_by("month")
    plans = RestructuringPlan.objects.filter(context.dated("household_id", "created_at__date")).prefetch_related(
        "lines"
    )
    debts = Debt.objects.filter(context.spanning("household_id", "created_at__date", "closed_on"))
    enrolments = CourseEnrolment.objects.filter(context.dated("household_id", "enrolled_on"))
    return "finances", {
        "budgets": [
            {
                "household": budget.household_id,
                "month": budget.month.isoformat()[:7],
                "notes": context.note(budget, "notes"),
                "lines": [
                    {"category": line.category, "description": line.description, "amount": str(line.amount)}
                    for line in budget.lines.all()
                ],
            }
            for budget in budgets
        ],
        "debts": [
            {
                "household": debt.household_id,
                "creditor": debt.creditor,
                "kind": debt.kind,
                "outstanding": str(debt.outstanding),
                "annual_rate": str(debt.annual_rate),
                "monthly_instalment": str(debt.monthly_instalment),
                "arrears": str(debt.arrears),
                "priority": debt.priority,
                "closed_on": debt.closed_on.isoformat() if debt.closed_on else None,
            }
            for debt in debts
        ],
        "restructuring_plans": [
            {
                "household": plan.household_id,
                "name": plan.name,
                "status": plan.status,
                "notes": context.note(plan, "notes"),
                "lines": [
                    {
                        "debt": line.debt_id,
                        "new_instalment": str(line.new_instalment),
                        "agreed": line.agreed,
                        "start_on": line.start_on.isoformat(),
                    }
                    for line in plan.lines.all()
                ],
            }
            for plan in plans
        ],
        "courses": [
            {
                "household": enrolment.household_id,
                "course": str(enrolment),
                "enrolled_on": enrolment.enrolled_on.isoformat(),
                "completed_on": enrolment.completed_on.isoformat() if enrolment.completed_on else None,
            }
            for enrolment in enrolments.select_related("lab")
        ],
    }


def erase_finance_text(household_ids: list[int]) -> None:
    """Households left without members keep amounts (statistics) but lose notes, creditors' names
    and descriptions, which may identify them."""
    if not household_ids:
        return
    budget_ids = list(Budget.objects.filter(household_id__in=household_ids).values_list("id", flat=True))
    Budget.objects.filter(id__in=budget_ids).update(notes="")
    Budget.history.model.objects.filter(id__in=budget_ids).update(notes="")
    plan_ids = list(RestructuringPlan.objects.filter(household_id__in=household_ids).values_list("id", flat=True))
    RestructuringPlan.objects.filter(id__in=plan_ids).update(notes="")
    RestructuringPlan.history.model.objects.filter(id__in=plan_ids).update(notes="")
