"""Caching of what does not depend on the learner: routes, lesson bodies, syllabi.

Every key carries the content version, a token in one database row, replaced whenever a page
is published, unpublished, moved or deleted, a view restriction changes, or
the study-hour rules change. Reading it is one indexed query, so any number of
processes with their own local caches agree at once on what is current, and no
cache entry ever needs deleting.
"""

import uuid

from django.core.cache import cache

from .models import ContentVersion

TIMEOUT = 60 * 60


def content_version(request=None) -> str:
    """Return the current content version (read once per request)."""
    if request is not None and hasattr(request, "_content_version"):
        return request._content_version
    version = (
        ContentVersion.objects.filter(pk=1).values_list("value", flat=True).first()
        or "0"
    )
    if request is not None:
        request._content_version = version
    return version


def bump_content_version(**_kwargs) -> None:
    """Make every cached route, body and syllabus stale."""
    token = uuid.uuid4().hex
    if not ContentVersion.objects.filter(pk=1).update(value=token):
        ContentVersion.objects.update_or_create(pk=1, defaults={"value": token})


def get_or_set(request, name: str, parts: tuple, build):
    """Return the cached value of ``name`` for ``parts`` at this content version."""
    key = ":".join(["lms", name, str(content_version(request)), *map(str, parts)])
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value
