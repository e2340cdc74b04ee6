"""Repayment plans on real ledgers: creation, refusals, breach with tolerance, early payoff."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from abitare.accounts.testing import acting
from abitare.core.exceptions import Conflict, DomainError
from abitare.tenancies.models import PlanInstalment, PlanStatusChange, RepaymentPlan
from abitare.tenancies.services.ledger import payment_record
from abitare.tenancies.services.plans import plan_cancel, plan_check, plan_create, plan_position
from abitare.tenancies.tests.recovery.conftest import charge_months

TODAY = timezone.localdate()


@pytest.fixture
def indebted(operator, tenancy):
    charge_months(operator, tenancy, (2025, 1), (2025, 2), (2025, 3))  # 1050.00, long overdue
    return tenancy


def make_plan(membership, tenancy, **kwargs):
    values = {
        "actor": membership,
        "tenancy": tenancy,
        "debt": Decimal("1000.00"),
        "count": 3,
        "first_due": TODAY,
        "agreed_on": TODAY,
        "creditor": "Agenzia per l'Abitare",
    }
    values.update(kwargs)
    return plan_create(**values)


def test_equal_plan_with_the_cents_on_the_last_instalment(membership, indebted):
    plan = make_plan(membership, indebted)

    rows = list(plan.instalments.order_by("number").values_list("amount", flat=True))
    assert rows == [Decimal("333.33"), Decimal("333.33"), Decimal("333.34")]
    assert sum(rows) == plan.debt
    assert plan.status == RepaymentPlan.Status.LIVE
    assert list(plan.changes.values_list("from_status", "to_status")) == [("", "live")]
    assert plan.start_balance == Decimal("1050.00")


def test_custom_instalments_that_do_not_add_up_are_refused_and_nothing_is_saved(membership, indebted):
    with pytest.raises(DomainError) as error:
        make_plan(membership, indebted, count=None, amounts=[Decimal("500.00"), Decimal("499.99")])

    assert error.value.field == "instalments"
    assert not RepaymentPlan.objects.exists()
    assert not PlanInstalment.objects.exists()


def test_a_debt_larger_than_what_is_owed_is_refused(membership, indebted):
    with pytest.raises(DomainError) as error:
        make_plan(membership, indebted, debt=Decimal("1050.01"))

    assert error.value.field == "debt"


def test_one_running_plan_per_tenancy(membership, indebted):
    make_plan(membership, indebted)

    with pytest.raises(Conflict):
        make_plan(membership, indebted, debt=Decimal("50.00"), count=1)


def test_breached_after_the_tolerance_then_live_again_then_completed(operator, membership, indebted):
    plan = make_plan(membership, indebted, first_due=TODAY - datetime.timedelta(days=20))

    assert plan_check(plan=plan, on=TODAY).status == RepaymentPlan.Status.BREACHED  # 20 days > 10 of tolerance
    payment_record(actor=acting(operator), tenancy=indebted, amount="333.33", value_date=TODAY)
    assert plan_check(plan=plan, on=TODAY).status == RepaymentPlan.Status.LIVE
    payment_record(actor=acting(operator), tenancy=indebted, amount="666.67", value_date=TODAY)  # early payoff
    assert plan_check(plan=plan, on=TODAY).status == RepaymentPlan.Status.COMPLETED

    steps = list(PlanStatusChange.objects.filter(plan=plan).values_list("from_status", "to_status"))
    assert steps == [("", "live"), ("live", "breached"), ("breached", "live"), ("live", "completed")]


def test_within_the_tolerance_a_late_instalment_is_not_a_breach(membership, indebted):
    plan = make_plan(membership, indebted, first_due=TODAY - datetime.timedelta(days=10))

    assert plan_check(plan=plan, on=TODAY).status == RepaymentPlan.Status.LIVE
    position = plan_position(plan, on=TODAY)
    assert position.expected == Decimal("1000.00")


def test_cancel_needs_a_reason_and_ends_the_plan(operator, membership, indebted):
    plan = make_plan(membership, indebted)

    with pytest.raises(DomainError):
        plan_cancel(actor=acting(operator), plan=plan, reason="")
    cancelled = plan_cancel(actor=acting(operator), plan=plan, reason="Nucleo trasferito")

    assert cancelled.status == RepaymentPlan.Status.CANCELLED
    with pytest.raises(Conflict):
        plan_cancel(actor=acting(operator), plan=plan, reason="ancora")
