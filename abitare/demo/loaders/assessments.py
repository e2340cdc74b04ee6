"""Demo assessments: each demo household gets 1-4 assessments about six months apart, so the plane
shows movement: some households move towards autonomy, some stay stuck, some fall back.

Synthetic, deterministic (seeded by the household's number) and idempotent: a household that
already has an assessment is left alone. Recorded through ``assessment_record`` like any other.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable

from django.utils import timezone

from abitare.accounts.models import Membership, Role
from abitare.assessments.models import Assessment, Domain
from abitare.assessments.selectors import instrument_in_force, instrument_with_domains
from abitare.assessments.services import assessment_record, instrument_install_default
from abitare.registry.models import Household

SEED = 2026
STEP_DAYS = 182
# Share of households per trajectory: (name, weight, drift per assessment on each axis).
PROFILES = [("autonomy", 45, 0.55), ("stuck", 35, 0.0), ("falling_back", 20, -0.5)]
OVERRIDE_REASONS = [
    "Nessun alloggio a contratto di servizio libero nel quartiere: accoglienza temporanea concordata.",
    "Il nucleo preferisce restare vicino alla scuola dei figli; percorso rivalutato tra sei mesi.",
]


def _casework_membership(household: Household, memberships: Iterable[Membership]) -> Membership | None:
    """An operator (or coordinator) of the household's organisation whose territory covers it."""
    for membership in memberships:
        if membership.organisation_id == household.organisation_id and household.territory.path.startswith(
            membership.territory.path
        ):
            return membership
    return None


def _levels(rng: random.Random, domains: list[Domain], resources: float, potential: float) -> dict[str, int]:
    levels: dict[str, int] = {}
    for domain in domains:
        centre = resources if domain.axis == "resources" else potential
        levels[domain.code] = max(1, min(5, round(centre + rng.gauss(0, 0.7))))
    return levels


def load(*, today: datetime.date | None = None) -> int:
    """Assess every demo household without assessments; returns how many assessments were recorded."""
    instrument_install_default()
    day = today or timezone.localdate()
    memberships = list(
        Membership.objects.filter(is_active=True, role__in=[Role.OPERATOR, Role.COORDINATOR])
        .select_related("territory", "user")
        .order_by("role", "id")
    )
    assessed = set(Assessment.objects.values_list("household_id", flat=True).distinct())
    households = Household.objects.exclude(pk__in=assessed).select_related("territory").order_by("pk")
    recorded = 0
    for household in households:
        actor = _casework_membership(household, memberships)
        if actor is None:
            continue
        rng = random.Random(SEED * 100_000 + household.pk)  # noqa: S311 - demo data, not security
        instrument = instrument_with_domains(instrument_in_force(territory=household.territory, on=day))
        domains = list(instrument.domains.all())
        name, _weight, drift = rng.choices(PROFILES, weights=[p[1] for p in PROFILES])[0]
        count = rng.randint(1, 4)
        resources = rng.uniform(1.3, 3.2) if name != "falling_back" else rng.uniform(2.6, 4.2)
        potential = rng.uniform(1.5, 3.8) if name != "falling_back" else rng.uniform(2.8, 4.5)
        first = day - datetime.timedelta(days=STEP_DAYS * (count - 1) + rng.randint(20, 150))
        for index in range(count):
            assessed_on = first + datetime.timedelta(days=STEP_DAYS * index + rng.randint(-15, 15))
            assessed_on = min(assessed_on, day)
            scores = _levels(rng, domains, resources, potential)
            override = rng.random() < 0.05
            assessment_record(
                actor=actor,
                household=household,
                instrument=instrument,
                assessed_on=assessed_on,
                scores=scores,
                evidence={domains[0].code: "Attestazione ISEE in corso di validità (dati sintetici)."},
                chosen_pathway="reception_house" if override else "",
                override_reason=rng.choice(OVERRIDE_REASONS) if override else "",
            )
            recorded += 1
            resources = max(1.0, min(5.0, resources + drift + rng.gauss(0, 0.25)))
            potential = max(1.0, min(5.0, potential + drift * 0.8 + rng.gauss(0, 0.25)))
    return recorded
