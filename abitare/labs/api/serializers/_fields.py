"""Fields shared by the labs API serializers."""

from __future__ import annotations

from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def choice(choices: type[models.Choices], **kwargs: Any) -> serializers.ChoiceField:
    """A choice field documented by its values in the description rather than as an enum: the
    schema's enum post-processing names enums by field, and the many ``kind``/``status`` fields of
    different models would collide (warnings that fail the schema check)."""
    values = list(choices.values)
    schema = {
        "type": "integer" if isinstance(values[0], int) else "string",
        "description": "One of: " + ", ".join(str(value) for value in values),
    }
    field_class = extend_schema_field(schema)(type(f"{choices.__name__}Choice", (serializers.ChoiceField,), {}))
    field: serializers.ChoiceField = field_class(choices=choices.choices, **kwargs)
    return field
