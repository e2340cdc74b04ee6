"""The labs API: facilitators' scoped endpoints (labs, places, activities, registrations,
attendance and head counts, volunteers, help networks) and one public list of occurrences with
no personal data. POSTs call the services; a lab, place or person outside the caller's scope is
"not found" (404) when addressed in the URL and a field error (400) when named in the body."""

from __future__ import annotations

import datetime
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import LoggedListAPIView, actor_of
from abitare.accounts.models import Membership, Territory
from abitare.core import params
from abitare.core.access import PUBLIC, access
from abitare.core.audit import log_reads
from abitare.core.exceptions import ValidationFailed
from abitare.core.idempotency import idempotent
from abitare.labs import selectors, services
from abitare.labs.api import serializers as s
from abitare.labs.models import (
    Activity,
    ActivityException,
    HeadCount,
    HelpNetwork,
    HelpNetworkMember,
    HelpOffer,
    HelpRequest,
    Lab,
    Place,
    Registration,
    Volunteer,
)
from abitare.labs.permissions import FACILITATION
from abitare.labs.recurrence import ROME

M = TypeVar("M", bound=Model)
T = TypeVar("T")

# The longest window one request may expand (a year and a bit).
MAX_WINDOW = datetime.timedelta(days=400)


def _one(queryset: QuerySet[M], pk: Any, field: str, message: Any) -> M:
    found = queryset.filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise ValidationFailed({field: [message]})
    return found


def _territory(membership: Membership, pk: int, field: str = "territory") -> Territory:
    territory = Territory.objects.filter(pk=pk, path__startswith=membership.territory.path).first()
    if territory is None:
        raise ValidationFailed({field: [_("No territory with this number in your scope.")]})
    return territory


def _found(value: T | None) -> T:
    if value is None:
        raise Http404
    return value


def _window(request: Request) -> tuple[datetime.datetime, datetime.datetime]:
    """``from``/``to`` (dates or datetimes) of the query; default: the next 28 days."""
    now = timezone.now()

    def parse(name: str, default: datetime.datetime) -> datetime.datetime:
        raw = request.query_params.get(name, "")
        if not raw:
            return default
        try:
            value = datetime.datetime.fromisoformat(raw)
        except ValueError:
            raise ValidationFailed({name: [_("Give a date (YYYY-MM-DD) or a date and time.")]}) from None
        return value.replace(tzinfo=ROME) if timezone.is_naive(value) else value

    start = parse("from", now)
    end = parse("to", start + datetime.timedelta(days=28))
    if end <= start:
        raise ValidationFailed({"to": [_("The end must come after the start.")]})
    if end - start > MAX_WINDOW:
        raise ValidationFailed({"to": [_("Ask for at most 400 days at a time.")]})
    return start, end


def _occurrence_rows(items: list[selectors.DatedActivity]) -> list[dict[str, Any]]:
    return [
        {
            "activity": item.activity.pk,
            "title": item.activity.title,
            "lab": item.activity.lab_id,
            "lab_name": item.activity.lab.name,
            "place": item.activity.place_id,
            "place_name": item.activity.place.name,
            "start": item.start,
            "end": item.end,
            "original_start": item.occurrence.original_start,
            "moved": item.occurrence.moved,
            "audience": item.activity.audience,
            "is_free": item.activity.is_free,
            "registration_required": item.activity.registration_required,
        }
        for item in items
    ]


WINDOW_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATETIME, description="Start of the window (default: now)"),
    OpenApiParameter("to", OpenApiTypes.DATETIME, description="End of the window (default: 28 days later)"),
]
START_PARAMETER = OpenApiParameter("start", OpenApiTypes.DATETIME, required=True, description="Occurrence start")


# Public ------------------------------------------------------------------------------------


@access(PUBLIC)
class PublicOccurrenceList(APIView):
    """Dated occurrences of published labs' activities in a window: no names, no registrations."""

    @extend_schema(
        responses=s.OccurrenceOutput(many=True),
        parameters=[
            *WINDOW_PARAMETERS,
            OpenApiParameter("lab", OpenApiTypes.STR, description="A lab's web address (slug)"),
            OpenApiParameter("territory", OpenApiTypes.INT),
            OpenApiParameter("tag", OpenApiTypes.STR),
        ],
        summary="Public calendar of activities",
    )
    def get(self, request: Request) -> Response:
        start, end = _window(request)
        filters: dict[str, Any] = {"tag": request.query_params.get("tag", "")}
        if slug := request.query_params.get("lab"):
            filters["lab"] = _found(selectors.lab_public_get(slug=slug))
        if territory_id := params.query_id(request.query_params, "territory"):
            filters["territory"] = _found(Territory.objects.filter(pk=territory_id).first())
        items = selectors.calendar_public(start=start, end=end, **filters)
        return Response(s.OccurrenceOutput(_occurrence_rows(items), many=True).data)


# Labs and places ---------------------------------------------------------------------------


@access(FACILITATION)
class LabListCreate(generics.ListAPIView[Lab]):
    """Labs the caller's organisation leads in their territory; POST opens a lab."""

    serializer_class = s.LabOutput

    def get_queryset(self) -> Any:
        return selectors.lab_list(actor=actor_of(self.request)).prefetch_related("tags", "places")

    @extend_schema(request=s.LabInput, responses={201: s.LabOutput}, summary="Open a lab")
    def post(self, request: Request) -> Response:
        membership = actor_of(request)
        data = s.LabInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        place = None
        if values["main_place"] is not None:
            place = _one(
                selectors.place_list(actor=membership), values["main_place"], "main_place", _("No such place.")
            )
        lab = services.lab_create(
            actor=actor_of(request),
            name=values["name"],
            kind=values["kind"],
            territory=_territory(membership, values["territory"]),
            organisation=membership.organisation,
            main_place=place,
            description=values["description"],
            tags=[services.tag_get_or_create(name=name) for name in values["tags"]],
            email=values["email"],
            phone=values["phone"],
        )
        return Response(s.LabOutput(lab).data, status=status.HTTP_201_CREATED)


@access(FACILITATION)
class LabDetail(APIView):
    @extend_schema(responses=s.LabDetailOutput, summary="A lab with its phase history")
    def get(self, request: Request, pk: int) -> Response:
        lab = _found(selectors.lab_get(actor=actor_of(request), pk=pk))
        return Response(s.LabDetailOutput(lab).data)


@access(FACILITATION)
class LabPhase(APIView):
    @extend_schema(request=s.PhaseInput, responses=s.LabDetailOutput, summary="Move a lab to another phase")
    def post(self, request: Request, pk: int) -> Response:
        lab = _found(selectors.lab_get(actor=actor_of(request), pk=pk))
        data = s.PhaseInput(data=request.data)
        data.is_valid(raise_exception=True)
        lab = services.lab_phase_change(actor=actor_of(request), lab=lab, **data.validated_data)
        return Response(s.LabDetailOutput(lab).data)


@access(FACILITATION)
class LabReach(APIView):
    @extend_schema(responses=s.ReachOutput, parameters=WINDOW_PARAMETERS, summary="People a lab reached in a period")
    def get(self, request: Request, pk: int) -> Response:
        lab = _found(selectors.lab_get(actor=actor_of(request), pk=pk))
        start, end = _window(request)
        reach = selectors.lab_reach(lab=lab, start=start, end=end)
        return Response(
            s.ReachOutput(
                {
                    "people": reach.people,
                    "named": reach.named,
                    "counted": reach.counted,
                    "first_time": reach.first_time,
                    "first_time_known": reach.first_time_known,
                    "first_time_share": reach.first_time_share,
                }
            ).data
        )


@access(FACILITATION)
class CouncilMeetingList(generics.ListAPIView[Any]):
    serializer_class = s.CouncilMeetingOutput

    def get_queryset(self) -> Any:
        lab = _found(selectors.lab_get(actor=actor_of(self.request), pk=self.kwargs["pk"]))
        return selectors.council_meeting_list(lab=lab)


@access(FACILITATION)
class PlaceListCreate(generics.ListAPIView[Place]):
    """Places the caller's organisation manages in their territory; POST adds one."""

    serializer_class = s.PlaceOutput

    def get_queryset(self) -> Any:
        return selectors.place_list(actor=actor_of(self.request))

    @extend_schema(request=s.PlaceInput, responses={201: s.PlaceOutput}, summary="Add a place")
    def post(self, request: Request) -> Response:
        membership = actor_of(request)
        data = s.PlaceInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        hours = [(h["weekday"], h["opens_at"], h["closes_at"]) for h in values.pop("opening_hours")]
        values["territory"] = _territory(membership, values["territory"])
        place = services.place_create(
            actor=actor_of(request),
            organisation=membership.organisation,
            opening_hours=hours,
            **values,
        )
        return Response(s.PlaceOutput(place).data, status=status.HTTP_201_CREATED)


# Activities and occurrences ----------------------------------------------------------------


@access(FACILITATION)
class ActivityListCreate(generics.ListAPIView[Activity]):
    """Activities of the caller's labs; POST schedules one (RFC 5545 rule in Europe/Rome time)."""

    serializer_class = s.ActivityOutput

    def get_queryset(self) -> Any:
        return (
            selectors.activity_list(actor=actor_of(self.request))
            .prefetch_related("tags", "participating_labs", "invitations")
            .order_by("dtstart", "id")
        )

    @extend_schema(request=s.ActivityInput, responses={201: s.ActivityOutput}, summary="Schedule an activity")
    def post(self, request: Request) -> Response:
        membership = actor_of(request)
        data = s.ActivityInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        lab = _one(selectors.lab_list(actor=membership), values["lab"], "lab", _("No such lab in your scope."))
        in_scope = selectors.place_list(actor=membership).values("pk")
        place = _one(
            Place.objects.filter(Q(labs=lab) | Q(pk__in=in_scope)).distinct(),
            values["place"],
            "place",
            _("No such place."),
        )
        participating = list(Lab.objects.filter(pk__in=values["participating_labs"], is_published=True))
        if len(participating) != len(set(values["participating_labs"])):
            raise ValidationFailed({"participating_labs": [_("Some of these labs do not exist.")]})
        activity = services.activity_create(
            actor=actor_of(request),
            lab=lab,
            title=values["title"],
            place=place,
            start=values["start"],
            end=values["end"],
            rrule=values["rrule"],
            description=values["description"],
            kind=values["kind"],
            capacity=values["capacity"],
            audience=values["audience"],
            tags=[services.tag_get_or_create(name=name) for name in values["tags"]],
            is_free=values["is_free"],
            registration_required=values["registration_required"],
            participating_labs=participating,
        )
        return Response(s.ActivityOutput(activity).data, status=status.HTTP_201_CREATED)


@access(FACILITATION)
class ActivityDetail(APIView):
    @extend_schema(responses=s.ActivityOutput, summary="One activity with its exceptions")
    def get(self, request: Request, pk: int) -> Response:
        activity = _found(selectors.activity_get(actor=actor_of(request), pk=pk))
        return Response(s.ActivityOutput(activity).data)


@access(FACILITATION)
class ActivityOccurrences(APIView):
    @extend_schema(responses=s.OccurrenceOutput(many=True), parameters=WINDOW_PARAMETERS, summary="An activity's dates")
    def get(self, request: Request, pk: int) -> Response:
        activity = _found(selectors.activity_get(actor=actor_of(request), pk=pk))
        start, end = _window(request)
        return Response(
            s.OccurrenceOutput(_occurrence_rows(selectors.occurrences_between([activity], start, end)), many=True).data
        )


@access(FACILITATION)
class ActivityExceptionCreate(APIView):
    @extend_schema(
        request=s.ExceptionInput, responses={201: s.ExceptionOutput}, summary="Cancel or move one occurrence"
    )
    def post(self, request: Request, pk: int) -> Response:
        activity = _found(selectors.activity_get(actor=actor_of(request), pk=pk))
        data = s.ExceptionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        actor = actor_of(request)
        if values["kind"] == ActivityException.Kind.MOVED:
            if values["new_start"] is None:
                raise ValidationFailed({"new_start": [_("Give the new date and time.")]})
            exception = services.activity_occurrence_move(
                actor=actor,
                activity=activity,
                original_start=values["original_start"],
                new_start=values["new_start"],
                note=values["note"],
            )
        else:
            exception = services.activity_occurrence_cancel(
                actor=actor, activity=activity, original_start=values["original_start"], note=values["note"]
            )
        return Response(s.ExceptionOutput(exception).data, status=status.HTTP_201_CREATED)


# Registrations, attendance, head counts (personal data: facilitators only) -----------------


@access(FACILITATION)
class RegistrationListCreate(LoggedListAPIView[Registration]):
    """Registrations of the caller's labs (``activity`` and ``start`` narrow them); POST registers a
    person on their behalf (confirmed while places last, then waiting list)."""

    serializer_class = s.RegistrationOutput

    def get_queryset(self) -> Any:
        rows = selectors.registration_list(actor=actor_of(self.request)).order_by("occurrence__start", "id")
        query = self.request.query_params
        if activity_id := params.query_id(query, "activity"):
            rows = rows.filter(occurrence__activity_id=activity_id)
        if raw := query.get("start", ""):
            try:
                rows = rows.filter(occurrence__start=datetime.datetime.fromisoformat(raw))
            except ValueError:
                raise ValidationFailed({"start": [_("Give a date and time.")]}) from None
        return rows

    @extend_schema(
        parameters=[OpenApiParameter("activity", OpenApiTypes.INT), OpenApiParameter("start", OpenApiTypes.DATETIME)]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.RegistrationInput, responses={201: s.RegistrationOutput}, summary="Register a person")
    def post(self, request: Request) -> Response:
        membership = actor_of(request)
        data = s.RegistrationInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        activity = _one(
            selectors.activity_list(actor=membership), values.pop("activity"), "activity", _("No such activity.")
        )
        registration = services.registration_create(actor=actor_of(request), activity=activity, **values)
        return Response(s.RegistrationOutput(registration).data, status=status.HTTP_201_CREATED)


@access(FACILITATION)
class RegistrationCancel(APIView):
    @extend_schema(request=None, responses=s.RegistrationOutput, summary="Cancel a registration (promotes the next)")
    def post(self, request: Request, pk: int) -> Response:
        registration = _found(selectors.registration_get(actor=actor_of(request), pk=pk))
        registration = services.registration_cancel(actor=actor_of(request), registration=registration)
        return Response(s.RegistrationOutput(registration).data)


def _start(request: Request) -> datetime.datetime:
    try:
        value = datetime.datetime.fromisoformat(request.query_params.get("start", ""))
    except ValueError:
        raise ValidationFailed({"start": [_("Give the occurrence's start date and time.")]}) from None
    return value.replace(tzinfo=ROME) if timezone.is_naive(value) else value


@access(FACILITATION)
class OccurrenceAttendance(APIView):
    """Named attendance of one occurrence; POST marks who came and adds walk-ins."""

    @extend_schema(responses=s.AttendanceOutput(many=True), parameters=[START_PARAMETER])
    def get(self, request: Request, pk: int) -> Response:
        activity = _found(selectors.activity_get(actor=actor_of(request), pk=pk))
        rows = list(selectors.occurrence_attendance(activity=activity, start=_start(request)))
        log_reads(request, rows, actor=actor_of(request))
        return Response(s.AttendanceOutput(rows, many=True).data)

    @extend_schema(request=s.AttendanceInput, responses=s.AttendanceOutput(many=True), summary="Record attendance")
    def post(self, request: Request, pk: int) -> Response:
        activity = _found(selectors.activity_get(actor=actor_of(request), pk=pk))
        data = s.AttendanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        rows = services.attendance_record(
            actor=actor_of(request),
            activity=activity,
            start=values["start"],
            present_registrations=values["present_registrations"],
            walk_ins=[(w["name"], w["first_time"]) for w in values["walk_ins"]],
        )
        return Response(s.AttendanceOutput(rows, many=True).data)


@access(FACILITATION)
class OccurrenceHeadCounts(APIView):
    """Anonymous head counts of one occurrence by age band and sex; POST sets cells (0 clears)."""

    @extend_schema(responses=s.HeadCountOutput(many=True), parameters=[START_PARAMETER])
    def get(self, request: Request, pk: int) -> Response:
        activity = _found(selectors.activity_get(actor=actor_of(request), pk=pk))
        counts = selectors.occurrence_head_counts(activity=activity, start=_start(request))
        rows = [HeadCount(age_band=band, sex=sex, count=count) for (band, sex), count in sorted(counts.items())]
        return Response(s.HeadCountOutput(rows, many=True).data)

    @extend_schema(request=s.HeadCountInput, responses=s.HeadCountOutput(many=True), summary="Record head counts")
    def post(self, request: Request, pk: int) -> Response:
        activity = _found(selectors.activity_get(actor=actor_of(request), pk=pk))
        data = s.HeadCountInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        rows = services.head_count_record(
            actor=actor_of(request),
            activity=activity,
            start=values["start"],
            counts={(c["age_band"], c["sex"]): c["count"] for c in values["counts"]},
        )
        return Response(s.HeadCountOutput(rows, many=True).data)


# Volunteers ---------------------------------------------------------------------------------


@access(FACILITATION)
class VolunteerListCreate(LoggedListAPIView[Volunteer]):
    """Who can help with what: ``skill`` (a word), ``weekday`` (0 = Monday), ``lab``."""

    serializer_class = s.VolunteerOutput

    def get_queryset(self) -> Any:
        query = self.request.query_params
        membership = actor_of(self.request)
        lab = None
        if lab_id := params.query_id(query, "lab"):
            lab = _found(selectors.lab_get(actor=membership, pk=lab_id))
        weekday = params.query_int(query, "weekday", minimum=0, maximum=6)
        return selectors.volunteer_list(actor=membership, skill=query.get("skill", ""), weekday=weekday, lab=lab)

    @extend_schema(
        parameters=[
            OpenApiParameter("skill", OpenApiTypes.STR),
            OpenApiParameter("weekday", OpenApiTypes.INT),
            OpenApiParameter("lab", OpenApiTypes.INT),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.VolunteerInput, responses={201: s.VolunteerOutput}, summary="Record a volunteer")
    def post(self, request: Request) -> Response:
        membership = actor_of(request)
        data = s.VolunteerInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        wanted = set(values.pop("labs"))
        labs = list(selectors.lab_list(actor=membership).filter(pk__in=wanted))
        if len(labs) != len(wanted):
            raise ValidationFailed({"labs": [_("Some of these labs are not in your scope.")]})
        volunteer = services.volunteer_create(actor=actor_of(request), labs=labs, **values)
        volunteer = _found(selectors.volunteer_list(actor=membership).filter(pk=volunteer.pk).first())
        return Response(s.VolunteerOutput(volunteer).data, status=status.HTTP_201_CREATED)


@access(FACILITATION)
class VolunteerHoursCreate(APIView):
    @extend_schema(request=s.VolunteerHoursInput, responses={201: s.VolunteerHoursOutput}, summary="Record hours given")
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        membership = actor_of(request)
        volunteer = _found(selectors.volunteer_get(actor=membership, pk=pk))
        data = s.VolunteerHoursInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        lab = _one(selectors.lab_list(actor=membership), values["lab"], "lab", _("No such lab in your scope."))
        entry = services.volunteer_hours_record(
            actor=actor_of(request),
            volunteer=volunteer,
            lab=lab,
            date=values["date"],
            hours=values["hours"],
        )
        return Response(s.VolunteerHoursOutput(entry).data, status=status.HTTP_201_CREATED)


# Help networks ------------------------------------------------------------------------------


@access(FACILITATION)
class HelpNetworkListCreate(generics.ListAPIView[HelpNetwork]):
    serializer_class = s.HelpNetworkOutput

    def get_queryset(self) -> Any:
        return selectors.help_network_list(actor=actor_of(self.request)).order_by("name")

    @extend_schema(request=s.HelpNetworkInput, responses={201: s.HelpNetworkOutput}, summary="Start a help network")
    def post(self, request: Request) -> Response:
        membership = actor_of(request)
        data = s.HelpNetworkInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        lab = None
        if values["lab"] is not None:
            lab = _one(selectors.lab_list(actor=membership), values["lab"], "lab", _("No such lab in your scope."))
        network = services.help_network_create(
            actor=actor_of(request),
            name=values["name"],
            kind=values["kind"],
            organisation=membership.organisation,
            territory=_territory(membership, values["territory"]),
            lab=lab,
            description=values["description"],
        )
        network = _found(selectors.help_network_list(actor=membership).filter(pk=network.pk).first())
        return Response(s.HelpNetworkOutput(network).data, status=status.HTTP_201_CREATED)


def _network(request: Request, pk: int) -> HelpNetwork:
    return _found(selectors.help_network_get(actor=actor_of(request), pk=pk))


@access(FACILITATION)
class HelpMemberListCreate(LoggedListAPIView[HelpNetworkMember]):
    serializer_class = s.HelpMemberOutput

    def get_queryset(self) -> Any:
        network = _network(self.request, self.kwargs["pk"])
        return selectors.help_member_list(actor=actor_of(self.request)).filter(network=network)

    @extend_schema(request=s.HelpMemberInput, responses={201: s.HelpMemberOutput}, summary="Add a member")
    def post(self, request: Request, pk: int) -> Response:
        network = _network(request, pk)
        data = s.HelpMemberInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["neighbourhood"] = _territory(actor_of(request), values["neighbourhood"], "neighbourhood")
        member = services.help_member_add(actor=actor_of(request), network=network, **values)
        return Response(s.HelpMemberOutput(member).data, status=status.HTTP_201_CREATED)


def _need_values(request: Request) -> dict[str, Any]:
    data = s.HelpNeedInput(data=request.data)
    data.is_valid(raise_exception=True)
    values = dict(data.validated_data)
    values["neighbourhood"] = _territory(actor_of(request), values["neighbourhood"], "neighbourhood")
    return values


@access(FACILITATION)
class HelpOfferListCreate(LoggedListAPIView[HelpOffer]):
    serializer_class = s.HelpOfferOutput

    def get_queryset(self) -> Any:
        network = _network(self.request, self.kwargs["pk"])
        return selectors.help_offer_list(actor=actor_of(self.request)).filter(network=network)

    @extend_schema(request=s.HelpNeedInput, responses={201: s.HelpOfferOutput}, summary="Add an offer of help")
    def post(self, request: Request, pk: int) -> Response:
        network = _network(request, pk)
        offer = services.help_offer_create(actor=actor_of(request), network=network, **_need_values(request))
        return Response(s.HelpOfferOutput(offer).data, status=status.HTTP_201_CREATED)


@access(FACILITATION)
class HelpRequestListCreate(LoggedListAPIView[HelpRequest]):
    serializer_class = s.HelpRequestOutput

    def get_queryset(self) -> Any:
        network = _network(self.request, self.kwargs["pk"])
        return selectors.help_request_list(actor=actor_of(self.request)).filter(network=network)

    @extend_schema(request=s.HelpNeedInput, responses={201: s.HelpRequestOutput}, summary="Add a request for help")
    def post(self, request: Request, pk: int) -> Response:
        network = _network(request, pk)
        help_request = services.help_request_create(actor=actor_of(request), network=network, **_need_values(request))
        return Response(s.HelpRequestOutput(help_request).data, status=status.HTTP_201_CREATED)


@access(FACILITATION)
class HelpRequestMatches(APIView):
    """Offers that fit a request (kind, neighbourhood, time), best first; POST pairs one."""

    @extend_schema(responses=s.HelpMatchOutput(many=True), summary="Offers that fit a request")
    def get(self, request: Request, pk: int) -> Response:
        help_request = _found(selectors.help_request_list(actor=actor_of(request)).filter(pk=pk).first())
        candidates = selectors.help_request_candidates(request=help_request)
        log_reads(request, [offer for offer, _match in candidates], actor=actor_of(request))
        rows = [
            {
                "offer": offer,
                "place_score": match.place_score,
                "shared_weekdays": match.shared_weekdays,
                "shared_minutes": match.shared_minutes,
            }
            for offer, match in candidates
        ]
        return Response(s.HelpMatchOutput(rows, many=True).data)

    @extend_schema(request=s.HelpMatchInput, responses=s.HelpRequestOutput, summary="Pair a request with an offer")
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        membership = actor_of(request)
        help_request = _found(selectors.help_request_list(actor=membership).filter(pk=pk).first())
        data = s.HelpMatchInput(data=request.data)
        data.is_valid(raise_exception=True)
        offer = _one(
            selectors.help_offer_list(actor=membership), data.validated_data["offer"], "offer", _("No such offer.")
        )
        help_request = services.help_request_match(actor=actor_of(request), request=help_request, offer=offer)
        return Response(s.HelpRequestOutput(help_request).data)
