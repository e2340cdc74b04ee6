"""Double submission: a budget line is added once however many times the form or the API call
arrives (issue 11, finding 7)."""

from abitare.core.tests.idempotency import assert_api_posts_once, assert_form_posts_once
from abitare.finances.models import BudgetLine
from conftest import client_for


def test_a_budget_line_form_posted_twice_adds_one_line(operator, budget):
    first = assert_form_posts_once(
        client_for(operator),
        page=f"/bilanci-familiari/bilanci/{budget.pk}/",
        action=f"/bilanci-familiari/bilanci/{budget.pk}/righe/",
        data={"category": "leisure", "amount": "20.00", "description": "Cinema"},
        count=BudgetLine.objects.count,
    )

    assert first["Location"] == f"/bilanci-familiari/bilanci/{budget.pk}/"


def test_a_budget_line_sent_twice_to_the_api_with_one_key_adds_one_line(operator, budget):
    assert_api_posts_once(
        operator,
        url=f"/api/v1/budgets/{budget.pk}/lines/",
        body={"category": "leisure", "amount": "20.00"},
        other_body={"category": "leisure", "amount": "21.00"},
        count=BudgetLine.objects.count,
    )
