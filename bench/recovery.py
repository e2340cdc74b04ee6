"""Issue 5 benchmark: the arrears scan of a district and a large camt.053 import.

Needs PostgreSQL (``DATABASE_URL=postgres://...``; a throw-away test database is created and
dropped). Reuses :func:`bench.tenancies.build_ledger` (10,000 tenancies over 10 years, about
1.2 million ledger entries). Measured:

- the arrears scan of the whole district, the first run (opens every case) and a second run
  (finds them open, changes nothing) (target <= 2 s each);
- the import of a 5,000-credit camt.053.001.02 statement (most credits matched by reference,
  some by nothing and left in the queue), parsing to commit (target <= 10 s).
"""

from __future__ import annotations

import datetime
import os
import random
import sys
import time
from xml.sax.saxutils import escape

from bench.harness import Figure, bench_database

CREDITS = 5_000


def camt053(references: list[str], *, count: int = CREDITS, seed: int = 11, day: datetime.date) -> bytes:
    """A camt.053.001.02 statement with ``count`` credits: mostly single transfers quoting a
    tenancy reference, one entry in ten a batch of three, a debit every hundred entries."""
    rng = random.Random(seed)
    entries = []
    written = 0
    number = 0
    while written < count:
        number += 1
        if number % 100 == 0:
            entries.append(
                f'<Ntry><Amt Ccy="EUR">12.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>'
                f"<BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt>"
                f"<AcctSvcrRef>BENCH{seed}-D{number}</AcctSvcrRef></Ntry>"
            )
            continue
        size = 3 if number % 10 == 0 and count - written >= 3 else 1
        txs = []
        total = 0
        for position in range(size):
            cents = rng.randrange(20_000, 90_000)
            total += cents
            reference = rng.choice(references) if rng.random() < 0.9 else "affitto"
            txs.append(
                f"<TxDtls><Refs><AcctSvcrRef>BENCH{seed}-{number}-{position}</AcctSvcrRef>"
                f"<EndToEndId>NOTPROVIDED</EndToEndId></Refs>"
                f'<AmtDtls><TxAmt><Amt Ccy="EUR">{cents / 100:.2f}</Amt></TxAmt></AmtDtls>'
                f"<RltdPties><Dbtr><Nm>Inquilino {number}</Nm></Dbtr></RltdPties>"
                f"<RmtInf><Ustrd>{escape('Canone ' + reference)}</Ustrd></RmtInf></TxDtls>"
            )
        written += size
        batch = f"<Btch><NbOfTxs>{size}</NbOfTxs></Btch>" if size > 1 else ""
        entries.append(
            f'<Ntry><Amt Ccy="EUR">{total / 100:.2f}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
            f"<BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt>"
            f"<AcctSvcrRef>BENCH{seed}-{number}</AcctSvcrRef><NtryDtls>{batch}{''.join(txs)}</NtryDtls></Ntry>"
        )
    body = "\n".join(entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>'
        f"<GrpHdr><MsgId>BENCH-{seed}</MsgId><CreDtTm>{day}T18:00:00</CreDtTm></GrpHdr>"
        f"<Stmt><Id>BENCH-STMT-{seed}</Id><Acct><Id><IBAN>IT60X0542811101000000123456</IBAN></Id></Acct>\n"
        f"{body}\n</Stmt></BkToCstmrStmt></Document>\n"
    ).encode()


def run(only: str | None = None) -> list[Figure]:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("bench.recovery needs PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return []
    with bench_database():
        from abitare.accounts.models import Territory
        from abitare.tenancies.models import ArrearsCase, BankCredit, Tenancy
        from abitare.tenancies.services.arrears import arrears_scan
        from abitare.tenancies.services.payments import statement_import
        from bench.tenancies import build_ledger

        world = build_ledger()
        print(f"built {len(world.tenancy_ids)} tenancies, {world.entries} entries in {world.seconds:.1f} s", flush=True)
        district = Territory.objects.get(pk=int(world.membership.territory.path.strip("/").split("/")[0]))

        start = time.perf_counter()
        first = arrears_scan(district=district, today=world.today)
        first_scan = time.perf_counter() - start
        start = time.perf_counter()
        second = arrears_scan(district=district, today=world.today)
        second_scan = time.perf_counter() - start
        opened = ArrearsCase.objects.filter(status="open").count()
        print(f"arrears: {first.opened} cases opened, then {second.opened}; {opened} open", flush=True)
        assert second.opened == 0
        assert opened == first.opened

        references = list(Tenancy.objects.values_list("reference", flat=True))
        data = camt053(references, day=world.today)
        start = time.perf_counter()
        outcome = statement_import(actor=world.membership, data=data, file_name="bench.xml")
        import_seconds = time.perf_counter() - start
        assert BankCredit.objects.count() == CREDITS
        print(f"import: {outcome.matched} matched, {outcome.unmatched} queued, {len(data) >> 10} KiB", flush=True)
        return [
            Figure("recovery.arrears_scan_first", first_scan, "s", "<=", 2),
            Figure("recovery.arrears_scan_again", second_scan, "s", "<=", 2),
            Figure("recovery.camt053_import_5000", import_seconds, "s", "<=", 10),
        ]
