"""The assessments' permission matrix: casework roles reach a household's assessments; the plane
is also the administrator's; every other role is refused and changes nothing."""

from abitare.accounts.models import Role
from abitare.accounts.testing import role_matrix
from abitare.assessments.models import Assessment, Instrument
from abitare.core.testing import Route
from abitare.registry.tests.factories import make_household


def test_the_assessment_matrix(operator, world, household, instrument):
    reads = [
        Route("get", f"/valutazioni/nuclei/{household.pk}/"),
        Route("get", f"/valutazioni/nuclei/{household.pk}/nuova/"),
        Route("get", "/api/v1/assessments/"),
    ]
    writes = [Route("post", f"/valutazioni/nuclei/{household.pk}/nuova/", {"assessed_on": "2026-11-02"}, 400)]
    role_matrix(
        organisation=world.organisation,
        territory=world.district,
        allowed={Role.OPERATOR, Role.COORDINATOR},
        reads=reads,
        writes=writes,
        state=Assessment.objects.count,
    )


def test_the_instrument_matrix(world, instrument):
    reads = [Route("get", "/valutazioni/strumenti/"), Route("get", f"/valutazioni/strumenti/{instrument.pk}/")]
    role_matrix(
        organisation=world.organisation,
        territory=world.district,
        allowed={Role.OPERATOR, Role.COORDINATOR, Role.ADMINISTRATOR},
        reads=reads,
        writes=[Route("post", f"/valutazioni/strumenti/{instrument.pk}/nuova-versione/", {}, 302)],
        state=Instrument.objects.count,
    )


def test_the_plane_matrix(operator, world):
    make_household(operator, name="Famiglia Piano")
    role_matrix(
        organisation=world.organisation,
        territory=world.district,
        allowed={Role.OPERATOR, Role.COORDINATOR, Role.ADMINISTRATOR},
        reads=[Route("get", "/valutazioni/"), Route("get", "/api/v1/assessment-plane/")],
        writes=[],
        state=Assessment.objects.count,
    )
