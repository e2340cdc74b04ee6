"""The tenancies' permission matrix: operators and coordinators keep tenancies, ledgers, savings,
payments, arrears, repayment plans, support plans and mediations (the notes of meetings and
mediations only with the sensitive-data flag); a coordinator alone decides a write-off; a
facilitator supervising community work confirms or rejects its hours; administrators read the
recovery rules. Every other role, anonymous visitors and a user working under another role while
holding the right one are refused and change nothing; another organisation does not find our
tenancies, entries, statements, cases, plans and support records."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from abitare.accounts.models import Role
from abitare.accounts.testing import acting, walk_case
from abitare.core.testing import INCOMPLETE, Case, route_names, rows_of
from abitare.tenancies.models import ArrearsCase, BankCredit
from abitare.tenancies.services.arrears import arrears_scan, recovery_rules_seed
from abitare.tenancies.services.community import session_record, task_create
from abitare.tenancies.services.ledger import charge_post, write_off_request
from abitare.tenancies.services.payments import statement_import
from abitare.tenancies.services.plans import plan_create
from abitare.tenancies.services.savings import savings_deposit
from abitare.tenancies.tests.factories import make_tenancy
from abitare.tenancies.tests.support_helpers import make_support_world

CAMT = Path(__file__).parent / "recovery" / "data" / "camt053_001_02_sample.xml"
TENANCIES = frozenset({Role.OPERATOR, Role.COORDINATOR})
RULES = frozenset({Role.OPERATOR, Role.COORDINATOR, Role.ADMINISTRATOR})
SUPERVISION = frozenset({Role.OPERATOR, Role.FACILITATOR, Role.COORDINATOR})
DECISION = frozenset({Role.COORDINATOR})


def form(name, at=None, **fields):
    """A page with a form: shown, and sent back incomplete."""
    return [Case(name, TENANCIES, at=at), Case(name, TENANCIES, "post", at=at, body=INCOMPLETE, ok=400, **fields)]


def action(name, at, ok=302, roles=TENANCIES, **fields):
    return Case(name, roles, "post", at=at, body=fields.pop("body", {}), ok=ok, **fields)


TABLE = [
    # Tenancies and their documents.
    Case("tenancies:tenancy-list", TENANCIES),
    *form("tenancies:tenancy-create"),
    Case("tenancies:tenancy-detail", TENANCIES, at="tenancy"),
    action("tenancies:tenancy-renew", "tenancy"),
    *form("tenancies:tenancy-exit", at="tenancy"),
    action("tenancies:tenancy-release-unit", "tenancy"),
    Case("tenancies:tenancy-contract", TENANCIES, at="tenancy"),
    Case("tenancies:statement-pdf", TENANCIES, at="tenancy"),
    Case("tenancies:statement-xlsx", TENANCIES, at="tenancy"),
    Case("api:tenancy-list", TENANCIES),
    Case("api:tenancy-list", TENANCIES, "post", body={}, ok=400),
    Case("api:tenancy-detail", TENANCIES, at="tenancy"),
    action("api:tenancy-renew", "tenancy", ok=200),
    action("api:tenancy-exit", "tenancy", ok=400),
    Case("api:tenancy-exit-list", TENANCIES),
    Case("api:tenancy-entries", TENANCIES, at="tenancy"),
    Case("api:tenancy-statement", TENANCIES, at="tenancy"),
    # The ledger and the savings account.
    *form("tenancies:payment-create", at="tenancy"),
    *form("tenancies:charge-create", at="tenancy"),
    *form("tenancies:write-off-create", at="tenancy"),
    *form("tenancies:savings-deposit", at="savings-tenancy"),
    *form("tenancies:entry-reverse", at="entry"),
    *form("tenancies:savings-entry-reverse", at="savings-entry"),
    Case("tenancies:write-off-decide", DECISION, at="write-off"),
    Case("tenancies:write-off-decide", DECISION, "post", at="write-off", body=INCOMPLETE, ok=400),
    action("api:tenancy-payment", "tenancy", ok=400),
    action("api:write-off-create", "tenancy", ok=400),
    action("api:write-off-decide", "write-off", ok=400, roles=DECISION),
    action("api:entry-reverse", "entry", ok=400),
    Case("api:tenancy-savings", TENANCIES, at="savings-tenancy"),
    action("api:savings-deposit", "savings-tenancy", ok=400),
    action("api:savings-payout", "savings-tenancy", ok=400),
    # Bank statements and credits.
    Case("tenancies:statement-list", TENANCIES),
    *form("tenancies:statement-import"),
    Case("tenancies:statement-template", TENANCIES),
    Case("tenancies:statement-detail", TENANCIES, at="statement"),
    Case("tenancies:credit-queue", TENANCIES),
    *form("tenancies:credit-assign", at="credit"),
    action("tenancies:credit-dismiss", "credit", ok=400, body=INCOMPLETE),
    Case("api:bank-statement-list", TENANCIES),
    # A file upload: past the rule, a JSON body is refused as the wrong media type.
    Case("api:bank-statement-list", TENANCIES, "post", body={}, ok=415, elsewhere=415),
    Case("api:bank-statement-detail", TENANCIES, at="statement"),
    Case("api:bank-credit-list", TENANCIES),
    action("api:bank-credit-assign", "credit", ok=400),
    action("api:bank-credit-dismiss", "credit", ok=400),
    # Arrears, their rules and repayment plans.
    Case("tenancies:arrears-list", TENANCIES),
    Case("tenancies:arrears-detail", TENANCIES, at="case"),
    action("tenancies:arrears-scan", None),
    Case("tenancies:recovery-rules", RULES),
    Case("api:arrears-case-list", TENANCIES),
    Case("api:arrears-case-detail", TENANCIES, at="case"),
    action("api:arrears-scan", None, ok=200),
    Case("tenancies:plan-list", TENANCIES),
    *form("tenancies:plan-create", at="tenancy"),
    Case("tenancies:plan-detail", TENANCIES, at="plan"),
    action("tenancies:plan-check", "plan"),
    action("tenancies:plan-cancel", "plan", ok=400, body=INCOMPLETE),
    Case("api:repayment-plan-list", TENANCIES),
    Case("api:repayment-plan-list", TENANCIES, "post", body={}, ok=400),
    Case("api:repayment-plan-detail", TENANCIES, at="plan"),
    action("api:repayment-plan-check", "plan", ok=200),
    action("api:repayment-plan-cancel", "plan", ok=400),
    # Community work: recorded by casework, confirmed by its supervisors.
    Case("tenancies:community-task-list", TENANCIES),
    Case("tenancies:community-task-list", TENANCIES, "post", body=INCOMPLETE, ok=400),
    *form("tenancies:community-session-create"),
    Case("tenancies:community-confirm", SUPERVISION),
    action("tenancies:community-session-confirm", "session", roles=SUPERVISION),
    action("tenancies:community-session-reject", "session", roles=SUPERVISION, body=INCOMPLETE),
    Case("tenancies:community-report", TENANCIES),
    Case("tenancies:community-report-xlsx", TENANCIES),
    Case("api:community-task-list", TENANCIES),
    Case("api:community-task-list", TENANCIES, "post", body={}, ok=400),
    Case("api:community-session-list", TENANCIES),
    Case("api:community-session-list", TENANCIES, "post", body={}, ok=400),
    # Past the rule, only the task's supervisor (the facilitator here) confirms the hours.
    action("api:community-session-confirm", "session", ok=403, ok_for={Role.FACILITATOR: 200}, roles=SUPERVISION),
    action("api:community-session-reject", "session", ok=400, roles=SUPERVISION),
    # Support plans.
    Case("tenancies:support-plan-list", TENANCIES),
    *form("tenancies:support-plan-create"),
    Case("tenancies:support-plan-detail", TENANCIES, at="support-plan"),
    *form("tenancies:support-plan-edit", at="support-plan"),
    *form("tenancies:support-plan-close", at="support-plan"),
    *form("tenancies:support-goal-create", at="support-plan"),
    action("tenancies:support-goal-status", "goal", body=INCOMPLETE),
    *form("tenancies:support-meeting-create", at="support-plan"),
    action("tenancies:support-meeting-note", "meeting", ok=400, body=INCOMPLETE, sensitive=True),
    *form("tenancies:support-referral-create", at="support-plan"),
    action("tenancies:support-referral-outcome", "referral", ok=400, body=INCOMPLETE),
    Case("api:support-plan-list", TENANCIES),
    Case("api:support-plan-list", TENANCIES, "post", body={}, ok=400),
    Case("api:support-plan-detail", TENANCIES, at="support-plan"),
    action("api:support-plan-close", "support-plan", ok=400),
    action("api:support-goal-create", "support-plan", ok=400),
    action("api:support-goal-status", "goal", ok=400),
    action("api:support-meeting-create", "support-plan", ok=400),
    action("api:support-meeting-note", "meeting", ok=400, sensitive=True),
    action("api:support-referral-create", "support-plan", ok=400),
    action("api:support-referral-outcome", "referral", ok=400),
    # Mediations between neighbours.
    Case("tenancies:mediation-list", TENANCIES),
    *form("tenancies:mediation-create"),
    Case("tenancies:mediation-detail", TENANCIES, at="mediation"),
    *form("tenancies:mediation-meeting-create", at="mediation"),
    action("tenancies:mediation-note", "mediation", ok=400, body=INCOMPLETE, sensitive=True),
    *form("tenancies:mediation-close", at="mediation"),
    Case("api:mediation-list", TENANCIES),
    Case("api:mediation-list", TENANCIES, "post", body={}, ok=400),
    Case("api:mediation-detail", TENANCIES, at="mediation"),
    action("api:mediation-meeting-create", "mediation", ok=400),
    action("api:mediation-note", "mediation", ok=400, sensitive=True),
    action("api:mediation-close", "mediation", ok=400),
]


@pytest.fixture(scope="module")
def scene(cast, django_db_blocker):
    with django_db_blocker.unblock():
        world, operator = cast.world, cast.members[Role.OPERATOR]
        actor = acting(operator)
        today = timezone.localdate()
        start = datetime.date(2025, 1, 1)
        tenancy = make_tenancy(operator, world=world, code="1A", starts_on=start, n=1)
        tenancy_b = make_tenancy(operator, world=world, code="2B", starts_on=start, n=2)
        savings = make_tenancy(
            operator, world=world, code="3C", contract_type="service", savings_deposit="50.00", n=3, starts_on=start
        )
        entries = [
            charge_post(actor=actor, tenancy=t, month=datetime.date(2025, m, 1))
            for t in (tenancy, tenancy_b)
            for m in (1, 2, 3)
        ]
        data = CAMT.read_bytes().replace(b"REF-B", tenancy_b.reference.encode())
        statement = statement_import(actor=actor, data=data).statement
        arrears_scan(district=world.district, today=today)
        plan = plan_create(
            actor=actor,
            tenancy=tenancy_b,
            debt=Decimal("600.00"),
            count=2,
            first_due=today,
            agreed_on=today,
            creditor="Agenzia",
        )
        task = task_create(actor=actor, kind="green", title="Giardino", supervisor=cast.members[Role.FACILITATOR])
        session = session_record(actor=actor, task=task, tenancy=tenancy, worked_on=today, hours="2")
        support = make_support_world(world, operator)
        recovery_rules_seed(district=world.district)  # the hourly rate of community work
        return {
            "tenancy": tenancy,
            "savings-tenancy": savings,
            "entry": entries[0],
            "savings-entry": savings_deposit(actor=actor, tenancy=savings, amount="20", value_date=today),
            "write-off": write_off_request(actor=actor, tenancy=tenancy, amount="100", reason="Difficoltà"),
            "statement": statement,
            "credit": BankCredit.objects.filter(status=BankCredit.Status.UNMATCHED).first(),
            "case": ArrearsCase.objects.get(tenancy=tenancy),
            "plan": plan,
            "session": session,
            "support-plan": support.plan,
            "goal": support.plan.goals.first(),
            "meeting": support.meeting,
            "referral": support.referral,
            "mediation": support.case,
        }


def test_the_table_lists_every_route_of_the_module():
    names = route_names("abitare.tenancies.urls", "tenancies") | route_names("abitare.tenancies.api.urls", "api")
    assert {case.name for case in TABLE} == names


@pytest.mark.parametrize("case", TABLE, ids=str)
def test_the_tenancies_matrix(cast, scene, case, db):
    walk_case(cast, case, scene, rows_of("tenancies", "housing"))
