"""The JSON instance format: round trip, and every rejection names its line and field."""

import json
from decimal import Decimal

import pytest

from abitare.matching.engine.generator import generate
from abitare.matching.engine.instance_io import InstanceError, dumps, loads

SMALL = {
    "format": "abitare.matching.instance",
    "version": 1,
    "neighbourhoods": ["San Vito", "San Concordio"],
    "buildings": [
        {
            "id": "B1",
            "neighbourhood": "San Vito",
            "existing_households": 4,
            "existing_counts": {"low_low": 1},
            "limits": [{"group": "low_low", "max_share": 0.3}],
            "units": [
                {"id": "U1", "pathway": "erp", "rooms": 3, "usable_m2": 62.5, "max_occupants": 4, "monthly_cost": 25000}
            ],
        }
    ],
    "applications": [
        {
            "id": "A1",
            "household_size": 3,
            "pathway": "erp",
            "priority": 41.5,
            "monthly_income": 120000,
            "preferred_neighbourhoods": ["San Vito"],
            "quadrant": "low_low",
        }
    ],
}


def _text(data):
    return json.dumps(data, indent=1)


def _error(data_or_text):
    text = data_or_text if isinstance(data_or_text, str) else _text(data_or_text)
    with pytest.raises(InstanceError) as caught:
        loads(text)
    return caught.value


def test_a_generated_instance_survives_the_round_trip():
    inst = generate(n_applications=200, n_units=30, seed=5)
    assert loads(dumps(inst)) == inst


def test_a_hand_written_instance_is_read_with_defaults():
    inst = loads(_text(SMALL))
    assert inst.units[0].neighbourhood_id == "San Vito"
    assert inst.units[0].building_id == "B1"
    assert inst.buildings[0].existing("low_low") == 1
    assert inst.rules.min_area(5) == 66


def test_malformed_json_names_the_line():
    error = _error('{\n "format": "abitare.matching.instance",\n "version": 1,\n}')
    assert error.line == 4
    assert "not valid JSON" in str(error)


def test_a_unit_in_two_buildings_is_refused_with_its_line():
    data = json.loads(_text(SMALL))
    data["buildings"].append(
        {"id": "B2", "neighbourhood": "San Concordio", "units": [dict(data["buildings"][0]["units"][0])]}
    )
    text = _text(data)
    error = _error(text)
    assert (error.field, error.message) == ("id", "unit 'U1' is already in building 'B1'")
    assert text.splitlines()[error.line - 1].strip() == "{"
    assert '"id": "U1"' in text.splitlines()[error.line]
    assert text[: text.index('"B2"')].count("\n") < error.line


def test_an_unknown_neighbourhood_is_refused():
    data = json.loads(_text(SMALL))
    data["applications"][0]["excluded_neighbourhoods"] = ["Arancio"]
    error = _error(data)
    assert (error.field, error.message) == ("excluded_neighbourhoods", "unknown neighbourhood 'Arancio'")
    assert '"id": "A1"' in _text(data).splitlines()[error.line]


def test_a_duplicated_application_is_refused():
    data = json.loads(_text(SMALL))
    data["applications"].append(dict(data["applications"][0]))
    error = _error(data)
    assert (error.field, error.message) == ("id", "application 'A1' is listed twice")


def test_a_mistyped_field_is_refused_with_line_and_field():
    data = json.loads(_text(SMALL))
    data["buildings"][0]["units"][0]["max_occupants"] = "four"
    text = _text(data)
    error = _error(text)
    assert error.field == "max_occupants"
    assert str(error).startswith(f"line {error.line}, field 'max_occupants'")
    assert '"id": "U1"' in text.splitlines()[error.line]


def test_preferring_and_excluding_the_same_neighbourhood_is_inconsistent():
    data = json.loads(_text(SMALL))
    data["applications"][0]["excluded_neighbourhoods"] = ["San Vito"]
    assert _error(data).message == "'San Vito' is both preferred and excluded"


def test_a_share_limit_keeps_every_decimal_it_was_written_with():
    data = json.loads(_text(SMALL))
    data["buildings"][0]["limits"] = [{"group": "low_low", "max_share": 0.3333333}]
    inst = loads(_text(data))
    (limit,) = inst.buildings[0].limits
    assert limit.max_share == Decimal("0.3333333")
    assert loads(dumps(inst)).buildings[0].limits[0].max_share == Decimal("0.3333333")


def test_a_share_limit_with_more_than_twelve_decimals_is_refused():
    data = json.loads(_text(SMALL))
    data["buildings"][0]["limits"] = [{"group": "low_low", "max_share": 0.3333333333333333}]
    error = _error(data)
    assert (error.field, error.message) == ("max_share", "at most 12 decimals")


def test_households_tenancies_transfers_and_regimes_are_read():
    data = json.loads(_text(SMALL))
    data["rules"] = {"regimes": {"erp": "rank_respecting"}, "default_regime": "graduatoria"}
    data["applications"][0] |= {"household": "H7", "housed": True, "transfer": True}
    inst = loads(_text(data))
    assert (inst.rules.regime("erp"), inst.rules.regime("other")) == ("rank_respecting", "graduatoria")
    assert (inst.applications[0].household, inst.applications[0].housed, inst.applications[0].transfer) == (
        "H7",
        True,
        True,
    )
    assert loads(dumps(inst)) == inst


def test_an_unknown_regime_is_refused():
    data = json.loads(_text(SMALL))
    data["rules"] = {"regimes": {"erp": "lottery"}}
    assert _error(data).field == "regimes"
