"""LRS queries with 1,000,000 statements stored, over HTTP to gunicorn on PostgreSQL.

Target (issue 18): agent+verb (limit 100), an activity+related_activities query,
and the ``more`` page after each answer in under 20 ms at the median, both right
after a bulk load that no ANALYZE has followed (the planner has no statistics)
and after ANALYZE. Autovacuum is switched off for the LRS tables during the run
so that it cannot analyse them between the load and the first measurement.
"""

import json
import os
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _lrs import (  # noqa: E402
    INDEX_COPY,
    STATEMENT_COPY,
    copy_rows,
    create_client,
    gunicorn,
    manage,
    percentile,
    referring,
    run_python,
    scratch_database,
    statement,
    statement_row,
)

TOTAL = int(os.environ.get("BENCH_STATEMENTS", "1000000"))
CHUNK = 50_000
REPEAT = 60
BASE_TIME = datetime.now(UTC) - timedelta(days=365)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


TARGET_MS = 20
BASELINE = "GET /xapi/about"
# One statement in REFERRING is about the statement its learner stored 1,000
# statements before (a StatementRef), so the StatementRef query has rows to find.
REFERRING = 997
TABLES = (
    "xapi_statement",
    "xapi_statementagent",
    "xapi_statementactivity",
    "xapi_statementtarget",
)


def main() -> int:
    with _database() as (url, reused):
        if reused:
            print(f"  reusing {TOTAL:,} loaded statements (already analysed)")
        else:
            started = time.perf_counter()
            _load(url)
            elapsed = time.perf_counter() - started
            print(f"  loaded {TOTAL:,} statements with COPY in {elapsed:.0f} s")
        key, secret = create_client(url)
        states = {}
        with (
            gunicorn(url, workers=2) as base,
            httpx.Client(
                base_url=base,
                auth=(key, secret),
                headers={"X-Experience-API-Version": "1.0.3"},
                timeout=60,
            ) as client,
        ):
            if not reused:
                _plans(url, "before ANALYZE")
                states["before ANALYZE"] = _measure(client)
            _analyse(url)
            _plans(url, "after ANALYZE")
            states["after ANALYZE"] = _measure(client)
    return _report(states)


def _plans(url: str, state: str) -> None:
    """Print each query's SQL time and whether it reads statements other than by id."""
    print(run_python("bench/_lrs_plans.py", state, database_url=url), end="")


def _report(states: dict) -> int:
    worst = 0.0
    for state, results in states.items():
        for label, timings in results.items():
            median, p95 = statistics.median(timings), percentile(timings, 0.95)
            if label == BASELINE:
                aim = "same-run baseline: the request without a query"
            else:
                worst = max(worst, median)
                aim = f"target median < {TARGET_MS} ms"
            print(
                f"LRS query, {TOTAL:,} statements, {state}, {label}: median"
                f" {median:.1f} ms, p95 {p95:.1f} ms ({aim})"
            )
    return 0 if worst < TARGET_MS else 1


@contextmanager
def _database():
    """Yield (url, reused): a scratch database, or BENCH_DATABASE_URL for repeated runs.

    A kept database is loaded once; when it already holds the statements it
    has been analysed, so only the state after ANALYZE can be measured on it.
    """
    kept = os.environ.get("BENCH_DATABASE_URL")
    if not kept:
        with scratch_database() as url:
            yield url, False
        return
    name = kept.rsplit("/", 1)[1]
    with psycopg.connect(
        kept.rsplit("/", 1)[0] + "/postgres", autocommit=True
    ) as admin:
        if not admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            admin.execute(f"CREATE DATABASE {name}")
    manage("migrate", "-v0", database_url=kept)
    with psycopg.connect(kept) as connection:
        count = connection.execute("SELECT count(*) FROM xapi_statement").fetchone()[0]
        if 0 < count < TOTAL:
            connection.execute("TRUNCATE " + ", ".join(TABLES) + " CASCADE")
    yield kept, count >= TOTAL


def _load(url):
    """COPY the statements in, with autovacuum off so that nothing analyses them."""
    with psycopg.connect(url) as connection:
        for table in TABLES:
            connection.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")
        connection.commit()
        recent: dict[int, str] = {}
        for offset in range(0, TOTAL, CHUNK):
            rows = _rows(range(offset, min(TOTAL, offset + CHUNK)), recent)
            with connection.cursor() as cursor:
                copy_rows(cursor, STATEMENT_COPY, rows[0])
                copy_rows(cursor, INDEX_COPY["agents"], rows[1])
                copy_rows(cursor, INDEX_COPY["activities"], rows[2])
                copy_rows(cursor, INDEX_COPY["targets"], rows[3])
            connection.commit()


def _rows(numbers, recent: dict) -> tuple[list, list, list, list]:
    from xapi.statements import index_activities, index_agents  # pure, no Django

    statements, agents, activities, targets = [], [], [], []
    for n in numbers:
        data = statement(n, learners=1000)
        stored = BASE_TIME + timedelta(seconds=n * 30)
        if n % REFERRING == 0 and n >= 1000:
            data = referring(data, recent[n % 1000])
            targets.append((data["id"], recent[n % 1000], stored))
        recent[n % 1000] = data["id"]
        data["stored"] = stored.isoformat().replace("+00:00", "Z")
        data["authority"] = {
            "objectType": "Agent",
            "account": {"homePage": "https://training.example.gov.cn", "name": "bench"},
        }
        statements.append(statement_row(data, stored))
        verb = data["verb"]["id"]
        agents += [(data["id"], i, r, stored, verb) for i, r in index_agents(data)]
        activities += [(data["id"], a, r, stored) for a, r in index_activities(data)]
    return statements, agents, activities, targets


def _analyse(url) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        for table in TABLES:
            connection.execute(f"ANALYZE {table}")
            connection.execute(f"ALTER TABLE {table} RESET (autovacuum_enabled)")


def _measure(client) -> dict[str, list[float]]:
    results = {
        "agent+verb, limit 100": [],
        "  its more page": [],
        "activity+related_activities, limit 100": [],
        "  its more page ": [],
        BASELINE: [],
    }
    for n in range(REPEAT):
        results[BASELINE].append(_get(client, "/xapi/about", None)[0])
        learner = (n * 37) % 1000
        agent = json.dumps(
            {
                "account": {
                    "homePage": "https://training.example.gov.cn",
                    "name": f"E{learner:06d}",
                }
            }
        )
        verb = f"http://adlnet.gov/expapi/verbs/{['experienced', 'completed', 'answered'][n % 3]}"
        course = (
            f"https://training.example.gov.cn/xapi/activities/course/{(n * 13) % 200}"
        )
        for label, params in (
            ("agent+verb, limit 100", {"agent": agent, "verb": verb, "limit": "100"}),
            (
                "activity+related_activities, limit 100",
                {"activity": course, "related_activities": "true", "limit": "100"},
            ),
        ):
            elapsed, body = _get(client, "/xapi/statements", params)
            results[label].append(elapsed)
            if body["more"]:
                elapsed, _body = _get(client, body["more"], None)
                key = (
                    "  its more page"
                    if label.startswith("agent")
                    else "  its more page "
                )
                results[key].append(elapsed)
    return {k: v[5:] for k, v in results.items() if v}


def _get(client, path, params):
    started = time.perf_counter()
    response = client.get(path, params=params)
    elapsed = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    return elapsed, response.json()


if __name__ == "__main__":
    sys.exit(main())
