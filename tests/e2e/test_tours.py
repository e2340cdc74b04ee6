"""Daily tasks by clicking only, from the landing page: no test here types a URL after signing in.

The operator's day: find a household with the header search, open its file, start a new
assessment, then a new application, and follow it to a round proposal and an offer. axe-core
checks every page; screenshots go to docs/screenshots/tour-*.png."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest

from abitare.accounts.testing import acting
from abitare.assessments.services import instrument_install_default
from abitare.matching.models import Application, Offer, RuleSet
from abitare.matching.services import rule_add, rule_set_create
from abitare.matching.tests.offers_support import build_case, load_refusal_rule
from abitare.registry.tests.factories import make_household, make_person

pytestmark = pytest.mark.e2e


@pytest.fixture
def tour_world(world: Any, operator: Any, administrator: Any) -> Any:
    """The matching demo world, rules that make any household eligible and put an eviction first,
    and a household that has no assessment and no application yet."""
    # Browser tests run on a flushed database: the instrument that a migration installs may be gone.
    instrument_install_default()
    load_refusal_rule(administrator, world.district)
    case = build_case(operator, world)
    actor = acting(administrator)
    common = {"actor": actor, "territory": world.district, "valid_from": datetime.date(2000, 1, 1), "source": "Test"}
    eligibility = rule_set_create(
        kind=RuleSet.Kind.ELIGIBILITY, name="Requisiti", confidence=RuleSet.Confidence.EXAMPLE, **common
    )
    rule_add(actor=actor, rule_set=eligibility, code="members", label="Almeno un componente",
             fact="household_size", operator=">=", threshold="1")  # fmt: skip
    priority = rule_set_create(
        kind=RuleSet.Kind.PRIORITY, name="Punteggi", confidence=RuleSet.Confidence.EXAMPLE, **common
    )
    rule_add(actor=actor, rule_set=priority, code="eviction", label="Sfratto in corso",
             fact="eviction_notice", operator="is true", points="50")  # fmt: skip
    person = make_person(operator, n=9, territory=world.neighbourhood, first_name="Elena", last_name="Galli")
    household = make_household(operator, person, territory=world.neighbourhood, name="Famiglia Galli")
    return case, household


def _click(page: Any, role: str, name: str) -> None:
    page.get_by_role(role, name=re.compile(name)).first.click()


def test_the_operator_day_by_clicking_only(page, tour_world, sign_in, axe, screenshot):
    _case, household = tour_world
    # A long path on a busy machine: each step may take longer than the usual ten seconds.
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(30_000)
    sign_in(page, "operator")  # lands on the work list
    axe(page)

    # find the household from the header search
    page.locator("[data-testid=header-search]").click()
    page.wait_for_url("**/cerca/")
    page.locator("main input[name=q]").fill("Galli")
    page.locator("main input[name=q]").press("Enter")
    page.locator(f"main a[href='/persone/nuclei/{household.pk}/']").first.click()
    page.wait_for_url(f"**/persone/nuclei/{household.pk}/")
    axe(page)
    screenshot(page, "tour-household-file.png")

    # start a new assessment from the file: one level per domain
    _click(page, "link", "Nuova valutazione")
    page.wait_for_url(re.compile(r".*/valutazioni/nuclei/\d+/nuova/$"))
    axe(page)
    for fieldset in page.locator("fieldset.domain").all():
        fieldset.locator(".form-check label").nth(1).click()  # the styled label takes the click
    _click(page, "button", "Registra la valutazione")
    page.wait_for_url(re.compile(r".*/valutazioni/\d+/$"))
    axe(page)

    # back to the file, then a new application
    page.locator(f"a[href='/persone/nuclei/{household.pk}/']").first.click()  # the household's name links its file
    page.wait_for_url(f"**/persone/nuclei/{household.pk}/")
    _click(page, "link", "Nuova domanda")
    page.wait_for_url(re.compile(r".*/domande/nuclei/\d+/nuova/$"))
    axe(page)
    page.locator("#id_pathway").select_option("agreed_rent")
    page.locator("#id_occupants").fill("2")
    page.locator("#id_monthly_income").fill("2000")  # the rent must stay within what the household can pay
    page.locator("label[for=id_eviction_notice]").click()
    page.locator("label[for=id_residence_or_work]").click()
    _click(page, "button", "Presenta e valuta")
    page.wait_for_url(re.compile(r".*/domande/\d+/$"))
    application = Application.objects.get(household=household)
    assert application.eligible is True
    axe(page)
    screenshot(page, "tour-application.png")

    # to the matching rounds through the header's "Casa" group, and a round
    _click(page, "button", "^Casa$")
    _click(page, "link", "Turni di assegnazione")
    page.wait_for_url("**/domande/turni/")
    _click(page, "button", "Avvia un turno")
    page.wait_for_url(re.compile(r".*/tasks/[^/]+/$"))
    result = page.locator("main a.btn-primary[href*='/domande/turni/']")
    result.wait_for()
    result.click()
    page.wait_for_url(re.compile(r".*/domande/turni/\d+/$"))
    axe(page)

    # the household's proposal, approved, and the offer sent
    proposal = application.proposals.get()
    page.locator(f"a[href='/domande/turni/proposte/{proposal.pk}/']").first.click()
    page.wait_for_url(f"**/domande/turni/proposte/{proposal.pk}/")
    page.locator("#id_decision").select_option("approve")
    _click(page, "button", "Registra la decisione")
    page.wait_for_url(f"**/domande/turni/proposte/{proposal.pk}/")
    _click(page, "button", "Invia offerta")
    page.wait_for_url(re.compile(r".*/domande/offerte/\d+/$"))
    offer = Offer.objects.get(proposal=proposal)
    assert offer.household_id == household.pk
    axe(page)
    screenshot(page, "tour-offer.png")
