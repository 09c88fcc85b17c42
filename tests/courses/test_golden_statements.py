"""Every statement the courses app emits, against its golden file.

The builders are pure: with a fixed id and time they must produce exactly
the JSON in ``tests/courses/expected/``, and that JSON must be a valid
statement in both xAPI versions the LRS speaks.
"""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from courses import statements
from xapi import vocabulary as v
from xapi.validation import validate_statements

EXPECTED = Path(__file__).parent / "expected"
HOME = "http://127.0.0.1:8000"
WHEN = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
ACTOR = {"objectType": "Agent", "account": {"homePage": HOME, "name": "D0001"}}
COURSE = statements.ActivityRef(
    id=f"{HOME}/xapi/activities/course/7b0f6a1e-2c9d-4f4e-9b59-0e5f0d8a9c11",
    type=v.COURSE,
    name="网络安全基础",
    language="zh-hans",
)
LESSON = statements.ActivityRef(
    id=f"{HOME}/xapi/activities/lesson/3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
    type=v.LESSON,
    name="Phishing",
    language="en",
)
ID = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"


def built(name: str) -> dict:
    common = {"actor": ACTOR, "when": WHEN, "statement_id": ID}
    if name == "registered":
        return statements.registered(course=COURSE, **common)
    if name == "initialized":
        return statements.initialized(course=COURSE, **common)
    if name == "lesson_completed":
        return statements.lesson_completed(lesson=LESSON, course=COURSE, **common)
    if name == "course_completed":
        return statements.course_completed(course=COURSE, **common)
    if name == "launched":
        return statements.build(
            actor=ACTOR,
            verb=v.LAUNCHED,
            activity=LESSON,
            parent=COURSE,
            timestamp=WHEN,
            registration="0d6c5b1a-8e3f-4d2c-9b7a-6e5f4d3c2b1a",
            statement_id=ID,
        )
    raise AssertionError(name)


NAMES = [
    "registered",
    "initialized",
    "lesson_completed",
    "course_completed",
    "launched",
]


@pytest.mark.parametrize("name", NAMES)
def test_builder_matches_its_golden_file(name, settings):
    settings.SITE_BASE_URL = HOME
    expected = json.loads((EXPECTED / f"{name}.json").read_text())
    assert built(name) == expected


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
def test_golden_statement_is_valid(name, version):
    validate_statements(json.loads((EXPECTED / f"{name}.json").read_text()), version)


def test_every_golden_file_is_tested():
    assert sorted(path.stem for path in EXPECTED.glob("*.json")) == sorted(NAMES)
