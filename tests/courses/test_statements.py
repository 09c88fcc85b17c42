"""The statements the courses app builds, and which ones count as a completion."""

from datetime import UTC, datetime

import pytest

from courses import statements
from xapi import vocabulary as v
from xapi.validation import validate_statements

LESSON = statements.ActivityRef(
    id="http://127.0.0.1:8000/xapi/activities/lesson/abc",
    type=v.LESSON,
    name="第一课",
    language="zh-hans",
)
COURSE = statements.ActivityRef(
    id="http://127.0.0.1:8000/xapi/activities/course/def",
    type=v.COURSE,
    name="Course",
    language="en",
)


def test_lesson_completion_is_a_valid_statement_with_its_course_as_parent():
    built = statements.build(
        actor=v.learner("D0001"),
        verb=v.COMPLETED,
        activity=LESSON,
        parent=COURSE,
        timestamp=datetime(2026, 11, 25, 8, 0, tzinfo=UTC),
        result=statements.completion_result(duration_seconds=600),
    )
    validate_statements(built, "1.0.3")
    validate_statements(built, "2.0.0")
    assert built["object"]["definition"]["name"] == {"zh-CN": "第一课"}
    assert built["context"]["contextActivities"]["parent"][0]["id"] == COURSE.id
    assert built["context"]["language"] == "zh-CN"
    assert built["result"] == {"completion": True, "duration": "PT600S"}
    assert built["timestamp"] == "2026-11-25T08:00:00.000Z"


@pytest.mark.parametrize(
    ("verb", "result", "expected"),
    [
        (v.COMPLETED, None, True),
        (v.PASSED, None, True),
        (v.PASSED, {"success": True}, True),
        (v.PASSED, {"success": False}, False),
        (v.FAILED, {"completion": True}, False),
        (v.EXPERIENCED, None, False),
        (v.ATTEMPTED, None, False),
    ],
)
def test_which_statements_complete_a_lesson(verb, result, expected):
    statement = {"verb": {"id": verb}}
    if result is not None:
        statement["result"] = result
    assert statements.counts_as_completion(statement) is expected


def test_only_accounts_on_this_site_are_our_learners(settings):
    from people.agents import account_name

    home = settings.SITE_BASE_URL
    assert account_name(v.learner("D0001")) == "D0001"
    other = {"account": {"homePage": "https://elsewhere.example", "name": "D0001"}}
    assert account_name(other) is None
    assert account_name({"mbox": "mailto:a@example.com"}) is None
    group = {"objectType": "Group", "account": {"homePage": home, "name": "x"}}
    assert account_name(group) is None
