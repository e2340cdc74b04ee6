"""Writes for activities: scheduling without double-booking a place, and cancelling or moving
one occurrence."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.exceptions import Conflict, DomainError
from abitare.labs import recurrence
from abitare.labs.models import Activity, ActivityException, Lab, Occurrence, Place, Tag
from abitare.labs.selectors.calendar import exception_specs
from abitare.labs.services.agora import agora_participants_set


def _check_place_free(
    *, place: Place, occurrences: Sequence[recurrence.Occurrence], exclude_activity_id: int | None = None
) -> None:
    if not occurrences:
        return
    first, last = occurrences[0].start, max(o.end for o in occurrences)
    others = Activity.objects.filter(place=place, dtstart__lt=last, last_end__gt=first).prefetch_related("exceptions")
    if exclude_activity_id is not None:
        others = others.exclude(pk=exclude_activity_id)
    for other in others:
        other_occurrences = recurrence.expand(
            dtstart=other.dtstart,
            duration=other.duration,
            rule=other.rrule,
            window_start=first,
            window_end=last,
            exceptions=exception_specs(other),
        )
        clash = recurrence.overlaps(occurrences, other_occurrences)
        if clash is not None:
            raise Conflict(
                _("The place is already booked on %(when)s by “%(other)s”.")
                % {"when": f"{clash.start:%d/%m/%Y %H:%M}", "other": other.title},
                field="place",
            )


@transaction.atomic
def activity_create(
    *,
    actor: Membership,
    lab: Lab,
    title: str,
    place: Place,
    start: datetime.datetime,
    end: datetime.datetime,
    rrule: str = "",
    description: str = "",
    kind: str = Activity.Kind.ACTIVITY,
    capacity: int | None = None,
    audience: str = Activity.Audience.ALL,
    tags: Iterable[Tag] = (),
    is_free: bool = True,
    registration_required: bool = False,
    participating_labs: Iterable[Lab] = (),
) -> Activity:
    """Schedule an activity (``start``-``end`` is its first occurrence; ``rrule`` repeats it).

    Refused when the end is not after the start, the rule never ends, or the place is already
    booked at one of its occurrences. Only an Agorà has participating labs (the network's labs):
    the host organisation's labs take part at once, another organisation's labs are invited and
    take part once they accept (``agora_invitation_answer``).
    """
    participants = list(participating_labs)
    if participants and kind != Activity.Kind.AGORA:
        raise DomainError(_("Only an Agorà brings other labs together."), field="participating_labs")
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise DomainError(_("Give the date and time with its time zone."), field="start")
    if end <= start:
        raise DomainError(_("The end must come after the start."), field="end")
    if registration_required and capacity is None:
        raise DomainError(_("An activity with registration needs a capacity."), field="capacity")
    # Lock the place so two activities cannot both pass the overlap check at once.
    Place.objects.select_for_update().filter(pk=place.pk).first()
    rule = recurrence.normalise_rule(rrule)
    occurrences = recurrence.all_occurrences(dtstart=start, duration=end - start, rule=rule)
    _check_place_free(place=place, occurrences=occurrences)
    activity = Activity(
        lab=lab,
        kind=kind,
        title=title,
        description=description,
        place=place,
        dtstart=start,
        duration=end - start,
        rrule=rule,
        last_end=max(o.end for o in occurrences),
        capacity=capacity,
        audience=audience,
        is_free=is_free,
        registration_required=registration_required,
    )
    activity.full_clean()
    activity.save()
    activity.tags.set(list(tags))
    agora_participants_set(actor=actor, activity=activity, labs=participants)
    return activity


def _original_start(activity: Activity, original_start: datetime.datetime) -> datetime.datetime:
    starts = recurrence.original_starts(activity.dtstart, activity.rrule)
    wanted = recurrence.to_rome(original_start)
    if wanted not in starts:
        raise DomainError(_("The activity has no occurrence at that time."), field="original_start")
    return wanted


@transaction.atomic
def activity_occurrence_cancel(
    *, actor: Membership, activity: Activity, original_start: datetime.datetime, note: str = ""
) -> ActivityException:
    """Cancel one occurrence of a recurring activity (it disappears from calendars and feeds)."""
    start = _original_start(activity, original_start)
    exception, _created = ActivityException.objects.update_or_create(
        activity=activity,
        original_start=start,
        defaults={"kind": ActivityException.Kind.CANCELLED, "new_start": None, "note": note},
    )
    return exception


@transaction.atomic
def activity_occurrence_move(
    *,
    actor: Membership,
    activity: Activity,
    original_start: datetime.datetime,
    new_start: datetime.datetime,
    note: str = "",
) -> ActivityException:
    """Move one occurrence to another time; the place must be free then, registrations follow it."""
    if timezone.is_naive(new_start):
        raise DomainError(_("Give the date and time with its time zone."), field="new_start")
    start = _original_start(activity, original_start)
    moved = recurrence.Occurrence(start=new_start, end=new_start + activity.duration, original_start=start)
    _check_place_free(place=activity.place, occurrences=[moved], exclude_activity_id=activity.pk)
    previous = ActivityException.objects.filter(activity=activity, original_start=start).first()
    current_start = previous.new_start if previous is not None and previous.new_start is not None else start
    exception, _created = ActivityException.objects.update_or_create(
        activity=activity,
        original_start=start,
        defaults={"kind": ActivityException.Kind.MOVED, "new_start": new_start, "note": note},
    )
    Occurrence.objects.filter(activity=activity, start=current_start).update(start=new_start)
    if new_start + activity.duration > activity.last_end:
        activity.last_end = new_start + activity.duration
        activity.save(update_fields=["last_end", "updated_at"])
    return exception


def occurrence_find(*, activity: Activity, start: datetime.datetime) -> recurrence.Occurrence:
    """The (not cancelled) occurrence of ``activity`` starting at ``start``, or a DomainError."""
    found = recurrence.expand(
        dtstart=activity.dtstart,
        duration=activity.duration,
        rule=activity.rrule,
        window_start=start,
        window_end=start + datetime.timedelta(seconds=1),
        exceptions=exception_specs(activity),
    )
    for occurrence in found:
        if occurrence.start == start:
            return occurrence
    raise DomainError(_("The activity does not take place at that time."), field="start")


def occurrence_get_or_create(*, activity: Activity, start: datetime.datetime) -> Occurrence:
    occurrence_find(activity=activity, start=start)
    occurrence, _created = Occurrence.objects.get_or_create(activity=activity, start=start)
    return occurrence
