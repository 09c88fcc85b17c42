"""schemathesis fuzzes the HR API against its own OpenAPI description (over WSGI).

The schema is the one ``/api/reports/schema/`` serves, built from every
registered report's columns, so a report whose rows stray from its columns'
kinds fails here. Few examples: enough to find a 500, cheap enough to run.
"""

import pytest
import schemathesis
from django.urls import reverse
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lms.wsgi import application
from reports.api.schema import openapi
from reports.api.tokens import issue_token
from tests.reports.exports_world import build_cities, wsgi_in_test_transaction

schema = schemathesis.openapi.from_dict(openapi("/api/reports/"))
__all__ = ["wsgi_in_test_transaction"]  # a fixture, used by name
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def token(db, wsgi_in_test_transaction):
    cities = build_cities(xian_staff=4, baoji_staff=2)
    return issue_token(name="fuzz", department=cities["xian"]).secret


def test_the_served_schema_is_the_one_fuzzed(client, db):
    assert client.get(reverse("reports_api:schema")).json() == openapi("/api/reports/")


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_within_its_schema(case, token):
    case.call_and_validate(
        app=application,
        headers={"Authorization": f"Bearer {token}"},
        checks=CHECKS,
    )


@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_without_a_token_the_api_answers_401_within_its_schema(
    case, db, wsgi_in_test_transaction
):
    response = case.call_and_validate(app=application, checks=CHECKS)
    # Negative cases also try other methods, which are refused before any token.
    assert response.status_code == (401 if case.method == "GET" else 405)
