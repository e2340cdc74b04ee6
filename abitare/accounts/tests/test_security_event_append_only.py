from abitare.accounts.models import SecurityEvent
from abitare.core.tests.append_only import assert_database_refuses_changes


def test_a_security_event_cannot_be_rewritten_or_deleted(operator):
    event = SecurityEvent.objects.create(kind="token_created", actor=operator, subject=operator, detail="abc")

    assert_database_refuses_changes(event, column="kind", value="token_revoked")
