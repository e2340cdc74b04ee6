"""The sensitive notes of support (GDPR art. 9), kept apart from the meetings and cases they are about:
what was said at a meeting, and the mediator's notes on a case. Read only through
``selectors.support`` behind the sensitive-data permission."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from abitare.core.history import tracked
from abitare.core.models import TimeStampedModel
from abitare.tenancies.models.support import MediationCase, Meeting


class SensitiveNote(TimeStampedModel):
    """Free text about people's lives (GDPR art. 9): its own table, behind its own permission."""

    PERSONAL_DATA = True
    SENSITIVE = True

    text = models.TextField(_("note"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(_("Note of %(date)s") % {"date": f"{self.created_at:%d/%m/%Y}" if self.created_at else ""})


class MeetingNote(SensitiveNote):
    """What was said at a meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=pgettext_lazy("support", "meeting"), on_delete=models.CASCADE, related_name="+"
    )
    history = tracked()

    class Meta:
        verbose_name = _("meeting note")
        verbose_name_plural = _("meeting notes")
        ordering = ["meeting", "created_at", "id"]


class MediationNote(SensitiveNote):
    """The description of the conflict and the mediator's further notes on a case."""

    case = models.ForeignKey(
        MediationCase, verbose_name=_("mediation case"), on_delete=models.CASCADE, related_name="+"
    )
    history = tracked()

    class Meta:
        verbose_name = _("mediation note")
        verbose_name_plural = _("mediation notes")
        ordering = ["case", "created_at", "id"]
