"""The official list of Italian municipalities (ISTAT), shipped as data: codes checked against it
and municipalities found by name.

``data/istat_municipalities.csv`` is ISTAT's "Elenco dei codici e delle denominazioni delle unità
territoriali" (municipalities in force on the date of the file: code, name, province, region),
reduced to five columns; docs/modules/accounts.md says where it comes from and how to refresh it.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "istat_municipalities.csv"


@dataclass(frozen=True)
class Municipality:
    istat_code: str
    name: str
    province_code: str
    province: str
    region: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.province_code}) · {self.istat_code}"


def _folded(text: str) -> str:
    """Lower case without accents, so that "citta" finds "Città"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


@cache
def municipalities() -> dict[str, Municipality]:
    """Every municipality in force, by ISTAT code."""
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["istat_code"]: Municipality(**row) for row in csv.DictReader(handle)}


@cache
def _search_index() -> list[tuple[str, Municipality]]:
    return [(_folded(item.name), item) for item in municipalities().values()]


def municipality_get(code: str) -> Municipality | None:
    return municipalities().get(code.strip())


def municipality_search(text: str, *, limit: int = 20) -> list[Municipality]:
    """Municipalities whose name contains ``text`` (accents and case ignored), those whose name
    starts with it first; a 6-digit ``text`` is looked up as a code."""
    wanted = _folded(text.strip())
    if len(wanted) < 2:
        return []
    if wanted.isdigit():
        found = municipality_get(wanted)
        return [found] if found else []
    starting = [item for name, item in _search_index() if name.startswith(wanted)]
    inside = [item for name, item in _search_index() if wanted in name and not name.startswith(wanted)]
    return sorted(starting, key=lambda item: item.name)[:limit] + inside[: max(0, limit - len(starting))]
