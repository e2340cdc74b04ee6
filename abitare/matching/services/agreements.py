"""Sharing agreements between two districts (accordo di condivisione, issue 4 item 7;
docs/modules/matching.md, Joint rounds).

An administrator of one organisation records the agreement for their district and a partner
organisation's district; an administrator of the partner confirms it; from then on, within its
validity dates, either side may start a joint round over both stocks and both lists. Either
side may end it (a pending one is withdrawn the same way). Nothing is deleted: the history is kept.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Organisation, Role, Territory
from abitare.core.exceptions import Conflict, DomainError, NotAllowed
from abitare.matching.models import SharingAgreement

OPEN = (SharingAgreement.Status.PENDING, SharingAgreement.Status.CONFIRMED)


def _administrator(actor: Membership) -> None:
    if actor.role != Role.ADMINISTRATOR or not actor.is_active:
        raise NotAllowed(_("Only an administrator of the organisation can do this."))


def _works_in(organisation: Organisation, district: Territory) -> bool:
    return organisation.territories.filter(pk=district.pk).exists()


def _overlapping(
    *, organisation_id: int, partner_id: int, valid_from: datetime.date, valid_to: datetime.date | None
) -> Q:
    """Open agreements between the same two organisations (either way round) whose dates meet these."""
    pair = Q(organisation_id=organisation_id, partner_id=partner_id) | Q(
        organisation_id=partner_id, partner_id=organisation_id
    )
    dates = Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    if valid_to is not None:
        dates &= Q(valid_from__lte=valid_to)
    return pair & dates & Q(status__in=OPEN)


@transaction.atomic
def agreement_record(
    *,
    actor: Membership,
    title: str,
    partner: Organisation,
    partner_territory: Territory,
    signed_on: datetime.date,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    act_reference: str,
) -> SharingAgreement:
    """Record an agreement signed with ``partner`` for the actor's district and ``partner_territory``.

    Each side's territory is one its organisation works in as a whole (usually a district; a
    municipality for a municipal housing office): the actor is an administrator whose membership is
    at that level. The agreement waits for an administrator of the partner to confirm it.
    """
    _administrator(actor)
    district = actor.territory
    if not _works_in(actor.organisation, district):
        raise DomainError(
            _(
                "Record the agreement from a membership in the district your organisation works in: "
                "the agreement covers it as a whole."
            ),
            code="not_district",
        )
    if partner.pk == actor.organisation_id:
        raise DomainError(_("An agreement is between two different organisations."), field="partner")
    if not _works_in(partner, partner_territory):
        raise DomainError(_("The partner organisation does not work in this district."), field="partner_territory")
    if partner_territory.path.startswith(district.path) or district.path.startswith(partner_territory.path):
        raise DomainError(_("The partner's district must not overlap yours."), field="partner_territory")
    if not title.strip():
        raise DomainError(_("Give the agreement a title."), field="title")
    if not act_reference.strip():
        raise DomainError(_("Say which act approved the agreement."), field="act_reference")
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("The agreement cannot end before it starts."), field="valid_to")
    if signed_on > timezone.localdate():
        raise DomainError(_("The signing date cannot be in the future."), field="signed_on")
    # Lock the recording side's agreements so two administrators cannot record overlapping ones at once.
    list(SharingAgreement.objects.select_for_update().filter(organisation_id=actor.organisation_id).values("pk"))
    overlap = _overlapping(
        organisation_id=actor.organisation_id, partner_id=partner.pk, valid_from=valid_from, valid_to=valid_to
    )
    if SharingAgreement.objects.filter(overlap).exists():
        raise Conflict(
            _("An agreement with this organisation already covers some of these dates: end it first."),
            field="valid_from",
        )
    return SharingAgreement.objects.create(
        title=title.strip(),
        organisation_id=actor.organisation_id,
        territory=district,
        partner=partner,
        partner_territory=partner_territory,
        signed_on=signed_on,
        valid_from=valid_from,
        valid_to=valid_to,
        act_reference=act_reference.strip(),
        recorded_by=actor.user,
    )


def _locked(agreement: SharingAgreement) -> SharingAgreement:
    return (
        SharingAgreement.objects.select_for_update()
        .select_related("territory", "partner_territory")
        .get(pk=agreement.pk)
    )


@transaction.atomic
def agreement_confirm(*, actor: Membership, agreement: SharingAgreement) -> SharingAgreement:
    """The partner's administrator confirms a pending agreement: from then on it is in force."""
    _administrator(actor)
    locked = _locked(agreement)
    if actor.organisation_id != locked.partner_id or not locked.partner_territory.path.startswith(actor.territory.path):
        raise NotAllowed(_("Only an administrator of the partner organisation in its district can confirm it."))
    if locked.status != SharingAgreement.Status.PENDING:
        raise Conflict(_("This agreement is not waiting for confirmation."), field="status")
    if locked.valid_to is not None and locked.valid_to < timezone.localdate():
        raise DomainError(_("The agreement has already expired: record a new one."), field="valid_to")
    locked.status = SharingAgreement.Status.CONFIRMED
    locked.confirmed_by = actor.user
    locked.confirmed_at = timezone.now()
    locked.save(update_fields=["status", "confirmed_by", "confirmed_at", "updated_at"])
    return locked


@transaction.atomic
def agreement_end(*, actor: Membership, agreement: SharingAgreement, reason: str) -> SharingAgreement:
    """Either side's administrator ends an agreement (or withdraws a pending one); a reason is required.

    Rounds already run under it stay as they are; no new joint round can start.
    """
    _administrator(actor)
    if not reason.strip():
        raise DomainError(_("Say why the agreement ends."), field="reason")
    locked = _locked(agreement)
    sides = ((locked.organisation_id, locked.territory), (locked.partner_id, locked.partner_territory))
    if not any(
        actor.organisation_id == org and territory.path.startswith(actor.territory.path) for org, territory in sides
    ):
        raise NotAllowed(_("Only an administrator of one of the two organisations can end it."))
    if locked.status == SharingAgreement.Status.ENDED:
        raise Conflict(_("This agreement has already ended."), field="status")
    locked.status = SharingAgreement.Status.ENDED
    locked.ended_by = actor.user
    locked.ended_at = timezone.now()
    locked.end_reason = reason.strip()
    locked.save(update_fields=["status", "ended_by", "ended_at", "end_reason", "updated_at"])
    return locked
