from io import StringIO

from django.core.management import call_command

from abitare.accounts.models import Membership, Organisation, Role, Territory, User


def _counts():
    return (Territory.objects.count(), Organisation.objects.count(), User.objects.count(), Membership.objects.count())


def test_demo_loads_the_seed_territories_and_one_user_per_role(db):
    out = StringIO()
    call_command("demo", stdout=out)
    names = set(Territory.objects.values_list("name", flat=True))
    assert {"Lucca", "San Vito", "San Concordio-Pontetetto", "Rho", "Pavia", "Rozzano"} <= names
    assert Territory.objects.get(name="Lucca").istat_code == "046017"
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert "Abitare.demo.2026" in out.getvalue()
    assert "amministratore" in out.getvalue()


def test_demo_is_idempotent(db):
    call_command("demo", stdout=StringIO())
    first = _counts()
    call_command("demo", stdout=StringIO())
    assert _counts() == first


def test_demo_if_empty_leaves_a_populated_database_alone(db):
    call_command("demo", stdout=StringIO())
    User.objects.filter(username="operatore").update(first_name="Changed")
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "not loaded" in out.getvalue()
    assert User.objects.get(username="operatore").first_name == "Changed"


def test_demo_people_are_synthetic_and_can_sign_in(db, client):
    call_command("demo", stdout=StringIO())
    response = client.post("/accounts/login/", {"username": "operatore", "password": "Abitare.demo.2026"})
    assert response.status_code == 302
