"""The restricted master problem over a set of candidate pairs, built column by column with
OR-Tools' model builder (GLOP for the linear relaxation, HiGHS for the integer problem).

Rows: each unit at most once, each household at most once (across its applications), each mixité
row (see ``compiled.MixRow``, divided back into households). Columns: one per candidate pair,
weight = the pair's objective term.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from ortools.linear_solver.python import model_builder_helper as mbh

from abitare.matching.engine.compiled import Compiled, FloatArray, IntArray
from abitare.matching.engine.feasibility import Pairs

GLOP_OPTIONS = "use_preprocessing: false"
"""The restricted problems are small and clean; GLOP's presolve costs more than it saves here."""
HIGHS_OPTIONS = (
    "output_flag=false\nlog_to_console=false\nthreads=1\nrandom_seed=0\nmip_rel_gap=0\nmip_abs_gap=1e-7\n"
    "mip_feasibility_tolerance=1e-9\nprimal_feasibility_tolerance=1e-9\n"
)
"""Tight feasibility tolerances: a share limit with many decimals moves a row by 1e-7 of a household;
the answer is checked in exact arithmetic afterwards in any case."""


@dataclass(frozen=True)
class Solution:
    status: str
    """``optimal`` (over these columns), ``feasible`` (time limit with a solution) or ``none``."""
    objective: float
    values: FloatArray
    unit_duals: FloatArray
    household_duals: FloatArray
    row_duals: FloatArray


@dataclass(frozen=True)
class FloatRows:
    """The mix rows as the floating-point solvers see them (``Compiled.float_rows``)."""

    member: FloatArray
    other: FloatArray
    rhs: FloatArray


def mix_coefficients(
    c: Compiled, rows: FloatRows, units: IntArray, apps: IntArray
) -> list[tuple[int, IntArray, FloatArray]]:
    """For each mixité row, the positions among (units, apps) it touches and their coefficients."""
    out = []
    buildings = c.unit_building[units]
    for r, row in enumerate(c.rows):
        pos = np.flatnonzero(buildings == row.building)
        coef = c.row_coefficients(r, apps[pos], rows.member, rows.other)
        keep = coef != 0.0
        out.append((r, pos[keep], coef[keep]))
    return out


def solve_restricted(
    c: Compiled, pairs: Pairs, rows: FloatRows, columns: IntArray, *, integer: bool, time_limit: float
) -> Solution:
    units = pairs.unit[columns].astype(np.int64)
    apps = c.app_household[pairs.app[columns]].astype(np.int64)
    n = columns.size
    model = mbh.ModelBuilderHelper()
    lower: Any = np.zeros(n)
    upper: Any = np.ones(n)
    integral: Any = np.full(n, integer, dtype=np.bool_)
    model.add_var_array_with_bounds(lower, upper, integral, "x")
    model.set_objective_coefficients(list(range(n)), pairs.weight[columns].tolist())
    model.set_maximize(True)
    used_units, unit_of = np.unique(units, return_inverse=True)
    used_apps, app_of = np.unique(apps, return_inverse=True)
    row_of_unit = [_row(model, 1.0) for _ in range(used_units.size)]
    row_of_app = [_row(model, 1.0) for _ in range(used_apps.size)]
    mix = mix_coefficients(c, rows, units, pairs.app[columns].astype(np.int64))
    mix_rows = [_row(model, float(rows.rhs[r])) for r, _, _ in mix]
    set_coef = model.set_constraint_coefficient
    for k, (ui, ai) in enumerate(zip(unit_of.tolist(), app_of.tolist(), strict=True)):
        set_coef(row_of_unit[ui], k, 1.0)
        set_coef(row_of_app[ai], k, 1.0)
    for ct, (_, pos, coef) in zip(mix_rows, mix, strict=True):
        for k, value in zip(pos.tolist(), coef.tolist(), strict=True):
            set_coef(ct, k, value)
    solver = mbh.ModelSolverHelper("highs" if integer else "glop")
    solver.set_solver_specific_parameters(HIGHS_OPTIONS if integer else GLOP_OPTIONS)
    solver.set_time_limit_in_seconds(time_limit)
    solver.solve(model)
    status = solver.status()
    if not solver.has_solution():
        zeros = np.zeros(0)
        return Solution("none", 0.0, np.zeros(n), zeros, zeros, zeros)
    values = np.asarray(solver.variable_values(), dtype=np.float64)
    unit_duals = np.zeros(c.n_units)
    app_duals = np.zeros(c.n_households)
    row_duals = np.zeros(len(c.rows))
    if not integer:
        duals = np.maximum(np.asarray(solver.dual_values(), dtype=np.float64), 0.0)
        unit_duals[used_units] = duals[row_of_unit]
        app_duals[used_apps] = duals[row_of_app]
        row_duals[[r for r, _, _ in mix]] = duals[mix_rows]
    optimal = status == mbh.SolveStatus.OPTIMAL
    return Solution(
        "optimal" if optimal else "feasible",
        float(values @ pairs.weight[columns]),
        values,
        unit_duals,
        app_duals,
        row_duals,
    )


def _row(model: mbh.ModelBuilderHelper, upper: float) -> int:
    index = model.add_linear_constraint()
    model.set_constraint_lower_bound(index, -np.inf)
    model.set_constraint_upper_bound(index, upper)
    return index
