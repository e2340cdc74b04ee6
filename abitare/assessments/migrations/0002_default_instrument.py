"""Install the default instrument and the default pathway map (data/default_instrument.json)."""

from django.db import migrations


def install(apps, schema_editor):
    from abitare.assessments.defaults import install_default

    install_default(
        apps.get_model("assessments", "Instrument"),
        apps.get_model("assessments", "Domain"),
        apps.get_model("assessments", "DomainLevel"),
        apps.get_model("assessments", "PathwayMap"),
    )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
