"""Issue 5 items 10 and 11 in the browser: an operator records an emergency request, places it
with a host family and records support to the host; an operator fills a family budget and sees
it on the chart (drawn under the strict CSP) and in its table. Desktop and 360 px, axe."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from abitare.accounts.models import Role
from abitare.accounts.tests.factories import make_member
from abitare.finances import services as finances
from abitare.finances.models import BudgetLine
from abitare.hosting import services as hosting
from abitare.hosting.models import EmergencyRequest, HostSupportEntry, Placement
from abitare.registry.tests.factories import actor_of, make_household, make_person

pytestmark = pytest.mark.e2e

TODAY = datetime.date.today()


@pytest.fixture
def caseworker(world):
    return make_member(organisation=world.organisation, territory=world.district, role=Role.OPERATOR, username="caso")


@pytest.fixture
def network(caseworker):
    host_family = make_household(caseworker, make_person(caseworker, n=1, first_name="Lucia"), name="Famiglia Verdi")
    host = hosting.host_create(
        actor=actor_of(caseworker), household=host_family, capacity=2, offers_meals=True, conditions="Niente fumo"
    )
    hosting.host_availability_add(
        actor=actor_of(caseworker),
        host=host,
        start=TODAY - datetime.timedelta(days=5),
        end=TODAY + datetime.timedelta(days=60),
    )
    in_need = make_household(caseworker, make_person(caseworker, n=2, first_name="Ahmed"), name="Famiglia Neri")
    return host, in_need


def test_operator_places_an_emergency_request_and_records_support(page, network, sign_in, axe, screenshot):
    host, in_need = network
    # given an operator of the agency
    sign_in(page, "caso")

    # when they record an emergency request for a household of the registry
    page.goto("/ospitalita/richieste/nuova/")
    page.locator("#id_household").fill(str(in_need.pk))
    page.locator("#id_guests").fill("1")
    page.locator("#id_urgency").select_option("immediate")
    page.locator("#id_wanted_from").fill(TODAY.isoformat())
    page.locator("#id_wanted_until").fill((TODAY + datetime.timedelta(days=10)).isoformat())
    page.locator("#id_requested_by").fill("Pronto intervento sociale")
    axe(page)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/ospitalita/richieste/\d+/$"))
    request = EmergencyRequest.objects.get()

    # then the host with free beds is listed, and they place the request there
    assert page.get_by_role("link", name=str(host)).count() == 1
    axe(page)
    screenshot(page, "hosting-request.png")
    page.locator("form[action$='/inserimento/'] button[type=submit]").first.click()
    page.wait_for_url(re.compile(rf".*/ospitalita/richieste/{request.pk}/$"))
    placement = Placement.objects.get()
    assert placement.host == host
    assert placement.guests == 1
    request.refresh_from_db()
    assert request.status == EmergencyRequest.Status.PLACED

    # when they record food vouchers for the host from its page
    page.goto(f"/ospitalita/famiglie/{host.pk}/")
    page.locator("#id_kind").select_option("food_voucher")
    page.locator("#id_amount").fill("75.50")
    page.locator("#id_description").fill("Buoni spesa")
    page.locator("form[action$='/sostegno/'] button[type=submit]").click()
    page.wait_for_url(re.compile(rf".*/ospitalita/famiglie/{host.pk}/$"))
    # then the ledger has the entry and the total is the amount, as a Decimal
    assert HostSupportEntry.objects.get().amount == Decimal("75.50")
    assert "75,50" in page.locator("[data-testid=money-total]").inner_text()
    axe(page)
    screenshot(page, "hosting-host.png")


def test_the_request_page_at_360_px(mobile_page, network, caseworker, sign_in, axe, screenshot):
    _host, in_need = network
    hosting.request_create(
        actor=actor_of(caseworker),
        household=in_need,
        guests=1,
        wanted_from=TODAY,
        wanted_until=TODAY + datetime.timedelta(days=3),
        requested_by="Servizi sociali",
    )
    sign_in(mobile_page, "caso")
    mobile_page.goto(f"/ospitalita/richieste/{EmergencyRequest.objects.get().pk}/")
    assert mobile_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    axe(mobile_page)
    screenshot(mobile_page, "hosting-request-mobile.png")


@pytest.fixture
def budget_family(caseworker):
    family = make_household(caseworker, make_person(caseworker, n=3, first_name="Sara"), name="Famiglia Bianchi")
    first = (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    budget = finances.budget_create(actor=actor_of(caseworker), household=family, month=first)
    for category, amount in (("work", "1300"), ("food", "480"), ("housing", "620")):
        finances.budget_line_add(actor=actor_of(caseworker), budget=budget, category=category, amount=Decimal(amount))
    return family


def test_operator_fills_a_budget_and_sees_the_chart(page, budget_family, sign_in, axe, screenshot):
    family = budget_family
    sign_in(page, "caso")

    # when they open this month's budget as a copy of last month's and add an expense
    page.goto(f"/bilanci-familiari/nuclei/{family.pk}/")
    page.locator("#id_month").fill(TODAY.strftime("%Y-%m"))
    page.locator("form[action$='/bilanci/nuovo/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/bilanci-familiari/bilanci/\d+/$"))
    page.locator("#id_category").select_option("transport")
    page.locator("#id_amount").fill("85.20")
    page.locator("main form[action$='/righe/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/bilanci-familiari/bilanci/\d+/$"))
    assert BudgetLine.objects.filter(category="transport").get().amount == Decimal("85.20")
    assert "114,80" in page.locator("[data-testid=surplus]").inner_text()  # 1300 - 480 - 620 - 85.20
    axe(page)

    # then the household's page draws the chart under the CSP and has the table of the figures
    page.goto(f"/bilanci-familiari/nuclei/{family.pk}/")
    page.wait_for_selector("#budget-chart[data-chart-ready=true] svg")
    assert page.locator("[data-testid=budget-table] tbody tr").count() == 2
    axe(page)
    screenshot(page, "finances-household.png")


def test_the_budget_chart_at_360_px(mobile_page, budget_family, sign_in, axe, screenshot):
    sign_in(mobile_page, "caso")
    mobile_page.goto(f"/bilanci-familiari/nuclei/{budget_family.pk}/")
    mobile_page.wait_for_selector("#budget-chart[data-chart-ready=true] svg")
    assert mobile_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    axe(mobile_page)
    screenshot(mobile_page, "finances-household-mobile.png")
