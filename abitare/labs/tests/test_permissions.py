"""The labs' permission matrix. Everyone, signed in or not, reads the public pages, feeds and the
HSDS directory, signs up for an activity and offers time as a volunteer. Facilitators and
coordinators run the back office: labs, places, activities, registrations, attendance, councils,
volunteers and help networks. Every other role, anonymous visitors and a user working under another
role while holding one of those are refused the back office and change nothing; another
organisation's facilitator does not find our labs, activities, volunteers and networks, and only
the invited lab's facilitators answer an Agorà invitation."""

import datetime

import pytest

from abitare.accounts.models import Role
from abitare.accounts.testing import acting, walk_case
from abitare.core.testing import INCOMPLETE, Case, route_names, rows_of
from abitare.labs import services
from abitare.labs.hsds import hsds_id
from abitare.labs.models import Activity, Lab
from abitare.labs.services.agora import agora_participants_set
from abitare.labs.services.community import (
    help_member_add,
    help_network_create,
    help_offer_create,
    help_request_create,
    volunteer_create,
)
from abitare.labs.services.council import council_meeting_record
from abitare.labs.tests.conftest import next_weekday

EVERYONE = frozenset(Role.values)
FACILITATION = frozenset({Role.FACILITATOR, Role.COORDINATOR})


def public(name, method="get", **fields):
    return Case(name, EVERYONE, method, anonymous=True, **fields)


def on_date(scene):
    return {"start": scene["date"]}


TABLE = [
    # Public pages, feeds and forms.
    public("labs:lab-list"),
    public("labs:lab-detail", at="slug"),
    public("labs:lab-feed", at="slug"),
    public("labs:lab-poster", at="slug"),
    public("labs:activity-calendar"),
    public("labs:activity-detail", at="activity"),
    public("labs:feed"),
    public("labs:territory-feed", at="neighbourhood"),
    public("labs:network-list"),
    public("labs:network-detail", at="municipality"),
    public("labs:registration-create", at="activity", query=on_date),
    public("labs:registration-create", "post", at="activity", query=on_date, body=INCOMPLETE, ok=400),
    public("labs:registration-done", at="activity"),
    public("labs:occurrence-ics", at="activity", query=on_date),
    public("labs:volunteer-signup"),
    public("labs:volunteer-signup", "post", body=INCOMPLETE, ok=400),
    public("labs:volunteer-done"),
    public("api:lab-occurrence-list"),
    public("hsds:meta"),
    public("hsds:service-list"),
    public("hsds:service-detail", at="hsds-service"),
    public("hsds:organization-list"),
    public("hsds:organization-detail", at="hsds-organization"),
    public("hsds:service-at-location-list"),
    public("hsds:service-at-location-detail", at="hsds-service-at-location"),
    # The back office: labs, councils, places.
    Case("labs:manage-lab-list", FACILITATION),
    Case("labs:lab-create", FACILITATION),
    Case("labs:lab-create", FACILITATION, "post", body=INCOMPLETE, ok=400),
    Case("labs:manage-lab", FACILITATION, at="lab"),
    Case("labs:lab-edit", FACILITATION, at="lab"),
    Case("labs:lab-edit", FACILITATION, "post", at="lab", body=INCOMPLETE, ok=400),
    Case("labs:lab-phase", FACILITATION, at="lab"),
    Case("labs:lab-phase", FACILITATION, "post", at="lab", body=INCOMPLETE, ok=400),
    Case("labs:council-meeting-create", FACILITATION, at="lab"),
    Case("labs:council-meeting-create", FACILITATION, "post", at="lab", body=INCOMPLETE, ok=400),
    Case("labs:council-meeting-edit", FACILITATION, at="council"),
    Case("labs:council-meeting-edit", FACILITATION, "post", at="council", body=INCOMPLETE, ok=400),
    Case("labs:place-create", FACILITATION),
    Case("labs:place-create", FACILITATION, "post", body=INCOMPLETE, ok=400),
    Case("labs:place-edit", FACILITATION, at="place"),
    Case("labs:place-edit", FACILITATION, "post", at="place", body=INCOMPLETE, ok=400),
    Case("api:lab-list", FACILITATION),
    Case("api:lab-list", FACILITATION, "post", body={}, ok=400),
    Case("api:lab-detail", FACILITATION, at="lab"),
    Case("api:lab-phase", FACILITATION, "post", at="lab", body={}, ok=400),
    Case("api:lab-reach", FACILITATION, at="lab"),
    Case("api:lab-council-meetings", FACILITATION, at="lab"),
    Case("api:lab-place-list", FACILITATION),
    Case("api:lab-place-list", FACILITATION, "post", body={}, ok=400),
    # Activities, dates, registrations and attendance.
    Case("labs:activity-create", FACILITATION),
    Case("labs:activity-create", FACILITATION, "post", body=INCOMPLETE, ok=400),
    Case("labs:manage-activity", FACILITATION, at="activity"),
    Case("labs:activity-exception", FACILITATION, at="activity"),
    Case("labs:activity-exception", FACILITATION, "post", at="activity", body=INCOMPLETE, ok=400),
    Case("labs:attendance", FACILITATION, at="activity", query=on_date),
    Case("labs:attendance", FACILITATION, "post", at="activity", query=on_date, body=INCOMPLETE, ok=302),
    Case("labs:registrations", FACILITATION, at="activity", query=on_date),
    Case("labs:registrations", FACILITATION, "post", at="activity", query=on_date, body={"register": "1"}, ok=400),
    Case("api:lab-activity-list", FACILITATION),
    Case("api:lab-activity-list", FACILITATION, "post", body={}, ok=400),
    Case("api:lab-activity-detail", FACILITATION, at="activity"),
    Case("api:lab-activity-occurrences", FACILITATION, at="activity"),
    Case("api:lab-activity-exceptions", FACILITATION, "post", at="activity", body={}, ok=400),
    Case("api:lab-activity-attendance", FACILITATION, at="activity", query=on_date),
    Case("api:lab-activity-attendance", FACILITATION, "post", at="activity", body={}, ok=400),
    Case("api:lab-activity-head-counts", FACILITATION, at="activity", query=on_date),
    Case("api:lab-activity-head-counts", FACILITATION, "post", at="activity", body={}, ok=400),
    Case("api:lab-registration-list", FACILITATION),
    Case("api:lab-registration-list", FACILITATION, "post", body={}, ok=400),
    Case("api:lab-registration-cancel", FACILITATION, "post", at="registration", body={}),
    # Agorà invitations: from another organisation's gathering to our lab.
    Case("labs:agora-invitation-answer", FACILITATION, "post", at="invitation", body={"accept": "1"}, ok=302),
    Case("api:agora-invitation-list", FACILITATION),
    Case("api:agora-invitation-answer", FACILITATION, "post", at="invitation", body={"accept": True}),
    # Volunteers and help networks.
    Case("labs:volunteer-list", FACILITATION),
    Case("labs:volunteer-hours", FACILITATION, at="volunteer"),
    Case("labs:volunteer-hours", FACILITATION, "post", at="volunteer", body=INCOMPLETE, ok=400),
    Case("labs:help-network-list", FACILITATION),
    Case("labs:help-network-list", FACILITATION, "post", body=INCOMPLETE, ok=400),
    Case("labs:help-network-detail", FACILITATION, at="network"),
    Case("labs:help-network-detail", FACILITATION, "post", at="network", body={"form": "member"}, ok=400),
    Case("labs:help-request-matches", FACILITATION, at="help-request"),
    Case(
        "labs:help-request-match",
        FACILITATION,
        "post",
        at="help-request",
        body=lambda scene: {"offer": scene["help-offer"].pk},
        ok=302,
    ),
    Case("api:volunteer-list", FACILITATION),
    Case("api:volunteer-list", FACILITATION, "post", body={}, ok=400),
    Case("api:volunteer-hours", FACILITATION, "post", at="volunteer", body={}, ok=400),
    Case("api:help-network-list", FACILITATION),
    Case("api:help-network-list", FACILITATION, "post", body={}, ok=400),
    Case("api:help-network-members", FACILITATION, at="network"),
    Case("api:help-network-members", FACILITATION, "post", at="network", body={}, ok=400),
    Case("api:help-network-offers", FACILITATION, at="network"),
    Case("api:help-network-offers", FACILITATION, "post", at="network", body={}, ok=400),
    Case("api:help-network-requests", FACILITATION, at="network"),
    Case("api:help-network-requests", FACILITATION, "post", at="network", body={}, ok=400),
    Case("api:help-request-matches", FACILITATION, at="help-request"),
    Case("api:help-request-matches", FACILITATION, "post", at="help-request", body={}, ok=400),
]


def _lab(actor, world, *, name, territory, organisation, kind=Lab.Kind.COMMUNITY_LAB):
    place = services.place_create(
        actor=actor,
        name=f"Sala {name}",
        territory=territory,
        organisation=organisation,
        street="Via Roma 1",
        city="Comune Alfa",
        latitude="43.842000",
        longitude="10.502000",
    )
    lab = services.lab_create(
        actor=actor, name=name, kind=kind, territory=territory, organisation=organisation, main_place=place
    )
    return lab, place


@pytest.fixture(scope="module")
def scene(cast, django_db_blocker):
    with django_db_blocker.unblock():
        world = cast.world
        actor = acting(cast.members[Role.FACILITATOR])
        lab, place = _lab(
            actor, world, name="Laboratorio Uno", territory=world.neighbourhood, organisation=world.organisation
        )
        start = next_weekday(1, 18)
        activity = services.activity_create(
            actor=actor,
            lab=lab,
            title="Coro di quartiere",
            place=place,
            start=start,
            end=start + datetime.timedelta(hours=2),
            rrule="FREQ=WEEKLY;COUNT=10",
            capacity=5,
            registration_required=True,
        )
        registration = services.registration_create(
            actor=actor, activity=activity, start=start, name="Giulia Neri", email="giulia@example.test", consent=True
        )
        council = council_meeting_record(actor=actor, lab=lab, date=datetime.date(2026, 1, 20), agenda="Bilancio")
        volunteer = volunteer_create(actor=actor, labs=[lab], name="Marco Blu", consent=True, email="m@example.test")
        network = help_network_create(
            actor=actor, name="Vicini Uno", kind="swap", organisation=world.organisation, territory=world.neighbourhood
        )
        help_member_add(
            actor=actor, network=network, name="Rita Gialli", neighbourhood=world.neighbourhood, consent=True
        )
        help_offer = help_offer_create(
            actor=actor,
            network=network,
            person_name="Rita Gialli",
            kind="swap",
            description="Attrezzi",
            neighbourhood=world.neighbourhood,
        )
        help_request = help_request_create(
            actor=actor,
            network=network,
            person_name="Ugo Verdi",
            kind="swap",
            description="Un trapano",
            neighbourhood=world.neighbourhood,
        )
        # Another organisation's Agorà invites our lab.
        theirs = acting(cast.others[Role.FACILITATOR])
        their_lab, their_place = _lab(
            theirs,
            world,
            name="Laboratorio Sud",
            territory=world.other_municipality,
            organisation=world.other_organisation,
        )
        gathering = services.activity_create(
            actor=theirs,
            lab=their_lab,
            title="Agorà dei laboratori",
            place=their_place,
            start=start,
            end=start + datetime.timedelta(hours=2),
            kind=Activity.Kind.AGORA,
        )
        (invitation,) = agora_participants_set(actor=theirs, activity=gathering, labs=[lab])
        return {
            "slug": lab.slug,
            "lab": lab,
            "place": place,
            "activity": activity,
            "date": start.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ"),
            "registration": registration,
            "council": (lab.pk, council.pk),
            "volunteer": volunteer,
            "network": network,
            "help-request": help_request,
            "help-offer": help_offer,
            "invitation": invitation,
            "neighbourhood": world.neighbourhood,
            "municipality": world.municipality,
            "hsds-service": hsds_id("service", activity.pk),
            "hsds-organization": hsds_id("organization", world.organisation.pk),
            "hsds-service-at-location": hsds_id("service_at_location", activity.pk),
        }


def test_the_table_lists_every_route_of_the_module():
    names = (
        route_names("abitare.labs.urls", "labs")
        | route_names("abitare.labs.api.urls", "api")
        | route_names("abitare.labs.hsds_urls", "hsds")
    )
    assert {case.name for case in TABLE} == names


@pytest.mark.parametrize("case", TABLE, ids=str)
def test_the_labs_matrix(cast, scene, case, db):
    walk_case(cast, case, scene, rows_of("labs"))
