"""Household-finance pages and API: the chart and its table, reads logged, bad input refused."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from abitare.core.models import AccessLogEntry
from abitare.finances import services
from abitare.finances.models import Budget, BudgetLine, Debt
from abitare.registry.models import HouseholdMember
from abitare.registry.services import person_export
from abitare.registry.tests.factories import actor_of
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_chart_spec_has_every_month_and_the_page_a_table_with_the_same_figures(operator, family, budget):
    services.budget_create(
        actor=actor_of(operator), household=family, month=datetime.date(2026, 4, 1), copy_previous=True
    )
    client = client_for(operator)
    spec = client.get(f"/bilanci-familiari/nuclei/{family.pk}/grafico.json").json()
    assert spec["$schema"].endswith("vega-lite/v5.json")
    values = spec["data"]["values"]
    assert sorted({v["month"] for v in values}) == ["2026-03", "2026-04"]
    assert {v["euro"] for v in values if v["kind"] == "line"} == {519.6}
    page = client.get(f"/bilanci-familiari/nuclei/{family.pk}/").content.decode()
    assert 'data-testid="budget-table"' in page
    assert page.count('<th scope="row">') == 2
    assert "<script>" not in page
    assert "style=" not in page
    assert AccessLogEntry.objects.filter(record_type="registry.household", record_id=str(family.pk)).count() == 2


def test_the_api_chart_equals_the_page_chart(operator, family, budget):
    client = client_for(operator)
    page = client.get(f"/bilanci-familiari/nuclei/{family.pk}/grafico.json").json()
    api = client.get(f"/api/v1/budget-charts/{family.pk}/").json()
    assert page == api


def test_money_in_the_api_is_a_decimal_string(operator, budget):
    body = client_for(operator).get(f"/api/v1/budgets/{budget.pk}/").json()
    assert body["totals"] == {"incomes": "1650.00", "expenses": "1130.40", "surplus": "519.60"}


@pytest.mark.parametrize(
    "body",
    [
        {"category": "food", "amount": "dieci"},
        {"category": "food", "amount": "-3"},
        {"category": "casino", "amount": "3"},
        {"category": "food", "amount": "1.234"},
    ],
)
def test_bad_budget_lines_are_refused_with_fields_and_nothing_changes(operator, budget, body):
    before = list(BudgetLine.objects.values_list("pk", "amount"))
    api = client_for(operator).post(f"/api/v1/budgets/{budget.pk}/lines/", body, content_type="application/json")
    assert api.status_code == 400
    assert set(api.json()["error"]["fields"]) <= {"category", "amount"}
    assert client_for(operator).post(f"/bilanci-familiari/bilanci/{budget.pk}/righe/", body).status_code == 400
    assert list(BudgetLine.objects.values_list("pk", "amount")) == before


def test_a_second_budget_for_the_same_month_is_a_409_in_the_api_and_a_form_error_on_the_page(operator, family, budget):
    api = client_for(operator).post(
        "/api/v1/budgets/", {"household": family.pk, "month": "2026-03"}, content_type="application/json"
    )
    assert api.status_code == 409
    assert set(api.json()["error"]["fields"]) == {"month"}
    page = client_for(operator).post(f"/bilanci-familiari/nuclei/{family.pk}/bilanci/nuovo/", {"month": "2026-03"})
    assert page.status_code == 400
    assert Budget.objects.count() == 1


def test_a_new_debt_from_the_form_is_priority_by_kind(operator, family):
    response = client_for(operator).post(
        f"/bilanci-familiari/nuclei/{family.pk}/debiti/nuovo/",
        {
            "creditor": "Acea",
            "kind": "utilities",
            "outstanding": "420.00",
            "annual_rate": "0",
            "monthly_instalment": "0",
            "arrears": "420.00",
        },
    )
    assert response.status_code == 302
    debt = Debt.objects.get()
    assert debt.priority is True
    assert debt.outstanding == Decimal("420.00")


def test_opening_a_household_by_number_outside_the_territory_is_refused(operator, other_family):
    response = client_for(operator).get("/bilanci-familiari/", {"household": other_family.pk})
    assert response.status_code == 400


def test_the_export_includes_the_household_finances(operator, coordinator, family, budget, debt):
    person = HouseholdMember.objects.get(household=family).person
    data = person_export(actor=actor_of(coordinator), person=person)
    assert data["finances"]["budgets"][0]["month"] == "2026-03"
    assert data["finances"]["debts"][0]["creditor"] == "Finanziaria Alfa"
