"""The labs' back office permission matrix: facilitators and coordinators manage labs, places,
activities, volunteers and help networks; every other role is refused and changes nothing (the
public pages are open to everyone and tested apart)."""

from abitare.accounts.models import Role
from abitare.accounts.testing import role_matrix
from abitare.core.testing import Route
from abitare.labs.models import Lab, Place


def test_the_labs_back_office_matrix(world):
    reads = [
        Route("get", "/laboratori/gestione/"),
        Route("get", "/laboratori/gestione/nuovo/"),
        Route("get", "/laboratori/gestione/luoghi/nuovo/"),
        Route("get", "/laboratori/gestione/attivita/nuova/"),
        Route("get", "/laboratori/gestione/volontari/"),
        Route("get", "/laboratori/gestione/reti-di-aiuto/"),
        Route("get", "/api/v1/labs/"),
        Route("get", "/api/v1/lab-places/"),
        Route("get", "/api/v1/lab-activities/"),
    ]
    writes = [
        Route("post", "/laboratori/gestione/luoghi/nuovo/", {"name": "Sala civica", "address": "Via Po 1"}, 302),
        Route("post", "/api/v1/lab-places/", {"name": "Sala civica", "address": "Via Po 1"}, 201),
    ]
    role_matrix(
        organisation=world.organisation,
        territory=world.district,
        allowed={Role.FACILITATOR, Role.COORDINATOR},
        reads=reads,
        writes=writes,
        state=lambda: (Lab.objects.count(), Place.objects.count()),
    )
