"""Forms of support plans and mediation cases: shape and format only; the services decide the
rules. A note field exists only on forms built for a member who may write notes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Membership, Territory, User
from abitare.accounts.selectors import territory_list
from abitare.assessments.models import Domain
from abitare.core import params
from abitare.core.forms import DateInput, LookupInput, limit_choices
from abitare.housing.models import Building
from abitare.registry.models import Household, Person
from abitare.registry.selectors import household_list
from abitare.tenancies.models.support import Goal, MediationCase, Meeting, Referral, SupportPlan
from abitare.tenancies.permissions import may_read_support_notes
from abitare.tenancies.selectors.support import goal_domains
from abitare.tenancies.services.support import NOTE_MAX_CHARS, key_workers, lab_model, labs_available


def _note_field(label: Any, *, required: bool) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sensitive: readable only by members with the sensitive-data permission, every read is logged."),
    )


class PlanForm(forms.Form):
    household = params.IntegerFormField(
        label=_("Household number"),
        min_value=1,
        help_text=_("The number shown on the household's page."),
        widget=LookupInput("household"),
    )
    key_worker = forms.ModelChoiceField(label=_("Key worker"), queryset=User.objects.none())
    started_on = forms.DateField(label=_("Started on"), widget=DateInput())
    next_review_on = forms.DateField(label=_("Next review on"), widget=DateInput())
    goal = forms.CharField(label=_("First goal"), max_length=200, required=False)

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.membership = membership
        limit_choices(self, "key_worker", key_workers(membership))
        if not self.is_bound:
            self.fields["key_worker"].initial = membership.user_id
            self.fields["started_on"].initial = timezone.localdate()

    def clean_household(self) -> Household:
        household = household_list(actor=self.membership).filter(pk=self.cleaned_data["household"]).first()
        if household is None:
            raise forms.ValidationError(_("Unknown household, or outside your records."))
        return household


class PlanEditForm(forms.Form):
    key_worker = forms.ModelChoiceField(label=_("Key worker"), queryset=User.objects.none())
    next_review_on = forms.DateField(label=_("Next review on"), widget=DateInput())

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "key_worker", key_workers(membership))


class PlanCloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput(), initial=timezone.localdate)
    closing_reason = forms.ChoiceField(label=_("Reason"), choices=SupportPlan.ClosingReason.choices)


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=200)
    domain = forms.ModelChoiceField(
        label=_("Life domain"),
        queryset=Domain.objects.none(),
        required=False,
        empty_label=pgettext_lazy("life domain", "None"),
    )
    target_on = forms.DateField(label=_("Target date"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, plan: SupportPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "domain", goal_domains(territory=plan.territory))
        self.fields["domain"].label_from_instance = lambda domain: domain.name_for(  # type: ignore[attr-defined]
            get_language()
        )


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Goal.Status.choices)


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    attendees = params.ModelMultipleIdField(
        label=_("People who attended"), queryset=Person.objects.none(), required=False
    )
    other_attendees = forms.CharField(
        label=_("Others who attended"),
        max_length=200,
        required=False,
        help_text=_("Roles, not names: e.g. social worker of the municipality, building manager."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=200,
        help_text=_("Not sensitive: e.g. interview held, documents handed over. Write what was said in a note."),
    )

    def __init__(self, *args: Any, membership: Membership, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "attendees", people)
        if may_read_support_notes(membership):
            self.fields["note"] = _note_field(_("Note"), required=False)


class NoteForm(forms.Form):
    text = _note_field(_("Note"), required=True)


class MediationForm(forms.Form):
    territory = forms.ModelChoiceField(label=_("Neighbourhood"), queryset=Territory.objects.none())
    subject = forms.ChoiceField(label=_("Subject"), choices=MediationCase.Subject.choices)
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput(), initial=timezone.localdate)
    mediator = forms.ModelChoiceField(label=_("Mediator"), queryset=User.objects.none())
    households = forms.CharField(
        label=_("Households involved"),
        required=False,
        max_length=200,
        help_text=_("Household numbers separated by commas."),
    )
    building = forms.ModelChoiceField(
        label=_("Building"), queryset=Building.objects.none(), required=False, empty_label=_("None")
    )
    units = forms.CharField(
        label=_("Units involved"),
        required=False,
        max_length=200,
        help_text=_("Codes of the units of the building, separated by commas."),
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.membership = membership
        limit_choices(self, "territory", territory_list(actor=membership))
        limit_choices(self, "mediator", key_workers(membership))
        buildings = Building.objects.filter(
            organisation_id=membership.organisation_id, territory__path__startswith=membership.territory.path
        ).order_by("name")
        limit_choices(self, "building", buildings)
        if not self.is_bound:
            self.fields["territory"].initial = membership.territory_id
            self.fields["mediator"].initial = membership.user_id
        if may_read_support_notes(membership):
            self.fields["description"] = _note_field(_("Description of the conflict"), required=False)

    def clean_households(self) -> list[Household]:
        raw = [part.strip() for part in (self.cleaned_data["households"] or "").split(",") if part.strip()]
        ids = {number for part in raw if (number := params.as_id(part)) is not None}
        if len(ids) != len(set(raw)):
            raise forms.ValidationError(_("Write household numbers separated by commas."))
        found = list(household_list(actor=self.membership).filter(pk__in=ids))
        if len(found) != len(ids):
            raise forms.ValidationError(_("Unknown household, or outside your records."))
        return found

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        codes = [part.strip() for part in (cleaned.get("units") or "").split(",") if part.strip()]
        building = cleaned.get("building")
        if codes and building is None:
            self.add_error("units", _("Choose the building of the units."))
        elif codes and building is not None:
            units = list(building.units.filter(code__in=codes))
            if len(units) != len(set(codes)):
                self.add_error("units", _("Unknown unit code in this building."))
            cleaned["units"] = units
        else:
            cleaned["units"] = []
        return cleaned


class MediationCloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput(), initial=timezone.localdate)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=MediationCase.Outcome.choices)


class ReferralForm(forms.Form):
    kind = forms.ChoiceField(label=_("Send to"), choices=Referral.Kind.choices)
    lab = forms.ModelChoiceField(
        label=_("Lab"), queryset=lab_model().objects.none(), required=False, empty_label=_("None")
    )
    service_name = forms.CharField(label=_("External service"), max_length=200, required=False)
    service_contact = forms.CharField(label=_("Contact of the service"), max_length=200, required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False)
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput(), initial=timezone.localdate)
    follow_up_on = forms.DateField(label=_("Follow up on"), widget=DateInput())

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "lab", labs_available(membership))


class ReferralOutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (Referral.Status.TAKEN_UP, Referral.Status.TAKEN_UP.label),
            (Referral.Status.DECLINED, Referral.Status.DECLINED.label),
        ],
    )
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
