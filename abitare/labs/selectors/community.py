"""Facilitators' reads of volunteers and help networks (offers, requests, members and matches)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum

from abitare.accounts.models import Membership
from abitare.labs import matching
from abitare.labs.models import HelpNetwork, HelpNetworkMember, HelpOffer, HelpRequest, Lab, Volunteer, VolunteerHours
from abitare.labs.permissions import lab_scope


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


def help_offer_list(*, actor: Membership | None) -> QuerySet[HelpOffer]:
    return lab_scope(HelpOffer.objects.select_related("neighbourhood", "network"), actor, lab_path="network__")


def help_request_list(*, actor: Membership | None) -> QuerySet[HelpRequest]:
    return lab_scope(
        HelpRequest.objects.select_related("neighbourhood", "network", "matched_offer"),
        actor,
        lab_path="network__",
    )


def help_member_list(*, actor: Membership | None) -> QuerySet[HelpNetworkMember]:
    return lab_scope(HelpNetworkMember.objects.select_related("neighbourhood"), actor, lab_path="network__")


def help_request_candidates(*, request: HelpRequest) -> list[tuple[HelpOffer, matching.Match]]:
    """Active offers of the request's network that fit it, best first (see :mod:`matching`)."""
    offers = {
        offer.pk: offer
        for offer in HelpOffer.objects.filter(network_id=request.network_id, is_active=True, kind=request.kind)
        .select_related("neighbourhood")
        .order_by("created_at", "id")
    }
    wanted = matching.Need(
        key=request.pk,
        kind=request.kind,
        neighbourhood_path=request.neighbourhood.path,
        weekdays=matching.parse_weekdays(request.weekdays),
        time_from=request.time_from,
        time_to=request.time_to,
    )
    needs = [
        matching.Need(
            key=o.pk,
            kind=o.kind,
            neighbourhood_path=o.neighbourhood.path,
            weekdays=matching.parse_weekdays(o.weekdays),
            time_from=o.time_from,
            time_to=o.time_to,
        )
        for o in offers.values()
    ]
    return [(offers[m.offer_key], m) for m in matching.match_offers(wanted, needs)]
