"""The origin SCORM content is served from, apart from the site's.

A SCO finds its runtime by walking up to its parent or opener window and
reading ``window.API`` there (SCORM 1.2 RTE section 3.3.6.1; SCORM 2004 RTE
section 3.3.2), which a browser allows only between documents of one origin.
xAPI and cmi5 packages run in an opaque origin (``views.SANDBOX``) and reach
the LRS over CORS; a SCO and its player must share a real origin instead, and
that origin must not be the site's, or the SCO could act as the signed-in
learner. ``CONTENT_PACKAGE_ORIGIN`` names it: another host name of this
server, holding no session cookie, which ``ALLOWED_HOSTS`` must list too.
"""

from urllib.parse import urlsplit

from django.conf import settings

# Development and tests: the other loopback name is another origin (and
# another cookie jar) for the same server.
LOOPBACK_TWINS = {"127.0.0.1": "localhost", "localhost": "127.0.0.1"}


def package_origin() -> str:
    """Return the origin (scheme, host, port) SCORM content is served from, or ""."""
    configured = getattr(settings, "CONTENT_PACKAGE_ORIGIN", "").rstrip("/")
    site = urlsplit(settings.SITE_BASE_URL)
    if configured:
        # The site's own origin would hand the SCO the learner's session.
        return "" if urlsplit(configured).netloc == site.netloc else configured
    twin = LOOPBACK_TWINS.get(site.hostname or "")
    if twin is None:
        return ""
    port = f":{site.port}" if site.port else ""
    return f"{site.scheme}://{twin}{port}"


def on_package_origin(request) -> bool:
    """Return whether ``request`` was made to the package origin."""
    origin = package_origin()
    if not origin:
        return False
    expected = urlsplit(origin)
    port = expected.port or (443 if expected.scheme == "https" else 80)
    return request.get_host() in {f"{expected.hostname}:{port}", expected.netloc}
