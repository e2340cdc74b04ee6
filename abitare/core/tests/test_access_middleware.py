import pytest

from conftest import client_for


@pytest.mark.urls("abitare.core.tests.urls_undeclared")
def test_a_page_without_a_declared_rule_is_refused_even_to_a_signed_in_user(operator):
    response = client_for(operator).get("/undeclared/")
    assert response.status_code == 403
    assert b"should never be served" not in response.content


@pytest.mark.urls("abitare.core.tests.urls_undeclared")
def test_an_api_view_without_a_declared_rule_is_refused(operator):
    response = client_for(operator).get("/api/undeclared/")
    assert response.status_code == 403
    assert "secret" not in response.json()
