"""Every statement assessments records, built from fixed inputs and compared to its golden file.

The golden files (``expected/*.json``) are the statements as the platform
sends them; each must also be a valid statement in xAPI 1.0.3 and 2.0.0. To
change one on purpose, set ``UPDATE_GOLDEN=1`` and review the diff.
"""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assessments import statements as built
from xapi.validation import validate_statements

EXPECTED = Path(__file__).parent / "expected"
HOME = "https://lms.example.gov.cn"
ACTOR = {"objectType": "Agent", "account": {"homePage": HOME, "name": "D0001"}}
REGISTRATION = "6f1c2a7e-5b43-4d8e-9a10-3c2b1d0e4f5a"
WHEN = datetime(2026, 3, 2, 9, 30, 15, 250000, tzinfo=UTC)
EXAM = built.assessment_activity(
    activity_id=f"{HOME}/xapi/activities/assessment/7",
    titles={"zh-hans": "网络安全 · 结业考试", "en": "Cyber security · Final exam"},
)
QUESTION = built.question_activity(
    f"{HOME}/xapi/activities/question/12-v1",
    {
        "type": "multiple_choice",
        "text": {
            "zh-hans": "哪些是强密码的特点？",
            "en": "Which make a strong password?",
        },
        "explanation": {"zh-hans": "长度和字符种类。", "en": "Length and variety."},
        "choices": [
            {"id": "a", "text": {"zh-hans": "足够长", "en": "Long"}, "correct": True},
            {
                "id": "b",
                "text": {"zh-hans": "生日", "en": "A birthday"},
                "correct": False,
            },
            {
                "id": "c",
                "text": {"zh-hans": "多种字符", "en": "Mixed characters"},
                "correct": True,
            },
        ],
        "answers": [],
        "correct": None,
        "partial_credit": False,
    },
)
COMMON = {
    "actor": ACTOR,
    "registration": REGISTRATION,
    "timestamp": WHEN,
    "language": "zh-hans",
}


def _statements() -> dict[str, dict]:
    return {
        "attempted": built.attempted(
            assessment=EXAM,
            statement_id="00000000-0000-4000-8000-000000000001",
            **COMMON,
        ),
        "answered": built.answered(
            question=QUESTION,
            assessment=EXAM,
            response="a[,]c",
            correct=True,
            statement_id="00000000-0000-4000-8000-000000000002",
            **COMMON,
        ),
        "passed": built.graded(
            assessment=EXAM,
            passed=True,
            raw_score=8,
            max_score=10,
            statement_id="00000000-0000-4000-8000-000000000003",
            **COMMON,
        ),
        "failed": built.graded(
            assessment=EXAM,
            passed=False,
            raw_score=4.5,
            max_score=10,
            statement_id="00000000-0000-4000-8000-000000000004",
            **COMMON,
        ),
        "completed": built.completed(
            assessment=EXAM,
            statement_id="00000000-0000-4000-8000-000000000005",
            **COMMON,
        ),
    }


@pytest.mark.parametrize(
    "kind", ["attempted", "answered", "passed", "failed", "completed"]
)
def test_each_statement_matches_its_golden_file(kind):
    statement = _statements()[kind]
    path = EXPECTED / f"{kind}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        text = json.dumps(statement, ensure_ascii=False, indent=2) + "\n"
        path.write_text(text, encoding="utf-8")
    assert statement == json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
def test_the_golden_statements_are_valid_xapi(version):
    golden = [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(EXPECTED.glob("*.json"))
    ]
    assert len(golden) == 5
    assert validate_statements(golden, version)


def test_every_kind_has_a_golden_file():
    assert {path.stem for path in EXPECTED.glob("*.json")} == set(_statements())


def test_a_statement_gets_a_fresh_id_unless_one_is_given():
    first = built.completed(assessment=EXAM, **COMMON)
    second = built.completed(assessment=EXAM, **COMMON)
    assert first["id"] != second["id"]


def test_a_pass_is_a_passed_verb_whose_result_does_not_deny_it():
    passed = _statements()["passed"]
    assert built.counts_as_pass(passed)
    assert not built.counts_as_pass({**passed, "result": {"success": False}})
    assert built.counts_as_pass({**passed, "result": {}})
    assert not built.counts_as_pass(_statements()["failed"])
    assert not built.counts_as_pass(_statements()["completed"])
