"""The data migrations that rewrite shipped source texts: only rows still holding the old text
change, the reverse restores it, and each migration's new text is the one shipped today."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from django.apps import apps as global_apps

from abitare.assessments.defaults import default_data
from abitare.assessments.models import Instrument, PathwayMap
from abitare.core.shipped_text import rewrite_shipped_text
from abitare.tenancies.services.arrears import DEFAULT_RULE_SOURCE, EXAMPLE_RATE_SOURCE

ROOT = Path(__file__).resolve().parents[3]


def rewrites_of(module: str) -> list[tuple[str, str, str]]:
    return [tuple(row) for row in importlib.import_module(module).REWRITES]


@pytest.mark.django_db
def test_only_rows_still_holding_the_old_text_are_rewritten_and_the_reverse_restores_them():
    pathway_map = PathwayMap.objects.get(territory__isnull=True)
    instrument = Instrument.objects.filter(territory__isnull=True).first()
    assert instrument is not None
    PathwayMap.objects.filter(pk=pathway_map.pk).update(source="old as shipped")
    Instrument.objects.filter(pk=instrument.pk).update(source="edited by an administrator")
    operation = rewrite_shipped_text(
        "assessments",
        [("PathwayMap", "old as shipped", "new"), ("Instrument", "old as shipped", "new")],
    )

    operation.code(global_apps, None)
    pathway_map.refresh_from_db()
    instrument.refresh_from_db()
    assert (pathway_map.source, instrument.source) == ("new", "edited by an administrator")

    assert operation.reverse_code is not None
    operation.reverse_code(global_apps, None)
    pathway_map.refresh_from_db()
    assert pathway_map.source == "old as shipped"


def test_each_migration_writes_the_text_shipped_today():
    # The latest rewrite of each text ends with the text shipped today, and each rewrite starts
    # from what the one before it wrote.
    first = rewrites_of("abitare.assessments.migrations.0003_sources_cite_the_acts")
    assessments = rewrites_of("abitare.assessments.migrations.0004_sources_in_italian")
    assert [old for _, old, _ in assessments] == [new for _, _, new in first]
    assert [new for _, _, new in assessments] == [
        default_data()["instrument"]["source"],
        default_data()["pathway_map"]["source"],
    ]
    first = rewrites_of("abitare.tenancies.migrations.0003_sources_cite_the_acts")
    tenancies = rewrites_of("abitare.tenancies.migrations.0004_sources_in_italian")
    assert [old for _, old, _ in tenancies] == [new for _, _, new in first]
    assert [new for _, _, new in tenancies] == [DEFAULT_RULE_SOURCE, EXAMPLE_RATE_SOURCE]
    shipped = {
        json.loads(path.read_text(encoding="utf-8"))["source"]
        for folder in ("rulesets", "refusal-rules")
        for path in (ROOT / "abitare" / "matching" / "data" / folder).glob("*.json")
    }
    matching = rewrites_of("abitare.matching.migrations.0005_sources_cite_the_acts")
    assert len(matching) == 5
    assert {new for _, _, new in matching} <= shipped
    assert not {old for _, old, _ in matching} & shipped
