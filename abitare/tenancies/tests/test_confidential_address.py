"""A confidential address beyond the registry: where a protected household lives or will live (its
tenancy's unit, an offered unit, its host, the building of a mediation) is shown, printed, exported
and searched as “Indirizzo riservato” to staff without the sensitive-data permission."""

from __future__ import annotations

import datetime
import io

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from abitare.hosting.services import placement_create
from abitare.hosting.tests.conftest import make_host, make_request
from abitare.matching import services as matching
from abitare.matching.tests.offers_support import approved, build_case, reply_by, run_round
from abitare.registry.models import ProtectionMeasure
from abitare.registry.services import sensitive_record_add
from abitare.registry.tests.factories import actor_of
from abitare.tenancies import documents
from abitare.tenancies.tests.factories import make_tenancy
from conftest import client_for

MASK = "Indirizzo riservato"


def protect(household, sensitive_operator):
    """A protection measure, address confidential, on the household's (first) member."""
    sensitive_record_add(
        actor=actor_of(sensitive_operator),
        person=household.memberships.first().person,
        model=ProtectionMeasure,
        kind="restraining_order",
        start_date=timezone.localdate(),
        address_confidential=True,
    )


@pytest.fixture
def tenancy(world, operator, sensitive_operator):
    tenancy = make_tenancy(operator, world=world, starts_on=datetime.date(2025, 1, 1))
    protect(tenancy.household, sensitive_operator)
    return tenancy


@pytest.fixture
def pdf_as_html(monkeypatch):
    """The HTML each PDF is rendered from (the text a PDF would carry)."""
    monkeypatch.setattr(documents, "_pdf", lambda template, context: render_to_string(template, context).encode())


PAGES = ["tenancies:tenancy-detail", "tenancies:tenancy-exit", "tenancies:payment-create"]


@pytest.mark.parametrize(("who", "hidden"), [("operator", True), ("sensitive_operator", False)])
def test_tenancy_pages_show_the_unit_only_with_the_permission(tenancy, request, who, hidden):
    client = client_for(request.getfixturevalue(who))

    bodies = [client.get(reverse(name, args=[tenancy.pk])).content.decode() for name in PAGES]
    bodies.append(client.get(reverse("tenancies:tenancy-list")).content.decode())

    for body in bodies:
        assert (MASK in body) is hidden
        assert ("Case Tenancy" in body) is not hidden


@pytest.mark.parametrize(("who", "hidden"), [("operator", True), ("sensitive_operator", False)])
def test_the_contract_and_the_statements_print_the_unit_only_with_the_permission(
    tenancy, pdf_as_html, request, who, hidden
):
    client = client_for(request.getfixturevalue(who))

    contract = client.get(reverse("tenancies:tenancy-contract", args=[tenancy.pk])).content.decode()
    statement = client.get(reverse("tenancies:statement-pdf", args=[tenancy.pk])).content.decode()
    xlsx = client.get(reverse("tenancies:statement-xlsx", args=[tenancy.pk])).content
    unit_row = next(
        row for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True) if row[0] == "Alloggio"
    )

    assert (MASK in contract, MASK in statement) == (hidden, hidden)
    assert ("Via Roma 1" in contract, "Case Tenancy" in contract, "Case Tenancy" in statement) == (
        not hidden,
        not hidden,
        not hidden,
    )
    assert unit_row[1] == (MASK if hidden else "Case Tenancy · 1A")


@pytest.mark.parametrize(("who", "unit_shown"), [("operator", False), ("sensitive_operator", True)])
def test_the_tenancy_api_gives_the_unit_only_with_the_permission(tenancy, request, who, unit_shown):
    client = client_for(request.getfixturevalue(who))

    detail = client.get(f"/api/v1/tenancies/{tenancy.pk}/").json()
    listing = client.get("/api/v1/tenancies/").json()["results"]

    expected = tenancy.unit_id if unit_shown else None
    assert detail["unit"] == expected
    assert [row["unit"] for row in listing] == [expected]


def test_searching_tenancies_by_unit_or_building_does_not_find_the_protected_household(
    tenancy, operator, sensitive_operator
):
    plain = client_for(operator).get(reverse("tenancies:tenancy-list"), {"q": "Case Tenancy"}).content.decode()
    allowed = client_for(sensitive_operator).get(reverse("tenancies:tenancy-list"), {"q": "Case Tenancy"})
    by_reference = client_for(operator).get(reverse("tenancies:tenancy-list"), {"q": tenancy.reference})

    assert tenancy.reference not in plain
    assert tenancy.reference in allowed.content.decode()
    assert tenancy.reference in by_reference.content.decode()


def test_the_tenancy_pages_refuse_other_roles_and_organisations(tenancy, client, facilitator, other_org_operator):
    url = reverse("tenancies:tenancy-detail", args=[tenancy.pk])

    assert client.get(url).status_code == 302
    assert client_for(facilitator).get(url).status_code == 403
    assert client_for(other_org_operator).get(url).status_code == 404


# Offers ---------------------------------------------------------------------------------------


@pytest.fixture
def offer(world, operator, sensitive_operator):
    case = build_case(operator, world)
    done = run_round(operator)
    application = case.applications["step_free"]
    protect(application.household, sensitive_operator)
    proposal = approved(operator, done, application)
    return matching.offer_send(actor=actor_of(operator), proposal=proposal, reply_by=reply_by())


@pytest.mark.parametrize(("who", "hidden"), [("operator", True), ("sensitive_operator", False)])
def test_an_offer_shows_the_unit_only_with_the_permission(offer, request, who, hidden):
    client = client_for(request.getfixturevalue(who))

    detail = client.get(reverse("matching:offer-detail", args=[offer.pk])).content.decode()
    listing = client.get(reverse("matching:offer-list")).content.decode()
    application = client.get(reverse("matching:application-detail", args=[offer.application_id])).content.decode()
    api = client.get(f"/api/v1/offers/{offer.pk}/").json()

    for body in (detail, listing, application):
        assert (MASK in body) is hidden
    assert ("Case Alfa · 1" in detail) is not hidden
    assert (reverse("housing:unit-detail", args=[offer.unit_id]) in detail) is not hidden
    assert api["unit"] == (None if hidden else offer.unit_id)


# Hosting --------------------------------------------------------------------------------------


@pytest.fixture
def placement(operator, sensitive_operator):
    host = make_host(operator)
    emergency = make_request(operator)
    protect(emergency.household, sensitive_operator)
    return placement_create(
        actor=actor_of(operator),
        request=emergency,
        host=host,
        start=timezone.localdate(),
        planned_end=timezone.localdate() + datetime.timedelta(days=5),
    )


@pytest.mark.parametrize(("who", "hidden"), [("operator", True), ("sensitive_operator", False)])
def test_the_host_of_a_protected_household_shows_only_with_the_permission(placement, request, who, hidden):
    client = client_for(request.getfixturevalue(who))

    request_page = client.get(reverse("hosting:request-detail", args=[placement.request_id])).content.decode()
    host_page = client.get(reverse("hosting:host-detail", args=[placement.host_id])).content.decode()
    api = client.get("/api/v1/placements/").json()["results"]

    assert (MASK in request_page, MASK in host_page) == (hidden, hidden)
    assert (str(placement.host) in request_page) is not hidden
    assert (str(placement.request) in host_page) is not hidden
    assert [(row["host"], row["request"]) for row in api] == [
        (None, None) if hidden else (placement.host_id, placement.request_id)
    ]
