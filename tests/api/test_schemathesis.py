"""Schemathesis over the whole OpenAPI schema (/api/schema/), as an officer and as a secretariat.

Every operation is called with generated data (valid and not) through the Django WSGI application on the
test database, authenticated by the user's API token; every response must be no server error (5xx) and,
where the status is documented, conform to the schema. State-changing operations run too: they change
only the test database, and a refusal (400, 403, 404) is a right answer.

In CI a short run: SCHEMATHESIS_EXAMPLES (default 3) examples per operation, derandomized, so the same
cases every time. The long run of the README («Measured figures»):

    SCHEMATHESIS_EXAMPLES=100 .venv/bin/python -m pytest -q -n 0 tests/api/test_schemathesis.py
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from hamafza.wsgi import application

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "3"))


@pytest.fixture
def api_schema(db):
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The calls go to the WSGI application itself, whose end of request closes the database connection
    (`close_old_connections`, on the start and the end of a request): on PostgreSQL that is the test's own
    connection, in its transaction, and every later query failed with «the connection is closed».
    Django's test client does the same."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def call(case, user) -> None:
    token = Token.objects.get_or_create(user=user)[0].key
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )


@schema.parametrize()
@SETTINGS
def test_api_as_an_officer(case, officer, world, far):
    """The police officer, lead on the cast's resolution with a report awaiting review."""
    call(case, officer)


@schema.parametrize()
@SETTINGS
def test_api_as_a_secretariat(case, secretary, world, far):
    """The body's secretariat, who may create, review and cancel."""
    call(case, secretary)
