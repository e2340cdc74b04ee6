"""Volunteers taken away as a spreadsheet, as the volunteers page filters them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.core.exports import MONEY_FORMAT, Column, ListExport, register_export
from abitare.labs import selectors
from abitare.labs.forms.community import VolunteerFilterForm
from abitare.labs.models import Volunteer


def volunteer_filters(actor: Membership, params: Any) -> tuple[VolunteerFilterForm, dict[str, Any]]:
    """The filter form of the volunteers page and the selector's arguments it gives."""
    form = VolunteerFilterForm(params or None, labs=selectors.lab_list(actor=actor))
    if not form.is_valid():
        return form, {}
    data = form.cleaned_data
    return form, {"skill": data["skill"], "weekday": data["day"], "lab": data["lab"]}


def _volunteer_rows(actor: Membership, params: Any) -> QuerySet[Volunteer]:
    return selectors.volunteer_list(actor=actor, **volunteer_filters(actor, params)[1])


def _volunteer_columns(actor: Membership) -> list[Column]:
    return [
        Column(_("Name"), lambda volunteer: volunteer.name),
        Column(_("Skills"), lambda volunteer: volunteer.skills),
        Column(_("Free on"), lambda volunteer: volunteer.free_days),
        Column(_("Availability"), lambda volunteer: volunteer.availability),
        Column(_("Labs"), lambda volunteer: ", ".join(str(lab) for lab in volunteer.labs.all())),
        Column(_("E-mail"), lambda volunteer: volunteer.email),
        Column(_("Phone"), lambda volunteer: volunteer.phone),
        Column(_("Hours given"), lambda volunteer: volunteer.total_hours or 0, MONEY_FORMAT),
    ]


VOLUNTEERS = ListExport(
    name="labs.volunteers", filename=_("volunteers"), rows=_volunteer_rows, columns=_volunteer_columns
)


def register() -> None:
    register_export(VOLUNTEERS)
