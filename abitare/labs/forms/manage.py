"""Facilitators' forms: labs, places, phases, councils, activities and their dates, Agorà answers,
registrations and attendance. Forms check shape only; the services enforce the rules (capacity,
dates, consent...)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Territory
from abitare.core import params
from abitare.core.forms import DateInput, limit_choices
from abitare.labs.forms.public import DAY_CHOICES
from abitare.labs.models import Activity, ActivityException, HeadCount, Lab, Place, Registration
from abitare.labs.recurrence import RecurrenceError, Repeat, compose_rule


class AttendanceForm(forms.Form):
    """Who was present among the registered, named walk-ins, and anonymous head counts."""

    walk_in = forms.CharField(label=_("Another participant (name)"), max_length=150, required=False)
    walk_in_first_time = forms.BooleanField(label=_("First experience of civic participation"), required=False)

    def __init__(
        self,
        *args: Any,
        registrations: list[Registration],
        present: set[int],
        counts: dict[tuple[str, str], int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.registration_fields: list[str] = []
        for registration in registrations:
            name = f"present_{registration.pk}"
            self.fields[name] = forms.BooleanField(
                label=registration.name, required=False, initial=registration.pk in present
            )
            self.registration_fields.append(name)
        for band, band_label in HeadCount.AgeBand.choices:
            for sex, sex_label in HeadCount.Sex.choices:
                name = f"count_{band}_{sex}"
                self.fields[name] = params.IntegerFormField(
                    label=f"{band_label} · {sex_label}",
                    min_value=0,
                    max_value=10000,
                    required=False,
                    initial=counts.get((band, sex), 0),
                )

    def present_ids(self) -> list[int]:
        return [int(name.split("_", 1)[1]) for name in self.registration_fields if self.cleaned_data.get(name)]

    def counts(self) -> dict[tuple[str, str], int]:
        return {
            (band, sex): self.cleaned_data.get(f"count_{band}_{sex}") or 0
            for band in HeadCount.AgeBand.values
            for sex in HeadCount.Sex.values
        }


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("New phase"), choices=Lab.Phase.choices)
    date = forms.DateField(label=_("Date of the change"), widget=DateInput())
    note = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CouncilMeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none(), required=False)
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    attendees = forms.CharField(
        label=_("Who took part"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_(
            "One person a line; after a semicolon, whom they represent (e.g. “Maria Rossi; tenants' committee”)."
        ),
    )
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 8}), required=False)

    def __init__(self, *args: Any, places: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "place", places)

    def attendee_rows(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.cleaned_data["attendees"].splitlines():
            name, _sep, represents = line.partition(";")
            if name.strip():
                rows.append((name.strip(), represents.strip()))
        return rows


class LabForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Lab.Kind.choices)
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    main_place = forms.ModelChoiceField(label=_("Main place"), queryset=Place.objects.none(), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    tags = forms.CharField(label=_("Interests (separated by commas)"), max_length=500, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    is_published = forms.BooleanField(label=_("Shown in the public directory"), required=False, initial=True)

    def __init__(self, *args: Any, territories: Any, places: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "territory", territories)
        limit_choices(self, "main_place", places)
        if editing:
            del self.fields["territory"]

    def tag_names(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data["tags"].split(",") if name.strip()]


class PlaceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    territory = forms.ModelChoiceField(label=_("Neighbourhood or municipality"), queryset=Territory.objects.none())
    street = forms.CharField(label=_("Street and number"), max_length=200)
    postal_code = forms.CharField(label=_("Postal code"), max_length=5, required=False)
    city = forms.CharField(label=_("City"), max_length=100)
    latitude = forms.DecimalField(label=_("Latitude"), min_value=-90, max_value=90, decimal_places=6, required=False)
    longitude = forms.DecimalField(
        label=_("Longitude"), min_value=-180, max_value=180, decimal_places=6, required=False
    )
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)
    accessibility = forms.CharField(
        label=_("Accessibility notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    opening_hours = forms.CharField(
        label=_("Opening hours"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One span a line: weekday number (0 = Monday) and hours, e.g. “1 09:00-13:00”."),
    )

    def __init__(self, *args: Any, territories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "territory", territories)

    def clean_opening_hours(self) -> list[tuple[int, datetime.time, datetime.time]]:
        spans = []
        for line in self.cleaned_data["opening_hours"].splitlines():
            if not line.strip():
                continue
            try:
                day, hours = line.split(maxsplit=1)
                opens, closes = (datetime.time.fromisoformat(part.strip()) for part in hours.split("-", 1))
                weekday = int(day)
            except ValueError:
                raise forms.ValidationError(
                    _("Write each line as “1 09:00-13:00”: “%(line)s” is not.") % {"line": line.strip()}
                ) from None
            if not 0 <= weekday <= 6:
                raise forms.ValidationError(_("Weekdays go from 0 (Monday) to 6 (Sunday)."))
            spans.append((weekday, opens, closes))
        return spans


REPEAT_CHOICES = [
    (Repeat.ONCE, _("Only once")),
    (Repeat.WEEKLY, _("Every week")),
    (Repeat.FORTNIGHTLY, _("Every two weeks")),
    (Repeat.MONTHLY_WEEKDAY, _("Every month, on the same weekday (e.g. the first Monday)")),
    (Repeat.MONTHLY_DAY, _("Every month, on the same day of the month")),
]


class ActivityForm(forms.Form):
    lab = forms.ModelChoiceField(label=_("Lab"), queryset=Lab.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices, initial=Activity.Kind.ACTIVITY)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none())
    start = forms.DateTimeField(
        label=_("First start (Rome time)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    end = forms.DateTimeField(label=_("First end"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    repeat = forms.ChoiceField(
        label=_("Repeats"),
        choices=REPEAT_CHOICES,
        required=False,
        help_text=_(
            "The monthly choices take the first date: a first start on the second Tuesday repeats on "
            "every second Tuesday."
        ),
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On"),
        choices=DAY_CHOICES,
        coerce=int,
        required=False,
        help_text=_("For weekly repetitions; none chosen means the day of the first date."),
    )
    until = forms.DateField(label=_("Until (included)"), required=False, widget=DateInput())
    count = params.IntegerFormField(
        label=_("Or a number of dates"),
        min_value=1,
        max_value=500,
        required=False,
    )
    capacity = params.IntegerFormField(label=_("Places"), min_value=1, required=False)
    audience = forms.ChoiceField(label=_("For"), choices=Activity.Audience.choices)
    tags = forms.CharField(label=_("Interests (separated by commas)"), max_length=500, required=False)
    is_free = forms.BooleanField(label=_("Free"), required=False, initial=True)
    registration_required = forms.BooleanField(label=_("Registration needed"), required=False)
    participating_labs = params.ModelMultipleIdField(
        label=_("Labs taking part (Agorà only)"),
        queryset=Lab.objects.none(),
        required=False,
        help_text=_(
            "Your organisation's labs take part at once. Another organisation's labs are invited: they are shown "
            "with the Agorà only after one of their facilitators accepts."
        ),
    )

    def __init__(self, *args: Any, labs: Any, places: Any, network: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "lab", labs)
        limit_choices(self, "place", places)
        limit_choices(self, "participating_labs", network)

    def tag_names(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data["tags"].split(",") if name.strip()]

    def clean(self) -> dict[str, Any]:
        """Write the repetition picked in words as the rule the calendar stores."""
        data = super().clean() or {}
        data["rrule"] = ""
        if data.get("repeat") and data.get("start"):
            try:
                data["rrule"] = compose_rule(
                    repeat=data["repeat"],
                    start=data["start"],
                    weekdays=data.get("weekdays") or [],
                    until=data.get("until"),
                    count=data.get("count"),
                )
            except RecurrenceError as error:
                self.add_error(error.field if error.field in self.fields else "repeat", str(error.message))
        return data


class AgoraAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])


class ExceptionForm(forms.Form):
    original_start = forms.TypedChoiceField(label=_("Date"), choices=[], coerce=str)
    kind = forms.ChoiceField(label=_("Change"), choices=ActivityException.Kind.choices)
    new_start = forms.DateTimeField(
        label=_("New start (if moved)"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, dates: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["original_start"].choices = dates  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ActivityException.Kind.MOVED and data.get("new_start") is None:
            self.add_error("new_start", _("Give the new date and time."))
        return data


class StaffRegistrationForm(forms.Form):
    """A facilitator signs someone up (by phone, at the desk): the person's consent is confirmed."""

    name = forms.CharField(label=_("Name and surname"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), help_text=_("The person gets the outcome of the registration here."))
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    consent = forms.BooleanField(label=_("The person has read the privacy notice and agrees."))
