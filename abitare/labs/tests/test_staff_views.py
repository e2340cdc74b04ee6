"""Facilitators' pages: attendance by name and head counts, and who may reach them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from abitare.labs import services
from abitare.labs.models import Attendance, HeadCount
from abitare.labs.views.common import occurrence_key
from conftest import client_for


def attendance_url(activity):
    return reverse("labs:attendance", args=[activity.pk]) + f"?start={occurrence_key(activity.dtstart)}"


@pytest.fixture
def registered(activity):
    return services.registration_create(
        actor=None, activity=activity, start=activity.dtstart, name="Anna Bianchi", email="a@example.test", consent=True
    )


def test_facilitator_sees_registrants_and_records_attendance_and_head_counts(facilitator, activity, registered):
    client = client_for(facilitator)

    page = client.get(attendance_url(activity))
    response = client.post(
        attendance_url(activity),
        {
            f"present_{registered.pk}": "on",
            "walk_in": "Marco Neri",
            "walk_in_first_time": "on",
            "count_65+_female": "3",
            "count_0-5_male": "1",
        },
    )

    assert page.status_code == 200
    assert "Anna Bianchi" in page.text
    assert response.status_code == 302
    assert sorted(Attendance.objects.values_list("name", "first_time")) == [
        ("Anna Bianchi", None),
        ("Marco Neri", True),
    ]
    assert sorted(HeadCount.objects.values_list("age_band", "sex", "count")) == [
        ("0-5", "male", 1),
        ("65+", "female", 3),
    ]


def test_facilitator_lab_list_and_activity_page(facilitator, activity, other_lab):
    client = client_for(facilitator)

    labs = client.get(reverse("labs:manage-lab-list"))
    page = client.get(reverse("labs:manage-activity", args=[activity.pk]))

    assert [lab.name for lab in labs.context["labs"]] == ["Laboratorio Uno"]
    assert page.status_code == 200
    assert len(page.context["rows"]) >= 8


POST = {"count_65+_female": "9"}


def test_anonymous_is_sent_to_sign_in_and_nothing_changes(activity, registered):
    client = Client()

    get = client.get(attendance_url(activity))
    post = client.post(attendance_url(activity), POST)

    assert get.status_code == 302
    assert post.status_code == 302
    assert "/accounts/login/" in post["Location"]
    assert not HeadCount.objects.exists()


def test_wrong_role_is_refused_and_nothing_changes(operator, activity, registered):
    client = client_for(operator)

    assert client.get(attendance_url(activity)).status_code == 403
    assert client.post(attendance_url(activity), POST).status_code == 403
    assert client.get(reverse("labs:manage-lab-list")).status_code == 403
    assert not HeadCount.objects.exists()


def test_other_organisation_cannot_see_or_change_the_lab(other_org_facilitator, activity, registered):
    client = client_for(other_org_facilitator)

    assert client.get(attendance_url(activity)).status_code == 404
    assert client.post(attendance_url(activity), POST).status_code == 404
    assert client.get(reverse("labs:manage-activity", args=[activity.pk])).status_code == 404
    assert list(client.get(reverse("labs:manage-lab-list")).context["labs"]) == []
    assert not HeadCount.objects.exists()


def test_attendance_for_a_time_without_occurrence_is_not_found(facilitator, activity):
    url = reverse("labs:attendance", args=[activity.pk]) + "?start=20000101T000000Z"

    assert client_for(facilitator).get(url).status_code == 404
