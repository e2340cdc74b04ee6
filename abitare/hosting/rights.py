"""What the hosting network adds to a person's data-subject rights (registered in ready()): the
export section, and the refusal to erase while the person is hosted or hosting right now."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.hosting.models import EmergencyRequest, Host, Placement
from abitare.registry.models import HouseholdMember, Person
from abitare.registry.services.releases import ExportContext


def _subject_filter(person: Person) -> Q:
    household_ids = HouseholdMember.objects.filter(person=person).values("household_id")
    return Q(person=person) | Q(household_id__in=household_ids)


def _hosts(person: Person) -> QuerySet[Host]:
    return Host.objects.filter(_subject_filter(person))


def _requests(person: Person) -> QuerySet[EmergencyRequest]:
    return EmergencyRequest.objects.filter(_subject_filter(person))


def export_hosting(person: Person, actor: Membership, context: ExportContext) -> tuple[str, Any]:
    """Hosting offered and received by the person, and by their households while the person was a
    member; what a household host asks and what a household needs are household-level notes."""
    hosts = Host.objects.filter(Q(person=person) | context.dated("household_id", "created_at__date")).prefetch_related(
        "availabilities", "support_entries"
    )
    requests = EmergencyRequest.objects.filter(Q(person=person) | context.dated("household_id", "wanted_from"))
    placements = Placement.objects.filter(Q(host__in=hosts) | Q(request__in=requests)).order_by("start", "id")

    def text(record: Host | EmergencyRequest, field_name: str) -> str | None:
        return getattr(record, field_name) if record.person_id == person.pk else context.note(record, field_name)

    return "hosting", {
        "hosts": [
            {
                "id": host.pk,
                "capacity": host.capacity,
                "conditions": text(host, "conditions"),
                "offers": host.offers,
                "status": host.status,
                "availability": [[a.start.isoformat(), a.end.isoformat()] for a in host.availabilities.all()],
                "support": [
                    {
                        "kind": entry.kind,
                        "amount": str(entry.amount) if entry.amount is not None else None,
                        "hours": str(entry.hours) if entry.hours is not None else None,
                        "date": entry.occurred_on.isoformat(),
                        "description": entry.description
                        if host.person_id == person.pk
                        else context.note(entry, "description"),
                    }
                    for entry in host.support_entries.all()
                ],
            }
            for host in hosts
        ],
        "requests": [
            {
                "id": request.pk,
                "guests": request.guests,
                "urgency": request.urgency,
                "wanted_from": request.wanted_from.isoformat(),
                "wanted_until": request.wanted_until.isoformat(),
                "needs": text(request, "needs"),
                "requested_by": request.requested_by,
                "status": request.status,
            }
            for request in requests
        ],
        "placements": [
            {
                "host": placement.host_id,
                "request": placement.request_id,
                "guests": placement.guests,
                "start": placement.start.isoformat(),
                "planned_end": placement.planned_end.isoformat(),
                "actual_end": placement.actual_end.isoformat() if placement.actual_end else None,
            }
            for placement in placements
        ],
    }


def active_placement_check(person: Person, today: datetime.date) -> str | Promise | None:
    """A placement not yet ended, as guest or as host, requires keeping the record."""
    open_placements = Placement.objects.filter(actual_end__isnull=True).filter(
        Q(host__in=_hosts(person)) | Q(request__in=_requests(person))
    )
    if open_placements.exists():
        return _("A hosting placement of this person is not ended: end it before erasing the record.")
    return None


def erase_hosting_text(household_ids: list[int]) -> None:
    """Households left without members keep dates, counts and support amounts (the network's
    accounts), not their free text."""
    if not household_ids:
        return
    request_ids = list(EmergencyRequest.objects.filter(household_id__in=household_ids).values_list("id", flat=True))
    EmergencyRequest.objects.filter(id__in=request_ids).update(needs="", status_reason="")
    EmergencyRequest.history.model.objects.filter(id__in=request_ids).update(needs="", status_reason="")
    host_ids = list(Host.objects.filter(household_id__in=household_ids).values_list("id", flat=True))
    Host.objects.filter(id__in=host_ids).update(conditions="")
    Host.history.model.objects.filter(id__in=host_ids).update(conditions="")
