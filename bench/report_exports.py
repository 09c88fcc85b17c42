"""Time the XLSX export of the annual summary and stream the completion CSV.

Run as ``.venv/bin/python bench/report_exports.py``. It creates a scratch
PostgreSQL database (``bench/_server.py``), loads 20,000 staff × 30 courses
(``bench/_reports_data.py``'s ``build_dataset``), then:

- writes the annual summary (20,000 rows) as XLSX, masked, as the export job
  does (``reports.exports.services.write_rows``). Target: under 5 s.
- streams the completion detail (600,000 rows) as CSV through the same chunks
  a streamed response sends, in a fresh process that loads only Django, and
  prints its time and that process's peak resident memory. Target: peak
  under 200 MB.

Smaller runs: ``BENCH_REPORTS_STAFF=2000 BENCH_REPORTS_COURSES=10``.
Exit status 1 means a figure was over its target.
"""

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# This benchmark's own Redis database (sessions are not used; the cache is).
os.environ.setdefault("BENCH_CACHE_URL", "redis://127.0.0.1:6379/13")

from bench._reports_bench import load  # noqa: E402
from bench._server import run_python, scratch_database  # noqa: E402

XLSX_TARGET = 5.0  # seconds
MEMORY_TARGET = 200  # MB, peak resident set of the streaming process


def _whole_organisation(year: int):
    from reports.filters import ReportFilters
    from reports.scope import Scope

    return Scope(None), ReportFilters(year=year)


def xlsx_annual(year: int) -> bool:
    from reports.exports.services import ExportChoice, write_rows
    from reports.tables import get_report

    report = get_report("annual")
    scope, filters = _whole_organisation(year)
    # The report's own reading, timed alone, says how much of the export is
    # the query and how much the writing.
    start = time.perf_counter()
    read = sum(1 for _row in report.rows(scope, filters))
    reading = time.perf_counter() - start
    start = time.perf_counter()
    with tempfile.TemporaryFile() as file:
        counter = _Counter(report.rows(scope, filters))
        write_rows(file, report, filters, counter, ExportChoice("xlsx"))
        size = file.tell()
    seconds = time.perf_counter() - start
    ok = seconds < XLSX_TARGET
    print(
        f"annual XLSX: {counter.rows} rows, {size / 1e6:.1f} MB in {seconds:.2f} s "
        f"(target < {XLSX_TARGET:.0f} s; reading the {read} rows alone: "
        f"{reading:.2f} s)" + ("" if ok else "  OVER TARGET"),
        flush=True,
    )
    return ok


class _Counter:
    def __init__(self, rows):
        self.rows, self._rows = 0, rows

    def __iter__(self):
        for row in self._rows:
            self.rows += 1
            yield row


def stream_completions_csv(year: int) -> dict:
    """In this process: stream the completion CSV to nowhere; its figures."""
    from reports.exports.services import ExportChoice, export_chunks
    from reports.tables import get_report

    report = get_report("completions")
    scope, filters = _whole_organisation(year)
    before = _peak_mb()
    start = time.perf_counter()
    counter = _Counter(report.rows(scope, filters))
    size = sum(
        len(chunk)
        for chunk in export_chunks(report, filters, counter, ExportChoice("csv"))
    )
    return {
        "rows": counter.rows,
        "bytes": size,
        "seconds": time.perf_counter() - start,
        "peak_mb": _peak_mb(),
        "before_mb": before,
    }


def _peak_mb() -> float:
    """This process's peak resident memory since it started (exec'd).

    ``getrusage``'s ``ru_maxrss`` would carry over the parent's peak across
    fork and exec, so the kernel's ``VmHWM`` of this address space is read
    where there is one (Linux).
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def csv_completions(url: str, year: int) -> bool:
    out = run_python(
        "bench/report_exports.py", "--stream-csv", str(year), database_url=url
    )
    figures = json.loads(out.strip().splitlines()[-1])
    ok = figures["peak_mb"] < MEMORY_TARGET
    print(
        f"completions CSV streamed: {figures['rows']} rows, "
        f"{figures['bytes'] / 1e6:.0f} MB in {figures['seconds']:.1f} s; peak memory "
        f"{figures['peak_mb']:.0f} MB ({figures['before_mb']:.0f} MB before the first "
        f"row; target < {MEMORY_TARGET} MB)" + ("" if ok else "  OVER TARGET"),
        flush=True,
    )
    return ok


def main() -> int:
    with scratch_database("lms_bench_report_exports") as url:
        dataset = load(url)
        results = [
            xlsx_annual(dataset.year),
            csv_completions(url, dataset.year),
        ]
        from django.db import connections

        connections.close_all()
    return 0 if all(results) else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--stream-csv"]:
        import django

        django.setup()
        print(json.dumps(stream_completions_csv(int(sys.argv[2]))))
        sys.exit(0)
    sys.exit(main())
