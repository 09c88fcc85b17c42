import base64
import json
import threading
import uuid
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.utils import timezone

from xapi.auth import create_client
from xapi.documents import (
    Owner,
    Preconditions,
    check_preconditions,
    compute_etag,
    get_document,
    list_document_ids,
    merge_json,
    save_document,
)
from xapi.exceptions import Conflict, PreconditionFailed
from xapi.models import Document

ACTIVITY = "http://www.example.com/activityId/hashset"
AGENT = {
    "objectType": "Agent",
    "account": {"homePage": "http://www.example.com/agentId/1", "name": "Rick James"},
}
OTHER_AGENT = {"mbox": "mailto:other@example.com"}
STATE = "/xapi/activities/state"
ACTIVITY_PROFILE = "/xapi/activities/profile"
AGENT_PROFILE = "/xapi/agents/profile"


# Pure helpers ---------------------------------------------------------------


def test_etag_is_the_quoted_sha1_of_the_content():
    assert compute_etag(b"abc") == '"a9993e364706816aba3e25717850c26c9cd0d89d"'


def test_merge_json_replaces_top_level_properties_whole():
    merged = merge_json(
        {"car": {"make": "Ford", "model": "Escape"}, "driver": "Dale"},
        {"car": {"make": "Dodge"}, "series": 1},
    )
    assert json.loads(merged) == {
        "car": {"make": "Dodge"},
        "driver": "Dale",
        "series": 1,
    }


@pytest.mark.parametrize(
    ("current", "headers", "error"),
    [
        ('"a"', {"if_match": '"b"'}, PreconditionFailed),
        (None, {"if_match": '"a"'}, PreconditionFailed),
        ('"a"', {"if_none_match": "*"}, PreconditionFailed),
        ('"a"', {"if_none_match": 'W/"a"'}, PreconditionFailed),
        ('"a"', {"header_required": True}, Conflict),
    ],
)
def test_check_preconditions_refuses(current, headers, error):
    with pytest.raises(error):
        check_preconditions(current, Preconditions(**headers))


@pytest.mark.parametrize(
    ("current", "headers"),
    [
        ('"a"', {"if_match": '"a"'}),
        ('"a"', {"if_match": '"x", "a"'}),
        ('"a"', {"if_match": "*"}),
        ('"a"', {"if_match": "a"}),
        (None, {"if_none_match": "*", "header_required": True}),
        (None, {"header_required": True}),
        ('"a"', {"if_match": '"a"', "header_required": True}),
    ],
)
def test_check_preconditions_allows(current, headers):
    check_preconditions(current, Preconditions(**headers))


def test_weak_tag_never_satisfies_if_match():
    with pytest.raises(PreconditionFailed):
        check_preconditions('"a"', Preconditions(if_match='W/"a"'))


# Services -------------------------------------------------------------------

OWNER = Owner(kind=Document.Kind.STATE, activity_id=ACTIVITY, agent_ifi="mbox:a@b.c")


@pytest.mark.django_db
def test_save_document_replaces_in_place():
    first = save_document(
        owner=OWNER,
        document_id="s",
        content=b"one",
        content_type="text/plain",
        preconditions=Preconditions(),
    )
    second = save_document(
        owner=OWNER,
        document_id="s",
        content=b"two",
        content_type="text/plain",
        preconditions=Preconditions(if_match=first.etag),
    )
    assert second.pk == first.pk
    assert bytes(get_document(owner=OWNER, document_id="s").content) == b"two"
    assert Document.objects.count() == 1


@pytest.mark.django_db
def test_refused_save_leaves_the_document_unchanged():
    save_document(
        owner=OWNER,
        document_id="s",
        content=b"one",
        content_type="text/plain",
        preconditions=Preconditions(),
    )
    with pytest.raises(PreconditionFailed):
        save_document(
            owner=OWNER,
            document_id="s",
            content=b"two",
            content_type="text/plain",
            preconditions=Preconditions(if_match='"nope"'),
        )
    assert bytes(get_document(owner=OWNER, document_id="s").content) == b"one"


@pytest.mark.django_db
def test_list_document_ids_since_is_exclusive():
    document = save_document(
        owner=OWNER,
        document_id="s",
        content=b"{}",
        content_type="application/json",
        preconditions=Preconditions(),
    )
    assert list_document_ids(owner=OWNER, since=document.updated) == []
    earlier = document.updated - timedelta(microseconds=1)
    assert list_document_ids(owner=OWNER, since=earlier) == ["s"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_puts_make_one_row():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs a server database.")
    barrier = threading.Barrier(4)
    errors = []

    def put(number):
        try:
            barrier.wait()
            save_document(
                owner=OWNER,
                document_id="raced",
                content=str(number).encode(),
                content_type="text/plain",
                preconditions=Preconditions(),
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=put, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Document.objects.filter(document_id="raced").count() == 1


# Resources ------------------------------------------------------------------


@pytest.fixture
def creds(db):
    return create_client(name="t", scopes=["all"])


def _auth(credentials):
    token = base64.b64encode(f"{credentials.key}:{credentials.secret}".encode())
    return "Basic " + token.decode()


@pytest.fixture
def xapi(client, creds):
    """Send an xAPI request; ``params`` values that are dicts go as JSON."""

    def send(
        method,
        path,
        params,
        body=b"",
        *,
        content_type="application/json",
        version="1.0.3",
        credentials=creds,
        **headers,
    ):
        query = {
            key: json.dumps(value) if isinstance(value, dict) else value
            for key, value in params.items()
        }
        if isinstance(body, dict):
            body = json.dumps(body).encode()
        extra = {"HTTP_X_EXPERIENCE_API_VERSION": version}
        if credentials is not None:
            extra["HTTP_AUTHORIZATION"] = _auth(credentials)
        for name, value in headers.items():
            extra["HTTP_" + name.upper()] = value
        return client.generic(
            method,
            f"{path}?{urlencode(query)}",
            body,
            content_type=content_type,
            **extra,
        )

    return send


def _state(**extra):
    return {
        "activityId": ACTIVITY,
        "agent": AGENT,
        "stateId": str(uuid.uuid4()),
        **extra,
    }


def _activity_profile():
    return {"activityId": ACTIVITY, "profileId": str(uuid.uuid4())}


def _agent_profile():
    return {"agent": AGENT, "profileId": str(uuid.uuid4())}


RESOURCES = [
    pytest.param(STATE, _state, id="state"),
    pytest.param(ACTIVITY_PROFILE, _activity_profile, id="activity-profile"),
    pytest.param(AGENT_PROFILE, _agent_profile, id="agent-profile"),
]


@pytest.mark.parametrize(("path", "build"), RESOURCES)
def test_put_get_delete_round_trip(xapi, path, build):
    params = build()
    content = b"\x00\xffbinary"
    put = xapi(
        "PUT",
        path,
        params,
        content,
        content_type="application/octet-stream",
        if_none_match="*",
    )
    assert put.status_code == 204

    got = xapi("GET", path, params)
    assert got.status_code == 200
    assert got.content == content
    assert got["Content-Type"] == "application/octet-stream"
    assert got["ETag"] == compute_etag(content)
    assert got["Last-Modified"]

    assert xapi("DELETE", path, params).status_code == 204
    assert xapi("GET", path, params).status_code == 404


@pytest.mark.parametrize(("path", "build"), RESOURCES)
def test_post_merges_json_objects_one_level_deep(xapi, path, build):
    params = build()
    first = {"car": {"make": "Ford", "model": "Escape"}, "driver": "Dale"}
    assert xapi("POST", path, params, first).status_code == 204
    second = {"car": {"make": "Dodge"}, "type": "Civic"}
    assert xapi("POST", path, params, second).status_code == 204

    got = xapi("GET", path, params)
    assert got.json() == {"car": {"make": "Dodge"}, "driver": "Dale", "type": "Civic"}
    assert got["Content-Type"] == "application/json"


@pytest.mark.parametrize(("path", "build"), RESOURCES)
def test_post_to_a_missing_document_stores_it_as_put(xapi, path, build):
    params = build()
    xapi("POST", path, params, b"plain", content_type="text/plain")
    got = xapi("GET", path, params)
    assert (got.status_code, got.content, got["Content-Type"]) == (
        200,
        b"plain",
        "text/plain",
    )


@pytest.mark.parametrize(
    ("stored", "stored_type", "posted", "posted_type"),
    [
        pytest.param(b'{"a":1}', "application/json", b"abcdefg", "not/json", id="new"),
        pytest.param(b"/ asdf /", "application/octet-stream", b'{"a":1}',
                     "application/json", id="stored"),
        pytest.param(b'{"a":1}', "application/json", b'{"b":1}{', "application/json",
                     id="broken"),
        pytest.param(b'{"a":1}', "application/json", b"[1]", "application/json",
                     id="array"),
        pytest.param(b"[1]", "application/json", b'{"a":1}', "application/json",
                     id="stored-array"),
    ],
)  # fmt: skip
def test_post_refuses_to_merge_non_objects(
    xapi, stored, stored_type, posted, posted_type
):
    params = _state()
    xapi("PUT", STATE, params, stored, content_type=stored_type)

    response = xapi("POST", STATE, params, posted, content_type=posted_type)

    assert response.status_code == 400
    assert xapi("GET", STATE, params).content == stored


def test_put_stores_bytes_verbatim(xapi):
    params = _activity_profile()
    content = '{ "名": "値" ,"n":1.50 }'.encode()
    xapi("PUT", ACTIVITY_PROFILE, params, content, if_none_match="*")
    got = xapi("GET", ACTIVITY_PROFILE, params)
    assert got.content == content


def test_head_returns_headers_without_body(xapi):
    params = _state()
    xapi("PUT", STATE, params, {"a": 1})
    head = xapi("HEAD", STATE, params)
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"]


# Concurrency (1.0.3 Communication 3.1; 2.0 4.1.4) ---------------------------


@pytest.mark.parametrize(("path", "build"), RESOURCES)
@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
def test_put_with_matching_if_match_replaces(xapi, path, build, version):
    params = build()
    xapi("POST", path, params, {"a": 1}, version=version)
    etag = xapi("GET", path, params, version=version)["ETag"]

    put = xapi("PUT", path, params, {"b": 2}, version=version, if_match=etag)

    assert put.status_code == 204
    assert xapi("GET", path, params).json() == {"b": 2}


@pytest.mark.parametrize(("path", "build"), RESOURCES)
@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
def test_write_with_stale_if_match_fails_unchanged(xapi, path, build, method, version):
    params = build()
    xapi("POST", path, params, {"a": 1}, version=version)

    response = xapi(method, path, params, {"a": 2}, version=version, if_match='"1234"')

    assert response.status_code == 412
    assert xapi("GET", path, params).json() == {"a": 1}


@pytest.mark.parametrize(("path", "build"), RESOURCES)
def test_if_match_on_a_missing_document_fails(xapi, path, build):
    response = xapi("PUT", path, build(), {"a": 1}, if_match='"1234"')
    assert response.status_code == 412


@pytest.mark.parametrize(("path", "build"), RESOURCES)
def test_if_none_match_star_creates_once(xapi, path, build):
    params = build()
    first = xapi("PUT", path, params, {"a": 1}, if_none_match="*")
    second = xapi("PUT", path, params, {"a": 2}, if_none_match="*")
    assert (first.status_code, second.status_code) == (204, 412)
    assert xapi("GET", path, params).json() == {"a": 1}


@pytest.mark.parametrize(
    ("path", "build", "version"),
    [
        pytest.param(ACTIVITY_PROFILE, _activity_profile, "1.0.3", id="act-1.0.3"),
        pytest.param(AGENT_PROFILE, _agent_profile, "1.0.3", id="agent-1.0.3"),
        pytest.param(STATE, _state, "2.0.0", id="state-2.0.0"),
        pytest.param(ACTIVITY_PROFILE, _activity_profile, "2.0.0", id="act-2.0.0"),
        pytest.param(AGENT_PROFILE, _agent_profile, "2.0.0", id="agent-2.0.0"),
    ],
)
def test_put_without_precondition_over_existing_is_a_conflict(
    xapi, path, build, version
):
    params = build()
    xapi("POST", path, params, {"a": 1}, version=version)

    response = xapi("PUT", path, params, {"a": 2}, version=version)

    assert response.status_code == 409
    assert response.json()["message"]
    assert xapi("GET", path, params).json() == {"a": 1}


def test_state_put_without_precondition_replaces_in_1_0_3(xapi):
    params = _state()
    xapi("PUT", STATE, params, {"a": 1})
    assert xapi("PUT", STATE, params, {"a": 2}).status_code == 204
    assert xapi("GET", STATE, params).json() == {"a": 2}


@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
def test_post_and_delete_need_no_precondition(xapi, version):
    params = _agent_profile()
    xapi("POST", AGENT_PROFILE, params, {"a": 1}, version=version)
    assert (
        xapi("POST", AGENT_PROFILE, params, {"b": 1}, version=version).status_code
        == 204
    )
    assert xapi("DELETE", AGENT_PROFILE, params, version=version).status_code == 204


def test_put_after_update_needs_the_new_etag(xapi):
    params = _activity_profile()
    xapi("PUT", ACTIVITY_PROFILE, params, {"a": 1}, if_none_match="*")
    old = xapi("GET", ACTIVITY_PROFILE, params)["ETag"]
    xapi("POST", ACTIVITY_PROFILE, params, {"b": 1}, if_match=old)
    new = xapi("GET", ACTIVITY_PROFILE, params)["ETag"]

    assert new != old
    assert xapi("PUT", ACTIVITY_PROFILE, params, {}, if_match=old).status_code == 412
    assert xapi("PUT", ACTIVITY_PROFILE, params, {}, if_match=new).status_code == 204


# Lists, since, delete-all, registration --------------------------------------


@pytest.mark.parametrize(
    ("path", "owner", "id_param"),
    [
        pytest.param(STATE, {"activityId": ACTIVITY, "agent": AGENT}, "stateId",
                     id="state"),
        pytest.param(ACTIVITY_PROFILE, {"activityId": ACTIVITY}, "profileId",
                     id="activity-profile"),
        pytest.param(AGENT_PROFILE, {"agent": AGENT}, "profileId", id="agent-profile"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
def test_get_without_id_lists_ids_stored_since(xapi, path, owner, id_param, version):
    xapi("PUT", path, {**owner, id_param: "old"}, {"a": 1}, if_none_match="*")
    Document.objects.filter(document_id="old").update(
        updated=timezone.now() - timedelta(hours=1)
    )
    xapi("PUT", path, {**owner, id_param: "new"}, {"a": 1}, if_none_match="*")
    since = (timezone.now() - timedelta(minutes=1)).isoformat()

    every = xapi("GET", path, owner, version=version)
    recent = xapi("GET", path, {**owner, "since": since}, version=version)

    assert sorted(every.json()) == ["new", "old"]
    assert recent.json() == ["new"]


def test_since_must_be_a_timestamp(xapi):
    response = xapi("GET", AGENT_PROFILE, {"agent": AGENT, "since": "not a timestamp"})
    assert response.status_code == 400


def test_list_of_an_unknown_owner_is_empty(xapi):
    response = xapi("GET", STATE, {"activityId": ACTIVITY, "agent": OTHER_AGENT})
    assert (response.status_code, response.json()) == (200, [])


def test_delete_without_state_id_deletes_the_agents_states_in_the_activity(xapi):
    activity = ACTIVITY + "/" + str(uuid.uuid4())
    mine = {"activityId": activity, "agent": AGENT}
    registration = str(uuid.uuid4())
    xapi("PUT", STATE, {**mine, "stateId": "a"}, {"a": 1})
    xapi("PUT", STATE, {**mine, "stateId": "b", "registration": registration}, {})
    other = {"activityId": activity, "agent": OTHER_AGENT, "stateId": "a"}
    xapi("PUT", STATE, other, {"a": 1})

    assert xapi("DELETE", STATE, mine).status_code == 204

    assert xapi("GET", STATE, mine).json() == []
    assert xapi("GET", STATE, other).status_code == 200


def test_delete_all_with_registration_keeps_other_registrations(xapi):
    activity = ACTIVITY + "/" + str(uuid.uuid4())
    one, two = str(uuid.uuid4()), str(uuid.uuid4())
    base = {"activityId": activity, "agent": AGENT}
    xapi("PUT", STATE, {**base, "stateId": "a", "registration": one}, {})
    xapi("PUT", STATE, {**base, "stateId": "b", "registration": two}, {})

    xapi("DELETE", STATE, {**base, "registration": one})

    assert xapi("GET", STATE, base).json() == ["b"]


def test_registration_separates_states(xapi):
    params = _state()
    registration = str(uuid.uuid4())
    xapi("PUT", STATE, params, {"without": True})
    xapi("PUT", STATE, {**params, "registration": registration}, {"with": True})

    assert xapi("GET", STATE, params).json() == {"without": True}
    upper = {**params, "registration": registration.upper()}
    assert xapi("GET", STATE, upper).json() == {"with": True}
    listed = xapi(
        "GET",
        STATE,
        {"activityId": ACTIVITY, "agent": AGENT, "registration": registration},
    )
    assert listed.json() == [params["stateId"]]


def test_1_0_3_profile_put_without_precondition_is_400_even_when_new(xapi):
    params = _activity_profile()
    response = xapi("PUT", ACTIVITY_PROFILE, params, {"a": 1})
    assert response.status_code == 400
    assert xapi("GET", ACTIVITY_PROFILE, params).status_code == 404
    response = xapi("PUT", ACTIVITY_PROFILE, params, {"a": 1}, version="2.0.0")
    assert response.status_code == 204


def test_agent_is_identified_by_its_ifi(xapi):
    params = _agent_profile()
    xapi("PUT", AGENT_PROFILE, params, {"a": 1}, if_none_match="*")
    renamed = {**params, "agent": {**AGENT, "name": "Another name"}}
    assert xapi("GET", AGENT_PROFILE, renamed).json() == {"a": 1}


# Parameters -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "params"),
    [
        pytest.param(STATE, {"agent": AGENT, "stateId": "s"}, id="state-no-activity"),
        pytest.param(STATE, {"activityId": ACTIVITY, "stateId": "s"},
                     id="state-no-agent"),
        pytest.param(STATE, {"activityId": ACTIVITY, "agent": AGENT},
                     id="state-no-id"),
        pytest.param(STATE, _state(agent="not JSON"), id="state-agent-not-json"),
        pytest.param(STATE, _state(agent="true"), id="state-agent-true"),
        pytest.param(STATE, _state(agent={"name": "no ifi"}), id="state-agent-no-ifi"),
        pytest.param(STATE, _state(activityId="not an iri"), id="state-bad-activity"),
        pytest.param(STATE, _state(registration="true"), id="state-bad-registration"),
        pytest.param(STATE, _state(foo="bar"), id="state-unknown-param"),
        pytest.param(STATE, _state(since="2024-01-01T00:00:00Z"),
                     id="state-since-on-put"),
        pytest.param(ACTIVITY_PROFILE, {"activityId": ACTIVITY},
                     id="activity-profile-no-id"),
        pytest.param(ACTIVITY_PROFILE, {"profileId": "p"},
                     id="activity-profile-no-activity"),
        pytest.param(ACTIVITY_PROFILE, {**_activity_profile(), "agent": AGENT},
                     id="activity-profile-unknown-param"),
        pytest.param(AGENT_PROFILE, {"agent": AGENT}, id="agent-profile-no-id"),
        pytest.param(AGENT_PROFILE, {"profileId": "p"}, id="agent-profile-no-agent"),
        pytest.param(AGENT_PROFILE, {**_agent_profile(), "agent": "true"},
                     id="agent-profile-agent-true"),
        pytest.param(AGENT_PROFILE, {
            "profileId": "p",
            "agent": {"objectType": "Group", "mbox": "mailto:g@example.com"},
        }, id="agent-profile-group"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_malformed_write_is_a_bad_request(xapi, path, params, method):
    assert xapi(method, path, params, {"a": 1}).status_code == 400
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("path", "params"),
    [
        pytest.param(STATE, {"agent": AGENT}, id="state-no-activity"),
        pytest.param(STATE, {"activityId": ACTIVITY}, id="state-no-agent"),
        pytest.param(STATE, _state(registration="abc"), id="state-bad-registration"),
        pytest.param(STATE, _state(stateId=""), id="state-empty-id"),
        pytest.param(ACTIVITY_PROFILE, {}, id="activity-profile-no-activity"),
        pytest.param(AGENT_PROFILE, {"agent": "{"}, id="agent-profile-bad-agent"),
    ],
)
@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_malformed_read_or_delete_is_a_bad_request(xapi, path, params, method):
    assert xapi(method, path, params).status_code == 400


@pytest.mark.parametrize(
    ("path", "params"),
    [
        pytest.param(ACTIVITY_PROFILE, {"activityId": ACTIVITY}, id="activity"),
        pytest.param(AGENT_PROFILE, {"agent": AGENT}, id="agent"),
    ],
)
def test_profiles_cannot_be_deleted_all_at_once(xapi, path, params):
    assert xapi("DELETE", path, params).status_code == 400


def test_state_accepts_an_identified_group(xapi):
    group = {"objectType": "Group", "mbox": "mailto:team@example.com"}
    params = _state(agent=group)
    assert xapi("PUT", STATE, params, {"a": 1}).status_code == 204
    assert xapi("GET", STATE, params).json() == {"a": 1}


def test_alternate_request_syntax_puts_a_document(xapi, client, creds):
    params = _activity_profile()
    form = urlencode(
        {
            **params,
            "content": '{"alt": true}',
            "Content-Type": "application/json",
            "Authorization": _auth(creds),
            "X-Experience-API-Version": "1.0.3",
            "If-None-Match": "*",
        }
    )
    response = client.post(
        ACTIVITY_PROFILE + "?method=PUT",
        form,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 204
    assert xapi("GET", ACTIVITY_PROFILE, params).json() == {"alt": True}


# Authentication and scopes --------------------------------------------------


@pytest.mark.parametrize(("path", "build"), RESOURCES)
def test_missing_credentials_are_unauthorized(xapi, path, build):
    assert xapi("GET", path, build(), credentials=None).status_code == 401


@pytest.mark.parametrize(
    ("path", "build", "scopes", "method", "status"),
    [
        pytest.param(STATE, _state, ["profile"], "PUT", 403, id="state-profile"),
        pytest.param(STATE, _state, ["state"], "PUT", 204, id="state-state"),
        pytest.param(STATE, _state, ["all/read"], "PUT", 403, id="state-read-put"),
        pytest.param(STATE, _state, ["all/read"], "GET", 404, id="state-read-get"),
        pytest.param(ACTIVITY_PROFILE, _activity_profile, ["state"], "POST", 403,
                     id="activity-profile-state"),
        pytest.param(ACTIVITY_PROFILE, _activity_profile, ["profile"], "POST", 204,
                     id="activity-profile-profile"),
        pytest.param(AGENT_PROFILE, _agent_profile, ["statements/write"], "GET", 403,
                     id="agent-profile-statements"),
        pytest.param(AGENT_PROFILE, _agent_profile, ["profile"], "DELETE", 204,
                     id="agent-profile-profile"),
    ],
)  # fmt: skip
def test_scopes(xapi, path, build, scopes, method, status):
    limited = create_client(name="limited", scopes=scopes)
    response = xapi(method, path, build(), {"a": 1}, credentials=limited)
    assert response.status_code == status
