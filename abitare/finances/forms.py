"""Shapes of the household-finances forms; the rules are in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from abitare.core import params
from abitare.core.forms import DateInput, LookupInput, MonthInput
from abitare.finances.models import Category, Debt, RestructuringPlan


class HouseholdForm(forms.Form):
    household = params.IntegerFormField(
        label=_("Household number"),
        min_value=1,
        help_text=_("As shown on the household's page."),
        widget=LookupInput("household"),
    )


class BudgetCreateForm(forms.Form):
    month = forms.DateField(label=_("Month"), input_formats=["%Y-%m", "%Y-%m-%d"], widget=MonthInput())
    copy_previous = forms.BooleanField(
        label=_("Start from a copy of the latest earlier budget"), required=False, initial=True
    )


class BudgetLineForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    amount = forms.DecimalField(label=_("Amount (€ per month)"), min_value=0, max_digits=12, decimal_places=2)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class DebtForm(forms.Form):
    creditor = forms.CharField(label=_("Creditor"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Debt.Kind.choices)
    outstanding = forms.DecimalField(label=_("Outstanding principal (€)"), min_value=0, max_digits=12, decimal_places=2)
    annual_rate = forms.DecimalField(
        label=_("Annual rate (%)"), min_value=0, max_value=100, max_digits=5, decimal_places=2, initial=0
    )
    monthly_instalment = forms.DecimalField(
        label=_("Monthly instalment (€)"), min_value=0, max_digits=12, decimal_places=2, initial=0
    )
    arrears = forms.DecimalField(label=_("Arrears (€)"), min_value=0, max_digits=12, decimal_places=2, initial=0)
    priority = forms.BooleanField(
        label=_("Priority debt (rent, utilities, home)"),
        required=False,
        help_text=_("Left empty for a new debt, rent, utility, condominium and mortgage debts count as priority."),
    )
    closed_on = forms.DateField(label=_("Paid off or closed on"), required=False, widget=DateInput())


class PlanForm(forms.Form):
    name = forms.CharField(label=_("Name of the plan"), max_length=200)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class PlanLineForm(forms.Form):
    debt = forms.ModelChoiceField(label=_("Debt"), queryset=Debt.objects.none())
    new_instalment = forms.DecimalField(
        label=_("New monthly instalment (€)"), min_value=0, max_digits=12, decimal_places=2
    )
    agreed = forms.BooleanField(label=_("Agreed with the creditor"), required=False)
    start_on = forms.DateField(label=_("From"), widget=DateInput())

    def __init__(self, *args: Any, debts: QuerySet[Debt], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["debt"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = debts


class PlanStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (RestructuringPlan.Status.ACTIVE.value, RestructuringPlan.Status.ACTIVE.label),
            (RestructuringPlan.Status.CLOSED.value, RestructuringPlan.Status.CLOSED.label),
        ],
    )


class EnrolmentForm(forms.Form):
    lab = forms.ModelChoiceField(label=_("Lab of the network"), queryset=Debt.objects.none(), required=False)
    course_name = forms.CharField(
        label=_("Or the course's name"), max_length=200, required=False, help_text=_("A course outside the network.")
    )
    enrolled_on = forms.DateField(label=_("Enrolled on"), widget=DateInput())
    completed_on = forms.DateField(label=_("Completed on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, labs: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lab"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = labs
