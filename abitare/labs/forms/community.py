"""Forms of volunteers and help networks: the public volunteer sign-up, filters, hours, networks,
members and needs. Forms check shape only; the services enforce the rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Territory
from abitare.core import params
from abitare.core.forms import DateInput, limit_choices
from abitare.labs.forms.public import DAY_CHOICES, WEEKDAY_CHOICES
from abitare.labs.models import HelpNetwork, Lab


class VolunteerSignupForm(forms.Form):
    """The public "offri il tuo tempo" form; ``website`` is a honeypot."""

    labs = params.ModelMultipleIdField(label=_("Labs you would like to help"), queryset=Lab.objects.none())
    name = forms.CharField(label=_("Name and surname"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    skills = forms.CharField(
        label=_("What you can do"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: cooking, homework help, guitar, gardening, computers."),
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days you are usually free"), choices=DAY_CHOICES, coerce=int, required=False
    )
    availability = forms.CharField(
        label=_("When you are free (in your words)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that the lab keeps my data to contact me about volunteering."
        ),
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args: Any, labs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "labs", labs)


class VolunteerFilterForm(forms.Form):
    skill = forms.CharField(label=_("Skill"), max_length=80, required=False)
    day = forms.TypedChoiceField(
        label=_("Free on"), choices=WEEKDAY_CHOICES, required=False, coerce=int, empty_value=None
    )
    lab = forms.ModelChoiceField(label=_("Lab"), queryset=Lab.objects.none(), required=False, empty_label=_("Any"))

    def __init__(self, *args: Any, labs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "lab", labs)


class VolunteerHoursForm(forms.Form):
    lab = forms.ModelChoiceField(label=_("Lab"), queryset=Lab.objects.none())
    date = forms.DateField(label=_("Day"), widget=DateInput())
    hours = forms.DecimalField(label=_("Hours"), min_value=Decimal("0.25"), max_value=24, decimal_places=2)

    def __init__(self, *args: Any, labs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "lab", labs)


class HelpNetworkForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=HelpNetwork.Kind.choices)
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    lab = forms.ModelChoiceField(label=_("Hosted by the lab"), queryset=Lab.objects.none(), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, territories: Any, labs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "territory", territories)
        limit_choices(self, "lab", labs)


class HelpMemberForm(forms.Form):
    name = forms.CharField(label=_("Name and surname"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    neighbourhood = forms.ModelChoiceField(label=_("Neighbourhood"), queryset=Territory.objects.none())
    consent = forms.BooleanField(label=_("The person has accepted the privacy notice."))

    def __init__(self, *args: Any, territories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "neighbourhood", territories)


class HelpNeedForm(forms.Form):
    """An offer or a request of help: kind, where, when."""

    person_name = forms.CharField(label=_("Who"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=HelpNetwork.Kind.choices)
    description = forms.CharField(label=_("What"), widget=forms.Textarea(attrs={"rows": 2}))
    neighbourhood = forms.ModelChoiceField(label=_("Neighbourhood"), queryset=Territory.objects.none())
    weekdays = forms.TypedMultipleChoiceField(label=_("Days"), choices=DAY_CHOICES, coerce=int, required=False)
    time_from = forms.TimeField(label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    time_to = forms.TimeField(label=_("To"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))

    def __init__(self, *args: Any, territories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "neighbourhood", territories)
