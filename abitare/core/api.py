"""API plumbing shared by every app: declared access, pagination and the uniform error body.

Every error the API returns has the shape
``{"error": {"code": ..., "message": ..., "fields": {field: [messages]}}}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response

from abitare.core.access import rule_of
from abitare.core.exceptions import Conflict, DomainError, NotAllowed
from abitare.core.idempotency import KeyReused

if TYPE_CHECKING:
    from rest_framework.views import APIView


class DeclaredAccess(permissions.BasePermission):
    """Enforce the view's declared rule once DRF has authenticated the caller (session or token)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        rule = rule_of(type(view))
        if rule is None:
            return False
        if not rule.public and not request.user.is_authenticated:
            raise exceptions.NotAuthenticated
        return rule.allows(request)


class Pagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def _fields(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            if isinstance(value, list):
                out[str(key)] = [str(item) for item in value]
            elif isinstance(value, dict):
                for sub_key, sub_value in _fields(value).items():
                    out[f"{key}.{sub_key}"] = sub_value
            else:
                out[str(key)] = [str(value)]
        return out
    if isinstance(detail, list):
        return {"non_field_errors": [str(item) for item in detail]}
    return {}


def _body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn domain exceptions and DRF errors into the uniform 4xx body; never a 500 for bad input."""
    if isinstance(exc, NotAllowed):
        return Response(_body(exc.code, str(exc.message), exc.field_errors()), status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, KeyReused):
        return Response(
            _body(exc.code, str(exc.message), exc.field_errors()), status=status.HTTP_422_UNPROCESSABLE_ENTITY
        )
    if isinstance(exc, Conflict):
        return Response(_body(exc.code, str(exc.message), exc.field_errors()), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DomainError):
        return Response(_body(exc.code, str(exc.message), exc.field_errors()), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    # rest_framework.views reads the API settings, which name this module: imported on first use.
    from rest_framework.views import exception_handler as drf_exception_handler  # noqa: PLC0415

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _body("invalid", _("The data is not valid."), _fields(exc.detail))
    elif isinstance(exc, exceptions.APIException):
        response.data = _body(exc.default_code, str(exc.detail))
    return response
