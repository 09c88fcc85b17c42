from celery import shared_task

from .services import grade_expired_attempts as grade_expired


@shared_task
def grade_expired_attempts() -> int:
    """Grade the attempts whose time is up; run every minute by ``celery -A lms beat``.

    A learner's next save, submit or start grades their own expired attempt
    too; this task grades the ones nobody comes back to, so that results and
    statements do not wait for a visit (pages only show, never grade).
    """
    return grade_expired()
