"""Demo housing stock: Lucca's 5 collaborative flats (Co-Mix) in San Vito and San
Concordio-Pontetetto, a municipal stock of a few hundred units over the demo territories, and
the Milan 2023 agreed-rent agreement (secondary source, see its data file) with a few private
flats let through the Rhodense agency. Addresses and flats are synthetic. Idempotent."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

from abitare.accounts.models import Membership, Organisation, Role, Territory, User
from abitare.accounts.services import membership_grant, territory_get_or_create
from abitare.demo.loaders.territory import member
from abitare.housing import services
from abitare.housing.models import Agreement, AgreementZone, Building, Unit

DATA = Path(__file__).resolve().parents[2] / "housing" / "data"

# municipality -> managing organisation of the municipal stock
STOCK = {
    "Lucca": "Agenzia per l'Abitare di Lucca (demo)",
    "Rho": "Agenzia per l'Abitare del Rhodense (demo)",
    "Pero": "Agenzia per l'Abitare del Rhodense (demo)",
    "Pavia": "Comune di Pavia",
    "Rozzano": "Comune di Rozzano",
}
STREETS = ["Via dei Tigli", "Via Roma", "Via Garibaldi", "Via Matteotti", "Via delle Rose", "Viale Europa", "Via Verdi"]
STATE_WEIGHTS = [
    (Unit.State.OCCUPIED, 70),
    (Unit.State.AVAILABLE, 12),
    (Unit.State.TO_RENOVATE, 10),
    (Unit.State.VACATING, 5),
    (Unit.State.OFFERED, 3),
]


def _unit_shape(rng: random.Random) -> dict[str, object]:
    rooms = rng.choices([1, 2, 3, 4, 5], weights=[10, 30, 35, 20, 5])[0]
    usable = Decimal(rng.randint(24 + rooms * 12, 30 + rooms * 18))
    step_free = rng.random() < 0.3
    return {
        "rooms": rooms,
        "usable_m2": usable,
        "max_occupants": min(rooms * 2, 7),
        "step_free": step_free,
        "wheelchair_accessible": step_free and rng.random() < 0.4,
        "monthly_rent": Decimal(rng.randint(90, 420)),
        "service_charges": Decimal(rng.randint(20, 90)),
    }


def _actor() -> Membership:
    return member("amministratore")


def load_lucca_collaborative(actor: Membership) -> None:
    agency = Organisation.objects.get(name="Agenzia per l'Abitare di Lucca (demo)")
    flats = {"San Vito": 3, "San Concordio-Pontetetto": 2}
    for neighbourhood_name, count in flats.items():
        territory = Territory.objects.get(name=neighbourhood_name)
        name = f"Co-Mix {neighbourhood_name}"
        building = Building.objects.filter(name=name).first() or services.building_create(
            actor=actor,
            organisation=agency,
            territory=territory,
            name=name,
            address=f"Via della Collaborazione {count} (demo), Lucca",
            owner_kind=Building.OwnerKind.MUNICIPALITY,
            max_low_low_share=Decimal("0.40"),
        )
        for index in range(1, count + 1):
            if not Unit.objects.filter(building=building, code=f"C{index}").exists():
                services.unit_create(
                    actor=actor,
                    building=building,
                    code=f"C{index}",
                    floor=index - 1,
                    lift=False,
                    rooms=3,
                    usable_m2=Decimal(62 + index * 4),
                    max_occupants=4,
                    step_free=index == 1,
                    wheelchair_accessible=False,
                    earmarked_pathway="service_contract",
                    monthly_rent=Decimal(250),
                    service_charges=Decimal(45),
                    state=Unit.State.OCCUPIED if index > 1 else Unit.State.AVAILABLE,
                )


def load_municipal_stock(actor: Membership) -> None:
    rng = random.Random(2026)  # noqa: S311 - demo data
    for municipality_name, organisation_name in STOCK.items():
        municipality = Territory.objects.get(name=municipality_name, kind=Territory.Kind.MUNICIPALITY)
        organisation = Organisation.objects.get(name=organisation_name)
        places = list(municipality.children.all()) or [municipality]
        for b in range(12):
            territory = places[b % len(places)]
            name = f"Case comunali {municipality_name} {b + 1}"
            building = Building.objects.filter(name=name).first() or services.building_create(
                actor=actor,
                organisation=organisation,
                territory=territory,
                name=name,
                address=f"{rng.choice(STREETS)} {rng.randint(1, 120)} (demo), {municipality_name}",
                owner_kind=rng.choice([Building.OwnerKind.MUNICIPALITY, Building.OwnerKind.PUBLIC_HOUSING_BODY]),
                max_low_low_share=Decimal("0.30"),
                max_elderly=rng.choice([None, 4, 6]),
            )
            existing = set(building.units.values_list("code", flat=True))
            for u in range(rng.randint(4, 8)):
                code = f"{u // 2}{'AB'[u % 2]}"
                shape = _unit_shape(rng)
                state = rng.choices([s for s, _ in STATE_WEIGHTS], weights=[w for _, w in STATE_WEIGHTS])[0]
                if code in existing:
                    continue
                services.unit_create(
                    actor=actor,
                    building=building,
                    code=code,
                    floor=u // 2,
                    lift=u // 2 > 1 and rng.random() < 0.6,
                    earmarked_pathway=rng.choice(["", "", "agreed_rent", "service_contract", "reception_house"]),
                    state=state,
                    **shape,
                )


def load_milan_agreement(actor: Membership) -> None:
    district = territory_get_or_create(name="Ambito di Milano", kind=Territory.Kind.DISTRICT)
    milano = territory_get_or_create(
        name="Milano", kind=Territory.Kind.MUNICIPALITY, parent=district, istat_code="015146"
    )
    agreement = Agreement.objects.filter(territory=milano).first()
    if agreement is None:
        data = json.loads((DATA / "milano-2023.json").read_text())
        agreement = services.agreement_load(territory=milano, data=data)
    agency = Organisation.objects.get(name="Agenzia per l'Abitare del Rhodense (demo)")
    agency.territories.add(district)
    operator = User.objects.get(username="operatore.rho")
    membership_grant(user=operator, organisation=agency, territory=district, role=Role.OPERATOR)
    owner_building = Building.objects.filter(name="Alloggi privati a canone concordato").first()
    if owner_building is None:
        owner = services.owner_create(
            actor=actor, organisation=agency, territory=milano, name="Proprietario Demo", kind="person"
        )
        owner_building = services.building_create(
            actor=actor,
            organisation=agency,
            territory=milano,
            owner=owner,
            name="Alloggi privati a canone concordato",
            address="Via Esempio 5 (demo), Milano",
            owner_kind=Building.OwnerKind.PRIVATE_AGREEMENT,
        )
        zone = AgreementZone.objects.get(agreement=agreement, code="3")
        for index, area in enumerate((Decimal(48), Decimal(60), Decimal(75)), start=1):
            services.unit_create(
                actor=actor,
                building=owner_building,
                code=f"P{index}",
                floor=index,
                lift=True,
                rooms=index + 1,
                usable_m2=area,
                max_occupants=index * 2,
                earmarked_pathway="agreed_rent",
                monthly_rent=Decimal(480 + index * 90),
                service_charges=Decimal(70),
                agreed_rent_zone=zone,
                state=Unit.State.AVAILABLE,
            )


def load() -> None:
    actor = _actor()
    load_lucca_collaborative(actor)
    load_municipal_stock(actor)
    load_milan_agreement(actor)
