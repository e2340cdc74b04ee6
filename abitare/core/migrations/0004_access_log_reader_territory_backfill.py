"""Older access-log entries get the organisation and territory of the reader's membership where
it can be told without guessing (see docs/modules/core.md, "Access log"):

- the entry names an organisation and a role: the reader's memberships with that organisation
  and role; none recorded (a read through an API token): all the reader's memberships, and the
  organisation only when they all belong to one;
- one membership: its territory; several in one organisation: the deepest territory that holds
  them all (an auditor of a smaller part never sees a read that may not be theirs); none in
  common: no territory.

What stays without an organisation or a territory is shown to no auditor; the server operator
still finds it in the administration site.
"""

from django.db import migrations


def common_path(paths):
    """The deepest materialised path ("/1/4/") that starts every path, "" when there is none."""
    parts = [path.strip("/").split("/") for path in paths]
    common = []
    for segments in zip(*parts):
        if len(set(segments)) != 1:
            break
        common.append(segments[0])
    return f"/{'/'.join(common)}/" if common else ""


def backfill(apps, schema_editor=None):
    AccessLogEntry = apps.get_model("core", "AccessLogEntry")
    Membership = apps.get_model("accounts", "Membership")
    Organisation = apps.get_model("accounts", "Organisation")
    Territory = apps.get_model("accounts", "Territory")
    pending = AccessLogEntry.objects.filter(territory_path="", user__isnull=False)
    groups = list(pending.order_by().values_list("user_id", "organisation_id", "role").distinct())
    for user_id, organisation_id, role in groups:
        memberships = Membership.objects.filter(user_id=user_id)
        if organisation_id is not None:
            memberships = memberships.filter(organisation_id=organisation_id)
        if role:
            memberships = memberships.filter(role=role)
        found = list(memberships.values_list("organisation_id", "territory_id", "territory__path"))
        organisations = {row[0] for row in found}
        if len(organisations) != 1:
            continue
        (organisation,) = organisations
        path = common_path([row[2] for row in found])
        territory = Territory.objects.filter(path=path).values_list("id", flat=True).first() if path else None
        if territory is None:
            path = ""
        entries = pending.filter(user_id=user_id, organisation_id=organisation_id, role=role)
        if organisation_id is None:
            name = Organisation.objects.filter(pk=organisation).values_list("name", flat=True).first() or ""
            entries.filter(organisation_name="").update(organisation_name=name[:200])
        entries.update(organisation_id=organisation, territory_id=territory, territory_path=path)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_access_log_reader_territory"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
