from abitare.housing.models import Unit, UnitStateChange
from conftest import client_for


def test_the_stock_page_shows_only_the_organisation_units_with_counts(operator, unit, other_unit):
    page = client_for(operator).get("/alloggi/").content.decode()
    assert "Case Alfa · 1A" in page
    assert "Case Beta" not in page


def test_the_stock_filters_by_state(operator, unit):
    client = client_for(operator)
    assert "Case Alfa · 1A" in client.get("/alloggi/?state=available").content.decode()
    assert "Case Alfa · 1A" not in client.get("/alloggi/?state=occupied").content.decode()


def test_another_organisation_cannot_open_or_move_a_unit(other_org_operator, unit):
    client = client_for(other_org_operator)
    assert client.get(f"/alloggi/{unit.pk}/").status_code == 404
    assert client.post(f"/alloggi/{unit.pk}/stato/", {"to_state": "offered"}).status_code == 404
    unit.refresh_from_db()
    assert unit.state == Unit.State.AVAILABLE


def test_a_facilitator_cannot_see_the_stock(facilitator, unit):
    assert client_for(facilitator).get("/alloggi/").status_code == 403


def test_an_administrator_sees_but_cannot_move_units(administrator, unit):
    client = client_for(administrator)
    assert client.get(f"/alloggi/{unit.pk}/").status_code == 200
    assert client.post(f"/alloggi/{unit.pk}/stato/", {"to_state": "offered"}).status_code == 403
    assert not UnitStateChange.objects.exists()


def test_an_operator_moves_a_unit_from_its_page(operator, unit):
    response = client_for(operator).post(f"/alloggi/{unit.pk}/stato/", {"to_state": "offered", "reason": "round 3"})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.state == Unit.State.OFFERED


def test_an_illegal_move_from_the_page_changes_nothing(operator, unit):
    client_for(operator).post(f"/alloggi/{unit.pk}/stato/", {"to_state": "vacating"})
    unit.refresh_from_db()
    assert unit.state == Unit.State.AVAILABLE


def test_the_vacancy_list(operator, unit):
    assert "Case Alfa · 1A" in client_for(operator).get("/alloggi/sfitti/").content.decode()


def test_api_lists_scoped_units_and_refuses_illegal_moves_with_409(operator, unit, other_unit):
    client = client_for(operator)
    ids = [row["id"] for row in client.get("/api/v1/units/").json()["results"]]
    assert ids == [unit.pk]
    assert client.get(f"/api/v1/units/{other_unit.pk}/").status_code == 404
    response = client.post(f"/api/v1/units/{unit.pk}/state/", {"to_state": "occupied"}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["error"]["fields"] == {"to_state": [response.json()["error"]["message"]]}
    bad = client.post(f"/api/v1/units/{unit.pk}/state/", {"to_state": "sold"}, content_type="application/json")
    assert bad.status_code == 400
    assert "to_state" in bad.json()["error"]["fields"]
    ok = client.post(f"/api/v1/units/{unit.pk}/state/", {"to_state": "offered"}, content_type="application/json")
    assert ok.json()["state"] == "offered"
