"""The default instrument and pathway map that ship with Abitare, kept as data in
``data/default_instrument.json`` and installed by a data migration (and again, harmlessly, by
the demo). The installer takes the model classes so the migration can pass its historical ones.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "default_instrument.json"


@cache
def default_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return data


def install_default(instrument_model: Any, domain_model: Any, level_model: Any, map_model: Any) -> Any:
    """Create the default instrument (territory empty) and the default pathway map unless present."""
    data = default_data()
    spec = data["instrument"]
    instrument = instrument_model.objects.filter(
        name=spec["name"], version=spec["version"], territory__isnull=True
    ).first()
    if instrument is None:
        instrument = instrument_model.objects.create(
            name=spec["name"],
            version=spec["version"],
            territory=None,
            valid_from=datetime.date.fromisoformat(spec["valid_from"]),
            status=spec["status"],
            source=spec["source"],
        )
        for order, domain_spec in enumerate(spec["domains"], start=1):
            domain = domain_model.objects.create(
                instrument=instrument,
                code=domain_spec["code"],
                axis=domain_spec["axis"],
                weight=Decimal(domain_spec["weight"]),
                name_it=domain_spec["name_it"],
                name_en=domain_spec["name_en"],
                description_it=domain_spec["description_it"],
                description_en=domain_spec["description_en"],
                order=order,
            )
            level_model.objects.bulk_create(
                level_model(domain=domain, level=level, anchor_it=anchor_it, anchor_en=anchor_en)
                for level, (anchor_it, anchor_en) in enumerate(domain_spec["levels"], start=1)
            )
    map_spec = data["pathway_map"]
    if not map_model.objects.filter(territory__isnull=True).exists():
        map_model.objects.create(
            territory=None,
            valid_from=datetime.date.fromisoformat(map_spec["valid_from"]),
            source=map_spec["source"],
            resources_threshold=Decimal(map_spec["resources_threshold"]),
            potential_threshold=Decimal(map_spec["potential_threshold"]),
            high_resources_high_potential=map_spec["high_resources_high_potential"],
            high_resources_low_potential=map_spec["high_resources_low_potential"],
            low_resources_high_potential=map_spec["low_resources_high_potential"],
            low_resources_low_potential=map_spec["low_resources_low_potential"],
        )
    return instrument
