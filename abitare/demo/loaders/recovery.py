"""Demo arrears recovery, after the tenancies loader: each agency's district gets the default
arrears rule and the example hourly rate, the scan opens cases for the late payers, a small bank
statement leaves one credit in the queue, one late payer agrees a repayment plan, another works
community hours (some confirmed by the supervisor, some waiting). Idempotent."""

from __future__ import annotations

import datetime
from decimal import Decimal

from abitare.accounts.models import Membership, Role
from abitare.tenancies import accounting
from abitare.tenancies.models import ArrearsCase, CommunityTask, Tenancy
from abitare.tenancies.services.arrears import arrears_scan, district_of, recovery_rules_seed
from abitare.tenancies.services.community import session_confirm, session_record, task_create
from abitare.tenancies.services.payments import statement_import
from abitare.tenancies.services.plans import adjusted_balance, plan_create

ORGANISATIONS = ["Agenzia per l'Abitare di Lucca (demo)", "Agenzia per l'Abitare del Rhodense (demo)"]


def _member(organisation: str, role: str) -> Membership | None:
    return (
        Membership.objects.filter(organisation__name=organisation, role=role, is_active=True)
        .select_related("user", "organisation", "territory")
        .order_by("id")
        .first()
    )


def _statement(operator: Membership, paying: Tenancy, today: datetime.date) -> None:
    """A CSV statement: one transfer quoting a reference, one from an unknown payer (queued)."""
    day = today - datetime.timedelta(days=2)
    rows = [
        "value_date;amount;reference;payer_iban;payer_name;bank_reference",
        f"{day.isoformat()};50,00;Acconto arretrati {paying.reference};;Famiglia demo;DEMO-{paying.pk}-1",
        f"{day.isoformat()};120,00;contributo affitto;IT60X0542811101000000123456;Parrocchia (demo);DEMO-{paying.pk}-2",
    ]
    statement_import(actor=operator, data="\n".join(rows).encode(), file_name="estratto-demo.csv")


def _plan(operator: Membership, case: ArrearsCase, today: datetime.date) -> None:
    owed = adjusted_balance(case.tenancy_id, on=today, tolerance_days=10)
    if owed <= 0:
        return
    plan_create(
        actor=operator,
        tenancy=case.tenancy,
        debt=owed,
        count=6,
        first_due=accounting.add_months(today.replace(day=1), 1),
        agreed_on=today,
        creditor=operator.organisation.name,
        note="Piano concordato allo sportello (demo).",
    )


def _community(operator: Membership, supervisor: Membership, tenancy: Tenancy, today: datetime.date) -> None:
    task = task_create(
        actor=operator,
        kind=CommunityTask.Kind.GREEN,
        title="Cura del verde condominiale",
        place="Cortile comune",
        supervisor=supervisor.user,
    )
    task_create(
        actor=operator, kind=CommunityTask.Kind.PAINTING, title="Tinteggiatura vano scale", supervisor=supervisor.user
    )
    worked = [today - datetime.timedelta(days=days) for days in (12, 5, 1)]
    sessions = [
        session_record(actor=operator, task=task, tenancy=tenancy, worked_on=day, hours=Decimal(hours), worker="demo")
        for day, hours in zip(worked, ("3", "2.5", "2"), strict=True)
        if day >= tenancy.starts_on
    ]
    for session in sessions[:2]:
        session_confirm(actor=supervisor, session=session)


def load() -> None:
    today = datetime.date.today()
    for name in ORGANISATIONS:
        operator = _member(name, Role.OPERATOR)
        supervisor = _member(name, Role.COORDINATOR) or operator
        if operator is None or supervisor is None:
            continue
        if CommunityTask.objects.filter(organisation=operator.organisation).exists():
            continue
        district = district_of(operator)
        recovery_rules_seed(district=district)
        arrears_scan(district=district, today=today)
        cases = list(
            ArrearsCase.objects.filter(organisation=operator.organisation, status=ArrearsCase.Status.OPEN)
            .select_related("tenancy")
            .order_by("tenancy__reference")
        )
        if not cases:
            continue
        _statement(operator, cases[0].tenancy, today)
        _plan(operator, cases[0], today)
        if len(cases) > 1:
            _community(operator, supervisor, cases[1].tenancy, today)
