"""The client's address, as far as the deployment lets the platform trust it."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """Return the address the request came from.

    That is ``REMOTE_ADDR``, unless ``TRUSTED_PROXY_COUNT`` says how many
    proxies of our own stand in front of the site: then it is the address the
    outermost of them saw, taken from the right of ``X-Forwarded-For``. The
    left-hand entries are whatever the client chose to send, so they are
    never believed. Used for the audit log and the sign-in lock-out alike.
    """
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    remote = request.META.get("REMOTE_ADDR") or None
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies or not _is_address(forwarded[-proxies]):
        return remote
    return forwarded[-proxies]


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
