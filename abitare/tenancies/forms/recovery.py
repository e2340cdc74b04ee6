"""Forms of arrears recovery: shape and format only; the services enforce the rules."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import User
from abitare.core import params, uploads
from abitare.core.forms import DateInput, LookupInput, limit_choices
from abitare.tenancies.models import ArrearsRule, CommunityTask, CommunityWorkRate, RepaymentPlan
from abitare.tenancies.recovery.statements import parse_amount


class StatementUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bank statement"),
        help_text=_("ISO 20022 camt.053 (XML) as your bank exports it, or the CSV template."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if message := uploads.size_error(upload.size):
            raise forms.ValidationError(message)
        if not upload.name.lower().endswith((".xml", ".csv", ".txt")):
            raise forms.ValidationError(_("Upload a camt.053 XML file or a CSV file."))
        return upload


class CreditAssignForm(forms.Form):
    tenancy = forms.CharField(
        label=_("Tenancy reference"),
        max_length=20,
        help_text=_("The code on the contract, e.g. AB-2026-000123."),
        widget=LookupInput("tenancy"),
    )
    remember_iban = forms.BooleanField(
        label=_("Remember the payer's IBAN for this tenancy"),
        required=False,
        help_text=_("Its next transfers will be matched by themselves."),
    )


class CreditDismissForm(forms.Form):
    note = forms.CharField(
        label=_("What is this credit?"), max_length=300, help_text=_("E.g. a grant, a refund, a transfer in error.")
    )


class ScanForm(forms.Form):
    """The scan button has no field; the form carries the CSRF token only."""


def _day(text: str) -> datetime.date | None:
    """A due date as an Italian writes it (01/03/2026, 1/3/2026) or in ISO form (2026-03-01)."""
    for pattern in ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


class PlanForm(forms.Form):
    debt = forms.DecimalField(label=_("Debt (€)"), max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    split = forms.ChoiceField(label=_("Instalments"), choices=RepaymentPlan.Split.choices)
    count = params.IntegerFormField(
        label=_("Number of equal instalments"),
        required=False,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Monthly; the leftover cents go on the last instalment."),
    )
    lines = forms.CharField(
        label=_("Custom instalments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line: the amount (monthly from the first due date) or the due date and the amount, "
            "e.g. 01/03/2026 150,00. They must add up to the debt."
        ),
    )
    first_due = forms.DateField(label=_("First instalment due on"), widget=DateInput())
    agreed_on = forms.DateField(label=_("Agreed on"), widget=DateInput(), initial=datetime.date.today)
    creditor = forms.CharField(label=_("Agreed with (creditor)"), max_length=200)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("split") == RepaymentPlan.Split.EQUAL and not data.get("count"):
            self.add_error("count", _("Give the number of instalments."))
        if data.get("split") == RepaymentPlan.Split.CUSTOM:
            data["amounts"], data["due_dates"] = self._lines(data.get("lines", ""))
        return data

    def _lines(self, text: str) -> tuple[list[Decimal] | None, list[datetime.date] | None]:
        amounts: list[Decimal] = []
        dates: list[datetime.date] = []
        rows = [row.strip() for row in text.splitlines() if row.strip()]
        if not rows:
            self.add_error("lines", _("Write one instalment per line."))
            return None, None
        for number, row in enumerate(rows, start=1):
            parts = row.replace(";", " ").split()
            amount = parse_amount(parts[-1]) if parts else None
            day = None
            if len(parts) == 2:
                day = _day(parts[0])
            if amount is None or len(parts) > 2 or (len(parts) == 2 and day is None):
                self.add_error(
                    "lines", _("Line %(n)s: write an amount, or a date (DD/MM/YYYY) and an amount.") % {"n": number}
                )
                return None, None
            amounts.append(amount)
            if day is not None:
                dates.append(day)
        if dates and len(dates) != len(amounts):
            self.add_error("lines", _("Give a due date on every line, or on none."))
            return None, None
        return amounts, dates or None


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ArrearsRuleForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ArrearsRule
        fields = [
            "territory",
            "months_of_rent",
            "overdue_days",
            "plan_tolerance_days",
            "valid_from",
            "valid_to",
            "source",
            "confidence",
        ]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput(), "source": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, territories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "territory", territories)


class RateForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CommunityWorkRate
        fields = ["territory", "hourly_rate", "valid_from", "valid_to", "source", "confidence"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput(), "source": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, territories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "territory", territories)


class TaskForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CommunityTask.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    supervisor = forms.ModelChoiceField(label=_("Supervisor"), queryset=User.objects.none())

    def __init__(self, *args: Any, supervisors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "supervisor", supervisors)


class SessionForm(forms.Form):
    task = forms.ModelChoiceField(label=_("Task"), queryset=CommunityTask.objects.none())
    tenancy = forms.CharField(label=_("Tenancy reference"), max_length=20, widget=LookupInput("tenancy"))
    worked_on = forms.DateField(label=_("Worked on"), widget=DateInput())
    hours = forms.DecimalField(
        label=_("Hours"), max_digits=4, decimal_places=2, help_text=_("In quarters of an hour, e.g. 2.5.")
    )
    worker = forms.CharField(label=_("Who worked"), max_length=150, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, tasks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "task", tasks)
