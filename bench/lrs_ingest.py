"""LRS ingest: batches of 100 and single statements over HTTP to gunicorn on PostgreSQL.

Targets (issue 18): batches of 100 at no less than a quarter of a bare psycopg
COPY of the same rows into the same table, in the same run; a single POST,
committed durably before its answer, at a median under 5 ms and a p95 under
8 ms. (Issue 3's earlier floors, 3,000 statements/s and a 10 ms median, are
printed beside them.)
"""

import json
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _lrs import (  # noqa: E402
    STATEMENT_COPY,
    copy_rows,
    create_client,
    gunicorn,
    percentile,
    scratch_database,
    statement,
    statement_row,
)

BATCHES = 200
BATCH = 100
SINGLES = 300
THREADS = 4
COPY_SHARE = 0.25
SINGLE_MEDIAN_MS, SINGLE_P95_MS = 5.0, 8.0


def main() -> int:
    with scratch_database() as url:
        key, secret = create_client(url)
        with gunicorn(url, workers=2) as base:
            rate = _batches(base, key, secret)
            median, p95 = _singles(base, key, secret)
        copy_rate = _copy(url)
    share = rate / copy_rate
    batches_ok = share >= COPY_SHARE
    single_ok = median < SINGLE_MEDIAN_MS and p95 < SINGLE_P95_MS
    print(
        f"LRS ingest, batches of {BATCH} over HTTP (gunicorn 2 workers, PostgreSQL):"
        f" {rate:,.0f} statements/s, {share:.1%} of the bare COPY"
        f" (target >= {COPY_SHARE:.0%}; issue 3's floor 3,000/s)"
        + ("" if batches_ok else "  NOT MET")
    )
    print(
        f"LRS ingest, one statement per POST: median {median:.1f} ms, p95 {p95:.1f} ms"
        f" (target median < {SINGLE_MEDIAN_MS:.0f} ms, p95 < {SINGLE_P95_MS:.0f} ms)"
        + ("" if single_ok else "  NOT MET")
    )
    print(
        "  baseline: bare psycopg COPY of the same rows into xapi_statement,"
        f" same run: {copy_rate:,.0f} rows/s"
    )
    return 0 if batches_ok and single_ok else 1


def _client(base, key, secret):
    return httpx.Client(
        base_url=base,
        auth=(key, secret),
        headers={"X-Experience-API-Version": "1.0.3"},
        timeout=60,
    )


def _batches(base, key, secret) -> float:
    bodies = [
        json.dumps([statement(b * BATCH + i) for i in range(BATCH)])
        for b in range(BATCHES)
    ]
    with _client(base, key, secret) as warm:
        warm.post(
            "/xapi/statements",
            content=bodies[0],
            headers={"Content-Type": "application/json"},
        )

    def send(chunk):
        with _client(base, key, secret) as client:
            for body in chunk:
                response = client.post(
                    "/xapi/statements",
                    content=body,
                    headers={"Content-Type": "application/json"},
                )
                response.raise_for_status()

    chunks = [bodies[1 + i :: THREADS] for i in range(THREADS)]
    started = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(send, chunks))
    elapsed = time.perf_counter() - started
    return (BATCHES - 1) * BATCH / elapsed


def _singles(base, key, secret) -> tuple[float, float]:
    timings = []
    with _client(base, key, secret) as client:
        for n in range(SINGLES):
            body = json.dumps(statement(10_000_000 + n))
            started = time.perf_counter()
            response = client.post(
                "/xapi/statements",
                content=body,
                headers={"Content-Type": "application/json"},
            )
            timings.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
    timings = timings[10:]
    return statistics.median(timings), percentile(timings, 0.95)


def _copy(url: str) -> float:
    now = datetime.now(UTC)
    rows = [statement_row(statement(20_000_000 + n), now) for n in range(20_000)]
    started = time.perf_counter()
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        copy_rows(cursor, STATEMENT_COPY, rows)
        connection.commit()
    return len(rows) / (time.perf_counter() - started)


if __name__ == "__main__":
    sys.exit(main())
