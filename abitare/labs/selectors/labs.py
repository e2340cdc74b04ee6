"""Facilitators' reads of labs, activities, registrations, attendance, reach, councils and places,
scoped to the lab's organisation and territory subtree."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from abitare.accounts.models import Membership
from abitare.accounts.permissions import scope
from abitare.labs.models import Activity, Attendance, CouncilMeeting, HeadCount, Lab, Occurrence, Place, Registration
from abitare.labs.permissions import lab_scope


def lab_list(*, actor: Membership | None) -> QuerySet[Lab]:
    return lab_scope(Lab.objects.select_related("territory", "organisation"), actor)


def lab_get(*, actor: Membership | None, pk: int) -> Lab | None:
    return lab_list(actor=actor).filter(pk=pk).first()


def activity_get(*, actor: Membership | None, pk: int) -> Activity | None:
    return (
        lab_scope(Activity.objects.all(), actor, lab_path="lab__")
        .select_related("lab", "place")
        .prefetch_related("exceptions")
        .filter(pk=pk)
        .first()
    )


def activity_list(*, actor: Membership | None) -> QuerySet[Activity]:
    return (
        lab_scope(Activity.objects.all(), actor, lab_path="lab__")
        .select_related("lab", "place")
        .prefetch_related("exceptions")
    )


def registration_list(*, actor: Membership | None) -> QuerySet[Registration]:
    return lab_scope(
        Registration.objects.select_related("occurrence__activity__lab"),
        actor,
        lab_path="occurrence__activity__lab__",
    )


def registration_get(*, actor: Membership | None, pk: int) -> Registration | None:
    return registration_list(actor=actor).filter(pk=pk).first()


def occurrence_registrations(*, activity: Activity, start: datetime.datetime) -> QuerySet[Registration]:
    """Registrations of one occurrence (call only after the activity was read through a scoped selector)."""
    return Registration.objects.filter(occurrence__activity=activity, occurrence__start=start).order_by(
        "status", "created_at", "id"
    )


def occurrence_attendance(*, activity: Activity, start: datetime.datetime) -> QuerySet[Attendance]:
    return Attendance.objects.filter(occurrence__activity=activity, occurrence__start=start).order_by("name")


def occurrence_head_counts(*, activity: Activity, start: datetime.datetime) -> dict[tuple[str, str], int]:
    return {
        (h.age_band, h.sex): h.count
        for h in HeadCount.objects.filter(occurrence__activity=activity, occurrence__start=start)
    }


@dataclass(frozen=True)
class Reach:
    named: int
    counted: int
    first_time: int
    first_time_known: int

    @property
    def people(self) -> int:
        return self.named + self.counted

    @property
    def first_time_share(self) -> float | None:
        """Share of first-time participants among named participants whose answer is known."""
        return self.first_time / self.first_time_known if self.first_time_known else None


def lab_reach(*, lab: Lab, start: datetime.datetime, end: datetime.datetime) -> Reach:
    """People reached by a lab in a period: named attendances plus anonymous head counts."""
    occurrences = Occurrence.objects.filter(activity__lab=lab, start__gte=start, start__lt=end)
    attendance: dict[str, Any] = Attendance.objects.filter(occurrence__in=occurrences).aggregate(
        named=Count("id"),
        first=Count("id", filter=Q(first_time=True)),
        known=Count("id", filter=Q(first_time__isnull=False)),
    )
    counted = HeadCount.objects.filter(occurrence__in=occurrences).aggregate(total=Sum("count"))["total"] or 0
    return Reach(
        named=attendance["named"],
        counted=counted,
        first_time=attendance["first"],
        first_time_known=attendance["known"],
    )


def lab_reach_many(*, labs: list[Lab], start: datetime.datetime, end: datetime.datetime) -> dict[int, Reach]:
    """:func:`lab_reach` for several labs in two grouped queries."""
    ids = [lab.pk for lab in labs]
    named: dict[int, Any] = {
        row["occurrence__activity__lab"]: row
        for row in Attendance.objects.filter(
            occurrence__activity__lab__in=ids, occurrence__start__gte=start, occurrence__start__lt=end
        )
        .values("occurrence__activity__lab")
        .annotate(
            named=Count("id"),
            first=Count("id", filter=Q(first_time=True)),
            known=Count("id", filter=Q(first_time__isnull=False)),
        )
    }
    counted = dict(
        HeadCount.objects.filter(
            occurrence__activity__lab__in=ids, occurrence__start__gte=start, occurrence__start__lt=end
        )
        .values("occurrence__activity__lab")
        .annotate(total=Sum("count"))
        .values_list("occurrence__activity__lab", "total")
    )
    return {
        pk: Reach(
            named=named.get(pk, {}).get("named", 0),
            counted=counted.get(pk) or 0,
            first_time=named.get(pk, {}).get("first", 0),
            first_time_known=named.get(pk, {}).get("known", 0),
        )
        for pk in ids
    }


def council_meeting_list(*, lab: Lab) -> QuerySet[CouncilMeeting]:
    """A lab's council meetings (call after reading the lab through a scoped selector)."""
    return CouncilMeeting.objects.filter(lab=lab).select_related("place").prefetch_related("attendees")


def place_list(*, actor: Membership | None) -> QuerySet[Place]:
    return scope(
        Place.objects.select_related("territory").prefetch_related("opening_hours"),
        actor,
        organisation_field="organisation",
        territory_field="territory",
    )


def place_get(*, actor: Membership | None, pk: int) -> Place | None:
    return place_list(actor=actor).filter(pk=pk).first()
