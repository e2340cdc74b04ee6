"""Rewrite a text that Abitare shipped into database rows (a rule's ``source``, say) when the
shipped wording changes: a data migration's operation.

Only rows still holding the old text as shipped are changed; a row an administrator has edited
since is left as it is. The reverse puts the old text back on the rows holding the new one.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def rewrite_shipped_text(
    app_label: str, rewrites: Sequence[tuple[str, str, str]], *, field: str = "source"
) -> migrations.RunPython:
    """``rewrites``: (model name, old text, new text) triples for ``field`` of ``app_label``'s models."""

    def replace(apps: StateApps, *, reverse: bool) -> None:
        for model_name, old, new in rewrites:
            before, after = (new, old) if reverse else (old, new)
            apps.get_model(app_label, model_name).objects.filter(**{field: before}).update(**{field: after})

    def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        replace(apps, reverse=False)

    def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        replace(apps, reverse=True)

    return migrations.RunPython(forwards, backwards)
