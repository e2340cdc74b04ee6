"""Compile the translation catalogues (.po -> .mo) with polib, so no system gettext is needed."""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    catalogues = sorted((ROOT / "abitare").glob("**/locale/*/LC_MESSAGES/*.po"))
    for path in catalogues:
        polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))
    print(f"Compiled {len(catalogues)} catalogue(s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
