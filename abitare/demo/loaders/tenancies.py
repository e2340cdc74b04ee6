"""Demo tenancies over the last two years on the demo stock: the accepted offers' contracts and,
for the flats already occupied, contracts entered by hand; monthly charges, payments (a few
households fall behind), savings of the service contracts, renewals and two exits. Idempotent:
nothing is added once the demo holds tenancies entered by this loader."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from abitare.accounts.models import Membership, Role
from abitare.housing.models import Unit
from abitare.matching.models import Allocation
from abitare.registry.models import Household
from abitare.tenancies import accounting, contracts
from abitare.tenancies.models import Tenancy
from abitare.tenancies.services import ledger, ledger_batch, savings
from abitare.tenancies.services.tenancy import (
    tenancy_create,
    tenancy_create_from_allocation,
    tenancy_exit,
    tenancy_release_unit,
    tenancy_renew,
)

ORGANISATIONS = ["Agenzia per l'Abitare di Lucca (demo)", "Agenzia per l'Abitare del Rhodense (demo)"]
PER_ORGANISATION = 18
LATE_PAYERS = 4  # per organisation: they stop paying a few months before today
PATHWAY_CONTRACT = {
    "service_contract": "service",
    "agreed_rent": "agreed_rent",
    "reception_house": "reception",
    "dopo_di_noi": "dopo_di_noi",
    "market_orientation": "agreed_rent",
}


def _operator(organisation: str) -> Membership | None:
    return (
        Membership.objects.filter(organisation__name=organisation, role=Role.OPERATOR, is_active=True)
        .select_related("user", "organisation", "territory")
        .order_by("id")
        .first()
    )


def _from_allocations(today: datetime.date) -> None:
    for allocation in Allocation.objects.filter(ended_on__isnull=True, tenancy__isnull=True).select_related(
        "application", "created_by"
    ):
        contract_type = PATHWAY_CONTRACT.get(allocation.application.pathway, "agreed_rent")
        deposit = Decimal(40) if contracts.rule_for(contract_type).savings else Decimal(0)
        actor = (
            Membership.objects.filter(user=allocation.created_by, organisation=allocation.organisation, is_active=True)
            .select_related("user", "organisation", "territory")
            .first()
        )
        if actor is None:
            continue
        tenancy_create_from_allocation(
            actor=actor, allocation=allocation, contract_type=contract_type, savings_deposit=deposit
        )


def _by_hand(membership: Membership, rng: random.Random, today: datetime.date) -> list[Tenancy]:
    organisation = membership.organisation
    busy_units = Tenancy.objects.filter(status=Tenancy.Status.ACTIVE).values("unit_id")
    units = list(
        Unit.objects.filter(
            building__organisation=organisation,
            building__territory__path__startswith=membership.territory.path,
            state=Unit.State.OCCUPIED,
        )
        .exclude(pk__in=busy_units)
        .exclude(pk__in=Allocation.objects.filter(ended_on__isnull=True).values("unit_id"))
        .select_related("building__territory")
        .order_by("id")[:PER_ORGANISATION]
    )
    housed = Tenancy.objects.values("household_id")
    households = list(
        Household.objects.filter(organisation=organisation, territory__path__startswith=membership.territory.path)
        .exclude(pk__in=housed)
        .exclude(pk__in=Allocation.objects.values("household_id"))
        .order_by("id")[: len(units)]
    )
    created = []
    first = accounting.add_months(today.replace(day=1), -24)
    for index, (unit, household) in enumerate(zip(units, households, strict=False)):
        pathway = unit.earmarked_pathway or rng.choice(["agreed_rent", "service_contract", "agreed_rent"])
        contract_type = PATHWAY_CONTRACT[pathway]
        if unit.group_living and index % 5 == 0:
            contract_type, pathway = "dopo_di_noi", "dopo_di_noi"
        starts_on = accounting.add_months(first, rng.randrange(0, 20)) + datetime.timedelta(days=rng.choice([0, 0, 9]))
        created.append(
            tenancy_create(
                actor=membership,
                organisation=organisation,
                territory=unit.building.territory,
                unit=unit,
                household=household,
                contract_type=contract_type,
                pathway=pathway,
                starts_on=starts_on,
                savings_deposit=Decimal(rng.choice([30, 40, 50])) if contract_type == "service" else Decimal(0),
            )
        )
    return created


def _renew_expired(membership: Membership, tenancies: list[Tenancy], today: datetime.date) -> list[Tenancy]:
    renewed = []
    for tenancy in tenancies:
        current = tenancy
        while (
            current.ends_on is not None
            and current.ends_on < today
            and contracts.can_renew(current.contract_type, current.renewals)
        ):
            current = tenancy_renew(actor=membership, tenancy=current, note="demo")
        renewed.append(current)
    return renewed


def _payments(membership: Membership, tenancies: list[Tenancy], rng: random.Random, today: datetime.date) -> None:
    """Pay month by month; the late payers stop a few months before today."""
    late = {t.pk: rng.randint(2, 5) for t in rng.sample(tenancies, min(LATE_PAYERS, len(tenancies)))}
    for tenancy in tenancies:
        stop = accounting.add_months(today.replace(day=1), -late.get(tenancy.pk, -1))
        for month in accounting.months_covered(tenancy.starts_on, min(today, tenancy.ends_on or today)):
            due = accounting.month_charge(
                monthly=tenancy.monthly_amount, starts_on=tenancy.starts_on, last_day=tenancy.ends_on, month=month
            )
            paid_on = accounting.due_date(month, tenancy.due_day) + datetime.timedelta(days=rng.randint(-4, 12))
            if month >= stop or paid_on > today:
                continue
            if due:
                ledger.payment_record(
                    actor=membership,
                    tenancy=tenancy,
                    amount=due,
                    value_date=paid_on,
                    reference=tenancy.reference,
                    description="Bonifico canone",
                )
            if tenancy.savings_deposit:
                savings.savings_deposit(
                    actor=membership,
                    tenancy=tenancy,
                    amount=tenancy.savings_deposit,
                    value_date=paid_on,
                    month=month,
                )


def _exits(membership: Membership, tenancies: list[Tenancy], today: datetime.date) -> None:
    """Two households leave: one to public housing with its savings, one to the private market."""
    exit_on = accounting.add_months(today.replace(day=1), -2) - datetime.timedelta(days=1)
    service = next((t for t in tenancies if t.contract_type == "service" and t.starts_on < exit_on), None)
    agreed = next((t for t in tenancies if t.contract_type == "agreed_rent" and t.starts_on < exit_on), None)
    if service is not None:
        tenancy_exit(
            actor=membership,
            tenancy=service,
            exited_on=exit_on,
            destination="public_housing",
            savings_funds="security_deposit",
            notes="Assegnato alloggio ERP (demo).",
        )
        tenancy_release_unit(actor=membership, tenancy=service)
    if agreed is not None:
        tenancy_exit(actor=membership, tenancy=agreed, exited_on=exit_on, destination="private_market")


def load() -> None:
    today = datetime.date.today()
    _from_allocations(today)
    if (
        Tenancy.objects.filter(reference__isnull=False, created_by__username__startswith="operatore")
        .exclude(allocation__isnull=False)
        .exists()
    ):
        return
    rng = random.Random(5)  # noqa: S311 - demo data
    for index, name in enumerate(ORGANISATIONS):
        membership = _operator(name)
        if membership is None:
            continue
        tenancies = _renew_expired(membership, _by_hand(membership, rng, today), today)
        if not tenancies:
            continue
        first = min(t.starts_on for t in tenancies)
        for month in accounting.months_covered(first, today):
            ledger_batch.charges_issue_month(month=month, territory=membership.territory)
        _payments(membership, tenancies, rng, today)
        if index == 0:
            _exits(membership, tenancies, today)
