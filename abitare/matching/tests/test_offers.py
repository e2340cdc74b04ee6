"""Offers, acceptance, refusal with the territory's rule, withdrawal, allocations, picking another
household, and the pages (docs/modules/matching.md, issue 4 item 6)."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from abitare.accounts.testing import acting
from abitare.assessments.models import Domain
from abitare.assessments.services import assessment_record, instrument_install_default
from abitare.core.exceptions import Conflict, DomainError, NotAllowed
from abitare.housing import services as housing
from abitare.housing.models import Unit, UnitStateChange
from abitare.matching import engine, services, snapshot
from abitare.matching.models import Allocation, Application, Offer, Proposal, RefusalRule
from abitare.matching.tests.offers_support import (
    approved,
    build_case,
    load_refusal_rule,
    proposal_of,
    reply_by,
    run_round,
)
from abitare.registry.tests.factories import actor_of
from conftest import client_for

WORKLIST = "/lavoro/"


@pytest.fixture
def case(world, operator):
    return build_case(operator, world)


@pytest.fixture
def done(case, operator):
    return run_round(operator)


@pytest.fixture
def lombardia(world, administrator):
    return load_refusal_rule(administrator, world.district)


def _send(operator, done, application, **kwargs):
    proposal = approved(operator, done, application)
    return services.offer_send(actor=actor_of(operator), proposal=proposal, reply_by=reply_by(), **kwargs)


def _state(unit):
    unit.refresh_from_db()
    return unit.state


def test_the_round_proposes_what_the_case_expects(case, done):
    proposed = {p.unit_id: p.application_id for p in done.proposals.all()}
    apps, units = case.applications, case.units
    assert proposed[units["small"].pk] == apps["step_free"].pk
    assert {proposed[units["large_a"].pk], proposed[units["large_b"].pk]} == {apps["first"].pk, apps["third"].pk}
    # One home per household: the first household's service-contract application gets nothing.
    assert units["service"].pk not in proposed


def _second_round_for_the_service(case, operator):
    """After the first household's agreed-rent offer, a new round proposes its service-contract
    application the service unit (its agreed-rent flat is offered, no longer available)."""
    later = run_round(operator)
    proposal = proposal_of(later, case.applications["first_service"])
    assert proposal.unit_id == case.units["service"].pk
    return later


# Sending ------------------------------------------------------------------------------------------


def test_sending_an_offer_moves_the_unit_to_offered_and_records_who(case, done, operator):
    offer = _send(operator, done, case.applications["step_free"], note="Telefonato")
    assert (offer.status, offer.sent_by, offer.note) == (Offer.Status.SENT, operator, "Telefonato")
    assert offer.unit == case.units["small"]
    assert (offer.organisation, offer.household_id) == (
        case.applications["step_free"].organisation,
        case.applications["step_free"].household_id,
    )
    assert _state(case.units["small"]) == Unit.State.OFFERED
    change = UnitStateChange.objects.filter(unit=case.units["small"]).order_by("-id").first()
    assert (change.from_state, change.to_state, change.changed_by) == ("available", "offered", operator)


def test_only_an_approved_proposal_is_offered(case, done, operator):
    proposal = proposal_of(done, case.applications["third"])
    with pytest.raises(Conflict):
        services.offer_send(actor=actor_of(operator), proposal=proposal, reply_by=reply_by())
    services.proposal_reject(actor=actor_of(operator), proposal=proposal, reason="Non più reperibile")
    with pytest.raises(Conflict):
        services.offer_send(actor=actor_of(operator), proposal=proposal, reply_by=reply_by())
    assert Offer.objects.count() == 0
    assert _state(proposal.unit) == Unit.State.AVAILABLE


def test_a_reply_by_date_in_the_past_is_refused(case, done, operator):
    proposal = approved(operator, done, case.applications["third"])
    with pytest.raises(DomainError) as refused:
        services.offer_send(
            actor=actor_of(operator), proposal=proposal, reply_by=datetime.date.today() - datetime.timedelta(days=1)
        )
    assert refused.value.field == "reply_by"
    assert Offer.objects.count() == 0


def test_an_offer_on_a_unit_whose_state_changed_since_the_round_is_refused_with_the_reason(case, done, operator):
    proposal = approved(operator, done, case.applications["step_free"])
    housing.unit_change_state(actor=acting(operator), unit=case.units["small"], to_state=Unit.State.TO_RENOVATE)
    with pytest.raises(Conflict) as refused:
        services.offer_send(actor=actor_of(operator), proposal=proposal, reply_by=reply_by())
    assert str(Unit.State.TO_RENOVATE.label) in str(refused.value.message)
    assert Offer.objects.count() == 0
    assert _state(case.units["small"]) == Unit.State.TO_RENOVATE


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("monthly_rent", Decimal(450), "rent and charges"),
        ("usable_m2", Decimal(28), "usable area"),
        ("step_free", False, "step-free access"),
        ("earmarked_pathway", "service_contract", "earmarked pathway"),
    ],
)
def test_an_offer_on_a_unit_that_changed_since_the_round_is_refused(case, done, operator, field, value, label):
    proposal = approved(operator, done, case.applications["step_free"])
    Unit.objects.filter(pk=case.units["small"].pk).update(**{field: value})
    with pytest.raises(Conflict) as refused:
        services.offer_send(actor=actor_of(operator), proposal=proposal, reply_by=reply_by())
    assert gettext(label) in str(refused.value.message)
    assert Offer.objects.count() == 0
    assert _state(case.units["small"]) == Unit.State.AVAILABLE


def test_an_offer_on_an_application_no_longer_eligible_is_refused(case, done, operator):
    proposal = approved(operator, done, case.applications["third"])
    services.application_withdraw(actor=actor_of(operator), application=case.applications["third"])
    with pytest.raises(Conflict):
        services.offer_send(actor=actor_of(operator), proposal=proposal, reply_by=reply_by())
    assert Offer.objects.count() == 0
    assert _state(proposal.unit) == Unit.State.AVAILABLE


def test_a_proposal_is_offered_once_and_again_only_after_a_withdrawal(case, done, operator):
    offer = _send(operator, done, case.applications["third"])
    proposal = offer.proposal
    with pytest.raises(Conflict):
        services.offer_send(actor=actor_of(operator), proposal=proposal, reply_by=reply_by())
    services.offer_withdraw(actor=actor_of(operator), offer=offer, note="Errore nella data")
    assert _state(offer.unit) == Unit.State.AVAILABLE
    again = services.offer_send(actor=actor_of(operator), proposal=proposal, reply_by=reply_by())
    assert again.status == Offer.Status.SENT
    assert _state(offer.unit) == Unit.State.OFFERED


def test_two_rounds_cannot_offer_the_same_unit_twice(case, operator, world):
    first_round = run_round(operator)
    second_round = run_round(operator)
    unit = case.units["small"]
    mine = approved(operator, first_round, case.applications["step_free"])
    theirs = services.proposal_replace(
        actor=actor_of(operator),
        proposal=second_round.proposals.get(unit=unit),
        application=case.applications["last"],
        reason="Scelta dell'operatore",
    )
    services.offer_send(actor=actor_of(operator), proposal=mine, reply_by=reply_by())
    with pytest.raises(Conflict):
        services.offer_send(actor=actor_of(operator), proposal=theirs, reply_by=reply_by())
    assert Offer.objects.filter(unit=unit).count() == 1


def test_the_database_refuses_a_second_live_offer_for_a_unit_or_an_application(case, done, operator):
    offer = _send(operator, done, case.applications["third"])
    fields = {
        "proposal": offer.proposal,
        "round": offer.round,
        "organisation": offer.organisation,
        "territory": offer.territory,
        "sent_by": operator,
        "sent_at": offer.sent_at,
        "reply_by": offer.reply_by,
    }
    other = case.applications["last"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.create(application=other, household_id=other.household_id, unit=offer.unit, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.create(
            application=offer.application, household_id=offer.household_id, unit=case.units["small"], **fields
        )
    assert Offer.objects.count() == 1


def test_the_database_refuses_a_second_open_allocation_for_a_unit_or_a_household(case, done, operator):
    allocation = services.offer_accept(
        actor=actor_of(operator), offer=_send(operator, done, case.applications["third"])
    )
    second = _send(operator, done, case.applications["step_free"])
    fields = {"organisation": allocation.organisation, "territory": allocation.territory, "created_by": operator}
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(
            offer=second,
            application=second.application,
            household_id=second.household_id,
            unit=allocation.unit,
            starts_on=datetime.date.today(),
            **fields,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(
            offer=second,
            application=second.application,
            household_id=allocation.household_id,
            unit=second.unit,
            starts_on=datetime.date.today(),
            **fields,
        )
    # A closed allocation frees the unit for the next one.
    Allocation.objects.filter(pk=allocation.pk).update(ended_on=datetime.date.today())
    Allocation.objects.create(
        offer=second,
        application=second.application,
        household_id=second.household_id,
        unit=allocation.unit,
        starts_on=datetime.date.today(),
        **fields,
    )


# Acceptance ---------------------------------------------------------------------------------------


def test_acceptance_creates_the_allocation_and_withdraws_the_households_other_offers(case, done, operator):
    offer = _send(operator, done, case.applications["first"])
    later = _second_round_for_the_service(case, operator)
    other = _send(operator, later, case.applications["first_service"])
    assert _state(case.units["service"]) == Unit.State.OFFERED
    starts = datetime.date.today() + datetime.timedelta(days=10)
    allocation = services.offer_accept(actor=actor_of(operator), offer=offer, starts_on=starts)
    assert (allocation.household_id, allocation.unit_id, allocation.starts_on) == (
        offer.household_id,
        offer.unit_id,
        starts,
    )
    assert (allocation.organisation_id, allocation.territory_id, allocation.created_by) == (
        offer.organisation_id,
        offer.territory_id,
        operator,
    )
    assert allocation.ended_on is None
    offer.refresh_from_db()
    other.refresh_from_db()
    assert (offer.status, offer.recorded_by) == (Offer.Status.ACCEPTED, operator)
    assert offer.responded_at is not None
    assert other.status == Offer.Status.WITHDRAWN
    assert _state(offer.unit) == Unit.State.OCCUPIED
    assert _state(case.units["service"]) == Unit.State.AVAILABLE
    case.applications["first"].refresh_from_db()
    assert case.applications["first"].status == Application.Status.HOUSED
    with pytest.raises(Conflict):
        services.offer_accept(actor=actor_of(operator), offer=offer)
    with pytest.raises(Conflict):
        services.offer_accept(actor=actor_of(operator), offer=other)
    assert Allocation.objects.count() == 1


def test_a_housed_household_gets_no_further_offer(case, done, operator):
    offer = _send(operator, done, case.applications["first"])
    later = _second_round_for_the_service(case, operator)
    services.offer_accept(actor=actor_of(operator), offer=offer)
    service = approved(operator, later, case.applications["first_service"])
    with pytest.raises(Conflict):
        services.offer_send(actor=actor_of(operator), proposal=service, reply_by=reply_by())
    assert _state(case.units["service"]) == Unit.State.AVAILABLE
    # A new round proposes nothing to a household with a tenancy (not a transfer application).
    assert not run_round(operator).proposals.filter(application__household=offer.household_id).exists()


# Refusal ------------------------------------------------------------------------------------------


def test_a_justified_refusal_frees_the_unit_and_has_no_consequence(case, done, operator, lombardia):
    offer = _send(operator, done, case.applications["third"])
    refused = services.offer_refuse(actor=actor_of(operator), offer=offer, reason="salute-documentata")
    assert (refused.status, refused.refusal_justified, refused.refusal_reason.code) == (
        Offer.Status.REFUSED,
        True,
        "salute-documentata",
    )
    assert refused.consequence["kind"] == "none"
    assert refused.consequence["rule"] == lombardia.pk
    assert _state(offer.unit) == Unit.State.AVAILABLE
    application = Application.objects.get(pk=offer.application_id)
    assert (application.status, application.score) == (Application.Status.ELIGIBLE, Decimal(8))


def test_an_unjustified_refusal_excludes_the_application_under_the_lombardia_rule(case, done, operator, lombardia):
    assert (lombardia.consequence, lombardia.confidence) == (RefusalRule.Consequence.EXCLUSION, "M")
    offer = _send(operator, done, case.applications["third"])
    refused = services.offer_refuse(actor=actor_of(operator), offer=offer, reason="quartiere-non-gradito")
    assert refused.refusal_justified is False
    assert refused.consequence["kind"] == "exclusion"
    assert refused.consequence["rule_name"] == lombardia.name
    assert Application.objects.get(pk=offer.application_id).status == Application.Status.EXCLUDED
    assert _state(offer.unit) == Unit.State.AVAILABLE


def test_an_unjustified_refusal_loses_points_and_they_stay_after_a_new_evaluation(
    case, done, operator, world, administrator
):
    load_refusal_rule(administrator, world.district, "toscana-erp-refusal.json")
    offer = _send(operator, done, case.applications["third"])
    services.offer_refuse(actor=actor_of(operator), offer=offer, reason="nessuna-risposta")
    application = Application.objects.get(pk=offer.application_id)
    assert (application.penalty_points, application.score) == (Decimal(2), Decimal(6))
    assert application.status == Application.Status.ELIGIBLE
    services.application_evaluate(application=application)
    assert application.score == Decimal(-2)  # no priority rule in this world: 0 minus the points lost
    assert application.evaluation["priority"]["parts"][-1]["points"] == "-2.00"


def test_an_unjustified_refusal_suspends_the_application_from_rounds(case, done, operator, world, administrator):
    load_refusal_rule(
        administrator, world.district, "lombardia-sap-refusal.json", consequence="suspension", months=6, name="Sosp."
    )
    offer = _send(operator, done, case.applications["third"])
    services.offer_refuse(actor=actor_of(operator), offer=offer, reason="altro", justified=False, note="Nessun motivo")
    application = Application.objects.get(pk=offer.application_id)
    today = datetime.date.today()
    assert application.suspended_until is not None
    assert today + datetime.timedelta(days=180) <= application.suspended_until <= today + datetime.timedelta(days=185)
    assert application.status == Application.Status.ELIGIBLE
    later = services.round_start(actor=actor_of(operator))
    assert str(application.pk) not in later.snapshot["applications"]
    # The household cannot be chosen for a unit either while suspended.
    candidates = {c.application_id: c for c in snapshot.replacement_candidates_of(proposal=offer.proposal)}
    assert "not_open" in candidates[str(application.pk)].blocked_by


def test_a_reason_left_to_the_operator_needs_the_judgement_and_a_fixed_one_cannot_be_contradicted(
    case, done, operator, lombardia
):
    offer = _send(operator, done, case.applications["third"])
    with pytest.raises(DomainError) as missing:
        services.offer_refuse(actor=actor_of(operator), offer=offer, reason="lavoro-cura")
    assert missing.value.field == "justified"
    with pytest.raises(DomainError) as contradicted:
        services.offer_refuse(actor=actor_of(operator), offer=offer, reason="quartiere-non-gradito", justified=True)
    assert contradicted.value.field == "justified"
    with pytest.raises(DomainError) as unknown:
        services.offer_refuse(actor=actor_of(operator), offer=offer, reason="capriccio", justified=False)
    assert unknown.value.field == "reason"
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SENT
    assert _state(offer.unit) == Unit.State.OFFERED
    justified = services.offer_refuse(actor=actor_of(operator), offer=offer, reason="lavoro-cura", justified=True)
    assert justified.consequence["kind"] == "none"


def test_a_refusal_without_a_rule_in_force_is_refused_and_changes_nothing(case, done, operator):
    offer = _send(operator, done, case.applications["third"])
    with pytest.raises(DomainError):
        services.offer_refuse(actor=actor_of(operator), offer=offer, reason="altro", justified=False)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SENT
    assert _state(offer.unit) == Unit.State.OFFERED


def test_the_rule_in_force_is_the_nearest_one_valid_today(world, administrator):
    district = load_refusal_rule(administrator, world.district)
    load_refusal_rule(
        administrator, world.municipality, "toscana-erp-refusal.json", valid_from="2099-01-01", name="Futura"
    )
    assert services.refusal_rule_in_force(territory=world.neighbourhood, on=datetime.date.today()) == district
    local = load_refusal_rule(administrator, world.municipality, "toscana-erp-refusal.json", name="Comunale")
    assert services.refusal_rule_in_force(territory=world.neighbourhood, on=datetime.date.today()) == local
    assert services.refusal_rule_in_force(territory=world.other_district, on=datetime.date.today()) is None


def test_a_refusal_rule_that_cannot_apply_is_refused_when_loaded(world, administrator):
    with pytest.raises(DomainError) as no_points:
        load_refusal_rule(administrator, world.district, consequence="lose_points")
    assert no_points.value.field == "points"
    with pytest.raises(DomainError):
        load_refusal_rule(administrator, world.district, consequence="banishment")
    with pytest.raises(DomainError):
        load_refusal_rule(administrator, world.district, reasons=[])
    assert RefusalRule.objects.count() == 0


# Withdrawal, answers twice ------------------------------------------------------------------------


def test_a_withdrawal_needs_its_reason_and_an_answered_offer_cannot_be_answered_again(case, done, operator, lombardia):
    offer = _send(operator, done, case.applications["third"])
    with pytest.raises(DomainError):
        services.offer_withdraw(actor=actor_of(operator), offer=offer, note=" ")
    assert _state(offer.unit) == Unit.State.OFFERED
    services.offer_withdraw(actor=actor_of(operator), offer=offer, note="Alloggio da riparare")
    for answer in (
        lambda: services.offer_accept(actor=actor_of(operator), offer=offer),
        lambda: services.offer_refuse(actor=actor_of(operator), offer=offer, reason="salute-documentata"),
        lambda: services.offer_withdraw(actor=actor_of(operator), offer=offer, note="Di nuovo"),
    ):
        with pytest.raises(Conflict):
            answer()
    assert Allocation.objects.count() == 0
    assert _state(offer.unit) == Unit.State.AVAILABLE


def test_another_organisation_cannot_send_or_answer(case, done, operator, other_org_operator, lombardia):
    proposal = approved(operator, done, case.applications["third"])
    with pytest.raises(NotAllowed):
        services.offer_send(actor=actor_of(other_org_operator), proposal=proposal, reply_by=reply_by())
    offer = services.offer_send(actor=actor_of(operator), proposal=proposal, reply_by=reply_by())
    with pytest.raises(NotAllowed):
        services.offer_accept(actor=actor_of(other_org_operator), offer=offer)
    with pytest.raises(NotAllowed):
        services.offer_refuse(actor=actor_of(other_org_operator), offer=offer, reason="salute-documentata")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SENT


# Picking another household ------------------------------------------------------------------------


def test_picking_another_feasible_household_keeps_its_own_explanation(case, done, operator):
    proposal = proposal_of(done, case.applications["third"])
    replacement = services.proposal_replace(
        actor=actor_of(operator), proposal=proposal, application=case.applications["last"], reason="Urgenza sociale"
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reason) == (Proposal.Status.REJECTED, "Urgenza sociale")
    assert (replacement.status, replacement.reason, replacement.replaces) == (
        Proposal.Status.APPROVED,
        "Urgenza sociale",
        proposal,
    )
    assert (replacement.unit_id, replacement.application, replacement.priority) == (
        proposal.unit_id,
        case.applications["last"],
        Decimal(1),
    )
    assert replacement.explanation["chosen_by_operator"] is True
    assert "at_limit" in replacement.explanation
    offer = services.offer_send(actor=actor_of(operator), proposal=replacement, reply_by=reply_by())
    assert offer.application == case.applications["last"]


def test_an_infeasible_household_cannot_be_picked_and_the_reason_is_given(case, done, operator):
    proposal = proposal_of(done, case.applications["third"])
    for name, code in (("crowded", "occupants"), ("first", "proposed_elsewhere"), ("first_service", "pathway")):
        candidates = {c.application_id: c for c in snapshot.replacement_candidates_of(proposal=proposal)}
        assert code in candidates[str(case.applications[name].pk)].blocked_by
        with pytest.raises(DomainError) as refused:
            services.proposal_replace(
                actor=actor_of(operator), proposal=proposal, application=case.applications[name], reason="Prova"
            )
        assert refused.value.field == "application"
    with pytest.raises(DomainError) as no_reason:
        services.proposal_replace(
            actor=actor_of(operator), proposal=proposal, application=case.applications["last"], reason=""
        )
    assert no_reason.value.field == "reason"
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PROPOSED
    assert done.proposals.count() == 3


def test_after_a_refusal_the_unit_can_go_to_another_household_of_the_round(case, done, operator, lombardia):
    offer = _send(operator, done, case.applications["third"])
    with pytest.raises(Conflict):
        services.proposal_replace(
            actor=actor_of(operator), proposal=offer.proposal, application=case.applications["last"], reason="x"
        )
    services.offer_refuse(actor=actor_of(operator), offer=offer, reason="salute-documentata")
    candidates = {c.application_id: c for c in snapshot.replacement_candidates_of(proposal=offer.proposal)}
    assert "offered_in_round" in candidates[str(case.applications["third"].pk)].blocked_by
    replacement = services.proposal_replace(
        actor=actor_of(operator), proposal=offer.proposal, application=case.applications["last"], reason="Scorrimento"
    )
    assert services.offer_send(actor=actor_of(operator), proposal=replacement, reply_by=reply_by()).unit == offer.unit


def test_the_candidates_respect_the_buildings_mix_limits():
    building = engine.Building("b", "n", limits=(engine.MixLimit("elderly", max_count=1),))
    units = tuple(engine.Unit(str(i), "b", "n", "p", rooms=2, usable_m2=40, max_occupants=2) for i in (1, 2))
    apps = (
        engine.Application("old_a", 1, "p", 5.0, groups=("elderly",)),
        engine.Application("old_b", 1, "p", 4.0, groups=("elderly",)),
        engine.Application("young", 1, "p", 3.0),
        engine.Application("big", 3, "p", 9.0),
    )
    instance = engine.Instance(("n",), (building,), units, apps)
    found = {c.application_id: c for c in engine.replacement_candidates(instance, {"1": "old_a", "2": "young"}, "2")}
    assert found["old_b"].blocked_by == ("mixite:elderly",)
    assert found["old_a"].blocked_by == ("proposed_elsewhere",)
    assert found["young"].feasible
    assert "occupants" in found["big"].blocked_by
    assert [c.application_id for c in found.values()] == ["big", "old_a", "old_b", "young"]
    # Replacing the elderly household's own unit frees its place in the mix.
    again = {c.application_id: c for c in engine.replacement_candidates(instance, {"1": "old_a", "2": "young"}, "1")}
    assert again["old_b"].feasible
    assert "mixite:elderly" in again["old_b"].at_limit
    assert engine.violations(instance, [("1", "old_b"), ("2", "young")]) == []


# Pages --------------------------------------------------------------------------------------------


def test_an_operator_sends_and_answers_offers_from_the_pages(case, done, operator, lombardia):
    client = client_for(operator)
    proposal = approved(operator, done, case.applications["third"])
    page = client.get(f"/domande/turni/proposte/{proposal.pk}/")
    assert page.status_code == 200
    assert f"/domande/turni/proposte/{proposal.pk}/offerta/" in page.content.decode()
    bad = client.post(f"/domande/turni/proposte/{proposal.pk}/offerta/", {"reply_by": "ieri"})
    assert bad.status_code == 400
    assert Offer.objects.count() == 0
    sent = client.post(f"/domande/turni/proposte/{proposal.pk}/offerta/", {"reply_by": reply_by().isoformat()})
    offer = Offer.objects.get()
    assert sent["Location"] == f"/domande/offerte/{offer.pk}/"
    detail = client.get(sent["Location"]).content.decode()
    assert "salute-documentata" in detail  # the rule's reasons are offered
    no_reason = client.post(f"/domande/offerte/{offer.pk}/rifiuto/", {"reason": "", "justified": ""})
    assert no_reason.status_code == 400
    operator_judges = client.post(f"/domande/offerte/{offer.pk}/rifiuto/", {"reason": "lavoro-cura", "justified": ""})
    assert operator_judges.status_code == 400
    assert gettext("Say whether the refusal is justified.") in operator_judges.content.decode()
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SENT
    accepted = client.post(f"/domande/offerte/{offer.pk}/accettazione/", {"starts_on": ""})
    assert accepted.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    shown = client.get(f"/domande/offerte/{offer.pk}/").content.decode()
    assert 'data-testid="allocation"' in shown
    assert str(Unit.State.OCCUPIED.label) in shown
    assert client.get("/domande/offerte/?status=accepted").content.decode().count("/domande/offerte/") >= 1
    assert f"/domande/offerte/{offer.pk}/" not in client.get("/domande/offerte/?status=refused").content.decode()
    assert client.get("/domande/offerte/?status=nonsense").status_code == 200


def test_the_application_page_shows_the_refusal_and_the_rule_that_applied(case, done, operator, lombardia):
    offer = _send(operator, done, case.applications["third"])
    response = client_for(operator).post(
        f"/domande/offerte/{offer.pk}/rifiuto/", {"reason": "quartiere-non-gradito", "justified": "", "note": "No"}
    )
    assert response.status_code == 302
    page = client_for(operator).get(f"/domande/{offer.application_id}/").content.decode()
    assert 'data-testid="application-sanctions"' in page
    assert lombardia.name.replace("'", "&#x27;") in page


def test_the_proposal_page_lists_only_feasible_households_to_choose(case, done, operator):
    client = client_for(operator)
    proposal = proposal_of(done, case.applications["third"])
    page = client.get(f"/domande/turni/proposte/{proposal.pk}/").content.decode()
    assert f'<option value="{case.applications["last"].pk}"' in page
    assert f'<option value="{case.applications["crowded"].pk}"' not in page
    assert 'data-testid="candidates"' in page
    refused = client.post(
        f"/domande/turni/proposte/{proposal.pk}/sostituzione/",
        {"application": case.applications["crowded"].pk, "reason": "Prova"},
    )
    assert refused.status_code == 400
    chosen = client.post(
        f"/domande/turni/proposte/{proposal.pk}/sostituzione/",
        {"application": case.applications["last"].pk, "reason": "Urgenza"},
    )
    replacement = Proposal.objects.get(replaces=proposal)
    assert chosen["Location"] == f"/domande/turni/proposte/{replacement.pk}/"


def test_offers_past_their_reply_by_date_are_on_the_work_list(case, done, operator):
    offer = _send(operator, done, case.applications["third"])
    home = client_for(operator).get(WORKLIST).content.decode()
    assert f"/domande/offerte/{offer.pk}/" not in home
    Offer.objects.filter(pk=offer.pk).update(reply_by=datetime.date.today() - datetime.timedelta(days=1))
    home = client_for(operator).get(WORKLIST).content.decode()
    assert f"/domande/offerte/{offer.pk}/" in home


def test_page_access_anonymous_wrong_role_other_organisation_right_role(
    case, done, operator, facilitator, administrator, other_org_operator, client, lombardia
):
    proposal = approved(operator, done, case.applications["third"])
    offer = services.offer_send(actor=actor_of(operator), proposal=proposal, reply_by=reply_by())
    urls = {
        "list": "/domande/offerte/",
        "detail": f"/domande/offerte/{offer.pk}/",
    }
    posts = {
        f"/domande/offerte/{offer.pk}/accettazione/": {},
        f"/domande/offerte/{offer.pk}/rifiuto/": {"reason": "salute-documentata"},
        f"/domande/offerte/{offer.pk}/ritiro/": {"note": "x"},
        f"/domande/turni/proposte/{proposal.pk}/offerta/": {"reply_by": reply_by().isoformat()},
        f"/domande/turni/proposte/{proposal.pk}/sostituzione/": {"application": 1, "reason": "x"},
    }
    for url in urls.values():
        assert client.get(url).status_code == 302
        assert client_for(facilitator).get(url).status_code == 403
    for url, data in posts.items():
        assert client.post(url, data).status_code == 302
        assert client_for(facilitator).post(url, data).status_code == 403
        assert client_for(administrator).post(url, data).status_code == 403
        assert client_for(other_org_operator).post(url, data).status_code == 404
    assert client_for(administrator).get(urls["detail"]).status_code == 200
    assert client_for(other_org_operator).get(urls["detail"]).status_code == 404
    assert f"/domande/offerte/{offer.pk}/" not in client_for(other_org_operator).get(urls["list"]).content.decode()
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SENT
    assert Offer.objects.count() == 1
    assert Allocation.objects.count() == 0
    assert _state(offer.unit) == Unit.State.OFFERED
    assert client_for(operator).get(urls["detail"]).status_code == 200


def test_a_new_round_counts_the_housed_household_as_a_sitting_tenant(case, done, operator):

    instrument = instrument_install_default()
    household = case.applications["first"].household
    levels = {d.code: 1 for d in Domain.objects.filter(instrument=instrument)}
    assessment_record(
        actor=actor_of(operator), household=household, scores=levels, assessed_on=datetime.date(2026, 1, 10)
    )
    services.offer_accept(actor=actor_of(operator), offer=_send(operator, done, case.applications["first"]))

    later = run_round(operator)

    (building,) = later.snapshot["instance"]["buildings"]
    assert (building["existing_households"], building["existing_counts"]) == (1, {"low_low": 1})
    apps = {a["id"]: a for a in later.snapshot["instance"]["applications"]}
    service = apps[str(case.applications["first_service"].pk)]
    assert (service["household"], service["housed"], service["transfer"]) == (str(household.pk), True, False)
    assert not later.proposals.filter(application=case.applications["first_service"]).exists()
