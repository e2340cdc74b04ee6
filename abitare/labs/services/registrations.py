"""Writes for sign-ups and presence: registrations with a waiting list (and their e-mails),
attendance and anonymous head counts."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.exceptions import Conflict, DomainError
from abitare.labs.models import Activity, Attendance, HeadCount, Occurrence, Registration
from abitare.labs.services.activities import occurrence_get_or_create


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
