"""Issue 5 (tenancies and the rent ledger) in the browser: an operator opens a tenancy, records a
payment and reverses it with a reason, and reads the statement on a 360 px phone. axe-core finds
no WCAG 2.1 AA violation. Screenshots go to docs/screenshots/tenancy-*.png."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from abitare.accounts.models import Role
from abitare.accounts.testing import acting
from abitare.accounts.tests.factories import make_member
from abitare.tenancies.models import LedgerEntry
from abitare.tenancies.services import ledger_batch, savings
from abitare.tenancies.tests.factories import make_tenancy

pytestmark = pytest.mark.e2e

TODAY = datetime.date.today()


@pytest.fixture
def clerk(world):
    return make_member(organisation=world.organisation, territory=world.district, role=Role.OPERATOR, username="clerk")


@pytest.fixture
def tenancy(world, clerk):
    start = TODAY.replace(day=1) - datetime.timedelta(days=95)
    tenancy = make_tenancy(
        clerk, world=world, contract_type="service", savings_deposit="40", starts_on=start.replace(day=1)
    )
    for months_back in range(3, -1, -1):
        month = (TODAY.replace(day=1) - datetime.timedelta(days=28 * months_back)).replace(day=1)
        ledger_batch.charges_issue_month(month=month)
    savings.savings_deposit(actor=acting(clerk), tenancy=tenancy, amount="40", value_date=TODAY)
    return tenancy


def test_operator_records_and_reverses_a_payment(page, tenancy, sign_in, axe, screenshot):
    # given an operator of the agency on the tenancy list
    sign_in(page, "clerk")
    page.goto("/locazioni/")
    axe(page)
    page.get_by_role("link", name=tenancy.reference).click()
    page.wait_for_url(re.compile(rf".*/locazioni/{tenancy.pk}/$"))
    axe(page)

    # when they record a payment of zero, then of 120.50
    page.goto(f"/locazioni/{tenancy.pk}/pagamento/")
    page.locator("#id_amount").fill("0")
    page.locator("main form button[type=submit]").first.click()
    assert LedgerEntry.objects.filter(kind="payment").count() == 0
    axe(page)
    page.locator("#id_amount").fill("120.50")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(rf".*/locazioni/{tenancy.pk}/$"))
    payment = LedgerEntry.objects.get(kind="payment")
    assert payment.amount == Decimal("120.50")

    # then they reverse it with a reason, and the ledger keeps both entries
    page.goto(f"/locazioni/movimenti/{payment.pk}/storno/")
    page.locator("#id_reason").fill("Bonifico di un altro nucleo")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(rf".*/locazioni/{tenancy.pk}/$"))
    assert LedgerEntry.objects.get(kind="reversal").reverses == payment
    axe(page)
    screenshot(page, "tenancy-statement.png")


def test_the_tenancy_page_at_360_px(mobile_page, tenancy, sign_in, axe, screenshot):
    sign_in(mobile_page, "clerk")
    mobile_page.goto(f"/locazioni/{tenancy.pk}/")
    assert mobile_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    axe(mobile_page)
    screenshot(mobile_page, "tenancy-mobile.png")
