"""Shapes of the hosting pages' forms; the rules are in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from abitare.core import params
from abitare.core.forms import DateInput, LookupInput
from abitare.hosting.models import EmergencyRequest, Host, HostSupportEntry


class SubjectForm(forms.Form):
    """Who: a household of the registry by its number, or a person by number."""

    household = params.IntegerFormField(
        label=_("Household number"),
        min_value=1,
        required=False,
        help_text=_("As shown on the household's page."),
        widget=LookupInput("household"),
    )
    person = params.IntegerFormField(
        label=_("Person number"),
        min_value=1,
        required=False,
        help_text=_("Only when hosting concerns one person."),
        widget=LookupInput("person", number=True),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("household")) == bool(data.get("person")):
            raise forms.ValidationError(_("Give either a household number or a person number."))
        return data


class OffersForm(forms.Form):
    capacity = params.IntegerFormField(label=_("Capacity (guests)"), min_value=1, max_value=20)
    conditions = forms.CharField(
        label=_("Conditions"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    offers_room = forms.BooleanField(label=_("Offers a room"), required=False, initial=True)
    offers_meals = forms.BooleanField(label=_("Offers meals"), required=False)
    offers_accompaniment = forms.BooleanField(label=_("Offers accompaniment"), required=False)
    pets_allowed = forms.BooleanField(label=_("Pets allowed"), required=False)
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)


class HostCreateForm(SubjectForm, OffersForm):
    """A new host family: who it is and what it offers, on one page."""


class HostUpdateForm(OffersForm):
    status = forms.ChoiceField(label=_("Status"), choices=Host.Status.choices)


class AvailabilityForm(forms.Form):
    start = forms.DateField(label=_("First night"), widget=DateInput())
    end = forms.DateField(label=_("Last night"), widget=DateInput())


class RequestForm(SubjectForm):
    guests = params.IntegerFormField(label=_("Guests"), min_value=1, max_value=20)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=EmergencyRequest.Urgency.choices)
    wanted_from = forms.DateField(label=_("Needed from"), widget=DateInput())
    wanted_until = forms.DateField(label=_("Needed until (day of leaving)"), widget=DateInput())
    requested_by = forms.CharField(label=_("Requested by"), max_length=200)
    needs = forms.CharField(label=_("Needs"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    needs_step_free = forms.BooleanField(label=_("Needs step-free access"), required=False)
    needs_meals = forms.BooleanField(label=_("Needs meals"), required=False)
    needs_accompaniment = forms.BooleanField(label=_("Needs accompaniment"), required=False)
    has_pets = forms.BooleanField(label=_("Comes with pets"), required=False)


class RequestStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (EmergencyRequest.Status.CLOSED.value, EmergencyRequest.Status.CLOSED.label),
            (EmergencyRequest.Status.WITHDRAWN.value, EmergencyRequest.Status.WITHDRAWN.label),
        ],
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)


class PlacementForm(forms.Form):
    host = params.IntegerFormField(widget=forms.HiddenInput)
    guests = params.IntegerFormField(label=_("Guests"), min_value=1, max_value=20)
    start = forms.DateField(label=_("Start"), widget=DateInput())
    planned_end = forms.DateField(label=_("Planned end"), widget=DateInput())


class PlacementEndForm(forms.Form):
    actual_end = forms.DateField(label=_("Day the guests left"), widget=DateInput())
    reason = forms.CharField(label=_("How it ended"), max_length=300, required=False)


class SupportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of support"), choices=HostSupportEntry.Kind.choices)
    amount = forms.DecimalField(
        label=_("Amount (€)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("For food vouchers and reimbursements."),
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=2,
        help_text=_("For home care."),
    )
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the reversal"), max_length=300)
