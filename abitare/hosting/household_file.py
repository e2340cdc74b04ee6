"""The hosting network's part of the file: emergency requests for the household and, when it
hosts, its place in the network."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from abitare.accounts.http import actor_of
from abitare.core.extensions import FileEvent, FileSection
from abitare.hosting import selectors

SHOWN = 3


def household_section(request: Any, household: Any) -> FileSection | None:
    actor = actor_of(request)
    requests = list(selectors.request_list(actor=actor).filter(household=household).order_by("-wanted_from")[:SHOWN])
    hosts = list(selectors.host_list(actor=actor).filter(household=household)[:1])
    if not requests and not hosts:
        return None
    rows = [
        (
            _("Emergency request from %(date)s") % {"date": date_format(found.wanted_from, "DATE_FORMAT")},
            found.get_status_display(),
            reverse("hosting:request-detail", args=[found.pk]),
        )
        for found in requests
    ]
    rows += [
        (_("Host family of the network"), host.get_status_display(), reverse("hosting:host-detail", args=[host.pk]))
        for host in hosts
    ]
    return FileSection(
        key="hosting",
        title=_("Hosting network"),
        order=70,
        rows=tuple(rows),
        events=tuple(
            FileEvent(
                found.wanted_from, _("Emergency hosting needed"), reverse("hosting:request-detail", args=[found.pk])
            )
            for found in requests
        ),
        records=(*requests, *hosts),
    )
