"""The housing stock's permission matrix: operators, coordinators and administrators read the
stock; every other role is refused and changes nothing."""

from abitare.accounts.models import Role
from abitare.accounts.testing import role_matrix
from abitare.core.testing import Route
from abitare.housing.models import Unit, UnitStateChange
from abitare.tenancies.tests.factories import make_unit


def test_the_stock_matrix(operator, world):
    unit = make_unit(operator, territory=world.neighbourhood, organisation=world.organisation)
    reads = [
        Route("get", "/alloggi/"),
        Route("get", "/alloggi/sfitti/"),
        Route("get", f"/alloggi/{unit.pk}/"),
        Route("get", "/api/v1/buildings/"),
        Route("get", "/api/v1/units/"),
        Route("get", f"/api/v1/units/{unit.pk}/"),
    ]
    writes = [
        Route("post", f"/alloggi/{unit.pk}/stato/", {"to_state": "maintenance", "reason": "Caldaia"}, 302),
        Route("post", f"/api/v1/units/{unit.pk}/state/", {"to_state": "maintenance", "reason": "Caldaia"}, 200),
    ]
    role_matrix(
        organisation=world.organisation,
        territory=world.district,
        allowed={Role.OPERATOR, Role.COORDINATOR, Role.ADMINISTRATOR},
        reads=reads,
        writes=writes,
        state=lambda: (list(Unit.objects.values_list("pk", "state")), UnitStateChange.objects.count()),
    )
