"""Applications and offers taken away as spreadsheets, as their list pages filter them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.exports import MONEY_FORMAT, Column, ListExport, register_export
from abitare.matching import selectors
from abitare.matching.models import Application, Offer
from abitare.registry.permissions import address_view


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return str(_("yes") if value else _("no"))


def _application_rows(actor: Membership, params: Any) -> QuerySet[Application]:
    filters = selectors.ApplicationFilters.from_query(params)
    return selectors.application_list(actor=actor, filters=filters).order_by("-submitted_on", "-id")


def _application_columns(actor: Membership) -> list[Column]:
    return [
        Column(_("Household"), lambda application: str(application.household)),
        Column(_("Neighbourhood"), lambda application: str(application.territory)),
        Column(_("Pathway"), lambda application: application.get_pathway_display()),
        Column(_("Submitted on"), lambda application: application.submitted_on),
        Column(_("Status"), lambda application: application.get_status_display()),
        Column(_("Eligible"), lambda application: _yes_no(application.eligible)),
        Column(_("Priority score"), lambda application: application.score, MONEY_FORMAT),
        Column(_("Occupants"), lambda application: application.occupants),
    ]


def _offer_rows(actor: Membership, params: Any) -> QuerySet[Offer]:
    return selectors.offer_list(actor=actor, filters=selectors.OfferFilters.from_query(params))


def _offer_columns(actor: Membership) -> list[Column]:
    addresses = address_view(actor)
    return [
        Column(_("Household"), lambda offer: str(offer.household)),
        Column(_("Unit"), lambda offer: addresses.place(offer.household_id, offer.unit)),
        Column(_("Sent on"), lambda offer: offer.sent_at),
        Column(_("Reply by"), lambda offer: offer.reply_by),
        Column(_("Status"), lambda offer: offer.get_status_display()),
        Column(_("Answered on"), lambda offer: offer.responded_at),
        Column(_("Refusal reason"), lambda offer: str(offer.refusal_reason or "")),
    ]


APPLICATIONS = ListExport(
    name="matching.applications", filename=_("applications"), rows=_application_rows, columns=_application_columns
)
OFFERS = ListExport(name="matching.offers", filename=_("offers"), rows=_offer_rows, columns=_offer_columns)


def register() -> None:
    register_export(APPLICATIONS)
    register_export(OFFERS)
