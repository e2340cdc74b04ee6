"""A person's data-subject rights reach their household's assessments."""

import datetime

from abitare.assessments.models import Assessment, AssessmentScore
from abitare.assessments.services import assessment_record
from abitare.assessments.tests.conftest import codes, scores
from abitare.registry.services import person_erase, person_export
from abitare.registry.tests.factories import actor_of, make_household, make_person, release_all

EVIDENCE = "Lavora a chiamata in un magazzino di Capannori"


def _assessed_household(operator, instrument):
    person = make_person(operator, n=7)
    household = make_household(operator, person, name="Famiglia Gialli")
    first = codes(instrument)[0]
    assessment_record(
        actor=actor_of(operator),
        household=household,
        assessed_on=datetime.date(2026, 3, 1),
        scores=scores(instrument, 2, 3),
        evidence={first: EVIDENCE},
        chosen_pathway="agreed_rent",
        override_reason="La famiglia preferisce restare nel quartiere",
    )
    return person, household


def test_the_export_includes_the_household_assessments_and_their_evidence_once_released(operator, auditor, instrument):
    person, _household = _assessed_household(operator, instrument)
    withheld = person_export(actor=actor_of(operator), person=person)
    release_all(auditor, person)
    data = person_export(actor=actor_of(operator), person=person)
    [exported] = data["assessments"]
    assert exported["chosen_pathway"] == "agreed_rent"
    assert EVIDENCE not in str(withheld)
    assert withheld["household_records_withheld"]["pending"] > 0
    assert EVIDENCE in [score["evidence"] for score in exported["scores"]]
    assert data["household_records_withheld"]["pending"] == 0


def test_erasing_the_last_member_blanks_the_assessments_free_text_and_its_history(coordinator, operator, instrument):
    person, household = _assessed_household(operator, instrument)
    person_erase(actor=actor_of(coordinator), person=person)
    assessment = Assessment.objects.get(household=household)
    assert assessment.override_reason == "[erased at the data subject's request]"
    assert not AssessmentScore.objects.filter(assessment=assessment).exclude(evidence="").exists()
    assert not AssessmentScore.history.filter(assessment_id=assessment.pk).exclude(evidence="").exists()
    assert set(Assessment.history.filter(id=assessment.pk).values_list("override_reason", flat=True)) == {
        "[erased at the data subject's request]"
    }
    assert AssessmentScore.objects.filter(assessment=assessment).count() == len(codes(instrument))
