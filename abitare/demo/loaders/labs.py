"""Demo community labs: Lucca's two hubs, some of Pavia's Laboratori Sociali and a handful of
Rhodense labs, each with a place and weekly activities over three months (from four weeks ago).

Lab and place names follow the real networks; addresses, coordinates and descriptions are
approximate or invented. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from abitare.accounts.models import Organisation, Territory, User
from abitare.labs import services
from abitare.labs.models import Activity, Lab
from abitare.labs.recurrence import ROME


@dataclass(frozen=True)
class DemoActivity:
    title: str
    weekday: int  # 0 = Monday
    hour: int
    hours: int
    tags: tuple[str, ...]
    audience: str = Activity.Audience.ALL
    capacity: int | None = None


@dataclass(frozen=True)
class DemoLab:
    name: str
    kind: str
    territory: str
    organisation: str
    actor: str
    street: str
    city: str
    latitude: str
    longitude: str
    activities: tuple[DemoActivity, ...]
    phase: str = Lab.Phase.ACTIVATION


LUCCA = "Cooperativa Co-Mix Lucca (demo)"
PAVIA = "Laboratori Sociali di Pavia (demo)"
RHO = "Rete Laboratori di Comunità del Rhodense (demo)"
HOMEWORK = DemoActivity("Aiuto compiti", 2, 15, 2, ("Scuola",), Activity.Audience.CHILDREN, 12)
COFFEE = DemoActivity("Caffè del quartiere", 4, 10, 2, ("Incontro",), Activity.Audience.ELDERLY)
GARDEN = DemoActivity("Orto condiviso", 5, 9, 3, ("Orto",), Activity.Audience.FAMILIES)
SEWING = DemoActivity("Laboratorio di cucito", 1, 17, 2, ("Creatività",), Activity.Audience.ALL, 10)

LABS: list[DemoLab] = [
    DemoLab("Hub di comunità San Vito", Lab.Kind.COMMUNITY_HUB, "San Vito", LUCCA, "facilitatore",
            "Via di San Vito 1 (demo)", "Lucca", "43.853000", "10.521000", (HOMEWORK, COFFEE, SEWING),
            Lab.Phase.MAINTENANCE),
    DemoLab("Hub di comunità Pontetetto", Lab.Kind.COMMUNITY_HUB, "San Concordio-Pontetetto", LUCCA, "facilitatore",
            "Via di Pontetetto 10 (demo)", "Lucca", "43.826000", "10.500000", (HOMEWORK, GARDEN)),
    DemoLab("Laboratorio Sociale In Pelizza", Lab.Kind.SOCIAL_LAB, "Pelizza", PAVIA, "facilitatore.pavia",
            "Via Pelizza 1 (demo)", "Pavia", "45.195000", "9.160000", (HOMEWORK, COFFEE)),
    DemoLab("Laboratorio Sociale Crosione", Lab.Kind.SOCIAL_LAB, "Crosione", PAVIA, "facilitatore.pavia",
            "Via Crosione 1 (demo)", "Pavia", "45.180000", "9.150000", (SEWING, GARDEN)),
    DemoLab("Laboratorio Sociale In Scala", Lab.Kind.SOCIAL_LAB, "Scala", PAVIA, "facilitatore.pavia",
            "Via Scala 1 (demo)", "Pavia", "45.190000", "9.170000", (COFFEE,), Lab.Phase.ENGAGEMENT),
    DemoLab("Laboratorio Sociale Travacò Siccomario", Lab.Kind.SOCIAL_LAB, "Travacò Siccomario", PAVIA,
            "facilitatore.pavia", "Piazza del Municipio 1 (demo)", "Travacò Siccomario", "45.155000", "9.160000",
            (HOMEWORK,), Lab.Phase.ENGAGEMENT),
    DemoLab("Laboratorio di comunità Rho Centro", Lab.Kind.COMMUNITY_LAB, "Centro", RHO, "operatore.rho",
            "Via Madonna 1 (demo)", "Rho", "45.528000", "9.040000", (COFFEE, SEWING)),
    DemoLab("Laboratorio di comunità Lucernate", Lab.Kind.COMMUNITY_LAB, "Lucernate", RHO, "operatore.rho",
            "Via Lucernate 1 (demo)", "Rho", "45.535000", "9.050000", (HOMEWORK,)),
    DemoLab("Casa per fare insieme Arese", Lab.Kind.SHARED_HOUSE, "Arese", RHO, "operatore.rho",
            "Via Roma 1 (demo)", "Arese", "45.553000", "9.077000", (GARDEN, COFFEE)),
    DemoLab("Laboratorio di comunità Lainate", Lab.Kind.COMMUNITY_LAB, "Lainate", RHO, "operatore.rho",
            "Via Mengato 1 (demo)", "Lainate", "45.572000", "9.027000", (SEWING,), Lab.Phase.ENGAGEMENT),
]  # fmt: skip


def _first_start(activity: DemoActivity, today: datetime.date) -> datetime.datetime:
    day = today - datetime.timedelta(weeks=4)
    day += datetime.timedelta(days=(activity.weekday - day.weekday()) % 7)
    return datetime.datetime(day.year, day.month, day.day, activity.hour, tzinfo=ROME)


def load_lab(demo: DemoLab, today: datetime.date) -> Lab:
    existing = Lab.objects.filter(name=demo.name).first()
    if existing is not None:
        return existing
    actor = User.objects.get(username=demo.actor)
    territory = Territory.objects.get(name=demo.territory)
    organisation = Organisation.objects.get(name=demo.organisation)
    place = services.place_create(
        actor=actor,
        name=f"Sede {demo.name}",
        territory=territory,
        organisation=organisation,
        street=demo.street,
        city=demo.city,
        latitude=demo.latitude,
        longitude=demo.longitude,
        step_free=True,
        opening_hours=[(weekday, datetime.time(9), datetime.time(20)) for weekday in range(6)],
    )
    tags = {name for activity in demo.activities for name in activity.tags}
    lab = services.lab_create(
        actor=actor,
        name=demo.name,
        kind=demo.kind,
        territory=territory,
        organisation=organisation,
        main_place=place,
        description=f"{demo.name}: attività aperte a tutti nel quartiere (demo).",
        tags=[services.tag_get_or_create(name=name) for name in sorted(tags)],
        phase=demo.phase,
        started_on=today - datetime.timedelta(days=365),
    )
    for activity in demo.activities:
        start = _first_start(activity, today)
        services.activity_create(
            actor=actor,
            lab=lab,
            title=activity.title,
            place=place,
            start=start,
            end=start + datetime.timedelta(hours=activity.hours),
            rrule="FREQ=WEEKLY;COUNT=13",
            audience=activity.audience,
            capacity=activity.capacity,
            registration_required=activity.capacity is not None,
            tags=[services.tag_get_or_create(name=name) for name in activity.tags],
        )
    return lab


def load() -> list[Lab]:
    today = timezone.localdate()
    return [load_lab(demo, today) for demo in LABS]
