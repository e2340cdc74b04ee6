"""The pages: the assessment form, an assessment, the history, the plane and its SVG, instruments."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from abitare.accounts.tests.factories import membership_of_user
from abitare.assessments.models import Assessment, Instrument
from abitare.assessments.selectors import household_url, plane_households
from abitare.assessments.tests.conftest import codes, record, scores
from abitare.core.models import AccessLogEntry
from abitare.registry.tests.factories import make_household
from conftest import client_for


def english(user):
    """A signed-in client reading the English interface (the default language is Italian)."""
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _post_data(instrument, resources=3, potential=3, **extra):
    data = {f"score_{code}": str(level) for code, level in scores(instrument, resources, potential).items()}
    data.update({f"evidence_{code}": "" for code in codes(instrument)})
    data.update({"assessed_on": timezone.localdate().isoformat(), "chosen_pathway": "", "override_reason": ""})
    data.update(extra)
    return data


def test_the_form_offers_every_domain_with_its_five_anchors_as_radio_buttons(operator, household, instrument):
    response = client_for(operator).get(f"/valutazioni/nuclei/{household.pk}/nuova/")
    assert response.status_code == 200
    html = response.content.decode()
    for code in codes(instrument):
        assert len(re.findall(rf'type="radio"\s+name="score_{code}"', html)) == 5
        assert f'name="evidence_{code}"' in html
    assert html.count("<fieldset") == len(codes(instrument))
    assert "Senza casa, sfratto in corso" in html  # the Italian anchors, in the Italian interface


def test_posting_the_form_records_the_assessment(operator, household, instrument):
    data = _post_data(instrument, 4, 2, evidence_isee="ISEE 2026 attached")
    response = client_for(operator).post(f"/valutazioni/nuclei/{household.pk}/nuova/", data)
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/valutazioni/{assessment.pk}/"
    assert (assessment.resources_score, assessment.potential_score) == (Decimal(75), Decimal(25))
    assert assessment.chosen_pathway == "agreed_rent"
    assert assessment.scores.get(domain__code="isee").evidence == "ISEE 2026 attached"


def test_an_unscored_domain_is_refused_on_the_page_and_nothing_is_saved(operator, household, instrument):
    data = _post_data(instrument)
    del data["score_health"]
    response = english(operator).post(f"/valutazioni/nuclei/{household.pk}/nuova/", data)
    assert response.status_code == 400
    assert "Score this domain: choose a level from 1 to 5." in response.content.decode()
    assert not Assessment.objects.exists()


def test_an_out_of_range_score_is_refused_on_the_page(operator, household, instrument):
    response = client_for(operator).post(
        f"/valutazioni/nuclei/{household.pk}/nuova/", _post_data(instrument, score_health="9")
    )
    assert response.status_code == 400
    assert not Assessment.objects.exists()


def test_an_override_without_reason_is_refused_on_the_page(operator, household, instrument):
    data = _post_data(instrument, chosen_pathway="reception_house")
    response = english(operator).post(f"/valutazioni/nuclei/{household.pk}/nuova/", data)
    assert response.status_code == 400
    assert "Write why you choose another pathway" in response.content.decode()
    assert not Assessment.objects.exists()


def test_another_organisation_cannot_open_the_households_pages(operator, other_org_operator, household, instrument):
    assessment = record(operator, household, instrument, 3, 3)
    client = client_for(other_org_operator)
    assert client.get(f"/valutazioni/nuclei/{household.pk}/").status_code == 404
    assert client.post(f"/valutazioni/nuclei/{household.pk}/nuova/", _post_data(instrument)).status_code == 404
    assert client.get(f"/valutazioni/{assessment.pk}/").status_code == 404
    assert Assessment.objects.count() == 1


def test_a_facilitator_may_not_assess(facilitator, household, instrument):
    response = client_for(facilitator).post(f"/valutazioni/nuclei/{household.pk}/nuova/", _post_data(instrument))
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_the_detail_shows_scores_and_logs_the_read(operator, household, instrument):
    assessment = record(operator, household, instrument, 2, 4)
    response = english(operator).get(f"/valutazioni/{assessment.pk}/")
    assert response.status_code == 200
    assert "Service-contract flat" in response.content.decode()
    entry = AccessLogEntry.objects.get(record_type="assessments.assessment")
    assert (entry.record_id, entry.username) == (str(assessment.pk), "operator")


def test_the_history_shows_the_trajectory_and_logs_the_read(operator, household, instrument):
    record(operator, household, instrument, 2, 2, assessed_on=datetime.date(2025, 6, 1))
    record(operator, household, instrument, 4, 3, assessed_on=datetime.date(2025, 12, 1))
    response = client_for(operator).get(f"/valutazioni/nuclei/{household.pk}/")
    assert response.status_code == 200
    spec = json.loads(re.search(r'id="trajectory-spec"[^>]*>(.*?)</script>', response.content.decode()).group(1))
    assert [layer["mark"]["type"] for layer in spec["layer"]][-4:] == ["rule", "point", "circle", "circle"]
    assert AccessLogEntry.objects.filter(record_type="registry.household", record_id=str(household.pk)).exists()


def _plane_spec(response):
    return json.loads(re.search(r'id="plane-spec"[^>]*>(.*?)</script>', response.content.decode()).group(1))


def _latest_layer(spec):
    return next(layer for layer in spec["layer"] if "href" in layer.get("encoding", {}))


def test_the_plane_shows_each_household_at_its_latest_assessment_linked_to_it(operator, household, instrument):
    record(operator, household, instrument, 2, 2, assessed_on=datetime.date(2025, 6, 1))
    record(operator, household, instrument, 4, 4, assessed_on=datetime.date(2025, 12, 1))
    other = make_household(operator, name="Famiglia Blu")
    record(operator, other, instrument, 1, 5)
    response = english(operator).get("/valutazioni/")
    assert response.status_code == 200
    latest = _latest_layer(_plane_spec(response))
    points = {point["i"]: (point["x"], point["y"], point["p"]) for point in latest["data"]["values"]}
    assert points == {household.pk: (75.0, 75.0, "market_orientation"), other.pk: (0.0, 100.0, "service_contract")}
    link = next(step["calculate"] for step in latest["transform"] if step.get("as") == "url")
    before, after = household_url(0).split("/0/")
    assert link == f'"{before}/" + datum.i + "/{after}"'
    assert "Famiglia" not in response.content.decode().split('id="plane-spec"')[1]  # pseudonymous points


def test_the_plane_filters_by_pathway_and_date(operator, household, instrument):
    record(operator, household, instrument, 2, 2, assessed_on=datetime.date(2025, 6, 1))
    record(operator, household, instrument, 4, 4, assessed_on=datetime.date(2025, 12, 1))
    client = client_for(operator)
    by_pathway = _plane_spec(client.get("/valutazioni/", {"pathway": "reception_house"}))
    assert _latest_layer(by_pathway)["data"]["values"] == []
    by_date = _plane_spec(client.get("/valutazioni/", {"date_to": "2025-07-01"}))
    assert [(p["x"], p["y"]) for p in _latest_layer(by_date)["data"]["values"]] == [(25.0, 25.0)]


def test_the_plane_refuses_a_malformed_filter(operator):
    assert client_for(operator).get("/valutazioni/", {"date_from": "ieri"}).status_code == 400


def test_the_plane_hides_other_organisations_households(operator, other_org_operator, household, instrument):
    record(operator, household, instrument, 3, 3)
    response = client_for(other_org_operator).get("/valutazioni/")
    assert _latest_layer(_plane_spec(response))["data"]["values"] == []


def test_the_plane_points_are_read_in_one_query_and_paths_in_one_more(operator, instrument, world):
    for n in range(5):
        h = make_household(operator, name=f"F{n}")
        record(operator, h, instrument, 2, 2, assessed_on=datetime.date(2025, 1, 1))
        record(operator, h, instrument, 3, 4, assessed_on=datetime.date(2025, 7, 1))

    membership = membership_of_user(operator)
    with CaptureQueriesContext(connection) as queries:
        data = plane_households(actor=membership)
    assert len(data.households) == 5
    assert data.with_paths
    assert len(queries) == 2  # the latest points, then their paths: never one query per household
    with CaptureQueriesContext(connection) as queries:
        data = plane_households(actor=membership, trajectory_limit=4)
    assert (len(data.households), data.with_paths, len(queries)) == (5, False, 1)
    assert all(len(entry.steps) == 1 for entry in data.households)


def test_the_plane_svg_contains_the_points(operator, household, instrument):
    record(operator, household, instrument, 4, 4)
    response = english(operator).get("/valutazioni/piano.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.startswith("<svg")
    assert f'aria-label="Household {household.pk}"' in svg
    assert f'xlink:href="http://testserver{household_url(household.pk)}"' in svg


@pytest.mark.parametrize("role_fixture", ["facilitator", "reviewer", "auditor"])
def test_roles_without_casework_cannot_see_the_plane(request, role_fixture):
    user = request.getfixturevalue(role_fixture)
    assert client_for(user).get("/valutazioni/").status_code == 403
    assert client_for(user).get("/valutazioni/piano.svg").status_code == 403


def test_the_work_list_shows_due_reassessments_and_pathway_changes(operator, household, instrument):
    today = timezone.localdate()
    record(operator, household, instrument, 2, 2, assessed_on=today - datetime.timedelta(days=200))
    record(
        operator,
        household,
        instrument,
        4,
        4,
        assessed_on=today - datetime.timedelta(days=10),
        next_due_on=today + datetime.timedelta(days=20),
    )
    text = english(operator).get("/lavoro/").content.decode()
    assert "Re-assess Famiglia Verdi" in text
    assert "Propose a pathway change to Famiglia Verdi" in text


def test_instruments_for_administrators(administrator, instrument):
    client = english(administrator)
    listing = client.get("/valutazioni/strumenti/")
    assert listing.status_code == 200
    assert "Capacità di abitare" in listing.content.decode()
    detail = client.get(f"/valutazioni/strumenti/{instrument.pk}/")
    assert "Livello ISEE" in detail.content.decode()
    assert "New version for a territory" in detail.content.decode()


def test_an_administrator_creates_and_activates_a_version_from_the_pages(administrator, instrument, world):
    client = client_for(administrator)
    data = {"territory": world.municipality.pk, "valid_from": "2026-02-01"}
    data.update({f"weight_{code}": "1" for code in codes(instrument)})
    data["weight_isee"] = "2.5"
    response = client.post(f"/valutazioni/strumenti/{instrument.pk}/nuova-versione/", data)
    draft = Instrument.objects.get(version=2)
    assert response.status_code == 302
    assert draft.domains.get(code="isee").weight == 2.5
    client.post(f"/valutazioni/strumenti/{draft.pk}/attiva/")
    draft.refresh_from_db()
    assert draft.status == "active"


def test_an_operator_cannot_create_a_version(operator, instrument, world):
    response = client_for(operator).post(
        f"/valutazioni/strumenti/{instrument.pk}/nuova-versione/", {"territory": world.district.pk}
    )
    assert response.status_code == 403
    assert Instrument.objects.count() == 1
