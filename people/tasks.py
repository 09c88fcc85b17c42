"""Background work of the organisation: importing a confirmed roster."""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from .exceptions import RosterError
from .models import RosterImport
from .roster import import_roster


@shared_task
def run_roster_import(record_id: int) -> str:
    """Import a confirmed roster upload as the officer who uploaded it.

    Idempotent: a record that is no longer waiting to be imported is left alone,
    so a redelivered task does nothing. A roster that no longer passes (the
    organisation changed since the preview) is marked rejected with its errors.
    """
    with transaction.atomic():
        record = (
            RosterImport.objects.select_for_update()
            .select_related("uploaded_by")
            .filter(pk=record_id, status=RosterImport.Status.QUEUED)
            .first()
        )
        if record is None:
            return "skipped"
        try:
            report = import_roster(
                content=bytes(record.content),
                filename=record.original_name,
                importer=record.uploaded_by,
                deactivate_missing=record.deactivate_missing,
            )
        except RosterError as error:
            record.status = RosterImport.Status.REJECTED
            record.summary = {
                **record.summary,
                "errors": [e.__dict__ for e in error.errors],
            }
        else:
            record.status = RosterImport.Status.IMPORTED
            record.summary = report.as_dict()
        record.completed_at = timezone.now()
        record.content = b""
        record.save()
    return record.status
