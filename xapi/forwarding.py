"""Forwarding stored statements to another LRS, in order, at least once.

Every statement stored while forwarding is configured gets an ``Outbox`` row in
the same transaction. The task sends the oldest rows first, in batches, and
stops at the first failure so that order is kept; a row is deleted only after
the other LRS accepted it. A resend carries the same statement id, which the
other LRS answers with 200/204 (same statement) or 409 (already there, differs).
"""

import httpx
from django.conf import settings

from .models import Outbox

BATCH_SIZE = 100


class ForwardingError(Exception):
    """The other LRS could not be reached or refused a batch; rows stay queued."""


def forwarding_enabled() -> bool:
    return bool(getattr(settings, "XAPI_FORWARD_ENDPOINT", ""))


def queue(statement_ids: list[str]) -> None:
    """Queue newly stored statements for forwarding (call inside the storing transaction)."""
    Outbox.objects.bulk_create([Outbox(statement_id=sid) for sid in statement_ids])


def send_pending(
    *, client: httpx.Client | None = None, limit_batches: int = 1000
) -> int:
    """Send queued statements until none remain; return how many were delivered.

    Raise ``ForwardingError`` on the first batch that fails, after recording
    the error on its rows.
    """
    own_client = client is None
    client = client or _client()
    delivered = 0
    try:
        for _batch in range(limit_batches):
            rows = list(
                Outbox.objects.select_related("statement").order_by("created", "id")[
                    :BATCH_SIZE
                ]
            )
            if not rows:
                break
            _send(client, rows)
            Outbox.objects.filter(pk__in=[row.pk for row in rows]).delete()
            delivered += len(rows)
    finally:
        if own_client:
            client.close()
    return delivered


def _client() -> httpx.Client:
    return httpx.Client(
        base_url=settings.XAPI_FORWARD_ENDPOINT.rstrip("/") + "/",
        auth=(settings.XAPI_FORWARD_USERNAME, settings.XAPI_FORWARD_PASSWORD),
        headers={"X-Experience-API-Version": settings.XAPI_FORWARD_VERSION},
        timeout=30,
    )


def _send(client: httpx.Client, rows: list[Outbox]) -> None:
    statements = [_outgoing(row.statement.data) for row in rows]
    try:
        response = client.post("statements", json=statements)
    except httpx.HTTPError as error:
        _failed(rows, f"{type(error).__name__}: {error}")
    if response.status_code in (200, 204, 409):
        return
    _failed(rows, f"HTTP {response.status_code}: {response.text[:500]}")


def _outgoing(statement: dict) -> dict:
    # The other LRS sets its own stored time and authority.
    return {k: v for k, v in statement.items() if k not in ("stored", "authority")}


def _failed(rows: list[Outbox], message: str):
    for row in rows:
        row.attempts += 1
        row.last_error = message
    Outbox.objects.bulk_update(rows, ["attempts", "last_error"])
    raise ForwardingError(message)
