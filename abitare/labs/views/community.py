"""Pages for volunteers and help networks: the public "offri il tuo tempo" form, the
facilitator's "who can help with what" view with hours given, and the help networks with their
members, offers, requests and the offers that fit a request."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.http import MemberRequest, actor_of, membership_required
from abitare.accounts.models import Territory
from abitare.core import params
from abitare.core.access import PUBLIC, access
from abitare.core.audit import log_read, log_reads
from abitare.core.exceptions import Conflict, DomainError
from abitare.core.exports import export_response, requested_format
from abitare.core.forms import add_domain_error, submit
from abitare.core.idempotency import submitted_once
from abitare.core.pages import act
from abitare.labs import selectors, services
from abitare.labs.exports import volunteer_filters
from abitare.labs.forms.community import (
    HelpMemberForm,
    HelpNeedForm,
    HelpNetworkForm,
    VolunteerHoursForm,
    VolunteerSignupForm,
)
from abitare.labs.models import HelpNeed, HelpNetwork, HelpOffer, HelpRequest, Lab
from abitare.labs.permissions import FACILITATION
from abitare.labs.views.common import rate_limited, too_many_requests


@access(PUBLIC)
@require_http_methods(["GET", "POST"])
def volunteer_signup(request: HttpRequest) -> HttpResponse:
    """ "Offri il tuo tempo": a citizen offers time to one or more labs. Like the registration form,
    the reply never says whether the address was already known."""
    labs = Lab.objects.filter(is_published=True).order_by("name")
    initial = {}
    if slug := request.GET.get("lab"):
        initial["labs"] = list(labs.filter(slug=slug))
    form = VolunteerSignupForm(request.POST or None, labs=labs, initial=initial)
    if request.method == "POST":
        if rate_limited(request, "volunteer"):
            return too_many_requests(request)
        if form.is_valid():
            if form.cleaned_data["website"]:
                return redirect("labs:volunteer-done")
            chosen = list(form.cleaned_data["labs"])
            try:
                services.volunteer_create(
                    actor=None,
                    labs=chosen,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    phone=form.cleaned_data["phone"],
                    skills=form.cleaned_data["skills"],
                    availability=form.cleaned_data["availability"],
                    weekdays=form.cleaned_data["weekdays"],
                    consent=form.cleaned_data["consent"],
                )
            except Conflict as error:
                if error.field != "email":
                    raise
                return redirect("labs:volunteer-done")
            except DomainError as error:
                add_domain_error(form, error)
            else:
                return redirect("labs:volunteer-done")
        return render(request, "labs/volunteer_signup.html", {"form": form}, status=400)
    return render(request, "labs/volunteer_signup.html", {"form": form})


@access(PUBLIC)
def volunteer_done(request: HttpRequest) -> HttpResponse:
    return render(request, "labs/volunteer_done.html")


@access(FACILITATION)
@membership_required
def volunteer_list(request: MemberRequest) -> HttpResponse:
    """Who can help with what: volunteers by skill, free day and lab, with the hours they gave."""
    if requested_format(request):
        return export_response(request, "labs.volunteers", actor=request.membership)
    membership = request.membership
    form, filters = volunteer_filters(membership, request.GET)
    volunteers = list(selectors.volunteer_list(actor=membership, **filters))
    log_reads(request, volunteers, actor=actor_of(request))
    return render(request, "labs/volunteer_list.html", {"form": form, "volunteers": volunteers})


@access(FACILITATION)
@require_http_methods(["GET", "POST"])
@submitted_once
@membership_required
def volunteer_hours(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    volunteer = selectors.volunteer_get(actor=membership, pk=pk)
    if volunteer is None:
        raise Http404
    log_read(request, volunteer, actor=actor_of(request))
    form = VolunteerHoursForm(request.POST or None, labs=selectors.lab_list(actor=membership))
    if submit(
        form, lambda data: services.volunteer_hours_record(actor=request.membership, volunteer=volunteer, **data)
    ):
        return redirect("labs:volunteer-hours", pk=volunteer.pk)
    entries = selectors.volunteer_hours_list(actor=membership).filter(volunteer=volunteer)[:50]
    context = {"volunteer": volunteer, "form": form, "entries": entries}
    return render(request, "labs/volunteer_hours.html", context, status=400 if form.errors else 200)


def _scoped_territories(request: HttpRequest) -> Any:
    membership = actor_of(request)
    if membership is None:
        return Territory.objects.none()
    return Territory.objects.filter(path__startswith=membership.territory.path).order_by("path")


@access(FACILITATION)
@require_http_methods(["GET", "POST"])
@membership_required
def help_network_list(request: MemberRequest) -> HttpResponse:
    membership = request.membership
    form = HelpNetworkForm(
        request.POST or None,
        territories=_scoped_territories(request),
        labs=selectors.lab_list(actor=membership),
    )
    if request.method == "POST" and form.is_valid() and membership is not None:
        try:
            network = services.help_network_create(
                actor=request.membership,
                organisation=membership.organisation,
                **form.cleaned_data,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("labs:help-network-detail", pk=network.pk)
    networks = selectors.help_network_list(actor=membership).order_by("name")
    return render(
        request, "labs/help_network_list.html", {"networks": networks, "form": form}, status=400 if form.errors else 200
    )


def _network(request: HttpRequest, pk: int) -> HelpNetwork:
    network = selectors.help_network_get(actor=actor_of(request), pk=pk)
    if network is None:
        raise Http404
    return network


# The two sides of a help network's exchange, as the page's forms name them.
NEEDS: dict[str, type[HelpNeed]] = {"offer": HelpOffer, "request": HelpRequest}


def _network_territories(network: HelpNetwork) -> Any:
    return Territory.objects.filter(path__startswith=network.territory.path).order_by("path")


@access(FACILITATION)
@require_http_methods(["GET", "POST"])
@membership_required
def help_network_detail(request: MemberRequest, pk: int) -> HttpResponse:
    """A help network: its members, offers and open requests; forms to add each."""
    network = _network(request, pk)
    membership = request.membership
    territories = _network_territories(network)
    which = request.POST.get("form", "")
    member_form = HelpMemberForm(request.POST if which == "member" else None, territories=territories, prefix="member")
    need_forms = {
        side: HelpNeedForm(
            request.POST if which == side else None,
            territories=territories,
            prefix=side,
            initial={"kind": network.kind},
        )
        for side in NEEDS
    }
    bound = {"member": member_form, **need_forms}.get(which)
    if request.method == "POST" and bound is not None and bound.is_valid():
        actor = request.membership
        try:
            if which == "member":
                services.help_member_add(actor=actor, network=network, **bound.cleaned_data)
            else:
                services.help_need_create(actor=actor, model=NEEDS[which], network=network, **bound.cleaned_data)
        except DomainError as error:
            add_domain_error(bound, error)
        else:
            return redirect("labs:help-network-detail", pk=network.pk)
    members = list(selectors.help_member_list(actor=membership).filter(network=network, is_active=True))
    offers = list(selectors.help_need_list(actor=membership, model=HelpOffer).filter(network=network, is_active=True))
    requests = list(selectors.help_need_list(actor=membership, model=HelpRequest).filter(network=network))
    log_reads(request, [*members, *offers, *requests], actor=actor_of(request))
    context = {
        "network": network,
        "members": members,
        "offers": offers,
        "requests": requests,
        "member_form": member_form,
        "offer_form": need_forms["offer"],
        "request_form": need_forms["request"],
    }
    return render(
        request,
        "labs/help_network_detail.html",
        context,
        status=400 if bound is not None and bound.errors else 200,
    )


@access(FACILITATION)
@membership_required
def help_request_matches(request: MemberRequest, pk: int) -> HttpResponse:
    """The offers that fit a request, best first, each with a button to pair it."""
    help_request = selectors.help_need_list(actor=request.membership, model=HelpRequest).filter(pk=pk).first()
    if help_request is None:
        raise Http404
    candidates = selectors.help_request_candidates(request=help_request)
    log_reads(request, [help_request, *[offer for offer, _match in candidates]], actor=actor_of(request))
    return render(request, "labs/help_request_matches.html", {"help_request": help_request, "candidates": candidates})


@access(FACILITATION)
@require_POST
@submitted_once
@membership_required
def help_request_match(request: MemberRequest, pk: int) -> HttpResponse:
    """Pair a request with one of the offers that fit it; a refusal comes back as a message."""
    membership = request.membership
    help_request = selectors.help_need_list(actor=membership, model=HelpRequest).filter(pk=pk).first()
    offer_pk = request.POST.get("offer", "")
    offer = selectors.help_need_list(actor=membership, model=HelpOffer).filter(pk=params.as_id(offer_pk) or 0).first()
    if help_request is None or offer is None:
        raise Http404
    return act(
        request,
        lambda: services.help_request_match(actor=membership, request=help_request, offer=offer),
        done=reverse("labs:help-network-detail", args=[help_request.network_id]) + f"#request-{pk}",
        success=_("Request paired with the offer of %(person)s.") % {"person": offer.person_name},
    )
