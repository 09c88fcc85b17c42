"""LRS queries with 1,000,000 statements stored, over HTTP to gunicorn on PostgreSQL.

Target (issue 3): agent+verb (limit 100), a related_activities query, and the
``more`` page after each answer in under 50 ms at the median.
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
    scratch_database,
    statement,
    statement_row,
)

TOTAL = int(os.environ.get("BENCH_STATEMENTS", "1000000"))
CHUNK = 50_000
REPEAT = 60
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    from xapi.statements import index_activities, index_agents  # pure, no Django needed

    with _database() as url:
        if _count(url) >= TOTAL:
            print(f"  reusing {TOTAL:,} loaded statements")
        else:
            started = time.perf_counter()
            _load(url, index_agents, index_activities)
            elapsed = time.perf_counter() - started
            print(f"  loaded {TOTAL:,} statements with COPY in {elapsed:.0f} s")
        key, secret = create_client(url)
        with (
            gunicorn(url, workers=2) as base,
            httpx.Client(
                base_url=base,
                auth=(key, secret),
                headers={"X-Experience-API-Version": "1.0.3"},
                timeout=60,
            ) as client,
        ):
            results = _measure(client)
    worst = 0.0
    for label, timings in results.items():
        median, p95 = statistics.median(timings), percentile(timings, 0.95)
        worst = max(worst, median)
        print(
            f"LRS query, {TOTAL:,} statements, {label}: median {median:.1f} ms, p95 {p95:.1f} ms (target median < 50 ms)"
        )
    return 0 if worst < 50 else 1


@contextmanager
def _database():
    """A scratch database, or BENCH_DATABASE_URL (kept, loaded once) for repeated runs."""
    kept = os.environ.get("BENCH_DATABASE_URL")
    if not kept:
        with scratch_database() as url:
            yield url
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
    yield kept


def _count(url) -> int:
    with psycopg.connect(url) as connection:
        return connection.execute("SELECT count(*) FROM xapi_statement").fetchone()[0]


def _load(url, index_agents, index_activities):
    base_time = datetime.now(UTC) - timedelta(days=365)
    with psycopg.connect(url) as connection:
        for offset in range(0, TOTAL, CHUNK):
            statements, agents, activities = [], [], []
            for n in range(offset, min(TOTAL, offset + CHUNK)):
                data = statement(n, learners=1000)
                stored = base_time + timedelta(seconds=n * 30)
                data["stored"] = stored.isoformat().replace("+00:00", "Z")
                data["authority"] = {
                    "objectType": "Agent",
                    "account": {
                        "homePage": "https://training.example.gov.cn",
                        "name": "bench",
                    },
                }
                statements.append(statement_row(data, stored))
                agents += [
                    (data["id"], ifi, related, stored)
                    for ifi, related in index_agents(data)
                ]
                activities += [
                    (data["id"], a, related, stored)
                    for a, related in index_activities(data)
                ]
            with connection.cursor() as cursor:
                copy_rows(cursor, STATEMENT_COPY, statements)
                copy_rows(cursor, INDEX_COPY["agents"], agents)
                copy_rows(cursor, INDEX_COPY["activities"], activities)
            connection.commit()
        connection.autocommit = True
        connection.execute("VACUUM ANALYZE")


def _measure(client) -> dict[str, list[float]]:
    results = {
        "agent+verb, limit 100": [],
        "  its more page": [],
        "activity+related_activities, limit 100": [],
        "  its more page ": [],
    }
    for n in range(REPEAT):
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
