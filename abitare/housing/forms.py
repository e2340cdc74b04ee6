from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership
from abitare.accounts.selectors import territory_list
from abitare.core import params, uploads
from abitare.core.forms import DateInput
from abitare.housing import selectors
from abitare.housing.editable import (
    BUILDING_FIELDS,
    COMMON_SPACE_FIELDS,
    OWNER_AGREEMENT_FIELDS,
    OWNER_FIELDS,
    UNIT_FIELDS,
)
from abitare.housing.models import Building, CommonSpace, Owner, OwnerAgreement, Unit


class UnitStateForm(forms.Form):
    to_state = forms.ChoiceField(label=_("New state"), choices=Unit.State.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = Unit.TRANSITIONS.get(unit.state, frozenset())
        field = self.fields["to_state"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(v, label) for v, label in Unit.State.choices if v in allowed]


class AgreedRentForm(forms.Form):
    elements = params.IntegerFormField(
        label=_("Quality elements present"),
        min_value=0,
        max_value=40,
        initial=0,
        help_text=_("How many of the agreement's elements (parametri) the flat has."),
    )

    def __init__(self, *args: Any, shares: dict[str, Any], supplements: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for component in sorted(shares):
            self.fields[f"extra_{component}"] = forms.DecimalField(
                label=_("Area of %(component)s (m²)") % {"component": component.replace("_", " ")},
                min_value=0,
                max_digits=6,
                decimal_places=1,
                required=False,
            )
        self.fields["supplements"] = forms.MultipleChoiceField(
            label=_("Supplements"),
            choices=[(code, f"{code.replace('_', ' ')} (+{pct}%)") for code, pct in sorted(supplements.items())],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )


# The stock kept from the product: shape here, rules in services/stock.py -------------------------


class _Scoped(forms.ModelForm):  # type: ignore[type-arg]
    """A stock form whose choices are limited to the membership's territories and owners; the
    model's own checks run in the service, so the form checks only the shape of each field."""

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "territory" in self.fields:
            field = self.fields["territory"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = territory_list(actor=membership)
        if "owner" in self.fields:
            field = self.fields["owner"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = selectors.owner_list(actor=membership)
        if "agreed_rent_zone" in self.fields:
            field = self.fields["agreed_rent_zone"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = selectors.agreement_zone_list(actor=membership)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
            if name in {"terms", "accessibility_notes"}:
                field.widget = forms.Textarea(attrs={"rows": 3})

    def _post_clean(self) -> None:
        # The service validates the model (and says why in the user's language); the form must
        # not change the record before the service is called.
        pass


class BuildingForm(_Scoped):
    class Meta:
        model = Building
        fields = BUILDING_FIELDS


class UnitForm(_Scoped):
    class Meta:
        model = Unit
        fields = [*UNIT_FIELDS, "state"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["state"]
        else:
            field = self.fields["state"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(value, label) for value, label in Unit.State.choices if value in Unit.INITIAL_STATES]


class OwnerForm(_Scoped):
    class Meta:
        model = Owner
        fields = OWNER_FIELDS


class OwnerAgreementForm(_Scoped):
    class Meta:
        model = OwnerAgreement
        fields = OWNER_AGREEMENT_FIELDS


class CommonSpaceForm(_Scoped):
    class Meta:
        model = CommonSpace
        fields = COMMON_SPACE_FIELDS


class RetireForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, help_text=_("Sold, demolished, returned to its owner...")
    )


class StockImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file made from the template."))
        if message := uploads.size_error(upload.size):
            raise forms.ValidationError(message)
        return upload
