"""Public pages: directory, lab page, calendar and the citizen's sign-up form."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from icalendar import Calendar

from abitare.labs import services
from abitare.labs.models import Registration
from abitare.labs.views.common import RATE_LIMIT, occurrence_key


@pytest.fixture
def anonymous() -> Client:
    return Client()


def sign_up_url(activity):
    return reverse("labs:registration-create", args=[activity.pk]) + f"?start={occurrence_key(activity.dtstart)}"


def sign_up_data(**overrides):
    return {"name": "Giulia Verdi", "email": "giulia@example.test", "consent": "on", "website": "", **overrides}


def test_directory_lists_published_labs_and_filters_by_interest(anonymous, lab, other_lab):
    everything = anonymous.get(reverse("labs:lab-list"))
    music = anonymous.get(reverse("labs:lab-list"), {"tag": "musica"})

    assert everything.status_code == 200
    assert [lab.name for lab, _km in everything.context["page"]] == ["Laboratorio Sud", "Laboratorio Uno"]
    assert [lab.name for lab, _km in music.context["page"]] == ["Laboratorio Uno"]


def test_directory_filters_by_neighbourhood_and_day(anonymous, world, activity, other_lab):
    in_district = anonymous.get(reverse("labs:lab-list"), {"territory": world.district.pk})
    on_tuesday = anonymous.get(reverse("labs:lab-list"), {"day": "1"})
    on_sunday = anonymous.get(reverse("labs:lab-list"), {"day": "6"})

    assert [lab.name for lab, _km in in_district.context["page"]] == ["Laboratorio Uno"]
    assert [lab.name for lab, _km in on_tuesday.context["page"]] == ["Laboratorio Uno"]
    assert list(on_sunday.context["page"]) == []


def test_unpublished_lab_is_not_found(anonymous, lab):
    lab.is_published = False
    lab.save()

    assert anonymous.get(reverse("labs:lab-detail", args=[lab.slug])).status_code == 404
    assert anonymous.get(reverse("labs:lab-feed", args=[lab.slug])).status_code == 404


def test_lab_page_shows_the_next_occurrences(anonymous, activity):
    response = anonymous.get(reverse("labs:lab-detail", args=[activity.lab.slug]))

    assert response.status_code == 200
    assert len(response.context["upcoming"]) == 4
    assert "Coro di quartiere" in response.text


@pytest.mark.parametrize("view", ["list", "month"])
def test_calendar_shows_the_month(anonymous, activity, view):
    month = activity.dtstart.strftime("%Y-%m")

    response = anonymous.get(reverse("labs:activity-calendar"), {"month": month, "view": view})

    assert response.status_code == 200
    assert "Coro di quartiere" in response.text


def test_citizen_registers_and_gets_an_email(anonymous, activity, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(sign_up_url(activity), sign_up_data(first_time="yes"))

    assert response.status_code == 302
    assert response["Location"] == reverse("labs:registration-done", args=[activity.pk])
    registration = Registration.objects.get()
    assert (registration.name, registration.status, registration.first_time) == ("Giulia Verdi", "confirmed", True)
    assert registration.registered_by is None
    assert [m.to for m in mailoutbox] == [["giulia@example.test"]]


def test_registration_without_consent_saves_nothing(anonymous, activity):
    response = anonymous.post(sign_up_url(activity), sign_up_data(consent=""))

    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_honeypot_pretends_success_and_saves_nothing(anonymous, activity):
    response = anonymous.post(sign_up_url(activity), sign_up_data(website="http://spam.example"))

    assert response.status_code == 302
    assert not Registration.objects.exists()


def test_the_confirmation_says_confirmed_with_date_place_and_a_calendar_file(anonymous, activity):
    response = anonymous.post(sign_up_url(activity), sign_up_data(), follow=True)

    page = response.content.decode()
    assert "Il tuo posto è confermato." in page
    assert activity.place.name in page
    assert date_format(timezone.localtime(activity.dtstart), "j F Y") in page
    ics = reverse("labs:occurrence-ics", args=[activity.pk]) + f"?start={occurrence_key(activity.dtstart)}"
    assert ics.replace("?", "?").split("?")[0] in page
    event = anonymous.get(ics)
    assert event["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(event.content)
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("dtstart") == activity.dtstart
    assert str(vevent["summary"]) == activity.title


def test_a_full_date_puts_the_citizen_on_the_waiting_list_and_says_so(anonymous, activity):
    activity.capacity = 1
    activity.save()
    anonymous.post(sign_up_url(activity), sign_up_data(email="first@example.test"))

    response = Client().post(sign_up_url(activity), sign_up_data(email="second@example.test"), follow=True)

    assert "lista d’attesa" in response.content.decode() or "lista d'attesa" in response.content.decode()


def test_form_posted_twice_says_the_address_is_already_registered_and_saves_once(anonymous, activity):
    first = anonymous.post(sign_up_url(activity), sign_up_data())
    second = anonymous.post(sign_up_url(activity), sign_up_data(), follow=True)

    assert first["Location"] == reverse("labs:registration-done", args=[activity.pk])
    assert "era già iscritto" in second.content.decode()
    assert Registration.objects.count() == 1
    # Another browser sees no outcome: the page never tells a stranger about a registration.
    assert "era già iscritto" not in Client().get(first["Location"]).content.decode()


def test_a_date_that_does_not_exist_has_no_calendar_file(anonymous, activity):
    url = reverse("labs:occurrence-ics", args=[activity.pk])
    assert anonymous.get(url, {"start": "20000101T100000Z"}).status_code == 404
    assert anonymous.get(url, {"start": "nonsense"}).status_code == 404


def test_sign_ups_are_rate_limited(anonymous, activity):
    for n in range(RATE_LIMIT):
        anonymous.post(sign_up_url(activity), sign_up_data(email=f"p{n}@example.test"))

    response = anonymous.post(sign_up_url(activity), sign_up_data(email="late@example.test"))

    assert response.status_code == 429
    assert not Registration.objects.filter(email="late@example.test").exists()


def test_public_pages_never_show_who_registered(anonymous, activity):
    services.registration_create(
        actor=None,
        activity=activity,
        start=activity.dtstart,
        name="Segreto Rossi",
        email="s@example.test",
        consent=True,
    )

    pages = [
        reverse("labs:activity-detail", args=[activity.pk]),
        reverse("labs:lab-detail", args=[activity.lab.slug]),
        sign_up_url(activity),
        reverse("labs:lab-feed", args=[activity.lab.slug]),
    ]

    for url in pages:
        response = anonymous.get(url)
        assert response.status_code == 200
        assert b"Segreto" not in response.content
        assert b"s@example.test" not in response.content


def test_sign_up_for_a_time_without_occurrence_is_refused(anonymous, activity):
    url = reverse("labs:registration-create", args=[activity.pk]) + "?start=20000101T000000Z"

    response = anonymous.post(url, sign_up_data())

    assert response.status_code == 400
    assert not Registration.objects.exists()
