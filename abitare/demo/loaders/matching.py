"""Demo allocation rules and applications: the Toscana ERP requirements (unconfirmed, marked so)
for Lucca, the Lombardia SAP requirements for the Lombard districts, the example priority set
everywhere, and an application for about 40 % of the demo households. Idempotent."""

from __future__ import annotations

import datetime
import json
import random
from decimal import Decimal
from pathlib import Path

from abitare.accounts.models import Membership, Organisation, Role, Territory, User
from abitare.accounts.services import membership_grant, user_create
from abitare.demo.loaders.territory import DEMO_PASSWORD, member
from abitare.matching import services
from abitare.matching.models import Application, Offer, Proposal, RefusalRule, Round, RuleSet, SharingAgreement
from abitare.matching.services.rounds import round_solve, round_start
from abitare.registry.models import Household

RULESETS = Path(__file__).resolve().parents[2] / "matching" / "data" / "rulesets"
DISTRICT_RULES = {
    "Zona Piana di Lucca": "toscana-erp-eligibility.json",
    "Ambito del Rhodense": "lombardia-sap-eligibility.json",
    "Ambito di Pavia": "lombardia-sap-eligibility.json",
    "Ambito Visconteo Sud Milano": "lombardia-sap-eligibility.json",
}
PATHWAYS = ["service_contract", "agreed_rent", "reception_house", "market_orientation"]


def _load_rule_sets(actor: Membership) -> None:
    for district_name, eligibility_file in DISTRICT_RULES.items():
        district = Territory.objects.get(name=district_name, kind=Territory.Kind.DISTRICT)
        for name in (eligibility_file, "example-priority.json"):
            data = json.loads((RULESETS / name).read_text())
            if not RuleSet.objects.filter(territory=district, name=data["name"]).exists():
                services.rule_set_load(actor=actor, territory=district, data=data)


REFUSAL_RULES = RULESETS.parent / "refusal-rules"
DISTRICT_REFUSAL_RULES = {
    "Zona Piana di Lucca": "toscana-erp-refusal.json",
    "Ambito del Rhodense": "lombardia-sap-refusal.json",
    "Ambito di Pavia": "lombardia-sap-refusal.json",
    "Ambito Visconteo Sud Milano": "lombardia-sap-refusal.json",
}


def _load_refusal_rules(actor: Membership) -> None:
    """The refusal rules (both marked unconfirmed, M) of each demo district."""

    for district_name, file in DISTRICT_REFUSAL_RULES.items():
        district = Territory.objects.get(name=district_name, kind=Territory.Kind.DISTRICT)
        data = json.loads((REFUSAL_RULES / file).read_text())
        if not RefusalRule.objects.filter(territory=district, name=data["name"]).exists():
            services.refusal_rule_load(actor=actor, territory=district, data=data)


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
    _load_rule_sets(member("amministratore"))
    _load_refusal_rules(member("amministratore"))
    _applications()
    load_round()
    load_offers()
    load_joint_round()


def load_round() -> None:
    """One finished round for the Lucca agency, so its report shows engine against rank order."""

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


def load_offers() -> None:
    """Offers from the finished Lucca round: the first three proposals approved and offered; the
    first accepted (an allocation: the unit is occupied), the second refused for a justified
    reason, the third waiting for an answer. Idempotent."""

    actor = (
        Membership.objects.filter(user__username="operatore", role="operator")
        .select_related("organisation", "territory", "user")
        .first()
    )
    if actor is None:
        return
    round = Round.objects.filter(
        organisation_id=actor.organisation_id, status=Round.Status.DONE, agreement=None
    ).first()
    if round is None or Offer.objects.filter(round=round).exists():
        return
    today = datetime.date.today()
    proposals = list(round.proposals.filter(status=Proposal.Status.PROPOSED).order_by("-priority", "id")[:3])
    offers = []
    for n, proposal in enumerate(proposals):
        approved = services.proposal_approve(actor=actor, proposal=proposal)
        offers.append(
            services.offer_send(actor=actor, proposal=approved, reply_by=today + datetime.timedelta(days=7 + 7 * n))
        )
    if offers:
        services.offer_accept(actor=actor, offer=offers[0], starts_on=today + datetime.timedelta(days=15))
    if len(offers) > 1:
        services.offer_refuse(
            actor=actor, offer=offers[1], reason="salute-documentata", note="Certificato medico agli atti (demo)."
        )


JOINT_SIDES = (
    ("amministratore.rho", "Agenzia per l'Abitare del Rhodense (demo)", "Ambito del Rhodense"),
    ("amministratore.pavia", "Comune di Pavia", "Pavia"),
)
"""The two sides of the demo sharing agreement: their administrator, organisation and territory."""


def _administrator(username: str, organisation: str, territory: str) -> Membership:

    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            username=username,
            email=f"{username}@demo.abitare.localhost",
            password=DEMO_PASSWORD,
            first_name="Amministrazione",
            last_name=organisation.split(" (", maxsplit=1)[0],
        )
    return membership_grant(
        user=user,
        organisation=Organisation.objects.get(name=organisation),
        territory=Territory.objects.exclude(kind=Territory.Kind.NEIGHBOURHOOD).get(name=territory),
        role=Role.ADMINISTRATOR,
    )


def load_joint_round() -> None:
    """A confirmed sharing agreement between the Rhodense agency and the Comune di Pavia, and one
    finished joint round over both stocks and lists (started by ``operatore.rho``)."""

    recorder, confirmer = (_administrator(*side) for side in JOINT_SIDES)
    agreement = SharingAgreement.objects.filter(
        organisation_id=recorder.organisation_id, partner_id=confirmer.organisation_id
    ).first()
    if agreement is None:
        today = datetime.date.today()
        agreement = services.agreement_record(
            actor=recorder,
            title="Compensazione Rhodense-Pavia 2026",
            partner=confirmer.organisation,
            partner_territory=confirmer.territory,
            signed_on=today - datetime.timedelta(days=60),
            valid_from=today - datetime.timedelta(days=30),
            valid_to=today + datetime.timedelta(days=700),
            act_reference="Accordo demo: delibere di approvazione dei due enti (dati sintetici)",
        )
        agreement = services.agreement_confirm(actor=confirmer, agreement=agreement)
    if Round.objects.filter(agreement=agreement).exists():
        return
    operator = (
        Membership.objects.filter(
            user__username="operatore.rho", role="operator", organisation_id=recorder.organisation_id
        )
        .filter(territory_id=recorder.territory_id)
        .select_related("organisation", "territory", "user")
        .first()
    )
    if operator is None:
        return
    started = round_start(actor=operator, agreement=agreement)
    if started.status == Round.Status.QUEUED:
        round_solve(round_id=started.pk)
