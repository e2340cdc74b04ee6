from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts import selectors
from abitare.accounts.api.serializers import (
    AccessLogEntryOutput,
    MeOutput,
    OrganisationOutput,
    TerritoryOutput,
)
from abitare.accounts.http import actor_of
from abitare.accounts.models import Organisation, Territory
from abitare.accounts.permissions import AUDIT, STAFF, membership_of
from abitare.core.access import AUTHENTICATED, access
from abitare.core.models import AccessLogEntry
from abitare.core.selectors import AccessLogFilters, access_log_search


@access(AUTHENTICATED)
class MeView(APIView):
    @extend_schema(responses=MeOutput, summary="The signed-in user and their memberships")
    def get(self, request: Request) -> Response:
        user: Any = request.user
        membership = membership_of(request)
        user.current_membership = membership.pk if membership else None
        user_memberships = list(selectors.memberships_active(user=user))
        data = MeOutput(user).data
        data["memberships"] = [
            {
                "id": m.pk,
                "organisation": m.organisation.name,
                "territory": m.territory.name,
                "role": m.role,
                "sensitive_data": m.sensitive_data,
            }
            for m in user_memberships
        ]
        return Response(data)


@access(STAFF)
class TerritoryList(generics.ListAPIView[Territory]):
    """Territories of the current membership: its territory and everything below it."""

    serializer_class = TerritoryOutput

    def get_queryset(self) -> Any:
        return selectors.territory_list(actor=membership_of(self.request))


@access(STAFF)
class OrganisationList(generics.ListAPIView[Organisation]):
    serializer_class = OrganisationOutput

    def get_queryset(self) -> Any:
        return selectors.organisation_list(actor=membership_of(self.request)).prefetch_related("territories")


@access(AUDIT)
class AccessLogList(generics.ListAPIView[AccessLogEntry]):
    """Who read which personal record, when and through which page or endpoint (auditors only): the
    reads made within the auditor's organisation and territory; filters only narrow them."""

    serializer_class = AccessLogEntryOutput

    @extend_schema(
        parameters=[
            OpenApiParameter("username", OpenApiTypes.STR),
            OpenApiParameter("record_type", OpenApiTypes.STR),
            OpenApiParameter("record_id", OpenApiTypes.STR),
            OpenApiParameter("date_from", OpenApiTypes.DATE),
            OpenApiParameter("date_to", OpenApiTypes.DATE),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        return access_log_search(
            actor=actor_of(self.request), filters=AccessLogFilters.from_query(self.request.query_params)
        )
