from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from abitare.core import params
from abitare.housing.models import Unit


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
