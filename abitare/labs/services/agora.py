"""An Agorà brings labs together; another organisation's lab takes part only with its consent.

The host lab's organisation lists its own labs directly. A lab of another organisation is
invited: it is not shown with the Agorà (public pages, lab page, calendar feeds) until a
facilitator or coordinator of that lab's organisation, within their territory, accepts.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.exceptions import NotAllowed
from abitare.labs.models import Activity, AgoraInvitation, Lab
from abitare.labs.permissions import can_manage_lab


def agora_participants_set(*, actor: Membership, activity: Activity, labs: Iterable[Lab]) -> list[AgoraInvitation]:
    """Labs of the host lab's organisation take part at once; the others get a pending invitation
    (an invitation already answered keeps its answer). Returns the invitations sent now."""
    own: list[Lab] = []
    invited: list[Lab] = []
    for lab in labs:
        if lab.pk == activity.lab_id:
            continue
        (own if lab.organisation_id == activity.lab.organisation_id else invited).append(lab)
    activity.participating_labs.add(*own)
    known = set(AgoraInvitation.objects.filter(activity=activity).values_list("lab_id", flat=True))
    sent = [
        AgoraInvitation(activity=activity, lab=lab, invited_by=actor.user) for lab in invited if lab.pk not in known
    ]
    for invitation in sent:
        invitation.save()
    return sent


@transaction.atomic
def agora_invitation_answer(*, actor: Membership, invitation: AgoraInvitation, accept: bool) -> AgoraInvitation:
    """Accept (the lab takes part and is shown with the Agorà) or decline (it is not, or no
    longer, shown). Only a facilitator or coordinator of the invited lab's organisation within
    their territory answers; anyone else is refused and nothing changes."""
    locked = AgoraInvitation.objects.select_for_update().select_related("lab__territory").get(pk=invitation.pk)
    lab = locked.lab
    if not can_manage_lab(actor, organisation_id=lab.organisation_id, territory_path=lab.territory.path):
        raise NotAllowed(_("Only the invited lab's facilitators can answer this invitation."))
    status = AgoraInvitation.Status.ACCEPTED if accept else AgoraInvitation.Status.DECLINED
    if locked.status == status:
        return locked
    locked.status = status
    locked.answered_by = actor.user
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answered_by", "answered_at"])
    if accept:
        locked.activity.participating_labs.add(lab)
    else:
        locked.activity.participating_labs.remove(lab)
    return locked
