"""Community labs in a real browser: on a 360 px phone a citizen finds an activity by interest
and registers; a facilitator records attendance and head counts; axe-core finds no WCAG 2.1 AA
violation on the public labs pages. Screenshots go to docs/screenshots/labs-*.png."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from abitare.accounts.models import Role
from abitare.accounts.testing import acting
from abitare.accounts.tests.factories import make_member
from abitare.labs import services
from abitare.labs.models import Attendance, HeadCount, Lab, Registration
from abitare.labs.recurrence import ROME

pytestmark = pytest.mark.e2e


def _next_tuesday(hour: int) -> datetime.datetime:
    today = datetime.datetime.now(tz=ROME).date()
    day = today + datetime.timedelta(days=(1 - today.weekday()) % 7 or 7)
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=ROME)


@pytest.fixture
def labs_world(world: Any) -> dict[str, Any]:
    facilitator = make_member(
        organisation=world.organisation, territory=world.district, role=Role.FACILITATOR, username="facilitatore"
    )
    place = services.place_create(
        actor=acting(facilitator),
        name="Sala civica",
        territory=world.neighbourhood,
        organisation=world.organisation,
        street="Via Roma 1",
        postal_code="55100",
        city="Comune Alfa",
        latitude="43.842000",
        longitude="10.502000",
        step_free=True,
    )
    music = services.tag_get_or_create(name="Musica")
    garden = services.tag_get_or_create(name="Orto")
    lab = services.lab_create(
        actor=acting(facilitator),
        name="Laboratorio Uno",
        kind=Lab.Kind.COMMUNITY_LAB,
        territory=world.neighbourhood,
        organisation=world.organisation,
        main_place=place,
        description="Un laboratorio di quartiere.",
        tags=[music, garden],
    )
    start = _next_tuesday(18)
    choir = services.activity_create(
        actor=acting(facilitator),
        lab=lab,
        title="Coro di quartiere",
        place=place,
        start=start,
        end=start + datetime.timedelta(hours=2),
        rrule="FREQ=WEEKLY;COUNT=8",
        capacity=12,
        registration_required=True,
        tags=[music],
    )
    services.activity_create(
        actor=acting(facilitator),
        lab=lab,
        title="Orto condiviso",
        place=place,
        start=start + datetime.timedelta(days=4, hours=-8),
        end=start + datetime.timedelta(days=4, hours=-6),
        rrule="FREQ=WEEKLY;COUNT=8",
        tags=[garden],
    )
    return {"facilitator": facilitator, "lab": lab, "choir": choir}


def test_citizen_finds_an_activity_by_interest_and_registers_on_a_phone(mobile_page, labs_world, axe, screenshot):
    page = mobile_page
    choir = labs_world["choir"]

    # given the public calendar on a small phone
    page.goto("/laboratori/calendario/")
    axe(page)

    # when the citizen chooses an interest and searches
    page.locator("#id_tag").select_option("musica")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**tag=musica**")

    # then only the choir is listed, and the page fits the screen
    titles = page.locator("main .card-title a").all_inner_texts()
    assert set(titles) == {"Coro di quartiere"}
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "labs-calendar-mobile.png")

    # when they open the activity and register for the first date
    page.locator("main .card-title a").first.click()
    page.wait_for_url(f"**/laboratori/attivita/{choir.pk}/")
    axe(page)
    page.locator("main a.btn-primary").first.click()
    page.wait_for_url("**/iscrizione/**")
    axe(page)
    page.locator("#id_name").fill("Giulia Verdi")
    page.locator("#id_email").fill("giulia@example.test")
    page.locator("#id_first_time").select_option("yes")
    page.locator("label[for=id_consent]").click()
    screenshot(page, "labs-registration-mobile.png")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/iscrizione/inviata/")
    axe(page)

    # then the place is confirmed, and nobody else's name is shown
    registration = Registration.objects.get()
    assert (registration.name, registration.status, registration.first_time) == ("Giulia Verdi", "confirmed", True)
    assert "Giulia" not in page.locator("main").inner_text()
    screenshot(page, "labs-registration-done-mobile.png")


def test_public_labs_pages_pass_axe(page, labs_world, axe, screenshot):
    lab = labs_world["lab"]
    pages = {
        "directory": "/laboratori/",
        "lab": f"/laboratori/{lab.slug}/",
        "month": "/laboratori/calendario/?view=month",
        "week": "/laboratori/calendario/?view=week",
        "network": f"/laboratori/reti/{lab.territory.path.strip('/').split('/')[0]}/",
        "volunteer": "/laboratori/offri-il-tuo-tempo/",
    }
    for name, url in pages.items():
        response = page.goto(url)
        assert response.status == 200, url
        axe(page)
        if name in {"directory", "lab", "volunteer"}:
            screenshot(page, f"labs-{name}.png")


def test_facilitator_records_attendance_and_head_counts(page, labs_world, sign_in, axe, screenshot):
    choir = labs_world["choir"]
    registration = services.registration_create(
        actor=None, activity=choir, start=choir.dtstart, name="Anna Bianchi", email="anna@example.test", consent=True
    )

    # given the facilitator signed in on the activity's page
    sign_in(page, "facilitatore")
    page.goto(f"/laboratori/gestione/attivita/{choir.pk}/")

    # when they open the first date's attendance, tick the registrant, add a walk-in and counts
    page.locator("main a[href*='presenze']").first.click()
    page.wait_for_url("**/presenze/**")
    axe(page)
    page.locator(f"label[for=id_present_{registration.pk}]").click()
    page.locator("#id_walk_in").fill("Marco Neri")
    page.locator("label[for=id_walk_in_first_time]").click()
    page.locator("[name='count_65+_female']").fill("4")
    page.locator("[name='count_6-13_male']").fill("2")
    screenshot(page, "labs-attendance.png")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    # then attendance by name and the anonymous head counts are saved
    assert sorted(Attendance.objects.values_list("name", "first_time")) == [
        ("Anna Bianchi", None),
        ("Marco Neri", True),
    ]
    assert sorted(HeadCount.objects.values_list("age_band", "sex", "count")) == [
        ("6-13", "male", 2),
        ("65+", "female", 4),
    ]
