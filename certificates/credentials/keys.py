"""The issuer's identity: its Ed25519 key, its ``did:web`` and its DID document.

The key is a PEM (PKCS#8) file: ``settings.CERTIFICATE_VC_KEY`` when set,
otherwise ``vc-ed25519.pem`` in ``settings.CERTIFICATE_KEY_DIR``, which
``ensure_vc_key`` creates for the demo. The public key is published as a
Multikey (https://www.w3.org/TR/controller-document/#multikey) in the DID
document that did:web resolves to (https://w3c-ccg.github.io/did-method-web/).
"""

import os
import tempfile
from pathlib import Path
from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import multibase
from .loader import DID_V1, MULTIKEY_V1

VC_KEY_FILENAME = "vc-ed25519.pem"
KEY_FRAGMENT = "key-1"
# Multicodec prefixes (varint-encoded): ed25519-pub 0xed, ed25519-priv 0x1300.
ED25519_PUBLIC_PREFIX = b"\xed\x01"
ED25519_PRIVATE_PREFIX = b"\x80\x26"


def vc_key_path() -> Path:
    """Return where the credential signing key is read from."""
    if settings.CERTIFICATE_VC_KEY:
        return Path(settings.CERTIFICATE_VC_KEY)
    return Path(settings.CERTIFICATE_KEY_DIR) / VC_KEY_FILENAME


def ensure_vc_key() -> Path:
    """Create the signing key in CERTIFICATE_KEY_DIR if there is none; return its path.

    Idempotent and safe to run from several processes at once: the key is
    written to a private temporary file (mode 0600) and linked into place only
    if no other key got there first. A key named by CERTIFICATE_VC_KEY is
    never created: a configured key that is missing raises ImproperlyConfigured,
    since a new one would silently change the issuer's identity.
    """
    path = vc_key_path()
    if path.exists():
        load_private_key()
        return path
    if settings.CERTIFICATE_VC_KEY:
        raise ImproperlyConfigured(
            f"CERTIFICATE_VC_KEY names {path}, which does not exist"
        )
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".vc-key-")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(pem)
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)
    return path


def load_private_key() -> Ed25519PrivateKey:
    """Return the site's Ed25519 signing key; raise ImproperlyConfigured without one."""
    path = vc_key_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImproperlyConfigured(
            f"No credential signing key at {path}: run "
            "`manage.py ensure_certificate_keys` or set CERTIFICATE_VC_KEY"
        ) from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (TypeError, ValueError) as error:
        raise ImproperlyConfigured(f"{path} is not an unencrypted PEM key") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{path} holds no Ed25519 key")
    return key


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    """Return the Multikey encoding of ``public_key`` (``z6Mk…``)."""
    raw = public_key.public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return multibase.encode_base58btc(ED25519_PUBLIC_PREFIX + raw)


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    """Return the Ed25519 key of a Multikey ``publicKeyMultibase``; ValueError if not one."""
    data = multibase.decode(value)
    if len(data) != 34 or not data.startswith(ED25519_PUBLIC_PREFIX):
        raise ValueError("not an Ed25519 Multikey public key")
    return Ed25519PublicKey.from_public_bytes(data[2:])


def private_key_from_multibase(value: str) -> Ed25519PrivateKey:
    """Return the Ed25519 key of a Multikey ``secretKeyMultibase``; ValueError if not one."""
    data = multibase.decode(value)
    if len(data) != 34 or not data.startswith(ED25519_PRIVATE_PREFIX):
        raise ValueError("not an Ed25519 Multikey secret key")
    return Ed25519PrivateKey.from_private_bytes(data[2:])


def issuer_did(base_url: str | None = None) -> str:
    """Return the did:web of ``base_url`` (default: SITE_BASE_URL).

    did:web writes a port as ``%3A<port>`` and a path's segments after colons:
    ``http://127.0.0.1:8000`` gives ``did:web:127.0.0.1%3A8000``.
    """
    url = urlsplit(base_url or settings.SITE_BASE_URL)
    if not url.hostname:
        raise ImproperlyConfigured(f"SITE_BASE_URL {url.geturl()!r} has no host")
    host = url.hostname + (f"%3A{url.port}" if url.port else "")
    segments = [quote(part, safe="") for part in url.path.split("/") if part]
    return ":".join(["did", "web", host, *segments])


def did_document_path(base_url: str | None = None) -> str:
    """Return the path at which did:web looks for the DID document of the site."""
    url = urlsplit(base_url or settings.SITE_BASE_URL)
    path = url.path.rstrip("/")
    return f"{path}/did.json" if path else "/.well-known/did.json"


def verification_method_id() -> str:
    """Return the id of the key that signs credentials (``<did>#key-1``)."""
    return f"{issuer_did()}#{KEY_FRAGMENT}"


def did_document() -> dict:
    """Return the site's DID document, to be served at ``did_document_path()``."""
    did = issuer_did()
    method_id = verification_method_id()
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": [
            {
                "id": method_id,
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": public_key_multibase(
                    load_private_key().public_key()
                ),
            }
        ],
        "assertionMethod": [method_id],
    }
