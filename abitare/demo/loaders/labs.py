"""Demo community labs: Lucca's two hubs in San Vito and Pontetetto, Pavia's nine Laboratori
Sociali and the Rhodense network of 21 labs with its 17 help networks; each lab has a place and
weekly activities over three months (from four weeks ago), head counts and named attendance on
the dates already past, a council meeting, and the networks an Agorà each.

Lab and place names follow the real networks; addresses, coordinates and descriptions are
approximate or invented. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from abitare.accounts.models import Membership, Organisation, Territory
from abitare.demo.loaders.territory import member
from abitare.labs import selectors, services
from abitare.labs.models import Activity, CouncilMeeting, HeadCount, HelpNetwork, Lab
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
MUSIC = DemoActivity("Coro di quartiere", 3, 18, 2, ("Musica",), Activity.Audience.ALL, 25)
YOUTH = DemoActivity("Spazio giovani", 4, 16, 3, ("Giovani",), Activity.Audience.YOUNG_PEOPLE)
KITCHEN = DemoActivity("Cucina insieme", 6, 11, 3, ("Cucina",), Activity.Audience.FAMILIES, 15)

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
    DemoLab("Laboratorio Sociale Spazio Q", Lab.Kind.SOCIAL_LAB, "Città Giardino", PAVIA, "facilitatore.pavia",
            "Via Spazio Q 1 (demo)", "Pavia", "45.198000", "9.145000", (YOUTH, MUSIC)),
    DemoLab("Social Bistrot - Il Naviglio", Lab.Kind.SOCIAL_LAB, "Borgo Ticino", PAVIA, "facilitatore.pavia",
            "Via del Naviglio 1 (demo)", "Pavia", "45.182000", "9.160000", (KITCHEN, COFFEE)),
    DemoLab("Laboratorio Sociale La Torretta", Lab.Kind.SOCIAL_LAB, "Pavia", PAVIA, "facilitatore.pavia",
            "Via Torretta 1 (demo)", "Pavia", "45.200000", "9.175000", (SEWING,)),
    DemoLab("Laboratorio Sociale Travacò Siccomario", Lab.Kind.SOCIAL_LAB, "Travacò Siccomario", PAVIA,
            "facilitatore.pavia", "Piazza del Municipio 1 (demo)", "Travacò Siccomario", "45.155000", "9.160000",
            (HOMEWORK,), Lab.Phase.ENGAGEMENT),
    DemoLab("Laboratorio Sociale Cava Manara", Lab.Kind.SOCIAL_LAB, "Cava Manara", PAVIA, "facilitatore.pavia",
            "Piazza Roma 1 (demo)", "Cava Manara", "45.140000", "9.108000", (COFFEE, GARDEN)),
    DemoLab("Laboratorio Sociale Carbonara al Ticino", Lab.Kind.SOCIAL_LAB, "Carbonara al Ticino", PAVIA,
            "facilitatore.pavia", "Via Roma 1 (demo)", "Carbonara al Ticino", "45.165000", "9.060000", (HOMEWORK,),
            Lab.Phase.ENGAGEMENT),
    DemoLab("Laboratorio di comunità Rho Centro", Lab.Kind.COMMUNITY_LAB, "Centro", RHO, "operatore.rho",
            "Via Madonna 1 (demo)", "Rho", "45.528000", "9.040000", (COFFEE, SEWING)),
    DemoLab("Laboratorio di comunità Lucernate", Lab.Kind.COMMUNITY_LAB, "Lucernate", RHO, "operatore.rho",
            "Via Lucernate 1 (demo)", "Rho", "45.535000", "9.050000", (HOMEWORK,)),
    DemoLab("Casa per fare insieme Arese", Lab.Kind.SHARED_HOUSE, "Arese", RHO, "operatore.rho",
            "Via Roma 1 (demo)", "Arese", "45.553000", "9.077000", (GARDEN, COFFEE)),
    DemoLab("Laboratorio di comunità Lainate", Lab.Kind.COMMUNITY_LAB, "Lainate", RHO, "operatore.rho",
            "Via Mengato 1 (demo)", "Lainate", "45.572000", "9.027000", (SEWING,), Lab.Phase.ENGAGEMENT),
    DemoLab("Laboratorio di comunità Mazzo", Lab.Kind.COMMUNITY_LAB, "Mazzo", RHO, "operatore.rho",
            "Via Mazzo 1 (demo)", "Rho", "45.521000", "9.018000", (HOMEWORK, MUSIC)),
    DemoLab("Laboratorio di comunità Passirana", Lab.Kind.COMMUNITY_LAB, "Passirana", RHO, "operatore.rho",
            "Via Passirana 1 (demo)", "Rho", "45.545000", "9.030000", (COFFEE,)),
    DemoLab("Laboratorio di comunità Terrazzano", Lab.Kind.COMMUNITY_LAB, "Terrazzano", RHO, "operatore.rho",
            "Via Terrazzano 1 (demo)", "Rho", "45.520000", "9.060000", (GARDEN,), Lab.Phase.ENGAGEMENT),
    DemoLab("Laboratorio di comunità Rho Stazione", Lab.Kind.COMMUNITY_LAB, "Rho", RHO, "operatore.rho",
            "Piazza della Stazione 1 (demo)", "Rho", "45.531000", "9.036000", (YOUTH,)),
    DemoLab("Laboratorio di comunità Arese Valera", Lab.Kind.COMMUNITY_LAB, "Arese", RHO, "operatore.rho",
            "Via Valera 1 (demo)", "Arese", "45.560000", "9.085000", (KITCHEN,)),
    DemoLab("Laboratorio di comunità Cornaredo", Lab.Kind.COMMUNITY_LAB, "Cornaredo", RHO, "operatore.rho",
            "Piazza Libertà 1 (demo)", "Cornaredo", "45.500000", "9.027000", (COFFEE, HOMEWORK)),
    DemoLab("Laboratorio di comunità San Pietro all'Olmo", Lab.Kind.COMMUNITY_LAB, "Cornaredo", RHO,
            "operatore.rho", "Via San Pietro 1 (demo)", "Cornaredo", "45.490000", "9.010000", (GARDEN,)),
    DemoLab("Laboratorio di comunità Lainate Barbaiana", Lab.Kind.COMMUNITY_LAB, "Lainate", RHO, "operatore.rho",
            "Via Barbaiana 1 (demo)", "Lainate", "45.580000", "9.005000", (MUSIC,)),
    DemoLab("Laboratorio di comunità Pero", Lab.Kind.COMMUNITY_LAB, "Pero", RHO, "operatore.rho",
            "Via Sempione 1 (demo)", "Pero", "45.510000", "9.087000", (HOMEWORK, COFFEE), Lab.Phase.MAINTENANCE),
    DemoLab("Laboratorio di comunità Cerchiate", Lab.Kind.COMMUNITY_LAB, "Cerchiate", RHO, "operatore.rho",
            "Via Cerchiate 1 (demo)", "Pero", "45.505000", "9.075000", (KITCHEN,)),
    DemoLab("Laboratorio di comunità Pogliano Milanese", Lab.Kind.COMMUNITY_LAB, "Pogliano Milanese", RHO,
            "operatore.rho", "Piazza Volontari 1 (demo)", "Pogliano Milanese", "45.537000", "8.995000", (SEWING,)),
    DemoLab("Laboratorio di comunità Pregnana Milanese", Lab.Kind.COMMUNITY_LAB, "Pregnana Milanese", RHO,
            "operatore.rho", "Via Roma 2 (demo)", "Pregnana Milanese", "45.513000", "8.998000", (COFFEE,),
            Lab.Phase.ENGAGEMENT),
    DemoLab("Laboratorio di comunità Settimo Milanese", Lab.Kind.COMMUNITY_LAB, "Settimo Milanese", RHO,
            "operatore.rho", "Piazza Tre Martiri 1 (demo)", "Settimo Milanese", "45.478000", "9.055000",
            (YOUTH, HOMEWORK)),
    DemoLab("Laboratorio di comunità Seguro", Lab.Kind.COMMUNITY_LAB, "Settimo Milanese", RHO, "operatore.rho",
            "Via Seguro 1 (demo)", "Settimo Milanese", "45.470000", "9.040000", (GARDEN,)),
    DemoLab("Laboratorio di comunità Vanzago", Lab.Kind.COMMUNITY_LAB, "Vanzago", RHO, "operatore.rho",
            "Piazza San Ippolito 1 (demo)", "Vanzago", "45.525000", "8.990000", (COFFEE, MUSIC)),
    DemoLab("Laboratorio di comunità Lainate Grancia", Lab.Kind.COMMUNITY_LAB, "Lainate", RHO, "operatore.rho",
            "Via Grancia 1 (demo)", "Lainate", "45.566000", "9.040000", (HOMEWORK,), Lab.Phase.ENGAGEMENT),
    DemoLab("Casa per fare insieme Rho Mazzo", Lab.Kind.SHARED_HOUSE, "Mazzo", RHO, "operatore.rho",
            "Via Casa Insieme 1 (demo)", "Rho", "45.518000", "9.025000", (KITCHEN,)),
]  # fmt: skip


def _first_start(activity: DemoActivity, today: datetime.date) -> datetime.datetime:
    day = today - datetime.timedelta(weeks=4)
    day += datetime.timedelta(days=(activity.weekday - day.weekday()) % 7)
    return datetime.datetime(day.year, day.month, day.day, activity.hour, tzinfo=ROME)


def load_lab(demo: DemoLab, today: datetime.date) -> Lab:
    existing = Lab.objects.filter(name=demo.name).first()
    if existing is not None:
        return existing
    actor = member(demo.actor)
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


HELP_KINDS = [
    HelpNetwork.Kind.AFTER_SCHOOL,
    HelpNetwork.Kind.SWAP,
    HelpNetwork.Kind.SHARED_SHOPPING,
    HelpNetwork.Kind.ELDERLY_COMPANY,
]
HELP_NAMES = {
    HelpNetwork.Kind.AFTER_SCHOOL: "Compiti insieme",
    HelpNetwork.Kind.SWAP: "Baratto di quartiere",
    HelpNetwork.Kind.SHARED_SHOPPING: "Spesa condivisa",
    HelpNetwork.Kind.ELDERLY_COMPANY: "Compagnia agli anziani",
}
# Synthetic first names for walk-ins, members and volunteers: never real people.
NAMES = ["Anna", "Bruno", "Carla", "Dario", "Elena", "Franco", "Giulia", "Luca", "Marta", "Nicola", "Paola", "Sara"]
SURNAMES = ["Rossi", "Bianchi", "Verdi", "Neri", "Galli", "Conti", "Greco", "Riva"]
BANDS = ["6-13", "18-34", "35-64", "65+"]


def _person(n: int) -> str:
    return f"{NAMES[n % len(NAMES)]} {SURNAMES[(n // len(NAMES)) % len(SURNAMES)]} (demo)"


def load_attendance(lab: Lab, actor: Membership, today: datetime.date) -> int:
    """Head counts by age band and sex and a few named participants for every past date of the
    lab's activities (about a month of the three): varied but deterministic numbers."""
    if HeadCount.objects.filter(occurrence__activity__lab=lab).exists():
        return 0
    now = timezone.now()
    recorded = 0
    for activity in lab.activities.prefetch_related("exceptions").order_by("pk"):
        past = selectors.occurrences_between([activity], now - datetime.timedelta(weeks=5), now)
        for n, item in enumerate(past):
            seed = activity.pk * 7 + n * 3
            counts = {
                (band, sex): (seed + i * 5 + j * 2) % 6
                for i, band in enumerate(BANDS)
                for j, sex in enumerate(("female", "male"))
            }
            services.head_count_record(actor=actor, activity=activity, start=item.start, counts=counts)
            walk_ins = [(_person(seed + k), (seed + k) % 3 != 0) for k in range(seed % 3 + 1)]
            services.attendance_record(
                actor=actor, activity=activity, start=item.start, present_registrations=[], walk_ins=walk_ins
            )
            recorded += 1
    return recorded


def load_help_networks(labs: dict[str, Lab], today: datetime.date) -> list[HelpNetwork]:
    """The Rhodense network's 17 help networks, one or two per lab, with members, offers and requests."""
    rho_labs = [lab for lab in labs.values() if lab.organisation.name == RHO]
    actor = member("operatore.rho")
    networks = []
    for n in range(17):
        lab = rho_labs[n % len(rho_labs)]
        kind = HELP_KINDS[n % len(HELP_KINDS)]
        # One network per lab (17 of the 21), named after it so each name is unique.
        name = f"{HELP_NAMES[kind]} · {lab.name.replace('Laboratorio di comunità ', '')}"
        network = HelpNetwork.objects.filter(name=name).first()
        if network is None:
            network = services.help_network_create(
                actor=actor,
                name=name,
                kind=kind,
                organisation=lab.organisation,
                territory=lab.territory,
                lab=lab,
                description=f"{HELP_NAMES[kind]}: un piccolo servizio gratuito tra vicini (demo).",
            )
            for k in range(3):
                services.help_member_add(
                    actor=actor,
                    network=network,
                    name=_person(n * 3 + k),
                    neighbourhood=lab.territory,
                    consent=True,
                )
            services.help_offer_create(
                actor=actor,
                network=network,
                person_name=_person(n * 3),
                kind=kind,
                description=f"{HELP_NAMES[kind]}: offro il mio tempo (demo).",
                neighbourhood=lab.territory,
                weekdays=[n % 5, (n + 2) % 5],
                time_from=datetime.time(15),
                time_to=datetime.time(18),
            )
            services.help_request_create(
                actor=actor,
                network=network,
                person_name=_person(n * 3 + 1),
                kind=kind,
                description=f"{HELP_NAMES[kind]}: cerco aiuto (demo).",
                neighbourhood=lab.territory,
                weekdays=[n % 5],
                time_from=datetime.time(16),
                time_to=datetime.time(17),
            )
        networks.append(network)
    return networks


def load_network_life(labs: dict[str, Lab], today: datetime.date) -> None:
    """An Agorà for each network, a council meeting in each lab's first month, a few volunteers."""
    for organisation, actor_name, host in (
        (RHO, "operatore.rho", "Laboratorio di comunità Rho Centro"),
        (PAVIA, "facilitatore.pavia", "Laboratorio Sociale In Pelizza"),
    ):
        title = f"Agorà della rete ({organisation.split(' (')[0]})"
        if Activity.objects.filter(title=title).exists():
            continue
        actor = member(actor_name)
        lab = labs[host]
        day = today + datetime.timedelta(days=(5 - today.weekday()) % 7 + 14)
        start = datetime.datetime(day.year, day.month, day.day, 15, tzinfo=ROME)
        services.activity_create(
            actor=actor,
            lab=lab,
            kind=Activity.Kind.AGORA,
            title=title,
            place=lab.main_place or lab.places.get(),
            start=start,
            end=start + datetime.timedelta(hours=3),
            description="Tutti i laboratori della rete si incontrano (demo).",
            participating_labs=[other for other in labs.values() if other.organisation.name == organisation],
        )
    for n, lab in enumerate(labs.values()):
        if CouncilMeeting.objects.filter(lab=lab).exists():
            continue
        actor = member(_actor_of(lab))
        services.council_meeting_record(
            actor=actor,
            lab=lab,
            date=today - datetime.timedelta(days=20 + n % 10),
            place=lab.main_place,
            agenda="Calendario del mese; proposte degli abitanti (demo).",
            minutes="La consulta approva il calendario e apre un gruppo di lavoro sull'orto (demo).",
            attendees=[(_person(n + k), "abitanti" if k else "associazione del quartiere") for k in range(4)],
        )
        if n % 3 == 0:
            services.volunteer_create(
                actor=None,
                labs=[lab],
                name=_person(n + 40),
                email=f"volontario.{lab.slug}@example.invalid",
                skills=["cucina", "aiuto compiti", "chitarra", "orto"][n % 4],
                weekdays=[n % 7],
                consent=True,
            )


def _actor_of(lab: Lab) -> str:
    return next(demo.actor for demo in LABS if demo.name == lab.name)


def load() -> list[Lab]:
    today = timezone.localdate()
    labs = {demo.name: load_lab(demo, today) for demo in LABS}
    for demo in LABS:
        load_attendance(labs[demo.name], member(demo.actor), today)
    load_help_networks(labs, today)
    load_network_life(labs, today)
    return list(labs.values())
