"""Facilitators' pages to open and edit labs and places, change a lab's phase, answer Agorà
invitations and record council meetings. Every page reads through the scoped selectors (another
organisation's lab answers 404) and writes through the services."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abitare.accounts.http import MemberRequest, actor_of, membership_required
from abitare.accounts.models import Territory
from abitare.core import params
from abitare.core.access import access
from abitare.core.pages import act, form_page
from abitare.labs import selectors, services
from abitare.labs.forms.manage import AgoraAnswerForm, CouncilMeetingForm, LabForm, PhaseForm, PlaceForm
from abitare.labs.models import AgoraInvitation, CouncilMeeting, Lab, Place
from abitare.labs.permissions import FACILITATION
from abitare.labs.views.common import lab_trail, lab_url, places_for, your_labs


@access(FACILITATION)
@membership_required
def manage_lab_list(request: MemberRequest) -> HttpResponse:
    """The labs the facilitator's organisation leads in their territory, with their activities."""
    labs = selectors.lab_list(actor=request.membership).prefetch_related("activities")
    return render(request, "labs/manage_lab_list.html", {"labs": labs})


def _territories(request: MemberRequest) -> Any:
    return Territory.objects.filter(path__startswith=request.membership.territory.path).order_by("path")


def _lab(request: HttpRequest, pk: int) -> Lab:
    lab = selectors.lab_get(actor=actor_of(request), pk=pk)
    if lab is None:
        raise Http404
    return lab


@access(FACILITATION)
@require_http_methods(["GET", "POST"])
@membership_required
def lab_create(request: MemberRequest) -> HttpResponse:
    form = LabForm(request.POST or None, territories=_territories(request), places=places_for(request))

    def save(data: dict[str, Any]) -> Lab:
        lab = services.lab_create(
            actor=request.membership,
            name=data["name"],
            kind=data["kind"],
            territory=data["territory"],
            organisation=request.membership.organisation,
            main_place=data["main_place"],
            description=data["description"],
            tags=[services.tag_get_or_create(name=name) for name in form.tag_names()],
            email=data["email"],
            phone=data["phone"],
        )
        if not data["is_published"]:
            services.lab_update(actor=request.membership, lab=lab, is_published=False)
        return lab

    return form_page(
        request,
        form,
        heading=_("Open a lab"),
        trail=[your_labs()],
        save=save,
        done=lab_url,
        success=_("Lab opened."),
    )


@access(FACILITATION)
@membership_required
def manage_lab(request: MemberRequest, pk: int) -> HttpResponse:
    """A lab's staff page: details, places, activities, phase history and council meetings."""
    lab = _lab(request, pk)
    now = timezone.now()
    context = {
        "lab": lab,
        "places": lab.places.prefetch_related("opening_hours"),
        "activities": lab.activities.select_related("place").order_by("-last_end", "title"),
        "phase_changes": lab.phase_changes.order_by("-date", "-id"),
        "meetings": selectors.council_meeting_list(lab=lab)[:20],
        "reach": selectors.lab_reach(lab=lab, start=now - datetime.timedelta(days=365), end=now),
        "invitations": selectors.agora_invitation_list(actor=request.membership).filter(lab=lab),
    }
    return render(request, "labs/manage_lab.html", context)


@access(FACILITATION)
@require_POST
@membership_required
def agora_invitation_answer(request: MemberRequest, pk: int) -> HttpResponse:
    """The invited lab's facilitator accepts or declines taking part in another organisation's Agorà."""
    invitation = selectors.agora_invitation_get(actor=request.membership, pk=pk)
    if invitation is None:
        raise Http404
    form = AgoraAnswerForm(request.POST)

    def answer() -> AgoraInvitation:
        accept = form.cleaned_data["answer"] == "accept"
        return services.agora_invitation_answer(actor=request.membership, invitation=invitation, accept=accept)

    def answered(result: AgoraInvitation) -> str:
        text = (
            _("%(lab)s takes part in %(agora)s.")
            if result.status == AgoraInvitation.Status.ACCEPTED
            else _("%(lab)s does not take part in %(agora)s.")
        )
        return text % {"lab": invitation.lab, "agora": invitation.activity}

    return act(
        request,
        answer,
        form=form,
        invalid=_("Choose whether to accept or decline."),
        done=reverse("labs:manage-lab", args=[invitation.lab_id]),
        success=answered,
    )


@access(FACILITATION)
@require_http_methods(["GET", "POST"])
@membership_required
def lab_edit(request: MemberRequest, pk: int) -> HttpResponse:
    lab = _lab(request, pk)
    initial = {
        "name": lab.name,
        "kind": lab.kind,
        "main_place": lab.main_place_id,
        "description": lab.description,
        "tags": ", ".join(tag.name for tag in lab.tags.all()),
        "email": lab.email,
        "phone": lab.phone,
        "is_published": lab.is_published,
    }
    form = LabForm(
        request.POST or None,
        initial=initial,
        territories=_territories(request),
        places=places_for(request, lab),
        editing=True,
    )

    def save(data: dict[str, Any]) -> Lab:
        changes = {name: value for name, value in data.items() if name != "tags"}
        tags = [services.tag_get_or_create(name=name) for name in form.tag_names()]
        return services.lab_update(actor=request.membership, lab=lab, tags=tags, **changes)

    return form_page(
        request,
        form,
        heading=_("Edit %(lab)s") % {"lab": lab.name},
        trail=lab_trail(lab),
        save=save,
        done=lab_url(lab),
        success=_("Lab updated."),
    )


@access(FACILITATION)
@require_http_methods(["GET", "POST"])
@membership_required
def lab_phase(request: MemberRequest, pk: int) -> HttpResponse:
    lab = _lab(request, pk)
    allowed = Lab.PHASE_TRANSITIONS.get(lab.phase, set())
    form = PhaseForm(request.POST or None, initial={"date": timezone.localdate()})
    form.fields["phase"].choices = [(value, label) for value, label in Lab.Phase.choices if value in allowed]  # type: ignore[attr-defined]
    return form_page(
        request,
        form,
        heading=_("Change phase"),
        trail=lab_trail(lab),
        intro=_("Now: %(phase)s.") % {"phase": lab.get_phase_display()},
        save=lambda data: services.lab_phase_change(actor=request.membership, lab=lab, **data),
        done=lab_url(lab),
        success=lambda changed: _("The lab is now in phase: %(phase)s.") % {"phase": changed.get_phase_display()},
    )


def _council_meeting_page(request: MemberRequest, lab: Lab, meeting: CouncilMeeting | None = None) -> HttpResponse:
    """The form of a council meeting, new or (given ``meeting``) rewritten."""
    initial = {}
    if meeting is not None:
        initial = {
            "date": meeting.date,
            "place": meeting.place_id,
            "agenda": meeting.agenda,
            "minutes": meeting.minutes,
            "attendees": "\n".join(
                f"{a.name}; {a.represents}" if a.represents else a.name for a in meeting.attendees.all()
            ),
        }
    form = CouncilMeetingForm(request.POST or None, initial=initial, places=places_for(request, lab))

    def save(data: dict[str, Any]) -> CouncilMeeting:
        return services.council_meeting_record(
            actor=request.membership,
            lab=lab,
            meeting=meeting,
            date=data["date"],
            place=data["place"],
            agenda=data["agenda"],
            minutes=data["minutes"],
            attendees=form.attendee_rows(),
        )

    return form_page(
        request,
        form,
        heading=_("Council meeting"),
        trail=lab_trail(lab),
        save=save,
        done=lab_url(lab),
        success=_("Council meeting saved."),
    )


@access(FACILITATION)
@require_http_methods(["GET", "POST"])
@membership_required
def council_meeting_create(request: MemberRequest, pk: int) -> HttpResponse:
    return _council_meeting_page(request, _lab(request, pk))


@access(FACILITATION)
@require_http_methods(["GET", "POST"])
@membership_required
def council_meeting_edit(request: MemberRequest, pk: int, meeting_pk: int) -> HttpResponse:
    lab = _lab(request, pk)
    meeting = selectors.council_meeting_list(lab=lab).filter(pk=meeting_pk).first()
    if meeting is None:
        raise Http404
    return _council_meeting_page(request, lab, meeting)


@access(FACILITATION)
@require_http_methods(["GET", "POST"])
@membership_required
def place_create(request: MemberRequest) -> HttpResponse:
    """Add a place; coming from a lab's page (``?lab=``), the place is connected to that lab."""
    form = PlaceForm(request.POST or None, territories=_territories(request))
    lab = None
    if lab_id := params.query_id(request.GET, "lab"):
        lab = _lab(request, lab_id)

    def save(data: dict[str, Any]) -> Place:
        values = dict(data)
        hours = values.pop("opening_hours")
        place = services.place_create(
            actor=request.membership, organisation=request.membership.organisation, opening_hours=hours, **values
        )
        if lab is not None:
            services.lab_place_connect(actor=request.membership, lab=lab, place=place)
        return place

    return form_page(
        request,
        form,
        heading=_("Add a place"),
        trail=lab_trail(lab) if lab is not None else [your_labs()],
        save=save,
        done=lab_url(lab) if lab is not None else reverse("labs:manage-lab-list"),
        success=_("Place added."),
    )


@access(FACILITATION)
@require_http_methods(["GET", "POST"])
@membership_required
def place_edit(request: MemberRequest, pk: int) -> HttpResponse:
    place = selectors.place_get(actor=request.membership, pk=pk)
    if place is None:
        raise Http404
    initial = {
        "name": place.name,
        "territory": place.territory_id,
        "street": place.street,
        "postal_code": place.postal_code,
        "city": place.city,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "step_free": place.step_free,
        "accessibility": place.accessibility,
        "opening_hours": "\n".join(
            f"{span.weekday} {span.opens_at:%H:%M}-{span.closes_at:%H:%M}" for span in place.opening_hours.all()
        ),
    }
    form = PlaceForm(request.POST or None, initial=initial, territories=_territories(request))

    def save(data: dict[str, Any]) -> Place:
        values = dict(data)
        hours = values.pop("opening_hours")
        return services.place_update(actor=request.membership, place=place, opening_hours=hours, **values)

    return form_page(
        request,
        form,
        heading=_("Edit %(place)s") % {"place": place.name},
        trail=[your_labs()],
        save=save,
        done=reverse("labs:manage-lab-list"),
        success=_("Place updated."),
    )
