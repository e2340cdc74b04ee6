"""Reads of applications and rule sets, scoped to the membership."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from abitare.accounts.models import Membership
from abitare.accounts.permissions import scope
from abitare.matching.models import Application, RuleSet
from abitare.matching.snapshot import SENSITIVE_FACTS
from abitare.registry.permissions import may_read_sensitive


@dataclass(frozen=True)
class ApplicationFilters:
    status: str = ""
    pathway: str = ""

    @classmethod
    def from_query(cls, query: Any) -> ApplicationFilters:
        status = query.get("status", "")
        return cls(status=status if status in Application.Status.values else "", pathway=query.get("pathway", ""))


def application_list(*, actor: Membership | None, filters: ApplicationFilters | None = None) -> QuerySet[Application]:
    applications = scope(Application.objects.all(), actor).select_related("household", "territory")
    filters = filters or ApplicationFilters()
    if filters.status:
        applications = applications.filter(status=filters.status)
    if filters.pathway:
        applications = applications.filter(pathway=filters.pathway)
    return applications


def application_get(*, actor: Membership | None, pk: int) -> Application | None:
    return application_list(actor=actor).prefetch_related("preferences__territory", "excluded").filter(pk=pk).first()


@dataclass(frozen=True)
class ShownPart:
    label: str
    points: Decimal


def score_parts_for(*, actor: Membership | None, application: Application) -> list[ShownPart]:
    """The score by rule; parts from special-category data are summed unless the viewer may see them."""
    parts = application.evaluation.get("priority", {}).get("parts", [])
    if may_read_sensitive(actor):
        return [ShownPart(part["label"], Decimal(part["points"])) for part in parts]
    shown = [ShownPart(p["label"], Decimal(p["points"])) for p in parts if p["fact"] not in SENSITIVE_FACTS]
    hidden = sum((Decimal(p["points"]) for p in parts if p["fact"] in SENSITIVE_FACTS), Decimal(0))
    if hidden:
        shown.append(ShownPart(_("Criteria from sensitive data"), hidden))
    return shown


def rule_set_list(*, actor: Membership | None) -> QuerySet[RuleSet]:
    """Rule sets of the membership's territory, of the territories above it and below it."""
    if actor is None:
        return RuleSet.objects.none()
    path = actor.territory.path
    ancestors = [path[: i + 1] for i, char in enumerate(path) if char == "/"][1:]
    return (
        RuleSet.objects.filter(Q(territory__path__startswith=path) | Q(territory__path__in=ancestors))
        .select_related("territory")
        .prefetch_related("rules")
    )
