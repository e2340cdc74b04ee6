"""Facilitators' reads of volunteers and help networks (offers, requests, members and matches)."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Count, Q, QuerySet, Sum

from abitare.accounts.models import Membership
from abitare.labs import matching
from abitare.labs.models import (
    HelpNeed,
    HelpNetwork,
    HelpNetworkMember,
    HelpOffer,
    HelpRequest,
    Lab,
    Volunteer,
    VolunteerHours,
)
from abitare.labs.permissions import lab_scope

N = TypeVar("N", bound=HelpNeed)


def volunteer_list(
    *, actor: Membership | None, skill: str = "", weekday: int | None = None, lab: Lab | None = None
) -> QuerySet[Volunteer]:
    """Active volunteers in scope, by a word of their skills, a weekday they are free and a lab."""
    volunteers = (
        lab_scope(Volunteer.objects.filter(is_active=True), actor)
        .prefetch_related("labs")
        .annotate(total_hours=Sum("hours__hours"))
    )
    if skill:
        volunteers = volunteers.filter(skills__icontains=skill)
    if weekday is not None:
        volunteers = volunteers.filter(Q(weekdays="") | Q(weekdays__contains=str(weekday)))
    if lab is not None:
        volunteers = volunteers.filter(labs=lab)
    return volunteers.order_by("name")


def volunteer_get(*, actor: Membership | None, pk: int) -> Volunteer | None:
    return lab_scope(Volunteer.objects.all(), actor).prefetch_related("labs").filter(pk=pk).first()


def volunteer_hours_list(*, actor: Membership | None) -> QuerySet[VolunteerHours]:
    return lab_scope(VolunteerHours.objects.select_related("volunteer", "lab"), actor, lab_path="volunteer__")


def help_network_list(*, actor: Membership | None) -> QuerySet[HelpNetwork]:
    return lab_scope(HelpNetwork.objects.select_related("territory", "lab"), actor).annotate(
        member_count=Count("members", filter=Q(members__is_active=True), distinct=True),
        open_requests=Count("requests", filter=Q(requests__status=HelpRequest.Status.OPEN), distinct=True),
    )


def help_network_get(*, actor: Membership | None, pk: int) -> HelpNetwork | None:
    return lab_scope(HelpNetwork.objects.select_related("territory", "lab"), actor).filter(pk=pk).first()


def help_need_list(*, actor: Membership | None, model: type[N]) -> QuerySet[N]:
    """Offers or requests of help (``model``) of the networks in scope, with what their pages show."""
    related = ["neighbourhood", "network", *(["matched_offer"] if model is HelpRequest else [])]
    return lab_scope(model._default_manager.select_related(*related), actor, lab_path="network__")


def help_member_list(*, actor: Membership | None) -> QuerySet[HelpNetworkMember]:
    return lab_scope(HelpNetworkMember.objects.select_related("neighbourhood"), actor, lab_path="network__")


def need_of(item: HelpNeed) -> matching.Need:
    """The plain data matching looks at (``neighbourhood`` should be selected with the item)."""
    return matching.Need(
        key=item.pk,
        kind=item.kind,
        neighbourhood_path=item.neighbourhood.path,
        weekdays=matching.parse_weekdays(item.weekdays),
        time_from=item.time_from,
        time_to=item.time_to,
    )


def help_request_candidates(*, request: HelpRequest) -> list[tuple[HelpOffer, matching.Match]]:
    """Active offers of the request's network that fit it, best first (see :mod:`matching`)."""
    offers = {
        offer.pk: offer
        for offer in HelpOffer.objects.filter(network_id=request.network_id, is_active=True, kind=request.kind)
        .select_related("neighbourhood")
        .order_by("created_at", "id")
    }
    wanted = need_of(request)
    needs = [need_of(offer) for offer in offers.values()]
    return [(offers[m.offer_key], m) for m in matching.match_offers(wanted, needs)]
