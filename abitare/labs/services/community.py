"""Writes for volunteers (people who give time, hours given) and help networks (micro-reti di
aiuto: members, offers, requests and their matching)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from functools import partial
from typing import TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Organisation, Territory
from abitare.core.exceptions import Conflict, DomainError
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
from abitare.labs.selectors.community import need_of

N = TypeVar("N", bound=HelpNeed)

MAX_HOURS_A_DAY = Decimal(24)


def _weekdays(days: Iterable[int]) -> str:
    values = set(days)
    if not values <= set(range(7)):
        raise DomainError(_("Weekdays go from 0 (Monday) to 6 (Sunday)."), field="weekdays")
    return matching.format_weekdays(values)


def _check_window(time_from: datetime.time | None, time_to: datetime.time | None) -> None:
    if (time_from is None) != (time_to is None):
        raise DomainError(_("Give both the start and the end of the time, or neither."), field="time_to")
    if time_from is not None and time_to is not None and time_to <= time_from:
        raise DomainError(_("The end must come after the start."), field="time_to")


@transaction.atomic
def volunteer_create(
    *,
    actor: Membership | None,
    labs: Iterable[Lab],
    name: str,
    consent: bool,
    email: str = "",
    phone: str = "",
    skills: str = "",
    availability: str = "",
    weekdays: Iterable[int] = (),
) -> Volunteer:
    """Record a person who offers time to one or more labs (the first lab's organisation and
    territory hold the record). ``actor`` is None when the citizen signs up on the public form."""
    chosen = list(labs)
    if not chosen:
        raise DomainError(_("Choose at least one lab."), field="labs")
    if not consent:
        raise DomainError(_("Accept the privacy notice to offer your time."), field="consent")
    if not email.strip() and not phone.strip():
        raise DomainError(_("Leave an e-mail address or a phone number so the lab can reach you."), field="email")
    first = chosen[0]
    email = email.strip().lower()
    if email and Volunteer.objects.filter(organisation_id=first.organisation_id, email=email, is_active=True).exists():
        raise Conflict(_("This e-mail address has already offered its time here."), field="email")
    volunteer = Volunteer(
        organisation_id=first.organisation_id,
        territory_id=first.territory_id,
        name=name.strip(),
        email=email,
        phone=phone.strip(),
        skills=skills.strip(),
        availability=availability.strip(),
        weekdays=_weekdays(weekdays),
        consent_at=timezone.now(),
    )
    volunteer.full_clean()
    volunteer.save()
    volunteer.labs.set(chosen)
    return volunteer


@transaction.atomic
def volunteer_hours_record(
    *, actor: Membership, volunteer: Volunteer, lab: Lab, date: datetime.date, hours: Decimal
) -> VolunteerHours:
    """Add the hours a volunteer gave to a lab on a day (no future days, at most 24 hours a day)."""
    if date > timezone.localdate():
        raise DomainError(_("Hours can be recorded only for days that have passed."), field="date")
    if hours <= 0:
        raise DomainError(_("Give a number of hours greater than zero."), field="hours")
    Volunteer.objects.select_for_update().filter(pk=volunteer.pk).first()
    already = sum((h.hours for h in VolunteerHours.objects.filter(volunteer=volunteer, date=date)), start=Decimal(0))
    if already + hours > MAX_HOURS_A_DAY:
        raise DomainError(_("That makes more than 24 hours on %(date)s.") % {"date": f"{date:%d/%m/%Y}"}, field="hours")
    entry = VolunteerHours.objects.create(volunteer=volunteer, lab=lab, date=date, hours=hours)
    volunteer.labs.add(lab)
    return entry


@transaction.atomic
def help_network_create(
    *,
    actor: Membership,
    name: str,
    kind: str,
    organisation: Organisation,
    territory: Territory,
    lab: Lab | None = None,
    description: str = "",
) -> HelpNetwork:
    """Start a help network in a territory, optionally hosted by a lab."""
    if not any(territory.path.startswith(t.path) for t in organisation.territories.all()):
        raise DomainError(_("The organisation does not work in this territory."), field="territory")
    network = HelpNetwork(
        name=name, kind=kind, organisation=organisation, territory=territory, lab=lab, description=description
    )
    network.full_clean()
    network.save()
    return network


def _check_neighbourhood(network: HelpNetwork, neighbourhood: Territory) -> None:
    if not neighbourhood.path.startswith(network.territory.path):
        raise DomainError(_("The neighbourhood is outside the network's territory."), field="neighbourhood")


@transaction.atomic
def help_member_add(
    *,
    actor: Membership,
    network: HelpNetwork,
    name: str,
    neighbourhood: Territory,
    consent: bool,
    email: str = "",
    phone: str = "",
) -> HelpNetworkMember:
    """A citizen joins a help network (with consent to the privacy notice)."""
    if not consent:
        raise DomainError(_("The member must accept the privacy notice."), field="consent")
    _check_neighbourhood(network, neighbourhood)
    email = email.strip().lower()
    if email and network.members.filter(email=email, is_active=True).exists():
        raise Conflict(_("This person is already a member of the network."), field="email")
    member = HelpNetworkMember(
        network=network,
        name=name.strip(),
        email=email,
        phone=phone.strip(),
        neighbourhood=neighbourhood,
        consent_at=timezone.now(),
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def help_need_create(
    *,
    actor: Membership,
    model: type[N],
    network: HelpNetwork,
    person_name: str,
    kind: str,
    description: str,
    neighbourhood: Territory,
    weekdays: Iterable[int] = (),
    time_from: datetime.time | None = None,
    time_to: datetime.time | None = None,
) -> N:
    """A member offers (``model=HelpOffer``) or asks for (``HelpRequest``) help of a kind, in a
    neighbourhood of the network's territory, on some weekdays and hours."""
    _check_neighbourhood(network, neighbourhood)
    _check_window(time_from, time_to)
    need = model(
        network=network,
        person_name=person_name.strip(),
        kind=kind,
        description=description,
        neighbourhood=neighbourhood,
        weekdays=_weekdays(weekdays),
        time_from=time_from,
        time_to=time_to,
    )
    need.full_clean()
    need.save()
    return need


help_offer_create = partial(help_need_create, model=HelpOffer)
help_request_create = partial(help_need_create, model=HelpRequest)


@transaction.atomic
def help_request_match(*, actor: Membership, request: HelpRequest, offer: HelpOffer) -> HelpRequest:
    """Pair an open request with an active offer of the same network that fits it."""
    request = HelpRequest.objects.select_for_update().select_related("neighbourhood").get(pk=request.pk)
    if request.status != HelpRequest.Status.OPEN:
        raise Conflict(_("This request is no longer open."))
    if offer.network_id != request.network_id or not offer.is_active:
        raise DomainError(_("The offer is not active in this network."), field="offer")
    if matching.fits(need_of(request), need_of(offer)) is None:
        raise DomainError(_("The offer does not fit the request (kind, neighbourhood or time)."), field="offer")
    request.status = HelpRequest.Status.MATCHED
    request.matched_offer = offer
    request.save(update_fields=["status", "matched_offer", "updated_at"])
    return request


@transaction.atomic
def help_request_close(*, actor: Membership, request: HelpRequest) -> HelpRequest:
    """Close a request (help given, or no longer needed)."""
    request = HelpRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == HelpRequest.Status.CLOSED:
        raise Conflict(_("This request is already closed."))
    request.status = HelpRequest.Status.CLOSED
    request.save(update_fields=["status", "updated_at"])
    return request
