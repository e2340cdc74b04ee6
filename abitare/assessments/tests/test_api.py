"""The assessment API: instruments, assessments (scoped, role-checked, logged) and the plane data."""

from __future__ import annotations

import datetime

from rest_framework.test import APIClient

from abitare.assessments.models import Assessment
from abitare.assessments.tests.conftest import record, scores
from abitare.core.models import AccessLogEntry


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return client


def test_instruments_are_listed_with_their_domains(operator, instrument):
    listing = api(operator).get("/api/v1/assessment-instruments/")
    assert listing.status_code == 200
    assert [row["name"] for row in listing.json()["results"]] == ["Capacità di abitare"]
    detail = api(operator).get(f"/api/v1/assessment-instruments/{instrument.pk}/").json()
    assert len(detail["domains"]) == 13
    assert [level["level"] for level in detail["domains"][0]["levels"]] == [1, 2, 3, 4, 5]


def test_an_operator_records_an_assessment_through_the_api(operator, household, instrument):
    body = {
        "household": household.pk,
        "assessed_on": "2026-01-10",
        "scores": scores(instrument, 4, 4),
        "evidence": {"isee": "ISEE 2026"},
    }
    response = api(operator).post("/api/v1/assessments/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["resources_score"], data["quadrant"], data["recommended_pathway"]) == (
        "75.00",
        "hr_hp",
        "market_orientation",
    )
    assert {"domain": "isee", "score": 4, "evidence": "ISEE 2026"} in data["scores"]


def test_a_bad_score_gets_a_400_with_the_field_and_nothing_changes(operator, household, instrument):
    body = {"household": household.pk, "assessed_on": "2026-01-10", "scores": {**scores(instrument, 3, 3), "health": 7}}
    response = api(operator).post("/api/v1/assessments/", body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"health": ["The score must be a whole number from 1 to 5."]}
    assert not Assessment.objects.exists()


def test_an_override_without_reason_gets_a_400(operator, household, instrument):
    body = {
        "household": household.pk,
        "assessed_on": "2026-01-10",
        "scores": scores(instrument, 3, 3),
        "chosen_pathway": "reception_house",
    }
    response = api(operator).post("/api/v1/assessments/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["override_reason"]
    assert not Assessment.objects.exists()


def test_another_organisations_household_is_not_found_and_nothing_changes(other_org_operator, household, instrument):
    body = {"household": household.pk, "assessed_on": "2026-01-10", "scores": scores(instrument, 3, 3)}
    response = api(other_org_operator).post("/api/v1/assessments/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["household"]
    assert not Assessment.objects.exists()


def test_roles_without_casework_cannot_write(facilitator, administrator, household, instrument):
    body = {"household": household.pk, "assessed_on": "2026-01-10", "scores": scores(instrument, 3, 3)}
    for user in (facilitator, administrator):
        assert api(user).post("/api/v1/assessments/", body, format="json").status_code == 403
    assert not Assessment.objects.exists()


def test_reads_are_scoped_and_logged(operator, other_org_operator, household, instrument):
    assessment = record(operator, household, instrument, 3, 3)
    listing = api(operator).get("/api/v1/assessments/", {"household": household.pk}).json()
    assert [row["id"] for row in listing["results"]] == [assessment.pk]
    assert api(operator).get(f"/api/v1/assessments/{assessment.pk}/").status_code == 200
    assert AccessLogEntry.objects.filter(record_type="assessments.assessment", channel="api").count() == 2
    assert api(other_org_operator).get("/api/v1/assessments/").json()["results"] == []
    assert api(other_org_operator).get(f"/api/v1/assessments/{assessment.pk}/").status_code == 404


def test_the_plane_data(operator, household, instrument):
    record(operator, household, instrument, 2, 2, assessed_on=datetime.date(2025, 6, 1))
    record(operator, household, instrument, 4, 4, assessed_on=datetime.date(2025, 12, 1))
    data = api(operator).get("/api/v1/assessment-plane/").json()
    assert data["thresholds"] == {"resources": "50.00", "potential": "50.00"}
    [entry] = data["households"]
    assert entry["household"] == household.pk
    assert [(s["resources"], s["potential"]) for s in entry["steps"]] == [("25.00", "25.00"), ("75.00", "75.00")]
    assert api(operator).get("/api/v1/assessment-plane/", {"date_from": "x"}).status_code == 400
