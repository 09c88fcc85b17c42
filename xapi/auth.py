"""Client credentials: creation, HTTP Basic authentication and scopes."""

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from .agents import ifi
from .exceptions import Forbidden, Unauthorized
from .models import Client, Scope

_READ_SCOPES = {Scope.ALL, Scope.ALL_READ}
_READ_ALL_SCOPES = {Scope.ALL, Scope.ALL_READ, Scope.STATEMENTS_READ}


def hash_secret(secret: str) -> str:
    """Return the keyed hash stored for ``secret``."""
    key = hashlib.sha256(
        ("xapi-client-secret:" + settings.SECRET_KEY).encode()
    ).digest()
    return hmac.new(key, secret.encode(), hashlib.sha256).hexdigest()


@dataclass
class Credentials:
    client: Client
    key: str
    secret: str


def create_client(
    *, name: str, scopes: list[str], key_prefix: str = "", **fields
) -> Credentials:
    """Create a client with a random key and a 256-bit secret; return both in clear.

    ``key_prefix`` marks a kind of credential that other layers recognise
    without a query (``packages.cmi5_middleware``: ``cmi5-``); a plain key is
    hexadecimal, so a prefix with ``-`` never collides with one.
    """
    unknown = set(scopes) - set(Scope.values)
    if unknown:
        raise ValueError(f"Unknown scopes: {', '.join(sorted(unknown))}")
    key = key_prefix + secrets.token_hex(16)
    secret = secrets.token_urlsafe(32)
    client = Client.objects.create(
        name=name, key=key, secret_hash=hash_secret(secret), scopes=scopes, **fields
    )
    return Credentials(client, key, secret)


def authenticate(authorization: str | None) -> Client:
    """Return the client named by an HTTP Basic ``Authorization`` header, or raise 401."""
    if not authorization or not authorization.startswith("Basic "):
        raise Unauthorized("Authentication required.")
    try:
        decoded = base64.b64decode(authorization[6:].strip(), validate=True).decode()
        key, secret = decoded.split(":", 1)
    except (ValueError, UnicodeDecodeError) as error:
        raise Unauthorized("Malformed Basic credentials.") from error
    client = _client_by_key(key)
    if client is None or not hmac.compare_digest(
        client.secret_hash, hash_secret(secret)
    ):
        raise Unauthorized("Unknown key or wrong secret.")
    if not client.is_active or (
        client.expires_at and client.expires_at <= timezone.now()
    ):
        raise Unauthorized("This credential is disabled or expired.")
    return client


# A client read from the shared cache (Redis) instead of the database on each
# request; a save or delete of the client forgets it at once and again when it
# commits, and the short lifetime bounds a read that raced with the change.
_CLIENT_KEY = "xapi:client:{}"
_CLIENT_SECONDS = 60


def _shared_cache():
    return caches["shared"] if "shared" in settings.CACHES else None


def _cache_key(key: str) -> str:
    return _CLIENT_KEY.format(hashlib.sha256(key.encode()).hexdigest())


def _client_by_key(key: str) -> Client | None:
    cache = _shared_cache()
    if cache is None:
        return Client.objects.filter(key=key).first()
    client = cache.get(_cache_key(key))
    if client is None:
        client = Client.objects.filter(key=key).first()
        if client is not None:
            cache.set(_cache_key(key), client, _CLIENT_SECONDS)
    return client


def forget_client(sender, instance: Client, **kwargs) -> None:
    """Receive ``post_save`` and ``post_delete`` of a client: its cached copy is stale."""
    cache = _shared_cache()
    if cache is None:
        return
    cache_key = _cache_key(instance.key)
    cache.delete(cache_key)
    transaction.on_commit(lambda: cache.delete(cache_key))


def require_scope(client: Client, *, write: bool, scopes: set[str]) -> None:
    """Raise 403 unless the client holds one of ``scopes`` (or a catch-all scope)."""
    held = set(client.scopes)
    allowed = set(scopes) | {Scope.ALL}
    if not write:
        allowed |= _READ_SCOPES
    if not held & allowed:
        raise Forbidden("This credential's scopes do not allow this request.")


def create_launch_credential(
    *, agent: dict, activity_id: str, minutes: int = 240, name: str = ""
) -> Credentials:
    """Create a short-lived credential for one learner's content in one activity.

    The browser content of a package lesson uses it to reach ``/xapi/``: it may
    write statements whose actor is that learner and whose object is that
    activity or a part of it, read and void only the statements it wrote, and
    keep State for that learner under that activity.
    """
    return create_client(
        name=name or f"launch: {activity_id}",
        scopes=[Scope.STATEMENTS_WRITE, Scope.STATEMENTS_READ_MINE, Scope.STATE],
        agent=agent,
        activity_id=activity_id,
        expires_at=timezone.now() + timedelta(minutes=minutes),
    )


def enforce_launch_limits(
    client: Client | None,
    *,
    agent_ifi: str | None = None,
    activity_id: str | None = None,
) -> None:
    """Raise 403 when a limited credential names another learner or activity.

    A client with ``agent`` set acts for that learner only, one with
    ``activity_id`` set for that activity only (see ``within_activity``).
    Clients with neither are not limited here.
    """
    if client is None:
        return
    if (
        agent_ifi is not None
        and client.agent is not None
        and agent_ifi != ifi(client.agent)
    ):
        raise Forbidden("This launch credential acts for another learner.")
    if activity_id is not None and not within_activity(client, activity_id):
        raise Forbidden("This launch credential is limited to another activity.")


def within_activity(client: Client, activity_id: str) -> bool:
    """Return whether ``activity_id`` is the client's activity or a part of it.

    True for every activity when the client has no activity limit. A part is
    the activity's IRI followed by ``/``, ``#`` or ``?``, since a package
    names its parts that way; an IRI that merely starts alike is outside.
    """
    root = client.activity_id
    if not root or activity_id == root:
        return True
    return activity_id.startswith((root + "/", root + "#", root + "?"))


def enforce_statement_limits(client: Client | None, statements: list[dict]) -> None:
    """Raise 403 unless a limited client may record each of ``statements``.

    With ``agent`` set, every actor must be that learner. With
    ``activity_id`` set, every object must be an Activity within it (see
    ``within_activity``), or a StatementRef, which ``record`` checks against
    the statements the client wrote. One refused statement refuses the batch.
    """
    if client is None or (client.agent is None and not client.activity_id):
        return
    own = ifi(client.agent) if client.agent is not None else None
    for statement in statements:
        if own is not None and ifi(statement["actor"]) != own:
            raise Forbidden(
                "This launch credential may only record its own learner's statements."
            )
        if client.activity_id and not _object_within(client, statement["object"]):
            raise Forbidden(
                "This launch credential may only record statements about its activity."
            )


def _object_within(client: Client, target: dict) -> bool:
    kind = target.get("objectType", "Activity")
    if kind == "StatementRef":
        return True
    return kind == "Activity" and within_activity(client, target["id"])


def own_statements_only(client: Client | None) -> bool:
    """Return whether ``client`` may read and void only the statements it wrote.

    True for a client acting for one learner (``agent`` set, as a launch
    credential does) and for one whose reading scope is
    ``statements/read/mine``; false for the platform itself (no client).
    """
    if client is None:
        return False
    if client.agent is not None:
        return True
    scopes = set(client.scopes)
    return Scope.STATEMENTS_READ_MINE in scopes and not scopes & _READ_ALL_SCOPES


def authority_for(client: Client) -> dict:
    """Return the Agent the LRS names as ``authority`` of what ``client`` stores."""
    return {
        "objectType": "Agent",
        "name": client.name,
        "account": {
            "homePage": settings.SITE_BASE_URL,
            "name": f"lrs-client:{client.key}",
        },
    }
