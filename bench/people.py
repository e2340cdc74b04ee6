"""Issue 3 benchmark: people search, the plane, and the all-or-nothing import.

Needs PostgreSQL (``DATABASE_URL=postgres://...``; a throw-away test database is created and
dropped). It loads 100,000 households and 250,000 persons of one organisation in a district of
40 neighbourhoods, and 10,000 of those households (one municipality) with 1-4 assessments each,
then measures the server time (Django test client, no network) of:

- the person search page by name, by Codice Fiscale and by neighbourhood (p95, target <= 150 ms);
- the plane page of the 10,000-household municipality (p95, target <= 150 ms);
- importing a 10,000-household CSV through the import service (target <= 20 s), in a fresh
  process so that its peak memory is its own (target < 500 MB).
"""

from __future__ import annotations

import csv
import datetime
import os
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from bench.harness import Figure, bench_database, p95, time_ms

if TYPE_CHECKING:
    from abitare.accounts.models import Membership
    from abitare.assessments.scoring import Quadrant
    from abitare.registry.models import Household

HOUSEHOLDS = 100_000
PLANE_HOUSEHOLDS = 10_000
NEIGHBOURHOODS = 40
IMPORT_HOUSEHOLDS = 10_000
SURNAMES = [
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
    "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti",
    "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone",
]  # fmt: skip
NAMES = ["Maria", "Giuseppe", "Anna", "Giovanni", "Francesca", "Luca", "Sara", "Marco", "Giulia", "Ahmed", "Fatima"]


def _populate(rng: random.Random) -> tuple[Membership, list[str], list[int]]:
    from abitare.accounts.models import Organisation, Role, Territory
    from abitare.accounts.services import membership_grant, territory_create, user_create
    from abitare.demo.loaders.registry_identity import codice_fiscale_for
    from abitare.registry.models import Household, HouseholdMember, Person

    district = territory_create(name="Ambito Bench", kind=Territory.Kind.DISTRICT)
    municipalities = [
        territory_create(name=f"Comune Bench {m}", kind=Territory.Kind.MUNICIPALITY, parent=district) for m in range(4)
    ]
    neighbourhoods = [
        territory_create(
            name=f"Quartiere {n}", kind=Territory.Kind.NEIGHBOURHOOD, parent=municipalities[n % len(municipalities)]
        )
        for n in range(NEIGHBOURHOODS)
    ]
    organisation = Organisation.objects.create(name="Agenzia Bench", kind=Organisation.Kind.HOUSING_AGENCY)
    organisation.territories.add(district)
    user = user_create(username="bench", email="bench@example.test", password=None)
    membership = membership_grant(user=user, organisation=organisation, territory=district, role=Role.OPERATOR)

    codes: list[str] = []
    seen: set[str] = set()
    households = [
        Household(
            organisation=organisation,
            territory=neighbourhoods[i % NEIGHBOURHOODS],
            name=f"Nucleo {i}",
            address=f"Via Bench {i}",
        )
        for i in range(HOUSEHOLDS)
    ]
    Household.objects.bulk_create(households, batch_size=5000)
    persons: list[Person] = []
    links: list[tuple[int, int]] = []
    for index, household in enumerate(households):
        for _ in range(rng.choice((1, 2, 2, 3, 3, 4))):
            if len(persons) >= 250_000:
                break
            first, last = rng.choice(NAMES), rng.choice(SURNAMES)
            sex = "F" if first in {"Maria", "Anna", "Francesca", "Sara", "Giulia", "Fatima"} else "M"
            born = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(0, 30_000))
            code = codice_fiscale_for(
                first_name=first, last_name=last, birth_date=born, sex=sex, place_code=f"Z{rng.randrange(100, 999)}"
            )
            if code in seen:
                continue
            seen.add(code)
            persons.append(
                Person(
                    organisation=organisation,
                    district=district,
                    territory=household.territory,
                    first_name=first,
                    last_name=last,
                    birth_date=born,
                    sex=sex,
                    codice_fiscale=code,
                    citizenship="IT",
                )
            )
            links.append((index, len(persons) - 1))
    Person.objects.bulk_create(persons, batch_size=5000)
    HouseholdMember.objects.bulk_create(
        (
            HouseholdMember(
                household=households[h],
                person=persons[p],
                relationship="reference",
                start_date=datetime.date(2024, 1, 1),
            )
            for h, p in links
        ),
        batch_size=5000,
    )
    codes = [person.codice_fiscale for person in rng.sample(persons, 200)]
    _assessments(rng, membership, [h for h in households if h.territory.parent_id == municipalities[0].pk])
    return membership, codes, [n.pk for n in neighbourhoods] + [municipalities[0].pk]


def _assessments(rng: random.Random, membership: Membership, households: list[Household]) -> None:
    from abitare.assessments.models import Assessment, Instrument, PathwayMap
    from abitare.assessments.scoring import Quadrant

    instrument = Instrument.objects.filter(status="active").order_by("-valid_from").first()
    pathway_map = PathwayMap.objects.order_by("-valid_from").first()
    quadrant_pathway = {
        Quadrant.HIGH_RESOURCES_HIGH_POTENTIAL: "market_orientation",
        Quadrant.HIGH_RESOURCES_LOW_POTENTIAL: "agreed_rent",
        Quadrant.LOW_RESOURCES_HIGH_POTENTIAL: "service_contract",
        Quadrant.LOW_RESOURCES_LOW_POTENTIAL: "reception_house",
    }
    rows = []
    for household in households[:PLANE_HOUSEHOLDS]:
        resources, potential = Decimal(rng.randint(5, 60)), Decimal(rng.randint(5, 70))
        steps = rng.randint(1, 4)
        for step in range(steps):
            resources = min(Decimal(100), max(Decimal(0), resources + rng.randint(-10, 20)))
            potential = min(Decimal(100), max(Decimal(0), potential + rng.randint(-10, 20)))
            quadrant = _quadrant(resources, potential)
            assessed_on = datetime.date(2024, 1, 15) + datetime.timedelta(days=182 * step)
            rows.append(
                Assessment(
                    household=household,
                    instrument=instrument,
                    pathway_map=pathway_map,
                    organisation_id=membership.organisation_id,
                    territory=household.territory,
                    assessor=membership.user,
                    assessed_on=assessed_on,
                    resources_score=resources,
                    potential_score=potential,
                    quadrant=quadrant,
                    recommended_pathway=quadrant_pathway[quadrant],
                    chosen_pathway=quadrant_pathway[quadrant],
                    next_due_on=assessed_on + datetime.timedelta(days=182),
                    is_latest=step == steps - 1,
                )
            )
    Assessment.objects.bulk_create(rows, batch_size=5000)


def _quadrant(resources: Decimal, potential: Decimal) -> Quadrant:
    from abitare.assessments.scoring import Quadrant

    high_r, high_p = resources >= 50, potential >= 50
    if high_r:
        return Quadrant.HIGH_RESOURCES_HIGH_POTENTIAL if high_p else Quadrant.HIGH_RESOURCES_LOW_POTENTIAL
    return Quadrant.LOW_RESOURCES_HIGH_POTENTIAL if high_p else Quadrant.LOW_RESOURCES_LOW_POTENTIAL


def _import_csv(path: Path, rng: random.Random, neighbourhood: str) -> None:
    from abitare.registry.services.imports import COLUMNS

    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for h in range(IMPORT_HOUSEHOLDS):
            for m in range(rng.choice((1, 2, 3))):
                writer.writerow(
                    [
                        f"IMP{h:05d}", f"Nucleo importato {h}", f"Via Import {h}", neighbourhood,
                        "reference" if m == 0 else "child", rng.choice(NAMES), rng.choice(SURNAMES),
                        f"{rng.randint(1940, 2020)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", rng.choice("MF"),
                        "", "Lucca", "IT", "", "",
                    ]
                )  # fmt: skip


def import_main() -> None:
    """Child process: import the CSV named in argv and print seconds and peak RSS (MB)."""
    import django

    django.setup()
    from abitare.accounts.models import Membership
    from abitare.registry.services.imports import people_import, rows_from_csv

    membership = Membership.objects.select_related("organisation", "territory", "user").get(pk=int(sys.argv[2]))
    start = time.perf_counter()
    with open(sys.argv[1], encoding="utf-8", newline="") as stream:
        result = people_import(actor=membership, rows=rows_from_csv(stream))
    elapsed = time.perf_counter() - start
    if not result.ok:
        print("ERRORS", result.errors[:3], file=sys.stderr)
        sys.exit(1)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec.
    status = Path("/proc/self/status").read_text()
    peak_mb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024
    print(f"{elapsed} {peak_mb} {result.households}")


def run(only: str | None = None) -> list[Figure]:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("bench.people needs PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return []
    rng = random.Random(3)
    with bench_database():
        from django.db import connection
        from django.test import Client

        start = time.perf_counter()
        membership, codes, territory_ids = _populate(rng)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"# loaded in {time.perf_counter() - start:.0f} s", file=sys.stderr)
        client = Client()
        client.force_login(membership.user)
        surnames = iter(rng.choices(SURNAMES, k=10_000))
        cfs = iter(codes * 50)
        places = iter(rng.choices(territory_ids[:-1], k=10_000))

        def get(url: str) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        figures = [
            Figure(
                "people.search_name_p95",
                p95(time_ms(lambda: get(f"/persone/?q={next(surnames)[:4]}"), repeat=100)),
                "ms", "<=", 150,
            ),
            Figure(
                "people.search_cf_p95",
                p95(time_ms(lambda: get(f"/persone/?q={next(cfs)}"), repeat=100)),
                "ms", "<=", 150,
            ),
            Figure(
                "people.search_neighbourhood_p95",
                p95(time_ms(lambda: get(f"/persone/?territory={next(places)}"), repeat=100)),
                "ms", "<=", 150,
            ),
            Figure(
                "people.plane_10k_p95",
                p95(time_ms(lambda: get(f"/valutazioni/?territory={territory_ids[-1]}"), repeat=20)),
                "ms", "<=", 150,
            ),
        ]  # fmt: skip
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "import.csv"
            _import_csv(path, rng, "Quartiere 1")
            env = {**os.environ, "DATABASE_URL": _test_database_url()}
            result = subprocess.run(
                [sys.executable, "-c", "from bench.people import import_main; import_main()", str(path),
                 str(membership.pk)],
                env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            if result.returncode != 0:
                print(result.stderr[-2000:], file=sys.stderr)
                raise SystemExit("the import benchmark failed")
            seconds, peak_mb, _households = result.stdout.split()
            figures.append(Figure("people.import_10k_s", float(seconds), "s", "<=", 20))
            figures.append(Figure("people.import_10k_peak_mb", float(peak_mb), "MB", "<=", 500))
        return [f for f in figures if not only or only in {"people", f.name}]


def _test_database_url() -> str:
    from django.db import connection

    settings = connection.settings_dict
    user = settings["USER"] or ""
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{settings['NAME']}"
