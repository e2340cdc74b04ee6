"""Matching's dashboard figures: applications by verdict, offers waiting for an answer by their
deadline, territories without eligibility rules, within the scope."""

import datetime
from decimal import Decimal

from django.utils import timezone

from abitare.core.figures import Trend
from abitare.matching import services
from abitare.matching.models import Application, Offer
from abitare.matching.selectors import figures as selectors
from abitare.matching.tests.conftest import load_ruleset
from abitare.matching.tests.offers_support import approved, build_case, reply_by, run_round
from abitare.registry.tests.factories import actor_of, make_household


def test_applications_are_counted_by_verdict_within_the_scope(world, operator, other_org_operator, coordinator):
    case = build_case(operator, world)
    Application.objects.filter(pk=case.applications["last"].pk).update(status=Application.Status.NOT_ELIGIBLE)
    elsewhere = make_household(other_org_operator, name="Famiglia Altrove")
    Application.objects.create(
        household=elsewhere,
        organisation=world.other_organisation,
        territory=world.other_district,
        pathway="agreed_rent",
        submitted_on=datetime.date(2026, 6, 1),
        occupants=1,
        monthly_income=Decimal(1500),
        created_by=other_org_operator,
    )
    counts, trend = selectors.applications_by_verdict(actor=actor_of(operator), today=datetime.date(2026, 1, 15))
    assert counts == {
        "submitted": 0,
        "eligible": 5,
        "not_eligible": 1,
        "housed": 0,
        "withdrawn": 0,
        "excluded": 0,
    }
    assert trend == Trend(6, 0)
    assert selectors.applications_live_by_territory(actor=actor_of(coordinator)) == (("Quartiere Uno", 5),)


def test_offers_waiting_are_split_by_their_reply_by_date(world, operator, other_org_operator):
    case = build_case(operator, world)
    done = run_round(operator)
    first = services.offer_send(
        actor=actor_of(operator), proposal=approved(operator, done, case.applications["first"]), reply_by=reply_by()
    )
    services.offer_send(
        actor=actor_of(operator), proposal=approved(operator, done, case.applications["third"]), reply_by=reply_by()
    )
    today = timezone.localdate()
    Offer.objects.filter(pk=first.pk).update(reply_by=today - datetime.timedelta(days=2))

    waiting = selectors.offers_waiting(actor=actor_of(operator), today=today)
    assert (waiting.overdue, waiting.due_soon, waiting.later) == (1, 0, 1)
    assert waiting.total == 2
    assert waiting.next_deadline == reply_by()
    assert waiting.trend == Trend(2, 0)
    assert selectors.offers_waiting(actor=actor_of(other_org_operator), today=today).total == 0


def test_territories_without_eligibility_rules_are_named(world, administrator):
    today = datetime.date(2026, 6, 30)
    actor = actor_of(administrator)
    assert selectors.territories_without_rules(actor=actor, today=today) == [
        "Comune Alfa",
        "Distretto Nord",
        "Quartiere Uno",
    ]
    load_ruleset("lombardia-sap-eligibility.json", world.district, actor)
    assert selectors.territories_without_rules(actor=actor, today=today) == []
