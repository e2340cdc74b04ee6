"""Offers and allocations (docs/modules/matching.md, issue 4 item 6): an approved proposal becomes an offer,
the household accepts (an ``Allocation``; the unit is occupied) or refuses with a reason (the
territory's refusal rule, ``services.refusal_rules``, applies its consequence when the refusal is
unjustified), or the operator withdraws it.

Guarantees. Two operators can never offer the same unit twice nor house a household twice:
conditional unique constraints on ``Offer`` and ``Allocation`` hold it in the database, and the
services lock the rows in one order (household, proposal or offer, application, unit) so that
concurrent attempts wait for each other and the loser sees the new state as a ``Conflict``.
Every service is one transaction: a refusal leaves nothing half-saved.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.exceptions import Conflict, DomainError, NotAllowed
from abitare.housing.models import Unit
from abitare.housing.services import unit_change_state
from abitare.matching.models import (
    Allocation,
    Application,
    Offer,
    Proposal,
    RefusalRule,
    Round,
)
from abitare.matching.permissions import can_answer_offer, can_send_offer
from abitare.matching.services.refusal_rules import refusal_rule_in_force
from abitare.matching.snapshot import application_open, instance_of_snapshot
from abitare.registry.models import Household

CENTS = Decimal(100)

# Sending ------------------------------------------------------------------------------------------


def _lock_household(household_id: int) -> None:
    """The first lock of every offer service: writes about one household are serialised."""
    Household.objects.select_for_update().only("pk").get(pk=household_id)


def unit_changes_since_round(*, round: Round, unit: Unit) -> list[str]:
    """What of the unit differs today from the round's snapshot, in words (empty: nothing)."""
    snapshot = next((u for u in instance_of_snapshot(round.snapshot).units if u.id == str(unit.pk)), None)
    if snapshot is None:
        return [str(_("the unit was not in the round"))]
    changes = []
    if unit.state != Unit.State.AVAILABLE:
        changes.append(str(_("its state is now “%(state)s”") % {"state": unit.get_state_display()}))
    compared = [
        ("pathway", unit.earmarked_pathway, _("earmarked pathway")),
        ("monthly_cost", int((unit.monthly_cost * CENTS).to_integral_value()), _("rent and charges")),
        ("usable_m2", float(unit.usable_m2), _("usable area")),
        ("rooms", unit.rooms, _("rooms")),
        ("max_occupants", unit.max_occupants, _("maximum occupants")),
        ("step_free", unit.step_free, _("step-free access")),
        ("wheelchair", unit.wheelchair_accessible, _("wheelchair access")),
        ("group_living", unit.group_living, _("group living")),
    ]
    for key, today, label in compared:
        if getattr(snapshot, key) != today:
            changes.append(str(_("its %(what)s changed") % {"what": label}))
    return changes


def offer_send(*, actor: Membership, proposal: Proposal, reply_by: datetime.date, note: str = "") -> Offer:
    """Send the offer of an approved proposal: the unit goes from available to offered.

    Refused, with the reason and changing nothing, when the unit or the application changed since
    the round (state, rent, size, accessibility, pathway; the application no longer eligible),
    when the unit or the household already has a live offer, or the household is housed.
    """
    today = timezone.localdate()
    if reply_by < today:
        raise DomainError(_("The reply-by date cannot be in the past."), field="reply_by")
    with transaction.atomic():
        _lock_household(proposal.application.household_id)
        locked = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("round", "application__territory", "unit__building__territory")
            .get(pk=proposal.pk)
        )
        if not can_send_offer(actor, locked):
            raise NotAllowed(_("Only the agency holding the application sends its offer."))
        if locked.round.status != Round.Status.DONE:
            raise Conflict(_("The round is not finished."), field="status")
        if locked.status != Proposal.Status.APPROVED:
            raise Conflict(_("Only an approved proposal can be offered."), field="status")
        if locked.offers.exclude(status=Offer.Status.WITHDRAWN).exists():
            raise Conflict(_("This proposal already has an offer."), field="status")
        application = Application.objects.select_for_update().get(pk=locked.application_id)
        unit = Unit.objects.select_for_update(of=("self",)).select_related("building").get(pk=locked.unit_id)
        problems = unit_changes_since_round(round=locked.round, unit=unit)
        if reason := application_open(application, today):
            problems.append(reason)
        if problems:
            raise Conflict(
                _("The offer cannot be sent because since the round %(changes)s. Start a new round.")
                % {"changes": "; ".join(problems)},
                field="unit",
            )
        if Allocation.objects.filter(household_id=application.household_id, ended_on__isnull=True).exists():
            raise Conflict(_("This household is already housed."), field="application")
        try:
            with transaction.atomic():
                offer = Offer.objects.create(
                    proposal=locked,
                    round=locked.round,
                    application=application,
                    household_id=application.household_id,
                    unit=unit,
                    organisation_id=application.organisation_id,
                    territory_id=application.territory_id,
                    sent_by=actor.user,
                    sent_at=timezone.now(),
                    reply_by=reply_by,
                    note=note.strip(),
                )
        except IntegrityError as error:
            raise Conflict(
                _("This unit or this application already has a live offer: answer or withdraw it first."),
                field="unit",
            ) from error
        unit_change_state(
            actor=actor, unit=unit, to_state=Unit.State.OFFERED, reason=str(_("offer no. %(n)s") % {"n": offer.pk})
        )
    return offer


# Answers ------------------------------------------------------------------------------------------


def _lock_live_offer(actor: Membership, offer: Offer) -> Offer:
    _lock_household(offer.household_id)
    locked = Offer.objects.select_for_update(of=("self",)).select_related("territory").get(pk=offer.pk)
    if not can_answer_offer(actor, locked):
        raise NotAllowed(_("The offer is not in your organisation and territory."))
    if locked.status != Offer.Status.SENT:
        raise Conflict(
            _("The offer is already “%(status)s”: nothing was changed.") % {"status": locked.get_status_display()},
            field="status",
        )
    return locked


def _release(actor: Membership, offer: Offer, reason: str) -> None:
    """The unit of an offer that fell through goes back to available."""
    unit_change_state(actor=actor, unit=offer.unit, to_state=Unit.State.AVAILABLE, reason=reason)


def offer_accept(
    *, actor: Membership, offer: Offer, starts_on: datetime.date | None = None, note: str = ""
) -> Allocation:
    """The household accepts: an ``Allocation`` from ``starts_on`` (today by default), the unit
    becomes occupied, the application housed, and the household's other live offers are
    withdrawn (their units go back to available)."""
    now = timezone.now()
    with transaction.atomic():
        locked = _lock_live_offer(actor, offer)
        application = Application.objects.select_for_update().get(pk=locked.application_id)
        if Allocation.objects.filter(household_id=locked.household_id, ended_on__isnull=True).exists():
            raise Conflict(_("This household is already housed."), field="household")
        try:
            with transaction.atomic():
                allocation = Allocation.objects.create(
                    offer=locked,
                    application=application,
                    household_id=locked.household_id,
                    unit_id=locked.unit_id,
                    organisation_id=locked.organisation_id,
                    territory_id=locked.territory_id,
                    starts_on=starts_on or timezone.localdate(),
                    created_by=actor.user,
                )
        except IntegrityError as error:
            raise Conflict(_("This unit or this household already has an allocation."), field="household") from error
        locked.status = Offer.Status.ACCEPTED
        locked.responded_at = now
        locked.recorded_by = actor.user
        if note.strip():
            locked.note = "\n".join(filter(None, [locked.note, note.strip()]))
        locked.save(update_fields=["status", "responded_at", "recorded_by", "note", "updated_at"])
        unit_change_state(
            actor=actor, unit=locked.unit, to_state=Unit.State.OCCUPIED, reason=f"allocation {allocation.pk}"
        )
        application.status = Application.Status.HOUSED
        application.save(update_fields=["status", "updated_at"])
        others = Offer.objects.select_for_update().filter(household_id=locked.household_id, status=Offer.Status.SENT)
        for other in others.exclude(pk=locked.pk).order_by("pk"):
            other.status = Offer.Status.WITHDRAWN
            other.responded_at = now
            other.recorded_by = actor.user
            other.note = "\n".join(
                filter(None, [other.note, str(_("Withdrawn: the household accepted another offer."))])
            )
            other.save(update_fields=["status", "responded_at", "recorded_by", "note", "updated_at"])
            _release(actor, other, str(_("offer no. %(n)s withdrawn: household housed") % {"n": other.pk}))
    return allocation


def _consequence(rule: RefusalRule, application: Application, on: datetime.date) -> dict[str, Any]:
    """Apply the rule's consequence of an unjustified refusal to the (locked) application."""
    applied: dict[str, Any] = {"kind": rule.consequence}
    if rule.consequence == RefusalRule.Consequence.LOSE_POINTS:
        points = Decimal(rule.points or 0)
        application.penalty_points += points
        application.score -= points
        applied["points"] = str(points)
    elif rule.consequence == RefusalRule.Consequence.SUSPENSION:
        until = on + relativedelta(months=rule.months or 0)
        if application.suspended_until is None or application.suspended_until < until:
            application.suspended_until = until
        applied |= {"months": rule.months, "until": until.isoformat()}
    elif rule.consequence == RefusalRule.Consequence.EXCLUSION:
        applied["previous_status"] = application.status
        if application.status in {Application.Status.SUBMITTED, Application.Status.ELIGIBLE}:
            application.status = Application.Status.EXCLUDED
    application.save(update_fields=["penalty_points", "score", "suspended_until", "status", "updated_at"])
    return applied


def offer_refuse(
    *, actor: Membership, offer: Offer, reason: str, justified: bool | None = None, note: str = ""
) -> Offer:
    """The household refuses with a reason from the territory's refusal rule.

    A reason the rule marks justified or unjustified decides by itself (a contradicting
    ``justified`` is refused); for the others the operator says. An unjustified refusal applies
    the rule's consequence to the application and records it on the offer with the rule.
    The unit goes back to available.
    """
    today = timezone.localdate()
    with transaction.atomic():
        locked = _lock_live_offer(actor, offer)
        application = Application.objects.select_for_update().select_related("territory").get(pk=locked.application_id)
        rule = refusal_rule_in_force(territory=application.territory, on=today)
        if rule is None:
            raise DomainError(
                _("No refusal rule is in force for this territory: an administrator must load one first."),
                field="reason",
            )
        chosen = next((r for r in rule.reasons.all() if r.code == reason), None)
        if chosen is None:
            raise DomainError(_("Choose a reason from the list."), field="reason")
        if chosen.justified is not None:
            if justified is not None and justified != chosen.justified:
                message = (
                    _("The rule counts this reason as justified.")
                    if chosen.justified
                    else _("The rule counts this reason as not justified.")
                )
                raise DomainError(message, field="justified")
            justified = chosen.justified
        elif justified is None:
            raise DomainError(_("Say whether the refusal is justified."), field="justified")
        record: dict[str, Any] = {
            "rule": rule.pk,
            "rule_name": rule.name,
            "source": rule.source,
            "confidence": rule.confidence,
            "kind": RefusalRule.Consequence.NONE.value,
        }
        if not justified:
            record |= _consequence(rule, application, today)
        locked.status = Offer.Status.REFUSED
        locked.refusal_reason = chosen
        locked.refusal_justified = justified
        locked.consequence = record
        locked.responded_at = timezone.now()
        locked.recorded_by = actor.user
        if note.strip():
            locked.note = "\n".join(filter(None, [locked.note, note.strip()]))
        locked.save(
            update_fields=[
                "status",
                "refusal_reason",
                "refusal_justified",
                "consequence",
                "responded_at",
                "recorded_by",
                "note",
                "updated_at",
            ]
        )
        _release(actor, locked, str(_("offer no. %(n)s refused") % {"n": locked.pk}))
    return locked


def offer_withdraw(*, actor: Membership, offer: Offer, note: str) -> Offer:
    """The agency withdraws a live offer (a mistake, the unit must be repaired...); the reason is
    required and the unit goes back to available. The proposal can be offered again."""
    if not note.strip():
        raise DomainError(_("Say why the offer is withdrawn."), field="note")
    with transaction.atomic():
        locked = _lock_live_offer(actor, offer)
        locked.status = Offer.Status.WITHDRAWN
        locked.responded_at = timezone.now()
        locked.recorded_by = actor.user
        locked.note = "\n".join(filter(None, [locked.note, note.strip()]))
        locked.save(update_fields=["status", "responded_at", "recorded_by", "note", "updated_at"])
        _release(actor, locked, str(_("offer no. %(n)s withdrawn") % {"n": locked.pk}))
    return locked
