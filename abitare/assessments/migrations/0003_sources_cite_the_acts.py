"""Rewrite the default instrument's and the default pathway map's sources
(data/default_instrument.json): the text as shipped cited design documents kept outside the
repository; it now cites the act itself and Abitare. Only rows still holding the old text are
changed (docs/sources.md has the sources)."""

from django.db import migrations

from abitare.core.shipped_text import rewrite_shipped_text

# (model, old text as shipped, new text)
REWRITES = [
    (
        "Instrument",
        (
            "Written for Abitare (EUPL-1.2) from the Pero \"capacità di abitare\" model (resources x "
            "potential, DESIGN.md 2.3). The list of domains takes inspiration from the Arizona "
            "Self-Sufficiency Matrix (five levels from crisis to autonomy); the anchors are our own "
            "words. It does not reproduce the Outcomes Star or any other licensed tool."
        ),
        (
            "Written for Abitare (EUPL-1.2) from the Pero \"capacità di abitare\" model (resources x "
            "potential). The list of domains takes inspiration from the Arizona Self-Sufficiency Matrix "
            "(five levels from crisis to autonomy); the anchors are our own words. It does not reproduce "
            "the Outcomes Star or any other licensed tool."
        ),
    ),
    (
        "PathwayMap",
        (
            "Pero / La Cordata model as summarised in DESIGN.md 2.3 (default of the installation; each "
            "territory may version its own)."
        ),
        (
            "The Pero / La Cordata \"capacità di abitare\" model as Abitare encodes it (default of the "
            "installation; each territory may version its own)."
        ),
    ),
]


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_default_instrument")]

    operations = [rewrite_shipped_text("assessments", REWRITES)]
