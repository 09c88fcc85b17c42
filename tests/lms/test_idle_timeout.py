"""Every role is signed out after SESSION_IDLE_TIMEOUT_MINUTES without a request."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.actions import Action
from audit.models import AuditEntry
from lms.sessions import LAST_ACTIVITY
from tests.factories.people import StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner_client(client):
    client.force_login(StaffMemberFactory().user)
    return client


def _idle_for(client, seconds: int) -> None:
    session = client.session
    session[LAST_ACTIVITY] = int(time.time()) - seconds
    session.save()


def test_the_timeout_is_thirty_minutes_by_default(settings):
    assert settings.SESSION_IDLE_TIMEOUT_MINUTES == 30


def test_a_session_idle_too_long_is_signed_out_on_its_next_request(learner_client):
    _idle_for(learner_client, 31 * 60)
    response = learner_client.get("/")
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated
    assert "_auth_user_id" not in learner_client.session
    assert "inactivity" in response.content.decode() or "未操作" in (
        response.content.decode()
    )
    assert AuditEntry.objects.filter(action=Action.SESSION_EXPIRED).exists()
    assert not AuditEntry.objects.filter(action=Action.LOGOUT).exists()


def test_a_session_in_use_stays_signed_in(learner_client):
    _idle_for(learner_client, 29 * 60)
    assert learner_client.get("/").context["user"].is_authenticated
    # That request counted as activity: the clock starts again.
    assert time.time() - learner_client.session[LAST_ACTIVITY] < 5


def test_the_timeout_follows_the_setting(learner_client, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 5
    _idle_for(learner_client, 6 * 60)
    assert not learner_client.get("/").context["user"].is_authenticated


def test_activity_is_written_at_most_once_a_minute(learner_client):
    learner_client.get("/")
    stamp = learner_client.session[LAST_ACTIVITY]
    with CaptureQueriesContext(connection) as queries:
        learner_client.get("/healthz")
    writes = [q["sql"] for q in queries.captured_queries]
    assert not [sql for sql in writes if sql.startswith(("UPDATE", "INSERT"))]
    assert learner_client.session[LAST_ACTIVITY] == stamp
    _idle_for(learner_client, 61)
    learner_client.get("/healthz")
    assert learner_client.session[LAST_ACTIVITY] >= time.time() - 5
