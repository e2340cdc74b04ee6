"""Public forms: the directory and calendar filters (interest, neighbourhood, day, time, distance)
and the citizen's sign-up. Forms check shape only; the services enforce the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Territory
from abitare.core.forms import limit_choices
from abitare.labs.models import Activity, OpeningHours, Tag


class FastSelect(forms.Select):
    """A select rendered in Python: the public filters list every territory, and rendering each
    option through the widget templates costs more than the rest of the page."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = {str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v is not None}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option_value, mark_safe(" selected") if str(option_value) in selected else "", label)
                for option_value, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


WEEKDAY_CHOICES = [("", _("Any day")), *[(str(value), label) for value, label in OpeningHours.Weekday.choices]]


class DirectoryFilterForm(forms.Form):
    tag = forms.ModelChoiceField(
        label=_("Interest"),
        queryset=Tag.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any"),
        widget=FastSelect,
    )
    territory = forms.ModelChoiceField(
        label=_("Neighbourhood or municipality"),
        queryset=Territory.objects.none(),
        required=False,
        empty_label=_("Any"),
        widget=FastSelect,
    )
    day = forms.TypedChoiceField(
        label=_("Day"), choices=WEEKDAY_CHOICES, required=False, coerce=int, empty_value=None, widget=FastSelect
    )

    def __init__(self, *args: Any, territories: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if territories is not None:
            limit_choices(self, "territory", territories)


class CalendarFilterForm(DirectoryFilterForm):
    audience = forms.ChoiceField(
        label=_("For"), choices=[("", _("Everyone")), *Activity.Audience.choices[1:]], required=False, widget=FastSelect
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


DAY_CHOICES = [(str(value), label) for value, label in OpeningHours.Weekday.choices]


class DistanceFilterMixin(forms.Form):
    """Distance from a neighbourhood the citizen picks, or from coordinates they type."""

    near = forms.ModelChoiceField(
        label=_("Near the neighbourhood"),
        queryset=Territory.objects.none(),
        required=False,
        empty_label=_("Anywhere"),
        widget=FastSelect,
    )
    latitude = forms.DecimalField(label=_("or latitude"), min_value=-90, max_value=90, decimal_places=6, required=False)
    longitude = forms.DecimalField(
        label=_("and longitude"), min_value=-180, max_value=180, decimal_places=6, required=False
    )
    within_km = forms.DecimalField(label=_("Within (km)"), min_value=0, max_value=500, decimal_places=1, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(_("Give both the latitude and the longitude."))
        return data


MORE_FILTERS = ("time_from", "time_to", "near", "latitude", "longitude", "within_km")


class DirectorySearchForm(DirectoryFilterForm, DistanceFilterMixin):
    field_order = ("tag", "territory", "day", *MORE_FILTERS)
    more = MORE_FILTERS

    def __init__(self, *args: Any, territories: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, territories=territories, **kwargs)
        if territories is not None:
            limit_choices(self, "near", territories)


class CalendarSearchForm(CalendarFilterForm, DistanceFilterMixin):
    field_order = ("tag", "territory", "audience", "day", *MORE_FILTERS)
    more = MORE_FILTERS

    time_from = forms.TimeField(
        label=_("Starting from (time)"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    time_to = forms.TimeField(
        label=_("Starting before (time)"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def __init__(self, *args: Any, territories: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, territories=territories, **kwargs)
        if territories is not None:
            limit_choices(self, "near", territories)
