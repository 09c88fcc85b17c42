"""Hostile input gets a clear 4xx in the LRS's own format, never a 500 (issue 11, hole 7)."""

import json
from urllib.parse import urlencode

import pytest

from xapi.models import Document, Statement

pytestmark = pytest.mark.django_db

ACTOR = {"objectType": "Agent", "mbox": "mailto:learner@example.gov.cn"}
ACTIVITY = "http://example.gov.cn/activities/lesson-1"


def statement(**overrides):
    body = {
        "actor": ACTOR,
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
        "object": {"id": ACTIVITY},
    }
    body.update(overrides)
    return body


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def deep_statement(depth: int) -> str:
    # Three levels are the statement, its result and the extensions.
    value = nested(depth - 3)
    return (
        json.dumps(statement())[:-1]
        + ', "result": {"extensions": {"http://example.gov.cn/x": '
        + value
        + "}}}"
    )


def assert_lrs_error(response, status=400):
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["error"] is True
    return body["message"]


@pytest.mark.parametrize("depth", [2_000, 100_000])
def test_deeply_nested_statements_are_a_400(lrs, depth):
    message = assert_lrs_error(lrs.post("/xapi/statements", nested(depth)))
    assert "nested" in message
    assert not Statement.objects.exists()


def test_deep_nesting_inside_a_statement_is_a_400(lrs):
    assert_lrs_error(lrs.post("/xapi/statements", deep_statement(5_000)))
    url = "/xapi/statements?statementId=0b8f0f4e-1c2d-4e5f-8a9b-000000000001"
    assert_lrs_error(lrs.put(url, deep_statement(5_000)))
    assert not Statement.objects.exists()


def test_a_statement_nested_as_deep_as_allowed_is_stored_and_read_back(lrs):
    response = lrs.post("/xapi/statements", "[" + deep_statement(99) + "]")
    assert response.status_code == 200, response.content
    [statement_id] = response.json()
    assert lrs.post("/xapi/statements", deep_statement(99)).status_code == 200
    got = lrs.get(
        "/xapi/statements", {"statementId": statement_id, "format": "canonical"}
    )
    assert got.status_code == 200


def test_deep_nesting_in_a_multipart_statement_part_is_a_400(lrs):
    body = (
        "--b\r\nContent-Type: application/json\r\n\r\n"
        + nested(5_000)
        + "\r\n--b--\r\n"
    )
    response = lrs.post(
        "/xapi/statements", body, content_type='multipart/mixed; boundary="b"'
    )
    assert_lrs_error(response)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/xapi/statements", {}),
        ("/xapi/agents", {}),
        ("/xapi/agents/profile", {"profileId": "p"}),
        ("/xapi/activities/state", {"activityId": ACTIVITY, "stateId": "s"}),
    ],
)
def test_a_deeply_nested_agent_parameter_is_a_400(lrs, path, params):
    agent = '{"mbox": "mailto:a@example.gov.cn", "x": ' + nested(5_000) + "}"
    assert_lrs_error(lrs.get(path, {**params, "agent": agent}))


def state_url(state_id="s"):
    params = {"activityId": ACTIVITY, "agent": json.dumps(ACTOR), "stateId": state_id}
    return "/xapi/activities/state?" + urlencode(params)


def test_posting_deep_json_to_merge_into_a_state_is_a_400(lrs):
    assert lrs.post(state_url(), json.dumps({"page": 1})).status_code == 204
    deep = '{"page": ' + nested(5_000) + "}"
    assert_lrs_error(lrs.post(state_url(), deep))
    assert json.loads(bytes(Document.objects.get().content)) == {"page": 1}


def test_merging_into_a_stored_deep_document_is_a_400(lrs):
    # PUT keeps a document as opaque bytes; only a merge has to parse it.
    deep = '{"page": ' + nested(5_000) + "}"
    assert lrs.put(state_url(), deep).status_code == 204
    assert_lrs_error(lrs.post(state_url(), json.dumps({"page": 2})))
    assert bytes(Document.objects.get().content) == deep.encode()


@pytest.mark.parametrize(
    "value",
    ["NaN", "-Infinity", "1e999", '"\\ud800"'],
    ids=["nan", "infinity", "overflow", "lone-surrogate"],
)
def test_what_json_does_not_allow_is_a_400(lrs, value):
    # In an extension, where the statement's validation does not look.
    body = deep_statement(4).replace("[]", value)
    assert_lrs_error(lrs.post("/xapi/statements", body))
    assert not Statement.objects.exists()


@pytest.mark.parametrize(
    "header",
    [
        "en;q=abc",
        "zh;q=2",
        ";q=",
        "zh-CN;q=",
        "en;q=nan",
        "en;q=inf",
        "en;q=-1",
        "zh-CN, en;q=0.5;q=0.7",
        "en; q = 0.5, ,;,=",
        "\u00e9;q=0.5",
    ],
)
def test_a_malformed_accept_language_is_ignored(lrs, header):
    lrs.post("/xapi/statements", json.dumps(statement()))
    response = lrs.get(
        "/xapi/statements", {"format": "canonical"}, HTTP_ACCEPT_LANGUAGE=header
    )
    assert response.status_code == 200


def test_accept_language_still_picks_the_preferred_language(lrs):
    activity = {
        "id": ACTIVITY,
        "definition": {"name": {"en-US": "Lesson 1", "zh-CN": "第一课"}},
    }
    lrs.post("/xapi/statements", json.dumps(statement(object=activity)))
    for header, expected in (
        ("en;q=0.2, zh-CN;q=0.9", "zh-CN"),
        ("zh;q=abc, en-US", "en-US"),
        ("en-US;q=0, zh-CN;q=0.1", "zh-CN"),
        ("zh-CN; q=0.3, en-US; q=0.4", "en-US"),
    ):
        response = lrs.get(
            "/xapi/statements", {"format": "canonical"}, HTTP_ACCEPT_LANGUAGE=header
        )
        [got] = response.json()["statements"]
        assert list(got["object"]["definition"]["name"]) == [expected], header


def test_a_body_over_the_upload_limit_is_a_413(lrs, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    batch = json.dumps([statement() for _ in range(20)])
    message = assert_lrs_error(lrs.post("/xapi/statements", batch), status=413)
    assert "1000" in message.replace(",", "")
    state = lrs.put(state_url(), json.dumps({"x": "y" * 2_000}))
    assert_lrs_error(state, status=413)
    assert not Statement.objects.exists()


def test_an_alternate_request_over_the_upload_limit_is_a_413(lrs, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    form = urlencode(
        {
            "Authorization": lrs.authorization,
            "X-Experience-API-Version": "1.0.3",
            "content": json.dumps([statement() for _ in range(20)]),
        }
    )
    response = lrs.client.post(
        "/xapi/statements?method=POST",
        form,
        content_type="application/x-www-form-urlencoded",
    )
    assert_lrs_error(response, status=413)


def test_an_alternate_request_that_is_not_utf8_is_a_400(lrs):
    response = lrs.client.post(
        "/xapi/statements?method=GET",
        b"statementId=\xff\xfe",
        content_type="application/x-www-form-urlencoded",
        **lrs.headers(),
    )
    assert_lrs_error(response)


@pytest.mark.parametrize(
    "where",
    [
        {"object": {"id": ACTIVITY, "definition": {"name": {"en": "a\u0000b"}}}},
        {"result": {"extensions": {"http://example.gov.cn/x": {"k\u0000": 1}}}},
        {"result": {"response": "\u0000"}},
    ],
    ids=["definition", "extension-key", "response"],
)
def test_a_nul_character_is_a_400_and_stores_nothing(lrs, where):
    # PostgreSQL's jsonb refuses U+0000: before, this was a 500 at the insert.
    batch = [statement(), statement(**where)]
    message = assert_lrs_error(lrs.post("/xapi/statements", json.dumps(batch)))
    assert "U+0000" in message
    assert not Statement.objects.exists()


def test_an_escaped_backslash_before_u0000_is_only_text(lrs):
    body = statement(result={"response": "C:\\u0000"})
    raw = json.dumps(body)
    assert "\\\\u0000" in raw
    response = lrs.post("/xapi/statements", raw)
    assert response.status_code == 200, response.content
    assert Statement.objects.get().data["result"]["response"] == "C:\\u0000"


def test_a_nul_character_is_refused_on_the_platforms_own_path_too():
    # The refusal is in the store, not the HTTP view: record_statements, the
    # other apps' way in, gets the same BadRequest and stores nothing.
    from xapi.exceptions import BadRequest
    from xapi.services import record_statements

    with pytest.raises(BadRequest, match="U\\+0000"):
        record_statements([statement(result={"response": "a\u0000"})])
    assert not Statement.objects.exists()
