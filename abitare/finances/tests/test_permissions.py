"""The permission matrix of every household-finance page and endpoint: only operators of the
household's organisation and territory; every other role, anonymous visitors and a user working
under another role while holding the operator's are refused and change nothing; another
organisation does not find the household, its budgets, debts and plans, nor lists them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from abitare.accounts.models import Role
from abitare.accounts.testing import acting, walk_case
from abitare.core.testing import Case, client_for, route_names, rows_of
from abitare.finances import services
from abitare.finances.tests.conftest import MONTH
from abitare.registry.tests.factories import make_household, make_person

FINANCES = frozenset({Role.OPERATOR})
DEBT = {
    "creditor": "Enel",
    "kind": "utilities",
    "outstanding": "300",
    "annual_rate": "0",
    "monthly_instalment": "0",
    "arrears": "300",
}


def household_of(scene):
    return {"household": scene["family"].pk}


TABLE = [
    Case("finances:household-list", FINANCES),
    Case("finances:household", FINANCES, at="family"),
    Case("finances:budget-chart", FINANCES, at="family"),
    Case("finances:budget-create", FINANCES, "post", at="family", body={"month": "2026-04"}, ok=302),
    Case("finances:debt-create", FINANCES, at="family"),
    Case("finances:debt-create", FINANCES, "post", at="family", body=DEBT, ok=302),
    Case("finances:plan-create", FINANCES, "post", at="family", body={"name": "Secondo piano"}, ok=302),
    Case(
        "finances:enrolment-create",
        FINANCES,
        "post",
        at="family",
        body={"course_name": "Gestire il bilancio", "enrolled_on": "2026-03-02"},
        ok=302,
    ),
    Case("finances:budget-detail", FINANCES, at="budget"),
    Case(
        "finances:budget-line-add",
        FINANCES,
        "post",
        at="budget",
        body={"category": "transport", "amount": "60"},
        ok=302,
    ),
    Case("finances:budget-line-remove", FINANCES, "post", at="line", body={}, ok=302),
    Case("finances:debt-update", FINANCES, at="debt"),
    Case("finances:debt-update", FINANCES, "post", at="debt", body={**DEBT, "kind": "consumer_credit"}, ok=302),
    Case("finances:plan-detail", FINANCES, at="plan"),
    Case(
        "finances:plan-line-set",
        FINANCES,
        "post",
        at="plan",
        body=lambda scene: {"debt": scene["debt"].pk, "new_instalment": "50", "agreed": "on", "start_on": "2026-04-01"},
        ok=302,
    ),
    Case("finances:plan-status", FINANCES, "post", at="plan", body={"status": "closed"}, ok=302),
    Case("api:budget-list", FINANCES),
    Case(
        "api:budget-list",
        FINANCES,
        "post",
        body=lambda scene: {**household_of(scene), "month": "2026-06"},
        ok=201,
        elsewhere=400,
    ),
    Case("api:budget-detail", FINANCES, at="budget"),
    Case("api:budget-lines", FINANCES, "post", at="budget", body={"category": "leisure", "amount": "20"}, ok=201),
    Case("api:budget-series", FINANCES, at="family"),
    Case("api:budget-chart", FINANCES, at="family"),
    Case("api:debt-list", FINANCES),
    Case("api:debt-list", FINANCES, "post", body=lambda scene: {**DEBT, **household_of(scene)}, ok=201, elsewhere=400),
    Case("api:debt-detail", FINANCES, at="debt"),
    Case("api:debt-detail", FINANCES, "put", at="debt", body={**DEBT, "priority": True}),
    Case("api:restructuring-plan-list", FINANCES),
    Case(
        "api:restructuring-plan-list",
        FINANCES,
        "post",
        body=lambda scene: {**household_of(scene), "name": "Terzo piano"},
        ok=201,
        elsewhere=400,
    ),
    Case("api:restructuring-plan-detail", FINANCES, at="plan"),
    Case(
        "api:restructuring-plan-lines",
        FINANCES,
        "post",
        at="plan",
        body=lambda scene: {"debt": scene["debt"].pk, "new_instalment": "40", "start_on": "2026-04-01"},
    ),
    Case("api:restructuring-plan-status", FINANCES, "post", at="plan", body={"status": "closed"}),
]
LISTS = ["finances:household-list", "api:budget-list", "api:debt-list", "api:restructuring-plan-list"]


@pytest.fixture(scope="module")
def scene(cast, django_db_blocker):
    with django_db_blocker.unblock():
        operator = cast.members[Role.OPERATOR]
        actor = acting(operator)
        family = make_household(operator, make_person(operator, n=1), name="Famiglia Bilancio")
        budget = services.budget_create(actor=actor, household=family, month=MONTH)
        line = services.budget_line_add(actor=actor, budget=budget, category="work", amount=Decimal(1400))
        debt = services.debt_create(
            actor=actor,
            household=family,
            creditor="Finanziaria Alfa",
            kind="consumer_credit",
            outstanding=Decimal(4800),
            annual_rate=Decimal("11.5"),
            monthly_instalment=Decimal(180),
            arrears=Decimal(360),
        )
        plan = services.plan_create(actor=actor, household=family, name="Piano")
        return {"family": family, "budget": budget, "line": line, "debt": debt, "plan": plan}


def test_the_table_lists_every_route_of_the_module():
    names = route_names("abitare.finances.urls", "finances") | route_names("abitare.finances.api.urls", "api")
    assert {case.name for case in TABLE} == names


@pytest.mark.parametrize("case", TABLE, ids=str)
def test_the_household_finances_matrix(cast, scene, case, db):
    walk_case(cast, case, scene, rows_of("finances"))


@pytest.mark.parametrize("name", LISTS)
def test_another_organisation_lists_none_of_our_households(cast, scene, name, db):
    ours = client_for(cast.members[Role.OPERATOR]).get(reverse(name))
    theirs = client_for(cast.others[Role.OPERATOR]).get(reverse(name))
    assert (ours.status_code, theirs.status_code) == (200, 200)
    if name.startswith("api:"):
        assert (len(ours.json()), theirs.json()) == (1, [])
    else:
        assert "Famiglia Bilancio" in ours.content.decode()
        assert "Famiglia Bilancio" not in theirs.content.decode()
