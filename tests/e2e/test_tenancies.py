"""Issue 5 (arrears recovery) in the browser: an operator imports a bank statement that records
a payment, sees an arrears case appear, agrees a repayment plan and records community-work
hours; the task's supervisor confirms them on a 360 px phone and the balance comes down. axe-core
finds no WCAG 2.1 AA violation on any page. Screenshots go to docs/screenshots/recovery-*.png."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from abitare.accounts.testing import acting
from abitare.registry.tests.factories import actor_of
from abitare.tenancies.models import ArrearsCase, CommunityWorkSession, LedgerEntry, RepaymentPlan
from abitare.tenancies.selectors.ledger import balance_of
from abitare.tenancies.services.arrears import recovery_rules_seed
from abitare.tenancies.services.community import task_create
from abitare.tenancies.services.ledger import charge_post
from abitare.tenancies.tests.factories import make_tenancy

pytestmark = pytest.mark.e2e


@pytest.fixture
def recovery_world(world: Any, operator: Any, coordinator: Any) -> Any:
    """A tenancy three months behind (1,050.00 €) and a green-maintenance task the coordinator supervises."""

    tenancy = make_tenancy(operator, world=world, starts_on=datetime.date(2025, 1, 1), n=1)
    for month in (1, 2, 3):
        charge_post(actor=acting(operator), tenancy=tenancy, month=datetime.date(2025, month, 1))
    recovery_rules_seed(district=world.district)
    task_create(actor=actor_of(operator), kind="green", title="Cura del verde", supervisor=coordinator)
    return tenancy


def submit(page: Any) -> None:
    page.locator("main form[method=post] button[type=submit]").last.click()


def test_operator_recovers_arrears(page, mobile_page, recovery_world, sign_in, axe, screenshot):
    tenancy = recovery_world
    today = timezone.localdate()

    # given an operator with a tenancy three months behind, who imports the bank statement
    page.set_default_timeout(30_000)  # the statement import runs in the request in tests
    mobile_page.set_default_timeout(30_000)
    sign_in(page, "operator")
    page.goto("/locazioni/incassi/importa/")
    axe(page)
    csv = (
        f"value_date;amount;reference;bank_reference\n{today.isoformat()};150,00;Canone {tenancy.reference};CRO-E2E-1\n"
    )
    page.locator("#id_file").set_input_files(
        files=[{"name": "estratto.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    submit(page)
    page.wait_for_url(re.compile(r".*/tasks/[^/]+/$"))
    result = page.locator("main a.btn-primary[href*='/locazioni/incassi/']")
    result.wait_for()
    axe(page)
    result.click()
    page.wait_for_url(re.compile(r".*/locazioni/incassi/\d+/$"))
    axe(page)
    screenshot(page, "recovery-statement.png")
    assert LedgerEntry.objects.get(kind="payment", tenancy=tenancy).amount == Decimal("150.00")

    # when she checks the district, an arrears case appears (900.00 € >= two months of rent)
    page.goto("/locazioni/morosita/")
    axe(page)
    page.locator("[data-testid=arrears-scan]").click()
    page.wait_for_url("**/locazioni/morosita/")
    case = ArrearsCase.objects.get(tenancy=tenancy)
    assert tenancy.reference in page.locator("[data-testid=arrears-cases]").inner_text()
    screenshot(page, "recovery-arrears-list.png")
    page.locator(f"a[href='/locazioni/morosita/{case.pk}/']").click()
    page.wait_for_url(f"**/locazioni/morosita/{case.pk}/")
    assert page.locator("[data-testid=statement]").is_visible()  # the statement is attached
    axe(page)
    screenshot(page, "recovery-arrears-case.png")

    # and agrees a repayment plan of six equal instalments from the case
    page.locator(f"a[href='/locazioni/{tenancy.pk}/piano-di-rientro/']").click()
    page.wait_for_url(f"**/locazioni/{tenancy.pk}/piano-di-rientro/")
    axe(page)
    page.locator("#id_first_due").fill(today.isoformat())
    page.locator("#id_creditor").fill("Agenzia per l'Abitare")
    submit(page)
    page.wait_for_url(re.compile(r".*/locazioni/piani-di-rientro/\d+/$"))
    plan = RepaymentPlan.objects.get(tenancy=tenancy)
    assert plan.debt == Decimal("900.00")
    assert sum(plan.instalments.values_list("amount", flat=True)) == plan.debt
    assert page.locator("[data-testid=instalments] tbody tr").count() == 6
    axe(page)
    screenshot(page, "recovery-plan.png")
    assert ArrearsCase.objects.get(pk=case.pk).close_reason == ArrearsCase.CloseReason.PLAN_STARTED

    # and records three hours of community work, which wait for the supervisor
    page.goto("/locazioni/lavoro-di-comunita/ore/")
    axe(page)
    page.locator("#id_task").select_option(label="Cura del verde")
    page.locator("#id_tenancy").fill(tenancy.reference)
    page.locator("#id_worked_on").fill(today.isoformat())
    page.locator("#id_hours").fill("3")
    submit(page)
    page.wait_for_url("**/locazioni/lavoro-di-comunita/")
    axe(page)
    screenshot(page, "recovery-community.png")
    assert CommunityWorkSession.objects.get().status == CommunityWorkSession.Status.RECORDED
    before = balance_of(tenancy)

    # then the supervisor confirms them on her phone, and the balance comes down by 3 x 10.00 €
    sign_in(mobile_page, "coordinator")
    mobile_page.goto("/locazioni/lavoro-di-comunita/da-confermare/")
    axe(mobile_page)
    screenshot(mobile_page, "recovery-confirm-mobile.png")
    mobile_page.locator("main form[action$='/conferma/'] button").click()
    mobile_page.wait_for_url("**/locazioni/lavoro-di-comunita/da-confermare/")
    axe(mobile_page)
    assert balance_of(tenancy) == before - Decimal("30.00")
    assert LedgerEntry.objects.get(kind="community_work").amount == Decimal("30.00")
    mobile_page.goto(f"/locazioni/piani-di-rientro/{plan.pk}/")
    axe(mobile_page)
    screenshot(mobile_page, "recovery-plan-mobile.png")
    mobile_page.goto("/locazioni/lavoro-di-comunita/rendiconto/")
    assert tenancy.reference in mobile_page.locator("[data-testid=report-tenancy]").inner_text()
    axe(mobile_page)
