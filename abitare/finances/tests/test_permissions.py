"""The permission matrix of every household-finance page and endpoint: only operators of the
household's organisation and territory; everyone else is refused and changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from abitare.accounts.models import Role
from abitare.accounts.testing import two_memberships
from abitare.accounts.tests.factories import make_member
from abitare.core.testing import Route, anonymous_refusal, assert_reached, assert_refused, call
from abitare.core.testing import client_for as client_for_membership
from abitare.finances import services
from abitare.finances.models import Budget, BudgetLine, CourseEnrolment, Debt, RestructuringLine, RestructuringPlan
from abitare.registry.tests.factories import actor_of
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(operator, family, budget, debt):
    plan = services.plan_create(actor=actor_of(operator), household=family, name="Piano")
    return {"family": family, "budget": budget, "debt": debt, "plan": plan, "line": budget.lines.first()}


def state():
    return (
        list(Budget.objects.order_by("pk").values_list("pk", "month")),
        list(BudgetLine.objects.order_by("pk").values_list("pk", "amount")),
        list(Debt.objects.order_by("pk").values_list("pk", "outstanding", "closed_on")),
        list(RestructuringPlan.objects.order_by("pk").values_list("pk", "status")),
        RestructuringLine.objects.count(),
        CourseEnrolment.objects.count(),
    )


def routes(s):
    family, budget, debt, plan, line = s["family"], s["budget"], s["debt"], s["plan"], s["line"]
    h = family.pk
    debt_body = {
        "creditor": "Enel",
        "kind": "utilities",
        "outstanding": "300",
        "annual_rate": "0",
        "monthly_instalment": "0",
        "arrears": "300",
    }
    return [
        Route("get", "/bilanci-familiari/", None, 200),
        Route("get", f"/bilanci-familiari/nuclei/{h}/", None, 200),
        Route("get", f"/bilanci-familiari/nuclei/{h}/grafico.json", None, 200),
        Route(
            "post", f"/bilanci-familiari/nuclei/{h}/bilanci/nuovo/", {"month": "2026-04", "copy_previous": "on"}, 302
        ),
        Route("get", f"/bilanci-familiari/nuclei/{h}/debiti/nuovo/", None, 200),
        Route("post", f"/bilanci-familiari/nuclei/{h}/debiti/nuovo/", debt_body, 302),
        Route("post", f"/bilanci-familiari/nuclei/{h}/piani/nuovo/", {"name": "Secondo piano"}, 302),
        Route(
            "post",
            f"/bilanci-familiari/nuclei/{h}/corsi/nuovo/",
            {"course_name": "Gestire il bilancio", "enrolled_on": "2026-03-02"},
            302,
        ),
        Route("get", f"/bilanci-familiari/bilanci/{budget.pk}/", None, 200),
        Route("post", f"/bilanci-familiari/bilanci/{budget.pk}/righe/", {"category": "transport", "amount": "60"}, 302),
        Route("post", f"/bilanci-familiari/righe/{line.pk}/elimina/", {}, 302),
        Route("get", f"/bilanci-familiari/debiti/{debt.pk}/", None, 200),
        Route("post", f"/bilanci-familiari/debiti/{debt.pk}/", {**debt_body, "kind": "consumer_credit"}, 302),
        Route("get", f"/bilanci-familiari/piani/{plan.pk}/", None, 200),
        Route(
            "post",
            f"/bilanci-familiari/piani/{plan.pk}/righe/",
            {"debt": debt.pk, "new_instalment": "50", "agreed": "on", "start_on": "2026-04-01"},
            302,
        ),
        Route("post", f"/bilanci-familiari/piani/{plan.pk}/stato/", {"status": "active"}, 302),
        Route("get", "/api/v1/budgets/", None, 200),
        Route("post", "/api/v1/budgets/", {"household": h, "month": "2026-06"}, 201),
        Route("get", f"/api/v1/budgets/{budget.pk}/", None, 200),
        Route("post", f"/api/v1/budgets/{budget.pk}/lines/", {"category": "leisure", "amount": "20"}, 201),
        Route("get", f"/api/v1/budget-series/{h}/", None, 200),
        Route("get", f"/api/v1/budget-charts/{h}/", None, 200),
        Route("get", "/api/v1/debts/", None, 200),
        Route("post", "/api/v1/debts/", {**debt_body, "household": h}, 201),
        Route("get", f"/api/v1/debts/{debt.pk}/", None, 200),
        Route("put", f"/api/v1/debts/{debt.pk}/", {**debt_body, "priority": True}, 200),
        Route("get", "/api/v1/restructuring-plans/", None, 200),
        Route("post", "/api/v1/restructuring-plans/", {"household": h, "name": "Terzo piano"}, 201),
        Route("get", f"/api/v1/restructuring-plans/{plan.pk}/", None, 200),
        Route(
            "post",
            f"/api/v1/restructuring-plans/{plan.pk}/lines/",
            {"debt": debt.pk, "new_instalment": "40", "start_on": "2026-04-01"},
            200,
        ),
        Route("post", f"/api/v1/restructuring-plans/{plan.pk}/status/", {"status": "closed"}, 200),
    ]


LISTS = {"/bilanci-familiari/", "/api/v1/budgets/", "/api/v1/debts/", "/api/v1/restructuring-plans/"}


def test_anonymous_visitors_are_refused_and_nothing_changes(scene):
    assert_refused(Client(), routes(scene), state, expected=anonymous_refusal, label="anonymous")


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.FACILITATOR, Role.REVIEWER, Role.ADMINISTRATOR, Role.AUDITOR])
def test_roles_that_do_not_work_with_households_are_refused(world, scene, role):
    client = client_for(make_member(organisation=world.organisation, territory=world.district, role=role))
    assert_refused(client, routes(scene), state, label=role)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.FACILITATOR, Role.REVIEWER, Role.ADMINISTRATOR, Role.AUDITOR])
def test_the_operator_role_held_under_another_membership_does_not_count(world, scene, role):
    user, in_force, _operator = two_memberships(
        organisation=world.organisation, territory=world.district, in_force=role, also=Role.OPERATOR
    )
    assert_refused(client_for_membership(user, in_force), routes(scene), state, label=role)


def test_another_organisation_sees_nothing_and_changes_nothing(scene, other_org_operator):
    client = client_for(other_org_operator)
    before = state()
    for route in routes(scene):
        method, url = route.method, route.url
        response = call(client, route)
        if url in LISTS and method == "get":
            assert response.status_code == 200, url
            assert "Famiglia Bilancio" not in response.content.decode(), url
        elif url in LISTS:
            assert response.status_code == 400, (method, url, response.status_code)  # our household: not found
        else:
            assert response.status_code == 404, (method, url, response.status_code)
    assert state() == before


def test_an_operator_reaches_every_page_and_endpoint(operator, scene):
    assert_reached(client_for(operator), routes(scene), label="operator")
