"""Community labs benchmark: 100 labs (10 municipalities x 10 labs, each lab in a neighbourhood
with its own place and coordinates) and 1,000 activity occurrences a month over a year (240
weekly activities of 52 weeks, a few cancelled or moved dates). Server time, in process, of the
public calendar (a month, list view, and a week), the directory search by interest and distance,
a territory's yearly iCalendar feed and a month poster PDF."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable

from bench.harness import Figure, bench_database, p95, time_ms

LABS = 100
ACTIVITIES = 240  # x 52 weekly dates ~ 1,040 occurrences a month
YEAR = 2026


def _populate() -> dict[str, object]:
    from abitare.accounts.models import Organisation, Role, Territory, User
    from abitare.accounts.services import membership_grant, territory_create
    from abitare.labs import recurrence, services
    from abitare.labs.models import Activity, ActivityException, Lab, Place, Tag

    rome = recurrence.ROME
    facilitator = User.objects.create(username="bench-facilitator", password="!")
    district = territory_create(name="Ambito Bench", kind=Territory.Kind.DISTRICT)
    organisation = Organisation.objects.create(name="Rete Bench", kind=Organisation.Kind.ASSOCIATION)
    organisation.territories.add(district)
    actor = membership_grant(user=facilitator, organisation=organisation, territory=district, role=Role.FACILITATOR)
    tags = [Tag.objects.create(slug=f"interesse-{n}", name=f"Interesse {n}") for n in range(12)]
    labs: list[Lab] = []
    places: list[Place] = []
    for m in range(10):
        municipality = territory_create(name=f"Comune {m}", kind=Territory.Kind.MUNICIPALITY, parent=district)
        for n in range(10):
            neighbourhood = territory_create(
                name=f"Quartiere {m}-{n}", kind=Territory.Kind.NEIGHBOURHOOD, parent=municipality
            )
            place = Place.objects.create(
                name=f"Sede {m}-{n}",
                territory=neighbourhood,
                organisation=organisation,
                street=f"Via {n}",
                city=f"Comune {m}",
                latitude=45.0 + m * 0.05 + n * 0.004,
                longitude=9.0 + m * 0.05 - n * 0.003,
            )
            lab = Lab.objects.create(
                name=f"Laboratorio {m}-{n}",
                slug=f"laboratorio-{m}-{n}",
                kind=Lab.Kind.COMMUNITY_LAB,
                territory=neighbourhood,
                organisation=organisation,
                main_place=place,
                phase=Lab.Phase.ACTIVATION,
            )
            lab.places.add(place)
            lab.tags.add(tags[(m + n) % len(tags)])
            labs.append(lab)
            places.append(place)
    activities = []
    for a in range(ACTIVITIES):
        lab_index = a % LABS
        day = datetime.date(YEAR, 1, 5) + datetime.timedelta(days=(a // LABS) * 2 + a % 5)
        start = datetime.datetime.combine(day, datetime.time(9 + (a // LABS) * 4 + a % 3), tzinfo=rome)
        duration = datetime.timedelta(hours=2)
        rule = "FREQ=WEEKLY;COUNT=52"
        last = recurrence.all_occurrences(dtstart=start, duration=duration, rule=rule)[-1]
        activities.append(
            Activity(
                lab=labs[lab_index],
                title=f"Attività {a}",
                place=places[lab_index],
                dtstart=start,
                duration=duration,
                rrule=rule,
                last_end=last.end,
                audience=Activity.Audience.values[a % len(Activity.Audience.values)],
                capacity=12 if a % 4 == 0 else None,
                registration_required=a % 4 == 0,
            )
        )
    activities = Activity.objects.bulk_create(activities)
    Activity.tags.through.objects.bulk_create(
        Activity.tags.through(activity_id=activity.pk, tag_id=tags[n % len(tags)].pk)
        for n, activity in enumerate(activities)
    )
    exceptions = []
    for n, activity in enumerate(activities[::4]):
        original = activity.dtstart + datetime.timedelta(weeks=10 + n % 20)
        original = original.astimezone(rome).replace(hour=activity.dtstart.astimezone(rome).hour)
        exceptions.append(ActivityException(activity=activity, original_start=original, kind="cancelled"))
    ActivityException.objects.bulk_create(exceptions)
    # One lab through the services too, so the poster lab has a realistic history.
    services.lab_phase_change(actor=actor, lab=labs[0], phase=Lab.Phase.MAINTENANCE, date=datetime.date(YEAR, 2, 1))
    return {"district": district, "lab": labs[0], "tag": tags[3]}


def _cpu_p95(action: Callable[[], object], repeat: int) -> float:
    """p95 of the process CPU time of ``action`` in ms: on a shared machine the wall-clock figures
    include time spent waiting for a core, this one does not (printed as a comment line)."""
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        samples.append((time.process_time() - start) * 1000)
    return p95(samples)


def run(only: str | None = None) -> list[Figure]:
    with bench_database():
        from django.test import Client

        from abitare.labs.models import Activity
        from abitare.labs.recurrence import ROME
        from abitare.labs.selectors import occurrences_between

        started = time.perf_counter()
        data = _populate()
        month_start = datetime.datetime(YEAR, 5, 1, tzinfo=ROME)
        month_end = datetime.datetime(YEAR, 6, 1, tzinfo=ROME)
        per_month = len(occurrences_between(Activity.objects.prefetch_related("exceptions"), month_start, month_end))
        print(f"# labs bench: {per_month} occurrences in May {YEAR}, set up in {time.perf_counter() - started:.1f} s")
        client = Client()
        district = data["district"]
        lab = data["lab"]
        tag = data["tag"]
        figures = []
        month = client.get("/laboratori/calendario/", {"month": f"{YEAR}-05"})
        assert month.status_code == 200, month.status_code
        calendar = time_ms(lambda: client.get("/laboratori/calendario/", {"month": f"{YEAR}-05"}), repeat=60)
        figures.append(Figure("labs.calendar_month_p95", p95(calendar), "ms", "<=", 100))
        week = time_ms(
            lambda: client.get("/laboratori/calendario/", {"view": "week", "week": f"{YEAR}-05-11"}), repeat=60
        )
        figures.append(Figure("labs.calendar_week_p95", p95(week), "ms", "<=", 100))
        search = time_ms(
            lambda: client.get(
                "/laboratori/",
                {"tag": tag.slug, "latitude": "45.2", "longitude": "9.2", "within_km": "30"},  # type: ignore[attr-defined]
            ),
            repeat=100,
        )
        figures.append(Figure("labs.directory_search_p95", p95(search), "ms", "<=", 100))
        feed_url = f"/laboratori/territorio/{district.pk}/calendario.ics"  # type: ignore[attr-defined]
        feed = time_ms(lambda: client.get(feed_url), repeat=20)
        figures.append(Figure("labs.territory_feed_p95", p95(feed), "ms", "<=", 500))
        poster_url = f"/laboratori/{lab.slug}/manifesto.pdf"  # type: ignore[attr-defined]
        response = client.get(poster_url, {"month": f"{YEAR}-05"})
        assert response.content.startswith(b"%PDF"), response.status_code
        pdf = time_ms(lambda: client.get(poster_url, {"month": f"{YEAR}-05", "size": "A3"}), repeat=10, warmup=1)
        figures.append(Figure("labs.poster_pdf_max", max(pdf) / 1000, "s", "<=", 3))
        cpu = {
            "calendar_month": _cpu_p95(lambda: client.get("/laboratori/calendario/", {"month": f"{YEAR}-05"}), 40),
            "calendar_week": _cpu_p95(
                lambda: client.get("/laboratori/calendario/", {"view": "week", "week": f"{YEAR}-05-11"}), 40
            ),
            "directory_search": _cpu_p95(
                lambda: client.get("/laboratori/", {"tag": tag.slug, "latitude": "45.2", "longitude": "9.2"}),  # type: ignore[attr-defined]
                40,
            ),
            "territory_feed": _cpu_p95(lambda: client.get(feed_url), 10),
        }
        print("# labs bench, CPU time p95 (ms): " + ", ".join(f"{name} {value:.0f}" for name, value in cpu.items()))
        return [f for f in figures if not only or only in {"labs", f.name}]
