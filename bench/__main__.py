"""Run the benchmarks under bench/ and print one BENCH line per figure.

    python -m bench              # every benchmark
    python -m bench --only web   # one module (or one figure: --only web.worklist_p95)

Each module in this package defines ``run() -> list[Figure]``. The line format is
``BENCH <name> <value> <unit> target <op><value> ok|MISS``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from pathlib import Path

from bench.harness import Figure


def discover() -> list[str]:
    folder = Path(__file__).parent
    skip = {"harness", "__main__"}
    return sorted(m.name for m in pkgutil.iter_modules([str(folder)]) if m.name not in skip)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="a module name (e.g. web) or a figure name (e.g. web.worklist_p95)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_bench")
    modules = discover()
    if args.only:
        modules = [name for name in modules if args.only == name or args.only.startswith(name + ".")]
        if not modules:
            print(f"No benchmark named {args.only!r}; known: {', '.join(discover())}", file=sys.stderr)
            return 2
    missed = 0
    for name in modules:
        module = importlib.import_module(f"bench.{name}")
        figures: list[Figure] = module.run(only=args.only)
        for figure in figures:
            print(figure.line(), flush=True)
            missed += not figure.ok
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
