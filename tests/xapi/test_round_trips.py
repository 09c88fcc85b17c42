"""How many times one statement goes to the database: each trip is latency the learner's
package waits for, so the count is pinned here and only goes down."""

import json
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xapi.models import Client, Statement, StatementActivity, StatementAgent

pytestmark = pytest.mark.django_db

STATEMENT = {
    "actor": {"mbox": "mailto:learner@example.org", "objectType": "Agent"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
    "object": {
        "id": "http://example.org/activities/round-trips",
        "definition": {"name": {"en-US": "Round trips"}},
    },
}


def post(lrs, statement):
    with CaptureQueriesContext(connection) as queries:
        response = lrs.post("/xapi/statements", json.dumps(statement))
    assert response.status_code == 200, response.content
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the one-statement INSERT is PostgreSQL's"
)
def test_a_new_statement_costs_three_round_trips(lrs, settings):
    post(lrs, {**STATEMENT, "id": str(uuid.uuid4())})  # the activity now exists
    sql = post(lrs, {**STATEMENT, "id": str(uuid.uuid4())})
    # The transaction's two ends and one statement for the statement, its
    # index rows and the activity's definition, and nothing else: no look for
    # a stored id first, no read of the definition. The credential is one
    # more without the shared cache.
    credential = 0 if "shared" in settings.CACHES else 1
    assert len(sql) == 3 + credential, sql
    assert sum("INSERT" in q for q in sql) == 1
    assert not any(q.startswith("SELECT") and "xapi_activity" in q for q in sql)
    assert Statement.objects.count() == 2
    assert StatementActivity.objects.count() == 2


def test_a_resent_statement_is_still_recognised_after_the_blind_insert(lrs):
    statement = {**STATEMENT, "id": str(uuid.uuid4())}
    post(lrs, statement)
    index_rows = StatementAgent.objects.count()
    post(lrs, statement)
    assert Statement.objects.count() == 1
    changed = {**statement, "verb": {"id": "http://adlnet.gov/expapi/verbs/attempted"}}
    response = lrs.post("/xapi/statements", json.dumps(changed))
    assert response.status_code == 409
    assert Statement.objects.count() == 1
    assert StatementAgent.objects.count() == index_rows


@pytest.mark.skipif(
    "shared" not in settings.CACHES,
    reason="the credential is cached only in the shared (Redis) cache",
)
def test_a_disabled_credential_is_refused_at_once_although_it_was_cached(lrs):
    post(lrs, {**STATEMENT, "id": str(uuid.uuid4())})
    sql = post(lrs, {**STATEMENT, "id": str(uuid.uuid4())})
    assert not any("xapi_client" in q for q in sql)  # read from the cache
    client = Client.objects.get()
    client.is_active = False
    client.save()
    response = lrs.post("/xapi/statements", json.dumps(STATEMENT))
    assert response.status_code == 401
    client.delete()
    assert lrs.post("/xapi/statements", json.dumps(STATEMENT)).status_code == 401
