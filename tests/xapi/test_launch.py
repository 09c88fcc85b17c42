"""Launch credentials: a package in a learner's browser reaches only its own records."""

import json
from urllib.parse import urlencode

import pytest

from xapi import vocabulary
from xapi.auth import create_launch_credential

from .conftest import LRS, basic

pytestmark = pytest.mark.django_db

ACTIVITY = "http://lms.test/xapi/activities/package/abc"


@pytest.fixture
def launch(client):
    learner = vocabulary.learner("D0001", "王小明")
    credentials = create_launch_credential(
        agent=learner, activity_id=ACTIVITY, minutes=30
    )
    return LRS(client, basic(credentials.key, credentials.secret)), learner


def _statement(actor, activity=ACTIVITY):
    return {
        "actor": actor,
        "verb": vocabulary.verb(vocabulary.COMPLETED),
        "object": {"id": activity},
    }


def test_launch_credential_records_its_learners_statements(launch):
    lrs, learner = launch
    response = lrs.post("/xapi/statements", json.dumps(_statement(learner)))
    assert response.status_code == 200


def test_launch_credential_cannot_write_for_another_learner(launch):
    lrs, _learner = launch
    other = vocabulary.learner("D0002")
    response = lrs.post("/xapi/statements", json.dumps(_statement(other)))
    assert response.status_code == 403


def test_launch_credential_reads_only_what_it_wrote(launch, lrs):
    launched, learner = launch
    lrs.post("/xapi/statements", json.dumps(_statement(learner)))  # another client
    launched.post("/xapi/statements", json.dumps(_statement(learner, ACTIVITY + "/q1")))
    found = launched.get("/xapi/statements").json()["statements"]
    assert [s["object"]["id"] for s in found] == [ACTIVITY + "/q1"]


def test_launch_credential_keeps_state_only_for_its_learner_and_activity(launch):
    lrs, learner = launch
    params = {
        "activityId": ACTIVITY,
        "agent": json.dumps(learner),
        "stateId": "bookmark",
    }
    ok = lrs.put("/xapi/activities/state?" + urlencode(params), json.dumps({"page": 3}))
    assert ok.status_code == 204, ok.content
    other = {**params, "agent": json.dumps(vocabulary.learner("D0002"))}
    assert lrs.get("/xapi/activities/state?" + urlencode(other)).status_code == 403
    elsewhere = {**params, "activityId": "http://lms.test/xapi/activities/package/zzz"}
    assert lrs.get("/xapi/activities/state?" + urlencode(elsewhere)).status_code == 403


def test_expired_launch_credential_is_refused(client):
    learner = vocabulary.learner("D0001")
    credentials = create_launch_credential(
        agent=learner, activity_id=ACTIVITY, minutes=-1
    )
    lrs = LRS(client, basic(credentials.key, credentials.secret))
    assert lrs.get("/xapi/statements").status_code == 401
