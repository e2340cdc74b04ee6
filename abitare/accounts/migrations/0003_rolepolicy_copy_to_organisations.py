"""Security policies belong to an organisation now: a policy that applied to every organisation
(one row per role, no organisation) becomes one row per organisation with the same setting, so
nobody's second factor stops being compulsory by upgrading. The installation-wide minimum is a
setting from now on (OTP_REQUIRED_ROLES)."""

from django.db import migrations


def copy_global_policies(apps, schema_editor):
    RolePolicy = apps.get_model("accounts", "RolePolicy")
    Organisation = apps.get_model("accounts", "Organisation")
    global_policies = list(RolePolicy.objects.filter(organisation__isnull=True))
    organisation_ids = list(Organisation.objects.values_list("id", flat=True))
    RolePolicy.objects.bulk_create(
        [
            RolePolicy(organisation_id=organisation_id, role=policy.role, require_otp=policy.require_otp)
            for policy in global_policies
            for organisation_id in organisation_ids
        ]
    )
    RolePolicy.objects.filter(organisation__isnull=True).delete()


def restore_global_policies(apps, schema_editor):
    # Going back: a role is compulsory everywhere if it was compulsory in any organisation
    # (the safer reading of several organisations' choices).
    RolePolicy = apps.get_model("accounts", "RolePolicy")
    compulsory = set(RolePolicy.objects.filter(require_otp=True).values_list("role", flat=True))
    roles = set(RolePolicy.objects.values_list("role", flat=True))
    RolePolicy.objects.all().delete()
    RolePolicy.objects.bulk_create(
        [RolePolicy(organisation_id=None, role=role, require_otp=role in compulsory) for role in sorted(roles)]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_rolepolicy_organisation"),
    ]

    operations = [
        migrations.RunPython(copy_global_policies, restore_global_policies),
    ]
