"""Building a queued export into its private file, and deleting it when it expires.

The job is built with the requester's scope as it is when the task runs, so an
officer whose scope was narrowed in between gets no more than they may now
read; a department filter no longer in scope fails the job.
"""

import tempfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation

from audit.services import record_event
from reports import audit_events
from reports.filters import FilterError, ReportFilters
from reports.scope import Scope
from reports.tables import get_report

from .models import ExportJob
from .services import ExportChoice, export_details, export_filename, write_rows

PROGRESS_EVERY = 1000


def build_job(pk: int) -> str:
    """Build job ``pk`` once (a repeated delivery is skipped); return its status."""
    claimed = ExportJob.objects.filter(pk=pk, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING
    )
    if not claimed:
        return "skipped"
    job = ExportJob.objects.select_related("requested_by").get(pk=pk)
    with translation.override(job.language):
        try:
            _build(job)
        except (FilterError, KeyError) as error:
            _fail(job, str(error))
    return job.status


def _build(job: ExportJob) -> None:
    scope = Scope.for_user(job.requested_by)
    report = get_report(job.report)
    filters = ReportFilters.from_query(job.filters, scope)
    choice = ExportChoice(job.format, job.full_identity, job.purpose)
    job.rows_total = report.count(scope, filters)
    job.save(update_fields=["rows_total"])
    counter = _Progress(job)
    with tempfile.TemporaryFile() as file:
        write_rows(
            file, report, filters, counter.wrap(report.rows(scope, filters)), choice
        )
        file.seek(0)
        with transaction.atomic():
            job.file.save(export_filename(report, filters, job.format), File(file))
            job.status = ExportJob.Status.DONE
            job.rows_done = counter.done
            job.finished_at = timezone.now()
            job.expires_at = job.retention_end()
            job.save()
            record_event(
                action=audit_events.EXPORTED,
                actor=job.requested_by,
                target=job,
                scope=" ".join(scope.describe()),
                details=export_details(report.name, filters, choice, counter.done, job),
            )


class _Progress:
    def __init__(self, job: ExportJob):
        self.job, self.done = job, 0

    def wrap(self, rows):
        for row in rows:
            self.done += 1
            if self.done % PROGRESS_EVERY == 0:
                ExportJob.objects.filter(pk=self.job.pk).update(rows_done=self.done)
            yield row


def _fail(job: ExportJob, message: str) -> None:
    job.status = ExportJob.Status.FAILED
    job.error = message[:1000]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


def delete_expired(now=None) -> int:
    """Delete the files of jobs past their retention; return how many were deleted."""
    deleted = 0
    for job in ExportJob.objects.expired(now).exclude(status=ExportJob.Status.EXPIRED):
        if job.file:
            job.file.delete(save=False)
        job.status = ExportJob.Status.EXPIRED
        job.save(update_fields=["file", "status"])
        deleted += 1
    return deleted
