"""The access log (reads of personal records) and change history (writes)."""

import pytest
from django.apps import apps

from abitare.accounts.models import Membership
from abitare.core.audit import log_read
from abitare.core.models import AccessLogEntry
from conftest import client_for


def test_log_read_records_who_what_when_and_where(rf, operator):
    request = rf.get("/api/v1/persons/7/")
    request.user = operator
    membership = Membership.objects.get(user=operator)
    entry = log_read(request, operator, actor=membership)
    assert entry.username == "operator"
    assert entry.record_type == "accounts.user"
    assert entry.record_id == str(operator.pk)
    assert entry.channel == AccessLogEntry.Channel.API
    assert entry.path == "/api/v1/persons/7/"
    assert entry.organisation_name == "Agenzia Nord"
    assert entry.organisation_id == membership.organisation_id
    assert (entry.territory_id, entry.territory_path) == (membership.territory_id, membership.territory.path)
    assert entry.role == "operator"


def test_the_access_log_page_is_for_auditors_and_searches(rf, operator, auditor, coordinator):
    request = rf.get("/persone/1/")
    request.user = operator
    log_read(request, coordinator, actor=Membership.objects.get(user=operator))
    assert client_for(operator).get("/accounts/audit/access-log/").status_code == 403
    assert client_for(coordinator).get("/accounts/audit/access-log/").status_code == 403
    page = client_for(auditor).get("/accounts/audit/access-log/?username=operator")
    assert page.status_code == 200
    assert f"Utente n. {coordinator.pk}" in page.content.decode()
    assert "accounts.user" not in page.content.decode().replace('value="accounts.user"', "")
    empty = client_for(auditor).get("/accounts/audit/access-log/?username=nobody")
    assert f"Utente n. {coordinator.pk}" not in empty.content.decode()
    bad = client_for(auditor).get("/accounts/audit/access-log/?date_from=31/12/2026")
    assert bad.status_code == 400
    assert "AAAA-MM-GG" in bad.content.decode()


PERSONAL_MODELS = [model for model in apps.get_models() if getattr(model, "PERSONAL_DATA", False)]


def test_there_are_personal_models_to_check():
    assert {model._meta.label for model in PERSONAL_MODELS} >= {"accounts.User", "accounts.Membership"}


@pytest.mark.parametrize("model", PERSONAL_MODELS, ids=[m._meta.label for m in PERSONAL_MODELS])
def test_every_model_with_personal_data_keeps_its_history(model):
    assert hasattr(model, "history"), f"{model._meta.label} holds personal data but keeps no history"


def test_a_change_made_through_a_page_is_in_the_history_with_its_author(world, operator, administrator):
    client = client_for(operator)
    client.post(
        "/accounts/password/change/",
        {
            "old_password": "Correct-horse-2026",
            "new_password1": "Other-horse-2029",
            "new_password2": "Other-horse-2029",
        },
    )
    record = operator.history.first()
    assert record is not None
    assert record.history_user == operator
