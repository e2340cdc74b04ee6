"""The typed request: who is acting, for pages and the API (ADR 0006).

``MembershipMiddleware`` puts the membership in force on every page request, and
``abitare.core.api.DeclaredAccess`` does the same for API requests once DRF has authenticated
the caller (a token is only known there). Past :func:`membership_required` (pages),
:class:`MembershipRequiredMixin` (class-based pages) or :class:`ActorAPIMixin` (API views), the
membership is never ``None``: views read ``request.membership`` (or ``self.actor``) and hand it
to services and selectors as ``actor``. A request without a membership in force is refused in
one way everywhere: 403 with :data:`NO_MEMBERSHIP`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import update_wrapper
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy as _
from django_htmx.middleware import HtmxDetails
from rest_framework import generics

from abitare.accounts.models import Membership, User
from abitare.accounts.permissions import membership_of
from abitare.core.audit import log_reads

if TYPE_CHECKING:
    from rest_framework.request import Request

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)
M = TypeVar("M", bound=models.Model)

NO_MEMBERSHIP = _("You have no membership in force: ask an administrator of your organisation.")


class HtmxRequest(HttpRequest):
    """A page request as django-htmx's middleware leaves it (``request.htmx``)."""

    htmx: HtmxDetails


class MemberRequest(HttpRequest):
    """A page request from a signed-in user working under a membership in force (``htmx`` is set
    by django-htmx's middleware)."""

    user: User
    membership: Membership
    htmx: HtmxDetails


def actor_of(request: HttpRequest | Request) -> Membership:
    """The membership in force of a page or API request; 403 when there is none.

    For the API it is looked up again once DRF has authenticated the caller (by token or session),
    so a token's user is never judged on the anonymous request the middleware saw.
    """
    membership = membership_of(request)
    if membership is None:
        raise PermissionDenied(NO_MEMBERSHIP)
    return membership


def as_member(request: HttpRequest) -> MemberRequest:
    """The same request, typed: its ``membership`` is the membership in force, never ``None``."""
    request.membership = actor_of(request)  # type: ignore[attr-defined]
    return cast(MemberRequest, request)


def membership_required(view: Callable[Concatenate[MemberRequest, P], R]) -> Callable[Concatenate[HttpRequest, P], R]:
    """A page view that works under the membership in force; declare its access rule above it."""

    def wrapped(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return view(as_member(request), *args, **kwargs)

    update_wrapper(wrapped, view)
    return wrapped


class MembershipRequiredMixin:
    """Class-based page views: ``self.request`` is a :class:`MemberRequest` past ``dispatch``."""

    request: MemberRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        handler: Callable[..., HttpResponseBase] = super().dispatch  # type: ignore[misc]
        return handler(as_member(request), *args, **kwargs)

    @property
    def actor(self) -> Membership:
        return self.request.membership


class ActorAPIMixin:
    """API views: ``self.actor`` is the caller's membership in force (403 without one)."""

    request: Request

    @property
    def actor(self) -> Membership:
        return actor_of(self.request)


class LoggedListAPIView(generics.ListAPIView[M]):
    """A list of personal records: every row served is written to the access log."""

    # Subclasses give ``get_queryset`` (a selector called with ``actor=self.actor``) and
    # ``serializer_class``; every row of the page served is logged once, with ``log_purpose``
    # (this docstring is the API documentation of subclasses that have none). A list whose rows
    # show other people's records says which in ``logged_records``.

    log_purpose = ""

    @property
    def actor(self) -> Membership:
        return actor_of(self.request)

    def logged_records(self, rows: list[M]) -> Sequence[models.Model]:
        """The personal records the served rows show: the rows themselves by default."""
        return rows

    def paginate_queryset(self, queryset: Any) -> Any:
        rows = super().paginate_queryset(queryset)
        records = self.logged_records(list(rows if rows is not None else queryset))
        if records:
            log_reads(self.request, records, actor=self.actor, purpose=self.log_purpose)
        return rows
