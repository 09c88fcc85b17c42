"""Version negotiation (xAPI 1.0.3 Communication 3.3; IEEE 9274.1.1 Communication 1.3)."""

import re

from django.conf import settings

from .exceptions import BadRequest

V1 = "1.0.3"
V2 = "2.0.0"
SUPPORTED = (V1, V2)
_PATTERN = re.compile(r"^(1\.0|2\.0)(\.\d+)?$")


def default_version() -> str:
    version = getattr(settings, "XAPI_DEFAULT_VERSION", V1)
    return version if version in SUPPORTED else V1


def negotiate(header: str | None, *, required: bool = True) -> str:
    """Return the version to serve for a request's ``X-Experience-API-Version``.

    ``1.0``/``1.0.x`` answer as 1.0.3 and ``2.0``/``2.0.x`` as 2.0.0. A missing
    header is an error except where ``required`` is false (``/about``), which
    then gets the configured default.
    """
    if header is None or header.strip() == "":
        if required:
            raise BadRequest("The X-Experience-API-Version header is required.")
        return default_version()
    match = _PATTERN.match(header.strip())
    if not match:
        raise BadRequest(
            f"Unsupported xAPI version {header!r}; this LRS speaks {', '.join(SUPPORTED)}."
        )
    return V1 if match.group(1) == "1.0" else V2
