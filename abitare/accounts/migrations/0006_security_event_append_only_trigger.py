"""Database guard of the append-only security events: UPDATE and DELETE refused by a trigger."""

from django.db import migrations

from abitare.core.append_only import append_only_triggers


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_securityevent")]

    operations = [append_only_triggers("accounts_securityevent")]
