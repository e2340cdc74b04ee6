"""Demo support plans (accompagnamento) of the Lucca agency: a few households with goals in the
life domains of the assessment, meetings with synthetic notes, referrals to the demo hubs and to
an external service, and one mediation case between neighbours. Everything goes through the
services, so the history and the rules are the product's. Idempotent: an organisation that already
has support plans is skipped."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from abitare.accounts.models import Membership
from abitare.registry.models import Household
from abitare.tenancies.models import SupportPlan
from abitare.tenancies.selectors.support import goal_domains, tenancy_active_of
from abitare.tenancies.services import support as services

AGENCY = "Agenzia per l'Abitare di Lucca (demo)"
PLANS = 6
GOALS = [
    ("Pagare il canone con regolarità", "housing_cost"),
    ("Trovare un lavoro stabile", "employment"),
    ("Tenere in ordine la casa", "daily_living"),
    ("Partecipare alla vita del quartiere", "community"),
    ("Mettere da parte un piccolo risparmio", "savings"),
    ("Completare il corso di italiano", "skills_education"),
]
SUMMARIES = ["Colloquio svolto", "Visita domiciliare svolta", "Telefonata di verifica", "Documenti consegnati"]
NOTES = [
    "Il nucleo riferisce difficoltà a coprire le spese di fine mese; "
    "concordato un incontro con l'educatrice finanziaria.",
    "Clima familiare sereno; il figlio maggiore frequenta il doposcuola del laboratorio.",
    "La signora chiede supporto per la ricerca di lavoro; inviata al Centro per l'impiego.",
    "Casa in ordine, segnalata una perdita in bagno al gestore dell'immobile.",
]


def _actor() -> Membership | None:
    return (
        Membership.objects.filter(user__username="operatore", organisation__name=AGENCY, sensitive_data=True)
        .select_related("organisation", "territory", "user")
        .first()
    )


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def load(actor: Membership | None = None) -> None:
    """Load for ``actor`` (default: the demo ``operatore`` of the Lucca agency, who may write notes)."""
    actor = actor or _actor()
    if actor is None or SupportPlan.objects.filter(organisation_id=actor.organisation_id).exists():
        return
    rng = random.Random(2026)  # noqa: S311 - synthetic demo data, not security
    households = list(
        Household.objects.filter(organisation_id=actor.organisation_id, memberships__isnull=False)
        .select_related("territory")
        .distinct()
        .order_by("id")[: PLANS + 1]
    )
    if len(households) < 3:
        return
    labs = list(services.labs_available(actor)[:3])
    for index, household in enumerate(households[:PLANS]):
        _plan(actor, household, index, rng, labs)
    _mediation(actor, households[0], households[-1])


def _plan(actor: Membership, household: Household, index: int, rng: random.Random, labs: list[object]) -> None:
    started = _days_ago(rng.randint(60, 200))
    # Some reviews are overdue or near, others later: the work list shows both kinds.
    review = _days_ago([5, -3, -10, -40, -60, 2][index % 6])
    domains = {domain.code: domain for domain in goal_domains(territory=household.territory)}
    picks = rng.sample(GOALS, 2)
    plan = services.support_plan_open(
        actor=actor,
        household=household,
        key_worker=actor.user,
        started_on=started,
        next_review_on=max(review, started),
        tenancy=tenancy_active_of(household=household),
        goals=[
            services.NewGoal(title=title, domain=domains.get(code), target_on=started + datetime.timedelta(days=180))
            for title, code in picks
        ],
    )
    first, second = list(plan.goals.order_by("id"))
    services.goal_change_status(actor=actor, goal=first, status="in_progress")
    if index % 2 == 0:
        services.goal_change_status(actor=actor, goal=first, status="achieved")
    if index % 3 == 0:
        services.goal_change_status(actor=actor, goal=second, status="dropped")
    people = [member.person for member in household.memberships.select_related("person")[:2]]
    for days in sorted(rng.sample(range(1, (timezone.localdate() - started).days), 2), reverse=True):
        services.meeting_record(
            actor=actor,
            plan=plan,
            held_on=_days_ago(days),
            kind=rng.choice(["interview", "home_visit", "phone"]),
            attendees=people,
            summary=rng.choice(SUMMARIES),
            note=rng.choice(NOTES),
        )
    if labs:
        services.referral_send(
            actor=actor,
            plan=plan,
            kind="lab",
            lab=labs[index % len(labs)],
            purpose="Attività del laboratorio di quartiere",
            sent_on=_days_ago(30),
            follow_up_on=_days_ago(30 - 14),
        )
    if index % 2 == 1:
        referral = services.referral_send(
            actor=actor,
            plan=plan,
            kind="service",
            service_name="Centro per l'impiego di Lucca",
            service_contact="centroimpiego@example.invalid",
            purpose="Orientamento al lavoro",
            sent_on=_days_ago(20),
            follow_up_on=_days_ago(-5),
        )
        if index == 1:
            services.referral_record_outcome(actor=actor, referral=referral, status="taken_up")


def _mediation(actor: Membership, one: Household, other: Household) -> None:
    case = services.mediation_open(
        actor=actor,
        territory=one.territory,
        subject="noise",
        opened_on=_days_ago(70),
        mediator=actor.user,
        households=[one, other],
        description=(
            "Lamentele reciproche per rumori serali e musica ad alto volume; "
            "tensioni sul pianerottolo riferite da entrambe le famiglie."
        ),
    )
    services.meeting_record(
        actor=actor,
        mediation=case,
        held_on=_days_ago(40),
        kind="joint",
        summary="Primo incontro congiunto svolto",
        other_attendees="Amministratore di condominio",
        note="Le famiglie concordano orari di silenzio dopo le 22; verifica tra un mese.",
    )
