"""The household's file: every module's part on one page, with the actions that start from it,
one timeline, the reads logged; a module whose rule the role lacks is not asked."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from abitare.accounts.permissions import ADMINISTRATION
from abitare.accounts.testing import acting
from abitare.assessments.services import instrument_install_default
from abitare.assessments.tests.conftest import record
from abitare.core.extensions import FileSection, register_household_section
from abitare.core.extensions import _household_sections as sections_registered
from abitare.core.models import AccessLogEntry
from abitare.tenancies.services.ledger import charge_post
from abitare.tenancies.tests.factories import make_tenancy
from conftest import client_for


@pytest.fixture
def instrument(db):
    return instrument_install_default()


def test_the_file_gathers_assessment_tenancy_and_their_actions(operator, world, instrument):
    tenancy = make_tenancy(operator, world=world)
    household = tenancy.household
    record(operator, household, instrument, 4, 2, assessed_on=datetime.date(2026, 11, 8))
    charge_post(actor=acting(operator), tenancy=tenancy, month=datetime.date(2025, 1, 1))
    response = client_for(operator).get(reverse("registry:household-detail", args=[household.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for key in ("assessments", "applications", "tenancy", "support", "finances"):
        assert f'data-testid="file-section-{key}"' in page, key
    assert "deve € 350,00" in page
    assert "8 novembre 2026" in page
    assert reverse("tenancies:payment-create", args=[tenancy.pk]) in page
    assert reverse("assessments:assessment-create", args=[household.pk]) in page
    assert reverse("matching:application-create", args=[household.pk]) in page
    assert f"Inizia la locazione {tenancy.reference}" in page
    logged = AccessLogEntry.objects.filter(purpose="household file", record_id=str(tenancy.pk))
    assert logged.filter(record_type="tenancies.tenancy").exists()


def test_a_section_whose_rule_the_role_lacks_is_never_asked(operator, world):
    tenancy = make_tenancy(operator, world=world)
    asked = []

    def provider(request, household):
        asked.append(household)
        return FileSection(key="admin-only", title="Solo amministrazione")

    register_household_section(ADMINISTRATION, provider)
    try:
        page = client_for(operator).get(reverse("registry:household-detail", args=[tenancy.household_id]))
        assert "Solo amministrazione" not in page.content.decode()
        assert asked == []
    finally:
        sections_registered.remove((ADMINISTRATION, provider))


def test_another_organisation_cannot_open_the_file(operator, other_org_operator, world):
    tenancy = make_tenancy(operator, world=world)
    response = client_for(other_org_operator).get(reverse("registry:household-detail", args=[tenancy.household_id]))
    assert response.status_code == 404
