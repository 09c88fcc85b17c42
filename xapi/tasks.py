from celery import shared_task

from .forwarding import ForwardingError, send_pending


@shared_task(bind=True, max_retries=None)
def forward_statements(self) -> int:
    """Send queued statements to the other LRS; retry with backoff while it is down.

    The backoff grows to an hour, so an outage of hours loses nothing: the rows
    wait in the outbox and go out in order when the other LRS is back.
    """
    try:
        return send_pending()
    except ForwardingError as error:
        if self.request.is_eager:
            # No broker (development): the rows wait for the next statement.
            return 0
        countdown = min(3600, 30 * 2 ** min(self.request.retries, 7))
        raise self.retry(exc=error, countdown=countdown) from error
