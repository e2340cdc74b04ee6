"""Desk consultations (sportello): record one in under a minute, follow it up from the work list."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Territory
from abitare.core.exceptions import Conflict, ValidationFailed
from abitare.registry.models import Consultation, Person, Referral
from abitare.registry.services._common import require_record, require_territory


@dataclass(frozen=True)
class NewReferral:
    kind: str
    to: str


def age_band_of(age: int) -> str:
    if age < 18:
        return Consultation.AgeBand.UNDER_18
    if age < 35:
        return Consultation.AgeBand.YOUNG
    if age < 65:
        return Consultation.AgeBand.ADULT
    return Consultation.AgeBand.ELDER


@transaction.atomic
def consultation_record(
    *,
    actor: Membership,
    territory: Territory,
    topic: str,
    held_on: datetime.date | None = None,
    person: Person | None = None,
    age_band: str = "",
    sex: str = "",
    advice: str = "",
    follow_up_on: datetime.date | None = None,
    referrals: list[NewReferral] | tuple[NewReferral, ...] = (),
) -> Consultation:
    """Record a consultation for a known person (age band and sex taken from the record) or an
    anonymous visitor; a follow-up date puts it on the operator's work list."""
    require_territory(actor, territory)
    if person is not None:
        require_record(actor, person)
    today = timezone.localdate()
    day = held_on or today
    errors: dict[str, list[str]] = {}
    if topic not in Consultation.Topic.values:
        errors["topic"] = [str(_("Choose the topic from the list."))]
    if day > today:
        errors["held_on"] = [str(_("A consultation cannot be recorded in the future."))]
    if age_band not in Consultation.AgeBand.values:
        errors["age_band"] = [str(_("Choose the age band from the list."))]
    if sex not in Consultation.VisitorSex.values:
        errors["sex"] = [str(_("Choose the sex from the list."))]
    if follow_up_on is not None and follow_up_on < day:
        errors["follow_up_on"] = [str(_("The follow-up comes before the consultation."))]
    for index, referral in enumerate(referrals):
        if referral.kind not in Referral.Kind.values:
            errors[f"referrals.{index}.kind"] = [str(_("Choose the kind of referral from the list."))]
        if not referral.to.strip():
            errors[f"referrals.{index}.to"] = [str(_("Write where the person was referred."))]
    if errors:
        raise ValidationFailed(errors)
    if person is not None:
        age_band = age_band_of(person.age_on(day))
        sex = person.sex
    consultation = Consultation.objects.create(
        organisation_id=actor.organisation_id,
        territory=territory,
        operator=actor.user,
        held_on=day,
        person=person,
        age_band=age_band,
        sex=sex,
        topic=topic,
        advice=advice.strip(),
        follow_up_on=follow_up_on,
    )
    Referral.objects.bulk_create(
        Referral(consultation=consultation, kind=referral.kind, to=referral.to.strip()) for referral in referrals
    )
    return consultation


@transaction.atomic
def consultation_follow_up_done(*, actor: Membership, consultation: Consultation) -> Consultation:
    """Tick off a follow-up: it leaves the work list."""
    require_record(actor, consultation)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.follow_up_on is None or consultation.follow_up_done:
        raise Conflict(_("This consultation has no open follow-up."))
    consultation.follow_up_done = True
    consultation.save(update_fields=["follow_up_done", "updated_at"])
    return consultation
