"""The registry API: persons, households (members, ISEE), consultations. Scoped like the pages;
every read of a person is logged; sensitive records only for a membership that may read them."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import LoggedListAPIView, actor_of
from abitare.accounts.models import Membership, Territory
from abitare.accounts.selectors import territory_list
from abitare.core.access import access
from abitare.core.audit import log_read, log_reads
from abitare.core.exceptions import ValidationFailed
from abitare.registry import selectors, services
from abitare.registry.api.serializers import (
    ConsultationInput,
    ConsultationOutput,
    HouseholdDetailOutput,
    HouseholdInput,
    HouseholdOutput,
    IseeInput,
    IseeOutput,
    MemberInput,
    MemberOutput,
    PersonDetailOutput,
    PersonInput,
    PersonOutput,
    PersonPatchInput,
)
from abitare.registry.models import Consultation, Household, Person
from abitare.registry.permissions import CONSULTATIONS, PEOPLE, address_view_of
from abitare.registry.services.consultations import NewReferral
from abitare.registry.services.households import NewMember

SEARCH_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Name words or a Codice Fiscale"),
    OpenApiParameter("territory", OpenApiTypes.INT, description="A territory id: it and everything below it"),
]


def _territory(membership: Membership, territory_id: int) -> Territory:
    territory = territory_list(actor=membership).filter(pk=territory_id).first()
    if territory is None:
        raise ValidationFailed({"territory": [_("Unknown territory, or outside yours.")]})
    return territory


def _person(membership: Membership, person_id: int, field: str = "person") -> Person:
    person = selectors.person_list(actor=membership).filter(pk=person_id).first()
    if person is None:
        raise ValidationFailed({field: [_("Unknown person, or outside your records.")]})
    return person


def _person_detail(request: Request, membership: Membership, person: Person) -> dict[str, Any]:
    sensitive = selectors.sensitive_records(actor=membership, person=person)
    log_read(request, person, actor=actor_of(request))
    if sensitive:
        log_reads(
            request,
            [record for records in sensitive.values() for record in records],
            purpose="sensitive",
            actor=actor_of(request),
        )
    return PersonDetailOutput(person, context={"sensitive": sensitive}).data


@access(PEOPLE)
class PersonListCreate(LoggedListAPIView[Person]):
    """Persons in scope by name words or Codice Fiscale; POST registers one."""

    serializer_class = PersonOutput
    log_purpose = "search"

    def get_queryset(self) -> QuerySet[Person]:
        return selectors.person_list(
            actor=self.actor, filters=selectors.PersonFilters.from_query(self.request.query_params)
        )

    @extend_schema(parameters=SEARCH_PARAMETERS, summary="Search persons")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=PersonInput, responses={201: PersonDetailOutput}, summary="Register a person")
    def post(self, request: Request) -> Response:
        membership = actor_of(request)
        data = PersonInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["territory"] = _territory(membership, values["territory"])
        person = services.person_create(actor=membership, **values)
        return Response(_person_detail(request, membership, person), status=status.HTTP_201_CREATED)


@access(PEOPLE)
class PersonDetail(APIView):
    @extend_schema(responses=PersonDetailOutput, summary="A person (sensitive records only with the permission)")
    def get(self, request: Request, pk: int) -> Response:
        membership = actor_of(request)
        person = selectors.person_get(actor=membership, pk=pk)
        return Response(_person_detail(request, membership, person))

    @extend_schema(request=PersonPatchInput, responses=PersonDetailOutput, summary="Change a person")
    def patch(self, request: Request, pk: int) -> Response:
        membership = actor_of(request)
        person = selectors.person_get(actor=membership, pk=pk)
        data = PersonPatchInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = {key: value for key, value in data.validated_data.items() if key in request.data}
        territory = _territory(membership, values.pop("territory")) if "territory" in values else None
        confirm = values.pop("confirm_not_duplicate", False)
        person = services.person_update(
            actor=membership, person=person, territory=territory, confirm_not_duplicate=confirm, **values
        )
        return Response(_person_detail(request, membership, person))


@access(PEOPLE)
class HouseholdListCreate(LoggedListAPIView[Household]):
    """Households in scope by name, address or a member's name or Codice Fiscale; POST registers one."""

    serializer_class = HouseholdOutput
    log_purpose = "search"

    def get_queryset(self) -> QuerySet[Household]:
        return selectors.household_list(
            actor=self.actor, filters=selectors.PersonFilters.from_query(self.request.query_params)
        ).order_by("name", "id")

    @extend_schema(parameters=SEARCH_PARAMETERS, summary="Search households")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=HouseholdInput, responses={201: HouseholdDetailOutput}, summary="Register a household")
    def post(self, request: Request) -> Response:
        membership = actor_of(request)
        data = HouseholdInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        members = [
            NewMember(
                person=_person(membership, item["person"], f"members.{index}.person"),
                relationship=item["relationship"],
                start_date=item["start_date"],
            )
            for index, item in enumerate(values["members"])
        ]
        household = services.household_create(
            actor=membership,
            territory=_territory(membership, values["territory"]),
            name=values["name"],
            address=values["address"],
            members=members,
        )
        return Response(_household_detail(request, membership, household.pk), status=status.HTTP_201_CREATED)


def _household_detail(request: Request, membership: Membership, pk: int) -> dict[str, Any]:
    household = selectors.household_get(actor=membership, pk=pk)
    log_read(request, household, actor=actor_of(request))
    log_reads(
        request, [member.person for member in household.memberships.all()], purpose="household", actor=actor_of(request)
    )
    context = {
        "latest_isee": selectors.isee_latest_valid(household=household),
        "address_view": address_view_of(request),
    }
    return HouseholdDetailOutput(household, context=context).data


@access(PEOPLE)
class HouseholdDetail(APIView):
    @extend_schema(responses=HouseholdDetailOutput, summary="A household with its members and ISEE attestations")
    def get(self, request: Request, pk: int) -> Response:
        return Response(_household_detail(request, actor_of(request), pk))


@access(PEOPLE)
class HouseholdMemberAdd(APIView):
    @extend_schema(request=MemberInput, responses={201: MemberOutput}, summary="Add a member to a household")
    def post(self, request: Request, pk: int) -> Response:
        membership = actor_of(request)
        household = selectors.household_get(actor=membership, pk=pk)
        data = MemberInput(data=request.data)
        data.is_valid(raise_exception=True)
        member = services.household_member_add(
            actor=membership,
            household=household,
            person=_person(membership, data.validated_data["person"]),
            relationship=data.validated_data["relationship"],
            start_date=data.validated_data["start_date"],
        )
        return Response(MemberOutput(member).data, status=status.HTTP_201_CREATED)


@access(PEOPLE)
class HouseholdIseeAdd(APIView):
    @extend_schema(request=IseeInput, responses={201: IseeOutput}, summary="Record an INPS ISEE attestation")
    def post(self, request: Request, pk: int) -> Response:
        membership = actor_of(request)
        household = selectors.household_get(actor=membership, pk=pk)
        data = IseeInput(data=request.data)
        data.is_valid(raise_exception=True)
        attestation = services.isee_attestation_add(actor=membership, household=household, **data.validated_data)
        return Response(IseeOutput(attestation).data, status=status.HTTP_201_CREATED)


@access(CONSULTATIONS)
class ConsultationListCreate(LoggedListAPIView[Consultation]):
    """Desk consultations; the reads logged are of the people consulted (anonymous ones have none)."""

    serializer_class = ConsultationOutput
    log_purpose = "consultation"

    def get_queryset(self) -> QuerySet[Consultation]:
        return selectors.consultation_list(actor=self.actor)

    def logged_records(self, rows: list[Consultation]) -> list[Model]:
        return [consultation.person for consultation in rows if consultation.person is not None]

    @extend_schema(summary="Desk consultations")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=ConsultationInput, responses={201: ConsultationOutput}, summary="Record a consultation")
    def post(self, request: Request) -> Response:
        membership = actor_of(request)
        data = ConsultationInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person = _person(membership, values["person"]) if values["person"] else None
        consultation = services.consultation_record(
            actor=membership,
            territory=_territory(membership, values["territory"]),
            topic=values["topic"],
            held_on=values["held_on"],
            person=person,
            age_band=values["age_band"],
            sex=values["sex"],
            advice=values["advice"],
            follow_up_on=values["follow_up_on"],
            referrals=[NewReferral(kind=item["kind"], to=item["to"]) for item in values["referrals"]],
        )
        consultation = selectors.consultation_get(actor=membership, pk=consultation.pk)
        return Response(ConsultationOutput(consultation).data, status=status.HTTP_201_CREATED)


@access(CONSULTATIONS)
class ConsultationDetail(APIView):
    @extend_schema(responses=ConsultationOutput, summary="A desk consultation")
    def get(self, request: Request, pk: int) -> Response:
        consultation = selectors.consultation_get(actor=actor_of(request), pk=pk)
        if consultation.person is not None:
            log_read(request, consultation.person, purpose="consultation", actor=actor_of(request))
        return Response(ConsultationOutput(consultation).data)
