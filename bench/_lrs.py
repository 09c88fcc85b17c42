"""Shared set-up for the LRS benchmarks: a throwaway PostgreSQL database and gunicorn."""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
# One key for every process of a run: client secrets are hashed with it.
SECRET_KEY = secrets.token_urlsafe(64)
VERBS = [
    f"http://adlnet.gov/expapi/verbs/{v}"
    for v in ("experienced", "completed", "answered", "passed", "failed", "attempted")
]


@contextmanager
def scratch_database():
    """Create a PostgreSQL database for one run, migrate it, drop it afterwards."""
    name = f"lrs_bench_{os.getpid()}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    url = f"{SERVER}/{name}"
    try:
        manage("migrate", "-v0", database_url=url)
        yield url
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def environment(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DB_CONN_MAX_AGE": "600",
    }


def manage(*args, database_url: str) -> str:
    env = environment(database_url)
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(result.stderr)
    return result.stdout


def create_client(database_url: str) -> tuple[str, str]:
    out = manage("create_lrs_client", "bench", database_url=database_url)
    values = dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)
    return values["key"], values["secret"]


@contextmanager
def gunicorn(database_url: str, workers: int = 2):
    """Serve the site with gunicorn on a free loopback port; yield its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "lms.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment(database_url),
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


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
    "COPY xapi_statement (id, stored, timestamp, verb_id, registration, voided, data, batch)"
    " FROM STDIN"
)
INDEX_COPY = {
    "agents": "COPY xapi_statementagent (statement_id, ifi, related, stored) FROM STDIN",
    "activities": (
        "COPY xapi_statementactivity (statement_id, activity_id, related, stored) FROM STDIN"
    ),
}


def statement_row(data: dict, stored: datetime) -> tuple:
    """Return the xapi_statement row of a statement stored at ``stored``, for COPY."""
    return (
        data["id"],
        stored,
        stored,
        data["verb"]["id"],
        data["context"]["registration"],
        False,
        json.dumps(data, ensure_ascii=False),
        str(uuid.uuid4()),
    )


def copy_rows(cursor, sql: str, rows) -> None:
    with cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
