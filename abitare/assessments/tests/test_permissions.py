"""The assessments' permission matrix: operators and coordinators assess households and settle
pathway-change proposals; the plane and the instruments are read by administrators too, who alone
draft and activate instrument versions. Every other role, anonymous visitors and a user working
under another role while holding one of those are refused and change nothing; another
organisation does not find our households, assessments and proposals."""

import datetime

import pytest

from abitare.accounts.models import Role
from abitare.accounts.testing import walk_case
from abitare.assessments.services import instrument_install_default
from abitare.assessments.tests.conftest import record, scores
from abitare.core.testing import Case, route_names, rows_of
from abitare.registry.tests.factories import make_household

CASEWORK = frozenset({Role.OPERATOR, Role.COORDINATOR})
READ = frozenset({Role.OPERATOR, Role.COORDINATOR, Role.ADMINISTRATOR})
ADMINISTRATION = frozenset({Role.ADMINISTRATOR})


def new_assessment(scene):
    return {"household": scene["household"].pk, "assessed_on": "2026-11-02", "scores": scene["scores"]}


TABLE = [
    Case("assessments:household-history", CASEWORK, at="household"),
    Case("assessments:assessment-create", CASEWORK, at="household"),
    Case("assessments:assessment-create", CASEWORK, "post", at="household", body={"assessed_on": "2026-11-02"}, ok=400),
    Case("assessments:assessment-detail", CASEWORK, at="assessment"),
    Case("assessments:proposal-settle", CASEWORK, "post", at="proposal", body={"status": "accepted"}, ok=302),
    Case("api:assessment-list", CASEWORK),
    Case("api:assessment-list", CASEWORK, "post", body=new_assessment, ok=201, elsewhere=400),
    Case("api:assessment-detail", CASEWORK, at="assessment"),
    # The plane and the instruments (shared by every organisation of the territory).
    Case("assessments:plane", READ),
    Case("assessments:plane-svg", READ),
    Case("api:assessment-plane", READ),
    Case("assessments:instrument-list", READ),
    Case("assessments:instrument-detail", READ, at="instrument", elsewhere=200),
    Case("api:assessment-instrument-list", READ),
    Case("api:assessment-instrument-detail", READ, at="instrument", elsewhere=200),
    Case("assessments:instrument-new-version", ADMINISTRATION, at="instrument", elsewhere=200),
    Case(
        "assessments:instrument-new-version",
        ADMINISTRATION,
        "post",
        at="instrument",
        body={"valid_from": "never"},
        ok=400,
        elsewhere=400,
    ),
    Case("assessments:instrument-activate", ADMINISTRATION, "post", at="instrument", body={}, ok=302, elsewhere=302),
]


@pytest.fixture(scope="module")
def scene(cast, django_db_blocker):
    with django_db_blocker.unblock():
        operator = cast.members[Role.OPERATOR]
        instrument = instrument_install_default()
        household = make_household(operator, name="Famiglia Verdi")
        record(operator, household, instrument, 2, 2, assessed_on=datetime.date(2025, 6, 1))
        assessment = record(operator, household, instrument, 4, 4, assessed_on=datetime.date(2025, 12, 1))
        return {
            "instrument": instrument,
            "household": household,
            "assessment": assessment,
            "proposal": assessment.proposal,
            "scores": scores(instrument, 3, 3),
        }


def test_the_table_lists_every_route_of_the_module():
    names = route_names("abitare.assessments.urls", "assessments") | route_names("abitare.assessments.api.urls", "api")
    assert {case.name for case in TABLE} == names


@pytest.mark.parametrize("case", TABLE, ids=str)
def test_the_assessments_matrix(cast, scene, case, db):
    walk_case(cast, case, scene, rows_of("assessments"))
