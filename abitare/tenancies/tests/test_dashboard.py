"""The tenancies' dashboard figures: arrears with their ageing (the same split as the tenancy's
own ageing, portfolio-wide), repayment plans in breach, community hours waiting for confirmation,
within the scope."""

import datetime
from decimal import Decimal

from django.utils import timezone

from abitare.accounts.models import Role
from abitare.accounts.tests.factories import make_member
from abitare.core.figures import Trend
from abitare.registry.tests.factories import actor_of
from abitare.tenancies import accounting
from abitare.tenancies.models import CommunityWorkSession, LedgerEntry, PlanStatusChange, RepaymentPlan, Tenancy
from abitare.tenancies.selectors import figures as selectors
from abitare.tenancies.selectors.ledger import movements_of
from abitare.tenancies.services.community import session_record, task_create
from abitare.tenancies.tests.factories import make_tenancy

_months = iter(datetime.date(2020 + n // 12, n % 12 + 1, 1) for n in range(1000))


def _entry(tenancy, kind, amount, value_date, *, due_on=None, user, **extra):
    sign = 1 if kind == LedgerEntry.Kind.CHARGE else -1
    if kind == LedgerEntry.Kind.CHARGE:
        extra["month"] = next(_months)  # one charge per month: any distinct month will do here
        due_on = due_on or value_date
    if kind == LedgerEntry.Kind.REVERSAL:
        extra["reason"] = "Errore"
    return LedgerEntry.objects.create(
        organisation_id=tenancy.organisation_id,
        territory_id=tenancy.territory_id,
        tenancy=tenancy,
        kind=kind,
        amount=Decimal(amount),
        signed_amount=sign * Decimal(amount),
        value_date=value_date,
        due_on=due_on,
        created_by=user,
        **extra,
    )


def test_the_dashboard_ageing_splits_each_balance_as_the_tenancy_ageing_does():
    assert accounting.ageing_from_sums(Decimal(500), [Decimal(100), Decimal(300), Decimal(0), Decimal(400)]) == (
        Decimal("100.00"),
        Decimal("300.00"),
        Decimal("0.00"),
        Decimal("100.00"),
        Decimal("0.00"),
    )
    assert accounting.ageing_from_sums(Decimal(-20), [Decimal(100)]) == (Decimal("0.00"), Decimal("0.00"))
    assert accounting.ageing_from_sums(Decimal(900), [Decimal(100)]) == (Decimal("100.00"), Decimal("800.00"))


def test_arrears_add_up_positive_balances_by_ageing_bucket_within_the_scope(world, operator, coordinator):
    today = timezone.localdate()
    charge, payment = LedgerEntry.Kind.CHARGE, LedgerEntry.Kind.PAYMENT
    owing = make_tenancy(operator, world=world, code="1A", n=1, starts_on=today - datetime.timedelta(days=200))
    for days in (130, 100, 70, 40, 10):
        month = today - datetime.timedelta(days=days)
        _entry(owing, charge, "300", month, due_on=month, user=operator)
    _entry(owing, charge, "300", today, due_on=today + datetime.timedelta(days=5), user=operator)
    _entry(owing, payment, "500", today - datetime.timedelta(days=60), user=operator)
    reversed_charge = _entry(owing, charge, "50", today - datetime.timedelta(days=20), user=operator)
    _entry(
        owing,
        LedgerEntry.Kind.REVERSAL,
        "50",
        today - datetime.timedelta(days=19),
        user=operator,
        reverses=reversed_charge,
    )
    in_credit = make_tenancy(operator, world=world, code="2A", n=2, starts_on=today - datetime.timedelta(days=200))
    _entry(in_credit, charge, "300", today - datetime.timedelta(days=40), user=operator)
    _entry(in_credit, payment, "400", today - datetime.timedelta(days=30), user=operator)
    elsewhere = make_tenancy(operator, world=world, code="3A", n=3, starts_on=today - datetime.timedelta(days=200))
    _entry(elsewhere, charge, "999", today - datetime.timedelta(days=40), user=operator)
    Tenancy.objects.filter(pk=elsewhere.pk).update(
        organisation=world.other_organisation, territory=world.other_district
    )

    figures = selectors.arrears_ageing(actor=actor_of(operator), today=today)
    exact = accounting.ageing(movements_of(owing), at=today)
    assert figures.total == exact.balance
    assert figures.tenancies == 1
    assert [figures.buckets[label] for label in selectors.AGEING_LABELS] == [b.amount for b in exact.buckets]
    assert figures.buckets == {
        "not_due": Decimal("300.00"),
        "1-30": Decimal("300.00"),
        "31-60": Decimal("300.00"),
        "61-90": Decimal("300.00"),
        "90+": Decimal("100.00"),
    }
    assert selectors.arrears_ageing(actor=actor_of(coordinator), today=today).by_territory == (
        ("Quartiere Uno", Decimal("1300.00")),
    )


def _plan(tenancy, user, status):
    today = timezone.localdate()
    plan = RepaymentPlan.objects.create(
        organisation_id=tenancy.organisation_id,
        territory_id=tenancy.territory_id,
        tenancy=tenancy,
        debt=Decimal(600),
        split=RepaymentPlan.Split.EQUAL,
        first_due=today,
        agreed_on=today,
        creditor="Agenzia",
        tolerance_days=15,
        start_balance=Decimal(600),
        status=status,
        created_by=user,
    )
    if status == RepaymentPlan.Status.BREACHED:
        PlanStatusChange.objects.create(plan=plan, from_status="live", to_status="breached")
    return plan


def test_plans_in_breach_and_hours_waiting_count_only_the_scope(world, operator):
    today = timezone.localdate()
    tenancy = make_tenancy(operator, world=world, code="1A", n=1)
    other = make_tenancy(operator, world=world, code="2A", n=2)
    keeping = make_tenancy(operator, world=world, code="3A", n=3)
    _plan(tenancy, operator, RepaymentPlan.Status.BREACHED)
    _plan(keeping, operator, RepaymentPlan.Status.LIVE)
    _plan(other, operator, RepaymentPlan.Status.BREACHED)
    supervisor = make_member(organisation=world.organisation, territory=world.district, role=Role.FACILITATOR)
    task = task_create(actor=actor_of(operator), kind="green", title="Giardino", supervisor=supervisor)
    session_record(actor=actor_of(operator), task=task, tenancy=tenancy, worked_on=today, hours="2")
    session_record(actor=actor_of(operator), task=task, tenancy=other, worked_on=today, hours="1.5")
    session_record(actor=actor_of(operator), task=task, tenancy=tenancy, worked_on=today, hours="3")
    CommunityWorkSession.objects.filter(hours=Decimal(3)).update(status=CommunityWorkSession.Status.REJECTED)
    Tenancy.objects.filter(pk=other.pk).update(organisation=world.other_organisation, territory=world.other_district)
    RepaymentPlan.objects.filter(tenancy=other).update(
        organisation=world.other_organisation, territory=world.other_district
    )
    CommunityWorkSession.objects.filter(tenancy=other).update(
        organisation=world.other_organisation, territory=world.other_district
    )

    breached = selectors.plans_in_breach(actor=actor_of(operator), today=today)
    assert breached.value == 1
    assert breached.trend == Trend(1, 0)
    pending = selectors.community_hours_pending(actor=actor_of(operator), today=today)
    assert (pending.sessions, pending.hours, pending.oldest) == (1, Decimal("2.00"), today)
    assert pending.trend == Trend(2, 0)
