"""The public directory by distance and time, the week view, the network (Agorà) page and the
monthly poster PDF in A4 and A3."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from weasyprint import HTML  # type: ignore[import-untyped]

from abitare.accounts.testing import acting
from abitare.labs import poster, services
from abitare.labs.models import Lab


@pytest.fixture
def far_lab(world, facilitator):
    place = services.place_create(
        actor=acting(facilitator),
        name="Sede lontana",
        territory=world.municipality,
        organisation=world.organisation,
        street="Via Lontana 9",
        city="Comune Alfa",
        latitude="44.500000",
        longitude="11.300000",
    )
    return services.lab_create(
        actor=acting(facilitator),
        name="Laboratorio Lontano",
        kind=Lab.Kind.COMMUNITY_LAB,
        territory=world.municipality,
        organisation=world.organisation,
        main_place=place,
    )


def test_directory_by_distance_from_coordinates_or_a_neighbourhood(lab, far_lab, other_lab, world):
    by_coordinates = Client().get(reverse("labs:lab-list"), {"latitude": "43.84", "longitude": "10.50"})
    within = Client().get(reverse("labs:lab-list"), {"latitude": "43.84", "longitude": "10.50", "within_km": "10"})
    near = Client().get(reverse("labs:lab-list"), {"near": world.neighbourhood.pk})
    half = Client().get(reverse("labs:lab-list"), {"latitude": "43.84"})

    rows = [(lab.name, round(km)) for lab, km in by_coordinates.context["page"]]
    assert rows == [("Laboratorio Uno", 0), ("Laboratorio Lontano", 97)]
    assert [lab.name for lab, _km in within.context["page"]] == ["Laboratorio Uno"]
    assert next(lab.name for lab, _km in near.context["page"]) == "Laboratorio Uno"
    assert "0.3 km" in by_coordinates.text or "0,3 km" in by_coordinates.text
    assert half.context["form"].errors == {"__all__": ["Indica sia la latitudine sia la longitudine."]}


def test_calendar_filters_by_time_of_day_and_distance(activity):
    month = f"{activity.dtstart:%Y-%m}"
    evening = Client().get(reverse("labs:activity-calendar"), {"month": month, "time_from": "17:00"})
    morning = Client().get(reverse("labs:activity-calendar"), {"month": month, "time_to": "12:00"})
    far_away = Client().get(
        reverse("labs:activity-calendar"), {"month": month, "latitude": "45.0", "longitude": "9.0", "within_km": "5"}
    )

    assert evening.context["page"].object_list
    assert morning.context["page"].object_list == []
    assert far_away.context["page"].object_list == []


def test_week_view_lists_seven_days_with_the_activity(activity):
    week = activity.dtstart.date() - datetime.timedelta(days=activity.dtstart.weekday())

    response = Client().get(reverse("labs:activity-calendar"), {"view": "week", "week": week.isoformat()})

    days = response.context["week_days"]
    assert response.status_code == 200
    assert next(day for day, _items in days) == week
    assert [len(items) for _day, items in days] == [0, 1, 0, 0, 0, 0, 0]
    assert response.context["next_week"] == (week + datetime.timedelta(days=7)).isoformat()


def test_network_page_lists_labs_with_phase_reach_and_next_activities(facilitator, world, activity, other_lab, place):
    start = activity.dtstart + datetime.timedelta(days=2)
    services.activity_create(
        actor=acting(facilitator),
        lab=activity.lab,
        kind="agora",
        title="Agorà della rete",
        place=place,
        start=start,
        end=start + datetime.timedelta(hours=2),
    )
    services.head_count_record(
        actor=acting(facilitator),
        activity=activity,
        start=activity.dtstart,
        counts={("65+", "female"): 5},
    )

    listing = Client().get(reverse("labs:network-list"))
    response = Client().get(reverse("labs:network-detail", args=[world.district.pk]))

    assert world.district in list(listing.context["territories"])
    assert [row.lab.name for row in response.context["rows"]] == ["Laboratorio Uno"]
    assert response.context["rows"][0].upcoming[0].activity.title == "Coro di quartiere"
    assert [item.activity.title for item in response.context["agora"]] == ["Agorà della rete"]
    assert Client().get(reverse("labs:network-detail", args=[world.neighbourhood.pk])).status_code == 404


def _pdf_text(data: bytes) -> str:
    command = shutil.which("pdftotext")
    if command:
        return subprocess.run([command, "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return ""


def _box_text(box) -> str:
    own = getattr(box, "text", "") or ""
    return " ".join([own, *(_box_text(child) for child in getattr(box, "children", []))])


@pytest.mark.parametrize(("size", "width_mm"), [("A4", 210), ("A3", 297)])
def test_poster_is_a_real_pdf_of_the_right_size_with_the_lab_name(activity, size, width_mm):

    month = activity.dtstart.date().replace(day=1)
    url = reverse("labs:lab-poster", args=[activity.lab.slug])

    response = Client().get(url, {"size": size, "month": f"{month:%Y-%m}"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    context = poster.poster_context(lab=activity.lab, month=month, page_url="http://x/", size=size)
    document = HTML(string=render_to_string("labs/poster.html", context)).render()
    page = document.pages[0]
    text = _pdf_text(response.content) or " ".join(_box_text(page._page_box).split())
    assert round(page.width * 25.4 / 96) == width_mm
    assert len(document.pages) == 1
    assert "Laboratorio Uno" in text
    assert "Coro di quartiere" in text
    assert context["qr"].startswith("data:image/svg+xml")


def test_poster_of_an_unknown_size_or_lab_is_not_found(lab):
    assert Client().get(reverse("labs:lab-poster", args=[lab.slug]), {"size": "A0"}).status_code == 404
    assert Client().get(reverse("labs:lab-poster", args=["nessuno"])).status_code == 404
