"""The housing desk's consultations: quick intake, the list, one consultation, follow-ups."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.http import MemberRequest, membership_required
from abitare.core.access import access
from abitare.core.audit import log_read
from abitare.core.pages import act, form_page
from abitare.registry import selectors, services
from abitare.registry.forms import ConsultationForm
from abitare.registry.permissions import CONSULTATIONS
from abitare.registry.services.consultations import NewReferral
from abitare.registry.views._lookup import person_named

PAGE_SIZE = 25


@access(CONSULTATIONS)
@membership_required
def consultation_list(request: MemberRequest) -> HttpResponse:
    consultations = selectors.consultation_list(actor=request.membership)
    page = Paginator(consultations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registry/consultation_list.html", {"page": page})


@access(CONSULTATIONS)
@require_http_methods(["GET", "POST"])
@membership_required
def consultation_create(request: MemberRequest) -> HttpResponse:
    """Quick intake: autofocus on the topic, defaults for date and territory, Enter saves."""
    membership = request.membership

    def save(data: dict[str, Any]) -> Any:
        person = person_named(membership, data["person"], field="person") if data["person"] else None
        referrals = [NewReferral(kind=data["referral_kind"], to=data["referral_to"])] if data["referral_kind"] else []
        return services.consultation_record(
            actor=membership,
            territory=data["territory"],
            topic=data["topic"],
            held_on=data["held_on"],
            person=person,
            age_band=data["age_band"],
            sex=data["sex"],
            advice=data["advice"],
            follow_up_on=data["follow_up_on"],
            referrals=referrals,
        )

    return form_page(
        request,
        ConsultationForm(request.POST or None, membership=membership),
        heading=_("New consultation"),
        trail=[(_("Desk consultations"), reverse("registry:consultation-list"))],
        save=save,
        done=reverse("registry:consultation-create"),
        success=_("Consultation recorded. Ready for the next one."),
        template="registry/consultation_form.html",
    )


@access(CONSULTATIONS)
@membership_required
def consultation_detail(request: MemberRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get(actor=request.membership, pk=pk)
    if consultation.person is not None:
        log_read(request, consultation.person, purpose="consultation", actor=request.membership)
    return render(request, "registry/consultation_detail.html", {"consultation": consultation})


@access(CONSULTATIONS)
@require_POST
@membership_required
def consultation_follow_up_done(request: MemberRequest, pk: int) -> HttpResponse:
    membership = request.membership
    consultation = selectors.consultation_get(actor=membership, pk=pk)
    return act(
        request,
        lambda: services.consultation_follow_up_done(actor=membership, consultation=consultation),
        done=reverse("web:worklist"),
        success=_("Follow-up done."),
    )
