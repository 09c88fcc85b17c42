"""Writing to the audit log, and pruning it past the retention period."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from .actions import is_known
from .addresses import client_address
from .context import acting
from .models import AuditEntry

# The shortest retention the platform allows, whatever the settings say.
MINIMUM_RETENTION_DAYS = 180


@dataclass(frozen=True)
class Target:
    """What an entry is about when it is not a model instance (e.g. a username)."""

    type: str
    id: str = ""
    label: str = ""


def record_event(
    *,
    action: str,
    actor: Any = None,
    target: models.Model | Target | None = None,
    scope: str = "",
    address: str | None = None,
    request: HttpRequest | None = None,
    details: dict | None = None,
) -> AuditEntry:
    """Add one entry to the audit log and return it.

    ``action`` must be registered (``audit.actions``); ``actor`` is a user or
    None (an anonymous visitor, or the system). ``address`` defaults to the
    client address of ``request`` when one is given. The entry is written in
    the caller's transaction, so an action that rolls back leaves no entry.
    """
    if not is_known(action):
        raise ValueError(f"unknown audit action {action!r}")
    if address is None and request is not None:
        address = client_address(request)
    if actor is None and request is None:
        actor, acting_address = acting()
        address = address or acting_address
    actor_id, actor_label = _actor(actor)
    target_type, target_id, target_label = _target(target)
    return AuditEntry.objects.create(
        action=action,
        actor_id=actor_id,
        actor_label=actor_label[:300],
        target_type=target_type[:100],
        target_id=target_id[:100],
        target_label=target_label[:300],
        scope=scope[:500],
        address=address or None,
        details=details or {},
    )


def _actor(actor) -> tuple[int | None, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, ""
    return actor.pk, actor.get_username()


def _target(target) -> tuple[str, str, str]:
    if target is None:
        return "", "", ""
    if isinstance(target, Target):
        return target.type, target.id, target.label
    meta = target._meta
    return meta.label_lower, str(target.pk), str(target)


def retention_days() -> int:
    """The configured retention (``AUDIT_RETENTION_DAYS``), never under 180 days."""
    configured = getattr(settings, "AUDIT_RETENTION_DAYS", MINIMUM_RETENTION_DAYS)
    return max(int(configured), MINIMUM_RETENTION_DAYS)


def prune_entries(*, older_than_days: int) -> int:
    """Delete the entries older than ``older_than_days`` days; return how many.

    Raises ``ValueError`` when ``older_than_days`` is under the retention
    period. This is the only way entries are ever deleted: on PostgreSQL the
    trigger lets a DELETE through only inside a transaction that sets
    ``audit.pruning``, and only for entries past the 180-day minimum.
    """
    if older_than_days < retention_days():
        raise ValueError(
            f"entries are kept at least {retention_days()} days; "
            f"refusing to prune entries younger than that"
        )
    cutoff = timezone.now() - timedelta(days=older_than_days)
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    column = connection.ops.quote_name("time")
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL audit.pruning = 'on'")
        cursor.execute(f"DELETE FROM {table} WHERE {column} < %s", [cutoff])
        return cursor.rowcount
