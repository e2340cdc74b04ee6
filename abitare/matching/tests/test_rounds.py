"""Matching rounds: snapshot, engine against the rank order, recompute, review, access, CLI."""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape

from abitare.accounts.testing import acting
from abitare.assessments.models import Domain
from abitare.assessments.services import assessment_record, instrument_install_default
from abitare.core.exceptions import Conflict, DomainError
from abitare.core.models import TaskProgress
from abitare.core.tasks import progress_create
from abitare.housing import services as housing
from abitare.housing.models import Building, Unit
from abitare.matching import selectors, services, snapshot
from abitare.matching.engine import instance_io
from abitare.matching.engine.generator import generate
from abitare.matching.models import Application, Proposal, Round, Rule
from abitare.matching.services import rounds
from abitare.registry.models import Disability, HouseholdMember
from abitare.registry.tests.factories import actor_of, make_household, make_person
from conftest import client_for


@dataclass
class Case:
    units: dict[str, Unit]
    applications: dict[str, Application]


def _unit(operator, building, code, *, m2, step_free=False):
    return housing.unit_create(
        actor=acting(operator),
        building=building,
        code=code,
        floor=0,
        rooms=2,
        usable_m2=Decimal(m2),
        max_occupants=2,
        step_free=step_free,
        earmarked_pathway="agreed_rent",
        monthly_rent=Decimal(300),
        state=Unit.State.AVAILABLE,
    )


def _application(operator, world, n, *, score, needs_step_free=False):
    person = make_person(operator, n=n, territory=world.neighbourhood)
    household = make_household(operator, person, territory=world.neighbourhood, name=f"Famiglia {n}")
    application = services.application_submit(
        actor=actor_of(operator),
        household=household,
        pathway="agreed_rent",
        occupants=2,
        monthly_income=Decimal(2000),
        needs_step_free=needs_step_free,
        submitted_on=datetime.date(2026, 1, 1),
    )
    # No rule set in this world: the verdict and the score are set as an evaluation would.
    Application.objects.filter(pk=application.pk).update(
        status=Application.Status.ELIGIBLE, eligible=True, score=Decimal(score)
    )
    application.refresh_from_db()
    return application


@pytest.fixture
def case(world, operator):
    """3 units, 4 applications. The rank order gives the small step-free flat to the first
    household (least area beyond its need), so the second, who needs step-free access, is left
    out; the engine gives the first household a larger flat and houses the second."""
    building = housing.building_create(
        actor=acting(operator),
        organisation=world.organisation,
        territory=world.neighbourhood,
        name="Case Alfa",
        address="Via Roma 1",
        owner_kind=Building.OwnerKind.MUNICIPALITY,
    )
    units = {
        "small_step_free": _unit(operator, building, "1", m2=30, step_free=True),
        "large_a": _unit(operator, building, "2", m2=45),
        "large_b": _unit(operator, building, "3", m2=45),
    }
    applications = {
        "first": _application(operator, world, 1, score=10),
        "needs_step_free": _application(operator, world, 2, score=9, needs_step_free=True),
        "third": _application(operator, world, 3, score=8),
        "last": _application(operator, world, 4, score=1),
    }
    return Case(units, applications)


def _run(operator):
    started = services.round_start(actor=actor_of(operator))
    return services.round_solve(round_id=started.pk)


def test_the_engine_beats_the_rank_order_and_the_report_shows_it(case, operator):
    done = _run(operator)
    assert done.status == Round.Status.DONE
    proposed = {p.application_id: p.unit_id for p in done.proposals.all()}
    apps, units = case.applications, case.units
    assert proposed[apps["needs_step_free"].pk] == units["small_step_free"].pk
    assert set(proposed) == {apps["first"].pk, apps["needs_step_free"].pk, apps["third"].pk}
    report = done.result["report"]
    assert report["engine"]["households_housed"] == 3
    assert report["baseline"]["households_housed"] == 3
    assert report["engine"]["priority_weighted_total"] == pytest.approx(27.0)
    assert report["baseline"]["priority_weighted_total"] == pytest.approx(19.0)
    assert report["engine"]["accessibility_needs"] == 1
    assert report["baseline"]["accessibility_needs"] == 0
    assert report["engine"]["mixite_respected"] is True
    assert done.result["engine"]["status"] == "optimal"


def test_the_snapshot_keeps_the_instance_and_the_evaluations(case, operator):
    started = services.round_start(actor=actor_of(operator))
    assert started.status == Round.Status.QUEUED
    instance = snapshot.instance_of_snapshot(started.snapshot)
    assert {u.id for u in instance.units} == {str(u.pk) for u in case.units.values()}
    assert {a.id: a.priority for a in instance.applications} == {
        str(a.pk): float(a.score) for a in case.applications.values()
    }
    first = next(a for a in instance.applications if a.id == str(case.applications["first"].pk))
    assert (first.household_size, first.monthly_income, first.pathway) == (2, 200000, "agreed_rent")
    assert next(u for u in instance.units if u.id == str(case.units["large_a"].pk)).monthly_cost == 30000
    assert set(started.snapshot["applications"]) == {str(a.pk) for a in case.applications.values()}


def test_a_round_without_available_units_says_so_and_creates_nothing(case, operator):
    Unit.objects.update(state=Unit.State.TO_RENOVATE)
    started = services.round_start(actor=actor_of(operator))
    assert started.status == Round.Status.EMPTY
    assert started.message
    assert services.round_solve(round_id=started.pk).status == Round.Status.EMPTY
    assert Proposal.objects.count() == 0


def test_a_round_without_eligible_applications_says_so(case, operator):
    Application.objects.update(status=Application.Status.NOT_ELIGIBLE)
    started = services.round_start(actor=actor_of(operator))
    assert started.status == Round.Status.EMPTY
    assert Proposal.objects.count() == 0


def test_recompute_uses_the_snapshot_alone(case, operator, world, administrator):
    done = _run(operator)
    stored = {(p["unit_id"], p["application_id"]) for p in done.result["engine"]["proposals"]}
    # Today the step-free flat costs more than the second household can afford, and a new rule
    # set exists: the round still answers as when it started.
    Unit.objects.filter(pk=case.units["small_step_free"].pk).update(monthly_rent=Decimal(5000))
    rule_set = services.rule_set_create(
        actor=acting(administrator),
        territory=world.district,
        kind="priority",
        name="Nuove regole",
        valid_from=datetime.date(2026, 1, 1),
        source="test",
        confidence="M",
    )
    Rule.objects.create(rule_set=rule_set, code="x", label="x", fact="minors", operator=">=", threshold=0, points=5)
    again = services.round_recompute(round=done)
    assert {(p["unit_id"], p["application_id"]) for p in again["engine"]["proposals"]} == stored
    assert again["report"] == done.result["report"]


def test_approve_and_reject_with_a_reason(case, operator):
    done = _run(operator)
    first, second = done.proposals.order_by("-priority")[:2]
    approved = services.proposal_approve(actor=actor_of(operator), proposal=first)
    assert (approved.status, approved.reviewed_by) == (Proposal.Status.APPROVED, operator)
    with pytest.raises(DomainError) as refused:
        services.proposal_reject(actor=actor_of(operator), proposal=second, reason="  ")
    assert refused.value.field == "reason"
    second.refresh_from_db()
    assert second.status == Proposal.Status.PROPOSED
    rejected = services.proposal_reject(actor=actor_of(operator), proposal=second, reason="Il nucleo ha rinunciato")
    assert (rejected.status, rejected.reason) == (Proposal.Status.REJECTED, "Il nucleo ha rinunciato")
    with pytest.raises(Conflict):
        services.proposal_approve(actor=actor_of(operator), proposal=second)


def test_an_operator_starts_a_round_from_the_page_and_reviews_a_proposal(case, operator):
    client = client_for(operator)
    response = client.post("/domande/turni/avvia/")
    assert response.status_code == 302
    progress = TaskProgress.objects.get()
    assert response["Location"] == f"/tasks/{progress.pk}/"
    done = Round.objects.get()
    assert progress.status == TaskProgress.Status.SUCCEEDED
    assert progress.result_url == f"/domande/turni/{done.pk}/"
    page = client.get(progress.result_url).content.decode()
    assert "27.00" in page
    assert "19.00" in page
    proposal = done.proposals.get(application=case.applications["third"])
    detail = client.get(f"/domande/turni/proposte/{proposal.pk}/").content.decode()
    assert "Famiglia 1" in detail or "Famiglia 2" in detail
    refused = client.post(f"/domande/turni/proposte/{proposal.pk}/revisione/", {"decision": "reject", "reason": ""})
    assert refused.status_code == 400
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PROPOSED
    accepted = client.post(f"/domande/turni/proposte/{proposal.pk}/revisione/", {"decision": "approve"})
    assert accepted.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.APPROVED


def test_the_explanation_says_why_higher_priority_households_did_not_get_the_unit(case, operator):
    done = _run(operator)
    proposal = done.proposals.get(unit=case.units["small_step_free"])
    page = client_for(operator).get(f"/domande/turni/proposte/{proposal.pk}/").content.decode()
    # The first household (priority 10) was housed in a flat that suits it as well.
    assert "Famiglia 1" in page
    assert "10,00" in page
    assert "Alloggiato in un alloggio più adatto" in page  # Italian, the default language


def test_access_anonymous_wrong_role_and_other_organisation(
    case, operator, facilitator, administrator, other_org_operator, client
):
    done = _run(operator)
    proposal = done.proposals.first()
    assert client.get("/domande/turni/").status_code == 302
    assert client.post("/domande/turni/avvia/").status_code == 302
    assert client_for(facilitator).get("/domande/turni/").status_code == 403
    assert client_for(administrator).get(f"/domande/turni/{done.pk}/").status_code == 200
    assert client_for(administrator).post("/domande/turni/avvia/").status_code == 403
    review = f"/domande/turni/proposte/{proposal.pk}/revisione/"
    assert client_for(administrator).post(review, {"decision": "approve"}).status_code == 403
    other = client_for(other_org_operator)
    assert other.get(f"/domande/turni/{done.pk}/").status_code == 404
    assert other.get(f"/domande/turni/proposte/{proposal.pk}/").status_code == 404
    assert other.post(review, {"decision": "approve"}).status_code == 404
    assert other.post(f"/api/v1/proposals/{proposal.pk}/approve/").status_code == 404
    assert other.get("/api/v1/rounds/").json()["results"] == []
    other.post("/domande/turni/avvia/")
    assert Round.objects.count() == 2
    assert Round.objects.exclude(pk=done.pk).get().status == Round.Status.EMPTY
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PROPOSED
    assert Proposal.objects.filter(status=Proposal.Status.PROPOSED).count() == 3


def test_the_api_starts_a_round_and_reviews_proposals(case, operator, administrator):
    api = client_for(operator)
    response = api.post("/api/v1/rounds/")
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "done"
    assert body["report"]["engine"]["priority_weighted_total"] == pytest.approx(27.0)
    assert client_for(administrator).post("/api/v1/rounds/").status_code == 403
    proposals = api.get(f"/api/v1/rounds/{body['id']}/proposals/").json()["results"]
    assert len(proposals) == 3
    first, second = proposals[0]["id"], proposals[1]["id"]
    assert api.post(f"/api/v1/proposals/{first}/approve/").json()["status"] == "approved"
    no_reason = api.post(f"/api/v1/proposals/{second}/reject/", {"reason": ""}, content_type="application/json")
    assert no_reason.status_code == 400
    rejected = api.post(f"/api/v1/proposals/{second}/reject/", {"reason": "Rinuncia"}, content_type="application/json")
    assert rejected.json()["status"] == "rejected"
    assert client_for(administrator).get(f"/api/v1/rounds/{body['id']}/").status_code == 200


def test_the_api_says_when_a_round_is_empty(case, other_org_operator):
    response = client_for(other_org_operator).post("/api/v1/rounds/")
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "empty"
    assert body["message"]
    assert body["report"] is None
    assert Proposal.objects.count() == 0


def test_the_command_runs_a_round_for_a_membership(case, operator, world, capsys):
    call_command("match", organisation=world.organisation.pk, territory=world.district.pk, username=operator.username)
    assert Round.objects.get().status == Round.Status.DONE
    assert "engine: 3 housed" in capsys.readouterr().out


def test_the_command_refuses_a_user_who_may_not_run_rounds(case, facilitator, world):
    with pytest.raises(CommandError):
        call_command(
            "match", organisation=world.organisation.pk, territory=world.district.pk, username=facilitator.username
        )
    assert Round.objects.count() == 0


def test_the_command_solves_an_instance_file(tmp_path):
    source = tmp_path / "instance.json"
    instance_io.dump(generate(n_applications=40, n_units=10, seed=7), source)
    output = tmp_path / "result.json"
    call_command("match", instance=source, output=output)
    result = json.loads(output.read_text())
    assert result["engine"]["objective"] >= result["baseline"]["objective"]
    assert result["report"]["engine"]["violations"] == 0


def test_the_command_rejects_a_malformed_instance_with_line_and_field(tmp_path):
    source = tmp_path / "instance.json"
    source.write_text(
        '{"format": "abitare.matching.instance", "version": 1,\n'
        ' "neighbourhoods": ["A"],\n'
        ' "buildings": [{"id": "B1", "neighbourhood": "Z", "units": []}],\n'
        ' "applications": []}\n'
    )
    output = tmp_path / "result.json"
    with pytest.raises(CommandError) as refused:
        call_command("match", instance=source, output=output)
    assert "line 3" in str(refused.value)
    assert "'neighbourhood'" in str(refused.value)
    assert not output.exists()


def test_the_snapshot_carries_quadrant_and_mix_tags_and_mixite_binds(case, operator, sensitive_operator):

    instrument = instrument_install_default()
    first = case.applications["first"]
    levels = {d.code: 1 for d in Domain.objects.filter(instrument=instrument)}
    assessment_record(
        actor=actor_of(operator), household=first.household, scores=levels, assessed_on=datetime.date(2026, 1, 10)
    )
    third = case.applications["third"]
    person = HouseholdMember.objects.get(household=third.household).person
    person.birth_date = datetime.date(1950, 1, 1)
    person.save(update_fields=["birth_date"])
    Disability.objects.create(
        person=person, organisation_id=third.organisation_id, recognition="art3_c3", recorded_by=sensitive_operator
    )
    Building.objects.update(max_low_low_share=Decimal("0.00"))
    done = _run(operator)
    apps = {a["id"]: a for a in done.snapshot["instance"]["applications"]}
    assert apps[str(first.pk)]["quadrant"] == "low_low"
    assert apps[str(third.pk)]["groups"] == ["elderly", "disability"]
    assert done.snapshot["instance"]["buildings"][0]["limits"] == [{"group": "low_low", "max_share": 0.0}]
    # No low-resources, low-potential household may enter: the first household is left out.
    assert not done.proposals.filter(application=first).exists()
    assert done.proposals.count() == 3
    assert done.result["report"]["engine"]["mixite_respected"] is True


def test_a_round_whose_engine_fails_ends_failed_with_no_proposal(case, operator, monkeypatch):

    def broken(*args, **kwargs):
        raise RuntimeError("solver unavailable")

    monkeypatch.setattr(rounds.engine, "solve", broken)
    progress = progress_create(owner_id=operator.pk, label="round")
    started = services.round_start(actor=actor_of(operator))
    failed = services.round_solve(round_id=started.pk, progress_id=str(progress.pk))
    assert (failed.status, failed.message) == (Round.Status.FAILED, "solver unavailable")
    assert Proposal.objects.count() == 0
    progress.refresh_from_db()
    assert progress.status == TaskProgress.Status.FAILED


def test_the_api_refuses_other_roles_and_anonymous(case, operator, facilitator, client):
    done = _run(operator)
    proposal = done.proposals.first()
    assert client.get("/api/v1/rounds/").status_code in {401, 403}
    assert client.post(f"/api/v1/proposals/{proposal.pk}/approve/").status_code in {401, 403}
    assert client_for(facilitator).get(f"/api/v1/rounds/{done.pk}/").status_code == 403
    assert client_for(facilitator).post(f"/api/v1/proposals/{proposal.pk}/approve/").status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PROPOSED


def test_the_regime_of_a_pathway_comes_from_its_priority_rule_set(case, operator, administrator, world):
    rule_set = services.rule_set_create(
        actor=acting(administrator),
        territory=world.district,
        kind="priority",
        name="Graduatoria di prova",
        pathway="agreed_rent",
        valid_from=datetime.date(2020, 1, 1),
        source="Prova",
        confidence="M",
        regime="graduatoria",
    )
    done = _run(operator)
    assert done.snapshot["instance"]["rules"]["regimes"] == {"agreed_rent": "graduatoria"}
    assert done.result["engine"]["regimes"] == {"agreed_rent": "graduatoria"}
    assert done.result["engine"]["status"] == "ranked"
    assert "upper_bound" not in done.result["engine"]
    assert list(done.result["report"]["regimes"]) == ["graduatoria"]
    # The graduatoria leaves the step-free household out (see ``case``).
    assert done.result["report"]["engine"]["accessibility_needs"] == 0
    rule_set.regime = "rank_respecting"
    rule_set.save(update_fields=["regime"])
    again = _run(operator)
    assert again.result["engine"]["regimes"] == {"agreed_rent": "rank_respecting"}
    assert list(again.result["report"]["regimes"]) == ["graduatoria", "rank_respecting"]
    assert again.result["report"]["engine"]["accessibility_needs"] == 1
    assert again.result["report"]["engine"]["rank_inversions"] == 0


def test_the_report_page_shows_each_regime_beside_the_ranking_order(case, operator):

    done = _run(operator)
    response = client_for(operator).get(reverse("matching:round-detail", args=[done.pk]))
    assert response.status_code == 200
    columns = response.context["report_columns"]
    assert len(columns) == 3
    header = response.content.decode().split('data-testid="round-report"')[1].split("</thead>")[0]
    assert all(f'<th scope="col">{escape(c)}</th>' in header for c in columns)
    assert selectors.round_report(round=done)[0].values == [3, 3, 3]
    assert done.result["report"]["regimes"]["fit"] == done.result["report"]["engine"]
    assert done.result["inversions"] == []
