"""The network of a territory's labs and its Agorà gatherings, with the invitations labs receive."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, QuerySet, When

from abitare.accounts.models import Membership, Territory
from abitare.labs.models import Activity, AgoraInvitation, Lab
from abitare.labs.permissions import lab_scope
from abitare.labs.selectors.calendar import DatedActivity, activity_public_list, calendar_public
from abitare.labs.selectors.directory import territory_public_list
from abitare.labs.selectors.labs import Reach, lab_reach_many


@dataclass(frozen=True)
class NetworkRow:
    lab: Lab
    reach: Reach
    upcoming: list[DatedActivity]


def network_public(*, territory: Territory, now: datetime.datetime, days: int = 28) -> list[NetworkRow]:
    """Every published lab of a territory with its phase, reach over the last year and next activities."""
    labs = list(
        Lab.objects.filter(is_published=True, territory__path__startswith=territory.path)
        .select_related("territory", "main_place")
        .order_by("name")
    )
    end = now + datetime.timedelta(days=days)
    reach = lab_reach_many(labs=labs, start=now - datetime.timedelta(days=365), end=now)
    upcoming: dict[int, list[DatedActivity]] = {lab.pk: [] for lab in labs}
    items = calendar_public(start=now, end=end, territory=territory)
    for item in items:
        if item.activity.lab_id in upcoming and len(upcoming[item.activity.lab_id]) < 3:
            upcoming[item.activity.lab_id].append(item)
    return [NetworkRow(lab=lab, reach=reach[lab.pk], upcoming=upcoming[lab.pk]) for lab in labs]


def agora_public_list(*, territory: Territory, start: datetime.datetime) -> QuerySet[Activity]:
    """Agorà gatherings of a territory's network from ``start`` on, with the labs taking part."""
    return (
        activity_public_list(start=start, end=None, territory=territory)
        .filter(kind=Activity.Kind.AGORA)
        .prefetch_related("participating_labs")
    )


def agora_invitation_list(*, actor: Membership | None) -> QuerySet[AgoraInvitation]:
    """Invitations to Agorà gatherings received by the labs the membership manages, pending first."""
    return (
        lab_scope(AgoraInvitation.objects.all(), actor, lab_path="lab__")
        .select_related("lab", "activity__lab__organisation", "activity__place")
        .order_by(Case(When(status=AgoraInvitation.Status.PENDING, then=0), default=1), "-invited_at", "-id")
    )


def agora_invitation_get(*, actor: Membership | None, pk: int) -> AgoraInvitation | None:
    return agora_invitation_list(actor=actor).filter(pk=pk).first()


def network_territories() -> QuerySet[Territory]:
    """Districts and municipalities with published labs (whose networks have a page)."""
    return territory_public_list().filter(kind__in=[Territory.Kind.DISTRICT, Territory.Kind.MUNICIPALITY])
