"""Writes of the hosting network: hosts and their availability, emergency requests, placements
under the capacity rule, and the append-only support ledger. Every function takes the acting
membership and runs in one transaction: a refusal changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.accounts.permissions import can_see_territory
from abitare.core.exceptions import Conflict, DomainError, NotAllowed, ValidationFailed
from abitare.core.money import euro
from abitare.hosting import capacity as beds
from abitare.hosting.models import EmergencyRequest, Host, HostAvailability, HostSupportEntry, Placement
from abitare.hosting.selectors import periods_of, stays_of
from abitare.registry.models import Household, Person

Subject = Household | Person


def _require_in_scope(actor: Membership, record: Household | Person | Host | EmergencyRequest | Placement) -> None:
    if record.organisation_id != actor.organisation_id or not can_see_territory(actor, record.territory.path):
        raise NotAllowed(_("This record belongs to another organisation or territory."))


def _subject(household: Household | None, person: Person | None) -> Subject:
    if (household is None) == (person is None):
        raise DomainError(_("Choose either a household or a person."), field="household")
    return household or person  # type: ignore[return-value]


@transaction.atomic
def host_create(
    *,
    actor: Membership,
    household: Household | None = None,
    person: Person | None = None,
    capacity: int,
    conditions: str = "",
    offers_room: bool = True,
    offers_meals: bool = False,
    offers_accompaniment: bool = False,
    pets_allowed: bool = False,
    step_free: bool = False,
) -> Host:
    """Enrol a household or a person of the registry as a host family of the network."""
    subject = _subject(household, person)
    _require_in_scope(actor, subject)
    if capacity < 1:
        raise DomainError(_("A host takes at least one guest."), field="capacity")
    existing = Host.objects.filter(household=household) if household else Host.objects.filter(person=person)
    if existing.exclude(status=Host.Status.LEFT).exists():
        raise DomainError(_("This household or person is already a host of the network."), field="household")
    return Host.objects.create(
        organisation_id=actor.organisation_id,
        territory=subject.territory,
        household=household,
        person=person,
        capacity=capacity,
        conditions=conditions,
        offers_room=offers_room,
        offers_meals=offers_meals,
        offers_accompaniment=offers_accompaniment,
        pets_allowed=pets_allowed,
        step_free=step_free,
    )


@transaction.atomic
def host_update(
    *,
    actor: Membership,
    host: Host,
    capacity: int,
    conditions: str,
    offers_room: bool,
    offers_meals: bool,
    offers_accompaniment: bool,
    pets_allowed: bool,
    step_free: bool,
    status: str,
) -> Host:
    """Change what a host offers. A lower capacity is refused while a placement would not fit it."""
    _require_in_scope(actor, host)
    locked = Host.objects.select_for_update().get(pk=host.pk)
    if capacity < 1:
        raise DomainError(_("A host takes at least one guest."), field="capacity")
    if status not in Host.Status.values:
        raise DomainError(_("Unknown status."), field="status")
    today = timezone.localdate()
    future = Placement.objects.filter(host=locked).filter(
        Q(actual_end__isnull=True, planned_end__gt=today) | Q(actual_end__gt=today)
    )
    if future.exists():
        last = max(p.end for p in future)
        if capacity < beds.peak_guests(stays_of(future), today, last):
            raise DomainError(
                _("The placements already agreed need more beds than that: end or move them first."),
                field="capacity",
            )
    locked.capacity = capacity
    locked.conditions = conditions
    locked.offers_room = offers_room
    locked.offers_meals = offers_meals
    locked.offers_accompaniment = offers_accompaniment
    locked.pets_allowed = pets_allowed
    locked.step_free = step_free
    locked.status = status
    locked.save()
    return locked


@transaction.atomic
def host_availability_add(
    *, actor: Membership, host: Host, start: datetime.date, end: datetime.date
) -> HostAvailability:
    """Add a period in which the host can take guests (first and last night included)."""
    _require_in_scope(actor, host)
    if end < start:
        raise DomainError(_("The period ends before it starts."), field="end")
    if host.availabilities.filter(start__lte=end, end__gte=start).exists():
        raise DomainError(_("This period overlaps another period of the host: change that one instead."), field="start")
    return HostAvailability.objects.create(host=host, start=start, end=end)


@transaction.atomic
def host_availability_remove(*, actor: Membership, availability: HostAvailability) -> None:
    """Remove a period; refused while a placement not yet ended falls inside it."""
    host = Host.objects.select_for_update().get(pk=availability.host_id)
    _require_in_scope(actor, host)
    inside = Placement.objects.filter(
        host=host, start__gte=availability.start, start__lte=availability.end, actual_end__isnull=True
    )
    if inside.exists():
        raise DomainError(_("A placement falls in this period: end it before removing the period."))
    availability.delete()


@transaction.atomic
def request_create(
    *,
    actor: Membership,
    household: Household | None = None,
    person: Person | None = None,
    guests: int,
    wanted_from: datetime.date,
    wanted_until: datetime.date,
    requested_by: str,
    urgency: str = EmergencyRequest.Urgency.URGENT,
    needs: str = "",
    needs_step_free: bool = False,
    needs_meals: bool = False,
    needs_accompaniment: bool = False,
    has_pets: bool = False,
) -> EmergencyRequest:
    """Record an emergency request for hosting; it opens on the work list."""
    subject = _subject(household, person)
    _require_in_scope(actor, subject)
    errors: dict[str, list[object]] = {}
    if guests < 1:
        errors["guests"] = [_("At least one guest.")]
    if wanted_until <= wanted_from:
        errors["wanted_until"] = [_("The stay must end after it starts (at least one night).")]
    if urgency not in EmergencyRequest.Urgency.values:
        errors["urgency"] = [_("Unknown urgency.")]
    if not requested_by.strip():
        errors["requested_by"] = [_("Say who asked for hosting.")]
    if errors:
        raise ValidationFailed(errors)
    return EmergencyRequest.objects.create(
        organisation_id=actor.organisation_id,
        territory=subject.territory,
        household=household,
        person=person,
        guests=guests,
        wanted_from=wanted_from,
        wanted_until=wanted_until,
        requested_by=requested_by.strip(),
        urgency=urgency,
        needs=needs,
        needs_step_free=needs_step_free,
        needs_meals=needs_meals,
        needs_accompaniment=needs_accompaniment,
        has_pets=has_pets,
        recorded_by=actor.user,
    )


@transaction.atomic
def request_set_status(
    *, actor: Membership, request: EmergencyRequest, status: str, reason: str = ""
) -> EmergencyRequest:
    """Close or withdraw a request (with a reason). A request with a placement not ended cannot close."""
    _require_in_scope(actor, request)
    locked = EmergencyRequest.objects.select_for_update().get(pk=request.pk)
    if not locked.can_move_to(status):
        raise DomainError(
            _("A request cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": locked.get_status_display(),
                "to": EmergencyRequest.Status(status).label if status in EmergencyRequest.Status.values else status,
            },
            field="status",
        )
    if not reason.strip():
        raise DomainError(_("Give the reason."), field="reason")
    if locked.placements.filter(actual_end__isnull=True).exists():
        raise DomainError(_("A placement of this request has not ended: end it first."), field="status")
    locked.status = status
    locked.status_reason = reason.strip()[:300]
    locked.save(update_fields=["status", "status_reason", "updated_at"])
    return locked


@transaction.atomic
def placement_create(
    *,
    actor: Membership,
    request: EmergencyRequest,
    host: Host,
    start: datetime.date,
    planned_end: datetime.date,
    guests: int | None = None,
) -> Placement:
    """Place the guests of an open request with a host. The host's row is locked, so two operators
    placing at once into the last bed cannot both succeed: on every night the guests of the host's
    placements sum to at most its capacity, and the stay lies inside one availability period."""
    _require_in_scope(actor, request)
    _require_in_scope(actor, host)
    locked_host = Host.objects.select_for_update().get(pk=host.pk)
    locked_request = EmergencyRequest.objects.select_for_update().get(pk=request.pk)
    count = locked_request.guests if guests is None else guests
    if locked_request.status != EmergencyRequest.Status.OPEN:
        raise Conflict(_("The request is no longer open."), field="request")
    if locked_host.status != Host.Status.ACTIVE:
        raise DomainError(_("The host is not active."), field="host")
    errors: dict[str, list[object]] = {}
    if count < 1 or count > locked_request.guests:
        errors["guests"] = [_("Between one and the request's %(n)s guests.") % {"n": locked_request.guests}]
    if planned_end <= start:
        errors["planned_end"] = [_("The stay must end after it starts (at least one night).")]
    if errors:
        raise ValidationFailed(errors)
    if not beds.within_availability(periods_of(locked_host.availabilities.all()), start, planned_end):
        raise DomainError(_("The host is not available for every night of this stay."), field="start")
    overlapping = Placement.objects.filter(host=locked_host, start__lt=planned_end).filter(
        Q(actual_end__isnull=True, planned_end__gt=start) | Q(actual_end__gt=start)
    )
    free = beds.free_beds(locked_host.capacity, stays_of(overlapping), start, planned_end)
    if count > free:
        raise Conflict(
            _("The host has %(free)s free beds on some night of this stay, %(n)s are needed.")
            % {"free": free, "n": count},
            field="host",
        )
    placement = Placement.objects.create(
        organisation_id=locked_request.organisation_id,
        territory=locked_request.territory,
        host=locked_host,
        request=locked_request,
        guests=count,
        start=start,
        planned_end=planned_end,
        recorded_by=actor.user,
    )
    locked_request.status = EmergencyRequest.Status.PLACED
    locked_request.save(update_fields=["status", "updated_at"])
    return placement


@transaction.atomic
def placement_end(*, actor: Membership, placement: Placement, on: datetime.date, reason: str = "") -> Placement:
    """Record the day the guests left (not after the planned end, not before the start). When the
    request has no placement left open it is closed."""
    _require_in_scope(actor, placement)
    locked = Placement.objects.select_for_update().get(pk=placement.pk)
    if locked.actual_end is not None:
        raise Conflict(_("This placement has already ended."), field="actual_end")
    if on < locked.start or on > locked.planned_end:
        raise DomainError(
            _("The end must be between the start and the planned end (%(start)s – %(end)s).")
            % {"start": f"{locked.start:%d/%m/%Y}", "end": f"{locked.planned_end:%d/%m/%Y}"},
            field="actual_end",
        )
    locked.actual_end = on
    locked.end_reason = reason.strip()[:300]
    locked.save(update_fields=["actual_end", "end_reason", "updated_at"])
    request = EmergencyRequest.objects.select_for_update().get(pk=locked.request_id)
    if (
        request.status == EmergencyRequest.Status.PLACED
        and not request.placements.filter(actual_end__isnull=True).exists()
    ):
        request.status = EmergencyRequest.Status.CLOSED
        request.status_reason = locked.end_reason
        request.save(update_fields=["status", "status_reason", "updated_at"])
    return locked


@transaction.atomic
def support_record(
    *,
    actor: Membership,
    host: Host,
    kind: str,
    occurred_on: datetime.date,
    amount: Decimal | None = None,
    hours: Decimal | None = None,
    description: str = "",
) -> HostSupportEntry:
    """Append support given to a host: hours of home care, or euro of food vouchers or reimbursements."""
    _require_in_scope(actor, host)
    errors: dict[str, list[object]] = {}
    if kind not in HostSupportEntry.Kind.values:
        errors["kind"] = [_("Unknown kind of support.")]
    elif kind in HostSupportEntry.HOUR_KINDS:
        if hours is None or hours <= 0:
            errors["hours"] = [_("Give the hours, more than zero.")]
        if amount is not None:
            errors["amount"] = [_("Home care is recorded in hours, not euro.")]
    else:
        if amount is None or amount <= 0:
            errors["amount"] = [_("Give the amount in euro, more than zero.")]
        if hours is not None:
            errors["hours"] = [_("This support is recorded in euro, not hours.")]
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = [_("Support is recorded once given: the date cannot be in the future.")]
    if errors:
        raise ValidationFailed(errors)
    return HostSupportEntry.objects.create(
        organisation_id=host.organisation_id,
        territory=host.territory,
        host=host,
        kind=kind,
        amount=euro(amount) if amount is not None else None,
        hours=Decimal(hours).quantize(Decimal("0.01")) if hours is not None else None,
        occurred_on=occurred_on,
        description=description.strip()[:300],
        recorded_by=actor.user,
    )


@transaction.atomic
def support_reverse(*, actor: Membership, entry: HostSupportEntry, reason: str) -> HostSupportEntry:
    """Reverse a mistaken entry with a new one of opposite sign; an entry is reversed once, and a
    reversal is never reversed (record the support again instead)."""
    host = Host.objects.select_for_update().get(pk=entry.host_id)
    _require_in_scope(actor, host)
    if not reason.strip():
        raise DomainError(_("Give the reason for the reversal."), field="reason")
    if entry.reverses_id is not None:
        raise DomainError(_("A reversal cannot be reversed: record the support again."), field="reason")
    if HostSupportEntry.objects.filter(reverses=entry).exists():
        raise Conflict(_("This entry has already been reversed."), field="reason")
    return HostSupportEntry.objects.create(
        organisation_id=entry.organisation_id,
        territory_id=entry.territory_id,
        host=host,
        kind=entry.kind,
        amount=-entry.amount if entry.amount is not None else None,
        hours=-entry.hours if entry.hours is not None else None,
        occurred_on=timezone.localdate(),
        description=reason.strip()[:300],
        reverses=entry,
        recorded_by=actor.user,
    )
