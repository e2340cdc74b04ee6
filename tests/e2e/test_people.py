"""Issue 3 in the browser: an operator records a desk consultation, registers a person and a
household, assesses the household twice and finds its point and arrow on the plane."""

from __future__ import annotations

import datetime
import re

import pytest

from abitare.accounts.models import Role
from abitare.accounts.tests.factories import make_member
from abitare.assessments.services import instrument_install_default
from abitare.registry.models import Consultation, Household, Person

pytestmark = pytest.mark.e2e


@pytest.fixture
def caseworker(world):

    # Live-server tests empty every table between tests, data-migration rows included.
    instrument_install_default()
    return make_member(organisation=world.organisation, territory=world.district, role=Role.OPERATOR, username="caso")


def _assess(page, household_pk: int, level: int, day: datetime.date) -> None:
    page.goto(f"/valutazioni/nuclei/{household_pk}/nuova/")
    page.locator("#id_assessed_on").fill(day.isoformat())
    for group in page.locator("input[type=radio][name^=score_]").evaluate_all(
        "nodes => [...new Set(nodes.map(n => n.name))]"
    ):
        radio = page.locator(f"input[name='{group}'][value='{level}']")
        page.locator(f"label[for='{radio.get_attribute('id')}']").click()  # as a person does
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/valutazioni/\d+/$"))


def test_operator_from_the_desk_to_the_plane(page, world, caseworker, sign_in, axe, screenshot):
    # given an operator of the agency
    sign_in(page, "caso")

    # when they record an anonymous visitor's consultation with the keyboard
    page.goto("/persone/sportello/nuovo/")
    page.locator("#id_topic").select_option("housing_search")
    page.locator("#id_age_band").select_option(index=2)
    page.locator("#id_sex").select_option(index=1)
    page.locator("#id_advice").fill("Orientamento all'Agenzia per l'Abitare")
    page.locator("#id_follow_up_on").fill((datetime.date.today() + datetime.timedelta(days=7)).isoformat())
    axe(page)
    screenshot(page, "people-consultation.png")
    page.locator("#id_advice").press("Enter")
    page.wait_for_load_state("networkidle")
    # then it is saved and its follow-up is on the work list
    assert Consultation.objects.count() == 1
    page.goto("/lavoro/")
    assert page.locator(".worklist-item").count() >= 1

    # when they register a person and a household around them
    page.goto("/persone/nuova/")
    page.locator("#id_first_name").fill("Mario")
    page.locator("#id_last_name").fill("Rossi")
    page.locator("#id_birth_date").fill("1983-11-18")
    page.locator("#id_sex").select_option("M")
    page.locator("#id_codice_fiscale").fill("RCCMNL83S18D969H")
    page.locator("#id_territory").select_option(label="Quartiere Uno")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/persone/\d+/$"))
    person = Person.objects.get(last_name="Rossi")
    axe(page)

    page.goto("/persone/nuclei/nuovo/")
    page.locator("#id_name").fill("Famiglia Rossi")
    page.locator("#id_territory").select_option(label="Quartiere Uno")
    page.locator("#id_reference_person").fill(str(person.pk))
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/persone/nuclei/\d+/$"))
    household = Household.objects.get(name="Famiglia Rossi")
    assert list(household.members.all()) == [person]
    screenshot(page, "people-household.png")

    # when they assess it twice, the second time with better scores
    _assess(page, household.pk, 2, datetime.date.today() - datetime.timedelta(days=182))
    axe(page)
    _assess(page, household.pk, 4, datetime.date.today())

    # then the plane shows the household's latest point, reachable from its accessible name
    page.goto("/valutazioni/")
    page.wait_for_selector("#plane[data-plane-ready=true] svg")
    point = page.locator(f'#plane svg path[aria-label$=" {household.pk}"]')
    assert point.count() == 1
    axe(page)
    screenshot(page, "people-plane.png")
    # and the household's own trajectory has its two steps
    page.goto(f"/valutazioni/nuclei/{household.pk}/")
    page.wait_for_selector("[data-plane-ready=true] svg")
    assert page.locator("main table tbody tr").count() >= 2
