import datetime

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone
from django.utils.translation import gettext
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from abitare.core.access import AUTHENTICATED, access
from abitare.core.exceptions import DomainError
from abitare.core.idempotency import (
    FORM_FIELD,
    FirstResult,
    KeyReused,
    fingerprint,
    idempotent,
    keys_purge,
    run_once,
    submitted_once,
)
from abitare.core.models import IdempotencyKey
from abitare.core.tasks import idempotency_keys_purge_task


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return f"done {self.calls}"


def _remember(value: str) -> FirstResult:
    return FirstResult(201, body={"value": value})


def test_run_once_runs_the_first_and_answers_the_first_result_after(operator):
    count = Counter()
    args = {"user_id": operator.pk, "scope": "POST /x/", "key": "k1", "fingerprint": "f", "result_of": _remember}

    first = run_once(run=count, **args)
    second = run_once(run=count, **args)

    assert first == "done 1"
    assert second == FirstResult(201, body={"value": "done 1"})
    assert count.calls == 1
    assert IdempotencyKey.objects.get().response_body == {"value": "done 1"}


def test_run_once_refuses_the_same_key_with_another_body(operator):
    count = Counter()
    run_once(user_id=operator.pk, scope="s", key="k", fingerprint="a", run=count, result_of=_remember)

    with pytest.raises(KeyReused):
        run_once(user_id=operator.pk, scope="s", key="k", fingerprint="b", run=count, result_of=_remember)
    assert count.calls == 1


def test_a_key_is_per_user_and_per_endpoint(operator, coordinator):
    count = Counter()
    for user, scope in [(operator, "s1"), (operator, "s2"), (coordinator, "s1")]:
        run_once(user_id=user.pk, scope=scope, key="same", fingerprint="f", run=count, result_of=_remember)

    assert count.calls == 3


def test_a_refused_or_failed_request_leaves_the_key_free(operator):
    args = {"user_id": operator.pk, "scope": "s", "key": "k", "fingerprint": "f"}

    run_once(run=lambda: "refused", result_of=lambda _value: None, **args)

    def boom() -> str:
        raise DomainError("no")

    with pytest.raises(DomainError):
        run_once(run=boom, result_of=_remember, **args)
    assert not IdempotencyKey.objects.exists()
    assert run_once(run=lambda: "third", result_of=_remember, **args) == "third"


def test_fingerprint_ignores_key_order_and_the_form_tokens_but_not_values():
    factory = RequestFactory()
    one = factory.post("/", {"a": "1", "b": ["2", "3"], "csrfmiddlewaretoken": "x", FORM_FIELD: "t1"}).POST
    two = factory.post("/", {"b": ["2", "3"], "a": "1", "csrfmiddlewaretoken": "y", FORM_FIELD: "t2"}).POST
    other = factory.post("/", {"a": "1", "b": ["3", "2"]}).POST

    assert fingerprint(one) == fingerprint(two)
    assert fingerprint(one) != fingerprint(other)
    assert fingerprint({"a": {"x": 1, "y": 2}}) == fingerprint({"a": {"y": 2, "x": 1}})
    file_a = SimpleUploadedFile("a.xml", b"<a/>")
    file_b = SimpleUploadedFile("a.xml", b"<b/>")
    assert fingerprint({"file": file_a}) != fingerprint({"file": file_b})
    assert file_a.read() == b"<a/>"


def test_keys_older_than_a_day_are_purged_by_the_scheduled_task(operator):
    old = IdempotencyKey.objects.create(user=operator, scope="s", key="old", fingerprint="f")
    IdempotencyKey.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))
    IdempotencyKey.objects.create(user=operator, scope="s", key="new", fingerprint="f")

    assert idempotency_keys_purge_task.call() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
    assert keys_purge(now=timezone.now() + datetime.timedelta(days=2)) == 1


# Pages

RECORDED: list[str] = []


@submitted_once
def _form_view(request: HttpRequest) -> HttpResponse:
    if request.POST.get("amount") == "bad":
        return HttpResponse("form again", status=400)
    if request.POST.get("amount") == "refused":
        messages.error(request, "Refused.")
        return HttpResponseRedirect("/back/")
    RECORDED.append(request.POST["amount"])
    return HttpResponseRedirect(f"/done/{len(RECORDED)}/")


def _post(user, data):
    request = RequestFactory().post("/pay/", data)
    request.user = user
    request._messages = CookieStorage(request)
    return request


@pytest.fixture
def recorded():
    RECORDED.clear()
    yield RECORDED
    RECORDED.clear()


def test_a_form_posted_twice_with_its_token_records_once_and_redirects_to_the_same_place(operator, recorded):
    first = _form_view(_post(operator, {"amount": "10", FORM_FIELD: "tok"}))
    repeat = _post(operator, {"amount": "10", FORM_FIELD: "tok"})
    second = _form_view(repeat)

    assert recorded == ["10"]
    assert first["Location"] == second["Location"] == "/done/1/"
    assert [str(message) for message in get_messages(repeat)] == [gettext("Already recorded.")]


def test_a_form_refused_leaves_its_token_usable(operator, recorded):
    refused = _form_view(_post(operator, {"amount": "bad", FORM_FIELD: "tok"}))
    refused_with_redirect = _form_view(_post(operator, {"amount": "refused", FORM_FIELD: "tok"}))
    accepted = _form_view(_post(operator, {"amount": "10", FORM_FIELD: "tok"}))

    assert refused.status_code == 400
    assert refused_with_redirect["Location"] == "/back/"
    assert accepted["Location"] == "/done/1/"
    assert recorded == ["10"]


def test_a_token_resent_with_other_values_records_nothing_and_says_so(operator, recorded):
    _form_view(_post(operator, {"amount": "10", FORM_FIELD: "tok"}))
    edited = _post(operator, {"amount": "99", FORM_FIELD: "tok"})
    response = _form_view(edited)

    assert recorded == ["10"]
    assert response["Location"] == "/pay/"
    assert [str(message) for message in get_messages(edited)] == [
        gettext(
            "This form had already been sent with other values: nothing new was recorded. "
            "Fill it in again to record another."
        )
    ]


def test_a_form_without_a_token_behaves_as_before(operator, recorded):
    _form_view(_post(operator, {"amount": "10"}))
    _form_view(_post(operator, {"amount": "10"}))

    assert recorded == ["10", "10"]
    assert not IdempotencyKey.objects.exists()


def test_the_token_tag_gives_a_new_hidden_token_each_time():
    template = Template("{% load abitare %}{% submission_token %}")
    one, two = template.render(Context()), template.render(Context())

    assert one.startswith(f'<input type="hidden" name="{FORM_FIELD}" value="')
    assert one != two


# API


@access(AUTHENTICATED)
class _PayView(APIView):
    @idempotent
    def post(self, request: Request) -> Response:
        amount = dict(request.data)["amount"]
        if amount == "bad":
            return Response({"error": "bad"}, status=400)
        RECORDED.append(amount)
        return Response({"id": len(RECORDED), "amount": amount}, status=201)


def _api(user, body, key=None):
    headers = {} if key is None else {"Idempotency-Key": key}
    request = APIRequestFactory().post("/api/pay/", body, format="json", headers=headers)
    force_authenticate(request, user=user)
    return _PayView.as_view()(request)


def test_an_api_call_repeated_with_its_key_answers_the_first_result(operator, recorded):
    first = _api(operator, {"amount": "10"}, key="k-1")
    second = _api(operator, {"amount": "10"}, key="k-1")

    assert recorded == ["10"]
    assert (second.status_code, second.data) == (first.status_code, first.data) == (201, {"id": 1, "amount": "10"})
    assert second["Idempotent-Replayed"] == "true"


def test_an_api_key_reused_with_another_body_answers_422(operator, recorded):
    _api(operator, {"amount": "10"}, key="k-1")
    response = _api(operator, {"amount": "11"}, key="k-1")

    assert response.status_code == 422
    assert response.data["error"]["code"] == "idempotency_key_reused"
    assert recorded == ["10"]


def test_an_api_error_leaves_the_key_free_and_no_key_behaves_as_before(operator, recorded):
    assert _api(operator, {"amount": "bad"}, key="k-1").status_code == 400
    assert _api(operator, {"amount": "10"}, key="k-1").status_code == 201
    _api(operator, {"amount": "10"})
    _api(operator, {"amount": "10"})

    assert recorded == ["10", "10", "10"]


def test_an_api_key_too_long_is_a_field_error(operator, recorded):
    response = _api(operator, {"amount": "10"}, key="x" * 201)

    assert response.status_code == 400
    assert "Idempotency-Key" in response.data["error"]["fields"]
    assert recorded == []
