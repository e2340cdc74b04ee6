"""Demo allocation rules and applications: the Toscana ERP requirements (unconfirmed, marked so)
for Lucca, the Lombardia SAP requirements for the Lombard districts, the example priority set
everywhere, and an application for about 40 % of the demo households. Idempotent."""

from __future__ import annotations

import datetime
import json
import random
from decimal import Decimal
from pathlib import Path

from abitare.accounts.models import Membership, Territory, User
from abitare.matching import services
from abitare.matching.models import Application, RuleSet
from abitare.registry.models import Household

RULESETS = Path(__file__).resolve().parents[2] / "matching" / "data" / "rulesets"
DISTRICT_RULES = {
    "Zona Piana di Lucca": "toscana-erp-eligibility.json",
    "Ambito del Rhodense": "lombardia-sap-eligibility.json",
    "Ambito di Pavia": "lombardia-sap-eligibility.json",
    "Ambito Visconteo Sud Milano": "lombardia-sap-eligibility.json",
}
PATHWAYS = ["service_contract", "agreed_rent", "reception_house", "market_orientation"]


def _load_rule_sets(actor: User) -> None:
    for district_name, eligibility_file in DISTRICT_RULES.items():
        district = Territory.objects.get(name=district_name, kind=Territory.Kind.DISTRICT)
        for name in (eligibility_file, "example-priority.json"):
            data = json.loads((RULESETS / name).read_text())
            if not RuleSet.objects.filter(territory=district, name=data["name"]).exists():
                services.rule_set_load(actor=actor, territory=district, data=data)


def _applications() -> None:
    rng = random.Random(7)  # noqa: S311 - demo data
    today = datetime.date.today()
    actors: dict[int, Membership | None] = {}
    households = Household.objects.select_related("territory").order_by("id")
    for household in households:
        if rng.random() > 0.4:
            continue
        if household.organisation_id not in actors:
            actors[household.organisation_id] = (
                Membership.objects.filter(organisation_id=household.organisation_id, role="operator", is_active=True)
                .select_related("territory", "user", "organisation")
                .order_by("id")
                .first()
            )
        actor = actors[household.organisation_id]
        if actor is None or not household.territory.path.startswith(actor.territory.path):
            continue
        pathway = rng.choice(PATHWAYS)
        if Application.objects.filter(household=household, pathway=pathway).exists():
            continue
        size = household.memberships.filter(end_date__isnull=True).count() or 1
        neighbourhoods = list(
            Territory.objects.filter(path__startswith=actor.territory.path, kind=Territory.Kind.NEIGHBOURHOOD).order_by(
                "id"
            )
        )
        preferred = rng.sample(neighbourhoods, k=min(len(neighbourhoods), rng.randint(0, 3)))
        services.application_submit(
            actor=actor,
            household=household,
            pathway=pathway,
            occupants=size,
            monthly_income=Decimal(rng.randint(300, 2200)),
            submitted_on=today - datetime.timedelta(days=rng.randint(10, 900)),
            residence_or_work=rng.random() < 0.92,
            owns_suitable_property=rng.random() < 0.04,
            eviction_notice=rng.random() < 0.12,
            overcrowding=rng.random() < 0.2,
            needs_step_free=rng.random() < 0.1,
            preferred=preferred,
        )


def load() -> None:
    _load_rule_sets(User.objects.get(username="amministratore"))
    _applications()
    load_round()


def load_round() -> None:
    """One finished round for the Lucca agency, so its report shows engine against rank order."""
    from abitare.matching.models import Round
    from abitare.matching.services.rounds import round_solve, round_start

    actor = (
        Membership.objects.filter(user__username="operatore", role="operator")
        .select_related("organisation", "territory", "user")
        .first()
    )
    if actor is None or Round.objects.filter(organisation_id=actor.organisation_id).exists():
        return
    started = round_start(actor=actor)
    if started.status == Round.Status.QUEUED:
        round_solve(round_id=started.pk)
