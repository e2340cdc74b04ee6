"""Reads of instruments, pathway maps, assessments and the plane, scoped to the membership."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Territory
from abitare.assessments.models import (
    QUADRANT_CHOICES,
    Assessment,
    AssessmentScore,
    Domain,
    DomainLevel,
    Instrument,
    PathwayChangeProposal,
    PathwayMap,
)
from abitare.assessments.permissions import assessment_scope, rule_scope
from abitare.assessments.scoring import Pathway
from abitare.core import params, rules
from abitare.core.exceptions import DomainError, ValidationFailed
from abitare.core.figures import Trend, territories_uncovered, trend_of

# Re-assessments due within this many days are on the work list (and those overdue).
DUE_SOON_DAYS = 30


def instrument_in_force(*, territory: Territory, on: datetime.date) -> Instrument:
    """The active instrument for the territory on a day: its own, the nearest ancestor's, else the default."""
    instrument = rules.in_force(
        Instrument.objects.filter(status=Instrument.Status.ACTIVE),
        territory_path=territory.path,
        on=on,
        default_without_territory=True,
    )
    if instrument is None:
        raise DomainError(_("No assessment instrument is in force for this territory on that date."))
    return instrument


def pathway_map_in_force(*, territory: Territory, on: datetime.date) -> PathwayMap:
    """The pathway map valid on a day for the nearest territory up the tree, else the default."""
    pathway_map = rules.in_force(
        PathwayMap.objects.all(), territory_path=territory.path, on=on, default_without_territory=True
    )
    if pathway_map is None:
        raise DomainError(_("No pathway map is in force for this territory on that date."))
    return pathway_map


def instrument_with_domains(instrument: Instrument) -> Instrument:
    """The instrument with its domains and their levels loaded (two queries)."""
    return Instrument.objects.prefetch_related(
        Prefetch(
            "domains",
            queryset=Domain.objects.order_by("axis", "order", "id").prefetch_related(
                Prefetch("levels", queryset=DomainLevel.objects.order_by("level"))
            ),
        )
    ).get(pk=instrument.pk)


def instrument_list(*, actor: Membership | None) -> QuerySet[Instrument]:
    return rule_scope(Instrument.objects.select_related("territory"), actor).order_by(
        "name", "territory__path", "-version"
    )


def instrument_get(*, actor: Membership | None, pk: Any) -> Instrument:
    instrument = instrument_list(actor=actor).filter(pk=pk).first()
    if instrument is None:
        raise Http404
    return instrument_with_domains(instrument)


def pathway_map_list(*, actor: Membership | None) -> QuerySet[PathwayMap]:
    return rule_scope(PathwayMap.objects.select_related("territory"), actor).order_by("territory__path", "-valid_from")


def assessment_list(*, actor: Membership | None, household_id: int | None = None) -> QuerySet[Assessment]:
    assessments = assessment_scope(Assessment.objects.select_related("instrument", "assessor", "territory"), actor)
    if household_id is not None:
        assessments = assessments.filter(household_id=household_id)
    return assessments


def assessment_get(*, actor: Membership | None, pk: Any) -> Assessment:
    assessment = (
        assessment_list(actor=actor)
        .select_related("household", "pathway_map")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=AssessmentScore.objects.select_related("domain").order_by(
                    "domain__axis", "domain__order", "domain_id"
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if assessment is None:
        raise Http404
    return assessment


def reassessments_due(*, actor: Membership | None, today: datetime.date | None = None) -> QuerySet[Assessment]:
    """Households whose latest assessment is due within DUE_SOON_DAYS days or overdue."""
    day = today or timezone.localdate()
    return (
        assessment_scope(Assessment.objects.select_related("household"), actor)
        .filter(is_latest=True, next_due_on__lte=day + datetime.timedelta(days=DUE_SOON_DAYS))
        .order_by("next_due_on", "id")
    )


def proposals_open(*, actor: Membership | None) -> QuerySet[PathwayChangeProposal]:
    return (
        assessment_scope(PathwayChangeProposal.objects.select_related("household", "assessment"), actor)
        .filter(status=PathwayChangeProposal.Status.OPEN)
        .order_by("created_at", "id")
    )


def proposal_get(*, actor: Membership | None, pk: Any) -> PathwayChangeProposal:
    proposal = assessment_scope(PathwayChangeProposal.objects.all(), actor).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal


def household_url(household_id: int) -> str:
    """The household's page in the registry when it has one, else its assessment history."""
    try:
        return reverse("registry:household-detail", args=[household_id])
    except NoReverseMatch:
        return reverse("assessments:household-history", args=[household_id])


_URL_SENTINEL = 987654321


def household_url_maker() -> Callable[[int], str]:
    """:func:`household_url` for many households: one reverse, then string substitution."""
    pattern = household_url(_URL_SENTINEL)
    return lambda household_id: pattern.replace(str(_URL_SENTINEL), str(household_id))


# The plane -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaneFilters:
    territory_id: int | None = None
    pathway: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    @classmethod
    def from_query(cls, query: Any) -> PlaneFilters:
        """Read the filters of a GET query; a malformed value is a field error, nothing is guessed."""
        errors: dict[str, list[Any]] = {}
        dates: dict[str, datetime.date | None] = {}
        for key in ("date_from", "date_to"):
            raw = (query.get(key) or "").strip()
            try:
                dates[key] = datetime.date.fromisoformat(raw) if raw else None
            except ValueError:
                errors[key] = [_("Write the date as YYYY-MM-DD.")]
        territory_id = None
        try:
            territory_id = params.query_id(query, "territory")
        except params.InvalidParameter:
            errors["territory"] = [_("Choose a territory from the list.")]
        pathway = (query.get("pathway") or "").strip()
        if pathway and pathway not in {item.value for item in Pathway}:
            errors["pathway"] = [_("Choose a pathway from the list.")]
        if errors:
            raise ValidationFailed(errors)
        return cls(
            territory_id=territory_id,
            pathway=pathway,
            date_from=dates["date_from"],
            date_to=dates["date_to"],
        )


class PlaneStep(NamedTuple):
    assessment_id: int
    assessed_on: datetime.date
    resources: float
    potential: float
    quadrant: str
    pathway: str


class PlaneHousehold(NamedTuple):
    household_id: int
    territory_id: int
    steps: list[PlaneStep]

    @property
    def latest(self) -> PlaneStep:
        return self.steps[-1]


@dataclass(frozen=True)
class PlaneData:
    households: list[PlaneHousehold]
    # False when only each household's latest assessment was read (too many households to draw paths).
    with_paths: bool


PLANE_FIELDS = (
    "id",
    "household_id",
    "assessed_on",
    "resources_score",
    "potential_score",
    "quadrant",
    "chosen_pathway",
    "territory_id",
)
# Above this many households the plane shows points without their paths: one query, and a picture
# that stays readable. Narrow it (a neighbourhood, dates) to see the trajectories.
TRAJECTORY_LIMIT = 1500


def _group(rows: Any) -> list[PlaneHousehold]:
    households: dict[int, PlaneHousehold] = {}
    for pk, household, assessed_on, resources, potential, quadrant, pathway, territory_id in rows:
        entry = households.get(household)
        if entry is None:
            entry = households[household] = PlaneHousehold(household, territory_id, [])
        entry.steps.append(PlaneStep(pk, assessed_on, float(resources), float(potential), quadrant, pathway))
    return list(households.values())


def plane_households(
    *,
    actor: Membership | None,
    filters: PlaneFilters | None = None,
    household_id: int | None = None,
    trajectory_limit: int | None = TRAJECTORY_LIMIT,
) -> PlaneData:
    """The households in scope with their assessments in date order, as plain tuples.

    One query for the points (``values_list``, no join beyond the scope): the latest assessment
    of each household; a second one for the whole paths when there are at most
    ``trajectory_limit`` households. With a date filter, one query over the window. The
    neighbourhood filter uses the territory recorded on the assessments; the pathway filter keeps
    households whose latest assessment (in the window) has that chosen pathway.
    """
    filters = filters or PlaneFilters()
    rows = assessment_scope(Assessment.objects.all(), actor)
    if household_id is not None:
        rows = rows.filter(household_id=household_id)
    if filters.territory_id is not None:
        territory = Territory.objects.filter(pk=filters.territory_id).only("path").first()
        if territory is None:
            return PlaneData([], with_paths=True)
        rows = rows.filter(territory__path__startswith=territory.path)
    windowed = filters.date_from is not None or filters.date_to is not None
    if filters.date_from:
        rows = rows.filter(assessed_on__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(assessed_on__lte=filters.date_to)
    with_paths = True
    if windowed or trajectory_limit is None:
        households = _group(rows.order_by("household_id", "assessed_on", "id").values_list(*PLANE_FIELDS))
    else:
        households = _group(rows.filter(is_latest=True).order_by("household_id").values_list(*PLANE_FIELDS))
        if len(households) <= trajectory_limit:
            households = _group(rows.order_by("household_id", "assessed_on", "id").values_list(*PLANE_FIELDS))
        else:
            with_paths = False
    if filters.pathway:
        households = [entry for entry in households if entry.latest.pathway == filters.pathway]
    return PlaneData(households, with_paths=with_paths)


def plane_territories(*, actor: Membership | None) -> QuerySet[Territory]:
    """The neighbourhoods and municipalities the plane can be filtered by."""
    if actor is None:
        return Territory.objects.none()
    return Territory.objects.filter(path__startswith=actor.territory.path).order_by("path")


# Dashboard figures ------------------------------------------------------------------------------


def households_by_quadrant(*, actor: Membership | None, today: datetime.date) -> tuple[dict[str, int], Trend]:
    """Households per quadrant of their latest assessment (every quadrant, zero included); the
    trend counts assessments recorded."""
    assessments = assessment_scope(Assessment.objects.all(), actor)
    counts = dict(
        assessments.filter(is_latest=True).order_by().values_list("quadrant").annotate(n=Count("household_id"))
    )
    trend = trend_of(assessments, entered="assessed_on", today=today)
    return {code: counts.get(code, 0) for code, _label in QUADRANT_CHOICES}, trend


def territories_without_instrument(*, actor: Membership | None, today: datetime.date) -> list[str]:
    """The territories of the membership where no active assessment instrument is in force."""
    if actor is None:
        return []
    territories = Territory.objects.filter(path__startswith=actor.territory.path).values_list("name", "path")
    instruments = Instrument.objects.filter(status=Instrument.Status.ACTIVE)
    return territories_uncovered(territories, instruments, today=today)
