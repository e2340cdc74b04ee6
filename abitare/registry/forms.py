"""Forms of the registry: shape and format only; the rules are in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Territory
from abitare.accounts.selectors import territory_list
from abitare.core import uploads
from abitare.core.forms import DateInput, LookupInput, limit_choices
from abitare.registry.models import (
    Consent,
    Consultation,
    Disability,
    HealthNote,
    HouseholdMember,
    IseeAttestation,
    JudicialMeasure,
    Person,
    ProtectionMeasure,
    Referral,
)
from abitare.registry.models.isee import DSU_PROTOCOL_PATTERN


class TerritoryChoiceMixin:
    def limit_territories(self, membership: Membership | None) -> None:
        field = self.fields["territory"]  # type: ignore[attr-defined]
        field.queryset = territory_list(actor=membership)
        if membership is not None and not self.is_bound and not field.initial:  # type: ignore[attr-defined]
            field.initial = membership.territory_id


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or Codice Fiscale"), required=False, max_length=100)
    territory = forms.ModelChoiceField(
        label=_("Neighbourhood"), queryset=Territory.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args: Any, membership: Membership | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "territory", territory_list(actor=membership))


class PersonForm(TerritoryChoiceMixin, forms.ModelForm):  # type: ignore[type-arg]
    confirm_not_duplicate = forms.BooleanField(label=_("I have checked: this is a different person"), required=False)

    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "birth_date",
            "sex",
            "codice_fiscale",
            "birth_place",
            "citizenship",
            "territory",
            "phone",
            "email",
        ]
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args: Any, membership: Membership | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_territories(membership)
        self.fields["first_name"].widget.attrs["autofocus"] = True

    def _post_clean(self) -> None:
        """Skip model validation: unique constraints and rules are the service's job, with its own messages."""

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("confirm_not_duplicate", None)
        return data


class HouseholdForm(TerritoryChoiceMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, required=False, help_text=_("E.g. Famiglia Rossi."))
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    territory = forms.ModelChoiceField(label=_("Neighbourhood or municipality"), queryset=Territory.objects.none())
    reference_person = forms.CharField(
        label=_("Reference person: Codice Fiscale or number"),
        max_length=16,
        widget=LookupInput("person"),
        required=False,
        help_text=_("Optional: the other members can be added on the household's page."),
    )

    def __init__(self, *args: Any, membership: Membership | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_territories(membership)
        self.fields["name"].widget.attrs["autofocus"] = True


class MemberAddForm(forms.Form):
    person = forms.CharField(
        label=_("Person"),
        max_length=16,
        widget=LookupInput("person"),
        help_text=_("Codice Fiscale, or the person's number shown in the list."),
    )
    relationship = forms.ChoiceField(label=_("Relationship"), choices=HouseholdMember.Relationship.choices)
    start_date = forms.DateField(label=_("From"), required=False, widget=DateInput())


class MemberEndForm(forms.Form):
    end_date = forms.DateField(label=_("Until"), required=False, widget=DateInput())


class IseeForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = IseeAttestation
        fields = [
            "kind",
            "dsu_protocol",
            "isee",
            "ise",
            "isr",
            "isp",
            "equivalence_scale",
            "issued_on",
            "expires_on",
        ]
        widgets = {"issued_on": DateInput(), "expires_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dsu_protocol"].widget.attrs.update(
            {"pattern": DSU_PROTOCOL_PATTERN.strip("^$"), "placeholder": "INPS-ISEE-2026-123456789-00"}
        )

    def _post_clean(self) -> None:
        """Skip model validation: the service checks the rules and reports them field by field."""


class ConsentForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Consent
        fields = ["purpose", "notice_version", "given_on", "valid_until"]
        widgets = {"given_on": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()

    def _post_clean(self) -> None:
        """Skip model validation: the service checks the rules and reports them field by field."""


class DisabilityForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Disability
        fields = ["recognition", "invalidity_percent", "non_self_sufficient", "recognised_on", "review_on", "notes"]
        widgets = {"recognised_on": DateInput(), "review_on": DateInput()}


class HealthNoteForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = HealthNote
        fields = ["noted_on", "notes"]
        widgets = {"noted_on": DateInput()}


class JudicialMeasureForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = JudicialMeasure
        fields = ["kind", "authority", "start_date", "end_date", "notes"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}


class ProtectionMeasureForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ProtectionMeasure
        fields = ["kind", "start_date", "end_date", "address_confidential", "notes"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}


SENSITIVE_FORMS: dict[str, type[forms.ModelForm]] = {  # type: ignore[type-arg]
    "disability": DisabilityForm,
    "healthnote": HealthNoteForm,
    "judicialmeasure": JudicialMeasureForm,
    "protectionmeasure": ProtectionMeasureForm,
}


class ConsultationForm(TerritoryChoiceMixin, forms.Form):
    """Quick intake: the fields in the order an operator fills them, defaults for the rest."""

    topic = forms.ChoiceField(label=_("Topic"), choices=Consultation.Topic.choices)
    person = forms.CharField(
        label=_("Known person: Codice Fiscale or number"),
        max_length=16,
        widget=LookupInput("person"),
        required=False,
        help_text=_("Leave empty for an anonymous visitor and give age band and sex."),
    )
    age_band = forms.ChoiceField(label=_("Age band"), choices=Consultation.AgeBand.choices, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Consultation.VisitorSex.choices, required=False)
    # One line, so Enter saves from any field (the page is built for keyboard speed).
    advice = forms.CharField(label=_("Advice given"), required=False, max_length=2000)
    referral_kind = forms.ChoiceField(
        label=_("Referred to (kind)"), choices=[("", "—"), *Referral.Kind.choices], required=False
    )
    referral_to = forms.CharField(label=_("Referred to"), max_length=200, required=False)
    follow_up_on = forms.DateField(label=_("Follow-up on"), required=False, widget=DateInput())
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())

    def __init__(self, *args: Any, membership: Membership | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_territories(membership)
        self.fields["held_on"].initial = timezone.localdate()
        self.fields["topic"].widget.attrs["autofocus"] = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("referral_kind")) != bool((data.get("referral_to") or "").strip()):
            self.add_error("referral_to", _("Give both the kind and the name of the referral, or neither."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file made from the template."))
        if message := uploads.size_error(upload.size):
            raise forms.ValidationError(message)
        return upload


class EraseForm(forms.Form):
    confirm = forms.BooleanField(label=_("I confirm the erasure: it cannot be undone"), required=True)


class ExportReleaseForm(forms.Form):
    """The data protection officer's decision: which withheld records are about the person."""

    released = forms.MultipleChoiceField(
        label=_("Records about this person, to release into their exports"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The records not ticked stay withheld from this person's exports."),
    )
    reason = forms.CharField(label=_("Reason for the decision"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["released"].choices = choices  # type: ignore[attr-defined]
