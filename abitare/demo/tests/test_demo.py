"""The demo command: seeds, one user per role, idempotent. The whole demo is loaded twice in one
test (about 10 s each), so the suite pays for it once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from abitare.accounts.models import Membership, Organisation, Role, Territory, User
from abitare.accounts.services import territory_create

# Loads the whole demo territory: run by make test and CI, skipped by make test-quick.
pytestmark = pytest.mark.slow


def _counts():
    return (Territory.objects.count(), Organisation.objects.count(), User.objects.count(), Membership.objects.count())


def test_demo_loads_the_seeds_once_and_its_users_can_sign_in(db):
    out = StringIO()
    call_command("demo", stdout=out)
    names = set(Territory.objects.values_list("name", flat=True))
    assert {"Lucca", "San Vito", "San Concordio-Pontetetto", "Rho", "Pavia", "Rozzano"} <= names
    assert Territory.objects.get(name="Lucca").istat_code == "046017"
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert "Abitare.demo.2026" in out.getvalue()
    assert "amministratore" in out.getvalue()
    first = _counts()

    call_command("demo", stdout=StringIO())
    assert _counts() == first

    response = Client().post("/accounts/login/", {"username": "operatore", "password": "Abitare.demo.2026"})
    assert response.status_code == 302


def test_demo_if_empty_leaves_a_populated_database_alone(db):
    territory_create(name="Ambito già in uso", kind=Territory.Kind.DISTRICT)
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "not loaded" in out.getvalue()
    assert Territory.objects.count() == 1
    assert not User.objects.exists()
