"""Issue 5 benchmark: a tenancy's statement page on a large rent ledger.

Needs PostgreSQL (``DATABASE_URL=postgres://...``; a throw-away test database is created and
dropped). :func:`build_ledger` writes 10,000 tenancies started over 10 years with their monthly
charges and payments (about 1.2 million ledger entries) with ``COPY``; the arrears and bank
import benchmarks reuse it. Measured (server time, Django test client, no network):

- the tenancy page with its statement (the last twelve months, as the page opens), ageing and
  savings (p95, target <= 100 ms), and the same page showing the whole history (up to 240 lines);
- the balance of every tenancy in one aggregate, the arrears scan's core (target <= 2 s).
"""

from __future__ import annotations

import datetime
import io
import os
import random
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from bench.harness import Figure, bench_database, p95

if TYPE_CHECKING:
    from abitare.accounts.models import Membership

TENANCIES = 10_000
YEARS = 10
PAYMENT_RATE = 0.93  # share of months paid; the rest builds arrears on some tenancies


@dataclass(frozen=True)
class LedgerWorld:
    membership: Membership
    tenancy_ids: list[int]
    entries: int
    seconds: float
    today: datetime.date


def _month(index: int, first: datetime.date) -> datetime.date:
    year, month = divmod(first.month - 1 + index, 12)
    return datetime.date(first.year + year, month + 1, 1)


def build_ledger(
    *, tenancies: int = TENANCIES, years: int = YEARS, seed: int = 5, today: datetime.date | None = None
) -> LedgerWorld:
    """Populate the current database: one organisation, a district, ``tenancies`` units,
    households and tenancies started evenly over ``years`` and still running, each with its
    monthly charges and (mostly) its payments. Bulk inserts and ``COPY``, no services: the
    numbers respect the ledger's rules (signs, one charge per month) by construction."""
    from django.db import connection

    from abitare.accounts.models import Organisation, Role, Territory
    from abitare.accounts.services import membership_grant, territory_create, user_create
    from abitare.housing.models import Building, Unit
    from abitare.registry.models import Household
    from abitare.tenancies.models import Tenancy

    started = time.perf_counter()
    rng = random.Random(seed)
    today = today or datetime.date.today()
    district = territory_create(name="Ambito Locazioni", kind=Territory.Kind.DISTRICT)
    town = territory_create(name="Comune Locazioni", kind=Territory.Kind.MUNICIPALITY, parent=district)
    organisation = Organisation.objects.create(name="Agenzia Locazioni")
    organisation.territories.add(district)
    user = user_create(
        username="bench-tenancies", email="bench@example.org", password="Bench-tenancies-2026", first_name="B"
    )
    membership = membership_grant(user=user, organisation=organisation, territory=district, role=Role.OPERATOR)
    buildings = Building.objects.bulk_create(
        Building(
            organisation=organisation,
            territory=town,
            name=f"Stabile {b}",
            address=f"Via Bench {b}",
            owner_kind=Building.OwnerKind.MUNICIPALITY,
        )
        for b in range(max(1, tenancies // 100))
    )
    units = Unit.objects.bulk_create(
        (
            Unit(
                building=buildings[n % len(buildings)],
                code=f"U{n}",
                floor=n % 6,
                rooms=2 + n % 3,
                usable_m2=Decimal(45 + n % 50),
                max_occupants=4,
                monthly_rent=Decimal(250 + (n % 30) * 10),
                service_charges=Decimal(40),
                state=Unit.State.OCCUPIED,
            )
            for n in range(tenancies)
        ),
        batch_size=5000,
    )
    households = Household.objects.bulk_create(
        (Household(organisation=organisation, territory=town, name=f"Famiglia {n}") for n in range(tenancies)),
        batch_size=5000,
    )
    first = _month(-(years * 12 - 1), today.replace(day=1))
    rows = []
    for n in range(tenancies):
        start = _month(rng.randrange(years * 12), first)
        rows.append(
            Tenancy(
                organisation=organisation,
                territory=town,
                unit=units[n],
                household=households[n],
                contract_type="agreed_rent",
                pathway="agreed_rent",
                reference=f"BN-{start.year}-{n:06d}",
                starts_on=start,
                ends_on=datetime.date(today.year + 3, 12, 31),
                monthly_rent=units[n].monthly_rent,
                monthly_charges=Decimal(40),
                created_by=user,
            )
        )
    created = Tenancy.objects.bulk_create(rows, batch_size=5000)
    columns = (
        "organisation_id, territory_id, tenancy_id, kind, amount, signed_amount, value_date, month, due_on, "
        "description, reference, payer_iban, source, source_ref, reason, created_by_id, created_at"
    )
    now = datetime.datetime.now(datetime.UTC).isoformat()
    buffer = io.StringIO()
    count = 0
    for tenancy in created:
        monthly = Decimal(tenancy.monthly_rent) + Decimal(tenancy.monthly_charges)
        late = rng.random() < 0.15  # one tenancy in seven falls behind
        month = tenancy.starts_on
        while month <= today:
            due = month.replace(day=5)
            buffer.write(
                f"{organisation.pk}\t{town.pk}\t{tenancy.pk}\tcharge\t{monthly}\t{monthly}\t{due}\t{month}\t{due}\t"
                f"Canone {month:%m/%Y}\t\t\tschedule\t\t\t\\N\t{now}\n"
            )
            count += 1
            if not late or rng.random() < PAYMENT_RATE:
                paid_on = due + datetime.timedelta(days=rng.randrange(-3, 20))
                buffer.write(
                    f"{organisation.pk}\t{town.pk}\t{tenancy.pk}\tpayment\t{monthly}\t{-monthly}\t{paid_on}\t\\N\t\\N\t"
                    f"Bonifico\t{tenancy.reference}\t\tmanual\t\t\t{user.pk}\t{now}\n"
                )
                count += 1
            month = _month(1, month)
    buffer.seek(0)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY tenancies_ledgerentry ({columns}) FROM STDIN") as copy:
            while chunk := buffer.read(1 << 20):
                copy.write(chunk)
        cursor.execute("ANALYZE tenancies_ledgerentry")
        cursor.execute("ANALYZE tenancies_tenancy")
    return LedgerWorld(
        membership=membership,
        tenancy_ids=[t.pk for t in created],
        entries=count,
        seconds=time.perf_counter() - started,
        today=today,
    )


def run(only: str | None = None) -> list[Figure]:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("bench.tenancies needs PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return []
    with bench_database():
        from django.test import Client

        from abitare.tenancies.selectors.ledger import balances_by_tenancy

        world = build_ledger()
        print(f"built {len(world.tenancy_ids)} tenancies, {world.entries} entries in {world.seconds:.1f} s", flush=True)
        client = Client()
        client.force_login(world.membership.user)
        rng = random.Random(7)
        picks = iter(rng.choices(world.tenancy_ids, k=400))

        def page(query: str) -> float:
            url = f"/locazioni/{next(picks)}/{query}"
            start = time.perf_counter()
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            return (time.perf_counter() - start) * 1000

        for _ in range(5):
            page("")
        default = [page("") for _ in range(200)]
        full = [page("?date_from=2000-01-01") for _ in range(100)]
        start = time.perf_counter()
        balances = balances_by_tenancy()
        scan = time.perf_counter() - start
        assert len(balances) == len(world.tenancy_ids)
        return [
            Figure("tenancies.build_seconds", world.seconds, "s", "<=", 60),
            Figure("tenancies.statement_page_p95", p95(default), "ms", "<=", 100),
            Figure("tenancies.statement_page_full_history_p95", p95(full), "ms", "<=", 100),
            Figure("tenancies.balances_scan", scan, "s", "<=", 2),
        ]
