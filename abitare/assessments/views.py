"""Pages of the assessment: the form, an assessment, a household's history and trajectory, the
plane of the territory (page and SVG), and the instruments for administrators."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from abitare.accounts.http import actor_of
from abitare.accounts.models import Membership
from abitare.assessments import charts, plane, selectors, services
from abitare.assessments.forms import AssessmentForm, InstrumentVersionForm, PlaneFilterForm, ProposalSettleForm
from abitare.assessments.models import Instrument, PathwayChangeProposal, pathway_label, quadrant_label
from abitare.assessments.permissions import ASSESSMENT, INSTRUMENT_ADMIN, INSTRUMENT_READ, PLANE
from abitare.assessments.scoring import Axis
from abitare.core.access import access
from abitare.core.audit import log_read
from abitare.core.exceptions import DomainError
from abitare.core.forms import add_domain_error
from abitare.core.perf import gc_paused
from abitare.registry.selectors import household_get

# Household history and assessments ----------------------------------------------------------


@access(ASSESSMENT)
def household_history(request: HttpRequest, household_pk: int) -> HttpResponse:
    """The household's assessments, newest first, and its trajectory on the plane."""
    membership = actor_of(request)
    household = household_get(actor=membership, pk=household_pk)
    log_read(request, household, purpose="assessment history", actor=actor_of(request))
    assessments = list(selectors.assessment_list(actor=membership, household_id=household.pk))
    trajectory = selectors.plane_households(actor=membership, household_id=household.pk)
    spec = (
        plane.spec(trajectory, membership=membership, territory=household.territory, title=_("Trajectory"))
        if trajectory.households
        else None
    )
    return render(
        request,
        "assessments/household_history.html",
        {"household": household, "assessments": assessments, "spec": spec},
    )


@access(ASSESSMENT)
def assessment_create(request: HttpRequest, household_pk: int) -> HttpResponse:
    membership = actor_of(request)
    household = household_get(actor=membership, pk=household_pk)
    try:
        instrument = selectors.instrument_with_domains(
            selectors.instrument_in_force(territory=household.territory, on=timezone.localdate())
        )
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("assessments:household-history", household.pk)
    form = AssessmentForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_record(
                actor=membership,
                household=household,
                instrument=instrument,
                assessed_on=form.cleaned_data["assessed_on"],
                scores=form.scores(),
                evidence=form.evidence(),
                chosen_pathway=form.cleaned_data["chosen_pathway"],
                override_reason=form.cleaned_data["override_reason"],
                dopo_di_noi_requested=form.cleaned_data["dopo_di_noi_requested"],
            )
        except DomainError as error:
            add_domain_error(form, error, form.field_for)
        else:
            messages.success(request, _("Assessment recorded."))
            return redirect("assessments:assessment-detail", assessment.pk)
    return render(
        request,
        "assessments/assessment_form.html",
        {
            "household": household,
            "instrument": instrument,
            "form": form,
            "resources_rows": form.axis_rows(Axis.RESOURCES),
            "potential_rows": form.axis_rows(Axis.POTENTIAL),
        },
        status=400 if form.errors else 200,
    )


@access(ASSESSMENT)
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    assessment = selectors.assessment_get(actor=membership, pk=pk)
    log_read(request, assessment, actor=actor_of(request))
    proposal = PathwayChangeProposal.objects.filter(assessment=assessment).first()
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "assessment": assessment,
            "proposal": proposal,
            "settle_form": ProposalSettleForm() if proposal and proposal.status == proposal.Status.OPEN else None,
            "recommended_label": pathway_label(assessment.recommended_pathway),
            "chosen_label": pathway_label(assessment.chosen_pathway),
            "previous_quadrant_label": quadrant_label(assessment.previous_quadrant),
        },
    )


@access(ASSESSMENT)
@require_POST
def proposal_settle(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    proposal = selectors.proposal_get(actor=membership, pk=pk)
    form = ProposalSettleForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_settle(
                actor=membership, proposal=proposal, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Pathway-change proposal settled."))
    else:
        messages.error(request, _("Choose whether the pathway was changed or kept."))
    return redirect("assessments:assessment-detail", proposal.assessment_id)


# The plane -----------------------------------------------------------------------------------


def _plane_households(request: HttpRequest, membership: Membership) -> tuple[PlaneFilterForm, Any, selectors.PlaneData]:
    form = PlaneFilterForm(request.GET or None, territories=selectors.plane_territories(actor=membership))
    filters = selectors.PlaneFilters()
    territory = None
    if form.is_bound and form.is_valid():
        territory = form.cleaned_data["territory"]
        filters = selectors.PlaneFilters(
            territory_id=territory.pk if territory else None,
            pathway=form.cleaned_data["pathway"],
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
        )
    elif form.is_bound:
        return form, None, selectors.PlaneData([], with_paths=True)
    return form, territory, selectors.plane_households(actor=membership, filters=filters)


@access(PLANE)
def plane_page(request: HttpRequest) -> HttpResponse:
    """The territory's households on resources x potential, with their trajectories."""
    membership = actor_of(request)
    with gc_paused():
        form, territory, data = _plane_households(request, membership)
        spec = plane.spec(data, membership=membership, territory=territory, title=_("Capacity to dwell"))
    counts: dict[str, int] = {}
    for entry in data.households:
        counts[entry.latest.quadrant] = counts.get(entry.latest.quadrant, 0) + 1
    _thresholds, pathway_map = plane.thresholds_and_map(membership=membership, territory=territory)
    summary = [
        {"quadrant": quadrant_label(str(q)), "pathway": pathway_label(code), "count": counts.get(str(q), 0)}
        for q, code in pathway_map.as_map().items()
    ]
    return render(
        request,
        "assessments/plane.html",
        {
            "form": form,
            "spec": spec,
            "summary": summary,
            "total": len(data.households),
            "with_paths": data.with_paths,
            "pathway_map": pathway_map,
            "svg_url": f"{reverse('assessments:plane-svg')}?{request.GET.urlencode()}",
        },
        status=400 if form.errors else 200,
    )


@access(PLANE)
def plane_svg(request: HttpRequest) -> HttpResponse:
    """The same chart as SVG, for PDF reports and downloads."""
    membership = actor_of(request)
    with gc_paused():
        form, territory, data = _plane_households(request, membership)
        if form.errors:
            return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain; charset=utf-8")
        spec = plane.spec(
            data,
            membership=membership,
            territory=territory,
            title=_("Capacity to dwell"),
            url_for=request.build_absolute_uri,
        )
    response = HttpResponse(charts.plane_svg(spec), content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="piano-capacita-di-abitare.svg"'
    return response


@cache
# Instruments ---------------------------------------------------------------------------------


@access(INSTRUMENT_READ)
def instrument_list(request: HttpRequest) -> HttpResponse:
    membership = actor_of(request)
    return render(
        request,
        "assessments/instrument_list.html",
        {
            "instruments": selectors.instrument_list(actor=membership),
            "maps": selectors.pathway_map_list(actor=membership),
            "may_configure": INSTRUMENT_ADMIN.allows(request),
        },
    )


@access(INSTRUMENT_READ)
def instrument_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    instrument = selectors.instrument_get(actor=membership, pk=pk)
    return render(
        request,
        "assessments/instrument_detail.html",
        {
            "instrument": instrument,
            "may_configure": INSTRUMENT_ADMIN.allows(request),
            "may_activate": INSTRUMENT_ADMIN.allows(request)
            and instrument.status == Instrument.Status.DRAFT
            and instrument.territory is not None
            and instrument.territory.path.startswith(membership.territory.path),
        },
    )


@access(INSTRUMENT_ADMIN)
def instrument_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    """Copy an instrument into a draft for a territory of the administrator, weights editable."""
    membership = actor_of(request)
    source = selectors.instrument_get(actor=membership, pk=pk)
    form = InstrumentVersionForm(
        request.POST or None, source=source, territories=selectors.plane_territories(actor=membership)
    )
    if request.method == "POST" and form.is_valid():
        try:
            instrument = services.instrument_new_version(
                actor=membership,
                source=source,
                territory=form.cleaned_data["territory"],
                valid_from=form.cleaned_data["valid_from"],
                weights=form.weights(),
            )
        except DomainError as error:
            add_domain_error(
                form,
                error,
                lambda key: key if key in form.fields else f"weight_{key}" if f"weight_{key}" in form.fields else None,
            )
        else:
            messages.success(request, _("New version created as a draft."))
            return redirect("assessments:instrument-detail", instrument.pk)
    return render(
        request,
        "assessments/instrument_version_form.html",
        {"source": source, "form": form},
        status=400 if form.errors else 200,
    )


@access(INSTRUMENT_ADMIN)
@require_POST
def instrument_activate(request: HttpRequest, pk: int) -> HttpResponse:
    membership = actor_of(request)
    instrument = selectors.instrument_get(actor=membership, pk=pk)
    try:
        services.instrument_activate(actor=membership, instrument=instrument)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The version is now in force."))
    return redirect("assessments:instrument-detail", instrument.pk)
