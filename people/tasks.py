"""Background work of the organisation: checking and importing rosters."""

from celery import shared_task

from .roster.uploads import import_confirmed_roster, preview_roster_import


@shared_task
def run_roster_preview(record_id: int) -> str:
    """Check an uploaded roster and keep its preview (see ``preview_roster_import``)."""
    return preview_roster_import(record_id=record_id)


@shared_task
def run_roster_import(record_id: int) -> str:
    """Import a confirmed roster (see ``import_confirmed_roster``)."""
    return import_confirmed_roster(record_id=record_id)
