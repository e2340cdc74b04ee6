"""The registry's permission matrix: operators and coordinators reach its pages and endpoints;
every other role, anonymous visitors and a user working under another role while holding theirs
are refused and change nothing."""

from abitare.accounts.models import Role
from abitare.accounts.testing import role_matrix
from abitare.core.testing import Route
from abitare.registry.models import Household, Person
from abitare.registry.tests.factories import make_household, make_person


def test_the_registry_matrix(operator, world):
    person = make_person(operator)
    household = make_household(operator, person, name="Famiglia Matrice")
    reads = [
        Route("get", "/persone/"),
        Route("get", "/persone/nuova/"),
        Route("get", f"/persone/{person.pk}/"),
        Route("get", "/persone/nuclei/"),
        Route("get", "/persone/nuclei/nuovo/"),
        Route("get", f"/persone/nuclei/{household.pk}/"),
        Route("get", f"/persone/nuclei/{household.pk}/isee/"),
        Route("get", "/persone/importa/"),
        Route("get", "/api/v1/persons/"),
        Route("get", f"/api/v1/persons/{person.pk}/"),
        Route("get", "/api/v1/households/"),
        Route("get", f"/api/v1/households/{household.pk}/"),
    ]
    writes = [
        Route("post", "/persone/nuclei/nuovo/", {"name": "Famiglia Nuova", "address": "Via Po 1"}, 302),
        Route("post", "/api/v1/households/", {"name": "Famiglia Nuova", "address": "Via Po 1"}, 201),
    ]
    role_matrix(
        organisation=world.organisation,
        territory=world.district,
        allowed={Role.OPERATOR, Role.COORDINATOR},
        reads=reads,
        writes=writes,
        state=lambda: (Person.objects.count(), Household.objects.count()),
    )
