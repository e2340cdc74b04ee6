"""Demo people: about 300 households over the demo neighbourhoods of Lucca, the Rhodense, Pavia
and Rozzano, with synthetic persons (Faker it_IT, fixed seed), a valid computed Codice Fiscale,
ISEE attestations (some expired), consents and a few weeks of desk consultations.

Every person is invented. The rows are written in bulk (with their history) so the demo loads in
a second or two, but each one is first checked by the same rule functions the services use
(``person_errors``, ``isee_errors``), so the demo obeys the rules of real data; only last year's
expired attestations, which the service rightly refuses for new input, skip the expiry rule.
Loading twice changes nothing: an organisation that already holds households is skipped.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from faker import Faker
from simple_history.utils import bulk_create_with_history

from abitare.accounts.models import Membership, Organisation, Role, Territory, User
from abitare.accounts.services import membership_grant, user_create
from abitare.core.money import euro
from abitare.demo.loaders.registry_identity import BIRTH_PLACES, codice_fiscale_for
from abitare.demo.loaders.territory import DEMO_PASSWORD
from abitare.registry.models import (
    Consent,
    Consultation,
    Disability,
    Household,
    HouseholdMember,
    IseeAttestation,
    Person,
    Referral,
)
from abitare.registry.services.consultations import age_band_of
from abitare.registry.services.households import isee_errors
from abitare.registry.services.people import person_errors

SEED = 2026
# DPCM 159/2013 Allegato 1 (docs/sources.md#isee): the scale printed on the synthetic attestations.
SCALE = {1: Decimal("1.00"), 2: Decimal("1.57"), 3: Decimal("2.04"), 4: Decimal("2.46"), 5: Decimal("2.85")}


@dataclass(frozen=True)
class DemoArea:
    organisation: str
    neighbourhoods: tuple[str, ...]
    households: int
    operator: str  # username of the operator who works these households


AREAS = [
    DemoArea(
        "Agenzia per l'Abitare di Lucca (demo)",
        ("San Vito", "San Concordio-Pontetetto", "Sant'Anna", "Centro storico"),
        110,
        "operatore",
    ),
    DemoArea(
        "Agenzia per l'Abitare del Rhodense (demo)",
        ("Centro", "Lucernate", "Mazzo", "Passirana", "Terrazzano", "Cerchiate"),
        90,
        "operatore.rho",
    ),
    DemoArea(
        "Comune di Pavia", ("Crosione", "Pelizza", "Scala", "Borgo Ticino", "Città Giardino"), 55, "operatore.pavia"
    ),
    DemoArea("Comune di Rozzano", ("Quartiere Aler", "Ponte Sesto", "Valleambrosia"), 45, "operatore.rozzano"),
]
# Operators this loader adds where the territory loader has none (same demo password).
EXTRA_OPERATORS = {"operatore.pavia": "Pavia", "operatore.rozzano": "Rozzano"}

ADVICE = {
    "housing_search": "Orientamento agli annunci a canone concordato e all'Agenzia per l'Abitare.",
    "rent_support": "Verificati i requisiti per il contributo affitto; da presentare ISEE aggiornato.",
    "public_housing": "Spiegato il bando ERP/SAP e i documenti da preparare.",
    "arrears": "Ricostruito il debito con il proprietario; proposta di piano di rientro.",
    "work": "Inviato allo sportello lavoro del Comune.",
    "family_budget": "Compilato il bilancio familiare; invito al laboratorio di educazione finanziaria.",
    "loneliness": "Presentate le attività del laboratorio di quartiere.",
    "other": "Informazioni generali sui servizi del territorio.",
}
REFERRALS = [
    ("lab", "Laboratorio di comunità del quartiere"),
    ("service", "Servizio sociale professionale"),
    ("pathway", "Percorso casa a canone concordato"),
    ("office", "CAF convenzionato"),
    ("service", "Sportello lavoro"),
]


def _operator(username: str, organisation: Organisation, territories: dict[str, Territory]) -> Membership | None:
    user = User.objects.filter(username=username).first()
    if user is None and username in EXTRA_OPERATORS:
        user = user_create(
            username=username,
            email=f"{username}@demo.abitare.localhost",
            password=DEMO_PASSWORD,
            first_name="Operatore",
            last_name=EXTRA_OPERATORS[username],
        )
        membership_grant(
            user=user,
            organisation=organisation,
            territory=territories[EXTRA_OPERATORS[username]],
            role=Role.OPERATOR,
            sensitive_data=True,
        )
    if user is None:
        return None
    return (
        Membership.objects.filter(user=user, organisation=organisation, role=Role.OPERATOR, is_active=True)
        .select_related("organisation", "territory", "user")
        .first()
    )


def _checked(errors: dict[str, list[str]], what: str) -> None:
    if errors:
        raise ValueError(f"demo generator produced an invalid {what}: {errors}")


@dataclass
class _Batch:
    """Everything of one organisation, written in bulk at the end."""

    actor: Membership
    district_id: int
    households: list[Household] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    # (household index, person index, relationship)
    links: list[tuple[int, int, str]] = field(default_factory=list)
    attestations: list[tuple[int, IseeAttestation]] = field(default_factory=list)
    consents: list[tuple[int, Consent]] = field(default_factory=list)
    disabilities: list[tuple[int, Disability]] = field(default_factory=list)


class _Generator:
    def __init__(self, fake: Faker, rng: random.Random, today: datetime.date) -> None:
        self.fake = fake
        self.rng = rng
        self.today = today
        self.codes: set[str] = set()

    def person(self, batch: _Batch, territory: Territory, *, age: int, sex: str, last_name: str) -> int:
        birth_date = self.today - datetime.timedelta(days=age * 365 + self.rng.randint(0, 364))
        place, code, citizenship = self.rng.choice(BIRTH_PLACES if age > 15 else BIRTH_PLACES[:9])
        for _attempt in range(10):
            first_name = self.fake.first_name_female() if sex == "F" else self.fake.first_name_male()
            fiscal = codice_fiscale_for(
                first_name=first_name, last_name=last_name, birth_date=birth_date, sex=sex, place_code=code
            )
            if fiscal not in self.codes:
                break
        self.codes.add(fiscal)
        _checked(
            person_errors(first_name=first_name, last_name=last_name, birth_date=birth_date, sex=sex, code=fiscal),
            "person",
        )
        batch.persons.append(
            Person(
                organisation_id=batch.actor.organisation_id,
                territory=territory,
                district_id=batch.district_id,
                first_name=first_name,
                last_name=last_name,
                birth_date=birth_date,
                sex=sex,
                codice_fiscale=fiscal,
                birth_place=place,
                citizenship=citizenship,
                phone=f"+39 3{self.rng.randint(10, 99)} {self.rng.randint(1000000, 9999999)}" if age >= 18 else "",
            )
        )
        return len(batch.persons) - 1

    def household(self, batch: _Batch, territory: Territory) -> int:
        rng = self.rng
        last_name = self.fake.last_name()
        batch.households.append(
            Household(
                organisation_id=batch.actor.organisation_id,
                territory=territory,
                name=f"Famiglia {last_name}",
                address=self.fake.street_address(),
            )
        )
        index = len(batch.households) - 1
        shape = rng.choices(["single", "elder", "couple", "family", "single_parent"], [15, 15, 15, 40, 15])[0]
        sex = rng.choice("FM")
        reference_age = rng.randint(66, 90) if shape == "elder" else rng.randint(24, 62)
        members = [(self.person(batch, territory, age=reference_age, sex=sex, last_name=last_name), "reference")]
        if shape in {"couple", "family"}:
            partner_age = max(20, reference_age + rng.randint(-5, 5))
            partner_sex = "M" if sex == "F" else "F"
            members.append(
                (self.person(batch, territory, age=partner_age, sex=partner_sex, last_name=last_name), "partner")
            )
        if shape in {"family", "single_parent"}:
            for _child in range(rng.randint(1, 3)):
                child_age = rng.randint(0, min(25, reference_age - 19))
                members.append(
                    (self.person(batch, territory, age=child_age, sex=rng.choice("FM"), last_name=last_name), "child")
                )
        batch.links.extend((index, person, relationship) for person, relationship in members)
        self.attestations(batch, index, len(members))
        self.consents(batch, members[0][0])
        if rng.random() < 0.08:
            batch.disabilities.append(
                (
                    rng.choice(members)[0],
                    Disability(
                        organisation_id=batch.actor.organisation_id,
                        recorded_by=batch.actor.user,
                        recognition=rng.choice([Disability.Recognition.ART3_C1, Disability.Recognition.ART3_C3]),
                        invalidity_percent=rng.choice([67, 75, 100]),
                    ),
                )
            )
        return index

    def attestations(self, batch: _Batch, household: int, size: int) -> None:
        """A valid attestation for most households; last year's expired one for some."""
        rng, today = self.rng, self.today
        scale = SCALE.get(size, SCALE[5] + Decimal("0.35") * (size - 5))
        protocol = f"{rng.randint(0, 999_999_999):09d}"

        def attestation(issued: datetime.date, suffix: str, kind: str) -> IseeAttestation:
            isr = euro(rng.randint(2_000, 38_000))
            isp = euro(rng.choice([0, 0, rng.randint(1_000, 20_000), rng.randint(20_000, 90_000)]))
            ise = euro(isr + isp * Decimal("0.20"))
            return IseeAttestation(
                kind=kind,
                isr=isr,
                isp=isp,
                ise=ise,
                isee=euro(ise / scale),
                equivalence_scale=scale,
                dsu_protocol=f"INPS-ISEE-{issued.year}-{protocol}-{suffix}",
                issued_on=issued,
                expires_on=datetime.date(issued.year, 12, 31),
                recorded_by=batch.actor.user,
            )

        if rng.random() < 0.25:
            issued = datetime.date(today.year - 1, rng.randint(1, 11), rng.randint(1, 28))
            batch.attestations.append((household, attestation(issued, "00", IseeAttestation.Kind.ORDINARY)))
        if rng.random() < 0.8:
            issued = today - datetime.timedelta(days=rng.randint(0, today.timetuple().tm_yday - 1))
            kind = rng.choices(
                [IseeAttestation.Kind.ORDINARY, IseeAttestation.Kind.CURRENT, IseeAttestation.Kind.SOCIAL_HEALTH],
                [85, 10, 5],
            )[0]
            current = attestation(issued, "01", kind)
            _checked(
                isee_errors(
                    dsu_protocol=current.dsu_protocol,
                    issued_on=current.issued_on,
                    expires_on=current.expires_on,
                    amounts={"isee": current.isee, "ise": current.ise, "isr": current.isr, "isp": current.isp},
                    equivalence_scale=current.equivalence_scale,
                    kind=current.kind,
                ),
                "ISEE attestation",
            )
            batch.attestations.append((household, current))

    def consents(self, batch: _Batch, person: int) -> None:
        rng, today = self.rng, self.today
        given = today - datetime.timedelta(days=rng.randint(30, 700))
        organisation_id = batch.actor.organisation_id
        purposes: list[tuple[str, datetime.date | None]] = [
            ("privacy_notice", None),
            ("service", today + datetime.timedelta(days=rng.choices([10, 25, 90, 200, 365], [2, 3, 25, 35, 35])[0])),
        ]
        if rng.random() < 0.4:
            purposes.append(("contact", None))
        batch.consents.extend(
            (
                person,
                Consent(
                    organisation_id=organisation_id,
                    purpose=purpose,
                    notice_version="2025.1",
                    given_on=given,
                    valid_until=valid_until,
                ),
            )
            for purpose, valid_until in purposes
        )


def _write(batch: _Batch) -> None:
    user = batch.actor.user
    households = bulk_create_with_history(batch.households, Household, default_user=user)
    persons = bulk_create_with_history(batch.persons, Person, default_user=user)
    members = [
        HouseholdMember(
            household=households[h],
            person=persons[p],
            relationship=relationship,
            start_date=max(persons[p].birth_date, households[h].created_at.date() - datetime.timedelta(days=900)),
        )
        for h, p, relationship in batch.links
    ]
    bulk_create_with_history(members, HouseholdMember, default_user=user)
    for h, attestation in batch.attestations:
        attestation.household = households[h]
    bulk_create_with_history([a for _h, a in batch.attestations], IseeAttestation, default_user=user)
    for p, consent in batch.consents:
        consent.person = persons[p]
    bulk_create_with_history([c for _p, c in batch.consents], Consent, default_user=user)
    for p, disability in batch.disabilities:
        disability.person = persons[p]
    bulk_create_with_history([d for _p, d in batch.disabilities], Disability, default_user=user)


def _consultations(actor: Membership, territories: list[Territory], rng: random.Random, today: datetime.date) -> None:
    """Six weeks of desk consultations on weekdays: about two in five for a known person."""
    persons = list(Person.objects.filter(organisation_id=actor.organisation_id).order_by("id"))
    consultations: list[Consultation] = []
    referrals: list[tuple[int, str, str]] = []
    for days_ago in range(42, -1, -1):
        day = today - datetime.timedelta(days=days_ago)
        if day.weekday() >= 5:
            continue
        for _visit in range(rng.randint(1, 4)):
            topic = rng.choice(list(ADVICE))
            person = rng.choice(persons) if persons and rng.random() < 0.4 else None
            follow_up = day + datetime.timedelta(days=rng.randint(7, 30)) if rng.random() < 0.2 else None
            consultations.append(
                Consultation(
                    organisation_id=actor.organisation_id,
                    territory=rng.choice(territories),
                    operator=actor.user,
                    held_on=day,
                    person=person,
                    age_band=age_band_of(person.age_on(day)) if person else rng.choice(["18-34", "35-64", "65+"]),
                    sex=person.sex if person else rng.choice("FM"),
                    topic=topic,
                    advice=ADVICE[topic],
                    follow_up_on=follow_up,
                    # Most past follow-ups have been done; the recent ones are on the work list.
                    follow_up_done=follow_up is not None and follow_up < today and rng.random() < 0.85,
                )
            )
            if rng.random() < 0.5:
                kind, to = rng.choice(REFERRALS)
                referrals.append((len(consultations) - 1, kind, to))
    created = bulk_create_with_history(consultations, Consultation, default_user=actor.user)
    Referral.objects.bulk_create(Referral(consultation=created[i], kind=kind, to=to) for i, kind, to in referrals)


def load() -> int:
    """Load the demo households; returns how many were created (0 when already loaded)."""
    fake = Faker("it_IT")
    fake.seed_instance(SEED)
    rng = random.Random(SEED)  # noqa: S311 - synthetic demo data, not security
    today = timezone.localdate()
    generator = _Generator(fake, rng, today)
    territories = {territory.name: territory for territory in Territory.objects.all()}
    created = 0
    for area in AREAS:
        organisation = Organisation.objects.filter(name=area.organisation).first()
        if organisation is None or Household.objects.filter(organisation=organisation).exists():
            continue
        actor = _operator(area.operator, organisation, territories)
        if actor is None:
            continue
        neighbourhoods = [territories[name] for name in area.neighbourhoods if name in territories]
        district_id = neighbourhoods[0].root_id
        batch = _Batch(actor=actor, district_id=district_id)
        for _index in range(area.households):
            generator.household(batch, rng.choice(neighbourhoods))
        _write(batch)
        _consultations(actor, neighbourhoods, rng, today)
        created += len(batch.households)
    return created
