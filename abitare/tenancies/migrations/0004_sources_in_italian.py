"""The default arrears rule's and the example community-work rate's sources as shipped were in
English on Italian pages: rows still holding that text get the Italian one (services/arrears.py)."""

from django.db import migrations

from abitare.core.shipped_text import rewrite_shipped_text

# (model, old text as shipped, new text)
REWRITES = [
    (
        "ArrearsRule",
        'L. 392/1978 art. 5: unpaid sums equal to two months of rent are grounds for termination (read in a secondary source). 60 days and 10 days of plan tolerance: Abitare defaults.',
        'L. 392/1978 art. 5: il mancato pagamento di somme pari a due mensilità del canone è motivo di risoluzione (letto in una fonte secondaria). 60 giorni e 10 giorni di tolleranza sul piano: valori predefiniti di Abitare.',
    ),
    (
        "CommunityWorkRate",
        'Example value, not confirmed: Abitare found no national figure for community-work restitution. Set the rate agreed in the territory.',
        'Valore di esempio, non confermato: Abitare non ha trovato un importo nazionale per la restituzione con lavoro di comunità. Inserire la tariffa concordata nel territorio.',
    ),
]


class Migration(migrations.Migration):
    dependencies = [("tenancies", "0003_sources_cite_the_acts")]

    operations = [rewrite_shipped_text("tenancies", REWRITES)]
