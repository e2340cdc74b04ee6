"""Sharing agreements between two districts: lifecycle, refusals, pages and API, access."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from abitare.accounts.models import Role, Territory
from abitare.accounts.tests.factories import OrganisationFactory, make_member, make_territory
from abitare.core.exceptions import Conflict, DomainError, NotAllowed
from abitare.matching import services
from abitare.matching.models import SharingAgreement
from abitare.registry.tests.factories import actor_of
from conftest import client_for

TODAY = timezone.localdate()
LAST_MONTH = TODAY - datetime.timedelta(days=30)


@pytest.fixture
def partner_admin(world):
    return make_member(
        organisation=world.other_organisation, territory=world.other_district, role=Role.ADMINISTRATOR, username="sud"
    )


def _record(administrator, world, **overrides):
    values = {
        "title": "Accordo Nord-Sud",
        "partner": world.other_organisation,
        "partner_territory": world.other_district,
        "signed_on": LAST_MONTH,
        "valid_from": LAST_MONTH,
        "valid_to": None,
        "act_reference": "Delibera n. 12 del 2026",
    }
    values.update(overrides)
    return services.agreement_record(actor=actor_of(administrator), **values)


def test_record_confirm_and_end(world, administrator, partner_admin):
    agreement = _record(administrator, world)
    assert agreement.status == SharingAgreement.Status.PENDING
    assert agreement.organisation == world.organisation
    assert agreement.territory == world.district
    assert not agreement.in_force(TODAY)

    confirmed = services.agreement_confirm(actor=actor_of(partner_admin), agreement=agreement)
    assert confirmed.status == SharingAgreement.Status.CONFIRMED
    assert confirmed.confirmed_by == partner_admin
    assert confirmed.in_force(TODAY)
    assert not confirmed.in_force(LAST_MONTH - datetime.timedelta(days=1))

    ended = services.agreement_end(actor=actor_of(administrator), agreement=agreement, reason="Scaduto il progetto")
    assert ended.status == SharingAgreement.Status.ENDED
    assert ended.end_reason == "Scaduto il progetto"
    assert not ended.in_force(TODAY)
    # History kept: recorded, confirmed, ended.
    assert [h.status for h in agreement.history.order_by("history_date")] == ["pending", "confirmed", "ended"]


def test_the_recording_side_cannot_confirm_its_own_agreement(world, administrator):
    agreement = _record(administrator, world)
    with pytest.raises(NotAllowed):
        services.agreement_confirm(actor=actor_of(administrator), agreement=agreement)
    agreement.refresh_from_db()
    assert agreement.status == SharingAgreement.Status.PENDING


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"partner_territory": "own_district"}, "partner_territory"),
        ({"partner_territory": "municipality"}, "partner_territory"),
        ({"valid_from": TODAY, "valid_to": LAST_MONTH}, "valid_to"),
        ({"title": "  "}, "title"),
        ({"act_reference": ""}, "act_reference"),
        ({"signed_on": TODAY + datetime.timedelta(days=1)}, "signed_on"),
    ],
)
def test_record_refusals(world, administrator, overrides, field):
    resolved = {
        key: {"own_district": world.district, "municipality": world.other_municipality}.get(value, value)
        for key, value in overrides.items()
    }
    with pytest.raises(DomainError) as refused:
        _record(administrator, world, **resolved)
    assert refused.value.field == field
    assert not SharingAgreement.objects.exists()


def test_same_organisation_twice_is_refused(world, administrator):
    with pytest.raises(DomainError) as refused:
        _record(administrator, world, partner=world.organisation, partner_territory=world.other_district)
    assert refused.value.field == "partner"
    assert not SharingAgreement.objects.exists()


def test_partner_must_work_in_its_district(world, administrator):
    elsewhere = make_territory("Distretto Est", Territory.Kind.DISTRICT)
    with pytest.raises(DomainError) as refused:
        _record(administrator, world, partner_territory=elsewhere)
    assert refused.value.field == "partner_territory"


def test_only_administrators_record(world, operator):
    with pytest.raises(NotAllowed):
        _record(operator, world)
    assert not SharingAgreement.objects.exists()


def test_a_membership_below_district_level_cannot_record(world):
    municipal_admin = make_member(
        organisation=world.organisation, territory=world.municipality, role=Role.ADMINISTRATOR, username="comunale"
    )
    with pytest.raises(DomainError) as refused:
        _record(municipal_admin, world)
    assert refused.value.code == "not_district"


def test_overlapping_agreement_between_the_same_two_is_refused(world, administrator, partner_admin):
    first = _record(administrator, world, valid_to=TODAY + datetime.timedelta(days=365))
    services.agreement_confirm(actor=actor_of(partner_admin), agreement=first)
    # Either way round: the partner records one that overlaps.
    partner_view = {"partner": world.organisation, "partner_territory": world.district}
    with pytest.raises(Conflict):
        _record(partner_admin, world, valid_from=TODAY, **partner_view)
    assert SharingAgreement.objects.count() == 1
    # After the first one's end date it is accepted.
    after = TODAY + datetime.timedelta(days=366)
    later = _record(partner_admin, world, valid_from=after, signed_on=TODAY, **partner_view)
    assert later.organisation == world.other_organisation


def test_an_ended_agreement_no_longer_blocks_a_new_one(world, administrator):
    first = _record(administrator, world)
    services.agreement_end(actor=actor_of(administrator), agreement=first, reason="Ritirato")
    assert _record(administrator, world).status == SharingAgreement.Status.PENDING


def test_confirm_and_end_twice_conflict(world, administrator, partner_admin):
    agreement = _record(administrator, world)
    services.agreement_confirm(actor=actor_of(partner_admin), agreement=agreement)
    with pytest.raises(Conflict):
        services.agreement_confirm(actor=actor_of(partner_admin), agreement=agreement)
    with pytest.raises(DomainError) as refused:
        services.agreement_end(actor=actor_of(partner_admin), agreement=agreement, reason=" ")
    assert refused.value.field == "reason"
    services.agreement_end(actor=actor_of(partner_admin), agreement=agreement, reason="Fine")
    with pytest.raises(Conflict):
        services.agreement_end(actor=actor_of(administrator), agreement=agreement, reason="Fine")


def test_an_expired_pending_agreement_cannot_be_confirmed(world, administrator, partner_admin):
    agreement = _record(
        administrator,
        world,
        signed_on=LAST_MONTH,
        valid_from=LAST_MONTH,
        valid_to=TODAY - datetime.timedelta(days=1),
    )
    with pytest.raises(DomainError) as refused:
        services.agreement_confirm(actor=actor_of(partner_admin), agreement=agreement)
    assert refused.value.field == "valid_to"


def test_a_third_organisation_cannot_end_or_confirm(world, administrator):
    third_district = make_territory("Distretto Est", Territory.Kind.DISTRICT)
    third = OrganisationFactory(name="Agenzia Est", territories=[third_district])
    outsider = make_member(organisation=third, territory=third_district, role=Role.ADMINISTRATOR, username="est")
    agreement = _record(administrator, world)
    with pytest.raises(NotAllowed):
        services.agreement_confirm(actor=actor_of(outsider), agreement=agreement)
    with pytest.raises(NotAllowed):
        services.agreement_end(actor=actor_of(outsider), agreement=agreement, reason="No")
    agreement.refresh_from_db()
    assert agreement.status == SharingAgreement.Status.PENDING


# Pages ---------------------------------------------------------------------------------------------


def test_pages_record_and_confirm(world, administrator, partner_admin):
    client = client_for(administrator)
    assert client.get(reverse("matching:agreement-list")).status_code == 200
    response = client.post(
        reverse("matching:agreement-list"),
        {
            "title": "Accordo Nord-Sud",
            "partner": world.other_organisation.pk,
            "partner_territory": world.other_district.pk,
            "signed_on": LAST_MONTH.isoformat(),
            "valid_from": LAST_MONTH.isoformat(),
            "act_reference": "Delibera n. 12",
        },
    )
    agreement = SharingAgreement.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("matching:agreement-detail", args=[agreement.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    assert reverse("matching:agreement-confirm", args=[agreement.pk]) not in page.content.decode()

    partner = client_for(partner_admin)
    page = partner.get(reverse("matching:agreement-detail", args=[agreement.pk]))
    assert reverse("matching:agreement-confirm", args=[agreement.pk]) in page.content.decode()
    assert partner.post(reverse("matching:agreement-confirm", args=[agreement.pk])).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == SharingAgreement.Status.CONFIRMED


def test_page_refusal_is_a_form_error_and_changes_nothing(world, administrator):
    response = client_for(administrator).post(
        reverse("matching:agreement-list"),
        {
            "title": "Accordo",
            "partner": world.other_organisation.pk,
            "partner_territory": world.other_district.pk,
            "signed_on": LAST_MONTH.isoformat(),
            "valid_from": TODAY.isoformat(),
            "valid_to": LAST_MONTH.isoformat(),
            "act_reference": "Delibera",
        },
    )
    assert response.status_code == 400
    assert "valid_to" in response.context["form"].errors
    assert not SharingAgreement.objects.exists()


def test_page_end_needs_a_reason(world, administrator):
    agreement = _record(administrator, world)
    client = client_for(administrator)
    response = client.post(reverse("matching:agreement-end", args=[agreement.pk]), {"reason": ""})
    assert response.status_code == 400
    agreement.refresh_from_db()
    assert agreement.status == SharingAgreement.Status.PENDING
    response = client.post(reverse("matching:agreement-end", args=[agreement.pk]), {"reason": "Ritirato"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == SharingAgreement.Status.ENDED


def test_pages_access(world, administrator, operator, other_org_operator, client):
    agreement = _record(administrator, world)
    detail = reverse("matching:agreement-detail", args=[agreement.pk])
    assert client.get(detail).status_code in (302, 403)
    assert client_for(operator).get(detail).status_code == 403
    # An operator of the partner has no administrator role either.
    assert client_for(other_org_operator).get(detail).status_code == 403
    third_district = make_territory("Distretto Est", Territory.Kind.DISTRICT)
    third = OrganisationFactory(name="Agenzia Est", territories=[third_district])
    outsider = make_member(organisation=third, territory=third_district, role=Role.ADMINISTRATOR, username="est")
    assert client_for(outsider).get(detail).status_code == 404
    assert client_for(outsider).post(reverse("matching:agreement-confirm", args=[agreement.pk])).status_code == 404
    assert "Accordo Nord-Sud" not in client_for(outsider).get(reverse("matching:agreement-list")).content.decode()
    agreement.refresh_from_db()
    assert agreement.status == SharingAgreement.Status.PENDING


# API -----------------------------------------------------------------------------------------------


def test_api_lifecycle(world, administrator, partner_admin):
    client = client_for(administrator)
    response = client.post(
        "/api/v1/agreements/",
        {
            "title": "Accordo Nord-Sud",
            "partner": world.other_organisation.pk,
            "partner_territory": world.other_district.pk,
            "signed_on": LAST_MONTH.isoformat(),
            "valid_from": LAST_MONTH.isoformat(),
            "act_reference": "Delibera n. 12",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["status"] == "pending"
    assert client.post(f"/api/v1/agreements/{pk}/confirm/").status_code == 403
    partner = client_for(partner_admin)
    assert [a["id"] for a in partner.get("/api/v1/agreements/").json()["results"]] == [pk]
    confirmed = partner.post(f"/api/v1/agreements/{pk}/confirm/")
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "confirmed"
    refused = partner.post(f"/api/v1/agreements/{pk}/end/", {"reason": ""}, content_type="application/json")
    assert refused.status_code == 400
    assert "reason" in refused.json()["error"]["fields"]
    ended = partner.post(f"/api/v1/agreements/{pk}/end/", {"reason": "Fine"}, content_type="application/json")
    assert ended.json()["status"] == "ended"


def test_api_refusals_are_4xx_with_fields(world, administrator):
    client = client_for(administrator)
    base = {
        "title": "Accordo",
        "partner": world.other_organisation.pk,
        "partner_territory": world.other_district.pk,
        "signed_on": LAST_MONTH.isoformat(),
        "valid_from": TODAY.isoformat(),
        "act_reference": "Delibera",
    }
    cases = [
        ({"valid_to": LAST_MONTH.isoformat()}, "valid_to"),
        ({"partner": world.organisation.pk}, "partner"),
        ({"partner": 999999}, "partner"),
        ({"partner_territory": 999999}, "partner_territory"),
        ({"signed_on": "not a date"}, "signed_on"),
    ]
    for change, field in cases:
        response = client.post("/api/v1/agreements/", base | change, content_type="application/json")
        assert response.status_code == 400, (change, response.content)
        assert field in response.json()["error"]["fields"], change
    assert not SharingAgreement.objects.exists()
    assert client_for(administrator).get("/api/v1/agreements/999999/").status_code == 404


def test_api_access(world, operator, client):
    assert client.get("/api/v1/agreements/").status_code in (401, 403)
    assert client_for(operator).get("/api/v1/agreements/").status_code == 403


def test_the_partner_district_must_not_overlap_ours(world, administrator):
    world.other_organisation.territories.add(world.district)
    with pytest.raises(DomainError) as refused:
        _record(administrator, world, partner_territory=world.district)
    assert refused.value.field == "partner_territory"
    assert not SharingAgreement.objects.exists()
