"""Client credentials: creation, HTTP Basic authentication and scopes."""

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .agents import ifi
from .exceptions import Forbidden, Unauthorized
from .models import Client, Scope

_READ_SCOPES = {Scope.ALL, Scope.ALL_READ}


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


def create_client(*, name: str, scopes: list[str], **fields) -> Credentials:
    """Create a client with a random key and a 256-bit secret; return both in clear."""
    unknown = set(scopes) - set(Scope.values)
    if unknown:
        raise ValueError(f"Unknown scopes: {', '.join(sorted(unknown))}")
    key = secrets.token_hex(16)
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
    client = Client.objects.filter(key=key).first()
    if client is None or not hmac.compare_digest(
        client.secret_hash, hash_secret(secret)
    ):
        raise Unauthorized("Unknown key or wrong secret.")
    if not client.is_active or (
        client.expires_at and client.expires_at <= timezone.now()
    ):
        raise Unauthorized("This credential is disabled or expired.")
    return client


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
    write statements whose actor is that learner, read only the statements it
    wrote, and keep State for that learner under that activity.
    """
    return create_client(
        name=name or f"launch: {activity_id}",
        scopes=[Scope.STATEMENTS_WRITE, Scope.STATEMENTS_READ_MINE, Scope.STATE],
        agent=agent,
        activity_id=activity_id,
        expires_at=timezone.now() + timedelta(minutes=minutes),
    )


def enforce_launch_limits(
    client: Client,
    *,
    agent_ifi: str | None = None,
    activity_id: str | None = None,
    actors: list[dict] | None = None,
) -> None:
    """Raise 403 when a launch credential reaches past its learner or activity.

    Activities under the launched one (its IRI followed by ``/`` or ``#``)
    count as inside it, since a package names its parts that way.
    """
    if client is None or client.agent is None:
        return
    own = ifi(client.agent)
    if agent_ifi is not None and agent_ifi != own:
        raise Forbidden("This launch credential acts for another learner.")
    for actor in actors or []:
        if ifi(actor) != own:
            raise Forbidden(
                "This launch credential may only record its own learner's statements."
            )
    if activity_id is not None and client.activity_id:
        root = client.activity_id
        if activity_id != root and not activity_id.startswith((root + "/", root + "#")):
            raise Forbidden("This launch credential is limited to another activity.")


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
