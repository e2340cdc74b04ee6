"""Matching engine benchmark (issue 4): 25,000 applications x 1,000 units with every constraint,
the rank-order baseline on the same instance, and a 100,000 x 10,000 scaling run.

Each scenario runs in its own subprocess (``python -m bench.matching SCENARIO``) so that its peak
resident memory (``ru_maxrss``) is its own; it prints one JSON object that ``run`` turns into
figures. The instance is generated (seeded, 7.5 % of pairs feasible before mixité) before the
clock starts; the time covers everything from the plain instance to the explained proposals.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from typing import Any

from bench.harness import Figure

SCENARIOS = {"main": (25_000, 1_000), "scale": (100_000, 10_000)}
SOLVER_BUDGET = {"main": 300.0, "scale": 30.0}
"""Seconds for the solver phases (``solve``'s ``time_limit``); building the pairs comes on top."""
SEED = 2026
FEASIBLE_SHARE = 0.075


def scenario(name: str) -> dict[str, Any]:
    from abitare.matching.engine import allocation_report, rank_order_allocation, solve, violations
    from abitare.matching.engine.generator import generate

    n_apps, n_units = SCENARIOS[name]
    instance = generate(n_applications=n_apps, n_units=n_units, seed=SEED, feasible_share=FEASIBLE_SHARE)
    start = time.perf_counter()
    result = solve(instance, time_limit=SOLVER_BUDGET[name])
    seconds = time.perf_counter() - start
    out: dict[str, Any] = {
        "seconds": seconds,
        "objective": result.objective,
        "bound": result.upper_bound,
        "gap_pct": 100 * result.gap,
        "status": result.status,
        "method": result.method,
        "pairs_share": result.feasible_pairs / (n_apps * n_units),
        "columns": result.columns,
        "violations": len(violations(instance, [(p.unit_id, p.application_id) for p in result.proposals])),
    }
    if name == "main":
        start = time.perf_counter()
        baseline = rank_order_allocation(instance)
        out["baseline_seconds"] = time.perf_counter() - start
        out["engine"] = allocation_report(instance, result).__dict__
        out["baseline"] = allocation_report(instance, baseline).__dict__
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _child(name: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.matching", name], capture_output=True, text=True, check=True, timeout=1800
    )
    data: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return data


def _main_figures(d: dict[str, Any]) -> list[Figure]:
    engine, base = d["engine"], d["baseline"]
    p = "matching.main."
    return [
        Figure(p + "solve_s", d["seconds"], "s", "<=", 5),
        Figure(p + "gap_pct", d["gap_pct"], "%", "<=", 0.5),
        Figure(p + "objective", d["objective"], "pts", ">=", base["priority_weighted_total"]),
        Figure(p + "lp_bound", d["bound"], "pts", ">=", d["objective"]),
        Figure(p + "violations", d["violations"], "", "<=", 0),
        Figure(p + "peak_memory", d["peak_mb"], "MB", "<=", 2048),
        Figure(p + "feasible_pairs_pct", 100 * d["pairs_share"], "%", ">=", 5),
        Figure(p + "engine_housed", engine["households_housed"], "households", ">=", 0),
        Figure(p + "baseline_housed", base["households_housed"], "households", ">=", 0),
        Figure(p + "ratio_housed", engine["households_housed"] / base["households_housed"], "x", ">=", 0),
        Figure(p + "baseline_total", base["priority_weighted_total"], "pts", ">=", 0),
        Figure(p + "ratio_total", d["objective"] / base["priority_weighted_total"], "x", ">=", 1),
        Figure(p + "engine_needs_met", engine["accessibility_needs"], "households", ">=", 0),
        Figure(p + "baseline_needs_met", base["accessibility_needs"], "households", ">=", 0),
        Figure(
            p + "ratio_needs_met", engine["accessibility_needs"] / max(base["accessibility_needs"], 1), "x", ">=", 0
        ),
        Figure(p + "engine_preferences_met", engine["preferences_met"], "households", ">=", 0),
        Figure(p + "baseline_preferences_met", base["preferences_met"], "households", ">=", 0),
        Figure(p + "baseline_violations", base["violations"], "", "<=", 0),
    ]


def _scale_figures(d: dict[str, Any]) -> list[Figure]:
    p = "matching.scale."
    return [
        Figure(p + "solve_s", d["seconds"], "s", "<=", 60),
        # The issue sets no gap target at this scale: printed for information (see the module page).
        Figure(p + "gap_pct", d["gap_pct"], "%", ">=", 0),
        Figure(p + "violations", d["violations"], "", "<=", 0),
        Figure(p + "peak_memory", d["peak_mb"], "MB", "<=", 8192),
    ]


def run(only: str | None = None) -> list[Figure]:
    wanted = [s for s in SCENARIOS if not only or only == "matching" or only.startswith(f"matching.{s}")]
    figures: list[Figure] = []
    for name in wanted:
        data = _child(name)
        figures.extend(_main_figures(data) if name == "main" else _scale_figures(data))
    return [
        f for f in figures if not only or only in {"matching", f.name} or only == f"matching.{f.name.split('.')[1]}"
    ]


if __name__ == "__main__":
    print(json.dumps(scenario(sys.argv[1]), default=float))
