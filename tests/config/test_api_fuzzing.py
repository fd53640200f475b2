"""Generated requests for every operation of /api/schema/, as anonymous, participant and organiser.

The rule: whatever the request, the API answers without a server error, with a
status code the schema documents for the operation, and a body (and content
type) the schema describes. Schemathesis generates valid and invalid requests
from the schema the app serves and sends them to the app in-process (WSGI):
for each operation and role, its coverage phase (boundary and invalid values
of every parameter, undeclared methods) and 20 generated requests, derandomized,
so CI sends the same requests each time.
"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.config import fuzz_world

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]
EXAMPLES_PER_OPERATION = 20

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20140130,
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "stateful": {"enabled": False},
        },
        "generation": {"mode": "all", "deterministic": True, "database": "none"},
    }
)


def closing(app):
    """The app as a WSGI server runs it: the response is read whole, then closed
    (which closes the files of file responses)."""

    def served(environ, start_response):
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            response.close()

    return served


schema = schemathesis.openapi.from_wsgi("/api/schema/", closing(get_wsgi_application()), config=CONFIG)


@pytest.fixture(params=fuzz_world.ROLES)
def role(request):
    return request.param


@pytest.fixture
def in_process(db):
    """Requests run inside the test's transaction, so, as Django's test client does,
    the WSGI handler must not close the database connection after each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(in_process):
    return fuzz_world.build_fuzz_world()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case, world, role):
    world.steer(case)
    cache.clear()  # rate limits: each request reaches the view (429 is documented, and tested elsewhere)
    case.call_and_validate(headers=world.headers(role), checks=CHECKS)


# The checks catch what they are for: an API broken on purpose (tests/config/fuzz_broken_api.py).

BROKEN = {
    "/broken/crash/": {"Server error", "Undocumented status code"},
    "/broken/undocumented-status/": {"Undocumented status code"},
    "/broken/wrong-shape/": {"Response violates schema"},
}


@pytest.fixture
def broken_schema(in_process, settings):
    settings.ROOT_URLCONF = "tests.config.fuzz_broken_api"
    return schemathesis.openapi.from_wsgi("/broken/schema/", closing(get_wsgi_application()), config=CONFIG)


@pytest.mark.parametrize(("path", "failures"), BROKEN.items())
def test_the_checks_catch_a_broken_operation(broken_schema, path, failures):
    case = broken_schema[path]["GET"].Case()

    with pytest.raises(FailureGroup) as caught:
        case.call_and_validate(checks=CHECKS)

    assert {error.title for error in caught.value.exceptions} == failures


def test_the_checks_pass_an_operation_that_answers_as_documented(broken_schema):
    response = broken_schema["/broken/as-documented/"]["GET"].Case().call_and_validate(checks=CHECKS)

    assert (response.status_code, response.json()) == (200, {"count": 1})
