"""Exporting a registered report: streamed at once, or as a job above a size.

Every export is written to the audit log before the first byte leaves: who,
the scope, the filters, the row count, the format, and whether names and IDs
were masked or given in full for a stated purpose.
"""

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from audit.services import record_event
from reports import audit_events
from reports.filters import ReportFilters
from reports.scope import Scope

from .cells import row_preparer
from .models import ExportFormat, ExportJob
from .writers import csv_chunks, json_chunks, write_xlsx

CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.JSON: "application/json; charset=utf-8",
    ExportFormat.XLSX: (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
}


@dataclass(frozen=True)
class ExportChoice:
    """What the reader asked for: the format, and full identity with its purpose."""

    format: str
    full_identity: bool = False
    purpose: str = ""


@dataclass(frozen=True)
class StreamedExport:
    filename: str
    content_type: str
    chunks: Iterator[bytes] | None = None  # CSV and JSON
    file: object = None  # XLSX: a temporary file, deleted when closed


class NeedsJob(Exception):
    """The export is too large to stream and queuing a job was not allowed."""


def export_report(
    *,
    user,
    report,
    filters: ReportFilters,
    choice: ExportChoice,
    request=None,
    queue: bool = True,
) -> StreamedExport | ExportJob:
    """Export ``report`` in ``user``'s scope: a stream, or a queued ``ExportJob``.

    Above ``REPORT_EXPORT_ASYNC_ROWS`` rows the file is built by
    ``reports.tasks.build_export`` after the transaction commits (with
    ``queue=False``, ``NeedsJob`` is raised instead and nothing is done).
    Either way the export is audit-logged here; the job logs its row count
    again once built.
    """
    scope = Scope.for_user(user)
    count = report.count(scope, filters)
    if count > settings.REPORT_EXPORT_ASYNC_ROWS:
        if not queue:
            raise NeedsJob
        return _queue(user, report, filters, choice, count, request)
    _audit(audit_events.EXPORTED, user, report, scope, filters, choice, count, request)
    name = export_filename(report, filters, choice.format)
    rows = report.rows(scope, filters)
    if choice.format == ExportFormat.XLSX:
        file = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        write_rows(file, report, filters, rows, choice)
        file.seek(0)
        return StreamedExport(name, CONTENT_TYPES[choice.format], file=file)
    chunks = _in_language(
        export_chunks(report, filters, rows, choice), translation.get_language()
    )
    return StreamedExport(name, CONTENT_TYPES[choice.format], chunks=chunks)


def _in_language(chunks: Iterator[bytes], language: str) -> Iterator[bytes]:
    # A streamed body is read after the view returns, when the middleware has
    # already put the request's language away: headers and yes/no must still
    # be in the reader's language.
    while True:
        with translation.override(language):
            chunk = next(chunks, None)
        if chunk is None:
            return
        yield chunk


def export_chunks(report, filters, rows, choice: ExportChoice) -> Iterator[bytes]:
    columns = report.columns(filters)
    prepare = row_preparer(columns, full_identity=choice.full_identity)
    prepared = (prepare(row) for row in rows)
    if choice.format == ExportFormat.JSON:
        return json_chunks(columns, prepared)
    return csv_chunks(columns, prepared)


def write_rows(file, report, filters, rows, choice: ExportChoice) -> None:
    """Write the export in ``choice.format`` to ``file`` (binary, open for writing)."""
    if choice.format != ExportFormat.XLSX:
        for chunk in export_chunks(report, filters, rows, choice):
            file.write(chunk)
        return
    columns = report.columns(filters)
    prepare = row_preparer(columns, full_identity=choice.full_identity)
    prepared = (prepare(row) for row in rows)
    write_xlsx(file, columns, prepared, title=str(report.title))


def export_filename(report, filters: ReportFilters, format: str) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"{report.name}-{filters.year}-{stamp}.{format}"


def _queue(user, report, filters, choice, count, request) -> ExportJob:
    scope = Scope.for_user(user)
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=user,
            report=report.name,
            filters=filters.as_query(),
            format=choice.format,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            full_identity=choice.full_identity,
            purpose=choice.purpose,
            rows_total=count,
        )
        _audit(
            audit_events.EXPORT_REQUESTED,
            user,
            report,
            scope,
            filters,
            choice,
            count,
            request,
            job=job,
        )
        from reports.tasks import build_export

        transaction.on_commit(lambda: build_export.delay(job.pk))
    return job


def _audit(action, user, report, scope, filters, choice, rows, request, job=None):
    record_event(
        action=action,
        actor=user,
        target=job,
        scope=" ".join(scope.describe()),
        request=request,
        details=export_details(report.name, filters, choice, rows, job),
    )


def export_details(name, filters, choice: ExportChoice, rows: int, job=None) -> dict:
    details = {
        "report": name,
        "format": choice.format,
        "rows": rows,
        "filters": filters.describe(),
        "identity": "full" if choice.full_identity else "masked",
    }
    if choice.full_identity:
        details["purpose"] = choice.purpose
    if job is not None:
        details["job"] = job.pk
    return details
