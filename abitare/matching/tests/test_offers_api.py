"""The API of offers and allocations: every action, the error body on bad input (never a 500),
and access by role and organisation."""

import datetime

import pytest

from abitare.housing.models import Unit
from abitare.matching.models import Allocation, Offer, Proposal
from abitare.matching.tests.offers_support import approved, build_case, load_refusal_rule, proposal_of, run_round
from conftest import client_for

JSON = "application/json"


@pytest.fixture
def case(world, operator):
    return build_case(operator, world)


@pytest.fixture
def done(case, operator):
    return run_round(operator)


@pytest.fixture
def lombardia(world, administrator):
    return load_refusal_rule(administrator, world.district)


def _reply_by():
    return (datetime.date.today() + datetime.timedelta(days=10)).isoformat()


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type=JSON)


def _error(response, status):
    assert response.status_code == status, response.content
    body = response.json()["error"]
    assert body["code"]
    assert body["message"]
    return body


def test_send_accept_and_read_through_the_api(case, done, operator):
    api = client_for(operator)
    proposal = approved(operator, done, case.applications["first"])
    sent = _post(api, f"/api/v1/proposals/{proposal.pk}/offer/", {"reply_by": _reply_by(), "note": "Via PEC"})
    assert sent.status_code == 201
    offer = sent.json()
    assert (offer["status"], offer["unit"], offer["allocation"], offer["consequence"]) == (
        "sent",
        proposal.unit_id,
        None,
        None,
    )
    accepted = _post(api, f"/api/v1/offers/{offer['id']}/accept/", {"starts_on": "2026-12-01"})
    assert accepted.status_code == 201
    allocation = accepted.json()
    assert (allocation["offer"], allocation["unit"], allocation["starts_on"], allocation["ended_on"]) == (
        offer["id"],
        proposal.unit_id,
        "2026-12-01",
        None,
    )
    assert api.get(f"/api/v1/offers/{offer['id']}/").json()["allocation"] == allocation["id"]
    assert [a["id"] for a in api.get("/api/v1/allocations/").json()["results"]] == [allocation["id"]]
    assert api.get(f"/api/v1/allocations/{allocation['id']}/").json()["household"] == proposal.application.household_id
    assert [o["id"] for o in api.get("/api/v1/offers/?status=accepted").json()["results"]] == [offer["id"]]
    assert api.get("/api/v1/offers/?status=sent").json()["results"] == []
    assert Unit.objects.get(pk=proposal.unit_id).state == Unit.State.OCCUPIED


def test_refuse_and_withdraw_through_the_api(case, done, operator, lombardia):
    api = client_for(operator)
    first = _post(
        api,
        f"/api/v1/proposals/{approved(operator, done, case.applications['third']).pk}/offer/",
        {"reply_by": _reply_by()},
    ).json()
    refused = _post(api, f"/api/v1/offers/{first['id']}/refuse/", {"reason": "quartiere-non-gradito"})
    assert refused.status_code == 200
    body = refused.json()
    assert (body["status"], body["refusal_reason"], body["refusal_justified"]) == (
        "refused",
        "quartiere-non-gradito",
        False,
    )
    assert (body["consequence"]["kind"], body["consequence"]["rule"]) == ("exclusion", lombardia.pk)
    second = _post(
        api,
        f"/api/v1/proposals/{approved(operator, done, case.applications['step_free']).pk}/offer/",
        {"reply_by": _reply_by()},
    ).json()
    withdrawn = _post(api, f"/api/v1/offers/{second['id']}/withdraw/", {"note": "Alloggio da riparare"})
    assert withdrawn.json()["status"] == "withdrawn"
    rule = api.get("/api/v1/refusal-rule/").json()
    assert (rule["id"], rule["consequence"], rule["confidence"]) == (lombardia.pk, "exclusion", "M")
    assert {r["code"] for r in rule["reasons"]} >= {"salute-documentata", "quartiere-non-gradito"}


def test_pick_another_household_through_the_api(case, done, operator):
    api = client_for(operator)
    proposal = proposal_of(done, case.applications["third"])
    infeasible = _post(
        api,
        f"/api/v1/proposals/{proposal.pk}/replace/",
        {"application": case.applications["crowded"].pk, "reason": "x"},
    )
    assert _error(infeasible, 400)["fields"]["application"]
    unknown = _post(api, f"/api/v1/proposals/{proposal.pk}/replace/", {"application": 999999, "reason": "x"})
    assert _error(unknown, 400)["fields"]["application"]
    chosen = _post(
        api, f"/api/v1/proposals/{proposal.pk}/replace/", {"application": case.applications["last"].pk, "reason": "x"}
    )
    assert chosen.status_code == 201
    assert (chosen.json()["status"], chosen.json()["application"]) == ("approved", case.applications["last"].pk)


@pytest.mark.parametrize(
    "payload",
    [{}, {"reply_by": "domani"}, {"reply_by": None}, {"reply_by": "2020-01-01"}, {"reply_by": _reply_by(), "note": 5}],
)
def test_bad_input_to_send_is_a_400_with_the_error_body_and_changes_nothing(case, done, operator, payload):
    proposal = approved(operator, done, case.applications["third"])
    response = _post(client_for(operator), f"/api/v1/proposals/{proposal.pk}/offer/", payload)
    if payload.get("note") == 5:  # a number is accepted as the text "5"
        assert response.status_code == 201
        return
    _error(response, 400)
    assert Offer.objects.count() == 0
    assert Unit.objects.get(pk=proposal.unit_id).state == Unit.State.AVAILABLE


def test_conflicts_are_a_409_with_the_reason(case, done, operator):
    api = client_for(operator)
    not_approved = proposal_of(done, case.applications["third"])
    _error(_post(api, f"/api/v1/proposals/{not_approved.pk}/offer/", {"reply_by": _reply_by()}), 409)
    proposal = approved(operator, done, case.applications["step_free"])
    Unit.objects.filter(pk=proposal.unit_id).update(monthly_rent=999)
    changed = _error(_post(api, f"/api/v1/proposals/{proposal.pk}/offer/", {"reply_by": _reply_by()}), 409)
    assert "unit" in changed["fields"]
    assert Offer.objects.count() == 0


def test_bad_answers_are_4xx_and_change_nothing(case, done, operator, lombardia):
    api = client_for(operator)
    proposal = approved(operator, done, case.applications["third"])
    offer = _post(api, f"/api/v1/proposals/{proposal.pk}/offer/", {"reply_by": _reply_by()}).json()
    url = f"/api/v1/offers/{offer['id']}"
    _error(_post(api, f"{url}/refuse/", {}), 400)
    _error(_post(api, f"{url}/refuse/", {"reason": "capriccio"}), 400)
    _error(_post(api, f"{url}/refuse/", {"reason": "lavoro-cura"}), 400)
    _error(_post(api, f"{url}/refuse/", {"reason": "salute-documentata", "justified": "forse"}), 400)
    _error(_post(api, f"{url}/withdraw/", {}), 400)
    _error(_post(api, f"{url}/accept/", {"starts_on": "primo dicembre"}), 400)
    assert api.post(f"{url}/refuse/", "{not json", content_type=JSON).status_code == 400
    assert Offer.objects.get().status == Offer.Status.SENT
    assert Unit.objects.get(pk=proposal.unit_id).state == Unit.State.OFFERED
    assert _post(api, f"{url}/accept/").status_code == 201
    _error(_post(api, f"{url}/accept/"), 409)
    _error(_post(api, f"{url}/withdraw/", {"note": "tardi"}), 409)
    assert api.get("/api/v1/offers/999999/").status_code == 404
    assert _post(api, "/api/v1/offers/999999/accept/").status_code == 404


def test_api_access_anonymous_wrong_role_other_organisation(
    case, done, operator, facilitator, administrator, other_org_operator, client
):
    proposal = approved(operator, done, case.applications["third"])
    offer = _post(client_for(operator), f"/api/v1/proposals/{proposal.pk}/offer/", {"reply_by": _reply_by()}).json()
    reads = ["/api/v1/offers/", f"/api/v1/offers/{offer['id']}/", "/api/v1/allocations/"]
    writes = {
        f"/api/v1/offers/{offer['id']}/accept/": {},
        f"/api/v1/offers/{offer['id']}/withdraw/": {"note": "x"},
        f"/api/v1/proposals/{proposal.pk}/offer/": {"reply_by": _reply_by()},
        f"/api/v1/proposals/{proposal.pk}/replace/": {"application": case.applications["last"].pk, "reason": "x"},
    }
    for url in reads:
        assert client.get(url).status_code in {401, 403}
        assert client_for(facilitator).get(url).status_code == 403
        assert client_for(administrator).get(url).status_code == 200
    for url, data in writes.items():
        assert _post(client, url, data).status_code in {401, 403}
        assert _post(client_for(facilitator), url, data).status_code == 403
        assert _post(client_for(administrator), url, data).status_code == 403
        assert _post(client_for(other_org_operator), url, data).status_code == 404
    other = client_for(other_org_operator)
    assert other.get("/api/v1/offers/").json()["results"] == []
    assert other.get(f"/api/v1/offers/{offer['id']}/").status_code == 404
    assert other.get("/api/v1/refusal-rule/").status_code == 404
    assert Offer.objects.get().status == Offer.Status.SENT
    assert Allocation.objects.count() == 0
    assert Proposal.objects.filter(replaces__isnull=False).count() == 0
