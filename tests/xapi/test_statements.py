"""The Statements resource over HTTP (xAPI Communication 2.1)."""

import hashlib
import json
import uuid

import pytest

from xapi.auth import create_client
from xapi.models import Statement

from .conftest import basic

ACTOR = {"objectType": "Agent", "mbox": "mailto:learner@example.gov.cn", "name": "学员"}
VERB = {
    "id": "http://adlnet.gov/expapi/verbs/experienced",
    "display": {"en-US": "experienced"},
}


def statement(**overrides):
    body = {
        "actor": ACTOR,
        "verb": VERB,
        "object": {
            "objectType": "Activity",
            "id": "http://example.gov.cn/activities/lesson-1",
            "definition": {"name": {"zh-CN": "第一课", "en-US": "Lesson 1"}},
        },
    }
    body.update(overrides)
    return body


def post(lrs, body, **extra):
    return lrs.post("/xapi/statements", json.dumps(body), **extra)


def test_post_stores_and_returns_ids_then_get_returns_it_with_lrs_properties(lrs):
    response = post(lrs, statement())
    assert response.status_code == 200
    [statement_id] = response.json()
    got = lrs.get("/xapi/statements", {"statementId": statement_id})
    assert got.status_code == 200
    stored = got.json()
    assert stored["id"] == statement_id
    assert stored["authority"]["account"]["name"].startswith("lrs-client:")
    assert stored["version"] == "1.0.0"
    assert stored["stored"].endswith("Z")
    assert got["X-Experience-API-Version"] == "1.0.3"
    assert "X-Experience-API-Consistent-Through" in got
    assert got["Last-Modified"]


def test_put_with_statement_id_then_same_again_is_204_and_different_is_409(lrs):
    statement_id = str(uuid.uuid4())
    url = f"/xapi/statements?statementId={statement_id}"
    assert lrs.put(url, json.dumps(statement())).status_code == 204
    assert lrs.put(url, json.dumps(statement())).status_code == 204
    changed = statement(verb={"id": "http://adlnet.gov/expapi/verbs/completed"})
    assert lrs.put(url, json.dumps(changed)).status_code == 409
    assert Statement.objects.count() == 1


def test_batch_with_one_bad_statement_stores_none(lrs):
    bad = statement(verb={"id": "not an iri"})
    response = post(lrs, [statement(), statement(), bad])
    assert response.status_code == 400
    assert "verb" in response.json()["message"]
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        {"actor": ACTOR, "verb": VERB},
        statement(unknown="property"),
        statement(result=None),
        statement(id="not-a-uuid"),
    ],
)
def test_malformed_statements_are_rejected_with_400(lrs, body):
    response = post(lrs, body)
    assert response.status_code == 400
    assert response.json()["error"] is True
    assert not Statement.objects.exists()


def test_voided_statement_is_reachable_only_by_voided_statement_id(lrs):
    [target] = post(lrs, statement()).json()
    voiding = {
        "actor": ACTOR,
        "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
        "object": {"objectType": "StatementRef", "id": target},
    }
    [voiding_id] = post(lrs, voiding).json()
    assert lrs.get("/xapi/statements", {"statementId": target}).status_code == 404
    assert lrs.get("/xapi/statements", {"voidedStatementId": target}).status_code == 200
    listed = [s["id"] for s in lrs.get("/xapi/statements").json()["statements"]]
    assert target not in listed and voiding_id in listed
    # A voiding statement cannot itself be voided.
    again = {**voiding, "object": {"objectType": "StatementRef", "id": voiding_id}}
    assert post(lrs, again).status_code == 400


def test_query_filters_by_agent_verb_and_activity(lrs):
    other = {
        "objectType": "Agent",
        "account": {"homePage": "http://x.cn", "name": "E1"},
    }
    post(lrs, [statement(), statement(actor=other)])
    agent = json.dumps({"mbox": "mailto:learner@example.gov.cn"})
    result = lrs.get("/xapi/statements", {"agent": agent}).json()["statements"]
    assert [s["actor"]["mbox"] for s in result] == ["mailto:learner@example.gov.cn"]
    result = lrs.get("/xapi/statements", {"verb": VERB["id"]}).json()["statements"]
    assert len(result) == 2
    activity = "http://example.gov.cn/activities/lesson-1"
    assert (
        len(lrs.get("/xapi/statements", {"activity": activity}).json()["statements"])
        == 2
    )


def test_related_activities_include_context_activities(lrs):
    parent = {"id": "http://example.gov.cn/activities/course-1"}
    post(lrs, statement(context={"contextActivities": {"parent": parent}}))
    params = {"activity": parent["id"]}
    assert lrs.get("/xapi/statements", params).json()["statements"] == []
    params["related_activities"] = "true"
    [found] = lrs.get("/xapi/statements", params).json()["statements"]
    # A single context activity comes back as an array of one.
    assert found["context"]["contextActivities"]["parent"] == [parent]


def test_more_link_pages_through_everything_once(lrs):
    post(lrs, [statement() for _ in range(7)])
    seen, url, params = [], "/xapi/statements", {"limit": "3"}
    while url:
        page = lrs.get(url, params).json()
        seen += [s["id"] for s in page["statements"]]
        url, params = page["more"], None
    assert len(seen) == 7 == len(set(seen))


def test_format_ids_reduces_agents_and_activities(lrs):
    [statement_id] = post(lrs, statement()).json()
    got = lrs.get(
        "/xapi/statements", {"statementId": statement_id, "format": "ids"}
    ).json()
    assert got["actor"] == {"objectType": "Agent", "mbox": ACTOR["mbox"]}
    # In the ids format an Activity keeps its id only (Communication 2.1.3).
    assert got["object"] == {"id": statement()["object"]["id"]}


def test_canonical_format_picks_the_accepted_language(lrs):
    [statement_id] = post(lrs, statement()).json()
    got = lrs.get(
        "/xapi/statements",
        {"statementId": statement_id, "format": "canonical"},
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    ).json()
    assert got["object"]["definition"]["name"] == {"zh-CN": "第一课"}


def test_missing_version_header_is_400_but_about_answers(lrs):
    response = lrs.get("/xapi/statements", HTTP_X_EXPERIENCE_API_VERSION=None)
    assert response.status_code == 400
    assert "X-Experience-API-Consistent-Through" in response
    about = lrs.client.get("/xapi/about")
    assert about.status_code == 200
    assert about.json()["version"] == ["1.0.3", "2.0.0"]


def test_version_is_negotiated_and_echoed(lrs):
    assert (
        lrs.get("/xapi/about", HTTP_X_EXPERIENCE_API_VERSION="2.0.9")[
            "X-Experience-API-Version"
        ]
        == "2.0.0"
    )
    assert (
        lrs.get("/xapi/statements", HTTP_X_EXPERIENCE_API_VERSION="0.95").status_code
        == 400
    )


def test_wrong_credentials_get_401_with_challenge_and_wrong_scope_403(lrs, client, db):
    response = lrs.get("/xapi/statements", HTTP_AUTHORIZATION="Basic bm9wZTpub3Bl")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")
    reader = create_client(name="reader", scopes=["statements/read"])
    response = post(
        lrs, statement(), HTTP_AUTHORIZATION=basic(reader.key, reader.secret)
    )
    assert response.status_code == 403


def test_disabled_client_is_refused(lrs):
    credentials = create_client(name="old", scopes=["all"])
    credentials.client.is_active = False
    credentials.client.save()
    response = lrs.get(
        "/xapi/statements",
        HTTP_AUTHORIZATION=basic(credentials.key, credentials.secret),
    )
    assert response.status_code == 401


def test_read_mine_scope_sees_only_its_own_statements(lrs):
    post(lrs, statement())
    mine = create_client(
        name="package", scopes=["statements/read/mine", "statements/write"]
    )
    auth = basic(mine.key, mine.secret)
    post(lrs, statement(), HTTP_AUTHORIZATION=auth)
    found = lrs.get("/xapi/statements", HTTP_AUTHORIZATION=auth).json()["statements"]
    assert len(found) == 1
    assert found[0]["authority"]["account"]["name"] == f"lrs-client:{mine.key}"


def test_secret_is_stored_only_as_a_keyed_hash(db):
    credentials = create_client(name="hashing", scopes=["all"])
    assert credentials.secret not in credentials.client.secret_hash
    assert len(credentials.client.secret_hash) == 64


def test_statement_with_attachment_round_trips_as_multipart(lrs):
    content = "证书扫描件".encode()
    sha2 = hashlib.sha256(content).hexdigest()
    body = statement(
        attachments=[
            {
                "usageType": "http://adlnet.gov/expapi/attachments/signature-proof",
                "display": {"en-US": "proof"},
                "contentType": "text/plain",
                "length": len(content),
                "sha2": sha2,
            }
        ]
    )
    boundary = "xapiboundary"
    multipart = (
        (
            f"--{boundary}\r\nContent-Type: application/json\r\n\r\n{json.dumps(body)}\r\n"
            f"--{boundary}\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\n"
            f"X-Experience-API-Hash: {sha2}\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = lrs.post(
        "/xapi/statements",
        multipart,
        content_type=f"multipart/mixed; boundary={boundary}",
    )
    assert response.status_code == 200, response.content
    [statement_id] = response.json()
    got = lrs.get(
        "/xapi/statements", {"statementId": statement_id, "attachments": "true"}
    )
    assert got["Content-Type"].startswith("multipart/mixed")
    assert content in got.content


def test_attachment_with_wrong_hash_is_rejected(lrs):
    body = statement(
        attachments=[
            {
                "usageType": "http://example.gov.cn/usage",
                "display": {"en-US": "x"},
                "contentType": "text/plain",
                "length": 3,
                "sha2": hashlib.sha256(b"abc").hexdigest(),
            }
        ]
    )
    multipart = (
        "--b\r\nContent-Type: application/json\r\n\r\n" + json.dumps(body) + "\r\n"
        "--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\n"
        f"X-Experience-API-Hash: {hashlib.sha256(b'abc').hexdigest()}\r\n\r\nxyz\r\n--b--\r\n"
    ).encode()
    response = lrs.post(
        "/xapi/statements", multipart, content_type="multipart/mixed; boundary=b"
    )
    assert response.status_code == 400
    assert not Statement.objects.exists()


def test_alternate_request_syntax_puts_a_statement(lrs):
    statement_id = str(uuid.uuid4())
    form = {
        "Authorization": lrs.authorization,
        "X-Experience-API-Version": "1.0.3",
        "Content-Type": "application/json",
        "statementId": statement_id,
        "content": json.dumps(statement()),
    }
    from urllib.parse import urlencode

    response = lrs.client.post(
        "/xapi/statements?method=PUT",
        urlencode(form),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 204
    assert Statement.objects.filter(id=statement_id).exists()


def test_cors_preflight_allows_the_concurrency_headers(client, db):
    response = client.options("/xapi/statements", HTTP_ORIGIN="http://package.example")
    assert response.status_code == 200
    assert "If-Match" in response["Access-Control-Allow-Headers"]
    assert (
        "X-Experience-API-Consistent-Through"
        in response["Access-Control-Expose-Headers"]
    )


def test_filters_also_return_statements_that_target_a_match(lrs):
    verb = {"id": "http://example.gov.cn/verbs/reviewed"}
    [target] = post(lrs, statement(verb=verb)).json()
    voiding = {
        "actor": ACTOR,
        "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
        "object": {"objectType": "StatementRef", "id": target},
    }
    [voiding_id] = post(lrs, voiding).json()
    pointer = statement(object={"objectType": "StatementRef", "id": target}, verb=verb)
    [pointer_id] = post(lrs, pointer).json()
    found = lrs.get("/xapi/statements", {"verb": verb["id"]}).json()["statements"]
    assert {s["id"] for s in found} == {voiding_id, pointer_id}


def test_alternate_request_syntax_is_refused_in_2_0(lrs):
    from urllib.parse import urlencode

    form = {
        "Authorization": lrs.authorization,
        "X-Experience-API-Version": "2.0.0",
        "statementId": str(uuid.uuid4()),
        "content": json.dumps(statement()),
    }
    response = lrs.client.post(
        "/xapi/statements?method=PUT",
        urlencode(form),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert not Statement.objects.exists()


def test_format_ids_keeps_only_the_verb_id(lrs):
    [statement_id] = post(lrs, statement()).json()
    params = {"statementId": statement_id, "format": "ids"}
    assert lrs.get("/xapi/statements", params).json()["verb"] == {"id": VERB["id"]}
