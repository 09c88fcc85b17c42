"""Launching cmi5 AUs and holding them to the rules (cmi5 sections 8 to 11)."""

import json

import pytest

from packages.cmi5_models import Cmi5Course
from tests.xapi.conftest import basic
from xapi.auth import create_client

from .cmi5_api import ACTOR, EXT
from .cmi5_zips import BLOCK_ID, COURSE_ID, au, block, course_zip, one_au_zip, structure

pytestmark = pytest.mark.django_db
SATISFIED = "https://w3id.org/xapi/adl/verbs/satisfied"


def _course(cmi5_api, **au_options) -> str:
    return cmi5_api.course(one_au_zip(**au_options).getvalue())


def test_a_launch_writes_launch_data_and_records_launched_first(cmi5_api):
    extra = "<launchParameters>level=2</launchParameters><entitlementKey>k-1</entitlementKey>"
    course_id = _course(cmi5_api, mastery="0.8", move_on="Passed", extra=extra)
    launch = cmi5_api.launch(course_id, returnURL="https://lms.test/courses/security/")
    assert launch.activity_id != "https://lms.test/cmi5/au/phishing"
    assert set(launch.params) >= {"endpoint", "fetch", "actor", "registration"}
    data = (
        launch.start().xapi("GET", "activities/state", stateId="LMS.LaunchData").json()
    )
    assert data["contextTemplate"]["extensions"][EXT + "sessionid"] == launch.session_id
    assert data["contextTemplate"]["contextActivities"]["grouping"] == [
        {"id": "https://lms.test/cmi5/au/phishing"}
    ]
    assert (data["launchMode"], data["moveOn"], data["masteryScore"]) == (
        "Normal",
        "Passed",
        0.8,
    )
    assert data["launchParameters"] == "level=2"
    assert data["entitlementKey"] == {"courseStructure": "k-1"}
    assert data["returnURL"] == "https://lms.test/courses/security/"
    (launched,) = cmi5_api.statements(launch.registration)
    assert launched["verb"]["id"] == "http://adlnet.gov/expapi/verbs/launched"
    extensions = launched["context"]["extensions"]
    assert extensions[EXT + "launchmode"] == "Normal"
    assert extensions[EXT + "masteryscore"] == 0.8
    assert "fetch=" not in extensions[EXT + "launchurl"]


def test_the_fetch_url_gives_the_token_once(cmi5_api):
    launch = cmi5_api.launch(_course(cmi5_api))
    first = launch.fetch()
    assert first.status_code == 200 and "auth-token" in first.json()
    assert first["Access-Control-Allow-Origin"] == "*"
    second = launch.fetch()
    assert second.status_code == 200
    assert second.json()["error-code"] == "1"
    assert "auth-token" not in second.json()


def test_meeting_move_on_satisfies_the_block_and_the_course_in_order(cmi5_api):
    launch = cmi5_api.launch(_course(cmi5_api, move_on="Completed")).start()
    for verb in ("initialized", "completed", "terminated"):
        assert launch.send(verb).status_code == 200, verb
    statements = cmi5_api.statements(launch.registration)
    verbs = [s["verb"]["id"].rsplit("/", 1)[1] for s in statements]
    assert verbs == [
        "launched",
        "initialized",
        "completed",
        "satisfied",
        "satisfied",
        "terminated",
    ]
    block_satisfied, course_satisfied = statements[3], statements[4]
    assert block_satisfied["object"]["definition"]["type"].endswith("/block")
    assert course_satisfied["object"]["definition"]["type"].endswith("/course")
    assert block_satisfied["object"]["id"] != BLOCK_ID
    assert course_satisfied["context"]["contextActivities"]["grouping"] == [
        {"id": COURSE_ID}
    ]
    assert course_satisfied["context"]["extensions"][EXT + "sessionid"] == (
        launch.session_id
    )


def test_after_terminated_the_credential_is_refused(cmi5_api):
    launch = cmi5_api.launch(_course(cmi5_api)).start()
    launch.send("initialized")
    launch.send("terminated")
    assert launch.send("experienced").status_code == 401
    assert launch.xapi("GET", "activities/state", stateId="x").status_code == 401


REFUSED = {
    "no timestamp": ("completed", {"timestamp": None}),
    "not UTC": ("completed", {"timestamp": "2026-12-03T08:00:00-06:00"}),
    "another registration": (
        "completed",
        {"context": {"registration": "ccaf384c-f8d4-4e7a-8304-49af58f0b176"}},
    ),
    "mbox actor": ("completed", {"actor": {"mbox": "mailto:zhangsan@lms.test"}}),
    "another object": ("completed", {"object": {"id": "https://lms.test/other"}}),
    "completed without duration": ("completed", {"result": {"completion": True}}),
    "completed with success": (
        "completed",
        {"result": {"completion": True, "success": True, "duration": "PT1S"}},
    ),
    "passed below the mastery score": (
        "passed",
        {"result": {"success": True, "duration": "PT1S", "score": {"scaled": 0.5}}},
    ),
    "failed with success": (
        "failed",
        {"result": {"success": True, "duration": "PT1S"}},
    ),
    "a second initialized": ("initialized", {}),
    "satisfied from the AU": ("satisfied", {}),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_statement_the_rules_forbid_is_refused_with_403_and_not_stored(
    cmi5_api, case
):
    launch = cmi5_api.launch(_course(cmi5_api, mastery="0.8")).start()
    assert launch.send("initialized").status_code == 200
    verb, fields = REFUSED[case]
    statement = launch.statement(verb)
    for key, value in fields.items():
        if key == "context":
            statement["context"].update(value)
        elif value is None:
            del statement[key]
        else:
            statement[key] = value
    if verb == "satisfied":
        statement["verb"]["id"] = SATISFIED
    assert launch.send(statement).status_code == 403
    assert cmi5_api.verbs(launch.registration) == ["launched", "initialized"]


def test_the_order_of_a_session_is_kept(cmi5_api):
    launch = cmi5_api.launch(_course(cmi5_api)).start(read_preferences=False)
    assert launch.send("experienced").status_code == 403  # before initialized
    assert launch.send("initialized").status_code == 403  # preferences unread
    launch.xapi("GET", "agents/profile", profileId="cmi5LearnerPreferences")
    assert launch.send("initialized").status_code == 200
    assert launch.send("passed").status_code == 200
    assert launch.send("failed").status_code == 403  # one verdict per session
    assert launch.send("completed").status_code == 200
    assert launch.send("completed").status_code == 403  # once per registration


def test_a_later_session_may_not_complete_or_pass_again(cmi5_api):
    course_id = _course(cmi5_api, move_on="CompletedAndPassed")
    first = cmi5_api.launch(course_id).start()
    for verb in ("initialized", "completed", "passed", "terminated"):
        first.send(verb)
    second = cmi5_api.launch(course_id, registration=first.registration).start()
    assert second.activity_id == first.activity_id
    second.send("initialized")
    assert second.send("completed").status_code == 403
    assert second.send("passed").status_code == 403
    assert second.send("failed").status_code == 403


@pytest.mark.parametrize("mode", ["Browse", "Review"])
def test_browse_and_review_launches_may_not_complete_pass_or_fail(cmi5_api, mode):
    launch = cmi5_api.launch(_course(cmi5_api), launchMode=mode).start()
    launch.send("initialized")
    for verb in ("completed", "passed", "failed"):
        assert launch.send(verb).status_code == 403
    assert launch.send("experienced").status_code == 200


def test_launch_data_stays_the_lms_s_and_preferences_must_be_valid(cmi5_api):
    launch = cmi5_api.launch(_course(cmi5_api)).start()
    state = {"stateId": "LMS.LaunchData"}
    assert launch.xapi("PUT", "activities/state", {"x": 1}, **state).status_code == 403
    assert launch.xapi("DELETE", "activities/state", **state).status_code == 403
    prefs = {"profileId": "cmi5LearnerPreferences"}
    bad = {"languagePreference": "not a list", "audioPreference": "on"}
    assert launch.xapi("PUT", "agents/profile", bad, **prefs).status_code == 403
    good = {"languagePreference": "zh-CN,en-US", "audioPreference": "off"}
    assert launch.xapi("POST", "agents/profile", good, **prefs).status_code == 204
    other = json.dumps({"mbox": "mailto:lisi@lms.test"})
    answer = launch.xapi("PUT", "agents/profile", good, agent=other, **prefs)
    assert answer.status_code == 403


def test_a_not_applicable_au_is_satisfied_when_the_registration_begins(cmi5_api):
    launch = cmi5_api.launch(_course(cmi5_api, move_on="NotApplicable"))
    assert cmi5_api.verbs(launch.registration) == ["satisfied", "satisfied", "launched"]


def test_waiving_an_au_satisfies_what_it_completes(cmi5_api):
    xml = structure(block(au("a", move_on="Completed")), au("b", move_on="Passed"))
    course_id = cmi5_api.course(course_zip(xml).getvalue())
    launch = cmi5_api.launch(course_id)
    path = f"registrations/{launch.registration}/aus/0/waive/"
    reason = json.dumps({"reason": "Tested out"})
    assert cmi5_api.post(path, reason).status_code == 200
    waived = cmi5_api.statements(launch.registration)[1]
    assert waived["verb"]["id"] == "https://w3id.org/xapi/adl/verbs/waived"
    assert waived["result"]["success"] is waived["result"]["completion"] is True
    assert waived["result"]["extensions"] == {
        "https://w3id.org/xapi/cmi5/result/extensions/reason": "Tested out"
    }
    assert cmi5_api.verbs(launch.registration) == ["launched", "waived", "satisfied"]
    assert cmi5_api.post(path, reason).status_code == 400  # already satisfied


def test_an_abandoned_session_is_stated_and_its_credential_refused(cmi5_api):
    launch = cmi5_api.launch(_course(cmi5_api)).start()
    launch.send("initialized")
    path = f"sessions/{launch.session_id}/abandon/"
    assert cmi5_api.post(path).status_code == 200
    abandoned = cmi5_api.statements(launch.registration)[-1]
    assert abandoned["verb"]["id"] == "https://w3id.org/xapi/adl/verbs/abandoned"
    assert abandoned["result"]["duration"].startswith("PT")
    assert abandoned["actor"]["account"] == ACTOR["account"]
    assert launch.send("experienced").status_code == 401
    assert cmi5_api.post(path).status_code == 409


def test_launching_again_abandons_the_open_session(cmi5_api):
    course_id = _course(cmi5_api)
    first = cmi5_api.launch(course_id).start()
    first.send("initialized")
    cmi5_api.launch(course_id, registration=first.registration)
    verbs = cmi5_api.verbs(first.registration)
    assert verbs == ["launched", "initialized", "abandoned", "launched"]


def test_a_registration_is_one_learner_s_in_one_course(cmi5_api):
    course_id = _course(cmi5_api)
    launch = cmi5_api.launch(course_id)
    other = {"account": {"homePage": "https://lms.test/people", "name": "lisi"}}
    path = f"courses/{course_id}/aus/0/launch-url/"
    body = json.dumps({"actor": other, "registration": launch.registration})
    assert cmi5_api.post(path, body).status_code == 400
    assert (
        cmi5_api.post(f"courses/{course_id}/aus/7/launch-url/", "{}").status_code == 400
    )
    assert Cmi5Course.objects.count() == 1


def test_other_credentials_are_not_held_to_cmi5_rules(cmi5_api, client):
    credentials = create_client(name="platform", scopes=["all"])
    statement = {
        "actor": ACTOR,
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": "https://lms.test/activity"},
    }
    response = client.post(
        "/xapi/statements",
        json.dumps(statement),
        content_type="application/json",
        HTTP_AUTHORIZATION=basic(credentials.key, credentials.secret),
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
    )
    assert response.status_code == 200


def test_a_cmi5_credential_may_not_use_the_alternate_syntax(cmi5_api, client):
    launch = cmi5_api.launch(_course(cmi5_api)).start()
    form = f"Authorization={launch.auth}&content={json.dumps(launch.statement('initialized'))}"
    response = client.post(
        "/xapi/statements?method=PUT",
        form,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/xapi//statements", "/xapi//activities/state"])
def test_a_doubled_slash_in_an_lrs_path_is_not_found(client, path):
    response = client.get(path, HTTP_X_EXPERIENCE_API_VERSION="1.0.3")
    assert response.status_code == 404
