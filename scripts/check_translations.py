"""Fail when the Italian catalogue is incomplete or out of date with the code and templates.

1. every entry of abitare/locale/it/LC_MESSAGES/django.po is translated and not fuzzy;
2. re-extracting the strings (makemessages) adds no untranslated entry.
The catalogue file is restored afterwards, so the check changes nothing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "abitare" / "locale" / "it" / "LC_MESSAGES" / "django.po"


def problems(path: Path) -> list[str]:
    catalogue = polib.pofile(str(path))
    found = [f"untranslated: {entry.msgid!r}" for entry in catalogue.untranslated_entries()]
    found += [f"fuzzy: {entry.msgid!r}" for entry in catalogue.fuzzy_entries()]
    return found


def main() -> int:
    found = problems(CATALOGUE)
    original = CATALOGUE.read_bytes()
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "abitare",
                "makemessages",
                "-l",
                "it",
                "--ignore=.venv",
                "--ignore=node_modules",
                "--ignore=staticfiles",
                "--ignore=var",
                "-v0",
            ],
            cwd=ROOT,
            check=True,
        )
        found += [f"not in the catalogue yet: {item}" for item in problems(CATALOGUE) if item not in found]
    finally:
        CATALOGUE.write_bytes(original)
    if found:
        print("The Italian catalogue is incomplete (run `make messages` and translate):")
        for item in found:
            print("  " + item)
        return 1
    print("Italian catalogue complete.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
