"""Shared set-up for the LRS benchmarks: statements to load and the LRS client."""

import json
import uuid
from datetime import UTC, datetime

# Re-exported for lrs_ingest.py and lrs_query.py, which import them from here.
from _server import gunicorn as gunicorn
from _server import manage
from _server import run_python as run_python
from _server import scratch_database as scratch_database

VERBS = [
    f"http://adlnet.gov/expapi/verbs/{v}"
    for v in ("experienced", "completed", "answered", "passed", "failed", "attempted")
]


def create_client(database_url: str) -> tuple[str, str]:
    out = manage("create_lrs_client", "bench", database_url=database_url)
    values = dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)
    return values["key"], values["secret"]


def statement(n: int, learners: int = 5000, activities: int = 2000) -> dict:
    """Return a realistic statement: a learner, an ADL verb, a lesson in a course, a result."""
    learner = n % learners
    lesson = n % activities
    return {
        "id": str(uuid.uuid4()),
        "actor": {
            "objectType": "Agent",
            "name": f"学员{learner}",
            "account": {
                "homePage": "https://training.example.gov.cn",
                "name": f"E{learner:06d}",
            },
        },
        "verb": {
            "id": VERBS[n % len(VERBS)],
            "display": {"en-US": VERBS[n % len(VERBS)].rsplit("/", 1)[1]},
        },
        "object": {
            "objectType": "Activity",
            "id": f"https://training.example.gov.cn/xapi/activities/lesson/{lesson}",
            "definition": {
                "name": {"zh-CN": f"第{lesson}课", "en-US": f"Lesson {lesson}"},
                "type": "http://adlnet.gov/expapi/activities/lesson",
            },
        },
        "result": {
            "completion": True,
            "success": n % 3 != 0,
            "score": {"scaled": (n % 100) / 100},
            "duration": "PT12M30S",
        },
        "context": {
            "registration": str(uuid.UUID(int=learner)),
            "contextActivities": {
                "parent": [
                    {
                        "id": f"https://training.example.gov.cn/xapi/activities/course/{lesson // 10}"
                    }
                ]
            },
            "platform": "civil-lms",
            "language": "zh-CN",
        },
        "timestamp": datetime.now(UTC).isoformat(),
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


STATEMENT_COPY = (
    "COPY xapi_statement"
    " (id, stored, timestamp, verb_id, registration, voided, ref_target, data, batch)"
    " FROM STDIN"
)
INDEX_COPY = {
    "agents": (
        "COPY xapi_statementagent (statement_id, ifi, related, stored, verb_id)"
        " FROM STDIN"
    ),
    "activities": (
        "COPY xapi_statementactivity (statement_id, activity_id, related, stored) FROM STDIN"
    ),
    "targets": "COPY xapi_statementtarget (statement_id, target_id, stored) FROM STDIN",
}


def referring(data: dict, target_id: str) -> dict:
    """Return ``data`` turned into a statement about another one (a StatementRef)."""
    data["object"] = {"objectType": "StatementRef", "id": target_id}
    data["verb"] = {"id": VERBS[0], "display": {"en-US": "experienced"}}
    return data


def statement_row(data: dict, stored: datetime) -> tuple:
    """Return the xapi_statement row of a statement stored at ``stored``, for COPY."""
    target = data["object"]
    return (
        data["id"],
        stored,
        stored,
        data["verb"]["id"],
        data["context"]["registration"],
        False,
        target["id"] if target.get("objectType") == "StatementRef" else None,
        json.dumps(data, ensure_ascii=False),
        str(uuid.uuid4()),
    )


def copy_rows(cursor, sql: str, rows) -> None:
    with cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
