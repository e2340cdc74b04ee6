"""Database guard of the append-only ledgers: UPDATE and DELETE refused by a trigger."""

from django.db import migrations

from abitare.core.append_only import append_only_triggers


class Migration(migrations.Migration):
    dependencies = [("tenancies", "0001_initial")]

    operations = [append_only_triggers("tenancies_ledgerentry", "tenancies_savingsentry")]
