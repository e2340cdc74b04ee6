"""Referrals of a household to a community lab or an external service, followed up on a date."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.exceptions import Conflict, ValidationFailed
from abitare.tenancies.models import Referral, SupportPlan
from abitare.tenancies.services.support._checks import Errors, not_future, require_in_scope
from abitare.tenancies.services.support.plans import require_open


def lab_model() -> Any:
    """The labs module's ``Lab`` model, reached through the foreign key (tenancies may not import labs)."""
    return Referral._meta.get_field("lab").related_model


def labs_available(actor: Membership) -> Any:
    """Labs a household can be sent to: published labs in the actor's territory subtree."""
    return (
        lab_model().objects.filter(is_published=True, territory__path__startswith=actor.territory.path).order_by("name")
    )


@transaction.atomic
def referral_send(
    *,
    actor: Membership,
    plan: SupportPlan,
    kind: str,
    sent_on: datetime.date,
    follow_up_on: datetime.date,
    lab: Any = None,
    service_name: str = "",
    service_contact: str = "",
    purpose: str = "",
) -> Referral:
    """Send the household of an open plan to a lab or an external service; the follow-up date puts
    the referral on the work list until its outcome is recorded."""
    require_in_scope(actor, plan)
    require_open(plan)
    errors = Errors()
    not_future(errors, "sent_on", sent_on, timezone.localdate())
    if follow_up_on < sent_on:
        errors.add("follow_up_on", _("The follow-up comes after the referral is sent."))
    service_name = (service_name or "").strip()
    if kind == Referral.Kind.LAB:
        if lab is None or not labs_available(actor).filter(pk=lab.pk).exists():
            errors.add("lab", _("Choose a lab of your territory."))
        if service_name:
            errors.add("service_name", _("A referral to a lab has no external service."))
    elif kind == Referral.Kind.SERVICE:
        if not service_name:
            errors.add("service_name", _("Write the name of the service."))
        if lab is not None:
            errors.add("lab", _("A referral to an external service has no lab."))
    else:
        errors.add("kind", _("Choose a lab or an external service."))
    errors.raise_if_any()
    return Referral.objects.create(
        plan=plan,
        kind=kind,
        lab=lab if kind == Referral.Kind.LAB else None,
        service_name=service_name if kind == Referral.Kind.SERVICE else "",
        service_contact=(service_contact or "").strip() if kind == Referral.Kind.SERVICE else "",
        purpose=(purpose or "").strip(),
        sent_on=sent_on,
        follow_up_on=follow_up_on,
    )


@transaction.atomic
def referral_record_outcome(
    *, actor: Membership, referral: Referral, status: str, on: datetime.date | None = None
) -> Referral:
    """Record whether the household took the referral up or declined it; it leaves the work list."""
    require_in_scope(actor, referral.plan)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != Referral.Status.SENT:
        raise Conflict(_("The outcome of this referral is already recorded."), field="status")
    day = on or timezone.localdate()
    errors = Errors()
    if status not in {Referral.Status.TAKEN_UP, Referral.Status.DECLINED}:
        errors.add("status", _("Choose taken up or declined."))
    not_future(errors, "on", day, timezone.localdate())
    if day < referral.sent_on:
        errors.add("on", _("The outcome comes after the referral was sent."))
    errors.raise_if_any()
    referral.status = status
    referral.outcome_on = day
    referral.save(update_fields=["status", "outcome_on", "updated_at"])
    return referral


@transaction.atomic
def referral_postpone(*, actor: Membership, referral: Referral, follow_up_on: datetime.date) -> Referral:
    """Move the follow-up of a referral still waiting for an answer to a later date."""
    require_in_scope(actor, referral.plan)
    if referral.status != Referral.Status.SENT:
        raise Conflict(_("The outcome of this referral is already recorded."), field="status")
    if follow_up_on < referral.sent_on:
        raise ValidationFailed({"follow_up_on": [str(_("The follow-up comes after the referral is sent."))]})
    referral.follow_up_on = follow_up_on
    referral.save(update_fields=["follow_up_on", "updated_at"])
    return referral
