"""From the plane selector to the chart: labels, links and thresholds, shared by pages and API."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from abitare.accounts.models import Membership, Territory
from abitare.assessments import charts
from abitare.assessments.models import PATHWAY_SHORT
from abitare.assessments.scoring import Thresholds
from abitare.assessments.selectors import PlaneData, PlaneHousehold, household_url, pathway_map_in_force

_SENTINEL = 987654321


def household_label(household_id: int) -> str:
    """Points carry a pseudonymous label: the plane never shows names."""
    return _("Household %(id)s") % {"id": household_id}


def _around_number(text: str) -> tuple[str, str]:
    before, _sentinel, after = text.partition(str(_SENTINEL))
    return before, after


def thresholds_and_map(*, membership: Membership, territory: Territory | None = None) -> tuple[Thresholds, Any]:
    """The thresholds and the quadrant -> pathway table in force today for the territory shown."""
    pathway_map = pathway_map_in_force(territory=territory or membership.territory, on=timezone.localdate())
    return Thresholds(pathway_map.resources_threshold, pathway_map.potential_threshold), pathway_map


def texts(
    *, pathway_map: Any, title: str, households: Sequence[PlaneHousehold], url_for: Callable[[str], str] = str
) -> charts.Texts:
    pathways = {code: str(label) for code, label in PATHWAY_SHORT.items()}
    area_ids = {entry.territory_id for entry in households}
    return charts.Texts(
        title=title,
        resources=_("Resources"),
        potential=_("Potential"),
        date=_("Assessed on"),
        pathway=_("Pathway"),
        household=_("Household"),
        area=_("Area"),
        description=_(
            "Households placed by their latest assessment on resources (horizontal) and potential (vertical); "
            "arrows show how each moved between assessments."
        ),
        pathways=pathways,
        quadrants={str(quadrant): pathways.get(code, code) for quadrant, code in pathway_map.as_map().items()},
        areas=dict(Territory.objects.filter(pk__in=area_ids).values_list("pk", "name")) if area_ids else {},
        household_label=_around_number(household_label(_SENTINEL)),
        household_url=_around_number(url_for(household_url(_SENTINEL))),
    )


def spec(
    data: PlaneData,
    *,
    membership: Membership,
    territory: Territory | None = None,
    title: str,
    url_for: Callable[[str], str] = str,
) -> dict[str, Any]:
    """The chart of the selector's data; ``url_for`` makes links absolute for the SVG."""
    thresholds, pathway_map = thresholds_and_map(membership=membership, territory=territory)
    trajectories = [charts.Trajectory(entry.household_id, entry.territory_id, entry.steps) for entry in data.households]
    return charts.plane_spec(
        trajectories,
        thresholds=thresholds,
        texts=texts(pathway_map=pathway_map, title=title, households=data.households, url_for=url_for),
        with_paths=data.with_paths,
    )
