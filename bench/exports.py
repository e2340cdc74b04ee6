"""List-export benchmark (PostgreSQL): the households list of 50,000 households exported as
XLSX and as CSV, the way the background task writes it (streamed to a file, every row written
to the access log), in a child process so that its peak memory is its own.

Targets (issue 13): at most 30 s and 300 MB peak for 50,000 rows.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import Figure, bench_database

HOUSEHOLDS = 50_000


def _populate() -> int:
    from abitare.accounts.models import Organisation, Role, Territory
    from abitare.accounts.services import membership_grant, territory_create, user_create
    from abitare.registry.models import Household, HouseholdMember, Person

    district = territory_create(name="Ambito Export", kind=Territory.Kind.DISTRICT)
    municipality = territory_create(name="Comune Export", kind=Territory.Kind.MUNICIPALITY, parent=district)
    neighbourhoods = [
        territory_create(name=f"Quartiere {n}", kind=Territory.Kind.NEIGHBOURHOOD, parent=municipality)
        for n in range(20)
    ]
    organisation = Organisation.objects.create(name="Agenzia Export", kind=Organisation.Kind.HOUSING_AGENCY)
    organisation.territories.add(district)
    user = user_create(username="bench-export", email="export@example.test", password=None)
    membership = membership_grant(user=user, organisation=organisation, territory=district, role=Role.OPERATOR)
    households = Household.objects.bulk_create(
        (
            Household(
                organisation=organisation,
                territory=neighbourhoods[i % 20],
                name=f"Nucleo {i}",
                address=f"Via Export {i}",
            )
            for i in range(HOUSEHOLDS)
        ),
        batch_size=5000,
    )
    persons = Person.objects.bulk_create(
        (
            Person(
                organisation=organisation,
                district=district,
                territory=household.territory,
                first_name="Maria",
                last_name=f"Rossi{i}",
                birth_date=datetime.date(1970, 1, 1) + datetime.timedelta(days=i % 9000),
                sex="F",
                citizenship="IT",
            )
            for i, household in enumerate(households)
        ),
        batch_size=5000,
    )
    HouseholdMember.objects.bulk_create(
        (
            HouseholdMember(
                household=household, person=person, relationship="reference", start_date=datetime.date(2024, 1, 1)
            )
            for household, person in zip(households, persons, strict=True)
        ),
        batch_size=5000,
    )
    return int(membership.pk)


def export_main() -> None:
    """Child process: export the households list for the membership in argv; print seconds, peak MB, rows."""
    import django

    django.setup()
    from django.http import QueryDict

    from abitare.accounts.models import Membership
    from abitare.core.exports import export_named, export_write

    membership = Membership.objects.select_related("organisation", "territory", "user").get(pk=int(sys.argv[1]))
    file_format, path = sys.argv[2], sys.argv[3]
    start = time.perf_counter()
    with open(path, "wb") as target:
        count = export_write(
            export_named("registry.households"),
            actor=membership,
            params=QueryDict(""),
            file_format=file_format,
            target=target,
            path="/persone/nuclei/?export=" + file_format,
        )
    elapsed = time.perf_counter() - start
    status = Path("/proc/self/status").read_text()
    peak_mb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024
    print(f"{elapsed} {peak_mb} {count}")


def run(only: str | None = None) -> list[Figure]:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("bench.exports needs PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return []
    from bench.people import _test_database_url

    with bench_database():
        from django.db import connection

        start = time.perf_counter()
        membership_id = _populate()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"# loaded in {time.perf_counter() - start:.0f} s", file=sys.stderr)
        figures = []
        with tempfile.TemporaryDirectory() as folder:
            for file_format in ("xlsx", "csv"):
                path = Path(folder) / f"households.{file_format}"
                result = subprocess.run(
                    [sys.executable, "-c", "from bench.exports import export_main; export_main()",
                     str(membership_id), file_format, str(path)],
                    env={**os.environ, "DATABASE_URL": _test_database_url()},
                    capture_output=True, text=True, check=False,
                )  # fmt: skip
                if result.returncode != 0:
                    print(result.stderr[-2000:], file=sys.stderr)
                    raise SystemExit("the export benchmark failed")
                seconds, peak_mb, rows = result.stdout.split()
                if int(rows) != HOUSEHOLDS:
                    raise SystemExit(f"the export wrote {rows} rows instead of {HOUSEHOLDS}")
                figures.append(Figure(f"exports.households_50k_{file_format}_s", float(seconds), "s", "<=", 30))
                figures.append(Figure(f"exports.households_50k_{file_format}_peak_mb", float(peak_mb), "MB", "<=", 300))
        return [f for f in figures if not only or only in {"exports", f.name}]
