"""The administrator's endpoints: people, memberships, territories, organisations and housing
desks. They call the same services as the pages and the ``abitare`` command; the services judge
the role and the scope (403 outside it, 400 with field errors for bad input)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts import istat, selectors
from abitare.accounts.api.serializers import (
    AccountOutput,
    HousingDeskInput,
    HousingDeskOutput,
    InviteInput,
    MembershipCreateInput,
    MembershipDetailOutput,
    MembershipUpdateInput,
    MunicipalityOutput,
    OrganisationDetailOutput,
    OrganisationInput,
    TerritoryInput,
    TerritoryOutput,
    TerritoryUpdateInput,
)
from abitare.accounts.http import actor_of
from abitare.accounts.models import Membership, User
from abitare.accounts.permissions import ADMINISTRATION, STAFF
from abitare.accounts.services import members, places
from abitare.core.access import access


class _AdminAPI(APIView):
    @property
    def actor(self) -> Membership:
        return actor_of(self.request)


def _valid(serializer_class: Any, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@access(ADMINISTRATION)
class MemberInvite(_AdminAPI):
    @extend_schema(request=InviteInput, responses={201: AccountOutput}, summary="Invite a user by e-mail")
    def post(self, request: Request) -> Response:
        data = _valid(InviteInput, request)
        user = members.member_invite(actor=self.actor, site_url=request.build_absolute_uri("/"), **data)
        return Response(AccountOutput(user).data, status=status.HTTP_201_CREATED)


@access(ADMINISTRATION)
class MembershipCreate(_AdminAPI):
    @extend_schema(request=MembershipCreateInput, responses={201: MembershipDetailOutput}, summary="Grant a role")
    def post(self, request: Request) -> Response:
        data = _valid(MembershipCreateInput, request)
        user: User = data.pop("user")
        membership = members.membership_create(actor=self.actor, user=user, **data)
        return Response(MembershipDetailOutput(membership).data, status=status.HTTP_201_CREATED)


@access(ADMINISTRATION)
class MembershipUpdate(_AdminAPI):
    @extend_schema(request=MembershipUpdateInput, responses=MembershipDetailOutput, summary="Change a membership")
    def put(self, request: Request, membership_id: int) -> Response:
        membership = selectors.membership_get(actor=self.actor, membership_id=membership_id)
        data = _valid(MembershipUpdateInput, request)
        membership = members.membership_update(actor=self.actor, membership=membership, **data)
        return Response(MembershipDetailOutput(membership).data)


class _MemberAction(_AdminAPI):
    def act(self, user: User) -> Any:
        raise NotImplementedError

    @extend_schema(request=None, responses=AccountOutput)
    def post(self, request: Request, user_id: int) -> Response:
        user = selectors.member_get(actor=self.actor, user_id=user_id)
        self.act(user)
        user.refresh_from_db()
        return Response(AccountOutput(user).data)


@access(ADMINISTRATION)
class MemberDeactivate(_MemberAction):
    """Switch off the person's memberships in your scope (and the account when none is left)."""

    def act(self, user: User) -> Any:
        return members.member_deactivate(actor=self.actor, user=user)


@access(ADMINISTRATION)
class MemberReactivate(_MemberAction):
    """Switch the account and the person's memberships in your scope back on."""

    def act(self, user: User) -> Any:
        return members.member_reactivate(actor=self.actor, user=user)


@access(ADMINISTRATION)
class MemberUnlock(_MemberAction):
    """Lift a lock-out after too many failed sign-ins."""

    def act(self, user: User) -> Any:
        return members.member_unlock(actor=self.actor, user=user)


@access(ADMINISTRATION)
class MemberPasswordChangeForce(_MemberAction):
    """The person must choose a new password before working again."""

    def act(self, user: User) -> Any:
        return members.member_password_change_force(actor=self.actor, user=user)


@access(ADMINISTRATION)
class TerritoryCreate(_AdminAPI):
    @extend_schema(request=TerritoryInput, responses={201: TerritoryOutput}, summary="Add a territory")
    def post(self, request: Request) -> Response:
        territory = places.territory_add(actor=self.actor, **_valid(TerritoryInput, request))
        return Response(TerritoryOutput(territory).data, status=status.HTTP_201_CREATED)


@access(ADMINISTRATION)
class TerritoryUpdate(_AdminAPI):
    @extend_schema(request=TerritoryUpdateInput, responses=TerritoryOutput, summary="Rename a territory")
    def put(self, request: Request, territory_id: int) -> Response:
        territory = selectors.territory_get(actor=self.actor, territory_id=territory_id)
        data = _valid(TerritoryUpdateInput, request)
        territory = places.territory_update(actor=self.actor, territory=territory, **data)
        return Response(TerritoryOutput(territory).data)


@access(ADMINISTRATION)
class HousingDeskSave(_AdminAPI):
    @extend_schema(request=HousingDeskInput, responses=HousingDeskOutput, summary="Set a territory's housing desk")
    def put(self, request: Request, territory_id: int) -> Response:
        territory = selectors.territory_get(actor=self.actor, territory_id=territory_id)
        desk = places.housing_desk_save(actor=self.actor, territory=territory, **_valid(HousingDeskInput, request))
        return Response(HousingDeskOutput(desk).data)


@access(ADMINISTRATION)
class OrganisationCreate(_AdminAPI):
    @extend_schema(request=OrganisationInput, responses={201: OrganisationDetailOutput}, summary="Add an organisation")
    def post(self, request: Request) -> Response:
        organisation = places.organisation_add(actor=self.actor, **_valid(OrganisationInput, request))
        return Response(OrganisationDetailOutput(organisation).data, status=status.HTTP_201_CREATED)


@access(ADMINISTRATION)
class OrganisationUpdate(_AdminAPI):
    @extend_schema(request=OrganisationInput, responses=OrganisationDetailOutput, summary="Change an organisation")
    def put(self, request: Request, organisation_id: int) -> Response:
        organisation = selectors.organisation_get(actor=self.actor, organisation_id=organisation_id)
        data = _valid(OrganisationInput, request)
        organisation = places.organisation_update(actor=self.actor, organisation=organisation, **data)
        return Response(OrganisationDetailOutput(organisation).data)


@access(STAFF)
class MunicipalityList(APIView):
    """Municipalities of the official ISTAT list whose name contains ``q`` (or whose code it is)."""

    @extend_schema(
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, required=True)],
        responses=MunicipalityOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        found = istat.municipality_search(str(request.query_params.get("q", ""))[:100])
        return Response(MunicipalityOutput(found, many=True).data)
