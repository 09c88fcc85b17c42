from celery import shared_task


@shared_task
def send_reminders() -> dict:
    """Deliver the reminders due today (idempotent); run daily by beat."""
    from .reminders.services import send_reminders as send

    return send()
