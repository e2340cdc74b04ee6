"""The API skeleton: token and session auth, uniform error body, scoping like the pages."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from abitare.accounts.tests.factories import membership_of_user
from abitare.core.audit import log_read
from abitare.core.models import AccessLogEntry
from conftest import client_for


def test_token_authentication_reaches_me(operator):
    token = Token.objects.create(user=operator)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get("/api/v1/me/")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "operator"
    assert [m["role"] for m in body["memberships"]] == ["operator"]


def test_a_wrong_token_gets_the_uniform_401_body(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_territories_are_scoped_to_the_membership_subtree(world, operator, other_org_operator):
    names = {t["name"] for t in client_for(operator).get("/api/v1/territories/").json()["results"]}
    assert names == {"Distretto Nord", "Comune Alfa", "Quartiere Uno"}
    names = {t["name"] for t in client_for(other_org_operator).get("/api/v1/territories/").json()["results"]}
    assert names == {"Distretto Sud", "Comune Beta"}


def test_the_access_log_api_is_for_auditors_only(world, operator, auditor):
    response = client_for(operator).get("/api/v1/access-log/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert client_for(auditor).get("/api/v1/access-log/").status_code == 200


def test_a_malformed_filter_is_a_400_with_field_errors_not_a_500(auditor):
    response = client_for(auditor).get("/api/v1/access-log/?date_from=yesterday")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"date_from": ["Scrivi la data come AAAA-MM-GG."]}


def test_the_access_log_api_filters_by_record(rf, world, operator, auditor):
    request = rf.get("/persone/1/")
    request.user = operator
    log_read(request, operator, actor=membership_of_user(operator))
    log_read(request, auditor, actor=membership_of_user(operator))
    response = client_for(auditor).get(f"/api/v1/access-log/?record_type=accounts.user&record_id={auditor.pk}")
    assert [row["record_id"] for row in response.json()["results"]] == [str(auditor.pk)]
    assert AccessLogEntry.objects.count() == 2


def test_the_schema_and_docs_are_served_locally(db):
    client = APIClient()
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/me/" in schema.content
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs.content
    assert b"cdn" not in docs.content.lower()


def test_an_unknown_endpoint_is_a_json_404(operator):
    response = client_for(operator).get("/api/v1/nothing-here/")
    assert response.status_code == 404
