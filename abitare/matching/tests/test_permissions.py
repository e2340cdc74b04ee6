"""The allocation pages' permission matrix: applications are casework (operators and
coordinators); rounds and offers are read by administrators too; every other role is refused
and changes nothing."""

from abitare.accounts.models import Role
from abitare.accounts.testing import role_matrix
from abitare.core.testing import Route
from abitare.matching.models import Application, Round
from abitare.registry.tests.factories import make_household, make_person


def test_the_applications_matrix(operator, world):
    household = make_household(operator, make_person(operator), name="Famiglia Domanda")
    reads = [
        Route("get", "/domande/"),
        Route("get", f"/domande/nuclei/{household.pk}/nuova/"),
        Route("get", "/api/v1/applications/"),
    ]
    writes = [Route("post", "/api/v1/applications/", {"household": household.pk, "pathway": "agreed_rent"}, 201)]
    role_matrix(
        organisation=world.organisation,
        territory=world.district,
        allowed={Role.OPERATOR, Role.COORDINATOR},
        reads=reads,
        writes=writes,
        state=Application.objects.count,
    )


def test_the_rounds_and_offers_matrix(world):
    reads = [
        Route("get", "/domande/turni/"),
        Route("get", "/domande/offerte/"),
        Route("get", "/api/v1/rounds/"),
        Route("get", "/api/v1/offers/"),
    ]
    role_matrix(
        organisation=world.organisation,
        territory=world.district,
        allowed={Role.OPERATOR, Role.COORDINATOR, Role.ADMINISTRATOR},
        reads=reads,
        writes=[Route("post", "/api/v1/rounds/", {"pathway": "agreed_rent"}, 202)],
        state=Round.objects.count,
    )
