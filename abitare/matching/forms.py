from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Territory
from abitare.assessments.models import PATHWAY_CHOICES
from abitare.matching.models import FACT_CHOICES, OPERATOR_CHOICES


class ApplicationForm(forms.Form):
    pathway = forms.ChoiceField(label=_("Pathway"), choices=PATHWAY_CHOICES)
    occupants = forms.IntegerField(label=_("Occupants"), min_value=1, max_value=20)
    monthly_income = forms.DecimalField(label=_("Declared monthly income (€)"), min_value=0, decimal_places=2)
    needs_step_free = forms.BooleanField(label=_("Needs step-free access"), required=False)
    needs_wheelchair = forms.BooleanField(label=_("Needs a wheelchair-accessible flat"), required=False)
    wants_group_living = forms.BooleanField(label=_("Asks for group living"), required=False)
    residence_or_work = forms.BooleanField(label=_("Resides or works in the territory"), required=False)
    owns_suitable_property = forms.BooleanField(label=_("Owns a suitable home"), required=False)
    eviction_notice = forms.BooleanField(label=_("Eviction notice in force"), required=False)
    overcrowding = forms.BooleanField(label=_("Current home overcrowded"), required=False)
    preferred = forms.ModelMultipleChoiceField(
        label=_("Neighbourhoods wanted (in order of the list)"), queryset=Territory.objects.none(), required=False
    )
    excluded = forms.ModelMultipleChoiceField(
        label=_("Neighbourhoods excluded"), queryset=Territory.objects.none(), required=False
    )

    def __init__(self, *args: Any, territories: QuerySet[Territory], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        neighbourhoods = territories.filter(kind=Territory.Kind.NEIGHBOURHOOD)
        for name in ("preferred", "excluded"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = neighbourhoods


class RuleForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    label = forms.CharField(label=_("Label"), max_length=200)
    fact = forms.ChoiceField(label=_("Fact"), choices=FACT_CHOICES)
    operator = forms.ChoiceField(label=_("Operator"), choices=OPERATOR_CHOICES)
    threshold = forms.CharField(label=_("Threshold"), max_length=20, required=False)
    points = forms.CharField(label=_("Points"), max_length=20, required=False)
    per_unit = forms.BooleanField(label=_("Points per unit of the fact"), required=False)
    cap = forms.CharField(label=_("At most"), max_length=20, required=False)


class ProposalReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject."),
    )
