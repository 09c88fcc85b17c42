"""Forwarding to another LRS survives its outage and keeps order."""

import pytest

from xapi import vocabulary
from xapi.auth import create_client
from xapi.models import Outbox, Statement
from xapi.services import record
from xapi.tasks import forward_statements

pytestmark = pytest.mark.django_db(transaction=True)

AUTHORITY = {
    "objectType": "Agent",
    "account": {"homePage": "http://lms.test", "name": "lms"},
}


def _statements(n):
    return [
        {
            "actor": vocabulary.learner(f"D{i:04d}"),
            "verb": vocabulary.verb(vocabulary.EXPERIENCED),
            "object": {"id": vocabulary.activity_iri("lesson", f"k{i}")},
        }
        for i in range(n)
    ]


def test_statements_wait_while_the_other_lrs_is_down_then_go_out(
    settings, live_server, reference_data
):
    # Port 9 (discard) has nothing listening here: the other LRS is "down".
    settings.XAPI_FORWARD_ENDPOINT = "http://127.0.0.1:9/xapi"
    ids = record(_statements(3), authority=AUTHORITY, version="1.0.3")
    queued = list(Outbox.objects.order_by("created", "id"))
    assert [str(row.statement_id) for row in queued] == ids
    assert all(row.attempts == 1 and row.last_error for row in queued)

    # The other LRS comes back: here, this site's own LRS over real HTTP.
    credentials = create_client(name="forwarder", scopes=["all"])
    settings.XAPI_FORWARD_ENDPOINT = live_server.url + "/xapi"
    settings.XAPI_FORWARD_USERNAME = credentials.key
    settings.XAPI_FORWARD_PASSWORD = credentials.secret
    assert forward_statements.apply().get() == 3
    assert not Outbox.objects.exists()
    # The resend used the same ids, which the receiving LRS took as the same statements.
    assert Statement.objects.count() == 3


def test_nothing_is_queued_when_forwarding_is_off(settings, reference_data):
    settings.XAPI_FORWARD_ENDPOINT = ""
    record(_statements(2), authority=AUTHORITY, version="1.0.3")
    assert not Outbox.objects.exists()
