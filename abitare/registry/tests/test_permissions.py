"""The registry's permission matrix: operators and coordinators keep people and households (the
sensitive records only with the sensitive-data flag; erasing a person is the coordinator's);
facilitators join them at the desk (consultations); the data protection officer (the auditor)
alone decides on withheld household records. Every other role, anonymous visitors and a user
working under another role while holding the right one are refused and change nothing; another
organisation does not find our records."""

import datetime

import pytest
from django.utils import timezone

from abitare.accounts.models import Role
from abitare.accounts.testing import acting, walk_case
from abitare.core.testing import INCOMPLETE, Case, route_names, rows_of
from abitare.registry.services import consent_record, consultation_record
from abitare.registry.services.releases import export_release_request, release_key
from abitare.registry.tests.factories import make_household, make_person

PEOPLE = frozenset({Role.OPERATOR, Role.COORDINATOR})
DESK = frozenset({Role.OPERATOR, Role.FACILITATOR, Role.COORDINATOR})
ERASURE = frozenset({Role.COORDINATOR})
OFFICER = frozenset({Role.AUDITOR})


def new_household(scene):
    return {"name": "Famiglia Nuova", "address": "Via Po 1", "territory": scene["territory"]}


def released(scene):
    return {"released": scene["release"].records, "reason": "Riguardano la persona"}


TABLE = [
    # People.
    Case("registry:person-list", PEOPLE),
    Case("registry:person-create", PEOPLE),
    Case("registry:person-create", PEOPLE, "post", body=INCOMPLETE, ok=400),
    Case("registry:person-detail", PEOPLE, at="person"),
    Case("registry:person-edit", PEOPLE, at="person"),
    Case("registry:person-edit", PEOPLE, "post", at="person", body=INCOMPLETE, ok=400),
    Case("registry:sensitive-add", PEOPLE, at="health-note", sensitive=True),
    Case("registry:sensitive-add", PEOPLE, "post", at="health-note", body={}, ok=400, sensitive=True),
    Case("registry:consent-add", PEOPLE, at="person"),
    Case("registry:consent-add", PEOPLE, "post", at="person", body={}, ok=400),
    Case("registry:consent-withdraw", PEOPLE, "post", at="consent", body={}, ok=302),
    Case("registry:person-export-json", PEOPLE, at="person"),
    Case("registry:person-export-pdf", PEOPLE, at="person"),
    Case("registry:person-erase", ERASURE, at="person"),
    Case("registry:person-erase", ERASURE, "post", at="person", body=INCOMPLETE, ok=400),
    Case("api:person-list", PEOPLE),
    Case("api:person-list", PEOPLE, "post", body={}, ok=400),
    Case("api:person-detail", PEOPLE, at="person"),
    Case("api:person-detail", PEOPLE, "patch", at="person", body={"phone": "0583 000000"}),
    # Households.
    Case("registry:household-list", PEOPLE),
    Case("registry:household-create", PEOPLE),
    Case("registry:household-create", PEOPLE, "post", body=new_household, ok=302, elsewhere=400),
    Case("registry:household-detail", PEOPLE, at="household"),
    Case("registry:member-add", PEOPLE, "post", at="household", body={}, ok=302),
    Case("registry:member-end", PEOPLE, "post", at="member", body={}, ok=302),
    Case("registry:isee-add", PEOPLE, at="household"),
    Case("registry:isee-add", PEOPLE, "post", at="household", body={}, ok=400),
    Case("registry:people-import", PEOPLE),
    Case("registry:people-import", PEOPLE, "post", body=INCOMPLETE, ok=400),
    Case("registry:people-import-template", PEOPLE),
    Case("api:household-list", PEOPLE),
    Case("api:household-list", PEOPLE, "post", body=new_household, ok=201, elsewhere=400),
    Case("api:household-detail", PEOPLE, at="household"),
    Case("api:household-member-add", PEOPLE, "post", at="household", body={}, ok=400),
    Case("api:household-isee-add", PEOPLE, "post", at="household", body={}, ok=400),
    # The desk.
    Case("registry:consultation-list", DESK),
    Case("registry:consultation-create", DESK),
    Case("registry:consultation-create", DESK, "post", body={}, ok=400),
    Case("registry:consultation-detail", DESK, at="consultation"),
    Case("registry:consultation-follow-up-done", DESK, "post", at="consultation", body={}, ok=302),
    Case("api:consultation-list", DESK),
    Case("api:consultation-list", DESK, "post", body={}, ok=400),
    Case("api:consultation-detail", DESK, at="consultation"),
    # The data protection officer's releases.
    Case("registry:export-release-list", OFFICER),
    Case("registry:export-release-detail", OFFICER, at="release"),
    Case("registry:export-release-detail", OFFICER, "post", at="release", body=released, ok=302),
]


@pytest.fixture(scope="module")
def scene(cast, django_db_blocker):
    with django_db_blocker.unblock():
        operator = cast.members[Role.OPERATOR]
        actor = acting(operator)
        person = make_person(operator)
        household = make_household(operator, person, make_person(operator, n=2), name="Famiglia Matrice")
        consent = consent_record(
            actor=actor, person=person, purpose="service", notice_version="2026-01", given_on=datetime.date(2026, 1, 5)
        )
        consultation = consultation_record(
            actor=actor,
            territory=actor.territory,
            topic="housing_search",
            person=person,
            follow_up_on=timezone.localdate() + datetime.timedelta(days=7),
        )
        release = export_release_request(actor=actor, person=person, keys=[release_key(household, "name")])
        return {
            "territory": actor.territory_id,
            "person": person,
            "health-note": (person.pk, "healthnote"),
            "household": household,
            "member": household.memberships.order_by("pk").last(),
            "consent": consent,
            "consultation": consultation,
            "release": release,
        }


def test_the_table_lists_every_route_of_the_module():
    names = route_names("abitare.registry.urls", "registry") | route_names("abitare.registry.api.urls", "api")
    assert {case.name for case in TABLE} == names


@pytest.mark.parametrize("case", TABLE, ids=str)
def test_the_registry_matrix(cast, scene, case, db):
    walk_case(cast, case, scene, rows_of("registry"))
