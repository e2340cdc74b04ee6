"""The edge: every id and whole number that arrives in a URL, a query string or an API body is
checked here, once, against what the database can hold.

A bigint column (every primary key, every foreign key) holds a signed 64-bit integer on SQLite
and PostgreSQL. A larger number sent as a filter or a related id used to reach the database and
fail there (``OverflowError``: a 500). Here it is refused as bad input instead:

- URLs use the ``<id:...>`` converter: an id beyond the range matches no route (404).
- Query strings are read with :func:`query_id` and :func:`query_int`: a malformed or
  out-of-range value raises :class:`InvalidParameter`, a 400 with the field's error in the API
  and the error page in HTML.
- API bodies use :class:`IntegerField`, :class:`IdField` and :class:`IdRelatedField`, which keep
  every number within the range (a field error).

``abitare/core/tests/test_params.py`` walks the URLconf and every serializer so that nothing
bypasses them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import SuspiciousOperation
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from abitare.core.exceptions import ValidationFailed

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)
ID_MAX = INT64_MAX
_ID_DIGITS = len(str(ID_MAX))


class InvalidParameter(ValidationFailed, SuspiciousOperation):
    """A query parameter is malformed or out of range: the API answers 400 with the field's error,
    a page answers Django's 400 (``SuspiciousOperation``)."""

    code = "invalid_parameter"


def as_id(raw: Any) -> int | None:
    """The id written in ``raw`` (a positive whole number a bigint column can hold), or None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if 1 <= raw <= ID_MAX else None
    text = str(raw).strip() if raw is not None else ""
    if not text.isascii() or not text.isdigit() or len(text) > _ID_DIGITS:
        return None
    value = int(text)
    return value if 1 <= value <= ID_MAX else None


def query_id(query: Any, name: str) -> int | None:
    """The id in query parameter ``name``; None when it is absent or blank.

    Raises :class:`InvalidParameter` when it is not an id (text, zero, negative, beyond 64 bits).
    """
    raw = (query.get(name) or "").strip()
    if not raw:
        return None
    value = as_id(raw)
    if value is None:
        raise InvalidParameter({name: [_("Give the id as a whole number between 1 and %(max)s.") % {"max": ID_MAX}]})
    return value


def query_int(query: Any, name: str, *, minimum: int = INT64_MIN, maximum: int = INT64_MAX) -> int | None:
    """The whole number in query parameter ``name`` within ``minimum``..``maximum``; None when absent.

    Raises :class:`InvalidParameter` when it is malformed or out of range.
    """
    raw = (query.get(name) or "").strip()
    if not raw:
        return None
    digits = raw[1:] if raw[:1] in "+-" else raw
    value = int(raw) if digits.isascii() and digits.isdigit() and len(digits) <= _ID_DIGITS else None
    if value is None or not max(minimum, INT64_MIN) <= value <= min(maximum, INT64_MAX):
        raise InvalidParameter(
            {
                name: [
                    _("Give a whole number between %(min)s and %(max)s.")
                    % {"min": max(minimum, INT64_MIN), "max": min(maximum, INT64_MAX)}
                ]
            }
        )
    return value


class IdConverter:
    """``<id:pk>``: a positive whole number a bigint column can hold; anything else matches no route."""

    regex = f"[0-9]{{1,{_ID_DIGITS}}}"

    def to_python(self, value: str) -> int:
        number = as_id(value)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value: Any) -> str:
        return str(int(value))


class IntegerField(serializers.IntegerField):
    """DRF's ``IntegerField`` that never lets through a number beyond a signed 64-bit column."""

    def __init__(self, **kwargs: Any) -> None:
        minimum = kwargs.pop("min_value", None)
        maximum = kwargs.pop("max_value", None)
        kwargs["min_value"] = INT64_MIN if minimum is None else max(minimum, INT64_MIN)
        kwargs["max_value"] = INT64_MAX if maximum is None else min(maximum, INT64_MAX)
        super().__init__(**kwargs)


class IdField(IntegerField):
    """The id of a row: a whole number from 1 to the largest bigint."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


class IdRelatedField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """``PrimaryKeyRelatedField`` that answers "does not exist" for an id out of range without
    asking the database."""

    def to_internal_value(self, data: Any) -> Any:
        if as_id(data) is None and not isinstance(data, bool) and str(data).strip().lstrip("-").isdigit():
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class IntegerFormField(forms.IntegerField):
    """Django's form ``IntegerField`` kept within a signed 64-bit column (an id is ``min_value=1``)."""

    def __init__(self, *, min_value: int | None = None, max_value: int | None = None, **kwargs: Any) -> None:
        super().__init__(
            min_value=INT64_MIN if min_value is None else max(min_value, INT64_MIN),
            max_value=INT64_MAX if max_value is None else min(max_value, INT64_MAX),
            **kwargs,
        )


class ModelMultipleIdField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """``ModelMultipleChoiceField`` that refuses an id beyond 64 bits before the ``__in`` query
    (Django checks each id alone, then queries them all together, where it overflows)."""

    def clean(self, value: Any) -> Any:
        if not self.to_field_name and isinstance(value, list | tuple):
            for pk in value:
                if as_id(pk) is None and str(pk).strip().isdigit():
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super().clean(value)
