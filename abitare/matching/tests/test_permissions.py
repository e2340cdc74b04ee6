"""The allocation's permission matrix: applications, rounds, proposals and offers are casework
(operators and coordinators); rounds, offers, allocations and the rules are read by administrators
too, who alone keep the rule sets and the sharing agreements between agencies. Every other role,
anonymous visitors and a user working under another role while holding the right one are refused
and change nothing; another organisation does not find our applications, rounds and offers (the
partner of a sharing agreement does find the agreement)."""

import datetime

import pytest

from abitare.accounts.models import Role
from abitare.accounts.testing import acting, walk_case
from abitare.core.testing import INCOMPLETE, Case, route_names, rows_of
from abitare.matching import services
from abitare.matching.tests.conftest import load_ruleset
from abitare.matching.tests.offers_support import (
    approved,
    build_case,
    load_refusal_rule,
    proposal_of,
    reply_by,
    run_round,
)

CASEWORK = frozenset({Role.OPERATOR, Role.COORDINATOR})
READ = frozenset({Role.OPERATOR, Role.COORDINATOR, Role.ADMINISTRATOR})
ADMINISTRATION = frozenset({Role.ADMINISTRATOR})


def new_application(scene):
    return {"household": scene["household"].pk, "pathway": "service_contract", "occupants": 2, "monthly_income": "1500"}


TABLE = [
    # Applications.
    Case("matching:application-list", CASEWORK),
    Case("matching:application-detail", CASEWORK, at="application"),
    Case("matching:application-create", CASEWORK, at="household"),
    Case("matching:application-create", CASEWORK, "post", at="household", body=INCOMPLETE, ok=400),
    Case("matching:application-reevaluate", CASEWORK, "post", at="application", body={}, ok=302),
    Case("api:application-list", CASEWORK),
    Case("api:application-list", CASEWORK, "post", body=new_application, ok=201, elsewhere=400),
    Case("api:application-detail", CASEWORK, at="application"),
    # Rules: read by casework, kept by the administrator.
    Case("matching:ruleset-list", READ),
    Case("matching:ruleset-detail", ADMINISTRATION, at="ruleset"),
    Case("matching:ruleset-detail", ADMINISTRATION, "post", at="ruleset", body=INCOMPLETE, ok=400),
    Case("api:ruleset-list", READ),
    Case("api:refusal-rule", READ, elsewhere=404),  # no rule in force in their territory
    # Rounds and proposals.
    Case("matching:round-list", READ),
    Case("matching:round-start", CASEWORK, "post", body={}, ok=302),
    Case("matching:round-detail", READ, at="round"),
    Case("matching:proposal-detail", READ, at="proposal"),
    Case("matching:proposal-review", CASEWORK, "post", at="proposal", body={}, ok=400),
    Case("matching:proposal-send-offer", CASEWORK, "post", at="approved", body={}, ok=400),
    Case("matching:proposal-replace", CASEWORK, "post", at="proposal", body={}, ok=400),
    Case("api:round-list", READ),
    Case("api:round-list", CASEWORK, "post", body={}, ok=202),
    Case("api:round-detail", READ, at="round"),
    Case("api:round-proposals", READ, at="round"),
    Case("api:proposal-detail", READ, at="proposal"),
    Case("api:proposal-approve", CASEWORK, "post", at="proposal", body={}),
    Case("api:proposal-reject", CASEWORK, "post", at="proposal", body={"reason": "Non più reperibile"}),
    Case("api:proposal-offer", CASEWORK, "post", at="approved", body={}, ok=400),
    Case("api:proposal-replace", CASEWORK, "post", at="proposal", body={}, ok=400),
    # Offers and allocations.
    Case("matching:offer-list", READ),
    Case("matching:offer-detail", READ, at="offer"),
    Case("matching:offer-accept", CASEWORK, "post", at="offer", body={}, ok=302),
    Case("matching:offer-refuse", CASEWORK, "post", at="offer", body={}, ok=400),
    Case("matching:offer-withdraw", CASEWORK, "post", at="offer", body={}, ok=400),
    Case("api:offer-list", READ),
    Case("api:offer-detail", READ, at="offer"),
    Case("api:offer-accept", CASEWORK, "post", at="offer", body={}, ok=201),
    Case("api:offer-refuse", CASEWORK, "post", at="offer", body={"reason": "other"}, ok=400),
    Case("api:offer-withdraw", CASEWORK, "post", at="offer", body={"note": "Errore nella data"}),
    Case("api:allocation-list", READ),
    Case("api:allocation-detail", READ, at="allocation"),
    # Sharing agreements: the administrators of the two agencies.
    Case("matching:agreement-list", ADMINISTRATION),
    Case("matching:agreement-list", ADMINISTRATION, "post", body=INCOMPLETE, ok=400),
    Case("matching:agreement-detail", ADMINISTRATION, at="agreement", elsewhere=200),
    Case("matching:agreement-confirm", ADMINISTRATION, "post", at="agreement", body={}, ok=302, elsewhere=302),
    Case("matching:agreement-end", ADMINISTRATION, "post", at="agreement", body={}, ok=400, elsewhere=400),
    Case("api:agreement-list", ADMINISTRATION),
    Case("api:agreement-list", ADMINISTRATION, "post", body={}, ok=400),
    Case("api:agreement-detail", ADMINISTRATION, at="agreement", elsewhere=200),
    # Only the partner's administrator confirms: the recording side is refused by the rule itself.
    Case("api:agreement-confirm", ADMINISTRATION, "post", at="agreement", body={}, ok=403, elsewhere=200),
    Case("api:agreement-end", ADMINISTRATION, "post", at="agreement", body={}, ok=400, elsewhere=400),
]


@pytest.fixture(scope="module")
def scene(cast, django_db_blocker):
    with django_db_blocker.unblock():
        operator, administrator = cast.members[Role.OPERATOR], cast.members[Role.ADMINISTRATOR]
        world = cast.world
        case = build_case(operator, world)
        load_refusal_rule(administrator, world.district)
        round = run_round(operator)
        actor = acting(operator)
        apps = case.applications
        accepted = services.offer_send(
            actor=actor, proposal=approved(operator, round, apps["step_free"]), reply_by=reply_by()
        )
        allocation = services.offer_accept(actor=actor, offer=accepted)
        offer = services.offer_send(actor=actor, proposal=approved(operator, round, apps["first"]), reply_by=reply_by())
        ready = approved(operator, round, apps["third"])
        # The first household's agreed-rent flat is offered: a new round proposes its service contract.
        later = run_round(operator)
        ruleset = load_ruleset("lombardia-sap-eligibility.json", world.district, administrator)
        agreement = services.agreement_record(
            actor=acting(administrator),
            title="Accordo Nord-Sud",
            partner=world.other_organisation,
            partner_territory=world.other_district,
            signed_on=datetime.date.today() - datetime.timedelta(days=30),
            valid_from=datetime.date.today() - datetime.timedelta(days=30),
            valid_to=None,
            act_reference="Delibera n. 12 del 2026",
        )
        return {
            "household": apps["last"].household,
            "application": apps["last"],
            "ruleset": ruleset,
            "round": round,
            "proposal": proposal_of(later, apps["first_service"]),
            "approved": ready,
            "offer": offer,
            "allocation": allocation,
            "agreement": agreement,
        }


def test_the_table_lists_every_route_of_the_module():
    names = route_names("abitare.matching.urls", "matching") | route_names("abitare.matching.api.urls", "api")
    assert {case.name for case in TABLE} == names


@pytest.mark.parametrize("case", TABLE, ids=str)
def test_the_allocation_matrix(cast, scene, case, db):
    walk_case(cast, case, scene, rows_of("matching", "housing"))
