"""What a member's data-subject export may carry of their household's records, and the data
protection officer's decisions on household-level notes (docs/modules/registry.md, "Data-subject
export").

An export holds what is about the person. Household records count while the person was a member:
from the day they joined (founding members: from the start) to the day they left. Free-text notes
written about the household (support and mediation notes, assessment evidence, hosting needs,
budget and exit notes...) may speak of the other members: they are left out, counted, and listed
for the data protection officer (the auditor role), who releases those that are about the person,
with a reason. Every export section receives an :class:`ExportContext` for this.
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.exceptions import Conflict, DomainError, NotAllowed
from abitare.core.models import record_type_label
from abitare.registry.models import ExportRelease, HouseholdMember, Person
from abitare.registry.permissions import may_decide_export_release

NOTHING = Q(pk__in=[])


def release_key(record: Model, field_name: str) -> str:
    """The key of one text field of one record: ``app.model:id:field``."""
    return f"{record._meta.label_lower}:{record.pk}:{field_name}"


@dataclass(frozen=True)
class MembershipPeriod:
    """When the person belonged to a household: ``start`` None for a founding member (from the
    household's beginning), ``end`` None while still a member."""

    household_id: int
    start: datetime.date | None
    end: datetime.date | None

    def covers(self, day: datetime.date | None) -> bool:
        if day is None:
            return True
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


def membership_periods(person: Person) -> list[MembershipPeriod]:
    periods = []
    for member in HouseholdMember.objects.filter(person=person).select_related("household"):
        founded = timezone.localdate(member.household.created_at)
        start = None if member.start_date <= founded else member.start_date
        periods.append(MembershipPeriod(member.household_id, start, member.end_date))
    return periods


@dataclass
class ExportContext:
    """The person's membership periods and the officer's decisions, for every export section.

    ``note`` gives a household-level note's text only when released for this person; otherwise
    it counts the note as withheld (pending, or kept by a decision) and gives ``None``.
    """

    person: Person
    actor: Membership
    periods: list[MembershipPeriod]
    released: frozenset[str] = frozenset()
    kept: frozenset[str] = frozenset()
    pending: list[str] = field(default_factory=list)
    withheld_by_decision: list[str] = field(default_factory=list)

    @property
    def household_ids(self) -> list[int]:
        return sorted({period.household_id for period in self.periods})

    def dated(self, household: str, day: str) -> Q:
        """Rows of the person's households dated (``day``) while the person was a member."""
        parts = []
        for period in self.periods:
            part = Q(**{household: period.household_id})
            if period.start is not None:
                part &= Q(**{f"{day}__gte": period.start})
            if period.end is not None:
                part &= Q(**{f"{day}__lte": period.end})
            parts.append(part)
        return reduce(operator.or_, parts, NOTHING)

    def spanning(self, household: str, start: str, end: str) -> Q:
        """Rows of the person's households (plans, tenancies...) that ran while the person was a member."""
        parts = []
        for period in self.periods:
            part = Q(**{household: period.household_id})
            if period.end is not None:
                part &= Q(**{f"{start}__lte": period.end})
            if period.start is not None:
                part &= Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": period.start})
            parts.append(part)
        return reduce(operator.or_, parts, NOTHING)

    def covers(self, household_id: int, day: datetime.date | None) -> bool:
        return any(p.covers(day) for p in self.periods if p.household_id == household_id)

    def note(self, record: Model, field_name: str = "text") -> str | None:
        text = getattr(record, field_name)
        if not text:
            return str(text or "")
        key = release_key(record, field_name)
        if key in self.released:
            return str(text)
        (self.withheld_by_decision if key in self.kept else self.pending).append(key)
        return None

    def summary(self) -> dict[str, Any]:
        """What the export says about what it left out."""
        pending, kept = len(set(self.pending)), len(set(self.withheld_by_decision))
        messages = []
        if pending:
            messages.append(
                str(_("Some household-level records were withheld pending the data protection officer's decision."))
            )
        if kept:
            messages.append(str(_("Some household-level records were withheld by the data protection officer.")))
        return {"pending": pending, "withheld_by_decision": kept, "message": " ".join(messages)}


def export_context(*, actor: Membership, person: Person) -> ExportContext:
    released: set[str] = set()
    decided: set[str] = set()
    for release in ExportRelease.objects.filter(person=person, status=ExportRelease.Status.DECIDED):
        released.update(release.released)
        decided.update(release.records)
    return ExportContext(
        person=person,
        actor=actor,
        periods=membership_periods(person),
        released=frozenset(released),
        kept=frozenset(decided - released),
    )


def export_release_request(*, actor: Membership, person: Person, keys: Iterable[str]) -> ExportRelease | None:
    """List withheld records for the officer: added to the person's pending request (one at a
    time), or a new one; None when every key is already pending."""
    wanted = sorted(set(keys))
    if not wanted:
        return None
    pending = ExportRelease.objects.select_for_update().filter(person=person, status=ExportRelease.Status.PENDING)
    release = pending.first()
    if release is None:
        return ExportRelease.objects.create(person=person, records=wanted, requested_by=actor.user)
    new = [key for key in wanted if key not in release.records]
    if not new:
        return None
    release.records = sorted({*release.records, *new})
    release.save(update_fields=["records", "updated_at"])
    return release


@dataclass(frozen=True)
class ReleaseItem:
    key: str
    kind: str
    record: Model | None
    text: str


def export_release_items(release: ExportRelease) -> list[ReleaseItem]:
    """The withheld records of a request as the officer reads them (a record erased since is
    listed without text)."""
    items = []
    for key in release.records:
        label, pk, field_name = key.rsplit(":", 2)
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            items.append(ReleaseItem(key, label, None, ""))
            continue
        record = model._default_manager.filter(pk=pk).first()
        text = str(getattr(record, field_name, "") or "") if record is not None else ""
        items.append(ReleaseItem(key, record_type_label(label), record, text))
    return items


@transaction.atomic
def export_release_decide(
    *, actor: Membership, release: ExportRelease, released: Iterable[str], reason: str
) -> ExportRelease:
    """The data protection officer of the person's organisation and territory decides which of
    the withheld records are about the person (released into their exports) and which stay
    withheld, with a reason. The decision keeps its history; anyone else is refused."""
    locked = ExportRelease.objects.select_for_update().select_related("person__territory").get(pk=release.pk)
    if not may_decide_export_release(actor, locked.person):
        raise NotAllowed(_("Only the data protection officer of the person's organisation decides this."))
    if locked.status != ExportRelease.Status.PENDING:
        raise Conflict(_("This request has already been decided."))
    chosen = sorted(set(released))
    if not set(chosen) <= set(locked.records):
        raise DomainError(_("Choose among the records withheld from this export."), field="released")
    if not reason.strip():
        raise DomainError(_("Write the reason for the decision."), field="reason")
    locked.released = chosen
    locked.status = ExportRelease.Status.DECIDED
    locked.decided_by = actor.user
    locked.decided_at = timezone.now()
    locked.reason = reason.strip()
    locked.save(update_fields=["released", "status", "decided_by", "decided_at", "reason", "updated_at"])
    return locked
