"""Database guard of the append-only access log: UPDATE and DELETE refused by a trigger."""

from django.db import migrations

from abitare.core.append_only import append_only_triggers


class Migration(migrations.Migration):
    dependencies = [("core", "0005_idempotency_key")]

    operations = [append_only_triggers("core_accesslogentry")]
