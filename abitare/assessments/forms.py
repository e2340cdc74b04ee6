"""Forms check shape only; the services enforce the rules (every domain scored, override reason...)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from abitare.accounts.models import Territory
from abitare.assessments.models import PATHWAY_CHOICES, Instrument, PathwayChangeProposal
from abitare.core.forms import DateInput, limit_choices

SCORE_PREFIX = "score_"
EVIDENCE_PREFIX = "evidence_"
WEIGHT_PREFIX = "weight_"


class AssessmentForm(forms.Form):
    """One radio group of five anchors and one evidence box per domain of the instrument."""

    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput())
    dopo_di_noi_requested = forms.BooleanField(
        label=_("The household asks for the Dopo di Noi pathway (law 112/2016)"),
        help_text=_(
            "Tick only when the multidimensional assessment confirms it: no family support, now or in view "
            "of its loss, for an adult with a severe disability not due to ageing."
        ),
        required=False,
    )
    chosen_pathway = forms.ChoiceField(
        label=_("Pathway chosen"),
        choices=[("", _("The recommended pathway")), *PATHWAY_CHOICES],
        required=False,
    )
    override_reason = forms.CharField(
        label=_("Why another pathway than the recommended one"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.fields["assessed_on"].initial = timezone.localdate()
        language = get_language()
        self.domain_rows: list[dict[str, Any]] = []
        for domain in instrument.domains.all():
            score_name, evidence_name = f"{SCORE_PREFIX}{domain.code}", f"{EVIDENCE_PREFIX}{domain.code}"
            self.fields[score_name] = forms.TypedChoiceField(
                label=domain.name_for(language),
                choices=[(level.level, level.anchor_for(language)) for level in domain.levels.all()],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Score this domain: choose a level from 1 to 5.")},
            )
            self.fields[evidence_name] = forms.CharField(
                label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 2}), required=False
            )
            self.domain_rows.append(
                {
                    "domain": domain,
                    "name": domain.name_for(language),
                    "description": domain.description_for(language),
                    "score": self[score_name],
                    "evidence": self[evidence_name],
                }
            )

    def axis_rows(self, axis: str) -> list[dict[str, Any]]:
        return [row for row in self.domain_rows if row["domain"].axis == axis]

    def scores(self) -> dict[str, Any]:
        return {
            row["domain"].code: self.cleaned_data.get(f"{SCORE_PREFIX}{row['domain'].code}") for row in self.domain_rows
        }

    def evidence(self) -> dict[str, str]:
        return {
            row["domain"].code: self.cleaned_data.get(f"{EVIDENCE_PREFIX}{row['domain'].code}", "")
            for row in self.domain_rows
        }

    def field_for(self, key: str | None) -> str | None:
        """The form field a service error names (a domain code is its score field)."""
        if key in self.fields:
            return key
        if key and f"{SCORE_PREFIX}{key}" in self.fields:
            return f"{SCORE_PREFIX}{key}"
        return None


class PlaneFilterForm(forms.Form):
    territory = forms.ModelChoiceField(
        label=_("Neighbourhood or municipality"),
        queryset=Territory.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    pathway = forms.ChoiceField(label=_("Pathway"), choices=[("", _("All")), *PATHWAY_CHOICES], required=False)
    date_from = forms.DateField(label=_("Assessed from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Assessed until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, territories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "territory", territories)


class ProposalSettleForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (PathwayChangeProposal.Status.ACCEPTED, _("The pathway is changed")),
            (PathwayChangeProposal.Status.DECLINED, _("The pathway is kept")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class InstrumentVersionForm(forms.Form):
    """A new version for a territory: from when, and the weight of each domain."""

    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())

    def __init__(self, *args: Any, source: Instrument, territories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "territory", territories)
        self.fields["valid_from"].initial = timezone.localdate()
        language = get_language()
        self.weight_fields = []
        for domain in source.domains.all():
            name = f"{WEIGHT_PREFIX}{domain.code}"
            self.fields[name] = forms.DecimalField(
                label=domain.name_for(language), max_digits=5, decimal_places=2, min_value=0, initial=domain.weight
            )
            self.weight_fields.append(self[name])

    def weights(self) -> dict[str, Any]:
        return {
            name.removeprefix(WEIGHT_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(WEIGHT_PREFIX)
        }
