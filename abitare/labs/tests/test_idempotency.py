"""Double submission: volunteer hours are recorded once however many times the form or the API
call arrives (issue 11, finding 7)."""

import datetime

import pytest
from django.urls import reverse

from abitare.core.tests.idempotency import assert_api_posts_once, assert_form_posts_once
from abitare.labs import services
from abitare.labs.models import VolunteerHours
from conftest import client_for


@pytest.fixture
def volunteer(lab):
    return services.volunteer_create(
        actor=None, labs=[lab], name="Lucia", email="l@example.test", skills="cucina", weekdays=[2], consent=True
    )


def test_a_volunteer_hours_form_posted_twice_records_the_hours_once(facilitator, lab, volunteer):
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()

    assert_form_posts_once(
        client_for(facilitator),
        page=reverse("labs:volunteer-hours", args=[volunteer.pk]),
        data={"lab": lab.pk, "date": yesterday, "hours": "3"},
        count=VolunteerHours.objects.count,
    )


def test_volunteer_hours_sent_twice_to_the_api_with_one_key_are_recorded_once(facilitator, lab, volunteer):
    body = {"lab": lab.pk, "date": "2026-01-10", "hours": "2.5"}

    assert_api_posts_once(
        facilitator,
        url=f"/api/v1/volunteers/{volunteer.pk}/hours/",
        body=body,
        other_body={**body, "hours": "3"},
        count=VolunteerHours.objects.count,
    )
