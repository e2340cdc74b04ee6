"""Registrations, attendance and head counts API (personal data: facilitators only)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import LoggedListAPIView, actor_of
from abitare.core import params
from abitare.core.access import access
from abitare.core.audit import log_reads
from abitare.core.exceptions import ValidationFailed
from abitare.labs import selectors, services
from abitare.labs.api import serializers as s
from abitare.labs.api._common import START_PARAMETER, one_in_scope, or_404
from abitare.labs.models import HeadCount, Registration
from abitare.labs.permissions import FACILITATION
from abitare.labs.recurrence import ROME


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
        activity = one_in_scope(
            selectors.activity_list(actor=membership), values.pop("activity"), "activity", _("No such activity.")
        )
        registration = services.registration_create(actor=actor_of(request), activity=activity, **values)
        return Response(s.RegistrationOutput(registration).data, status=status.HTTP_201_CREATED)


@access(FACILITATION)
class RegistrationCancel(APIView):
    @extend_schema(request=None, responses=s.RegistrationOutput, summary="Cancel a registration (promotes the next)")
    def post(self, request: Request, pk: int) -> Response:
        registration = or_404(selectors.registration_get(actor=actor_of(request), pk=pk))
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
        activity = or_404(selectors.activity_get(actor=actor_of(request), pk=pk))
        rows = list(selectors.occurrence_attendance(activity=activity, start=_start(request)))
        log_reads(request, rows, actor=actor_of(request))
        return Response(s.AttendanceOutput(rows, many=True).data)

    @extend_schema(request=s.AttendanceInput, responses=s.AttendanceOutput(many=True), summary="Record attendance")
    def post(self, request: Request, pk: int) -> Response:
        activity = or_404(selectors.activity_get(actor=actor_of(request), pk=pk))
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
        activity = or_404(selectors.activity_get(actor=actor_of(request), pk=pk))
        counts = selectors.occurrence_head_counts(activity=activity, start=_start(request))
        rows = [HeadCount(age_band=band, sex=sex, count=count) for (band, sex), count in sorted(counts.items())]
        return Response(s.HeadCountOutput(rows, many=True).data)

    @extend_schema(request=s.HeadCountInput, responses=s.HeadCountOutput(many=True), summary="Record head counts")
    def post(self, request: Request, pk: int) -> Response:
        activity = or_404(selectors.activity_get(actor=actor_of(request), pk=pk))
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
