from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from abitare.accounts import istat
from abitare.accounts.models import Membership, Organisation, Role, Territory
from abitare.accounts.selectors import RolePolicyRow, territory_subtree
from abitare.core import params
from abitare.core.forms import DateInput


class OTPTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Recovery code"),
        max_length=32,
        help_text=_("One of the codes you saved when you set up the second factor, e.g. abcd-efgh."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
    )


class MembershipSwitchForm(forms.Form):
    membership = params.IntegerFormField(min_value=1)
    next = forms.CharField(required=False)


class RolePolicyForm(forms.Form):
    """One box per role; roles the installation makes compulsory are ticked and cannot be changed."""

    def __init__(self, *args: Any, rows: list[RolePolicyRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in rows:
            self.fields[row.role] = forms.BooleanField(
                label=row.label,
                required=False,
                initial=row.required,
                disabled=row.by_installation,
                help_text=_("Compulsory in every organisation of this installation.") if row.by_installation else "",
            )


# Administrators: people, memberships, territories, organisations, housing desks -----------------


class MembershipForm(forms.Form):
    """Organisation (the administrator's own), territory (their subtree), role, flag and dates."""

    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Organisation"))
    territory = forms.ModelChoiceField(queryset=Territory.objects.none(), label=_("Territory"))
    role = forms.ChoiceField(choices=Role.choices, label=_("Role"))
    sensitive_data = forms.BooleanField(
        required=False,
        label=_("May read sensitive data"),
        help_text=_("Special categories of personal data (GDPR art. 9): disability, health, judicial, protection."),
    )
    start_date = forms.DateField(required=False, label=_("From"), widget=DateInput())
    end_date = forms.DateField(required=False, label=_("Until"), widget=DateInput())

    def __init__(self, *args: Any, actor: Membership, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation_field = cast(forms.ModelChoiceField, self.fields["organisation"])  # type: ignore[type-arg]
        organisation_field.queryset = Organisation.objects.filter(pk=actor.organisation_id)
        organisation_field.initial = actor.organisation_id
        territory_field = cast(forms.ModelChoiceField, self.fields["territory"])  # type: ignore[type-arg]
        territory_field.queryset = territory_subtree(root=actor.territory)
        if editing:
            del self.fields["organisation"]


class InviteForm(MembershipForm):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    field_order = ["email", "first_name", "last_name"]


class IstatCodeField(forms.CharField):
    """A municipality from the official ISTAT list, given by its code or by its exact name."""

    def clean(self, value: Any) -> str:
        text = str(super().clean(value) or "").strip()
        if not text or istat.municipality_get(text):
            return text
        found = [item for item in istat.municipality_search(text, limit=50) if item.name.casefold() == text.casefold()]
        if len(found) == 1:
            return found[0].istat_code
        raise forms.ValidationError(
            _("Pick the municipality from the list, or give its 6-digit ISTAT code."), code="istat"
        )


class TerritoryForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        help_text=_("For a municipality, left empty: its official name."),
    )
    kind = forms.ChoiceField(choices=Territory.Kind.choices[1:], label=_("Kind"))
    parent = forms.ModelChoiceField(queryset=Territory.objects.none(), label=_("Part of"))
    istat_code = IstatCodeField(
        label=_("Municipality (ISTAT)"),
        required=False,
        help_text=_("Municipalities only: type the name and pick it from the list, or give the 6-digit code."),
        widget=forms.TextInput(attrs={"list": "istat-options", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, actor: Membership, editing: bool = False, search_url: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        parent_field = cast(forms.ModelChoiceField, self.fields["parent"])  # type: ignore[type-arg]
        parent_field.queryset = territory_subtree(root=actor.territory).exclude(kind=Territory.Kind.NEIGHBOURHOOD)
        self.fields["istat_code"].widget.attrs.update(
            {"hx-get": search_url, "hx-trigger": "input changed delay:300ms", "hx-target": "#istat-options"}
        )
        if editing:
            del self.fields["kind"]
            del self.fields["parent"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("name") and data.get("istat_code"):
            found = istat.municipality_get(data["istat_code"])
            data["name"] = found.name if found else ""
        if not data.get("name") and "name" not in self.errors:
            self.add_error("name", _("Give the territory a name."))
        return data


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(choices=Organisation.Kind.choices, label=_("Kind"))
    territories = params.ModelMultipleIdField(
        queryset=Territory.objects.none(), label=_("Territories it works in"), widget=forms.CheckboxSelectMultiple
    )
    tax_code = forms.CharField(label=_("Tax code"), max_length=16, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        territories = cast(params.ModelMultipleIdField, self.fields["territories"])
        territories.queryset = territory_subtree(root=actor.territory)
        territories.required = False


class HousingDeskForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, help_text=_("e.g. Sportello casa di Lucca"))
    address = forms.CharField(label=_("Address"), max_length=200)
    opening_hours = forms.CharField(
        label=_("Opening hours"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One line per day or slot.")
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    what_to_bring = forms.CharField(label=_("What to bring"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
