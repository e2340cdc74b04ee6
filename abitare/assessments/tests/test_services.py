"""assessment_record, proposals and instrument versions: the rules, and that a refusal changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db.models import ProtectedError
from django.utils import timezone, translation

from abitare.accounts.models import Role
from abitare.accounts.tests.factories import make_member
from abitare.assessments.models import Assessment, AssessmentScore, Instrument, PathwayChangeProposal, PathwayMap
from abitare.assessments.services import (
    assessment_record,
    instrument_activate,
    instrument_install_default,
    instrument_new_version,
    proposal_settle,
)
from abitare.assessments.tests.conftest import codes, record, scores
from abitare.core.exceptions import Conflict, DomainError, NotAllowed, ValidationFailed
from abitare.registry.models import Disability
from abitare.registry.tests.factories import actor_of, make_household, make_person

DAY = datetime.date(2026, 1, 10)


@pytest.fixture(autouse=True)
def _english():
    """The refusals below are compared in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


def test_the_default_instrument_ships_six_or_more_domains_per_axis_with_five_anchors_each(instrument):
    assert instrument.status == Instrument.Status.ACTIVE
    assert len(codes(instrument, "resources")) >= 6
    assert len(codes(instrument, "potential")) >= 6
    for domain in instrument.domains.all():
        anchors = list(domain.levels.order_by("level"))
        assert [level.level for level in anchors] == [1, 2, 3, 4, 5]
        assert all(level.anchor_it and level.anchor_en and level.anchor_it != level.anchor_en for level in anchors)
        assert all((domain.name_it, domain.name_en, domain.description_it, domain.description_en))
    assert "Outcomes Star" in instrument.source  # it says it is *not* a copy of it


def test_the_default_pathway_map_is_the_pero_model_with_50_50_thresholds(db):
    default = PathwayMap.objects.get(territory__isnull=True)
    assert (default.resources_threshold, default.potential_threshold) == (Decimal(50), Decimal(50))
    assert default.as_map() == {
        "hr_hp": "market_orientation",
        "hr_lp": "agreed_rent",
        "lr_hp": "service_contract",
        "lr_lp": "reception_house",
    }


def test_installing_the_default_twice_changes_nothing(instrument):
    before = (Instrument.objects.count(), PathwayMap.objects.count())
    assert instrument_install_default() == instrument
    assert (Instrument.objects.count(), PathwayMap.objects.count()) == before


def test_recording_computes_the_axes_the_quadrant_and_the_recommended_pathway(operator, household, instrument):
    assessment = record(operator, household, instrument, resources=2, potential=4, assessed_on=DAY)
    assert (assessment.resources_score, assessment.potential_score) == (Decimal("25.00"), Decimal("75.00"))
    assert assessment.quadrant == "lr_hp"
    assert assessment.recommended_pathway == assessment.chosen_pathway == "service_contract"
    assert assessment.next_due_on == datetime.date(2026, 7, 10)
    assert assessment.assessor == operator
    assert assessment.organisation_id == household.organisation_id
    assert assessment.territory_id == household.territory_id
    assert assessment.instrument == instrument
    assert AssessmentScore.objects.filter(assessment=assessment).count() == len(codes(instrument))
    assert assessment.is_latest


def test_a_score_equal_to_the_threshold_counts_as_high(operator, household, instrument):
    assessment = record(operator, household, instrument, resources=3, potential=3)
    assert (assessment.resources_score, assessment.potential_score) == (Decimal(50), Decimal(50))
    assert assessment.quadrant == "hr_hp"


def test_an_unscored_domain_is_refused_and_nothing_is_saved(operator, household, instrument):
    incomplete = scores(instrument, 3, 3)
    incomplete.pop("savings")
    with pytest.raises(ValidationFailed) as refused:
        assessment_record(actor=actor_of(operator), household=household, assessed_on=DAY, scores=incomplete)
    assert refused.value.errors == {"savings": ["Score this domain: choose a level from 1 to 5."]}
    assert not Assessment.objects.exists()
    assert not AssessmentScore.objects.exists()


@pytest.mark.parametrize("bad", [0, 6])
def test_a_score_outside_1_to_5_is_refused_and_nothing_is_saved(operator, household, instrument, bad):
    wrong = {**scores(instrument, 3, 3), "health": bad}
    with pytest.raises(ValidationFailed) as refused:
        assessment_record(actor=actor_of(operator), household=household, assessed_on=DAY, scores=wrong)
    assert refused.value.errors == {"health": ["The score must be a whole number from 1 to 5."]}
    assert not Assessment.objects.exists()


def test_another_pathway_without_a_reason_is_refused(operator, household, instrument):
    with pytest.raises(ValidationFailed) as refused:
        record(operator, household, instrument, 2, 4, chosen_pathway="reception_house", override_reason="  ")
    assert refused.value.errors == {
        "override_reason": ["Write why you choose another pathway than the recommended one."]
    }
    assert not Assessment.objects.exists()


def test_another_pathway_with_a_reason_is_kept_beside_the_recommendation(operator, household, instrument):
    assessment = record(
        operator, household, instrument, 2, 4, chosen_pathway="reception_house", override_reason="Urgent shelter"
    )
    assert (assessment.recommended_pathway, assessment.chosen_pathway) == ("service_contract", "reception_house")
    assert assessment.override_reason == "Urgent shelter"
    assert assessment.overridden


def test_a_future_date_is_refused(operator, household, instrument):
    with pytest.raises(DomainError) as refused:
        record(operator, household, instrument, 3, 3, assessed_on=timezone.localdate() + datetime.timedelta(days=1))
    assert refused.value.field == "assessed_on"
    assert not Assessment.objects.exists()


def test_another_organisation_cannot_assess_the_household_and_nothing_changes(
    other_org_operator, household, instrument
):
    with pytest.raises(NotAllowed):
        record(other_org_operator, household, instrument, 3, 3)
    assert not Assessment.objects.exists()


def test_a_reassessment_in_another_quadrant_proposes_a_pathway_change(operator, household, instrument):
    first = record(operator, household, instrument, 2, 2, assessed_on=datetime.date(2025, 6, 1))
    second = record(operator, household, instrument, 4, 4, assessed_on=datetime.date(2025, 12, 1))
    first.refresh_from_db()
    assert (first.is_latest, second.is_latest) == (False, True)
    assert second.previous_quadrant == "lr_lp"
    proposal = PathwayChangeProposal.objects.get()
    assert (proposal.assessment, proposal.from_quadrant, proposal.to_quadrant) == (second, "lr_lp", "hr_hp")
    assert proposal.status == PathwayChangeProposal.Status.OPEN


def test_a_reassessment_in_the_same_quadrant_proposes_nothing(operator, household, instrument):
    record(operator, household, instrument, 2, 2, assessed_on=datetime.date(2025, 6, 1))
    record(operator, household, instrument, 1, 2, assessed_on=datetime.date(2025, 12, 1))
    assert not PathwayChangeProposal.objects.exists()


def test_a_newer_assessment_supersedes_an_open_proposal(operator, household, instrument):
    record(operator, household, instrument, 2, 2, assessed_on=datetime.date(2025, 1, 1))
    record(operator, household, instrument, 4, 4, assessed_on=datetime.date(2025, 6, 1))
    record(operator, household, instrument, 2, 4, assessed_on=datetime.date(2025, 12, 1))
    statuses = list(PathwayChangeProposal.objects.order_by("id").values_list("status", flat=True))
    assert statuses == ["superseded", "open"]


def test_an_assessment_older_than_the_latest_is_refused(operator, household, instrument):
    record(operator, household, instrument, 2, 2, assessed_on=datetime.date(2025, 6, 1))
    with pytest.raises(Conflict):
        record(operator, household, instrument, 3, 3, assessed_on=datetime.date(2025, 1, 1))
    assert Assessment.objects.count() == 1


def test_settling_a_proposal(operator, household, instrument):
    record(operator, household, instrument, 2, 2, assessed_on=datetime.date(2025, 6, 1))
    record(operator, household, instrument, 4, 4, assessed_on=datetime.date(2025, 12, 1))
    proposal = PathwayChangeProposal.objects.get()
    with pytest.raises(DomainError):
        proposal_settle(actor=actor_of(operator), proposal=proposal, status="declined", note="")
    settled = proposal_settle(actor=actor_of(operator), proposal=proposal, status="accepted")
    assert (settled.status, settled.resolved_by) == ("accepted", operator)
    with pytest.raises(Conflict):
        proposal_settle(actor=actor_of(operator), proposal=proposal, status="declined", note="again")


def test_another_organisation_cannot_settle_a_proposal(operator, other_org_operator, household, instrument):
    record(operator, household, instrument, 2, 2, assessed_on=datetime.date(2025, 6, 1))
    record(operator, household, instrument, 4, 4, assessed_on=datetime.date(2025, 12, 1))
    proposal = PathwayChangeProposal.objects.get()
    with pytest.raises(NotAllowed):
        proposal_settle(actor=actor_of(other_org_operator), proposal=proposal, status="accepted")
    proposal.refresh_from_db()
    assert proposal.status == "open"


def _severely_disabled_adult_household(operator, *, birth_date=datetime.date(1990, 1, 1)):
    person = make_person(operator, birth_date=birth_date, first_name="Luca")
    Disability.objects.create(
        person=person, organisation=person.organisation, recognition=Disability.Recognition.ART3_C3
    )
    return make_household(operator, person, name="Famiglia Neri")


def test_dopo_di_noi_overrides_the_map_when_asked_for_and_eligible(operator, instrument):
    household = _severely_disabled_adult_household(operator)
    assessment = record(operator, household, instrument, 2, 2, dopo_di_noi_requested=True)
    assert assessment.recommended_pathway == "dopo_di_noi"


def test_dopo_di_noi_is_not_recommended_without_a_request(operator, instrument):
    household = _severely_disabled_adult_household(operator)
    assert record(operator, household, instrument, 2, 2).recommended_pathway == "reception_house"


def test_dopo_di_noi_is_not_recommended_for_a_minor(operator, instrument):
    household = _severely_disabled_adult_household(operator, birth_date=datetime.date(2015, 1, 1))
    assessment = record(operator, household, instrument, 2, 2, dopo_di_noi_requested=True)
    assert assessment.recommended_pathway == "reception_house"


def test_the_nearest_territorys_pathway_map_applies(operator, household, instrument, world):
    PathwayMap.objects.create(
        territory=world.district,
        valid_from=datetime.date(2020, 1, 1),
        source="Delibera 12/2020 (test)",
        resources_threshold=Decimal(60),
        potential_threshold=Decimal(40),
        high_resources_high_potential="market_orientation",
        high_resources_low_potential="agreed_rent",
        low_resources_high_potential="reception_house",
        low_resources_low_potential="reception_house",
    )
    assessment = record(operator, household, instrument, 3, 3)  # 50 / 50
    assert assessment.quadrant == "lr_hp"
    assert assessment.recommended_pathway == "reception_house"


def test_a_pathway_map_no_longer_valid_is_ignored(operator, household, instrument, world):
    PathwayMap.objects.create(
        territory=world.district,
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2020, 12, 31),
        source="old",
        resources_threshold=Decimal(90),
        potential_threshold=Decimal(90),
        high_resources_high_potential="market_orientation",
        high_resources_low_potential="agreed_rent",
        low_resources_high_potential="reception_house",
        low_resources_low_potential="reception_house",
    )
    assert record(operator, household, instrument, 3, 3).quadrant == "hr_hp"


def test_an_administrator_versions_the_instrument_for_a_territory_and_past_assessments_keep_theirs(
    administrator, operator, household, instrument, world
):
    past = record(operator, household, instrument, 2, 2, assessed_on=datetime.date(2025, 6, 1))
    draft = instrument_new_version(
        actor=actor_of(administrator),
        source=instrument,
        territory=world.district,
        valid_from=datetime.date(2025, 1, 1),
        weights={"savings": Decimal(0), "isee": Decimal(3)},
    )
    assert (draft.version, draft.status, draft.territory, draft.derived_from) == (
        2,
        "draft",
        world.district,
        instrument,
    )
    assert draft.domains.count() == instrument.domains.count()
    assert draft.domains.get(code="savings").weight == Decimal(0)
    assert draft.domains.get(code="isee").levels.count() == 5
    instrument_activate(actor=actor_of(administrator), instrument=draft)
    latest = assessment_record(
        actor=actor_of(operator), household=household, assessed_on=DAY, scores=scores(instrument, 2, 2)
    )
    past.refresh_from_db()
    assert past.instrument == instrument
    assert latest.instrument == draft
    with pytest.raises(ProtectedError):
        instrument.delete()


def test_a_new_version_that_leaves_an_axis_without_weight_is_refused(administrator, instrument, world):
    zero = dict.fromkeys(codes(instrument, "potential"), Decimal(0))
    with pytest.raises(ValidationFailed) as refused:
        instrument_new_version(
            actor=actor_of(administrator),
            source=instrument,
            territory=world.district,
            valid_from=DAY,
            weights=zero,
        )
    assert "potential" in refused.value.errors
    assert Instrument.objects.count() == 1


def test_only_administrators_of_the_territory_version_instruments(operator, instrument, world):
    with pytest.raises(NotAllowed):
        instrument_new_version(actor=actor_of(operator), source=instrument, territory=world.district, valid_from=DAY)
    other_admin = make_member(
        organisation=world.other_organisation, territory=world.other_district, role=Role.ADMINISTRATOR
    )
    with pytest.raises(NotAllowed):
        instrument_new_version(actor=actor_of(other_admin), source=instrument, territory=world.district, valid_from=DAY)
    assert Instrument.objects.count() == 1


def test_activating_a_version_retires_the_previous_one_of_the_territory(administrator, instrument, world):
    actor = actor_of(administrator)
    first = instrument_new_version(actor=actor, source=instrument, territory=world.district, valid_from=DAY)
    instrument_activate(actor=actor, instrument=first)
    second = instrument_new_version(actor=actor, source=first, territory=world.district, valid_from=DAY)
    second = instrument_activate(actor=actor, instrument=second)
    first.refresh_from_db()
    assert (first.status, second.status, second.version) == ("retired", "active", 3)
    with pytest.raises(Conflict):
        instrument_activate(actor=actor, instrument=second)


def test_an_instrument_of_another_territory_is_refused(administrator, operator, household, instrument, world):
    foreign = instrument_new_version(
        actor=actor_of(administrator), source=instrument, territory=world.neighbourhood, valid_from=DAY
    )
    instrument_activate(actor=actor_of(administrator), instrument=foreign)
    outside = make_household(operator, territory=world.municipality, name="Fuori quartiere")
    with pytest.raises(DomainError) as refused:
        assessment_record(
            actor=actor_of(operator),
            household=outside,
            assessed_on=DAY,
            scores=scores(instrument, 3, 3),
            instrument=foreign,
        )
    assert refused.value.field == "instrument"
    assert not Assessment.objects.exists()


def test_a_domain_is_named_in_the_active_language(instrument):
    domain = instrument.domains.first()
    assert str(domain) == domain.name_en
    with translation.override("it"):
        assert str(domain) == domain.name_it
