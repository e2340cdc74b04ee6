"""The fit regime's optimiser for large rounds: an auction for the assignment's duals, whose
near-tight pairs seed column generation.

At 100,000 households x 10,000 units (78 M feasible pairs) each unit's price is set by a household
about a thousand places down its list (the better ones are housed elsewhere), so column generation
started from each unit's heaviest pairs needs many rounds of large linear programs. Here:

1. Competitive pairs: each unit is priced at the best weight among the households the graduatoria
   leaves unhoused; every pair within ``COMPETITIVE`` of that price, plus each unit's ``top_k``
   heaviest and the graduatoria's pairs.
2. A reverse auction on them (units bid for households; Bertsekas' forward auction from zero
   prices, one phase, Jacobi rounds vectorised with numpy; ``eps`` small enough that all the units
   together lose at most ``EPS_SHARE`` of the objective): household prices ``nu``.
3. Each unit's dual is its best ``w - nu[household]`` over every pair; the pairs within ``NEAR``
   of it seed ``fit.optimise``, which adds the mix rows, prices every pair with its own duals and
   reports a proven bound.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from abitare.matching.engine.compiled import CHUNK_PAIRS, Compiled, FloatArray, IntArray
from abitare.matching.engine.feasibility import Pairs
from abitare.matching.engine.fit import Found, graduatoria_pairs, optimise, pair_indices, repair

EPS_SHARE = 0.02
"""The auction's step: all the units together lose at most 2 % of the objective to it (the auction
only seeds column generation, which proves the bound)."""
COMPETITIVE = 0.05
NEAR = 0.02
"""Share of the mean weight within which a pair's reduced cost is near enough to seed the LP."""
MAX_AUCTION_ROUNDS = 2_000_000
ENTER_K = 5
"""Pairs entering per unit and round of column generation: the linear programs stay small."""


class _Auction:
    """A reverse auction on candidate pairs: units bid for households."""

    def __init__(self, c: Compiled, pairs: Pairs, columns: IntArray) -> None:
        self.c = c
        self.nu = np.zeros(c.n_households)
        self.owner = np.full(c.n_households, -1, dtype=np.int64)
        self.held = np.full(c.n_units, -1, dtype=np.int64)
        """For each unit, the position (in ``columns``) of the pair it holds, or -1."""
        self.retired = np.zeros(c.n_units, dtype=np.bool_)
        unit = pairs.unit[columns]
        # Grouped by unit in unit order (the pair arrays group by unit but not in unit order).
        self.columns = columns[np.argsort(unit, kind="stable")]
        self.count = np.bincount(pairs.unit[self.columns], minlength=c.n_units)
        self.first = np.r_[0, np.cumsum(self.count)[:-1]]
        self.household = c.app_household[pairs.app[self.columns]]

    def run(self, weight: FloatArray, eps: float, deadline: float) -> bool:
        """Bid until every unit holds a household or has nothing worth bidding for (a household
        once bid for stays held, so the households nobody holds keep price 0); False if the
        deadline came first."""
        for _ in range(MAX_AUCTION_ROUNDS):
            active = np.flatnonzero((self.held < 0) & ~self.retired & (self.count > 0))
            if active.size == 0:
                return True
            if time.monotonic() > deadline:
                return False
            lengths = self.count[active]
            seg = np.r_[0, np.cumsum(lengths)[:-1]]
            idx = np.repeat(self.first[active] - seg, lengths) + np.arange(int(lengths.sum()))
            value = weight[idx] - self.nu[self.household[idx]]
            best = np.maximum.reduceat(value, seg)
            segment = np.repeat(np.arange(active.size), lengths)
            is_best = np.flatnonzero(value == best[segment])
            _, first_best = np.unique(segment[is_best], return_index=True)
            best_pos = is_best[first_best]
            value[best_pos] = -np.inf
            second = np.maximum(np.maximum.reduceat(value, seg), 0.0)
            bidding = best > 0
            self.retired[active[~bidding]] = True
            bidders = active[bidding]
            if bidders.size == 0:
                continue
            target = idx[best_pos[bidding]]
            households = self.household[target]
            bids = self.nu[households] + best[bidding] - second[bidding] + eps
            order = np.lexsort((bidders, -bids, households))
            households, bids, bidders, target = households[order], bids[order], bidders[order], target[order]
            win = np.r_[True, households[1:] != households[:-1]]
            households, bids, bidders, target = households[win], bids[win], bidders[win], target[win]
            previous = self.owner[households]
            self.held[previous[previous >= 0]] = -1
            self.owner[households] = bidders
            self.nu[households] = bids
            self.held[bidders] = target
        raise RuntimeError("the auction did not settle")  # pragma: no cover


def optimise_large(c: Compiled, pairs: Pairs, load: IntArray, *, top_k: int = 40, time_limit: float) -> Found:
    """Maximise the priority-weighted fit over ``pairs`` with the mix rows' room after ``load``."""
    deadline = time.monotonic() + time_limit
    incumbent = graduatoria_pairs(c, pairs, load)
    auction = _Auction(c, pairs, _competitive(c, pairs, incumbent))
    guess = float(pairs.weight[incumbent].sum())
    eps = EPS_SHARE * guess / max(1, int((pairs.count > 0).sum()))
    auction.run(pairs.weight[auction.columns], eps, deadline)
    near, bound = _near(c, pairs, auction.nu)
    # The auction's assignment, repaired in exact arithmetic, when it beats the graduatoria.
    held = auction.columns[auction.held[auction.held >= 0]]
    repaired, _ = repair(c, pairs, np.sort(held), load, pool=auction.columns)
    if repaired:
        chosen = pair_indices(pairs, repaired)
        if pairs.weight[chosen].sum() > pairs.weight[incumbent].sum():
            incumbent = chosen
    seeded = replace(pairs, candidates=np.union1d(near, incumbent))
    left = max(0.0, deadline - time.monotonic())
    found = optimise(c, seeded, load, top_k=top_k, time_limit=left, incumbent=incumbent, enter_k=ENTER_K)
    if bound < found.bound and not found.proven:
        # Without the mix rows the auction's dual is still a dual: sometimes the tighter one.
        value = float(sum(pairs.weight[pair_indices(pairs, found.assignment)]))
        found = replace(found, bound=max(bound, value))
    return replace(found, method="auction duals, " + found.method)


def _chunks(size: int) -> list[tuple[int, int]]:
    return [(s, min(size, s + CHUNK_PAIRS)) for s in range(0, size, CHUNK_PAIRS)]


def _competitive(c: Compiled, pairs: Pairs, incumbent: IntArray) -> IntArray:
    housed = np.zeros(c.n_households, dtype=np.bool_)
    housed[c.app_household[pairs.app[incumbent]]] = True
    price = np.zeros(c.n_units)
    for s, e in _chunks(pairs.size):
        free = ~housed[c.app_household[pairs.app[s:e]]]
        np.maximum.at(price, pairs.unit[s:e][free], pairs.weight[s:e][free])
    found = [pairs.candidates, incumbent]
    for s, e in _chunks(pairs.size):
        found.append(np.flatnonzero(pairs.weight[s:e] >= (1.0 - COMPETITIVE) * price[pairs.unit[s:e]]) + s)
    return np.unique(np.concatenate(found))


def _near(c: Compiled, pairs: Pairs, nu: FloatArray) -> tuple[IntArray, float]:
    """The pairs within ``NEAR`` of the auction's duals, and the bound those duals prove without
    the mix rows (each unit's dual is its best ``w - nu`` over every pair)."""
    unit_dual = np.zeros(c.n_units)
    for s, e in _chunks(pairs.size):
        np.maximum.at(unit_dual, pairs.unit[s:e], pairs.weight[s:e] - nu[c.app_household[pairs.app[s:e]]])
    room = NEAR * float(pairs.weight.mean())
    found = []
    for s, e in _chunks(pairs.size):
        value = pairs.weight[s:e] - nu[c.app_household[pairs.app[s:e]]]
        found.append(np.flatnonzero(value >= unit_dual[pairs.unit[s:e]] - room) + s)
    return np.concatenate(found), float(np.maximum(unit_dual, 0.0).sum() + nu.sum())
