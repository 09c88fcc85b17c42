from celery import shared_task


@shared_task
def build_export(pk: int) -> str:
    """Build a queued report export into its private file, reporting progress."""
    from .exports.jobs import build_job

    return build_job(pk)


@shared_task
def delete_expired_exports() -> int:
    """Delete export files past REPORT_EXPORT_RETENTION_HOURS; run hourly by beat."""
    from .exports.jobs import delete_expired

    return delete_expired()


@shared_task
def send_reminders() -> dict:
    """Deliver the reminders due today (idempotent); run daily by beat."""
    from .reminders.services import send_reminders as send

    return send()
