"""The shell's permission matrix: the home, privacy and accessibility pages, the language switch
and the API documentation are open to everyone; the work list and the search to every role; a
background task's progress to the user who started it only. Anonymous visitors are refused the
rest and change nothing."""

import pytest

from abitare.accounts.models import Role
from abitare.accounts.testing import walk_case
from abitare.core.tasks import progress_create
from abitare.core.testing import Case, route_names, rows_of

EVERYONE = frozenset(Role.values)

TABLE = [
    Case("web:home", EVERYONE, anonymous=True),
    Case("web:privacy", EVERYONE, anonymous=True),
    Case("web:accessibility", EVERYONE, anonymous=True),
    Case("web:set-language", EVERYONE, "post", body={"language": "en"}, ok=302, anonymous=True),
    Case("web:vega-interpreter", EVERYONE, anonymous=True),
    Case("api:schema", EVERYONE, anonymous=True),
    Case("api:docs", EVERYONE, anonymous=True),
    Case("api:redoc", EVERYONE, anonymous=True),
    Case("web:worklist", EVERYONE),
    Case("web:search", EVERYONE),
    Case("web:lookup", EVERYONE, at="kind", elsewhere=200),  # a list: their scope leaves our rows out
    # The operator's task: every other user, whatever the role, does not find it.
    Case("web:task-progress", EVERYONE, at="task", ok=404, ok_for={Role.OPERATOR: 200}),
    Case("api:task-progress", EVERYONE, at="task", ok=404, ok_for={Role.OPERATOR: 200}),
    # An export's file: the owner only, once finished (the owner's case: registry/tests/test_exports.py).
    Case("web:export-download", EVERYONE, at="task", ok=404),
]


@pytest.fixture(scope="module")
def scene(cast, django_db_blocker):
    with django_db_blocker.unblock():
        task = progress_create(owner_id=cast.members[Role.OPERATOR].pk, label="Importazione")
    return {"task": (str(task.pk),), "kind": ("person",)}


def test_the_table_lists_every_route_of_the_module():
    names = route_names("abitare.web.urls", "web") | route_names("abitare.web.api.urls", "api")
    assert {case.name for case in TABLE} == names | {"api:schema", "api:docs", "api:redoc"}


@pytest.mark.parametrize("case", TABLE, ids=str)
def test_the_shell_matrix(cast, scene, case, db):
    walk_case(cast, case, scene, rows_of("core"))
