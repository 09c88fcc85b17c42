"""The roster upload's life: uploaded → checked in the background → previewed →
confirmed → imported (or rejected at either step).

These are the services the views and the Celery tasks call. The slow steps
(checking a file of 100,000 rows, importing it) run in tasks, so that no
request waits for them; tasks run inline when no broker is configured.
"""

from django.db import transaction
from django.utils import timezone

from ..exceptions import RosterError
from ..models import RosterImport
from .importing import import_roster

Status = RosterImport.Status


def upload_roster(
    *, uploaded_by, file_name: str, content: bytes, deactivate_missing: bool
) -> RosterImport:
    """Keep an uploaded roster and queue its preview; return without checking it.

    The preview task runs after the transaction commits, so that a worker on
    another connection finds the record.
    """
    from ..tasks import run_roster_preview  # tasks imports this module

    record = RosterImport.objects.create(
        uploaded_by=uploaded_by,
        original_name=file_name[:255],
        content=content,
        deactivate_missing=deactivate_missing,
        status=Status.CHECKING,
    )
    transaction.on_commit(lambda: run_roster_preview.delay(record.pk))
    return record


def preview_roster_import(*, record_id: int) -> str:
    """Check an uploaded roster as a dry run and keep what it would do.

    Records progress (rows checked of rows in the file) on the record while it
    validates. Ends with the record previewed (its summary lists the changes)
    or rejected (its summary lists every problem; the file is dropped).
    Idempotent: a record no longer being checked is left alone and "skipped"
    is returned; otherwise the new status.
    """
    record = (
        RosterImport.objects.select_related("uploaded_by")
        .filter(pk=record_id, status=Status.CHECKING)
        .first()
    )
    if record is None:
        return "skipped"

    def record_progress(checked: int, total: int) -> None:
        RosterImport.objects.filter(pk=record_id).update(
            rows_checked=checked, rows_total=total
        )

    try:
        report = import_roster(
            content=bytes(record.content),
            filename=record.original_name,
            importer=record.uploaded_by,
            dry_run=True,
            deactivate_missing=record.deactivate_missing,
            on_progress=record_progress,
        )
    except RosterError as error:
        outcome = _rejection(error)
    else:
        outcome = {"status": Status.PREVIEWED, "summary": report.as_dict()}
    # A redelivered task that lost the race must not overwrite the winner.
    RosterImport.objects.filter(pk=record_id, status=Status.CHECKING).update(**outcome)
    return outcome["status"]


def confirm_roster_import(*, record: RosterImport) -> bool:
    """Queue the import of a previewed roster; return whether it was queued.

    Idempotent: confirming a roster that is not (or no longer) previewed does
    nothing and returns False.
    """
    from ..tasks import run_roster_import  # tasks imports this module

    queued = RosterImport.objects.filter(pk=record.pk, status=Status.PREVIEWED).update(
        status=Status.QUEUED
    )
    if queued:
        # After commit, so that a worker on another connection sees the row.
        transaction.on_commit(lambda: run_roster_import.delay(record.pk))
    return bool(queued)


def import_confirmed_roster(*, record_id: int) -> str:
    """Import a confirmed roster as the officer who uploaded it.

    Idempotent: a record that is no longer waiting to be imported is left alone,
    so a redelivered task does nothing ("skipped"). A roster that no longer
    passes (the organisation changed since the preview) is marked rejected
    with its errors. The file is dropped either way. Returns the new status.
    """
    with transaction.atomic():
        record = (
            RosterImport.objects.select_for_update()
            .select_related("uploaded_by")
            .filter(pk=record_id, status=Status.QUEUED)
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
            outcome = _rejection(error)
            outcome["summary"] = {**record.summary, **outcome["summary"]}
        else:
            outcome = {"status": Status.IMPORTED, "summary": report.as_dict()}
        for name, value in outcome.items():
            setattr(record, name, value)
        record.completed_at = timezone.now()
        record.content = b""
        record.save()
    return record.status


def _rejection(error: RosterError) -> dict:
    return {
        "status": Status.REJECTED,
        "summary": {"errors": [e.__dict__ for e in error.errors]},
        "content": b"",
    }
