"""Joint rounds across two agencies under a sharing agreement: one snapshot over both districts,
matches across sides, and the pseudonymisation of the other side's households on every page and
API response of the round."""

import datetime
import json
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from abitare.accounts.models import Role, Territory
from abitare.accounts.tests.factories import OrganisationFactory, make_member, make_territory
from abitare.core.exceptions import DomainError, NotAllowed
from abitare.core.models import AccessLogEntry
from abitare.housing import services as housing
from abitare.housing.models import Building, Unit
from abitare.matching import selectors, services
from abitare.matching.models import Application, Proposal, Round, SharingAgreement
from abitare.registry.models import Disability
from abitare.registry.tests.factories import VALID_CF_F, actor_of, make_household, make_person
from conftest import client_for

LAST_MONTH = timezone.localdate() - datetime.timedelta(days=30)
SECRET_STRINGS = (
    "Ermenegilda",
    "Zanzottera",
    "Famiglia Zanzottera",
    VALID_CF_F,
    "1983-12-01",
    "01/12/1983",
    "1/12/1983",
    "Via dei Segreti 77",
    "Disabilità grave",
)
"""Side B's identifying data: none of it may reach side A."""


@dataclass
class Joint:
    agreement: SharingAgreement
    a_operator: object
    a_sensitive: object
    b_operator: object
    b_admin: object
    a_units: dict[str, Unit]
    b_units: dict[str, Unit]
    a_application: Application
    b_secret: Application
    b_other: Application


def _building(user, organisation, territory, name):
    return housing.building_create(
        actor=actor_of(user),
        organisation=organisation,
        territory=territory,
        name=name,
        address=f"{name} 1",
        owner_kind=Building.OwnerKind.MUNICIPALITY,
    )


def _unit(user, building, code, *, step_free=False):
    return housing.unit_create(
        actor=actor_of(user),
        building=building,
        code=code,
        floor=0,
        rooms=2,
        usable_m2=Decimal(45),
        max_occupants=2,
        step_free=step_free,
        earmarked_pathway="agreed_rent",
        monthly_rent=Decimal(300),
        state=Unit.State.AVAILABLE,
    )


def _application(user, household, *, score, parts=(), needs_step_free=False):
    application = services.application_submit(
        actor=actor_of(user),
        household=household,
        pathway="agreed_rent",
        occupants=2,
        monthly_income=Decimal(2000),
        needs_step_free=needs_step_free,
        submitted_on=datetime.date(2026, 1, 1),
    )
    # No rule set in this world: verdict, score and score parts set as an evaluation would.
    evaluation = {
        "priority": {"parts": [{"label": label, "fact": fact, "points": points} for label, fact, points in parts]}
    }
    Application.objects.filter(pk=application.pk).update(
        status=Application.Status.ELIGIBLE, eligible=True, score=Decimal(score), evaluation=evaluation
    )
    application.refresh_from_db()
    return application


def _agreement(world, a_admin, b_admin, *, confirm=True):
    agreement = services.agreement_record(
        actor=actor_of(a_admin),
        title="Accordo Nord-Sud",
        partner=world.other_organisation,
        partner_territory=world.other_district,
        signed_on=LAST_MONTH,
        valid_from=LAST_MONTH,
        act_reference="Delibera n. 12",
    )
    if confirm:
        agreement = services.agreement_confirm(actor=actor_of(b_admin), agreement=agreement)
    return agreement


@pytest.fixture
def joint(world, operator, sensitive_operator, administrator, other_org_operator):
    """Side A (Agenzia Nord): 2 units, 1 application of low priority. Side B (Agenzia Sud): 1 unit
    and 2 applications of higher priority, one with distinctive names, Codice Fiscale, birth date,
    address and a disability record. B has more households than units: one goes to an A unit."""
    b_admin = make_member(
        organisation=world.other_organisation, territory=world.other_district, role=Role.ADMINISTRATOR, username="b"
    )
    b_sensitive = make_member(
        organisation=world.other_organisation,
        territory=world.other_district,
        role=Role.OPERATOR,
        sensitive_data=True,
        username="b_sensitive",
    )
    b_neighbourhood = make_territory("Quartiere Sud", Territory.Kind.NEIGHBOURHOOD, world.other_municipality)
    a_building = _building(operator, world.organisation, world.neighbourhood, "Case Nord")
    b_building = _building(other_org_operator, world.other_organisation, b_neighbourhood, "Case Sud")
    a_units = {
        "step_free": _unit(operator, a_building, "N1", step_free=True),
        "plain": _unit(operator, a_building, "N2"),
    }
    b_units = {"plain": _unit(other_org_operator, b_building, "S1")}

    a_person = make_person(operator, n=1, first_name="Giovanna", territory=world.neighbourhood)
    a_household = make_household(operator, a_person, territory=world.neighbourhood, name="Famiglia Nordini")
    a_application = _application(operator, a_household, score=10, parts=[("Attesa", "waiting_months", "10")])

    secret = make_person(
        other_org_operator,
        first_name="Ermenegilda",
        last_name="Zanzottera",
        birth_date=datetime.date(1983, 12, 1),
        codice_fiscale=VALID_CF_F,
        territory=b_neighbourhood,
    )
    Disability.objects.create(
        person=secret, organisation_id=world.other_organisation.pk, recognition="art3_c3", recorded_by=b_sensitive
    )
    b_household = make_household(other_org_operator, secret, territory=b_neighbourhood, name="Famiglia Zanzottera")
    b_household.address = "Via dei Segreti 77"
    b_household.save(update_fields=["address"])
    b_secret = _application(
        other_org_operator,
        b_household,
        score=30,
        needs_step_free=True,
        parts=[("Attesa", "waiting_months", "12"), ("Disabilità grave", "disability_severe", "18")],
    )
    other = make_person(other_org_operator, n=7, first_name="Ottavio", territory=b_neighbourhood)
    b_other = _application(
        other_org_operator,
        make_household(other_org_operator, other, territory=b_neighbourhood, name="Famiglia Sudati"),
        score=20,
        parts=[("Attesa", "waiting_months", "20")],
    )
    agreement = _agreement(world, administrator, b_admin)
    return Joint(
        agreement,
        operator,
        sensitive_operator,
        other_org_operator,
        b_admin,
        a_units,
        b_units,
        a_application,
        b_secret,
        b_other,
    )


def _run(user, agreement):
    started = services.round_start(actor=actor_of(user), agreement=agreement)
    return services.round_solve(round_id=started.pk)


def test_a_joint_round_snapshots_both_sides_and_matches_across(joint, world):
    done = _run(joint.a_operator, joint.agreement)
    assert done.status == Round.Status.DONE
    assert done.is_joint
    assert (done.organisation, done.territory) == (world.organisation, world.district)
    assert (done.partner, done.partner_territory) == (world.other_organisation, world.other_district)
    assert done.agreement == joint.agreement
    instance = done.snapshot["instance"]
    all_units = {*joint.a_units.values(), *joint.b_units.values()}
    assert {u["id"] for b in instance["buildings"] for u in b["units"]} == {str(u.pk) for u in all_units}
    apps = {joint.a_application, joint.b_secret, joint.b_other}
    assert {a["id"] for a in instance["applications"]} == {str(a.pk) for a in apps}
    assert done.snapshot["applications"][str(joint.b_secret.pk)]["organisation"] == world.other_organisation.pk
    # Everyone is housed, and B's households (two, with one B unit) cross over to A's stock.
    proposals = {p.application_id: p for p in done.proposals.select_related("unit__building")}
    assert len(proposals) == 3
    crossing = [p for p in proposals.values() if p.unit.building.organisation_id != p.application.organisation_id]
    assert crossing
    # The household needing step-free access gets the step-free A unit.
    assert proposals[joint.b_secret.pk].unit == joint.a_units["step_free"]


def test_the_partner_starts_a_joint_round_too_and_both_sides_list_it(joint, world):
    done = _run(joint.b_operator, joint.agreement)
    assert (done.organisation, done.partner) == (world.other_organisation, world.organisation)
    for user in (joint.a_operator, joint.b_operator):
        listed = client_for(user).get("/api/v1/rounds/").json()["results"]
        assert [r["id"] for r in listed] == [done.pk]
        assert client_for(user).get(reverse("matching:round-detail", args=[done.pk])).status_code == 200


def test_a_pending_or_ended_agreement_cannot_start_a_joint_round(world, operator, administrator, other_org_operator):
    b_admin = make_member(
        organisation=world.other_organisation, territory=world.other_district, role=Role.ADMINISTRATOR, username="b"
    )
    agreement = _agreement(world, administrator, b_admin, confirm=False)
    with pytest.raises(DomainError) as refused:
        services.round_start(actor=actor_of(operator), agreement=agreement)
    assert refused.value.field == "agreement"
    # Through the page: an error message, no round.
    response = client_for(operator).post(reverse("matching:round-start"), {"agreement": agreement.pk})
    assert response.status_code == 302
    # Through the API: 400 with the field.
    api = client_for(operator).post("/api/v1/rounds/", {"agreement": agreement.pk}, content_type="application/json")
    assert api.status_code == 400
    assert "agreement" in api.json()["error"]["fields"]
    services.agreement_confirm(actor=actor_of(b_admin), agreement=agreement)
    services.agreement_end(actor=actor_of(administrator), agreement=agreement, reason="Fine")
    with pytest.raises(DomainError):
        services.round_start(actor=actor_of(operator), agreement=agreement)
    assert not Round.objects.exists()


def test_a_third_organisation_sees_nothing_and_cannot_use_the_agreement(joint):
    done = _run(joint.a_operator, joint.agreement)
    district = make_territory("Distretto Est", Territory.Kind.DISTRICT)
    third = OrganisationFactory(name="Agenzia Est", territories=[district])
    outsider = make_member(organisation=third, territory=district, role=Role.OPERATOR, username="est")
    client = client_for(outsider)
    proposal = done.proposals.first()
    assert client.get(reverse("matching:round-detail", args=[done.pk])).status_code == 404
    assert client.get(reverse("matching:proposal-detail", args=[proposal.pk])).status_code == 404
    assert client.get("/api/v1/rounds/").json()["results"] == []
    assert client.get(f"/api/v1/rounds/{done.pk}/").status_code == 404
    assert client.get(f"/api/v1/rounds/{done.pk}/proposals/").status_code == 404
    assert client.get(f"/api/v1/proposals/{proposal.pk}/").status_code == 404
    # The agreement is not theirs: not found, and the service refuses too.
    api = client.post("/api/v1/rounds/", {"agreement": joint.agreement.pk}, content_type="application/json")
    assert api.status_code == 400
    assert client.post(reverse("matching:round-start"), {"agreement": joint.agreement.pk}).status_code == 404
    with pytest.raises(DomainError):
        services.round_start(actor=actor_of(outsider), agreement=joint.agreement)
    assert Round.objects.count() == 1


def test_the_side_owning_the_unit_reviews_the_proposal(joint):
    done = _run(joint.a_operator, joint.agreement)
    on_a_unit = done.proposals.get(application=joint.b_secret)  # B's household in A's unit
    with pytest.raises(NotAllowed):
        services.proposal_approve(actor=actor_of(joint.b_operator), proposal=on_a_unit)
    refused = client_for(joint.b_operator).post(f"/api/v1/proposals/{on_a_unit.pk}/approve/")
    assert refused.status_code == 403
    page = client_for(joint.b_operator).get(reverse("matching:proposal-detail", args=[on_a_unit.pk]))
    assert reverse("matching:proposal-review", args=[on_a_unit.pk]) not in page.content.decode()
    on_a_unit.refresh_from_db()
    assert on_a_unit.status == Proposal.Status.PROPOSED
    approved = client_for(joint.a_operator).post(f"/api/v1/proposals/{on_a_unit.pk}/approve/")
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    # A approved it, still seeing only the pseudonym.
    assert approved.json()["application"] is None
    assert "Zanzottera" not in approved.content.decode()


# No leak -------------------------------------------------------------------------------------------


def _everything_side_a_reaches(client, done):
    """Every page and API response of the round a member of side A can open."""
    responses = {
        "round list": client.get(reverse("matching:round-list")),
        "round page": client.get(reverse("matching:round-detail", args=[done.pk])),
        "api rounds": client.get("/api/v1/rounds/"),
        "api round": client.get(f"/api/v1/rounds/{done.pk}/"),
        "api proposals": client.get(f"/api/v1/rounds/{done.pk}/proposals/"),
    }
    for proposal in done.proposals.all():
        responses[f"proposal page {proposal.pk}"] = client.get(reverse("matching:proposal-detail", args=[proposal.pk]))
        responses[f"api proposal {proposal.pk}"] = client.get(f"/api/v1/proposals/{proposal.pk}/")
    for name, response in responses.items():
        assert response.status_code == 200, name
    return {name: response.content.decode() for name, response in responses.items()}


@pytest.mark.parametrize("viewer", ["a_operator", "a_sensitive"])
def test_side_a_sees_nothing_identifying_of_side_b(joint, viewer):
    done = _run(joint.a_operator, joint.agreement)
    client = client_for(getattr(joint, viewer))
    before = set(AccessLogEntry.objects.values_list("pk", flat=True))
    bodies = _everything_side_a_reaches(client, done)
    b_ids = {joint.b_secret.pk, joint.b_other.pk}
    b_households = {joint.b_secret.household_id, joint.b_other.household_id}
    for name, body in bodies.items():
        for secret in (*SECRET_STRINGS, "Famiglia Sudati", "Ottavio"):
            assert secret not in body, f"{secret!r} leaks in {name}"
        for pk in b_ids:
            assert reverse("matching:application-detail", args=[pk]) not in body, name
        for pk in b_households:
            assert reverse("registry:household-detail", args=[pk]) not in body, name
    # The API never gives the partner's application ids, and names them by pseudonym only.
    proposals = json.loads(bodies["api proposals"])["results"]
    b_rows = [p for p in proposals if p["held_by"] == "Agenzia Sud"]
    assert len(b_rows) == 2
    assert all(p["application"] is None for p in b_rows)
    pseudonyms = {p["household"] for p in b_rows}
    assert all(re.fullmatch(gettext("Household %(id)s") % {"id": "B-[0-9A-F]{8}"}, p) for p in pseudonyms)
    own = next(p for p in proposals if p["held_by"] == "Agenzia Nord")
    assert (own["application"], own["household"]) == (joint.a_application.pk, "Famiglia Nordini")
    # The explanation of A's proposal names the higher-priority B households by the same pseudonyms.
    a_proposal = done.proposals.get(application=joint.a_application)
    detail = json.loads(bodies[f"api proposal {a_proposal.pk}"])
    assert {r["household"] for r in detail["refusals"]} == pseudonyms
    for pseudonym in pseudonyms:
        assert pseudonym in bodies["round page"]
        assert pseudonym in bodies[f"proposal page {a_proposal.pk}"]
    # B's sensitive score part is summed, even for a member of A with the sensitive-data permission.
    secret_proposal = done.proposals.get(application=joint.b_secret)
    parts = json.loads(bodies[f"api proposal {secret_proposal.pk}"])["score_parts"]
    assert {p["rule"]: p["points"] for p in parts} == {
        "Attesa": "12.00",
        gettext("Criteria from sensitive data"): "18.00",
    }
    secret_detail = json.loads(bodies[f"api proposal {secret_proposal.pk}"])
    assert (secret_detail["occupants"], secret_detail["needs_step_free"], secret_detail["priority"]) == (
        2,
        True,
        "30.00",
    )
    # Reads of B's proposals are not logged (nothing personal shown); A's own is, once per page and API read.
    logged = list(AccessLogEntry.objects.exclude(pk__in=before).values_list("record_type", "record_id"))
    assert len(logged) == 2
    assert {record_id for _type, record_id in logged} == {str(joint.a_application.pk)}


def test_pseudonyms_are_stable_in_a_round_and_differ_across_rounds(joint):
    first = _run(joint.a_operator, joint.agreement)
    second = _run(joint.a_operator, joint.agreement)
    client = client_for(joint.a_operator)

    def names(round):
        rows = client.get(f"/api/v1/rounds/{round.pk}/proposals/").json()["results"]
        return {p["household"] for p in rows if p["application"] is None}

    assert names(first) == names(first)
    assert names(first).isdisjoint(names(second))
    label = selectors.household_pseudonym(round_id=first.pk, application_id=joint.b_secret.pk, side="B")
    assert label in names(first)
    # Keyed with the server's secret: another key gives another pseudonym.
    with override_settings(SECRET_KEY="another-secret-key-for-this-test-only-0123456789"):
        assert selectors.household_pseudonym(round_id=first.pk, application_id=joint.b_secret.pk, side="B") != label


def test_side_b_sees_its_own_households_by_name_and_a_pseudonymised(joint):
    done = _run(joint.a_operator, joint.agreement)
    client = client_for(joint.b_operator)
    page = client.get(reverse("matching:round-detail", args=[done.pk])).content.decode()
    assert "Famiglia Zanzottera" in page
    assert "Famiglia Sudati" in page
    assert "Famiglia Nordini" not in page
    rows = client.get(f"/api/v1/rounds/{done.pk}/proposals/").json()["results"]
    by_holder = {p["held_by"]: p for p in rows}
    assert by_holder["Agenzia Nord"]["application"] is None
    mine = {p["application"] for p in rows if p["held_by"] == "Agenzia Sud"}
    assert mine == {joint.b_secret.pk, joint.b_other.pk}
    secret_proposal = done.proposals.get(application=joint.b_secret)
    proposal_page = client.get(reverse("matching:proposal-detail", args=[secret_proposal.pk])).content.decode()
    assert reverse("matching:application-detail", args=[joint.b_secret.pk]) in proposal_page
    # A's own application page stays out of B's scope.
    assert client.get(reverse("matching:application-detail", args=[joint.a_application.pk])).status_code == 404


def test_side_a_cannot_open_side_b_records_directly(joint):
    _run(joint.a_operator, joint.agreement)
    client = client_for(joint.a_operator)
    assert client.get(reverse("matching:application-detail", args=[joint.b_secret.pk])).status_code == 404
    assert client.get(f"/api/v1/applications/{joint.b_secret.pk}/").status_code == 404
    assert client.get(reverse("registry:household-detail", args=[joint.b_secret.household_id])).status_code == 404


def test_a_round_of_one_organisation_is_unchanged(joint, world):
    single = services.round_solve(round_id=services.round_start(actor=actor_of(joint.a_operator)).pk)
    assert not single.is_joint
    assert {a["id"] for a in single.snapshot["instance"]["applications"]} == {str(joint.a_application.pk)}
    units = {u["id"] for b in single.snapshot["instance"]["buildings"] for u in b["units"]}
    assert units == {str(u.pk) for u in joint.a_units.values()}
    assert client_for(joint.b_operator).get(reverse("matching:round-detail", args=[single.pk])).status_code == 404


def test_choosing_another_household_sends_the_partners_pseudonym_not_its_id(joint):
    done = _run(joint.a_operator, joint.agreement)
    # Both B households are proposed A's units; A rejects one, which frees it for the other unit.
    rejected = done.proposals.get(application=joint.b_other)
    on_a_unit = done.proposals.get(application=joint.b_secret)
    assert {rejected.unit.building.organisation_id, on_a_unit.unit.building.organisation_id} == {
        joint.agreement.organisation_id
    }
    services.proposal_reject(actor=actor_of(joint.a_operator), proposal=rejected, reason="Prova")
    client = client_for(joint.a_operator)
    pseudonym = selectors.household_pseudonym(round_id=done.pk, application_id=joint.b_other.pk, side="B")

    page = client.get(reverse("matching:proposal-detail", args=[on_a_unit.pk])).content.decode()

    options = re.findall(r'<option value="([^"]+)"', page)
    assert pseudonym in options
    assert str(joint.b_other.pk) not in options
    # Choosing by pseudonym reaches the right household; the bare id is not a choice.
    url = reverse("matching:proposal-replace", args=[on_a_unit.pk])
    refused = client.post(url, {"application": str(joint.b_other.pk), "reason": "Urgenza"})
    assert refused.status_code == 400
    assert not done.proposals.filter(replaces=on_a_unit).exists()
    chosen = client.post(url, {"application": pseudonym, "reason": "Urgenza"})
    assert chosen.status_code == 302
    assert done.proposals.get(replaces=on_a_unit).application == joint.b_other
