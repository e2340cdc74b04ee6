"""Forms check shape only; the services enforce the rules (capacity, dates, consent...)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Territory
from abitare.labs.models import Activity, HeadCount, OpeningHours, Registration, Tag

WEEKDAY_CHOICES = [("", _("Any day")), *[(str(value), label) for value, label in OpeningHours.Weekday.choices]]


class DirectoryFilterForm(forms.Form):
    tag = forms.ModelChoiceField(
        label=_("Interest"), queryset=Tag.objects.all(), to_field_name="slug", required=False, empty_label=_("Any")
    )
    territory = forms.ModelChoiceField(
        label=_("Neighbourhood or municipality"),
        queryset=Territory.objects.none(),
        required=False,
        empty_label=_("Any"),
    )
    day = forms.TypedChoiceField(label=_("Day"), choices=WEEKDAY_CHOICES, required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, territories: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if territories is not None:
            self.fields["territory"].queryset = territories  # type: ignore[attr-defined]


class CalendarFilterForm(DirectoryFilterForm):
    audience = forms.ChoiceField(
        label=_("For"), choices=[("", _("Everyone")), *Activity.Audience.choices[1:]], required=False
    )


class PublicRegistrationForm(forms.Form):
    """A citizen's sign-up; ``website`` is a honeypot that people never see or fill."""

    name = forms.CharField(label=_("Name and surname"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), help_text=_("We send the outcome of your registration here."))
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    first_time = forms.TypedChoiceField(
        label=_("Is this the first time you take part in an activity of this kind?"),
        choices=[("", _("I prefer not to say")), ("yes", _("Yes")), ("no", _("No"))],
        coerce={"yes": True, "no": False}.get,
        empty_value=None,
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my data is used to manage this registration."),
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)


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
                self.fields[name] = forms.IntegerField(
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
