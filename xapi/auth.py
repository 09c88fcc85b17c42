"""Client credentials: creation, HTTP Basic authentication and scopes."""

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

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
