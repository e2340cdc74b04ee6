"""The default instrument's and pathway map's sources as shipped were in English on Italian pages:
rows still holding that text get the Italian one (data/default_instrument.json)."""

from django.db import migrations

from abitare.core.shipped_text import rewrite_shipped_text

# (model, old text as shipped, new text)
REWRITES = [
    (
        "Instrument",
        'Written for Abitare (EUPL-1.2) from the Pero "capacità di abitare" model (resources x potential). The list of domains takes inspiration from the Arizona Self-Sufficiency Matrix (five levels from crisis to autonomy); the anchors are our own words. It does not reproduce the Outcomes Star or any other licensed tool.',
        'Scritto per Abitare (EUPL-1.2) dal modello "capacità di abitare" di Pero (risorse per potenzialità). L\'elenco degli ambiti si ispira alla Arizona Self-Sufficiency Matrix (cinque livelli dalla crisi all\'autonomia); le descrizioni dei livelli sono parole nostre. Non riproduce l\'Outcomes Star né altri strumenti sotto licenza.',
    ),
    (
        "PathwayMap",
        'The Pero / La Cordata "capacità di abitare" model as Abitare encodes it (default of the installation; each territory may version its own).',
        'Il modello "capacità di abitare" di Pero / La Cordata come lo codifica Abitare (predefinito dell\'installazione; ogni territorio può averne una propria versione).',
    ),
]


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_sources_cite_the_acts")]

    operations = [rewrite_shipped_text("assessments", REWRITES)]
