"""The URLs a learner's browser opens a package's files with."""

from urllib.parse import quote, urlencode

from django.conf import settings
from django.urls import reverse

from .origin import package_origin
from .tokens import make_token


def package_base_url(package, *, user_id: int) -> str:
    """Return the URL the package's files are served under, for one user.

    The URL carries a signed token, valid for ``CONTENT_PACKAGE_TOKEN_MAX_AGE``
    seconds, so the package's relative requests need no cookie.
    """
    token = make_token(package.uuid, user_id=user_id)
    return reverse("packages:package_root", kwargs={"token": token})


def package_launch_url(package, *, user_id: int, params: dict | None = None) -> str:
    """Return the URL of the launch file with ``params`` added to its query."""
    path, _sep, query = package.launch_path.partition("?")
    query = "&".join(part for part in (query, urlencode(params or {})) if part)
    url = package_base_url(package, user_id=user_id) + quote(path, safe="/")
    return f"{url}?{query}" if query else url


def scorm_player_url(package, *, user_id: int, params: dict, language: str = "") -> str:
    """Return the absolute URL of the SCORM player for a package, on the package origin.

    ``params`` (the LRS endpoint and credential) go in the fragment, which the
    browser keeps from the server and its logs; ``language`` is the player's
    interface language. Without a package origin the URL is the site's, where
    the player explains that SCORM cannot be played.
    """
    token = make_token(package.uuid, user_id=user_id)
    path = reverse("packages:scorm_player", kwargs={"token": token})
    query = f"?{urlencode({'lang': language})}" if language else ""
    origin = package_origin() or settings.SITE_BASE_URL
    return f"{origin}{path}{query}#{urlencode(params)}"
