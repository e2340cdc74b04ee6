"""The form helpers every page shares: the submit step and where a service's refusal lands."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from abitare.core.exceptions import DomainError
from abitare.core.forms import DateInput, add_domain_error, submit


class _Form(forms.Form):
    title = forms.CharField(max_length=10)
    lines = forms.CharField(required=False)
    day = forms.DateField(required=False, widget=DateInput())


def _recording(result: Any = None, error: DomainError | None = None) -> tuple[list[dict[str, Any]], Any]:
    calls: list[dict[str, Any]] = []

    def action(data: dict[str, Any]) -> Any:
        calls.append(data)
        if error is not None:
            raise error
        return result

    return calls, action


def test_a_valid_form_calls_the_service_once_and_carries_its_result():
    calls, action = _recording(result="created")
    form = _Form({"title": "ok"})

    done = submit(form, action)

    assert done
    assert done.value == "created"
    assert calls == [{"title": "ok", "lines": "", "day": None}]


def test_an_unbound_or_invalid_form_never_calls_the_service():
    calls, action = _recording()

    assert not submit(_Form(), action)
    assert not submit(_Form({"title": "far too long a title"}), action)
    assert calls == []


def test_a_refusal_lands_on_the_field_it_names_and_the_submit_fails():
    _, action = _recording(error=DomainError("Too short.", field="title"))
    form = _Form({"title": "ok"})

    done = submit(form, action)

    assert not done
    assert form.errors == {"title": ["Too short."]}


def test_a_refusal_without_a_matching_field_goes_on_top_of_the_form():
    form = _Form({"title": "ok"})

    add_domain_error(form, DomainError("No.", field="nothing.here"))

    assert form.non_field_errors() == ["No."]


def test_a_dotted_name_falls_back_to_its_last_part_and_a_map_renames_fields():
    dotted = _Form({"title": "ok"})
    add_domain_error(dotted, DomainError("Bad title.", field="goal.title"))
    mapped = _Form({"title": "ok"})
    _, action = _recording(error=DomainError("Do not add up.", field="instalments"))

    submit(mapped, action, field_for={"instalments": "lines"}.get)

    assert dotted.errors == {"title": ["Bad title."]}
    assert mapped.errors == {"lines": ["Do not add up."]}


def test_date_inputs_speak_iso_whatever_the_language():
    rendered = str(_Form(initial={"day": datetime.date(2026, 12, 4)})["day"])

    assert 'type="date"' in rendered
    assert 'value="2026-12-04"' in rendered
