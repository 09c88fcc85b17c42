"""The URLs a learner's browser opens a package's files with."""

from urllib.parse import quote, urlencode

from django.urls import reverse

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
