"""The whole API fuzzed with schemathesis from the committed OpenAPI schema, signed in with a token
of each role (and anonymous): whatever it sends, the server never answers 5xx (security review,
"tests that stay").

Each operation gets ``FUZZ_EXAMPLES`` generated requests (environment variable, default 3), each
signed in as a role drawn among the personas, so the run stays bounded (well under a minute).
Raise it locally to search harder: ``FUZZ_EXAMPLES=50 pytest abitare/core/tests/test_api_fuzz.py``.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.core.result import Ok

from abitare.tenancies.tests.support_helpers import make_support_world
from config.wsgi import application

# Every endpoint for every role: run by make test and CI, skipped by make test-quick.
pytestmark = pytest.mark.slow

SCHEMA = Path(__file__).resolve().parents[3] / "docs" / "openapi.yaml"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
PERSONAS = (
    "operator",
    "sensitive_operator",
    "facilitator",
    "coordinator",
    "reviewer",
    "administrator",
    "auditor",
    "other_org_operator",
)


@pytest.fixture
def wsgi_in_the_test_transaction():
    """Serve the WSGI application inside the test's transaction, as Django's test client does
    (closing "old" connections between requests would end it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(request, world, sensitive_operator):
    make_support_world(world, sensitive_operator)
    users = [request.getfixturevalue(name) for name in PERSONAS]
    return [None, *(Token.objects.create(user=user).key for user in users)]


def test_no_request_of_any_role_makes_a_server_error(wsgi_in_the_test_transaction, tokens):
    schema = schemathesis.openapi.from_path(SCHEMA)
    schema.app = wsgi_in_the_test_transaction
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    operations = [result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)]
    assert len(operations) > 100

    for operation in operations:
        _fuzz(operation, tokens, failures, statuses)

    assert failures == []
    # The fuzz reached the views: some requests were served, some refused as bad input or access.
    assert {200, 400, 403, 404} <= set(statuses), statuses


def _fuzz(operation, tokens, failures, statuses):
    @given(case=operation.as_strategy(), token=st.sampled_from(tokens))
    @settings(
        max_examples=EXAMPLES,
        phases=[Phase.generate],
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def probe(case, token):
        response = case.call(headers={"Authorization": f"Token {token}"} if token else {})
        statuses[response.status_code] += 1
        if response.status_code >= 500:
            failures.append(
                f"{operation.label} ({'token' if token else 'anonymous'}): {response.status_code} "
                f"path={case.path_parameters} query={case.query} body={case.body!r:.200}"
            )

    probe()
