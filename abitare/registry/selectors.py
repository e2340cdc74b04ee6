"""Reads of people, households, ISEE attestations, consents and consultations, already scoped to
what the membership may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from abitare.accounts.models import Membership, Territory
from abitare.accounts.permissions import scope
from abitare.core import params
from abitare.core.extensions import FileEvent
from abitare.core.figures import Counted, Trend, count_by_territory, count_with_trend, windows
from abitare.registry import codice_fiscale
from abitare.registry.models import (
    SENSITIVE_MODELS,
    Consent,
    Consultation,
    ExportRelease,
    Household,
    HouseholdMember,
    IseeAttestation,
    Person,
    SensitiveRecord,
)
from abitare.registry.permissions import address_view, may_read_sensitive

#: A consultation is open while its follow-up is still to do.
CONSULTATION_OPEN = Q(follow_up_on__isnull=False, follow_up_done=False)


@dataclass(frozen=True)
class PersonFilters:
    q: str = ""
    territory_id: int | None = None

    @classmethod
    def from_query(cls, query: Any) -> PersonFilters:
        return cls(
            q=(query.get("q") or "").strip()[:100],
            territory_id=params.query_id(query, "territory"),
        )


def _territory_filter(queryset: QuerySet[Any], territory_id: int | None, field: str = "territory") -> QuerySet[Any]:
    if territory_id is None:
        return queryset
    territory = Territory.objects.filter(pk=territory_id).first()
    if territory is None:
        return queryset.none()
    return queryset.filter(**{f"{field}__path__startswith": territory.path})


def _name_filter(q: str, prefix: str = "") -> Q:
    """Every word of ``q`` starts the first or last name, whatever the case (so "rossi mar" finds
    Maria Rossi). Reads the indexed lower-case keys."""
    condition = Q()
    for word in q.lower().split():
        condition &= Q(**{f"{prefix}last_name_key__startswith": word}) | Q(
            **{f"{prefix}first_name_key__startswith": word}
        )
    return condition


def person_list(*, actor: Membership | None, filters: PersonFilters | None = None) -> QuerySet[Person]:
    """Persons of the membership's organisation and territory, searched by name or Codice Fiscale."""
    persons = scope(Person.objects.select_related("territory"), actor)
    filters = filters or PersonFilters()
    if filters.q:
        code = codice_fiscale.normalise(filters.q)
        if len(code) == 16 and code.isalnum():
            persons = persons.filter(codice_fiscale=code)
        else:
            # Sorting on the keys (which no ordered index covers) lets the database use the prefix
            # indexes and sort the matches, instead of walking the whole name index in order.
            persons = persons.filter(_name_filter(filters.q)).order_by("last_name_key", "first_name_key", "id")
    return _territory_filter(persons, filters.territory_id)


def person_get(*, actor: Membership | None, pk: Any) -> Person:
    person = person_list(actor=actor).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def person_by_codice_fiscale(*, actor: Membership | None, code: str) -> Person | None:
    code = codice_fiscale.normalise(code)
    if not code:
        return None
    return person_list(actor=actor).filter(codice_fiscale=code).first()


def person_likely_duplicates(
    *, organisation_id: int, first_name: str, last_name: str, birth_date: datetime.date, exclude_pk: Any = None
) -> QuerySet[Person]:
    """Persons of the organisation with the same names and birth date (case-insensitive)."""
    persons = Person.objects.filter(
        organisation_id=organisation_id,
        first_name__iexact=first_name.strip(),
        last_name__iexact=last_name.strip(),
        birth_date=birth_date,
    )
    if exclude_pk is not None:
        persons = persons.exclude(pk=exclude_pk)
    return persons


def person_active_membership(*, person: Person) -> HouseholdMember | None:
    return HouseholdMember.objects.filter(person=person, end_date__isnull=True).select_related("household").first()


def household_list(*, actor: Membership | None, filters: PersonFilters | None = None) -> QuerySet[Household]:
    """Households in scope, searched by a member's name or Codice Fiscale, the name or the address
    (a confidential address is not searched for a membership that may not see it)."""
    households = scope(Household.objects.select_related("territory"), actor)
    filters = filters or PersonFilters()
    if filters.q:
        code = codice_fiscale.normalise(filters.q)
        if len(code) == 16 and code.isalnum():
            households = households.filter(memberships__person__codice_fiscale=code)
        else:
            searchable = address_view(actor).search_filter()
            words = Q()
            for word in filters.q.split():
                words &= Q(name__icontains=word) | (Q(address__icontains=word) & searchable)
            member_ids = HouseholdMember.objects.filter(_name_filter(filters.q, "person__")).values("household_id")
            households = households.filter(words | Q(pk__in=member_ids))
    return _territory_filter(households, filters.territory_id).distinct()


def household_get(*, actor: Membership | None, pk: Any) -> Household:
    household = (
        household_list(actor=actor)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=HouseholdMember.objects.select_related("person").order_by("end_date", "start_date", "id"),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if household is None:
        raise Http404
    return household


def isee_latest_valid(*, household: Household, on: datetime.date | None = None) -> IseeAttestation | None:
    """The most recently issued attestation still valid on ``on`` (today): the one the rules use."""
    day = on or timezone.localdate()
    return (
        IseeAttestation.objects.filter(household=household, issued_on__lte=day, expires_on__gte=day)
        .order_by("-issued_on", "-id")
        .first()
    )


def sensitive_records(*, actor: Membership | None, person: Person) -> dict[str, list[SensitiveRecord]] | None:
    """The person's special-category records by kind, or ``None`` when the membership may not read them."""
    if not may_read_sensitive(actor) or person.organisation_id != getattr(actor, "organisation_id", None):
        return None
    return {
        model._meta.model_name or "": list(model.objects.filter(person=person))  # type: ignore[attr-defined]
        for model in SENSITIVE_MODELS
    }


def consent_list(*, person: Person) -> QuerySet[Consent]:
    return Consent.objects.filter(person=person)


def consent_expiring(*, actor: Membership | None, within_days: int = 30) -> QuerySet[Consent]:
    """Given consents of persons in scope whose validity ends within ``within_days``."""
    today = timezone.localdate()
    person_ids = person_list(actor=actor).values("id")
    return (
        Consent.objects.filter(
            person_id__in=person_ids,
            status=Consent.Status.GIVEN,
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=within_days),
        )
        .select_related("person")
        .order_by("valid_until")
    )


def consultation_list(*, actor: Membership | None) -> QuerySet[Consultation]:
    return scope(Consultation.objects.select_related("person", "operator", "territory"), actor).prefetch_related(
        "referrals"
    )


def household_consultation_events(*, actor: Membership | None, household: Household) -> list[FileEvent]:
    """The desk consultations of the household's members (present and past), for its file."""
    people = HouseholdMember.objects.filter(household=household).values("person_id")
    consultations = consultation_list(actor=actor).filter(person_id__in=people).order_by("-held_on")[:20]
    return [
        FileEvent(
            on=consultation.held_on,
            text=_("Desk consultation with %(person)s: %(topic)s")
            % {"person": consultation.person, "topic": consultation.get_topic_display()},
            url=reverse("registry:consultation-detail", args=[consultation.pk]),
        )
        for consultation in consultations
    ]


def consultation_get(*, actor: Membership | None, pk: Any) -> Consultation:
    consultation = consultation_list(actor=actor).filter(pk=pk).first()
    if consultation is None:
        raise Http404
    return consultation


def consultation_follow_ups_due(
    *, actor: Membership | None, operator: Any, within_days: int = 7
) -> QuerySet[Consultation]:
    """The operator's open follow-ups due within a week (overdue ones included)."""
    horizon = timezone.localdate() + datetime.timedelta(days=within_days)
    return (
        consultation_list(actor=actor)
        .filter(operator=operator, follow_up_done=False, follow_up_on__isnull=False, follow_up_on__lte=horizon)
        .order_by("follow_up_on")
    )


def export_release_list(*, actor: Membership | None) -> QuerySet[ExportRelease]:
    """Requests for the data protection officer about people of the membership's organisation in
    its territory subtree, waiting ones first."""
    releases = scope(
        ExportRelease.objects.all(),
        actor,
        organisation_field="person__organisation",
        territory_field="person__territory",
    )
    return releases.select_related("person", "requested_by", "decided_by").order_by("-status", "-created_at", "-id")


def export_release_get(*, actor: Membership | None, pk: int) -> ExportRelease:
    release = export_release_list(actor=actor).filter(pk=pk).first()
    if release is None:
        raise Http404
    return release


# Dashboard figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpsDue:
    today: int
    overdue: int
    trend: Trend


def consultations_open_count(*, actor: Membership | None, today: datetime.date) -> Counted:
    """Consultations whose follow-up is still to do; the trend counts consultations held."""
    return count_with_trend(consultation_list(actor=actor), state=CONSULTATION_OPEN, entered="held_on", today=today)


def consultations_open_by_territory(*, actor: Membership | None) -> tuple[tuple[str, int], ...]:
    return count_by_territory(consultation_list(actor=actor), state=CONSULTATION_OPEN)


def follow_ups_due_count(*, actor: Membership | None, today: datetime.date) -> FollowUpsDue:
    """Open follow-ups due today and overdue, in the whole scope (not only the operator's own);
    the trend counts follow-ups that fell due."""
    start, before = windows(today)
    row = (
        consultation_list(actor=actor)
        .filter(follow_up_on__isnull=False)
        .order_by()
        .aggregate(
            today=Count("pk", filter=CONSULTATION_OPEN & Q(follow_up_on=today)),
            overdue=Count("pk", filter=CONSULTATION_OPEN & Q(follow_up_on__lt=today)),
            recent=Count("pk", filter=Q(follow_up_on__gt=start, follow_up_on__lte=today)),
            earlier=Count("pk", filter=Q(follow_up_on__gt=before, follow_up_on__lte=start)),
        )
    )
    return FollowUpsDue(row["today"], row["overdue"], Trend(row["recent"], row["earlier"]))
