"""The rank-order allocation ("graduatoria"): in priority order, each household gets its best
remaining unit that every hard constraint allows, mixité included.

"Best" is the unit in the household's first preferred neighbourhood, then its second, and so on,
then any other; among equals the unit with the least area beyond the household's legal minimum
(large flats are not spent on small households), then the unit's id.
"""

from __future__ import annotations

import numpy as np

from abitare.matching.engine.compiled import Compiled, FloatArray, IntArray
from abitare.matching.engine.feasibility import Pairs

TOLERANCE = 1e-9


def by_application(pairs: Pairs) -> tuple[IntArray, IntArray]:
    """Pair indices grouped by application, and each application's start in that order."""
    order = np.argsort(pairs.app, kind="stable").astype(np.int64)
    starts = np.searchsorted(pairs.app[order], np.arange(int(pairs.app.max(initial=-1)) + 2))
    return order, starts.astype(np.int64)


def priority_order(c: Compiled) -> IntArray:
    """Applications by descending priority, ties by id."""
    return np.lexsort((np.arange(c.n_apps), -c.app_priority)).astype(np.int64)


def rank_order(c: Compiled, pairs: Pairs, *, by_app: tuple[IntArray, IntArray] | None = None) -> IntArray:
    """The pair indices the graduatoria chooses (``by_app``: ``by_application(pairs)`` if known)."""
    order, starts = by_app or by_application(pairs)
    taken = np.zeros(c.n_units, dtype=np.bool_)
    lhs = np.zeros(len(c.rows), dtype=np.float64)
    rhs = np.array([row.rhs for row in c.rows], dtype=np.float64)
    share = np.array([row.share for row in c.rows], dtype=np.float64)
    chosen: list[int] = []
    free_units = c.n_units
    last_app = starts.size - 2
    for a in priority_order(c).tolist():
        if free_units == 0:
            break
        if a > last_app:
            continue
        own = order[starts[a] : starts[a + 1]]
        if own.size == 0:
            continue
        units = pairs.unit[own]
        free = ~taken[units]
        if not free.any():
            continue
        own, units = own[free], units[free]
        ranks = c.pref_rank[c.unit_nb[units], a].astype(np.int64)
        ranks[ranks < 0] = np.iinfo(np.int8).max
        surplus = c.unit_m2[units] - c.app_min_area[a]
        for k in np.lexsort((units, surplus, ranks)).tolist():
            unit = int(units[k])
            if _mix_allows(c, lhs, rhs, share, unit, a):
                _mix_add(c, lhs, share, unit, a)
                taken[unit] = True
                free_units -= 1
                chosen.append(int(own[k]))
                break
    return np.array(sorted(chosen), dtype=np.int64)


def _mix_allows(c: Compiled, lhs: FloatArray, rhs: FloatArray, share: FloatArray, unit: int, app: int) -> bool:
    for r in c.building_rows[c.unit_building[unit]]:
        if lhs[r] + c.row_member[r, app] - share[r] > rhs[r] + TOLERANCE:
            return False
    return True


def _mix_add(c: Compiled, lhs: FloatArray, share: FloatArray, unit: int, app: int) -> None:
    for r in c.building_rows[c.unit_building[unit]]:
        lhs[r] += c.row_member[r, app] - share[r]
