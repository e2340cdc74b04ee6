"""Seeded synthetic instances for tests and benchmarks, shaped on an Italian municipal stock.

Distributions (documented in docs/modules/matching-engine.md):

- household sizes 1-6 roughly as ISTAT's (one-person households are a third of the total);
- pathways: public housing ("erp", rent set by the agency from income, exempt from the
  affordability test), agreed rent ("canone_concordato", affordability applies), temporary
  housing ("transitorio", exempt) and Dopo di Noi group homes ("dopo_di_noi", exempt,
  group living capped at 5 people);
- units of 1-5 rooms with 30 m2 plus about 16 m2 a room, a third step-free, a quarter of those
  wheelchair accessible; buildings of 1-48 units in neighbourhoods of unequal popularity;
- incomes log-normal per pathway; 1-3 preferred neighbourhoods by popularity;
- mixité: every building of 4 units or more limits the low-resources/low-potential quadrant to
  30-40 % of its households (existing tenants included), some limit elderly households to half,
  small ones allow at most one or two NEET young people.

Excluded neighbourhoods are drawn last, with a probability calibrated on a sample so that about
``feasible_share`` of all household-unit pairs pass constraints 1-5.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import numpy as np

from abitare.matching.engine.compiled import compile_instance
from abitare.matching.engine.feasibility import feasible_pairs
from abitare.matching.engine.models import Application, Building, Instance, MixLimit, Rules, Unit

PATHWAYS = ("erp", "canone_concordato", "transitorio", "dopo_di_noi")
UNIT_PATHWAY_P = (0.55, 0.30, 0.10, 0.05)
APP_PATHWAY_P = (0.60, 0.25, 0.12, 0.03)
SIZE_P = (0.33, 0.26, 0.19, 0.14, 0.06, 0.02)
QUADRANT_P = {"low_low": 0.30, "low_high": 0.25, "high_low": 0.25, "high_high": 0.20}
DEFAULT_RULES = Rules(affordability_exempt_pathways=("erp", "transitorio", "dopo_di_noi"))
_CALIBRATION_SAMPLE = 3000


def generate(
    *,
    n_applications: int,
    n_units: int,
    seed: int = 0,
    feasible_share: float = 0.075,
    n_neighbourhoods: int | None = None,
    rules: Rules = DEFAULT_RULES,
) -> Instance:
    """A reproducible instance: the same arguments always give the same instance."""
    rng = np.random.default_rng(seed)
    n_nb = n_neighbourhoods or int(np.clip(n_units // 80, 8, 60))
    neighbourhoods = tuple(f"N{i:03d}" for i in range(n_nb))
    popularity = rng.dirichlet(np.full(n_nb, 2.0))
    buildings, units = _stock(rng, n_units, neighbourhoods, popularity)
    apps = _applications(rng, n_applications, neighbourhoods, popularity)
    instance = Instance(neighbourhoods, tuple(buildings), tuple(units), tuple(apps), rules)
    return _with_exclusions(instance, rng, feasible_share)


def _stock(
    rng: np.random.Generator, n_units: int, neighbourhoods: tuple[str, ...], popularity: np.ndarray
) -> tuple[list[Building], list[Unit]]:
    buildings: list[Building] = []
    units: list[Unit] = []
    stock_share = rng.dirichlet(np.full(len(neighbourhoods), 3.0))
    while len(units) < n_units:
        kind = rng.choice(3, p=(0.3, 0.5, 0.2))
        size = int((rng.integers(1, 4), rng.integers(4, 17), rng.integers(17, 49))[kind])
        size = min(size, n_units - len(units))
        b_id = f"B{len(buildings):05d}"
        nb = neighbourhoods[int(rng.choice(len(neighbourhoods), p=stock_share))]
        main_path = int(rng.choice(len(PATHWAYS), p=UNIT_PATHWAY_P))
        lift = bool(rng.random() < 0.4)
        for _ in range(size):
            path = main_path if rng.random() < 0.85 else int(rng.choice(len(PATHWAYS), p=UNIT_PATHWAY_P))
            units.append(_unit(rng, f"U{len(units):06d}", b_id, nb, PATHWAYS[path], lift))
        buildings.append(_building(rng, b_id, nb, size))
    return buildings, units


def _unit(rng: np.random.Generator, u_id: str, b_id: str, nb: str, pathway: str, lift: bool) -> Unit:
    group = pathway == "dopo_di_noi"
    rooms = int(rng.integers(4, 7)) if group else int(rng.choice(5, p=(0.10, 0.30, 0.35, 0.20, 0.05))) + 1
    m2 = round(max(25.0, 30.0 + 16.0 * (rooms - 1) + rng.normal(0, 7)), 1)
    max_occ = int(rng.integers(6, 9)) if group else rooms + int(rng.integers(0, 2))
    step_free = lift or rng.random() < 0.2
    wheelchair = step_free and rng.random() < 0.25
    if pathway == "canone_concordato":
        cost = int(m2 * rng.uniform(6.0, 9.5) * 100) + int(rng.integers(50, 151)) * 100
    elif pathway == "erp":
        cost = int(rng.integers(80, 301)) * 100 + int(rng.integers(30, 121)) * 100
    else:
        cost = int(rng.integers(150, 451)) * 100
    return Unit(u_id, b_id, nb, pathway, rooms, m2, max_occ, step_free, wheelchair, group, cost)


def _building(rng: np.random.Generator, b_id: str, nb: str, size: int) -> Building:
    if size < 4:
        return Building(b_id, nb)
    existing = int(rng.integers(0, 3 * size + 1))
    share = Decimal(str(rng.choice(("0.3", "0.35", "0.4"))))
    low = int(min(existing, round(existing * rng.uniform(0.2, 0.45))))
    elderly = round(existing * rng.uniform(0.2, 0.5))
    limits = [MixLimit("low_low", max_share=share)]
    if rng.random() < 0.5:
        limits.append(MixLimit("elderly", max_share=Decimal("0.5")))
    if size <= 16:
        limits.append(MixLimit("neet", max_count=int(rng.integers(1, 3))))
    counts = (("low_low", low), ("elderly", elderly))
    return Building(b_id, nb, existing, counts, tuple(limits))


def _applications(
    rng: np.random.Generator, n: int, neighbourhoods: tuple[str, ...], popularity: np.ndarray
) -> list[Application]:
    apps = []
    quadrants = list(QUADRANT_P)
    for i in range(n):
        path = PATHWAYS[int(rng.choice(len(PATHWAYS), p=APP_PATHWAY_P))]
        group = path == "dopo_di_noi"
        size = (
            int(rng.choice((2, 3, 4, 5, 6), p=(0.2, 0.3, 0.25, 0.15, 0.1)))
            if group
            else 1 + int(rng.choice(6, p=SIZE_P))
        )
        elderly = not group and rng.random() < 0.22
        young = not group and not elderly and rng.random() < 0.18
        disability = group or rng.random() < 0.10
        wheelchair = rng.random() < (0.25 if disability else 0.01)
        step_free = wheelchair or rng.random() < (0.35 if elderly else 0.06)
        median = {"canone_concordato": 2000.0, "erp": 950.0}.get(path, 1100.0)
        income = int(rng.lognormal(np.log(median * (1 + 0.15 * (size - 1))), 0.4) * 100)
        n_pref = int(rng.integers(1, 4))
        preferred = rng.choice(len(neighbourhoods), size=min(n_pref, len(neighbourhoods)), replace=False, p=popularity)
        tags = [t for t, on in (("elderly", elderly), ("young", young), ("disability", disability)) if on]
        if young and rng.random() < 0.3:
            tags.append("neet")
        priority = round(float(rng.gamma(4.0, 8.0)) + (10.0 if disability else 0.0), 2)
        apps.append(
            Application(
                id=f"A{i:06d}",
                household_size=size,
                pathway=path,
                priority=priority,
                monthly_income=income,
                needs_step_free=step_free,
                needs_wheelchair=wheelchair,
                wants_group_living=group,
                preferred_neighbourhoods=tuple(neighbourhoods[int(k)] for k in preferred),
                quadrant=quadrants[int(rng.choice(4, p=list(QUADRANT_P.values())))],
                groups=tuple(tags),
            )
        )
    return apps


def _share(instance: Instance) -> float:
    pairs = feasible_pairs(compile_instance(instance), top_k=1, closed=False)
    return pairs.size / max(1, len(instance.applications) * len(instance.units))


def _with_exclusions(instance: Instance, rng: np.random.Generator, target: float) -> Instance:
    """Each household excludes each neighbourhood it did not prefer with probability ``q``; ``q``
    is found by bisection on a sample of households so that the feasible share is near ``target``
    (when even ``q = 1`` stays above the target, the preferred neighbourhoods set the floor)."""
    draws = rng.random((len(instance.applications), len(instance.neighbourhoods)))
    picked = np.arange(len(instance.applications))
    if picked.size > _CALIBRATION_SAMPLE:
        picked = np.sort(rng.choice(picked.size, size=_CALIBRATION_SAMPLE, replace=False))
    sample = replace(instance, applications=tuple(instance.applications[int(i)] for i in picked))
    low, high = 0.0, 1.0
    for _ in range(12):
        q = (low + high) / 2
        if _share(_exclude(sample, draws[picked], q)) > target:
            low = q
        else:
            high = q
    return _exclude(instance, draws, (low + high) / 2)


def _exclude(instance: Instance, draws: np.ndarray, q: float) -> Instance:
    apps = []
    for i, app in enumerate(instance.applications):
        excluded = tuple(
            nb
            for k, nb in enumerate(instance.neighbourhoods)
            if draws[i, k] < q and nb not in app.preferred_neighbourhoods
        )
        apps.append(replace(app, excluded_neighbourhoods=excluded))
    return replace(instance, applications=tuple(apps))
