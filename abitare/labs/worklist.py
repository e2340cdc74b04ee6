"""The labs' items on the work list: invitations to another organisation's Agorà to answer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.permissions import membership_of
from abitare.core.extensions import WorkItem
from abitare.labs import selectors
from abitare.labs.models import AgoraInvitation


def agora_invitations(request: Any) -> Iterable[WorkItem]:
    pending = selectors.agora_invitation_list(actor=membership_of(request)).filter(
        status=AgoraInvitation.Status.PENDING
    )
    for invitation in pending[:50]:
        yield WorkItem(
            kind="labs.agora_invitation",
            title=_("Invitation to an Agorà: %(agora)s") % {"agora": invitation.activity},
            url=reverse("labs:manage-lab", args=[invitation.lab_id]),
            due=timezone.localdate(invitation.activity.dtstart),
            detail=_("%(lab)s is invited by %(host)s") % {"lab": invitation.lab, "host": invitation.activity.lab},
            severity="info",
        )
