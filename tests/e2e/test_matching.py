"""Issue 4 in the browser: an operator starts a matching round, follows the progress bar, opens a
proposal and reads its explanation, approves it, sends the offer, records the acceptance and sees
the unit occupied. axe-core finds no WCAG 2.1 AA violation on any page, on a desktop and on a
360 px phone. Screenshots go to docs/screenshots/matching-*.png."""

from __future__ import annotations

import re
from typing import Any

import pytest

from abitare.housing.models import Unit
from abitare.matching.models import Allocation, Offer, Proposal
from abitare.matching.tests.offers_support import build_case, load_refusal_rule

pytestmark = pytest.mark.e2e


@pytest.fixture
def matching_world(world: Any, operator: Any, administrator: Any) -> Any:
    """Demo-like: one building with four units, six applications and the Lombardia refusal rule."""
    load_refusal_rule(administrator, world.district)
    return build_case(operator, world)


def test_operator_runs_a_round_and_houses_a_household(page, mobile_page, matching_world, sign_in, axe, screenshot):
    # given an operator of the agency with available units and eligible applications
    sign_in(page, "operator")
    page.goto("/domande/turni/")
    axe(page)

    # when she starts a round, the progress bar follows it to the end
    page.get_by_role("button", name=re.compile("Avvia un turno|Start a round")).click()
    page.wait_for_url(re.compile(r".*/tasks/[^/]+/$"))
    result = page.locator("main a.btn-primary[href*='/domande/turni/']")
    result.wait_for()
    axe(page)
    result.click()
    page.wait_for_url(re.compile(r".*/domande/turni/\d+/$"))
    axe(page)
    screenshot(page, "matching-round.png")

    # then she opens the proposal of the household who needs step-free access and reads why
    step_free = matching_world.applications["step_free"]
    proposal = Proposal.objects.get(application=step_free)
    page.locator(f"a[href='/domande/turni/proposte/{proposal.pk}/']").first.click()
    page.wait_for_url(f"**/domande/turni/proposte/{proposal.pk}/")
    refusals = page.locator("[data-testid=refusals]")
    assert "Famiglia 1" in refusals.inner_text()  # higher priority, housed in a unit that suits it better
    axe(page)
    screenshot(page, "matching-proposal.png")

    # when she approves it
    page.locator("#id_decision").select_option("approve")
    page.get_by_role("button", name=re.compile("Registra la decisione|Record the decision")).click()
    page.wait_for_url(f"**/domande/turni/proposte/{proposal.pk}/")
    assert page.locator("[data-testid=proposal-status]").inner_text() == str(Proposal.Status.APPROVED.label)

    # and sends the offer with its reply-by date (suggested: two weeks)
    page.get_by_role("button", name=re.compile("Invia offerta|Send offer")).click()
    page.wait_for_url(re.compile(r".*/domande/offerte/\d+/$"))
    offer = Offer.objects.get(proposal=proposal)
    assert page.locator("[data-testid=unit-state]").inner_text() == str(Unit.State.OFFERED.label)
    axe(page)
    screenshot(page, "matching-offer.png")

    # and records the acceptance: the household is housed and the unit occupied
    page.get_by_role("button", name=re.compile("Registra l'accettazione|Record the acceptance")).click()
    page.wait_for_url(f"**/domande/offerte/{offer.pk}/")
    assert page.locator("[data-testid=offer-status]").inner_text() == str(Offer.Status.ACCEPTED.label)
    assert page.locator("[data-testid=unit-state]").inner_text() == str(Unit.State.OCCUPIED.label)
    assert page.locator("[data-testid=allocation]").is_visible()
    axe(page)
    screenshot(page, "matching-offer-accepted.png")
    allocation = Allocation.objects.get()
    assert (allocation.household_id, allocation.unit_id) == (step_free.household_id, proposal.unit_id)

    # and the offers list shows it
    page.goto("/domande/offerte/?status=accepted")
    assert page.locator(f"a[href='/domande/offerte/{offer.pk}/']").is_visible()
    axe(page)
    screenshot(page, "matching-offers.png")

    # on a 360 px phone the same pages work and pass axe
    sign_in(mobile_page, "operator")
    other = Proposal.objects.get(application=matching_world.applications["third"])
    for url, name in (
        (f"/domande/turni/proposte/{other.pk}/", "matching-proposal-mobile.png"),
        (f"/domande/offerte/{offer.pk}/", "matching-offer-mobile.png"),
        ("/domande/offerte/", "matching-offers-mobile.png"),
    ):
        mobile_page.goto(url)
        axe(mobile_page)
        width = mobile_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{url} scrolls sideways at 360 px ({width} px)"
        screenshot(mobile_page, name)
