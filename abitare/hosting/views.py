"""Pages of the hosting network: hosts with availability, placements and support ledger;
emergency requests with the hosts that can take them; placing, ending, recording support."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.http import MemberRequest, membership_required
from abitare.accounts.models import Membership
from abitare.core.access import access
from abitare.core.audit import log_read, log_reads
from abitare.core.exceptions import DomainError
from abitare.core.forms import add_domain_error, submit
from abitare.core.idempotency import submitted_once
from abitare.core.pages import act, form_page
from abitare.hosting import selectors, services
from abitare.hosting.forms import (
    AvailabilityForm,
    HostCreateForm,
    HostUpdateForm,
    PlacementEndForm,
    PlacementForm,
    RequestForm,
    RequestStatusForm,
    ReverseForm,
    SupportForm,
)
from abitare.hosting.models import EmergencyRequest, Host, HostSupportEntry
from abitare.hosting.permissions import HOSTING
from abitare.registry import selectors as registry


def _subject(membership: Membership, data: dict[str, Any]) -> dict[str, Any]:
    """The household or person the form names, within the membership's scope (else a refusal on
    the field)."""
    household_id, person_id = data.get("household"), data.get("person")
    if household_id:
        household = registry.household_list(actor=membership).filter(pk=household_id).first()
        if household is None:
            raise DomainError(_("No household with this number in your territory."), field="household")
        return {"household": household}
    person = registry.person_list(actor=membership).filter(pk=int(person_id or 0)).first()
    if person is None:
        raise DomainError(_("No person with this number in your territory."), field="person")
    return {"person": person}


def _details(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in ("household", "person")}


def _host_or_404(request: MemberRequest, pk: int) -> Host:
    host = selectors.host_get(actor=request.membership, pk=pk)
    if host is None:
        raise Http404
    return host


def _request_or_404(request: MemberRequest, pk: int) -> EmergencyRequest:
    found = selectors.request_get(actor=request.membership, pk=pk)
    if found is None:
        raise Http404
    return found


# Hosts -----------------------------------------------------------------------------------------


@access(HOSTING)
@membership_required
def host_list(request: MemberRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    hosts = selectors.host_list(actor=request.membership, status=status)
    page = Paginator(hosts, 50).get_page(request.GET.get("page"))
    log_reads(request, list(page.object_list), actor=request.membership)
    context = {"page": page, "status": status, "status_choices": Host.Status.choices}
    return render(request, "hosting/host_list.html", context)


@access(HOSTING)
@require_http_methods(["GET", "POST"])
@membership_required
def host_create(request: MemberRequest) -> HttpResponse:
    membership = request.membership
    return form_page(
        request,
        HostCreateForm(request.POST or None),
        heading=_("New host family"),
        intro=_("A household or a person already in the registry offers to host. Give one of the two numbers."),
        trail=[(_("Host families"), reverse("hosting:host-list"))],
        save=lambda data: services.host_create(actor=membership, **_subject(membership, data), **_details(data)),
        done=lambda host: reverse("hosting:host-detail", args=[host.pk]),
        success=_("Host added to the network. Now add when they are available."),
        submit_label=_("Add to the network"),
    )


def _host_page(request: MemberRequest, host: Host, **forms_: forms.Form) -> HttpResponse:
    entries = selectors.support_list(host=host)
    context: dict[str, Any] = {
        "host": host,
        "availabilities": host.availabilities.all(),
        "placements": host.placements.select_related("request__household", "request__person"),
        "entries": entries,
        "totals": selectors.support_totals(entries=entries),
        "update_form": forms_.get("update_form")
        or HostUpdateForm(
            initial={
                field: getattr(host, field)
                for field in (
                    "capacity",
                    "conditions",
                    "offers_room",
                    "offers_meals",
                    "offers_accompaniment",
                    "pets_allowed",
                    "step_free",
                    "status",
                )
            }
        ),
        "availability_form": forms_.get("availability_form") or AvailabilityForm(),
        "support_form": forms_.get("support_form") or SupportForm(initial={"occurred_on": timezone.localdate()}),
    }
    failed = any(form.errors for form in forms_.values())
    return render(request, "hosting/host_detail.html", context, status=400 if failed else 200)


@access(HOSTING)
@membership_required
def host_detail(request: MemberRequest, pk: int) -> HttpResponse:
    host = _host_or_404(request, pk)
    log_read(request, host, actor=request.membership)
    return _host_page(request, host)


@access(HOSTING)
@require_POST
@membership_required
def host_update(request: MemberRequest, pk: int) -> HttpResponse:
    host = _host_or_404(request, pk)
    form = HostUpdateForm(request.POST)
    if submit(form, lambda data: services.host_update(actor=request.membership, host=host, **data)):
        messages.success(request, _("Host updated."))
        return redirect("hosting:host-detail", pk=host.pk)
    return _host_page(request, host, update_form=form)


@access(HOSTING)
@require_POST
@membership_required
def availability_add(request: MemberRequest, pk: int) -> HttpResponse:
    host = _host_or_404(request, pk)
    form = AvailabilityForm(request.POST)
    if submit(form, lambda data: services.host_availability_add(actor=request.membership, host=host, **data)):
        messages.success(request, _("Availability added."))
        return redirect("hosting:host-detail", pk=host.pk)
    return _host_page(request, host, availability_form=form)


@access(HOSTING)
@require_POST
@submitted_once
@membership_required
def support_record(request: MemberRequest, pk: int) -> HttpResponse:
    host = _host_or_404(request, pk)
    form = SupportForm(request.POST)
    if submit(form, lambda data: services.support_record(actor=request.membership, host=host, **data)):
        messages.success(request, _("Support recorded."))
        return redirect("hosting:host-detail", pk=host.pk)
    return _host_page(request, host, support_form=form)


@access(HOSTING)
@require_http_methods(["GET", "POST"])
@submitted_once
@membership_required
def support_reverse(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    entry = (
        HostSupportEntry.objects.filter(host__in=selectors.host_list(actor=membership), pk=pk)
        .select_related("host")
        .first()
    )
    if entry is None:
        raise Http404
    form = ReverseForm(request.POST or None)
    if submit(
        form, lambda data: services.support_reverse(actor=request.membership, entry=entry, reason=data["reason"])
    ):
        messages.success(request, _("Entry reversed."))
        return redirect("hosting:host-detail", pk=entry.host_id)
    context = {"entry": entry, "form": form}
    return render(request, "hosting/support_reverse.html", context, status=400 if form.errors else 200)


# Requests and placements -----------------------------------------------------------------------


@access(HOSTING)
@membership_required
def request_list(request: MemberRequest) -> HttpResponse:
    membership = request.membership
    status = request.GET.get("status", EmergencyRequest.Status.OPEN)
    requests = selectors.request_list(actor=membership, status=status)
    page = Paginator(requests, 50).get_page(request.GET.get("page"))
    ending = list(selectors.placements_ending(actor=membership)[:20])
    log_reads(request, [*page.object_list, *ending], actor=request.membership)
    context = {
        "page": page,
        "status": status,
        "status_choices": EmergencyRequest.Status.choices,
        "ending": ending,
        "current": selectors.placements_current(actor=membership).count(),
    }
    return render(request, "hosting/request_list.html", context)


@access(HOSTING)
@require_http_methods(["GET", "POST"])
@membership_required
def request_create(request: MemberRequest) -> HttpResponse:
    membership = request.membership
    return form_page(
        request,
        RequestForm(request.POST or None, initial={"wanted_from": timezone.localdate(), "guests": 1}),
        heading=_("New emergency request"),
        intro=_("The household or person in need must be in the registry. Give one of the two numbers."),
        trail=[(_("Hosting network"), reverse("hosting:request-list"))],
        save=lambda data: services.request_create(actor=membership, **_subject(membership, data), **_details(data)),
        done=lambda created: reverse("hosting:request-detail", args=[created.pk]),
        success=_("Request recorded: choose a host below."),
        submit_label=_("Record and find a host"),
    )


def _request_page(request: MemberRequest, found: EmergencyRequest, **forms_: forms.Form) -> HttpResponse:
    membership = request.membership
    placement_form = forms_.get("placement_form")
    start, end, guests = found.wanted_from, found.wanted_until, found.guests
    if placement_form is not None and placement_form.is_bound and placement_form.is_valid():
        data = placement_form.cleaned_data
        start, end, guests = data["start"], data["planned_end"], min(data["guests"], found.guests)
    candidates = []
    if found.status == EmergencyRequest.Status.OPEN and end > start:
        candidates = selectors.host_candidates(actor=membership, request=found, start=start, end=end, guests=guests)
    context: dict[str, Any] = {
        "req": found,
        "candidates": candidates,
        "placements": found.placements.select_related("host__household", "host__person"),
        "placement_form": placement_form
        or PlacementForm(
            initial={"guests": found.guests, "start": found.wanted_from, "planned_end": found.wanted_until}
        ),
        "status_form": forms_.get("status_form") or RequestStatusForm(prefix="close"),
        "end_form": PlacementEndForm(initial={"actual_end": timezone.localdate()}),
        "start": start,
        "end": end,
    }
    failed = any(form.errors for form in forms_.values())
    return render(request, "hosting/request_detail.html", context, status=400 if failed else 200)


@access(HOSTING)
@membership_required
def request_detail(request: MemberRequest, pk: int) -> HttpResponse:
    found = _request_or_404(request, pk)
    log_read(request, found, actor=request.membership)
    if "start" in request.GET:
        # Other dates or fewer guests: the same list of hosts for the stay asked in the query.
        query = {"host": "0", "guests": str(found.guests), **request.GET.dict()}
        return _request_page(request, found, placement_form=PlacementForm(query))
    return _request_page(request, found)


@access(HOSTING)
@require_POST
@membership_required
def request_status(request: MemberRequest, pk: int) -> HttpResponse:
    found = _request_or_404(request, pk)
    form = RequestStatusForm(request.POST, prefix="close")
    if submit(form, lambda data: services.request_set_status(actor=request.membership, request=found, **data)):
        messages.success(request, _("Request updated."))
        return redirect("hosting:request-detail", pk=found.pk)
    return _request_page(request, found, status_form=form)


@access(HOSTING)
@require_POST
@submitted_once
@membership_required
def placement_create(request: MemberRequest, pk: int) -> HttpResponse:
    found = _request_or_404(request, pk)
    form = PlacementForm(request.POST)
    if form.is_valid():
        host = selectors.host_get(actor=request.membership, pk=form.cleaned_data["host"])
        if host is None:
            form.add_error(None, _("This host is not in your territory."))
        else:
            try:
                services.placement_create(
                    actor=request.membership,
                    request=found,
                    host=host,
                    guests=form.cleaned_data["guests"],
                    start=form.cleaned_data["start"],
                    planned_end=form.cleaned_data["planned_end"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Placement recorded."))
                return redirect("hosting:request-detail", pk=found.pk)
    return _request_page(request, found, placement_form=form)


@access(HOSTING)
@require_POST
@membership_required
def placement_end(request: MemberRequest, pk: int) -> HttpResponse:
    placement = selectors.placement_get(actor=request.membership, pk=pk)
    if placement is None:
        raise Http404
    form = PlacementEndForm(request.POST)
    return act(
        request,
        lambda: services.placement_end(
            actor=request.membership,
            placement=placement,
            on=form.cleaned_data["actual_end"],
            reason=form.cleaned_data["reason"],
        ),
        form=form,
        invalid=_("Give the day the guests left."),
        done=reverse("hosting:request-detail", args=[placement.request_id]),
        success=_("Placement ended."),
    )
