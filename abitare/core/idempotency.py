"""One submission, one effect: a form or API call that creates money, hours or an allocation
takes effect once however many times it arrives.

Pages put a one-time token in the form (``{% submission_token %}``) and the view carries
``@submitted_once``; API handlers carry ``@idempotent`` and clients send an ``Idempotency-Key``
header. The first successful request stores its answer under (user, endpoint, key) in the same
transaction as the operation; a repeat answers that first result (a page redirects where the
first went, with "already recorded"), a repeat with a different body is refused (API 422).
See ADR 0011.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from abitare.core.exceptions import DomainError
from abitare.core.models import IdempotencyKey

FORM_FIELD = "submission_token"
HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 200
KEEP_FOR = datetime.timedelta(hours=24)
# Not part of what the user submitted: they change between two renderings of the same form.
_IGNORED_FIELDS = frozenset({"csrfmiddlewaretoken", FORM_FIELD})

R = TypeVar("R")


class KeyReused(DomainError):
    """The key was already used on this endpoint for a request with a different body."""

    code = "idempotency_key_reused"


@dataclass(frozen=True)
class FirstResult:
    """What the first request answered: a status and a JSON body (API) or a redirect (pages)."""

    status_code: int
    body: Any = None
    location: str = ""


def token_new() -> str:
    """A fresh one-time token for a form being rendered."""
    return secrets.token_urlsafe(24)


def _plain(value: Any) -> Any:
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": value.name, "size": value.size, "sha256": digest.hexdigest()}
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def fingerprint(data: Any) -> str:
    """A digest of what was submitted, the same for the same content in any key order. A
    ``QueryDict`` (form or multipart body) keeps every value of a repeated field."""
    if hasattr(data, "lists"):
        data = {key: values for key, values in data.lists() if key not in _IGNORED_FIELDS}
    text = json.dumps(_plain(data), sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def key_clean(raw: str) -> str:
    """The key as sent, refused when empty, too long or not printable ASCII."""
    key = raw.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise DomainError(
            gettext_lazy("The key must be 1 to %(max)d printable ASCII characters.") % {"max": MAX_KEY_LENGTH},
            field=HEADER,
            code="invalid",
        )
    return key


def run_once(
    *,
    user_id: int,
    scope: str,
    key: str,
    fingerprint: str,
    run: Callable[[], R],
    result_of: Callable[[R], FirstResult | None],
) -> R | FirstResult:
    """Run ``run`` unless (user, scope, key) already succeeded, in which case answer its first
    result. ``result_of`` says what to remember of a success, or ``None`` for a refusal (the key
    stays free). Raises :class:`KeyReused` when the key came with a different fingerprint."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = IdempotencyKey.objects.create(user_id=user_id, scope=scope, key=key, fingerprint=fingerprint)
        except IntegrityError:
            # A concurrent request with the same key waited here for the first one to commit.
            first = IdempotencyKey.objects.filter(user_id=user_id, scope=scope, key=key).first()
            if first is None:  # purged or given back in the meantime: this request is the first
                return run_once(
                    user_id=user_id, scope=scope, key=key, fingerprint=fingerprint, run=run, result_of=result_of
                )
            if first.fingerprint != fingerprint:
                raise KeyReused(
                    gettext_lazy(
                        "This key was already used for a different request on this endpoint: "
                        "send a new key for a new operation."
                    ),
                    field=HEADER,
                ) from None
            return FirstResult(first.status_code, first.response_body, first.location)
        result = run()
        kept = result_of(result)
        if kept is None:
            claim.delete()
        else:
            claim.status_code = kept.status_code
            claim.response_body = kept.body
            claim.location = kept.location[:500]
            claim.save(update_fields=["status_code", "response_body", "location"])
    return result


def keys_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the keys older than a day (a repeat after that is a new operation); return how many."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    deleted, _by_model = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted


# Pages


def _errors_queued(request: HttpRequest) -> int:
    # Messages added during this request and not yet stored (a view that refuses with
    # ``messages.error`` and a redirect, the usual Django pattern).
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", [])
    return sum(1 for message in queued if message.level >= messages.ERROR)


def _page_result(request: HttpRequest, errors_before: int) -> Callable[[HttpResponse], FirstResult | None]:
    def result_of(response: HttpResponse) -> FirstResult | None:
        if isinstance(response, HttpResponseRedirect) and _errors_queued(request) == errors_before:
            return FirstResult(response.status_code, location=response["Location"])
        return None

    return result_of


View = TypeVar("View", bound=Callable[..., HttpResponse])


def submitted_once(view: View) -> View:
    """A form view whose POST takes effect once per form token (``{% submission_token %}``).

    Success is a redirect without an error message: it is remembered and a repeat of the token
    is sent to the same place with "already recorded". A form shown again, or a redirect with an
    error message (refused), leaves the token unused. The same token
    with other values (a page resubmitted after going back and editing it) shows the form again
    with a new token and a message, so nothing is recorded without the user seeing it."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = request.POST.get(FORM_FIELD, "") if request.method == "POST" else ""
        if not token or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        try:
            outcome = run_once(
                user_id=request.user.pk,
                scope=f"form {request.path}"[:300],
                key=token[:MAX_KEY_LENGTH],
                fingerprint=fingerprint(_form_data(request)),
                run=lambda: view(request, *args, **kwargs),
                result_of=_page_result(request, _errors_queued(request)),
            )
        except KeyReused:
            messages.warning(
                request,
                _(
                    "This form had already been sent with other values: nothing new was recorded. "
                    "Fill it in again to record another."
                ),
            )
            return HttpResponseRedirect(request.get_full_path())
        if isinstance(outcome, FirstResult):
            messages.info(request, _("Already recorded."))
            return HttpResponseRedirect(outcome.location)
        return outcome

    return wrapper  # type: ignore[return-value]


def _form_data(request: HttpRequest) -> dict[str, Any]:
    data: dict[str, Any] = {key: values for key, values in request.POST.lists() if key not in _IGNORED_FIELDS}
    for name, files in request.FILES.lists():
        data[f"file:{name}"] = files
    return data


# API


def _api_result(response: Response) -> FirstResult | None:
    if not 200 <= response.status_code < 300:
        return None
    body = None if response.data is None else json.loads(JSONRenderer().render(response.data))
    return FirstResult(response.status_code, body=body)


_HEADER_PARAMETER = OpenApiParameter(
    HEADER,
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "Any unique string up to 200 characters (a UUID). A repeat of the same key on this endpoint "
        "answers the first result without doing it again (header `Idempotent-Replayed: true`); "
        "the same key with a different body answers 422. Keys are kept for 24 hours."
    ),
)

Handler = TypeVar("Handler", bound=Callable[..., Response])


def idempotent(handler: Handler) -> Handler:
    """An API handler (``post``) that takes effect once per ``Idempotency-Key`` header.

    Without the header the call behaves as before. A 2xx answer is remembered; an error answer
    leaves the key unused, so the client may retry it with the same key."""

    @functools.wraps(handler)
    def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        raw = request.headers.get(HEADER)
        if raw is None or not request.user.is_authenticated:
            return handler(view, request, *args, **kwargs)
        try:
            key = key_clean(raw)
        except DomainError as error:
            raise exceptions.ValidationError(error.field_errors()) from None
        outcome = run_once(
            user_id=request.user.pk,
            scope=f"{request.method} {request.path}"[:300],
            key=key,
            fingerprint=fingerprint(request.data),
            run=lambda: handler(view, request, *args, **kwargs),
            result_of=_api_result,
        )
        if isinstance(outcome, FirstResult):
            return Response(outcome.body, status=outcome.status_code, headers={REPLAYED_HEADER: "true"})
        return outcome

    return extend_schema(parameters=[_HEADER_PARAMETER])(wrapper)  # type: ignore[return-value]
