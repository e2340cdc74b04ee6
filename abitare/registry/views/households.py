"""Households: list, the household's page, creation, members and ISEE attestations."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.http import MemberRequest, membership_required
from abitare.core.access import access
from abitare.core.audit import log_read, log_reads
from abitare.core.exports import export_response, requested_format
from abitare.core.extensions import household_sections_for
from abitare.core.pages import act, form_page
from abitare.registry import selectors, services
from abitare.registry.forms import HouseholdForm, IseeForm, MemberAddForm, MemberEndForm, PersonSearchForm
from abitare.registry.models import HouseholdMember
from abitare.registry.permissions import CONSULTATIONS, PEOPLE
from abitare.registry.services.households import NewMember
from abitare.registry.views._lookup import person_named

PAGE_SIZE = 25
#: The file's timeline shows the latest events of every module, up to this many.
TIMELINE_LENGTH = 40


def _households() -> tuple[str, str]:
    return _("Households"), reverse("registry:household-list")


@access(PEOPLE)
@membership_required
def household_list(request: MemberRequest) -> HttpResponse:
    if requested_format(request):
        return export_response(request, "registry.households", actor=request.membership)
    membership = request.membership
    form = PersonSearchForm(request.GET or None, membership=membership)
    filters = selectors.PersonFilters.from_query(request.GET)
    households = selectors.household_list(actor=membership, filters=filters).order_by("name", "id")
    page = Paginator(households, PAGE_SIZE).get_page(request.GET.get("page"))
    log_reads(request, list(page.object_list), purpose="search", actor=membership)
    template = "registry/household_list.html#results" if request.htmx else "registry/household_list.html"
    return render(request, template, {"form": form, "page": page})


@access(PEOPLE)
@membership_required
def household_detail(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    household = selectors.household_get(actor=membership, pk=pk)
    members = list(household.memberships.all())
    log_read(request, household, actor=membership)
    log_reads(request, [member.person for member in members], purpose="household", actor=membership)
    sections = household_sections_for(request, household)
    shown = [record for section in sections for record in section.records]
    if shown:
        log_reads(request, shown, purpose="household file", actor=membership)
    events = [event for section in sections for event in section.events]
    if CONSULTATIONS.allows(request):
        events += selectors.household_consultation_events(actor=membership, household=household)
    context = {
        "household": household,
        "members": members,
        "attestations": household.isee_attestations.all(),
        "latest_isee": selectors.isee_latest_valid(household=household),
        "member_form": MemberAddForm(),
        "today": timezone.localdate(),
        "sections": sections,
        "actions": [action for section in sections for action in section.actions],
        "timeline": sorted(events, key=lambda event: event.on, reverse=True)[:TIMELINE_LENGTH],
    }
    return render(request, "registry/household_detail.html", context)


@access(PEOPLE)
@require_http_methods(["GET", "POST"])
@membership_required
def household_create(request: MemberRequest) -> HttpResponse:
    membership = request.membership

    def save(data: dict[str, Any]) -> Any:
        data = dict(data)
        reference = data.pop("reference_person")
        members = []
        if reference:
            person = person_named(membership, reference, field="reference_person")
            members.append(NewMember(person=person, relationship=HouseholdMember.Relationship.REFERENCE))
        return services.household_create(actor=membership, members=members, **data)

    return form_page(
        request,
        HouseholdForm(request.POST or None, membership=membership),
        heading=_("New household"),
        trail=[_households()],
        save=save,
        done=lambda household: reverse("registry:household-detail", args=[household.pk]),
        success=_("Household created: now add its members."),
    )


@access(PEOPLE)
@require_POST
@membership_required
def member_add(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    household = selectors.household_get(actor=membership, pk=pk)
    form = MemberAddForm(request.POST)

    def add() -> Any:
        data = form.cleaned_data
        return services.household_member_add(
            actor=membership,
            household=household,
            person=person_named(membership, data["person"], field="person"),
            relationship=data["relationship"],
            start_date=data["start_date"],
        )

    household_url = reverse("registry:household-detail", args=[household.pk])
    return act(request, add, form=form, done=household_url, success=_("Member added."))


@access(PEOPLE)
@require_POST
@membership_required
def member_end(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    member = HouseholdMember.objects.filter(pk=pk, household__in=selectors.household_list(actor=membership)).first()
    if member is None:
        raise Http404
    form = MemberEndForm(request.POST)
    return act(
        request,
        lambda: services.household_member_end(actor=membership, member=member, end_date=form.cleaned_data["end_date"]),
        form=form,
        done=reverse("registry:household-detail", args=[member.household_id]),
        success=_("Membership ended."),
    )


@access(PEOPLE)
@require_http_methods(["GET", "POST"])
@membership_required
def isee_add(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    household = selectors.household_get(actor=membership, pk=pk)
    household_url = reverse("registry:household-detail", args=[household.pk])
    return form_page(
        request,
        IseeForm(request.POST or None),
        heading=_("New ISEE attestation"),
        trail=[_households(), (str(household), household_url)],
        save=lambda data: services.isee_attestation_add(actor=membership, household=household, **data),
        done=household_url,
        success=_("ISEE attestation recorded."),
    )
