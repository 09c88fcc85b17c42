"""Attacks with a launch credential (issue 11, holes 2-4), performed over HTTP.

A package in a learner's browser holds a launch credential: it writes only
about its own activity, voids only what it wrote, and reads only what it wrote,
also by statement id. Normal clients keep the whole LRS.
"""

import json
import uuid
from urllib.parse import urlencode

import pytest

from xapi import vocabulary
from xapi.auth import create_client, create_launch_credential
from xapi.models import Statement
from xapi.services import record_statements

from .conftest import LRS, basic

pytestmark = pytest.mark.django_db

ACTIVITY = "http://lms.test/xapi/activities/package/abc"
OTHER_LESSON = (
    "http://lms.test/xapi/activities/lesson/0b8f0f4e-1c2d-4e5f-8a9b-000000000001"
)
LEARNER = vocabulary.learner("D0001", "王小明")
OTHER_LEARNER = vocabulary.learner("D0002", "李四")


@pytest.fixture
def launched(client):
    credentials = create_launch_credential(agent=LEARNER, activity_id=ACTIVITY)
    return LRS(client, basic(credentials.key, credentials.secret))


def completed(object_id=ACTIVITY, actor=LEARNER, **extra):
    return {
        "actor": actor,
        "verb": vocabulary.verb(vocabulary.COMPLETED),
        "object": {"id": object_id},
        **extra,
    }


def voiding(target_id, actor=LEARNER):
    return {
        "actor": actor,
        "verb": vocabulary.verb(vocabulary.VOIDED),
        "object": {"objectType": "StatementRef", "id": target_id},
    }


def post(lrs, body):
    return lrs.post("/xapi/statements", json.dumps(body))


# Hole 2: a launch credential writes only about its own activity -------------


def test_launch_credential_cannot_complete_a_lesson_outside_its_activity(launched):
    response = post(launched, completed(OTHER_LESSON))
    assert response.status_code == 403
    assert response.json()["error"] is True
    assert not Statement.objects.exists()


def test_one_statement_outside_the_activity_refuses_the_whole_batch(launched):
    batch = [completed(ACTIVITY + "/q1"), completed(OTHER_LESSON)]
    assert post(launched, batch).status_code == 403
    assert not Statement.objects.exists()


def test_put_outside_the_activity_is_refused(launched):
    url = f"/xapi/statements?statementId={uuid.uuid4()}"
    assert launched.put(url, json.dumps(completed(OTHER_LESSON))).status_code == 403
    assert not Statement.objects.exists()


@pytest.mark.parametrize(
    "object_id",
    [ACTIVITY + "x", ACTIVITY + "-evil", "http://lms.test/xapi/activities/package"],
)
def test_an_iri_that_only_starts_like_the_activity_is_outside_it(launched, object_id):
    assert post(launched, completed(object_id)).status_code == 403


@pytest.mark.parametrize(
    "target",
    [
        {"objectType": "Agent", "mbox": "mailto:someone@example.gov.cn"},
        {
            "objectType": "SubStatement",
            "actor": LEARNER,
            "verb": vocabulary.verb(vocabulary.COMPLETED),
            "object": {"id": OTHER_LESSON},
        },
    ],
)
def test_an_object_that_is_not_an_activity_is_refused(launched, target):
    body = {**completed(), "object": target}
    assert post(launched, body).status_code == 403
    assert not Statement.objects.exists()


@pytest.mark.parametrize("suffix", ["", "/q1", "#slide-2", "?page=3", "/q1/a"])
def test_the_activity_and_its_sub_iris_are_inside(launched, suffix):
    response = post(launched, completed(ACTIVITY + suffix))
    assert response.status_code == 200, response.content


def test_a_normal_client_writes_about_any_activity(lrs):
    assert post(lrs, completed(OTHER_LESSON)).status_code == 200


def test_state_of_another_activity_stays_out_of_reach(launched):
    params = {
        "agent": json.dumps(LEARNER),
        "stateId": "bookmark",
        "activityId": OTHER_LESSON,
    }
    url = "/xapi/activities/state?" + urlencode(params)
    assert launched.put(url, json.dumps({"page": 1})).status_code == 403
    assert launched.post(url, json.dumps({"page": 1})).status_code == 403
    assert launched.client.delete(url, **launched.headers()).status_code == 403
    listing = {k: v for k, v in params.items() if k != "stateId"}
    url = "/xapi/activities/state?" + urlencode(listing)
    assert launched.get(url).status_code == 403
    assert launched.client.delete(url, **launched.headers()).status_code == 403


def test_profiles_stay_out_of_reach_of_a_launch_credential(launched):
    activity = {"activityId": ACTIVITY, "profileId": "p"}
    agent = {"agent": json.dumps(LEARNER), "profileId": "p"}
    for path, params in (
        ("/xapi/activities/profile", activity),
        ("/xapi/agents/profile", agent),
    ):
        url = path + "?" + urlencode(params)
        assert launched.put(url, "{}", HTTP_IF_NONE_MATCH="*").status_code == 403
        assert launched.get(url).status_code == 403


def test_an_activity_limit_holds_without_an_agent_limit(client):
    credentials = create_client(
        name="one activity", scopes=["all"], activity_id=ACTIVITY
    )
    lrs = LRS(client, basic(credentials.key, credentials.secret))
    assert post(lrs, completed(OTHER_LESSON)).status_code == 403
    assert post(lrs, completed(ACTIVITY + "/q1")).status_code == 200


# Hole 3: voiding only one's own statements ----------------------------------


def _stored_by(lrs, body) -> str:
    response = post(lrs, body)
    assert response.status_code == 200, response.content
    return response.json()[0]


def test_launch_credential_cannot_void_another_learners_completion(launched, lrs):
    target = _stored_by(lrs, completed(actor=OTHER_LEARNER))
    response = post(launched, voiding(target))
    assert response.status_code == 403
    assert not Statement.objects.get(id=target).voided
    assert Statement.objects.count() == 1


def test_launch_credential_cannot_void_its_learners_platform_statements(launched):
    [target] = record_statements([completed()])
    assert post(launched, voiding(target)).status_code == 403
    assert not Statement.objects.get(id=target).voided


def test_launch_credential_cannot_void_what_another_launch_wrote(launched, client):
    other = create_launch_credential(agent=LEARNER, activity_id=ACTIVITY)
    target = _stored_by(LRS(client, basic(other.key, other.secret)), completed())
    assert post(launched, voiding(target)).status_code == 403
    assert not Statement.objects.get(id=target).voided


def test_voiding_an_unknown_statement_is_refused_to_a_launch_credential(launched):
    assert post(launched, voiding(str(uuid.uuid4()))).status_code == 403
    assert not Statement.objects.exists()


def test_launch_credential_voids_what_it_wrote(launched):
    target = _stored_by(launched, completed())
    assert post(launched, voiding(target)).status_code == 200
    assert Statement.objects.get(id=target).voided


@pytest.mark.parametrize(
    "fields",
    [
        {"scopes": ["statements/write", "statements/read/mine"]},
        {"scopes": ["all"], "agent": vocabulary.learner("D0009")},
    ],
    ids=["read-mine", "agent-set"],
)
def test_a_client_limited_to_its_own_statements_voids_only_those(client, lrs, fields):
    credentials = create_client(name="limited", **fields)
    limited = LRS(client, basic(credentials.key, credentials.secret))
    actor = fields.get("agent", OTHER_LEARNER)
    target = _stored_by(lrs, completed(actor=actor))
    assert post(limited, voiding(target, actor=actor)).status_code == 403
    assert not Statement.objects.get(id=target).voided
    own = _stored_by(limited, completed(actor=actor))
    assert post(limited, voiding(own, actor=actor)).status_code == 200
    assert Statement.objects.get(id=own).voided


def test_a_normal_client_voids_anyones_statements(lrs, launched):
    target = _stored_by(launched, completed())
    assert post(lrs, voiding(target, actor=OTHER_LEARNER)).status_code == 200
    assert Statement.objects.get(id=target).voided


def test_the_platform_voids_its_own_statements():
    [target] = record_statements([completed()])
    record_statements([voiding(target)])
    assert Statement.objects.get(id=target).voided


# Hole 4: reading by id keeps to the client's limit --------------------------


def test_launch_credential_cannot_read_another_statement_by_id(launched, lrs):
    target = _stored_by(lrs, completed(actor=OTHER_LEARNER))
    response = launched.get("/xapi/statements", {"statementId": target})
    assert response.status_code == 404
    assert response.json()["error"] is True
    unknown = launched.get("/xapi/statements", {"statementId": str(uuid.uuid4())})
    assert (
        response.json()["message"].split()[:2] == unknown.json()["message"].split()[:2]
    )


def test_launch_credential_cannot_read_a_voided_statement_by_id(launched, lrs):
    target = _stored_by(lrs, completed(actor=OTHER_LEARNER))
    _stored_by(lrs, voiding(target, actor=OTHER_LEARNER))
    response = launched.get("/xapi/statements", {"voidedStatementId": target})
    assert response.status_code == 404
    assert lrs.get("/xapi/statements", {"voidedStatementId": target}).status_code == 200


def test_alternate_syntax_reads_by_id_within_the_limit_too(launched, lrs):
    target = _stored_by(lrs, completed(actor=OTHER_LEARNER))
    form = urlencode(
        {
            "statementId": target,
            "Authorization": launched.authorization,
            "X-Experience-API-Version": "1.0.3",
        }
    )
    response = launched.client.post(
        "/xapi/statements?method=GET",
        form,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 404


def test_launch_credential_reads_its_own_statement_by_id(launched):
    own = _stored_by(launched, completed())
    response = launched.get("/xapi/statements", {"statementId": own})
    assert response.status_code == 200
    assert response.json()["id"] == own


def test_an_activity_limited_client_reads_only_its_activitys_definition(client, lrs):
    credentials = create_client(
        name="one activity", scopes=["all"], activity_id=ACTIVITY
    )
    limited = LRS(client, basic(credentials.key, credentials.secret))
    post(lrs, completed(OTHER_LESSON))
    assert (
        limited.get("/xapi/activities", {"activityId": OTHER_LESSON}).status_code == 403
    )
    assert limited.get("/xapi/activities", {"activityId": ACTIVITY}).status_code == 200
    assert lrs.get("/xapi/activities", {"activityId": OTHER_LESSON}).status_code == 200
