"""The shared page helpers: a refused or invalid form saves nothing and answers 400; a button's
refusal is an error message, its success a message and a redirect."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.test import RequestFactory

from abitare.core.exceptions import DomainError
from abitare.core.pages import act, form_page


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)


def _request(method: str = "GET", data: dict[str, Any] | None = None) -> Any:
    factory = RequestFactory()
    request = factory.post("/x/", data or {}) if method == "POST" else factory.get("/x/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.user = type("Anon", (), {"is_authenticated": False})()
    return request


def _messages(request: Any) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in get_messages(request)]


def _page(request: Any, save: Any) -> Any:
    return form_page(
        request,
        NameForm(request.POST or None),
        heading="Nuovo nome",
        trail=[("Nomi", "/nomi/")],
        save=save,
        done=lambda value: f"/nomi/{value}/",
        success=lambda value: f"Salvato {value}.",
    )


pytestmark = pytest.mark.django_db


def test_a_get_shows_the_form_with_its_trail_and_a_cancel_link():
    response = _page(_request(), save=lambda data: pytest.fail("no save on GET"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="/nomi/"' in body
    assert "Nuovo nome" in body


def test_a_valid_post_saves_once_shows_the_message_and_goes_where_the_result_says():
    saved: list[dict[str, Any]] = []

    def save(data: dict[str, Any]) -> int:
        saved.append(data)
        return 7

    request = _request("POST", {"name": "Anna"})
    response = _page(request, save)
    assert (response.status_code, response["Location"]) == (302, "/nomi/7/")
    assert saved == [{"name": "Anna"}]
    assert _messages(request) == [("success", "Salvato 7.")]


def test_invalid_input_or_a_refusal_answers_400_and_puts_the_reason_on_the_field():
    request = _request("POST", {"name": ""})
    response = _page(request, save=lambda data: pytest.fail("invalid input reaches no service"))
    assert response.status_code == 400

    def refuse(data: dict[str, Any]) -> None:
        raise DomainError("Nome già usato.", field="name")

    request = _request("POST", {"name": "Anna"})
    response = _page(request, refuse)
    assert response.status_code == 400
    assert "Nome già usato." in response.content.decode()
    assert _messages(request) == []


def test_an_action_reports_success_or_the_refusal_and_always_redirects():
    request = _request("POST")
    response = act(request, lambda: 3, done=lambda value: f"/n/{value}/", success="Fatto.")
    assert (response.status_code, response["Location"]) == (302, "/n/3/")
    assert _messages(request) == [("success", "Fatto.")]

    def refuse() -> None:
        raise DomainError("Non si può.")

    request = _request("POST")
    response = act(request, refuse, done="/n/", success="Fatto.")
    assert (response.status_code, response["Location"]) == (302, "/n/")
    assert _messages(request) == [("error", "Non si può.")]


def test_an_action_with_an_invalid_form_never_calls_the_service():
    request = _request("POST", {"name": ""})
    response = act(
        request,
        lambda: pytest.fail("an invalid form reaches no service"),
        done="/n/",
        success="Fatto.",
        form=NameForm(request.POST),
        invalid="Scrivi un nome.",
    )
    assert response.status_code == 302
    assert _messages(request) == [("error", "Scrivi un nome.")]
