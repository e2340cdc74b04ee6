"""The ranked regimes: the graduatoria order and rank-respecting allocation (docs/adr/0008).

Both walk the applications of their pathways in rank order (descending priority, ties by id).

- **graduatoria**: each household takes, among the free units every hard constraint allows
  (mixité checked exactly against the households already placed), the one in its first preferred
  neighbourhood, then its second, ..., then any; among equals the unit with the least area beyond
  its legal minimum, then the unit id. Nothing placed earlier ever moves.
- **rank respecting**: each household gets the best preference class (its first preferred
  neighbourhood, second, ..., elsewhere) that can still be given to it while every household
  ranked above it keeps the class it was given: households already placed may move to another
  unit of the same class (an augmenting path) to make room. Then, because share limits are not
  monotone (a newcomer outside a group makes room for one inside it), the allocation is checked
  for justified envy exactly and every envy is resolved in favour of the higher-ranked household;
  vacant units are filled in rank order; both steps repeat until neither applies. Each step
  improves the vector of classes read in rank order, so the loop ends; at its end no household
  has justified envy (``envy``).
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from abitare.matching.engine.compiled import ELSEWHERE, Compiled, IntArray
from abitare.matching.engine.feasibility import Pairs, UnitTable, feasible_units
from abitare.matching.engine.mix import MixState
from abitare.matching.engine.models import GRADUATORIA, RANK_RESPECTING

UNHOUSED = ELSEWHERE + 1
"""The class of a household with no unit: worse than any unit."""
SEARCH_LIMIT = 4000
"""Units an augmenting-path search may visit for one household and class (bounds the time)."""
MAX_REPAIR_ROUNDS = 10_000


@dataclass
class State:
    """A mutable allocation: who holds each unit, where each application is, the exact mix load."""

    c: Compiled
    holder: IntArray
    place: IntArray
    household_app: IntArray
    """For each household, the application through which it is placed, or -1."""
    mix: MixState
    moves: dict[tuple[int, int], IntArray] = field(default_factory=dict)
    """Cache: the units of one class for one application."""

    @classmethod
    def empty(cls, c: Compiled) -> State:
        return cls(
            c,
            np.full(c.n_units, -1, dtype=np.int64),
            np.full(c.n_apps, -1, dtype=np.int64),
            np.full(c.n_households, -1, dtype=np.int64),
            MixState(c),
        )

    def put(self, unit: int, app: int) -> None:
        self.holder[unit] = app
        self.place[app] = unit
        self.household_app[self.c.app_household[app]] = app

    def take(self, app: int) -> int:
        unit = int(self.place[app])
        self.holder[unit] = -1
        self.place[app] = -1
        self.household_app[self.c.app_household[app]] = -1
        return unit

    def add(self, unit: int, app: int) -> None:
        self.mix.add(unit, app)
        self.put(unit, app)

    def remove(self, app: int) -> int:
        unit = int(self.place[app])
        self.mix.remove(unit, app)
        return self.take(app)

    def assignment(self) -> list[tuple[int, int]]:
        return [(int(u), int(a)) for u, a in enumerate(self.holder.tolist()) if a >= 0]


@dataclass
class _Options:
    """One application's feasible units with their preference class and the graduatoria's order."""

    units: IntArray
    classes: IntArray


def _options(c: Compiled, table: UnitTable, app: int) -> _Options:
    units = feasible_units(c, table, app)
    classes = c.preference_class(c.unit_nb[units], app)
    surplus = c.unit_m2[units] - c.app_min_area[app]
    sort = np.lexsort((units, surplus, classes))
    return _Options(units[sort], classes[sort])


def ranked_allocation(
    c: Compiled, table: UnitTable, regime_of_app: list[str], state: State, *, usable: np.ndarray | None = None
) -> None:
    """Place the applications whose regime is graduatoria or rank respecting, in rank order
    (``usable``: the units they may take, default all)."""
    usable = np.ones(c.n_units, dtype=np.bool_) if usable is None else usable
    open_units = usable & (state.holder < 0)
    free = np.bincount(c.unit_path[open_units], minlength=len(c.pathways)).astype(np.int64)
    dead = np.zeros(c.n_units, dtype=np.bool_)
    for app in np.argsort(c.app_rank, kind="stable").tolist():
        regime = regime_of_app[app]
        if regime not in (GRADUATORIA, RANK_RESPECTING):
            continue
        path = int(c.app_path[app])
        if free[path] == 0 or state.household_app[c.app_household[app]] >= 0:
            continue
        options = _options(c, table, app)
        keep = usable[options.units]
        options = _Options(options.units[keep], options.classes[keep])
        if options.units.size == 0:
            continue
        if regime == GRADUATORIA:
            placed = _first_free(state, options, app)
        else:
            placed = _augment(c, table, state, options, app, dead)
        if placed:
            free[path] -= 1


def _first_free(state: State, options: _Options, app: int) -> bool:
    for unit in options.units[state.holder[options.units] < 0].tolist():
        if state.mix.allows(unit, app):
            state.add(unit, app)
            return True
    return False


def _augment(c: Compiled, table: UnitTable, state: State, options: _Options, app: int, dead: np.ndarray) -> bool:
    """Give ``app`` the best class it can get while every household placed keeps its class."""
    for klass in np.unique(options.classes).tolist():
        entries = options.units[options.classes == klass]
        vacant = entries[state.holder[entries] < 0]
        for unit in vacant.tolist():
            if state.mix.allows(unit, app):
                state.add(unit, app)
                return True
        held = entries[(state.holder[entries] >= 0) & ~dead[entries]]
        if held.size and _search(c, table, state, app, held, dead):
            return True
    return False


def _same_class(c: Compiled, table: UnitTable, state: State, app: int) -> IntArray:
    """The units ``app`` may move to without changing its class (the one of the unit it holds)."""
    klass = int(c.preference_class(c.unit_nb[int(state.place[app])], app))
    key = (app, klass)
    if key not in state.moves:
        options = _options(c, table, app)
        state.moves[key] = options.units[options.classes == klass]
    return state.moves[key]


def _search(c: Compiled, table: UnitTable, state: State, app: int, entries: IntArray, dead: np.ndarray) -> bool:
    """Breadth-first search for an augmenting path: ``app`` takes an entry unit, its holder moves
    to another unit of its own class, and so on until a vacant unit; the first path whose moves
    keep every mix row within its limit is applied. Units from which no vacant unit can be reached
    at all are marked dead (they stay so: later households only add moves)."""
    parent: dict[int, int] = {}
    queue: deque[int] = deque()
    for unit in entries.tolist():
        parent[unit] = -1
        queue.append(unit)
    reached_vacant = False
    while queue and len(parent) < SEARCH_LIMIT:
        unit = queue.popleft()
        mover = int(state.holder[unit])
        for nxt in _same_class(c, table, state, mover).tolist():
            if nxt in parent or dead[nxt]:
                continue
            parent[nxt] = unit
            if state.holder[nxt] >= 0:
                queue.append(nxt)
                continue
            reached_vacant = True
            path = _path(parent, nxt)
            moves = [(int(state.holder[u]), u, v) for u, v in itertools.pairwise(path)]
            changes = [(path[0], app, 1)]
            for who, old, new in moves:
                changes += [(old, who, -1), (new, who, 1)]
            if state.mix.fits(changes):
                state.mix.apply(changes)
                for who, _, new in reversed(moves):
                    state.take(who)
                    state.put(new, who)
                state.put(path[0], app)
                return True
    if not reached_vacant and not queue:
        dead[list(parent)] = True
    return False


def _path(parent: dict[int, int], last: int) -> list[int]:
    path = [last]
    while parent[path[-1]] >= 0:
        path.append(parent[path[-1]])
    return path[::-1]


@dataclass(frozen=True)
class Envy:
    """Justified envy: ``app`` is unhoused or in a unit it likes less than ``unit``, which the
    lower-ranked ``holder`` got, and ``app`` could take ``unit`` in its place without breaking a
    constraint (``unit`` fits it; every mix row holds after the exchange)."""

    app: int
    unit: int
    holder: int


def current_class(c: Compiled, state: State) -> IntArray:
    """Each application's class for the unit it holds; ``UNHOUSED`` without one."""
    out = np.full(c.n_apps, UNHOUSED, dtype=np.int64)
    placed = np.flatnonzero(state.place >= 0)
    out[placed] = c.preference_class(c.unit_nb[state.place[placed]], placed)
    return out


def envy(c: Compiled, pairs: Pairs, state: State, *, among: np.ndarray | None = None) -> list[Envy]:
    """Every justified envy of the allocation, checked exactly.

    ``among`` (a boolean per application) limits the households looked at, e.g. to the pathways of
    one regime. A household placed through another of its applications has none: it holds a unit."""
    holder = state.holder[pairs.unit]
    app = pairs.app.astype(np.int64)
    hit = holder >= 0
    hit &= holder != app
    hit &= c.app_rank[np.maximum(holder, 0)] > c.app_rank[app]
    own = state.household_app[c.app_household[app]]
    hit &= (own < 0) | (own == app)
    if among is not None:
        hit &= among[app]
    idx = np.flatnonzero(hit)
    mine = current_class(c, state)
    better = c.preference_class(c.unit_nb[pairs.unit[idx]], app[idx]) < mine[app[idx]]
    idx = idx[better]
    found = []
    for k in idx.tolist():
        a, u = int(app[k]), int(pairs.unit[k])
        b = int(state.holder[u])
        if state.mix.fits(_exchange(state, a, u, b)):
            found.append(Envy(a, u, b))
    return found


def _exchange(state: State, app: int, unit: int, holder: int) -> list[tuple[int, int, int]]:
    changes = [(unit, holder, -1), (unit, app, 1)]
    if state.place[app] >= 0:
        changes.append((int(state.place[app]), app, -1))
    return changes


def respect_rank(c: Compiled, pairs: Pairs, table: UnitTable, state: State, among: np.ndarray) -> int:
    """Resolve every justified envy among ``among`` in favour of the higher-ranked household and
    fill vacant units in rank order, until neither applies. Returns the rounds it took."""
    for rounds in range(1, MAX_REPAIR_ROUNDS + 1):
        changed = _resolve(c, pairs, state, among)
        changed |= _fill(c, pairs, table, state, among)
        if not changed:
            return rounds
    raise RuntimeError("the rank-respecting repair did not settle")  # pragma: no cover


def _resolve(c: Compiled, pairs: Pairs, state: State, among: np.ndarray) -> bool:
    found = envy(c, pairs, state, among=among)
    if not found:
        return False
    klass = c.preference_class(c.unit_nb[[e.unit for e in found]], np.array([e.app for e in found]))
    order = sorted(range(len(found)), key=lambda i: (c.app_rank[found[i].app], klass[i], found[i].unit))
    touched: set[int] = set()
    moved: set[int] = set()
    for i in order:
        e = found[i]
        if e.app in moved or e.unit in touched or state.holder[e.unit] != e.holder:
            continue
        if state.household_app[c.app_household[e.app]] not in (-1, e.app):
            continue  # placed meanwhile through another of its applications
        if state.place[e.app] >= 0 and int(state.place[e.app]) in touched:
            continue
        changes = _exchange(state, e.app, e.unit, e.holder)
        if not state.mix.fits(changes):
            continue
        state.mix.apply(changes)
        touched.add(e.unit)
        if state.place[e.app] >= 0:
            touched.add(int(state.place[e.app]))
            state.take(e.app)
        state.take(e.holder)
        state.put(e.unit, e.app)
        moved.add(e.app)
    return True


def _fill(c: Compiled, pairs: Pairs, table: UnitTable, state: State, among: np.ndarray) -> bool:
    vacant = state.holder < 0
    if not vacant.any():
        return False
    # Only households of a pathway with a vacant unit (they may reach it through others' moves).
    open_path = np.zeros(len(c.pathways), dtype=np.bool_)
    open_path[c.unit_path[vacant]] = True
    wanting = np.unique(pairs.app[open_path[c.unit_path[pairs.unit]]]).astype(np.int64)
    wanting = wanting[among[wanting] & (state.household_app[c.app_household[wanting]] < 0)]
    changed = False
    dead = np.zeros(c.n_units, dtype=np.bool_)
    for app in wanting[np.argsort(c.app_rank[wanting], kind="stable")].tolist():
        if state.household_app[c.app_household[app]] >= 0:
            continue
        options = _options(c, table, app)
        if options.units.size and _augment(c, table, state, options, app, dead):
            changed = True
    return changed
