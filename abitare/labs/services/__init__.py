"""Writes for labs: creation and phases, activities and their exceptions, registrations with a
waiting list, attendance and head counts. Views, API and the demo loader all call these."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Organisation, Territory
from abitare.core.exceptions import Conflict, DomainError
from abitare.labs import recurrence
from abitare.labs.models import (
    Activity,
    ActivityException,
    Attendance,
    HeadCount,
    Lab,
    LabPhaseChange,
    Occurrence,
    Place,
    Registration,
    Tag,
)
from abitare.labs.selectors import exception_specs
from abitare.labs.services.agora import agora_invitation_answer as agora_invitation_answer
from abitare.labs.services.agora import agora_participants_set
from abitare.labs.services.community import (
    help_member_add as help_member_add,
)
from abitare.labs.services.community import (
    help_network_create as help_network_create,
)
from abitare.labs.services.community import (
    help_offer_create as help_offer_create,
)
from abitare.labs.services.community import (
    help_request_close as help_request_close,
)
from abitare.labs.services.community import (
    help_request_create as help_request_create,
)
from abitare.labs.services.community import (
    help_request_match as help_request_match,
)
from abitare.labs.services.community import (
    volunteer_create as volunteer_create,
)
from abitare.labs.services.community import (
    volunteer_hours_record as volunteer_hours_record,
)
from abitare.labs.services.council import council_meeting_record as council_meeting_record


def _organisation_works_in(organisation: Organisation, territory: Territory) -> bool:
    return any(territory.path.startswith(t.path) for t in organisation.territories.all())


# First path segments of labs/urls.py that a lab's address must not shadow.
RESERVED_SLUGS = frozenset({"calendario", "territorio", "attivita", "gestione", "reti", "offri-il-tuo-tempo"})


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "lab"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Lab.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def tag_get_or_create(*, name: str) -> Tag:
    tag, _created = Tag.objects.get_or_create(slug=slugify(name)[:50], defaults={"name": name})
    return tag


@transaction.atomic
def place_create(
    *,
    actor: Membership,
    name: str,
    territory: Territory,
    organisation: Organisation,
    street: str,
    city: str,
    postal_code: str = "",
    latitude: Any = None,
    longitude: Any = None,
    step_free: bool = False,
    accessibility: str = "",
    opening_hours: Sequence[tuple[int, datetime.time, datetime.time]] = (),
) -> Place:
    """Add a place with its weekly opening hours (weekday 0 = Monday)."""
    place = Place(
        name=name,
        territory=territory,
        organisation=organisation,
        street=street,
        city=city,
        postal_code=postal_code,
        latitude=latitude,
        longitude=longitude,
        step_free=step_free,
        accessibility=accessibility,
    )
    place.full_clean()
    place.save()
    for weekday, opens_at, closes_at in opening_hours:
        if closes_at <= opens_at:
            raise DomainError(_("A place must close after it opens."), field="opening_hours")
        place.opening_hours.create(weekday=weekday, opens_at=opens_at, closes_at=closes_at)
    return place


@transaction.atomic
def lab_create(
    *,
    actor: Membership,
    name: str,
    kind: str,
    territory: Territory,
    organisation: Organisation,
    main_place: Place | None = None,
    description: str = "",
    tags: Iterable[Tag] = (),
    email: str = "",
    phone: str = "",
    phase: str = Lab.Phase.ENGAGEMENT,
    started_on: datetime.date | None = None,
) -> Lab:
    """Open a lab led by ``organisation`` in ``territory``; its first phase goes into the history."""
    if not _organisation_works_in(organisation, territory):
        raise DomainError(_("The lead organisation does not work in this territory."), field="territory")
    lab = Lab(
        name=name,
        slug=_unique_slug(name),
        kind=kind,
        territory=territory,
        organisation=organisation,
        main_place=main_place,
        description=description,
        email=email,
        phone=phone,
        phase=phase,
    )
    lab.full_clean()
    lab.save()
    lab.tags.set(list(tags))
    if main_place is not None:
        lab.places.add(main_place)
    LabPhaseChange.objects.create(
        lab=lab, phase_from="", phase_to=phase, date=started_on or timezone.localdate(), actor=actor.user
    )
    return lab


@transaction.atomic
def lab_phase_change(*, actor: Membership, lab: Lab, phase: str, date: datetime.date, note: str = "") -> Lab:
    """Move a lab one phase forward (or back), recording the date and a note in its history."""
    lab = Lab.objects.select_for_update().get(pk=lab.pk)
    if phase not in Lab.PHASE_TRANSITIONS.get(lab.phase, set()):
        raise Conflict(
            _("A lab in phase “%(current)s” cannot move to “%(wanted)s”.")
            % {"current": lab.get_phase_display(), "wanted": Lab.Phase(phase).label if phase in Lab.Phase else phase},
            field="phase",
        )
    last = lab.phase_changes.order_by("-date").values_list("date", flat=True).first()
    if last is not None and date < last:
        raise DomainError(_("The change cannot be dated before the previous one."), field="date")
    LabPhaseChange.objects.create(lab=lab, phase_from=lab.phase, phase_to=phase, date=date, note=note, actor=actor.user)
    lab.phase = phase
    lab.save(update_fields=["phase", "updated_at"])
    return lab


LAB_EDITABLE = frozenset({"name", "kind", "main_place", "description", "email", "phone", "is_published"})


@transaction.atomic
def lab_update(*, actor: Membership, lab: Lab, tags: Iterable[Tag] | None = None, **changes: Any) -> Lab:
    """Change a lab's public details; its phase changes only through :func:`lab_phase_change`."""
    unknown = set(changes) - LAB_EDITABLE
    if unknown:
        raise DomainError(
            _("These details cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    lab = Lab.objects.select_for_update().get(pk=lab.pk)
    for name, value in changes.items():
        setattr(lab, name, value)
    lab.full_clean()
    lab.save()
    if tags is not None:
        lab.tags.set(list(tags))
    if lab.main_place_id is not None:
        lab.places.add(lab.main_place_id)
    return lab


@transaction.atomic
def lab_place_connect(*, actor: Membership, lab: Lab, place: Place) -> Lab:
    """Add a connected place to a lab (a library, a courtyard where it also meets)."""
    lab.places.add(place)
    return lab


PLACE_EDITABLE = frozenset(
    {"name", "street", "postal_code", "city", "latitude", "longitude", "step_free", "accessibility", "territory"}
)


@transaction.atomic
def place_update(
    *,
    actor: Membership,
    place: Place,
    opening_hours: Sequence[tuple[int, datetime.time, datetime.time]] | None = None,
    **changes: Any,
) -> Place:
    """Change a place's address, coordinates or accessibility; ``opening_hours`` replaces them all."""
    unknown = set(changes) - PLACE_EDITABLE
    if unknown:
        raise DomainError(
            _("These details cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    place = Place.objects.select_for_update().get(pk=place.pk)
    for name, value in changes.items():
        setattr(place, name, value)
    place.full_clean()
    place.save()
    if opening_hours is not None:
        place.opening_hours.all().delete()
        for weekday, opens_at, closes_at in opening_hours:
            if closes_at <= opens_at:
                raise DomainError(_("A place must close after it opens."), field="opening_hours")
            place.opening_hours.create(weekday=weekday, opens_at=opens_at, closes_at=closes_at)
    return place


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


def _send(subject: str, body: str, to: str) -> None:
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to]))


def _notify_registration(registration: Registration, *, promoted: bool = False) -> None:
    occurrence = registration.occurrence
    activity = occurrence.activity
    when = f"{timezone.localtime(occurrence.start):%d/%m/%Y %H:%M}"
    if registration.status == Registration.Status.CONFIRMED:
        subject = (
            gettext("A place has become free: you are registered for %(title)s")
            if promoted
            else gettext("You are registered for %(title)s")
        ) % {"title": activity.title}
        body = gettext("Hello %(name)s,\nyour place at “%(title)s” on %(when)s at %(place)s is confirmed.\n")
    else:
        subject = gettext("You are on the waiting list for %(title)s") % {"title": activity.title}
        body = gettext(
            "Hello %(name)s,\n“%(title)s” on %(when)s is full: you are on the waiting list. "
            "We will write to you if a place becomes free.\n"
        )
    body %= {"name": registration.name, "title": activity.title, "when": when, "place": activity.place.address}
    _send(subject, body, registration.email)


@transaction.atomic
def registration_create(
    *,
    actor: Membership | None,
    activity: Activity,
    start: datetime.datetime,
    name: str,
    email: str,
    consent: bool,
    phone: str = "",
    first_time: bool | None = None,
) -> Registration:
    """Sign a person up for one occurrence: confirmed while places last, then on the waiting list.

    The occurrence row is locked so two sign-ups for the last place cannot both be confirmed;
    the person gets an e-mail once the transaction commits. ``actor`` is None for citizens.
    """
    if not consent:
        raise DomainError(_("Accept the privacy notice to register."), field="consent")
    if not activity.registration_required:
        raise DomainError(_("This activity needs no registration: just come along."))
    if start <= timezone.now():
        raise DomainError(_("This date has already passed."), field="start")
    occurrence = occurrence_get_or_create(activity=activity, start=start)
    occurrence = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    email = email.strip().lower()
    active = Registration.objects.filter(occurrence=occurrence).exclude(status=Registration.Status.CANCELLED)
    if active.filter(email=email).exists():
        raise Conflict(_("This e-mail address is already registered for this date."), field="email")
    confirmed = active.filter(status=Registration.Status.CONFIRMED).count()
    full = activity.capacity is not None and confirmed >= activity.capacity
    registration = Registration.objects.create(
        occurrence=occurrence,
        name=name.strip(),
        email=email,
        phone=phone.strip(),
        status=Registration.Status.WAITING if full else Registration.Status.CONFIRMED,
        consent_at=timezone.now(),
        first_time=first_time,
        registered_by=actor.user if actor else None,
    )
    _notify_registration(registration)
    return registration


@transaction.atomic
def registration_cancel(*, actor: Membership | None, registration: Registration) -> Registration:
    """Cancel a registration; if it held a place, the first person waiting gets it and an e-mail."""
    Occurrence.objects.select_for_update().get(pk=registration.occurrence_id)
    registration = Registration.objects.select_related("occurrence__activity__place").get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise Conflict(_("This registration is already cancelled."))
    held_place = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    if held_place:
        waiting = (
            Registration.objects.filter(occurrence=registration.occurrence, status=Registration.Status.WAITING)
            .select_related("occurrence__activity__place")
            .order_by("created_at", "id")
            .first()
        )
        if waiting is not None:
            waiting.status = Registration.Status.CONFIRMED
            waiting.save(update_fields=["status", "updated_at"])
            _notify_registration(waiting, promoted=True)
    return registration


@transaction.atomic
def attendance_record(
    *,
    actor: Membership,
    activity: Activity,
    start: datetime.datetime,
    present_registrations: Iterable[int],
    walk_ins: Iterable[tuple[str, bool | None]] = (),
) -> list[Attendance]:
    """Mark who was present among the registered (unticked ones are removed, so posting twice is
    harmless) and add named walk-ins with whether it is their first civic participation."""
    occurrence = occurrence_get_or_create(activity=activity, start=start)
    registrations = {
        r.pk: r for r in Registration.objects.filter(occurrence=occurrence, status=Registration.Status.CONFIRMED)
    }
    wanted = set(present_registrations)
    if not wanted <= registrations.keys():
        raise DomainError(_("Someone in the list is not registered for this date."), field="present")
    Attendance.objects.filter(occurrence=occurrence, registration__isnull=False).exclude(
        registration_id__in=wanted
    ).delete()
    already = set(
        Attendance.objects.filter(occurrence=occurrence, registration_id__in=wanted).values_list(
            "registration_id", flat=True
        )
    )
    for pk in sorted(wanted - already):
        registration = registrations[pk]
        Attendance.objects.create(
            occurrence=occurrence, registration=registration, name=registration.name, first_time=registration.first_time
        )
    for name, first_time in walk_ins:
        if name.strip():
            Attendance.objects.create(occurrence=occurrence, name=name.strip(), first_time=first_time)
    return list(Attendance.objects.filter(occurrence=occurrence).order_by("name"))


@transaction.atomic
def head_count_record(
    *, actor: Membership, activity: Activity, start: datetime.datetime, counts: Mapping[tuple[str, str], int]
) -> list[HeadCount]:
    """Set the anonymous head counts of an occurrence by (age band, sex); a zero removes the cell."""
    occurrence = occurrence_get_or_create(activity=activity, start=start)
    for (age_band, sex), count in counts.items():
        if age_band not in HeadCount.AgeBand.values or sex not in HeadCount.Sex.values:
            raise DomainError(_("Unknown age band or sex."), field="counts")
        if count < 0:
            raise DomainError(_("A head count cannot be negative."), field="counts")
        if count == 0:
            HeadCount.objects.filter(occurrence=occurrence, age_band=age_band, sex=sex).delete()
        else:
            HeadCount.objects.update_or_create(
                occurrence=occurrence, age_band=age_band, sex=sex, defaults={"count": count}
            )
    return list(HeadCount.objects.filter(occurrence=occurrence).filter(~Q(count=0)))
