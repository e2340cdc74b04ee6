"""Fail when an Italian catalogue is incomplete or out of date with the code and templates.

Each app keeps its own catalogue (``abitare/<app>/locale/it/LC_MESSAGES/django.po``; strings of
``config/`` and the browser tests go to ``abitare/locale``), so work on two apps never touches
the same file. The check:

1. every entry of every catalogue is translated and not fuzzy;
2. re-extracting the strings (makemessages) adds no untranslated entry.
The catalogue files are restored afterwards, so the check changes nothing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def catalogues() -> list[Path]:
    return sorted((ROOT / "abitare").glob("**/locale/it/LC_MESSAGES/django.po"))


def problems(path: Path) -> list[str]:
    catalogue = polib.pofile(str(path))
    name = path.relative_to(ROOT)
    found = [f"{name}: untranslated: {entry.msgid!r}" for entry in catalogue.untranslated_entries()]
    found += [f"{name}: fuzzy: {entry.msgid!r}" for entry in catalogue.fuzzy_entries()]
    return found


def main() -> int:
    paths = catalogues()
    found = [item for path in paths for item in problems(path)]
    originals = {path: path.read_bytes() for path in paths}
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
        after = [item for path in catalogues() for item in problems(path)]
        found += [f"not in the catalogue yet: {item}" for item in after if item not in found]
    finally:
        for path in catalogues():
            if path in originals:
                path.write_bytes(originals[path])
            else:
                path.unlink()  # a catalogue makemessages created for an app that had none
    if found:
        print("The Italian catalogues are incomplete (run `make messages` and translate):")
        for item in found:
            print("  " + item)
        return 1
    print(f"Italian catalogues complete ({len(paths)} files).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
