"""Persons, their sensitive records and their consents."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Territory
from abitare.core.exceptions import Conflict, DomainError, NotAllowed, ValidationFailed
from abitare.registry import codice_fiscale
from abitare.registry.models import SENSITIVE_MODELS, Consent, Person, SensitiveRecord
from abitare.registry.permissions import may_read_sensitive
from abitare.registry.selectors import person_likely_duplicates
from abitare.registry.services._common import district_of, require_record, require_territory

OLDEST_BIRTH_DATE = datetime.date(1900, 1, 1)
PERSON_FIELDS = (
    "first_name",
    "last_name",
    "birth_date",
    "birth_place",
    "sex",
    "codice_fiscale",
    "citizenship",
    "phone",
    "email",
)


class LikelyDuplicate(DomainError):
    """Same names and birth date as a person already registered: the operator must confirm."""

    code = "likely_duplicate"

    def __init__(self, duplicates: list[Person]) -> None:
        super().__init__(
            _(
                "A person with the same names and birth date is already registered. "
                "Open it, or confirm that this is a different person."
            ),
            field="confirm_not_duplicate",
        )
        self.duplicates = duplicates


def person_errors(
    *, first_name: str, last_name: str, birth_date: datetime.date, sex: str, code: str
) -> dict[str, list[str]]:
    """Field errors of a person's identity: names, birth date not in the future, Codice Fiscale."""
    errors: dict[str, list[str]] = {}
    if not first_name.strip():
        errors["first_name"] = [str(_("Write the first name."))]
    if not last_name.strip():
        errors["last_name"] = [str(_("Write the last name."))]
    if birth_date > timezone.localdate():
        errors["birth_date"] = [str(_("The birth date cannot be in the future."))]
    elif birth_date < OLDEST_BIRTH_DATE:
        errors["birth_date"] = [str(_("The birth date is too far in the past: check the year."))]
    if sex not in {"F", "M"}:
        errors["sex"] = [str(_("Choose the sex as on the Codice Fiscale."))]
    if code:
        for field, messages in codice_fiscale.check(
            code, birth_date=None if "birth_date" in errors else birth_date, sex=sex if "sex" not in errors else None
        ).items():
            errors.setdefault(field, []).extend(messages)
    return errors


def _check_codice_fiscale_free(*, organisation_id: int, district: Territory, code: str, exclude_pk: Any) -> None:
    if not code:
        return
    taken = Person.objects.filter(organisation_id=organisation_id, district=district, codice_fiscale=code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(
            _("A person with this Codice Fiscale is already registered in this district."),
            field="codice_fiscale",
            code="duplicate_codice_fiscale",
        )


def _validate(actor: Membership, values: dict[str, Any], *, exclude_pk: Any, confirm_not_duplicate: bool) -> None:
    errors = person_errors(
        first_name=values["first_name"],
        last_name=values["last_name"],
        birth_date=values["birth_date"],
        sex=values["sex"],
        code=values["codice_fiscale"],
    )
    if errors:
        raise ValidationFailed(errors)
    _check_codice_fiscale_free(
        organisation_id=actor.organisation_id,
        district=values["district"],
        code=values["codice_fiscale"],
        exclude_pk=exclude_pk,
    )
    if not confirm_not_duplicate:
        duplicates = list(
            person_likely_duplicates(
                organisation_id=actor.organisation_id,
                first_name=values["first_name"],
                last_name=values["last_name"],
                birth_date=values["birth_date"],
                exclude_pk=exclude_pk,
            )[:5]
        )
        if duplicates:
            raise LikelyDuplicate(duplicates)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    for key in ("first_name", "last_name", "birth_place", "phone", "email"):
        if key in cleaned:
            cleaned[key] = (cleaned[key] or "").strip()
    if "codice_fiscale" in cleaned:
        cleaned["codice_fiscale"] = codice_fiscale.normalise(cleaned["codice_fiscale"] or "")
    if "citizenship" in cleaned:
        cleaned["citizenship"] = (cleaned["citizenship"] or "").strip().upper()
    return cleaned


@transaction.atomic
def person_create(
    *,
    actor: Membership,
    territory: Territory,
    first_name: str,
    last_name: str,
    birth_date: datetime.date,
    sex: str,
    codice_fiscale: str = "",
    birth_place: str = "",
    citizenship: str = "IT",
    phone: str = "",
    email: str = "",
    confirm_not_duplicate: bool = False,
) -> Person:
    """Register a person. Refused: birth date in the future, a Codice Fiscale that is malformed or
    disagrees with birth date/sex, taken in the district; a likely duplicate unless confirmed."""
    require_territory(actor, territory)
    values = _clean(
        {
            "first_name": first_name,
            "last_name": last_name,
            "birth_date": birth_date,
            "sex": sex,
            "codice_fiscale": codice_fiscale,
            "birth_place": birth_place,
            "citizenship": citizenship,
            "phone": phone,
            "email": email,
        }
    )
    values["district"] = district_of(territory)
    _validate(actor, values, exclude_pk=None, confirm_not_duplicate=confirm_not_duplicate)
    try:
        with transaction.atomic():
            return Person.objects.create(organisation_id=actor.organisation_id, territory=territory, **values)
    except IntegrityError as error:
        raise Conflict(
            _("A person with this Codice Fiscale is already registered in this district."), field="codice_fiscale"
        ) from error


@transaction.atomic
def person_update(
    *,
    actor: Membership,
    person: Person,
    territory: Territory | None = None,
    confirm_not_duplicate: bool = False,
    **changes: Any,
) -> Person:
    """Change a person's record with the same rules as :func:`person_create`."""
    require_record(actor, person)
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"unknown person fields: {sorted(unknown)}")
    if territory is not None:
        require_territory(actor, territory)
    values = {field: getattr(person, field) for field in PERSON_FIELDS}
    values.update(_clean(changes))
    new_territory = territory or person.territory
    values["district"] = district_of(new_territory)
    identity_changed = any(values[key] != getattr(person, key) for key in ("first_name", "last_name", "birth_date"))
    _validate(actor, values, exclude_pk=person.pk, confirm_not_duplicate=confirm_not_duplicate or not identity_changed)
    for key, value in values.items():
        setattr(person, key, value)
    person.territory = new_territory
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as error:
        raise Conflict(
            _("A person with this Codice Fiscale is already registered in this district."), field="codice_fiscale"
        ) from error
    return person


@transaction.atomic
def sensitive_record_add(
    *, actor: Membership, person: Person, model: type[SensitiveRecord], **fields: Any
) -> SensitiveRecord:
    """Add a special-category record (GDPR art. 9/10); only with the sensitive-data permission."""
    require_record(actor, person)
    if model not in SENSITIVE_MODELS:
        raise ValueError(f"{model} is not a sensitive record")
    if not may_read_sensitive(actor):
        raise NotAllowed(_("Your role may not record sensitive data."))
    record = model(person=person, organisation_id=actor.organisation_id, recorded_by=actor.user, **fields)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def consent_record(
    *,
    actor: Membership,
    person: Person,
    purpose: str,
    notice_version: str,
    given_on: datetime.date,
    valid_until: datetime.date | None = None,
) -> Consent:
    """Record a consent for one purpose; a consent already expired on its date is refused."""
    require_record(actor, person)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if purpose not in Consent.Purpose.values:
        errors["purpose"] = [str(_("Choose a purpose from the list."))]
    if not notice_version.strip():
        errors["notice_version"] = [str(_("Write the version of the privacy notice the person read."))]
    if given_on > today:
        errors["given_on"] = [str(_("A consent cannot be given in the future."))]
    if valid_until is not None and valid_until < given_on:
        errors["valid_until"] = [str(_("The end of validity comes before the date the consent was given."))]
    elif valid_until is not None and valid_until < today:
        errors["valid_until"] = [str(_("This consent has already expired: record a new one."))]
    if errors:
        raise ValidationFailed(errors)
    return Consent.objects.create(
        person=person,
        organisation_id=actor.organisation_id,
        purpose=purpose,
        notice_version=notice_version.strip(),
        given_on=given_on,
        valid_until=valid_until,
    )


@transaction.atomic
def consent_withdraw(*, actor: Membership, consent: Consent, withdrawn_on: datetime.date | None = None) -> Consent:
    """The person withdraws a consent (from today unless said otherwise); it cannot be withdrawn twice."""
    require_record(actor, consent.person)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.status == Consent.Status.WITHDRAWN:
        raise Conflict(_("This consent has already been withdrawn."))
    day = withdrawn_on or timezone.localdate()
    if day < consent.given_on:
        raise ValidationFailed({"withdrawn_on": [_("A consent cannot be withdrawn before it was given.")]})
    consent.withdrawn_on = day
    consent.status = Consent.Status.WITHDRAWN
    consent.save(update_fields=["withdrawn_on", "status", "updated_at"])
    return consent


def consents_expire(*, today: datetime.date | None = None) -> int:
    """Mark given consents whose validity has ended as expired; returns how many. Idempotent."""
    day = today or timezone.localdate()
    expired = 0
    for consent in Consent.objects.filter(status=Consent.Status.GIVEN, valid_until__lt=day):
        consent.status = Consent.Status.EXPIRED
        consent.save(update_fields=["status", "updated_at"])
        expired += 1
    return expired
