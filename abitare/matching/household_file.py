"""The allocation part of the household's file: its applications with their verdict, the offers
it received, and "New application"."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from abitare.accounts.http import actor_of
from abitare.core.extensions import FileAction, FileEvent, FileSection
from abitare.matching import selectors
from abitare.matching.models import Offer
from abitare.matching.permissions import ROUNDS_READ

SHOWN = 5


def household_section(request: Any, household: Any) -> FileSection:
    actor = actor_of(request)
    applications = list(
        selectors.application_list(actor=actor).filter(household=household).order_by("-submitted_on", "-id")[:SHOWN]
    )
    offers: list[Offer] = []
    if ROUNDS_READ.allows(request):
        offers = list(selectors.offer_list(actor=actor).filter(household=household).order_by("-sent_at")[:SHOWN])
    rows = [
        (
            application.get_pathway_display(),
            application.get_status_display(),
            reverse("matching:application-detail", args=[application.pk]),
        )
        for application in applications
    ]
    rows += [
        (
            _("Offer of %(unit)s") % {"unit": offer.unit},
            _("%(status)s, reply by %(date)s")
            % {"status": offer.get_status_display(), "date": date_format(offer.reply_by, "DATE_FORMAT")},
            reverse("matching:offer-detail", args=[offer.pk]),
        )
        for offer in offers
    ]
    waiting = [offer for offer in offers if offer.status == Offer.Status.SENT]
    summary = ""
    if waiting:
        summary = _("An offer waits for the household's answer by %(date)s") % {
            "date": date_format(waiting[0].reply_by, "DATE_FORMAT")
        }
    events = [
        FileEvent(
            application.submitted_on,
            _("Application for %(pathway)s") % {"pathway": application.get_pathway_display()},
            reverse("matching:application-detail", args=[application.pk]),
        )
        for application in applications
    ]
    events += [
        FileEvent(
            timezone.localtime(offer.sent_at).date(),
            _("Offer of %(unit)s sent") % {"unit": offer.unit},
            reverse("matching:offer-detail", args=[offer.pk]),
        )
        for offer in offers
    ]
    return FileSection(
        key="applications",
        title=_("Applications and offers"),
        order=30,
        summary=summary,
        rows=tuple(rows),
        empty=_("No application yet."),
        actions=(FileAction(_("New application"), reverse("matching:application-create", args=[household.pk])),),
        events=tuple(events),
        records=(*applications, *offers),
    )
