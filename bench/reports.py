"""Time the annual summary and the completion detail beside a plain SQL GROUP BY.

Run as ``.venv/bin/python bench/reports.py``. It creates a scratch PostgreSQL
database (``bench/_server.py``), loads 20,000 staff × 30 courses (600,000
enrolments, ``bench/_reports_data.py``), then reads every row of each report
(``rows()`` to the end, as an export does) and, in the same run, a plain SQL
query that groups the same figures. Target: each report at most 3 times its
plain query. Smaller runs: ``BENCH_REPORTS_STAFF=2000 BENCH_REPORTS_COURSES=10``.
Exit status 1 means a report was over its target.
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._reports_bench import load  # noqa: E402
from bench._server import scratch_database  # noqa: E402

FACTOR = 3.0

ANNUAL_SQL = """
WITH hours AS (
  SELECT user_id,
         SUM(hours) AS total,
         SUM(hours) FILTER (WHERE year = %(year)s AND source = 'online') AS online,
         SUM(hours) FILTER (WHERE year = %(year)s AND source = 'offline') AS offline,
         SUM(hours) FILTER (WHERE year = %(year)s AND bucket = 'required') AS req
  FROM ledger_studyhourentry WHERE year BETWEEN %(year)s - 4 AND %(year)s
  GROUP BY user_id),
required AS (
  SELECT user_id, COUNT(*) AS assigned,
         COUNT(*) FILTER (WHERE status = 'completed') AS completed,
         COUNT(*) FILTER (WHERE status = 'completed'
                          AND completed_at::date <= due_date) AS on_time,
         COUNT(*) FILTER (WHERE status <> 'completed'
                          AND due_date < CURRENT_DATE) AS overdue
  FROM courses_enrolment
  WHERE required AND due_date BETWEEN make_date(%(year)s, 1, 1)
                                  AND make_date(%(year)s, 12, 31)
  GROUP BY user_id),
exams AS (
  SELECT user_id, AVG(best) AS score FROM (
    SELECT user_id, assessment_id, MAX(percent) AS best FROM assessments_attempt
    WHERE status = 'graded' GROUP BY user_id, assessment_id) AS bests
  GROUP BY user_id),
certificates AS (
  SELECT holder_id, COUNT(*) AS valid FROM certificates_certificate
  WHERE status = 'issued' AND (expires_on IS NULL OR expires_on > CURRENT_DATE)
  GROUP BY holder_id)
SELECT s.id, s.employee_id, s.name, s.department_id, p.name, g.name,
       h.total, h.online, h.offline, h.req, r.assigned, r.completed, r.on_time,
       r.overdue, e.score, c.valid
FROM people_staffmember s
JOIN people_position p ON p.id = s.position_id
JOIN people_grade g ON g.id = s.grade_id
LEFT JOIN hours h ON h.user_id = s.user_id
LEFT JOIN required r ON r.user_id = s.user_id
LEFT JOIN exams e ON e.user_id = s.user_id
LEFT JOIN certificates c ON c.holder_id = s.user_id
ORDER BY s.id
"""

COMPLETIONS_SQL = """
WITH attempts AS (
  SELECT a.user_id, p.translation_key AS course_key,
         MAX(a.percent) FILTER (WHERE a.status = 'graded') AS best, COUNT(*) AS n
  FROM assessments_attempt a
  JOIN assessments_assessment x ON x.id = a.assessment_id AND x.kind = 'exam'
  JOIN wagtailcore_page p ON p.id = x.course_id
  GROUP BY a.user_id, p.translation_key),
credits AS (
  SELECT user_id, reference, SUM(hours) AS hours FROM ledger_studyhourentry
  WHERE source = 'online' GROUP BY user_id, reference),
certificates AS (
  SELECT DISTINCT ON (holder_id, course_key) holder_id, course_key, serial,
         status, expires_on
  FROM certificates_certificate WHERE status <> 'superseded'
  ORDER BY holder_id, course_key, issued_at DESC, id DESC)
SELECT e.user_id, e.course_key, s.employee_id, s.name, s.department_id, p.name,
       g.name, e.status, e.required, e.enrolled_at, e.due_date, e.completed_at,
       a.best, a.n, l.hours, c.serial, c.status, c.expires_on
FROM courses_enrolment e
JOIN people_staffmember s ON s.user_id = e.user_id
JOIN people_position p ON p.id = s.position_id
JOIN people_grade g ON g.id = s.grade_id
LEFT JOIN attempts a ON a.user_id = e.user_id AND a.course_key = e.course_key
LEFT JOIN credits l ON l.user_id = e.user_id AND l.reference = e.course_key::text
LEFT JOIN certificates c ON c.holder_id = e.user_id AND c.course_key = e.course_key
WHERE e.due_date BETWEEN make_date(%(year)s, 1, 1) AND make_date(%(year)s, 12, 31)
   OR (e.due_date IS NULL AND (e.completed_at >= make_date(%(year)s, 1, 1)
       AND e.completed_at < make_date(%(year)s + 1, 1, 1)
       OR e.completed_at IS NULL AND e.enrolled_at < make_date(%(year)s + 1, 1, 1)))
ORDER BY e.user_id, e.course_key
"""


def plain(sql: str, year: int) -> tuple[int, float]:
    """Read every row of ``sql`` through a server-side cursor; (rows, seconds)."""
    from django.db import connection, transaction

    start = time.perf_counter()
    rows = 0
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(sql, {"year": year})
        while batch := cursor.fetchmany(2000):
            rows += len(batch)
    return rows, time.perf_counter() - start


def report(name: str, year: int) -> tuple[int, float]:
    """Read every row of the report ``name`` for the whole organisation."""
    from reports.filters import ReportFilters
    from reports.scope import Scope
    from reports.tables import get_report

    start = time.perf_counter()
    rows = sum(1 for _row in get_report(name).rows(Scope(None), ReportFilters(year)))
    return rows, time.perf_counter() - start


def compare(name: str, sql: str, year: int) -> bool:
    plain(sql, year)  # warm the cache: both timings then read from memory
    plain_rows, plain_seconds = plain(sql, year)
    rows, seconds = report(name, year)
    ratio = seconds / plain_seconds if plain_seconds else float("inf")
    ok = ratio <= FACTOR
    print(
        f"{name}: {rows} rows in {seconds:.2f} s; plain GROUP BY {plain_rows} rows "
        f"in {plain_seconds:.2f} s; {ratio:.1f}× (target ≤ {FACTOR:.0f}×)"
        + ("" if ok else "  OVER TARGET"),
        flush=True,
    )
    return ok


def main() -> int:
    with scratch_database("lms_bench_reports") as url:
        dataset = load(url)
        results = [
            compare("annual", ANNUAL_SQL, dataset.year),
            compare("completions", COMPLETIONS_SQL, dataset.year),
        ]
        from django.db import connections

        connections.close_all()
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
