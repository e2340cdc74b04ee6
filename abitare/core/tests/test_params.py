"""The edge (core/params.py): an id or a whole number beyond 64 bits, in a URL, a query string or
an API body, is bad input (400/404 with the field named), never a 500 (security review, finding 10)."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from django import forms
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from abitare.core import params
from abitare.tenancies.models import Meeting
from abitare.tenancies.tests.support_helpers import make_support_world
from abitare.web.tests.test_url_access import ROUTES
from conftest import client_for

HUGE = str(2**64 + 7)
PACKAGE = Path(params.__file__).resolve().parents[1]


# The helpers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", 1), (" 42 ", 42), (str(2**63 - 1), 2**63 - 1), (7, 7)]
    + [(value, None) for value in ("0", "-1", "", None, "1.0", "abc", "١٢", str(2**63), HUGE, True, 2**63)],
)
def test_as_id_accepts_only_what_a_bigint_column_holds(raw, expected):
    assert params.as_id(raw) == expected


def test_query_id_is_none_when_absent_and_a_field_error_when_out_of_range():
    assert params.query_id(QueryDict("household="), "household") is None
    assert params.query_id(QueryDict("household=12"), "household") == 12

    with pytest.raises(params.InvalidParameter) as caught:
        params.query_id(QueryDict(f"household={HUGE}"), "household")

    assert list(caught.value.field_errors()) == ["household"]


@pytest.mark.parametrize("raw", ["7", "-1", "x", HUGE, f"-{HUGE}"])
def test_query_int_keeps_to_its_bounds(raw):
    query = QueryDict(f"weekday={raw}")
    with pytest.raises(params.InvalidParameter):
        params.query_int(query, "weekday", minimum=0, maximum=6)


def test_query_int_reads_a_number_within_its_bounds():
    assert params.query_int(QueryDict("weekday=6"), "weekday", minimum=0, maximum=6) == 6
    assert params.query_int(QueryDict("n=-3"), "n") == -3


def test_the_id_converter_refuses_beyond_64_bits():
    converter = params.IdConverter()

    assert converter.to_python(str(2**63 - 1)) == 2**63 - 1
    with pytest.raises(ValueError, match="9223372036854775808"):
        converter.to_python(str(2**63))


def test_the_serializer_fields_keep_to_64_bits():
    field = params.IdField()

    assert field.run_validation("5") == 5
    with pytest.raises(serializers.ValidationError):
        field.run_validation(HUGE)
    with pytest.raises(serializers.ValidationError):
        params.IntegerField(max_value=2**70).run_validation(str(2**63))


# Nothing bypasses them ------------------------------------------------------------------------------


def _patterns(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def test_every_id_in_a_url_uses_the_id_converter():
    offenders = [
        route
        for route, entry in _patterns(get_resolver().url_patterns)
        if entry.callback.__module__.startswith("abitare.")
        and any(type(converter).__name__ == "IntConverter" for converter in entry.pattern.converters.values())
    ]
    assert offenders == [], "write ids as <id:pk> (core/params.py)"


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _project_classes(base):
    get_resolver().url_patterns  # noqa: B018 - imports every view, serializer and form
    return [cls for cls in set(_subclasses(base)) if cls.__module__.startswith("abitare.")]


def _unbounded(field) -> bool:
    return field.max_value is None or field.min_value is None or field.max_value > params.INT64_MAX


def test_every_integer_of_every_serializer_is_kept_to_64_bits():
    offenders = []
    for cls in _project_classes(serializers.Serializer):
        fields = dict(getattr(cls, "_declared_fields", {}))
        for name, field in fields.items():
            inner = getattr(field, "child", field)
            if isinstance(inner, serializers.IntegerField) and not inner.read_only and _unbounded(inner):
                offenders.append(f"{cls.__module__}.{cls.__name__}.{name}")
            if isinstance(inner, serializers.PrimaryKeyRelatedField) and not isinstance(inner, params.IdRelatedField):
                offenders.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert offenders == [], "use params.IntegerField / params.IdField / params.IdRelatedField"


def test_every_integer_and_multiple_choice_of_every_form_is_kept_to_64_bits():
    offenders = []
    for cls in _project_classes(forms.BaseForm):
        # A ModelForm's own number fields are bounded by the model's validators (full_clean);
        # a DecimalField by its digits.
        for name, field in getattr(cls, "declared_fields", {}).items():
            if (
                isinstance(field, forms.IntegerField)
                and not isinstance(field, forms.DecimalField)
                and _unbounded(field)
            ):
                offenders.append(f"{cls.__module__}.{cls.__name__}.{name}")
            if isinstance(field, forms.ModelMultipleChoiceField) and not isinstance(field, params.ModelMultipleIdField):
                offenders.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert offenders == [], "use params.IntegerFormField / params.ModelMultipleIdField"


# Every endpoint, with a huge integer everywhere ------------------------------------------------------


@pytest.fixture
def support_world(world, sensitive_operator):
    return make_support_world(world, sensitive_operator)


def _api_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            yield method, path, names


def test_every_api_list_answers_a_huge_integer_in_any_filter_or_id_without_a_server_error(
    support_world, sensitive_operator
):
    client = client_for(sensitive_operator)
    client.raise_request_exception = False
    failures = []
    for method, path, names in _api_operations():
        if method != "get":
            continue
        for url in {re.sub(r"\{[^}]+\}", HUGE, path), re.sub(r"\{[^}]+\}", "1", path)}:
            queries = [{name: HUGE} for name in names] + [dict.fromkeys(names, HUGE)]
            for query in queries:
                response = client.get(url, query)
                if response.status_code >= 500:
                    failures.append(f"GET {url} {query}: {response.status_code}")
    assert failures == []


def test_every_api_write_answers_a_huge_id_in_the_path_with_a_404_or_a_field_error(support_world, sensitive_operator):
    client = client_for(sensitive_operator)
    client.raise_request_exception = False
    failures = []
    for method, path, _names in _api_operations():
        if method not in {"post", "put", "patch", "delete"} or "{" not in path:
            continue
        response = getattr(client, method)(re.sub(r"\{[^}]+\}", HUGE, path), "{}", content_type="application/json")
        if response.status_code >= 500:
            failures.append(f"{method.upper()} {path}: {response.status_code}")
    assert failures == []


def test_the_assessments_filter_named_in_the_review_is_a_field_error(support_world, sensitive_operator):
    response = client_for(sensitive_operator).get(reverse("api:assessment-list"), {"household": HUGE})

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["household"]


def test_a_meeting_with_a_huge_attendee_is_a_field_error_and_nothing_is_saved(support_world, sensitive_operator):
    before = Meeting.objects.count()

    response = client_for(sensitive_operator).post(
        reverse("api:support-meeting-create", args=[support_world.plan.pk]),
        data=json.dumps({"held_on": datetime.date.today().isoformat(), "summary": "Colloquio", "attendees": [HUGE]}),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["attendees.0"]
    assert Meeting.objects.count() == before


def test_a_huge_id_in_a_page_url_is_a_404():
    response = Client().get(f"/registry/persons/{HUGE}/")

    assert response.status_code == 404


def _query_names_in_the_source() -> list[str]:
    pattern = re.compile(
        r"""(?:GET|query_params|query|POST)\.get\(\s*["']([a-z_]+)["']|query_(?:id|int)\(\s*\w[\w.]*,\s*["']([a-z_]+)["']"""
    )
    names: set[str] = set()
    for source in PACKAGE.rglob("*.py"):
        if "tests" not in source.parts:
            for match in pattern.finditer(source.read_text(encoding="utf-8")):
                names.add(match.group(1) or match.group(2))
    return sorted(names)


def test_every_page_answers_huge_integers_in_its_query_without_a_server_error(support_world, sensitive_operator):
    names = _query_names_in_the_source()
    assert {"household", "territory", "lab", "allocation"} <= set(names)
    client = client_for(sensitive_operator)
    client.raise_request_exception = False
    failures = []
    for route in ROUTES:
        if route.url.startswith("/api/"):
            continue
        response = client.get(route.url, dict.fromkeys(names, HUGE))
        if response.status_code >= 500:
            failures.append(f"{route.name} {route.url}: {response.status_code}")
    assert failures == []
