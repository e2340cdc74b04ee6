"""Invitations to another organisation's Agorà, for the invited lab's facilitators: the list,
and the answer that makes the lab take part (or not)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.accounts.http import actor_of
from abitare.core.access import access
from abitare.labs import selectors, services
from abitare.labs.api import serializers as s
from abitare.labs.models import AgoraInvitation
from abitare.labs.permissions import FACILITATION


@access(FACILITATION)
class AgoraInvitationList(generics.ListAPIView[AgoraInvitation]):
    """Invitations received by the caller's labs, pending first."""

    serializer_class = s.AgoraInvitationOutput

    def get_queryset(self) -> Any:
        return selectors.agora_invitation_list(actor=actor_of(self.request))


@access(FACILITATION)
class AgoraInvitationAnswer(APIView):
    @extend_schema(
        request=s.AgoraAnswerInput,
        responses=s.AgoraInvitationOutput,
        summary="Accept or decline an invitation to another organisation's Agorà",
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        invitation = selectors.agora_invitation_get(actor=actor, pk=pk)
        if invitation is None:
            raise Http404
        data = s.AgoraAnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        answered = services.agora_invitation_answer(
            actor=actor, invitation=invitation, accept=data.validated_data["accept"]
        )
        found = selectors.agora_invitation_get(actor=actor, pk=answered.pk)
        return Response(s.AgoraInvitationOutput(found).data)
