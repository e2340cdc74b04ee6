"""Every object served under /api/hsds/ validates against the official HSDS 3.0 JSON schemas."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from jsonschema import Draft202012Validator

from abitare.accounts.testing import acting
from abitare.labs import services
from abitare.labs.hsds import hsds_id, hsds_pk

SCHEMAS = Path(settings.BASE_DIR).parent / "shared" / "hsds" / "schema" / "compiled"


def validator(name: str) -> Draft202012Validator:
    if not SCHEMAS.is_dir():
        pytest.skip(f"HSDS 3.0 schemas not found at {SCHEMAS} (the shared folder next to the repository)")
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def assert_valid(name: str, obj: dict[str, object]) -> None:
    errors = sorted(validator(name).iter_errors(obj), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


@pytest.fixture
def directory(activity, lab, place, facilitator, other_lab):
    start = datetime.datetime(2030, 6, 1, 10, 0, tzinfo=datetime.UTC)
    services.activity_create(
        actor=acting(facilitator),
        lab=lab,
        title="Mercatino del baratto",
        place=place,
        start=start,
        end=start + datetime.timedelta(hours=4),
        rrule="FREQ=MONTHLY;BYMONTHDAY=1;UNTIL=20301201",
    )
    services.activity_create(
        actor=acting(facilitator),
        lab=lab,
        title="Festa d'estate",
        place=place,
        start=start + datetime.timedelta(days=3),
        end=start + datetime.timedelta(days=3, hours=5),
    )
    return lab


def test_every_served_object_validates_against_the_hsds_schemas(directory):
    client = Client()
    meta = client.get("/api/hsds/").json()
    services_page = client.get("/api/hsds/services").json()
    organizations_page = client.get("/api/hsds/organizations").json()
    locations_page = client.get("/api/hsds/service_at_locations").json()

    assert meta["version"] == "3.0"
    assert services_page["total_items"] == 3
    assert organizations_page["total_items"] == 2
    assert locations_page["total_items"] == 3
    for item in services_page["contents"]:
        assert_valid("service_list", item)
        full = client.get(f"/api/hsds/services/{item['id']}").json()
        assert_valid("service", full)
    for item in organizations_page["contents"]:
        assert_valid("organization_list", item)
        assert_valid("organization", client.get(f"/api/hsds/organizations/{item['id']}").json())
    for item in locations_page["contents"]:
        assert_valid("service_at_location_list", item)
        assert_valid("service_at_location", client.get(f"/api/hsds/service_at_locations/{item['id']}").json())


def test_a_weekly_activity_has_an_rrule_compatible_schedule(activity):
    service = Client().get(f"/api/hsds/services/{hsds_id('service', activity.pk)}").json()

    (schedule,) = service["schedules"]
    assert (schedule["freq"], schedule["interval"], schedule["byday"], schedule["count"]) == ("WEEKLY", 1, "TU", 10)
    assert (schedule["opens_at"], schedule["closes_at"]) == ("18:00:00", "20:00:00")
    location = service["service_at_locations"][0]["location"]
    assert location["addresses"][0]["address_1"] == "Via Roma 1"
    assert location["schedules"][0]["byday"] == "TU"


def test_unpublished_labs_and_unknown_ids_are_not_served(activity):
    activity.lab.is_published = False
    activity.lab.save()
    client = Client()

    assert client.get("/api/hsds/services").json()["total_items"] == 0
    assert client.get(f"/api/hsds/services/{hsds_id('service', activity.pk)}").status_code == 404
    assert client.get("/api/hsds/services/not-a-uuid").status_code == 404
    assert client.get(f"/api/hsds/services/{hsds_id('location', activity.pk)}").status_code == 404


def test_identifiers_round_trip():
    assert hsds_pk("service", hsds_id("service", 123456)) == 123456
    assert hsds_pk("organization", hsds_id("service", 1)) is None
