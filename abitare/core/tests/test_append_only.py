import pytest
from django.db import connection

from abitare.core.append_only import guarded_tables
from abitare.core.models import AccessLogEntry
from abitare.core.tests.append_only import assert_database_refuses_changes

APPEND_ONLY_TABLES = {
    "core_accesslogentry",
    "accounts_securityevent",
    "tenancies_ledgerentry",
    "tenancies_savingsentry",
    "hosting_hostsupportentry",
}


def test_every_append_only_table_carries_the_database_guard(db):
    # A later migration that rebuilds one of these tables on SQLite drops its triggers: this fails.
    assert guarded_tables(connection) >= APPEND_ONLY_TABLES


def test_an_access_log_entry_cannot_be_rewritten_or_deleted(operator):
    entry = AccessLogEntry.objects.create(
        user=operator, username="operator", record_type="registry.person", record_id="1", channel="page", path="/p/"
    )

    assert_database_refuses_changes(entry, column="record_id", value="2")


def test_other_tables_stay_writable(operator):
    operator.first_name = "Changed"
    operator.save(update_fields=["first_name"])

    assert type(operator).objects.get(pk=operator.pk).first_name == "Changed"


@pytest.mark.django_db(transaction=True)
def test_a_committed_test_leaves_rows_that_the_flush_after_it_removes(operator):
    AccessLogEntry.objects.create(
        user=operator, username="operator", record_type="registry.person", record_id="1", channel="page", path="/p/"
    )

    assert AccessLogEntry.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_flush_puts_the_guard_back(operator):
    # Runs after the test above: its entry was flushed and the triggers are back.
    assert not AccessLogEntry.objects.exists()
    assert guarded_tables(connection) >= APPEND_ONLY_TABLES
