"""Demo solidarity hosting network (Rete Casa solidale) of the Lucca agency: six host families
with their availability, emergency requests (some placed, one ending this week, two still open)
and the support given to the hosts. Dates are relative to today so the work list has items.
Synthetic people only; idempotent (skipped when the agency already has hosts)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from abitare.accounts.models import Membership
from abitare.hosting import services
from abitare.hosting.models import Host
from abitare.registry.models import Household

# capacity and what each host offers
HOSTS: list[tuple[int, dict[str, bool]]] = [
    (2, {"offers_meals": True}),
    (1, {"offers_accompaniment": True}),
    (3, {"offers_meals": True, "pets_allowed": True}),
    (2, {"step_free": True, "offers_meals": True}),
    (1, {}),
    (2, {"offers_accompaniment": True, "step_free": True}),
]
# guests, urgency, requested by, first day (from today), nights, host index or None (still open)
REQUESTS = [
    (2, "immediate", "Pronto intervento sociale", -20, 25, 0),
    (1, "urgent", "Servizio sociale professionale", -10, 14, 1),
    (3, "urgent", "Centro antiviolenza", -40, 30, 2),
    (1, "planned", "Ospedale San Luca, dimissioni protette", -5, 60, 3),
    (1, "urgent", "Sportello casa", 2, 10, None),
    (2, "immediate", "Pronto intervento sociale", 0, 7, None),
]
NEEDS = [
    "Sfratto eseguito, in attesa di alloggio ERP.",
    "Uscita dall'ospedale, serve accompagnamento alle visite.",
    "Madre con due figli, protezione.",
    "Dimissione protetta, piano terra.",
    "Separazione, cerca una stanza per qualche notte.",
    "Incendio in casa, nucleo di due persone.",
]


def load() -> None:
    actor = (
        Membership.objects.filter(user__username="operatore", role="operator", is_active=True)
        .select_related("territory", "user")
        .first()
    )
    if actor is None or Host.objects.filter(organisation_id=actor.organisation_id).exists():
        return
    today = timezone.localdate()
    households = list(
        Household.objects.filter(
            organisation_id=actor.organisation_id, territory__path__startswith=actor.territory.path
        ).order_by("id")[: len(HOSTS) + len(REQUESTS)]
    )
    if len(households) < len(HOSTS) + len(REQUESTS):
        return
    hosts = []
    for (capacity, offers), household in zip(HOSTS, households, strict=False):
        host = services.host_create(
            actor=actor,
            household=household,
            capacity=capacity,
            conditions="Niente fumo in casa.",
            offers_meals=offers.get("offers_meals", False),
            offers_accompaniment=offers.get("offers_accompaniment", False),
            pets_allowed=offers.get("pets_allowed", False),
            step_free=offers.get("step_free", False),
        )
        services.host_availability_add(
            actor=actor, host=host, start=today - datetime.timedelta(days=60), end=today + datetime.timedelta(days=120)
        )
        hosts.append(host)
    for index, ((guests, urgency, by, first, nights, host_index), household) in enumerate(
        zip(REQUESTS, households[len(HOSTS) :], strict=False)
    ):
        start = today + datetime.timedelta(days=first)
        request = services.request_create(
            actor=actor,
            household=household,
            guests=guests,
            urgency=urgency,
            wanted_from=start,
            wanted_until=start + datetime.timedelta(days=nights),
            requested_by=by,
            needs=NEEDS[index],
            needs_meals=index == 0,
            needs_accompaniment=index == 1,
            needs_step_free=index == 3,
        )
        if host_index is not None:
            services.placement_create(
                actor=actor,
                request=request,
                host=hosts[host_index],
                start=start,
                planned_end=start + datetime.timedelta(days=nights),
            )
    for host in hosts[:4]:
        services.support_record(
            actor=actor,
            host=host,
            kind="food_voucher",
            amount=Decimal("120.00"),
            occurred_on=today - datetime.timedelta(days=7),
            description="Buoni spesa del mese",
        )
        services.support_record(
            actor=actor,
            host=host,
            kind="home_care_hours",
            hours=Decimal("6"),
            occurred_on=today - datetime.timedelta(days=3),
            description="Assistenza domiciliare",
        )
    refund = services.support_record(
        actor=actor,
        host=hosts[2],
        kind="reimbursement",
        amount=Decimal("85.40"),
        occurred_on=today - datetime.timedelta(days=2),
        description="Utenze del mese",
    )
    services.support_reverse(actor=actor, entry=refund, reason="Importo errato: registrato due volte")
    services.support_record(
        actor=actor,
        host=hosts[2],
        kind="reimbursement",
        amount=Decimal("42.70"),
        occurred_on=today - datetime.timedelta(days=2),
        description="Utenze del mese",
    )
