"""Safe actions in the browser: a one-click action that undoes something asks first; saying no
changes nothing, saying yes does it."""

from __future__ import annotations

import pytest

from abitare.accounts.models import Role
from abitare.accounts.tests.factories import make_member
from abitare.registry.models import HouseholdMember
from abitare.registry.tests.factories import make_household, make_person

pytestmark = pytest.mark.e2e


def test_ending_a_household_membership_asks_for_confirmation(page, world, sign_in):
    operator = make_member(organisation=world.organisation, territory=world.district, role=Role.OPERATOR, username="op")
    household = make_household(operator, make_person(operator), name="Famiglia Conferma")
    sign_in(page, "op")
    page.goto(f"/persone/nuclei/{household.pk}/")
    button = page.get_by_role("button", name="Registra l'uscita dal nucleo oggi")

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    button.click()
    page.wait_for_timeout(300)
    assert asked
    assert "conferm" in asked[0].lower()
    assert HouseholdMember.objects.get(household=household).end_date is None

    page.once("dialog", lambda dialog: dialog.accept())
    button.click()
    page.wait_for_load_state("networkidle")
    assert HouseholdMember.objects.get(household=household).end_date is not None
