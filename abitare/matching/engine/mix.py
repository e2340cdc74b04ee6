"""Mixité in exact integer arithmetic: the load of every building row as households come and go.

Every row is ``member x m + other x o <= rhs`` over the building's newcomers (``compiled.MixRow``),
with integer coefficients, so a check never rounds: a limit given with 7 or 12 decimals is kept
to the last household.
"""

from __future__ import annotations

from collections.abc import Iterable

from abitare.matching.engine.compiled import Compiled


class MixState:
    """The integer load of each mix row for the newcomers placed so far."""

    def __init__(self, c: Compiled) -> None:
        self.c = c
        self.load = [0] * len(c.rows)
        self.rhs = [row.rhs for row in c.rows]
        self._rows = [
            [(r, c.rows[r].member, c.rows[r].other, int(c.row_group[r])) for r in rows] for rows in c.building_rows
        ]
        self._members = c.group_member

    def _deltas(self, changes: Iterable[tuple[int, int, int]]) -> dict[int, int]:
        """Per row, the change of load of ``changes``: (unit, application, +1 in / -1 out)."""
        delta: dict[int, int] = {}
        c = self.c
        for unit, app, sign in changes:
            for r, member, other, group in self._rows[int(c.unit_building[unit])]:
                coef = member if self._members[group, app] else other
                delta[r] = delta.get(r, 0) + sign * coef
        return delta

    def fits(self, changes: Iterable[tuple[int, int, int]]) -> bool:
        """Whether applying ``changes`` keeps every row it raises within its limit."""
        return all(d <= 0 or self.load[r] + d <= self.rhs[r] for r, d in self._deltas(changes).items())

    def apply(self, changes: Iterable[tuple[int, int, int]]) -> None:
        for r, d in self._deltas(changes).items():
            self.load[r] += d

    def allows(self, unit: int, app: int) -> bool:
        c = self.c
        for r, member, other, group in self._rows[int(c.unit_building[unit])]:
            if self.load[r] + (member if self._members[group, app] else other) > self.rhs[r]:
                return False
        return True

    def add(self, unit: int, app: int) -> None:
        self.apply(((unit, app, 1),))

    def remove(self, unit: int, app: int) -> None:
        self.apply(((unit, app, -1),))

    def broken(self) -> list[int]:
        """Rows over their limit."""
        return [r for r, (load, rhs) in enumerate(zip(self.load, self.rhs, strict=True)) if load > rhs]
