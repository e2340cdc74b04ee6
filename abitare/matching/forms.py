from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Organisation, Territory
from abitare.assessments.models import PATHWAY_CHOICES
from abitare.core import params
from abitare.core.forms import DateInput
from abitare.matching.models.rulesets import FACT_FORM_CHOICES, OPERATOR_FORM_CHOICES


class ApplicationForm(forms.Form):
    pathway = forms.ChoiceField(label=_("Pathway"), choices=PATHWAY_CHOICES)
    occupants = params.IntegerFormField(label=_("Occupants"), min_value=1, max_value=20)
    monthly_income = forms.DecimalField(label=_("Declared monthly income (€)"), min_value=0, decimal_places=2)
    needs_step_free = forms.BooleanField(label=_("Needs step-free access"), required=False)
    needs_wheelchair = forms.BooleanField(label=_("Needs a wheelchair-accessible flat"), required=False)
    wants_group_living = forms.BooleanField(label=_("Asks for group living"), required=False)
    residence_or_work = forms.BooleanField(label=_("Resides or works in the territory"), required=False)
    owns_suitable_property = forms.BooleanField(label=_("Owns a suitable home"), required=False)
    eviction_notice = forms.BooleanField(label=_("Eviction notice in force"), required=False)
    overcrowding = forms.BooleanField(label=_("Current home overcrowded"), required=False)
    preferred = params.ModelMultipleIdField(
        label=_("Neighbourhoods wanted (in order of the list)"), queryset=Territory.objects.none(), required=False
    )
    excluded = params.ModelMultipleIdField(
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
    fact = forms.ChoiceField(label=_("Fact"), choices=FACT_FORM_CHOICES)
    operator = forms.ChoiceField(label=_("Condition"), choices=OPERATOR_FORM_CHOICES)
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


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    partner = forms.ModelChoiceField(label=_("Partner organisation"), queryset=Organisation.objects.none())
    partner_territory = forms.ModelChoiceField(label=_("Partner district"), queryset=Territory.objects.none())
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_to = forms.DateField(
        label=_("Valid to"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for an agreement with no end date."),
    )
    act_reference = forms.CharField(
        label=_("Signed act"),
        max_length=250,
        help_text=_("The act that approved it, e.g. resolution number and date."),
    )

    def __init__(self, *args: Any, own_organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partner = self.fields["partner"]
        district = self.fields["partner_territory"]
        assert isinstance(partner, forms.ModelChoiceField)
        assert isinstance(district, forms.ModelChoiceField)
        partner.queryset = Organisation.objects.exclude(pk=own_organisation_id).order_by("name")
        district.queryset = Territory.objects.filter(organisations__isnull=False).distinct().order_by("name")


class AgreementEndForm(forms.Form):
    reason = forms.CharField(label=_("Why it ends"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


"""A native date picker: its value is always ISO, whatever the language of the page."""


class OfferSendForm(forms.Form):
    reply_by = forms.DateField(
        label=_("Reply by"),
        widget=DateInput(),
        help_text=_("The date by which the household must accept or refuse."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class OfferAcceptForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Allocation starts on"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: today."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


JUSTIFIED_CHOICES = [("", _("As the rule says")), ("yes", _("Justified")), ("no", _("Not justified"))]


class OfferRefuseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for refusing"))
    justified = forms.ChoiceField(
        label=_("Is the refusal justified?"),
        choices=JUSTIFIED_CHOICES,
        required=False,
        help_text=_(
            "Required when the rule leaves it to the operator. An unjustified refusal has the rule's consequence."
        ),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, reasons: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *reasons]

    def justified_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("justified") or "")


class OfferWithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("Why the offer is withdrawn"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProposalReplaceForm(forms.Form):
    application = forms.ChoiceField(label=_("Household"))
    reason = forms.CharField(
        label=_("Why this household instead"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, candidates: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["application"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *candidates]
