"""Forms of tenancies, the rent ledger and savings: shape and format only (rules are in services)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.assessments.models import PATHWAY_CHOICES
from abitare.core import params
from abitare.core.forms import DateInput
from abitare.housing.models import Unit
from abitare.registry.models import Household
from abitare.tenancies.models import ContractType, ExitDestination, SavingsEntry


def money(label: Any, *, required: bool = True, minimum: str = "0.01") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal(minimum),
        required=required,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


class TenancyForm(forms.Form):
    """A tenancy entered by hand, or from an accepted offer (household, unit, start are then fixed)."""

    household = forms.ModelChoiceField(label=_("Household"), queryset=Household.objects.none())
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    pathway = forms.ChoiceField(label=_("Pathway"), choices=PATHWAY_CHOICES)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    contract_type = forms.ChoiceField(label=_("Contract type"), choices=ContractType.choices)
    ends_on = forms.DateField(
        label=_("Ends on"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty to use the contract type's term (3+2: three years; service: 18 months)."),
    )
    monthly_rent = money(_("Monthly rent (€)"), required=False, minimum="0")
    monthly_charges = money(_("Monthly service charges (€)"), required=False, minimum="0")
    savings_deposit = money(_("Monthly savings deposit (€)"), required=False, minimum="0")
    due_day = params.IntegerFormField(label=_("Rent due on day"), min_value=1, max_value=28, initial=5)

    def __init__(
        self,
        *args: Any,
        households: QuerySet[Household],
        units: QuerySet[Unit],
        from_allocation: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        household_field = self.fields["household"]
        unit_field = self.fields["unit"]
        assert isinstance(household_field, forms.ModelChoiceField)
        assert isinstance(unit_field, forms.ModelChoiceField)
        household_field.queryset = households
        unit_field.queryset = units
        self.fields["monthly_rent"].help_text = _("Leave empty to use the unit's rent.")
        self.fields["monthly_charges"].help_text = _("Leave empty to use the unit's service charges.")
        self.fields["savings_deposit"].help_text = _("Service contracts only.")
        if from_allocation:
            for name in ("household", "unit", "pathway", "starts_on"):
                del self.fields[name]


class PaymentForm(forms.Form):
    amount = money(_("Amount (€)"), minimum="-999999999")
    value_date = forms.DateField(label=_("Value date"), widget=DateInput(), initial=timezone.localdate)
    reference = forms.CharField(label=_("Payment reference"), max_length=200, required=False)
    payer_iban = forms.CharField(label=_("Payer IBAN"), max_length=40, required=False)


class ChargeForm(forms.Form):
    month = forms.DateField(label=_("Month"), widget=DateInput(), help_text=_("Any day of the month to charge."))


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class WriteOffForm(forms.Form):
    amount = money(_("Amount to write off (€)"), minimum="-999999999")
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class WriteOffDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, help_text=_("Required when you reject the request.")
    )


class SavingsDepositForm(forms.Form):
    amount = money(_("Amount (€)"), minimum="-999999999")
    value_date = forms.DateField(label=_("Value date"), widget=DateInput(), initial=timezone.localdate)


class ExitForm(forms.Form):
    exited_on = forms.DateField(label=_("Exit date"), widget=DateInput(), initial=timezone.localdate)
    destination = forms.ChoiceField(label=_("Destination"), choices=ExitDestination.choices)
    savings_funds = forms.ChoiceField(
        label=_("The savings paid out fund"),
        choices=[("", "—"), *SavingsEntry.Funds.choices],
        required=False,
        help_text=_("Required when the savings account has money in it."),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class StatementPeriodForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    date_to = forms.DateField(label=_("To"), widget=DateInput(), required=False)
