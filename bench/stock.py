"""Issue 14 benchmark: the all-or-nothing import of the housing stock.

Needs PostgreSQL (``DATABASE_URL=postgres://...``; a throw-away test database is created and
dropped). It writes a CSV of 10,000 units in 500 new buildings over 40 neighbourhoods and imports
it through the import service in a fresh process, so that its peak memory is its own:

- the import takes at most 20 s;
- its peak memory (VmHWM) stays under 300 MB: the file is streamed, units are written in chunks.
"""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import Figure, bench_database

UNITS = 10_000
PER_BUILDING = 20
NEIGHBOURHOODS = 40


def _populate() -> tuple[int, list[str]]:
    from abitare.accounts.models import Organisation, Role, Territory
    from abitare.accounts.services import membership_grant, territory_create, user_create

    district = territory_create(name="Ambito Bench", kind=Territory.Kind.DISTRICT)
    municipalities = [
        territory_create(name=f"Comune Bench {m}", kind=Territory.Kind.MUNICIPALITY, parent=district) for m in range(4)
    ]
    neighbourhoods = [
        territory_create(name=f"Quartiere {n}", kind=Territory.Kind.NEIGHBOURHOOD, parent=municipalities[n % 4])
        for n in range(NEIGHBOURHOODS)
    ]
    organisation = Organisation.objects.create(name="Agenzia Bench", kind=Organisation.Kind.HOUSING_AGENCY)
    organisation.territories.add(district)
    user = user_create(username="bench", email="bench@example.test", password=None)
    membership = membership_grant(user=user, organisation=organisation, territory=district, role=Role.ADMINISTRATOR)
    return membership.pk, [n.name for n in neighbourhoods]


def _stock_csv(path: Path, rng: random.Random, neighbourhoods: list[str]) -> None:
    from abitare.housing.services.import_checks import COLUMNS

    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(COLUMNS)
        for number in range(UNITS):
            b, u = divmod(number, PER_BUILDING)
            rooms = rng.randint(1, 5)
            described = (
                [
                    f"Edificio {b}",
                    f"Via Bench {b}",
                    neighbourhoods[b % len(neighbourhoods)],
                    "municipality",
                    "",
                    "E715",
                    str(b),
                    str(100 + u),
                    rng.choice(["A1", "B", "C", "D", "E", "F", "G"]),
                    "yes",
                    "no",
                ]
                if u == 0
                else [""] * 11
            )
            writer.writerow(
                [f"ED{b:04d}", *described, f"{u // 4}{'ABCD'[u % 4]}", str(u // 4), "si", str(rooms),
                 str(rng.randint(0, rooms)), f"{rng.randint(30, 110)},5", str(rooms + 1), "no", "no", "no",
                 rng.choice(["", "service_contract", "agreed_rent"]), f"{rng.randint(150, 600)},00", "40",
                 rng.choice(["available", "occupied", "to_renovate"]), str(u + 1)]
            )  # fmt: skip


def import_main() -> None:
    """Child process: import the CSV named in argv and print seconds, peak RSS (MB) and units."""
    import django

    django.setup()
    from abitare.accounts.models import Membership
    from abitare.housing.services.imports import stock_import_file

    membership = Membership.objects.select_related("organisation", "territory", "user").get(pk=int(sys.argv[2]))
    start = time.perf_counter()
    result = stock_import_file(actor=membership, path=Path(sys.argv[1]), file_format="csv")
    elapsed = time.perf_counter() - start
    if not result.ok:
        print("ERRORS", result.report()[:2000], file=sys.stderr)
        sys.exit(1)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec.
    status = Path("/proc/self/status").read_text()
    peak_mb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024
    print(f"{elapsed} {peak_mb} {result.units}")


def run(only: str | None = None) -> list[Figure]:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("bench.stock needs PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return []
    from bench.people import _test_database_url

    with bench_database():
        membership_id, neighbourhoods = _populate()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "stock.csv"
            _stock_csv(path, random.Random(14), neighbourhoods)
            env = {**os.environ, "DATABASE_URL": _test_database_url()}
            result = subprocess.run(
                [sys.executable, "-c", "from bench.stock import import_main; import_main()", str(path),
                 str(membership_id)],
                env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            if result.returncode != 0:
                print(result.stderr[-2000:], file=sys.stderr)
                raise SystemExit("the stock import benchmark failed")
            seconds, peak_mb, units = result.stdout.split()
            assert int(units) == UNITS, units
        figures = [
            Figure("stock.import_10k", float(seconds), "s", "<=", 20),
            Figure("stock.import_10k_peak", float(peak_mb), "MB", "<=", 300),
        ]
        return [f for f in figures if not only or only in {"stock", f.name}]
