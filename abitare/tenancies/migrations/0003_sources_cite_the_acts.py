"""Rewrite the default arrears rule's and the example community-work rate's sources
(services/arrears.py): the text as shipped cited design documents kept outside the repository;
it now cites the act itself and Abitare. Only rows still holding the old text are changed
(docs/sources.md has the sources)."""

from django.db import migrations

from abitare.core.shipped_text import rewrite_shipped_text

# (model, old text as shipped, new text)
REWRITES = [
    (
        "ArrearsRule",
        (
            "L. 392/1978 art. 5: unpaid sums equal to two months of rent are grounds for termination "
            "(DOMAIN.md 8.2, secondary source). 60 days and 10 days of plan tolerance: Abitare defaults."
        ),
        (
            "L. 392/1978 art. 5: unpaid sums equal to two months of rent are grounds for termination "
            "(read in a secondary source). 60 days and 10 days of plan tolerance: Abitare defaults."
        ),
    ),
    (
        "CommunityWorkRate",
        (
            "Example value, not confirmed: DOMAIN.md gives no national figure for community-work "
            "restitution. Set the rate agreed in the territory."
        ),
        (
            "Example value, not confirmed: Abitare found no national figure for community-work "
            "restitution. Set the rate agreed in the territory."
        ),
    ),
]


class Migration(migrations.Migration):
    dependencies = [("tenancies", "0002_ledger_append_only_triggers")]

    operations = [rewrite_shipped_text("tenancies", REWRITES)]
