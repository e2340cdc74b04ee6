"""Database guard of the append-only support ledger: UPDATE and DELETE refused by a trigger."""

from django.db import migrations

from abitare.core.append_only import append_only_triggers


class Migration(migrations.Migration):
    dependencies = [("hosting", "0001_initial")]

    operations = [append_only_triggers("hosting_hostsupportentry")]
