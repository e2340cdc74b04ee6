"""Labs of another organisation already listed in an Agorà never consented to it: they leave
the Agorà (and its public pages) and receive a pending invitation instead, which a facilitator
of their organisation accepts or declines (see docs/modules/labs.md, "Agorà")."""

from django.db import migrations
from django.db.models import F


def invite_instead(apps, schema_editor):
    Activity = apps.get_model("labs", "Activity")
    AgoraInvitation = apps.get_model("labs", "AgoraInvitation")
    Through = Activity.participating_labs.through
    foreign = Through.objects.exclude(lab__organisation_id=F("activity__lab__organisation_id"))
    rows = list(foreign.values_list("id", "activity_id", "lab_id"))
    AgoraInvitation.objects.bulk_create(
        [AgoraInvitation(activity_id=activity_id, lab_id=lab_id, status="pending") for _, activity_id, lab_id in rows],
        ignore_conflicts=True,
    )
    Through.objects.filter(id__in=[row[0] for row in rows]).delete()


class Migration(migrations.Migration):
    dependencies = [("labs", "0004_agora_invitation")]

    operations = [migrations.RunPython(invite_instead, migrations.RunPython.noop)]
