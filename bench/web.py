"""Foundation benchmark: server time of the work list and of a scoped API list with a realistic
territory tree (20 districts x 10 municipalities x 8 neighbourhoods, 2,000 users)."""

from __future__ import annotations

from bench.harness import Figure, bench_database, p95, time_ms


def _populate() -> object:
    from abitare.accounts.models import Membership, Organisation, Role, Territory, User
    from abitare.accounts.services import territory_create

    organisations = []
    for d in range(20):
        district = territory_create(name=f"Ambito {d}", kind=Territory.Kind.DISTRICT)
        organisation = Organisation.objects.create(name=f"Agenzia {d}", kind=Organisation.Kind.HOUSING_AGENCY)
        organisation.territories.add(district)
        organisations.append((organisation, district))
        for m in range(10):
            municipality = territory_create(name=f"Comune {d}-{m}", kind=Territory.Kind.MUNICIPALITY, parent=district)
            for n in range(8):
                territory_create(name=f"Quartiere {d}-{m}-{n}", kind=Territory.Kind.NEIGHBOURHOOD, parent=municipality)
    users = User.objects.bulk_create(User(username=f"u{i}", password="!") for i in range(2000))
    Membership.objects.bulk_create(
        Membership(
            user=user,
            organisation=organisations[i % 20][0],
            territory=organisations[i % 20][1],
            role=Role.values[i % len(Role.values)],
        )
        for i, user in enumerate(users)
    )
    return users[0]


def run(only: str | None = None) -> list[Figure]:
    with bench_database():
        from django.test import Client

        user = _populate()
        client = Client()
        client.force_login(user)  # type: ignore[arg-type]
        figures = []
        worklist = time_ms(lambda: client.get("/lavoro/"), repeat=200)
        figures.append(Figure("web.worklist_p95", p95(worklist), "ms", "<=", 100))
        territories = time_ms(lambda: client.get("/api/v1/territories/"), repeat=200)
        figures.append(Figure("web.api_territories_p95", p95(territories), "ms", "<=", 150))
        return [f for f in figures if not only or only in {"web", f.name}]
