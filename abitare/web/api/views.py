"""API views of the shell: task progress, and the schema and docs pages served locally."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from abitare.core import params
from abitare.core.access import AUTHENTICATED, PUBLIC, access
from abitare.core.models import TaskProgress
from abitare.core.selectors import progress_get


class TaskProgressOutput(serializers.ModelSerializer[TaskProgress]):
    percent = params.IntegerField()
    finished = serializers.BooleanField()

    class Meta:
        model = TaskProgress
        fields = ["id", "label", "status", "done", "total", "percent", "finished", "message", "result_url"]


@access(AUTHENTICATED)
class TaskProgressView(APIView):
    @extend_schema(responses=TaskProgressOutput, summary="Progress of a background task you started")
    def get(self, request: Request, progress_id: str) -> Response:
        progress = progress_get(progress_id=progress_id, owner=request.user)
        if progress is None:
            raise NotFound
        return Response(TaskProgressOutput(progress).data)


@access(PUBLIC)
class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema, public like the docs that read it."""


@access(PUBLIC)
class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI, served from this server (drf-spectacular-sidecar)."""


@access(PUBLIC)
class RedocView(SpectacularRedocView):
    """ReDoc, served from this server (drf-spectacular-sidecar)."""
