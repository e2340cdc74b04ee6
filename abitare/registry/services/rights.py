"""Data-subject rights (GDPR art. 15, 17, 20): export everything held on a person; erase it,
pseudonymising what must be kept for statistics.

Erasure is refused while a check says the record must be kept. The registry ships the retention
check; later modules (tenancies: an open tenancy) add theirs with :func:`erasure_check_register`
from their ``AppConfig.ready()``. Explicit registration, no signals.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.exceptions import DomainError
from abitare.core.models import AccessLogEntry
from abitare.registry.models import (
    SENSITIVE_MODELS,
    Consent,
    Consultation,
    DataSubjectRequest,
    Household,
    HouseholdMember,
    IseeAttestation,
    Person,
)
from abitare.registry.permissions import household_address_for, may_read_sensitive
from abitare.registry.services._common import require_record
from abitare.registry.services.releases import ExportContext, export_context, export_release_request

# A check returns the reason to keep the person's record, or None when erasure may go ahead.
ErasureCheck = Callable[[Person, datetime.date], "str | Promise | None"]
_erasure_checks: list[ErasureCheck] = []

DEFAULT_RETENTION_DAYS = 0


def erasure_check_register(check: ErasureCheck) -> ErasureCheck:
    """Add a reason to refuse erasure (usable as a decorator); registering twice is harmless."""
    if check not in _erasure_checks:
        _erasure_checks.append(check)
    return check


# Later modules add what they hold on a person to the export, and their own erasure of free
# text about a household left without members (explicit registration in AppConfig.ready()).
# A section reads the person's households through the context: the periods the person was a
# member, and ``context.note(record, field)`` for household-level notes (released or withheld).
ExportSection = Callable[[Person, Membership, ExportContext], tuple[str, Any]]
ErasureStep = Callable[[list[int]], None]
_export_sections: list[ExportSection] = []
_erasure_steps: list[ErasureStep] = []


def export_section_register(section: ExportSection) -> ExportSection:
    """Add a section ``(name, data)`` to the data-subject export; registering twice is harmless."""
    if section not in _export_sections:
        _export_sections.append(section)
    return section


def erasure_step_register(step: ErasureStep) -> ErasureStep:
    """Run ``step(household_ids)`` when erasure leaves those households without members."""
    if step not in _erasure_steps:
        _erasure_steps.append(step)
    return step


def erasure_checks() -> list[ErasureCheck]:
    return list(_erasure_checks)


def retention_days() -> int:
    return int(getattr(settings, "REGISTRY_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def person_last_activity(person: Person, today: datetime.date) -> datetime.date:
    """The last day something happened on the person's file: an edit, a consultation, a household
    membership starting or ending, an ISEE attestation issued."""
    days = [timezone.localdate(person.updated_at)]
    last_consultation = person.consultations.aggregate(last=Max("held_on"))["last"]
    if last_consultation:
        days.append(last_consultation)
    days.extend(member.end_date or member.start_date for member in HouseholdMember.objects.filter(person=person))
    household_ids = HouseholdMember.objects.filter(person=person).values("household_id")
    last_isee = IseeAttestation.objects.filter(household_id__in=household_ids).aggregate(last=Max("issued_on"))["last"]
    if last_isee:
        days.append(last_isee)
    return min(max(days), today)


@erasure_check_register
def retention_check(person: Person, today: datetime.date) -> str | Promise | None:
    """Refuse while the configured retention period since the last activity has not passed."""
    days = retention_days()
    if days <= 0:
        return None
    keep_until = person_last_activity(person, today) + datetime.timedelta(days=days)
    if keep_until >= today:
        return _(
            "The retention period (%(days)s days from the last activity) runs until %(date)s: "
            "the record must be kept until then."
        ) % {"days": days, "date": keep_until.strftime("%d/%m/%Y")}
    return None


def erasure_refusals(*, person: Person, today: datetime.date | None = None) -> list[str]:
    """Every reason why the person's record must be kept now (empty: erasure may go ahead)."""
    day = today or timezone.localdate()
    return [str(reason) for check in _erasure_checks if (reason := check(person, day))]


def pseudonym_of(person: Person) -> str:
    """A stable reference that does not reveal the person: keyed hash of the record id."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"registry.person:{person.pk}".encode(), hashlib.sha256)
    return f"P-{digest.hexdigest()[:10].upper()}"


def _iso(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value if value is None or isinstance(value, bool | int | str) else str(value)


def _row(record: Any, fields: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in fields:
        display = getattr(record, f"get_{name}_display", None)
        out[name] = _iso(display() if display else getattr(record, name))
    return out


PERSON_EXPORT_FIELDS = [
    "first_name",
    "last_name",
    "birth_date",
    "birth_place",
    "sex",
    "codice_fiscale",
    "citizenship",
    "phone",
    "email",
    "created_at",
    "updated_at",
]
ISEE_EXPORT_FIELDS = [
    "kind",
    "isee",
    "ise",
    "isr",
    "isp",
    "equivalence_scale",
    "dsu_protocol",
    "issued_on",
    "expires_on",
]
SENSITIVE_EXPORT_FIELDS = {
    "disability": ["recognition", "invalidity_percent", "non_self_sufficient", "recognised_on", "review_on", "notes"],
    "healthnote": ["noted_on", "notes"],
    "judicialmeasure": ["kind", "authority", "start_date", "end_date", "notes"],
    "protectionmeasure": ["kind", "start_date", "end_date", "address_confidential", "notes"],
}


def person_export(*, actor: Membership, person: Person) -> dict[str, Any]:
    """Everything held on the person, machine readable (GDPR art. 15 and 20). Sensitive records
    are included only for a membership that may read them. Household records count only while the
    person was a member; household-level notes only when the data protection officer released
    them for this person: the others are withheld, counted, and listed for the officer (a pending
    :class:`ExportRelease`). The caller logs the read (channel export)."""
    require_record(actor, person)
    include_sensitive = may_read_sensitive(actor)
    context = export_context(actor=actor, person=person)
    memberships = HouseholdMember.objects.filter(person=person).select_related("household__territory")
    households = []
    for member in memberships:
        household = member.household
        attestations = household.isee_attestations.filter(context.dated("household_id", "issued_on"))
        households.append(
            {
                "household": {
                    "id": household.pk,
                    "name": household.name,
                    # Where the household lives now is not the address of someone who left it.
                    "address": household_address_for(actor, household) if member.is_active else "",
                    "territory": household.territory.name,
                },
                "relationship": member.get_relationship_display(),
                "start_date": _iso(member.start_date),
                "end_date": _iso(member.end_date),
                "isee_attestations": [_row(attestation, ISEE_EXPORT_FIELDS) for attestation in attestations],
            }
        )
    consultations = [
        {
            **_row(consultation, ["held_on", "topic", "advice", "follow_up_on"]),
            "referrals": [_row(referral, ["kind", "to"]) for referral in consultation.referrals.all()],
        }
        for consultation in person.consultations.prefetch_related("referrals")
    ]
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "organisation": str(actor.organisation),
        "person": {"id": person.pk, "territory": person.territory.name, **_row(person, PERSON_EXPORT_FIELDS)},
        "households": households,
        "consents": [
            _row(consent, ["purpose", "notice_version", "given_on", "valid_until", "withdrawn_on", "status"])
            for consent in person.consents.all()
        ],
        "consultations": consultations,
        "reads": [
            {"when": _iso(entry.created_at), "organisation": entry.organisation_name, "channel": entry.channel}
            for entry in AccessLogEntry.objects.filter(record_type="registry.person", record_id=str(person.pk))
        ],
        "sensitive_data_included": include_sensitive,
    }
    for section in _export_sections:
        name, value = section(person, actor, context)
        data[name] = value
    if include_sensitive:
        data["sensitive"] = {
            name: [_row(record, fields) for record in model.objects.filter(person=person)]  # type: ignore[attr-defined]
            for model, (name, fields) in zip(SENSITIVE_MODELS, SENSITIVE_EXPORT_FIELDS.items(), strict=True)
        }
    data["household_records_withheld"] = context.summary()
    with transaction.atomic():
        export_release_request(actor=actor, person=person, keys=context.pending)
        DataSubjectRequest.objects.create(
            organisation_id=actor.organisation_id,
            actor=actor.user,
            kind=DataSubjectRequest.Kind.EXPORT,
            person_ref=pseudonym_of(person),
            outcome=DataSubjectRequest.Outcome.DONE,
        )
    return data


def _purge_history(model: Any, **filters: Any) -> None:
    model.history.model.objects.filter(**filters).delete()


def person_erase(*, actor: Membership, person: Person, today: datetime.date | None = None) -> str:
    """Erase a person (GDPR art. 17): consultations stay as anonymous statistics, a household left
    without members stays pseudonymised without address or ISEE, everything else is deleted with
    its change history. Refused, with every reason, while a registered check requires keeping it.
    Returns the pseudonym kept in the data-subject request record."""
    require_record(actor, person)
    pseudonym = pseudonym_of(person)
    refusals = erasure_refusals(person=person, today=today)
    if refusals:
        DataSubjectRequest.objects.create(
            organisation_id=actor.organisation_id,
            actor=actor.user,
            kind=DataSubjectRequest.Kind.ERASURE,
            person_ref=pseudonym,
            outcome=DataSubjectRequest.Outcome.REFUSED,
            reason="\n".join(refusals),
        )
        raise DomainError(" ".join(refusals), code="erasure_refused")
    with transaction.atomic():
        _erase(person, pseudonym)
        DataSubjectRequest.objects.create(
            organisation_id=actor.organisation_id,
            actor=actor.user,
            kind=DataSubjectRequest.Kind.ERASURE,
            person_ref=pseudonym,
            outcome=DataSubjectRequest.Outcome.DONE,
        )
    return pseudonym


def _erase(person: Person, pseudonym: str) -> None:
    person_id = person.pk
    consultation_ids = list(person.consultations.values_list("id", flat=True))
    # Statistics keep topic, date, age band, sex and referrals; the free text may identify the person.
    Consultation.objects.filter(id__in=consultation_ids).update(person=None, advice="")
    Consultation.history.model.objects.filter(id__in=consultation_ids).update(person=None, advice="")
    household_ids = list(HouseholdMember.objects.filter(person=person).values_list("household_id", flat=True))
    for model in SENSITIVE_MODELS:
        model.objects.filter(person=person).delete()  # type: ignore[attr-defined]
        _purge_history(model, person_id=person_id)
    Consent.objects.filter(person=person).delete()
    _purge_history(Consent, person_id=person_id)
    HouseholdMember.objects.filter(person=person).delete()
    _purge_history(HouseholdMember, person_id=person_id)
    person.delete()
    _purge_history(Person, id=person_id)
    emptied: list[int] = []
    for household in Household.objects.filter(id__in=household_ids):
        if household.memberships.exists():
            continue
        emptied.append(household.pk)
        # Left without members: kept (assessments and statistics point at it) but anonymous.
        household.isee_attestations.all().delete()
        _purge_history(IseeAttestation, household_id=household.pk)
        _purge_history(Household, id=household.pk)
        household.name = str(_("Household %(ref)s") % {"ref": pseudonym})
        household.address = ""
        household.save(update_fields=["name", "address", "updated_at"])
    for step in _erasure_steps:
        step(emptied)
