"""The demo territory: districts, municipalities, neighbourhoods, organisations, one user per role.

Place names and ISTAT codes are real; organisations marked "(demo)" and every person are
synthetic (Faker, it_IT locale, fixed seed). Loading twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from faker import Faker

from abitare.accounts.models import Membership, Organisation, Role, Territory, User
from abitare.accounts.services import (
    membership_grant,
    organisation_create,
    territory_get_or_create,
    user_create,
)
from abitare.accounts.services.places import housing_desk_save

DEMO_PASSWORD = "Abitare.demo.2026"  # noqa: S105 - printed on purpose, demo users only

# district -> municipality (ISTAT code, checked against the official list by a test) -> neighbourhoods
TERRITORIES: dict[str, dict[str, tuple[str, list[str]]]] = {
    "Zona Piana di Lucca": {
        "Lucca": ("046017", ["San Vito", "San Concordio-Pontetetto", "Sant'Anna", "Centro storico"]),
    },
    "Ambito del Rhodense": {
        "Rho": ("015182", ["Centro", "Lucernate", "Mazzo", "Passirana", "Terrazzano"]),
        "Arese": ("015009", []),
        "Cornaredo": ("015087", []),
        "Lainate": ("015116", []),
        "Pero": ("015170", ["Cerchiate"]),
        "Pogliano Milanese": ("015176", []),
        "Pregnana Milanese": ("015179", []),
        "Settimo Milanese": ("015211", []),
        "Vanzago": ("015229", []),
    },
    "Ambito di Pavia": {
        "Pavia": ("018110", ["Crosione", "Pelizza", "Scala", "Borgo Ticino", "Città Giardino"]),
        "Travacò Siccomario": ("018162", []),
        "Cava Manara": ("018041", []),
        "Carbonara al Ticino": ("018030", []),
    },
    "Ambito Visconteo Sud Milano": {
        "Rozzano": ("015189", ["Quartiere Aler", "Ponte Sesto", "Valleambrosia"]),
        "Basiglio": ("015015", []),
        "Binasco": ("015024", []),
        "Opera": ("015159", []),
    },
}

# organisation name -> (kind, territories it works in: district or municipality names)
ORGANISATIONS: dict[str, tuple[str, list[str]]] = {
    "Comune di Lucca": (Organisation.Kind.MUNICIPALITY, ["Lucca"]),
    "Agenzia per l'Abitare di Lucca (demo)": (Organisation.Kind.HOUSING_AGENCY, ["Zona Piana di Lucca"]),
    "Cooperativa Co-Mix Lucca (demo)": (Organisation.Kind.COOPERATIVE, ["Lucca"]),
    "Agenzia per l'Abitare del Rhodense (demo)": (Organisation.Kind.HOUSING_AGENCY, ["Ambito del Rhodense"]),
    "Rete Laboratori di Comunità del Rhodense (demo)": (Organisation.Kind.ASSOCIATION, ["Ambito del Rhodense"]),
    "Comune di Pavia": (Organisation.Kind.MUNICIPALITY, ["Pavia"]),
    "Laboratori Sociali di Pavia (demo)": (Organisation.Kind.COOPERATIVE, ["Ambito di Pavia"]),
    "Ufficio di Piano Ambito Visconteo (demo)": (Organisation.Kind.DISTRICT_OFFICE, ["Ambito Visconteo Sud Milano"]),
    "Comune di Rozzano": (Organisation.Kind.MUNICIPALITY, ["Rozzano"]),
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    organisation: str
    territory: str
    sensitive_data: bool = False


DEMO_USERS: list[DemoUser] = [
    DemoUser("operatore", Role.OPERATOR, "Agenzia per l'Abitare di Lucca (demo)", "Zona Piana di Lucca", True),
    DemoUser("facilitatore", Role.FACILITATOR, "Cooperativa Co-Mix Lucca (demo)", "Lucca"),
    DemoUser("coordinatore", Role.COORDINATOR, "Agenzia per l'Abitare di Lucca (demo)", "Zona Piana di Lucca"),
    DemoUser("revisore", Role.REVIEWER, "Comune di Lucca", "Lucca"),
    DemoUser("amministratore", Role.ADMINISTRATOR, "Agenzia per l'Abitare di Lucca (demo)", "Zona Piana di Lucca"),
    DemoUser("auditor", Role.AUDITOR, "Comune di Lucca", "Lucca"),
    DemoUser("operatore.rho", Role.OPERATOR, "Agenzia per l'Abitare del Rhodense (demo)", "Ambito del Rhodense"),
    DemoUser("facilitatore.pavia", Role.FACILITATOR, "Laboratori Sociali di Pavia (demo)", "Ambito di Pavia"),
    DemoUser(
        "facilitatore.rho", Role.FACILITATOR, "Rete Laboratori di Comunità del Rhodense (demo)", "Ambito del Rhodense"
    ),
    DemoUser("operatore.pavia", Role.OPERATOR, "Comune di Pavia", "Pavia", True),
    DemoUser("operatore.rozzano", Role.OPERATOR, "Comune di Rozzano", "Rozzano", True),
    DemoUser(
        "coordinatore",
        Role.COORDINATOR,
        "Agenzia per l'Abitare del Rhodense (demo)",
        "Ambito del Rhodense",
    ),
]


def load_territories() -> dict[str, Territory]:
    by_name: dict[str, Territory] = {}
    for district_name, municipalities in TERRITORIES.items():
        district = territory_get_or_create(name=district_name, kind=Territory.Kind.DISTRICT)
        by_name[district_name] = district
        for municipality_name, (istat_code, neighbourhoods) in municipalities.items():
            municipality = territory_get_or_create(
                name=municipality_name,
                kind=Territory.Kind.MUNICIPALITY,
                parent=district,
                istat_code=istat_code,
            )
            by_name[municipality_name] = municipality
            for neighbourhood_name in neighbourhoods:
                by_name[neighbourhood_name] = territory_get_or_create(
                    name=neighbourhood_name, kind=Territory.Kind.NEIGHBOURHOOD, parent=municipality
                )
    return by_name


def load_organisations(territories: dict[str, Territory]) -> dict[str, Organisation]:
    by_name: dict[str, Organisation] = {}
    for name, (kind, territory_names) in ORGANISATIONS.items():
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            organisation = organisation_create(
                name=name, kind=kind, territories=[territories[t] for t in territory_names]
            )
        by_name[name] = organisation
    return by_name


def load_users(territories: dict[str, Territory], organisations: dict[str, Organisation]) -> list[Membership]:
    fake = Faker("it_IT")
    fake.seed_instance(2026)
    memberships = []
    for demo in DEMO_USERS:
        first_name, last_name = fake.first_name(), fake.last_name()
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            user = user_create(
                username=demo.username,
                email=f"{demo.username}@demo.abitare.localhost",
                password=DEMO_PASSWORD,
                first_name=first_name,
                last_name=last_name,
            )
        memberships.append(
            membership_grant(
                user=user,
                organisation=organisations[demo.organisation],
                territory=territories[demo.territory],
                role=demo.role,
                sensitive_data=demo.sensitive_data,
            )
        )
    return memberships


# territory -> (desk name, address, opening hours, phone, what to bring); addresses are fictitious.
HOUSING_DESKS: dict[str, tuple[str, str, str, str, str]] = {
    "Lucca": (
        "Sportello casa di Lucca (demo)",
        "Via dell'Esempio 1 (demo), Lucca",
        "Lunedì 9-12\nGiovedì 15-18",
        "0583 000000",
        "Documento d'identità, ISEE in corso di validità, contratto di affitto se c'è.",
    ),
    "Rho": (
        "Sportello abitare del Rhodense (demo)",
        "Piazza dell'Esempio 2 (demo), Rho",
        "Martedì 9-13\nVenerdì 9-13",
        "02 0000000",
        "Documento d'identità e ISEE.",
    ),
}


def load_housing_desks(territories: dict[str, Territory]) -> None:
    for territory_name, (name, address, hours, phone, bring) in HOUSING_DESKS.items():
        housing_desk_save(
            actor=None,
            territory=territories[territory_name],
            name=name,
            address=address,
            opening_hours=hours,
            phone=phone,
            what_to_bring=bring,
        )


def load() -> list[Membership]:
    territories = load_territories()
    organisations = load_organisations(territories)
    load_housing_desks(territories)
    return load_users(territories, organisations)


def member(username: str) -> Membership:
    """The demo user's membership in force (their first active one): the actor of the loaders."""
    return (
        Membership.objects.filter(user__username=username, is_active=True)
        .select_related("user", "organisation", "territory")
        .order_by("id")
        .first()
        or Membership.objects.none().get()
    )
