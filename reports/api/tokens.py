"""The HR system's bearer tokens: made, checked and revoked here only.

A token reads ``rpt_<prefix>_<secret>``: ``prefix`` (8 hex characters) finds
its row, and the row keeps only the SHA-256 of the whole token, compared in
constant time. The secret is 32 random bytes; it is shown once, at creation.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from people.models import Department
from reports import audit_events

from .models import ReportToken

PREFIX = "rpt_"


@dataclass(frozen=True)
class IssuedToken:
    token: ReportToken
    secret: str  # the whole bearer token, to show once


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_raw() -> tuple[str, str]:
    prefix = secrets.token_hex(4)
    return prefix, f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"


def issue_token(
    *,
    name: str,
    department: Department,
    created_by=None,
    expires_in_days: int | None = None,
    full_identity: bool = False,
    purpose: str = "",
    request=None,
    token: ReportToken | None = None,
) -> IssuedToken:
    """Create a token for ``department``'s subtree; return it with its secret.

    ``token`` is an unsaved instance to fill (the admin's form) instead of a
    new one. The full form of names and IDs needs a ``purpose``
    (``ValueError`` otherwise). Audit-logged.
    """
    if full_identity and not purpose.strip():
        raise ValueError("a token with names and IDs in full needs a purpose")
    token = token or ReportToken()
    token.name, token.department = name, department
    token.full_identity, token.purpose = full_identity, purpose.strip()
    token.created_by = created_by
    if expires_in_days is not None:
        token.expires_at = timezone.now() + timedelta(days=expires_in_days)
    with transaction.atomic():
        while True:
            prefix, raw = _new_raw()
            if not ReportToken.objects.filter(prefix=prefix).exists():
                break
        token.prefix, token.token_hash = prefix, hash_token(raw)
        token.save()
        _audit(audit_events.TOKEN_CREATED, token, created_by, request)
    return IssuedToken(token, raw)


def revoke_token(*, token: ReportToken, by=None, request=None) -> None:
    """Revoke ``token`` for good (idempotent: a revoked token stays as it was)."""
    with transaction.atomic():
        updated = ReportToken.objects.filter(
            pk=token.pk, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        if updated:
            token.refresh_from_db()
            _audit(audit_events.TOKEN_REVOKED, token, by, request)


def _audit(action, token, actor, request) -> None:
    record_event(
        action=action,
        actor=actor,
        target=token,
        scope=token.department.tree_path,
        request=request,
        details={
            "name": token.name,
            "department": token.department.full_name(),
            "expires": token.expires_at.isoformat() if token.expires_at else None,
            "identity": "full" if token.full_identity else "masked",
            "purpose": token.purpose,
        },
    )


def authenticate(raw: str) -> ReportToken | None:
    """Return the usable token ``raw`` is, or None (unknown, expired or revoked)."""
    parts = raw.split("_")
    if len(parts) < 3 or not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    token = (
        ReportToken.objects.usable()
        .select_related("department")
        .filter(prefix=parts[1])
        .first()
    )
    if token is None or not hmac.compare_digest(token.token_hash, hash_token(raw)):
        return None
    ReportToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def department_by_path(path: str) -> Department | None:
    """The department named by a path of names such as ``陕西省/西安市``."""
    department = None
    for name in [part.strip() for part in path.strip().strip("/").split("/")]:
        department = Department.objects.filter(parent=department, name=name).first()
        if department is None:
            return None
    return department
