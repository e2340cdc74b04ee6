"""Reads of repayment plans, scoped."""

from __future__ import annotations

from django.db.models import QuerySet

from abitare.accounts.models import Membership
from abitare.accounts.permissions import scope
from abitare.tenancies.models import RepaymentPlan


def plan_list(*, actor: Membership | None, status: str = "", tenancy_id: int | None = None) -> QuerySet[RepaymentPlan]:
    plans = scope(RepaymentPlan.objects.all(), actor).select_related("tenancy__household", "created_by")
    if status in RepaymentPlan.Status.values:
        plans = plans.filter(status=status)
    if tenancy_id is not None:
        plans = plans.filter(tenancy_id=tenancy_id)
    return plans


def plan_get(*, actor: Membership | None, pk: int) -> RepaymentPlan | None:
    return plan_list(actor=actor).select_related("case").filter(pk=pk).first()
