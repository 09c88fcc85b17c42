"""Signed, expiring tokens that let one user's browser fetch one package's files.

A package runs in a sandboxed window with no access to the site's cookies, so
its relative requests carry the grant in the URL instead.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from .exceptions import InvalidPackageToken

# The salt the app had before it moved out of content/: changing it would void
# every token in the hands of a learner still working in a package.
SALT = "content.package"


@dataclass(frozen=True)
class Grant:
    """What a valid token allows: reading ``package_uuid``'s files as ``user_id``."""

    package_uuid: uuid.UUID
    user_id: int


def max_age() -> int:
    return getattr(settings, "CONTENT_PACKAGE_TOKEN_MAX_AGE", 8 * 60 * 60)


def make_token(package_uuid: uuid.UUID, *, user_id: int) -> str:
    """Return a token granting ``user_id`` the files of a package, from now on."""
    return signing.dumps([package_uuid.hex, user_id], salt=SALT)


def read_token(token: str) -> Grant:
    """Return the grant in ``token``.

    Raise ``InvalidPackageToken`` if the token is forged, altered, made for
    another purpose or older than ``max_age()`` seconds.
    """
    try:
        package_hex, user_id = signing.loads(token, salt=SALT, max_age=max_age())
        return Grant(uuid.UUID(hex=package_hex), int(user_id))
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise InvalidPackageToken from error
