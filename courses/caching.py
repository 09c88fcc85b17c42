"""Versions that cache keys carry: of the published content, and of a learner's course.

Routes, lesson bodies, outlines and catalogue listings are cached in each
process under the content version, a random token replaced whenever a page is
published, unpublished, moved or deleted, a view restriction changes, or the
study-hour rules change. No entry is ever deleted: a new token simply makes
the old entries unreachable, so processes with their own local caches agree at
once on what is current.

Where the token lives depends on the deployment:

- with a shared cache (``CACHE_URL``, Redis) the tokens are kept there: the
  content token, and one per learner and course, dropped after every commit
  that changes that learner's enrolment or progress. A missing token is
  replaced by a fresh one, so losing Redis only costs cache misses. A reader
  takes the tokens before it reads the database, so a page built from data
  older than a token is never stored under a newer one;
- without one, the content token is a row in the database (one indexed query
  per request), and a learner's state is read with the page's query.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction

from .models import ContentVersion

TIMEOUT = 60 * 60
CONTENT_TOKEN = "content-version"


def shared_cache():
    """Return the cache all processes share, or None when there is none."""
    return caches["shared"] if "shared" in settings.CACHES else None


def content_version(request=None) -> str:
    """Return the current content version (read once per request)."""
    if request is not None and hasattr(request, "_content_version"):
        return request._content_version
    shared = shared_cache()
    if shared is not None:
        version = shared_token(shared, CONTENT_TOKEN)
    else:
        version = (
            ContentVersion.objects.filter(pk=1).values_list("value", flat=True).first()
            or "0"
        )
    if request is not None:
        request._content_version = version
    return version


def shared_token(shared, key: str) -> str:
    """Return the token under ``key``, creating a fresh one when there is none."""
    token = shared.get(key)
    if token is None:
        shared.add(key, uuid.uuid4().hex, None)
        token = shared.get(key) or uuid.uuid4().hex
    return token


def bump_content_version(**_kwargs) -> None:
    """Make every cached route, body and syllabus stale once this transaction commits."""
    token = uuid.uuid4().hex
    if not ContentVersion.objects.filter(pk=1).update(value=token):
        ContentVersion.objects.update_or_create(pk=1, defaults={"value": token})
    _drop_tokens([CONTENT_TOKEN])


def learner_token_key(user_id, course_key) -> str:
    return f"learner-state:{user_id}:{course_key}"


def forget_learner_state(pairs) -> None:
    """Make cached pages of these (user id, course key) pairs stale after commit."""
    _drop_tokens([learner_token_key(user_id, key) for user_id, key in pairs])


def _drop_tokens(keys: list[str]) -> None:
    """Drop tokens now, for this transaction's own reads, and again after commit.

    A reader in between may take a fresh token and build from the data not yet
    committed; the second drop makes what it stored unreachable.
    """
    shared = shared_cache()
    if shared is None or not keys:
        return
    shared.delete_many(keys)
    transaction.on_commit(lambda: shared.delete_many(keys))


def make_key(name: str, *parts) -> str:
    """Return a short cache key for ``parts`` (paths and titles may be long or CJK)."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()
    return f"lms:{name}:{digest[:40]}"


def get_or_set(request, name: str, parts: tuple, build):
    """Return the cached value of ``name`` for ``parts`` at this content version."""
    key = make_key(name, content_version(request), *parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


# --- Cached fragments: what every learner sees alike ------------------------


def course_outline(request, lesson):
    """Return the outline of ``lesson``'s course, cached per content version."""
    from django.utils.translation import get_language

    from .selectors import build_outline

    return get_or_set(
        request, "outline", (lesson.pk, get_language()), lambda: build_outline(lesson)
    )


def lesson_body(request, lesson) -> str:
    """Return the rendered body of a lesson without per-learner parts, cached."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    def render() -> str:
        return render_to_string(
            "courses/includes/lesson_body.html", {"page": lesson}, request=None
        )

    # Rendered by our own templates from the StreamField, so already escaped.
    return mark_safe(
        get_or_set(request, "lesson-body", (lesson.pk, get_language()), render)
    )


def catalogue_listing(request, filters, *, language: str) -> list[int]:
    """Return the ids of the courses the filters list, cached per content version."""
    from dataclasses import astuple

    from .selectors import catalogue_ids

    return get_or_set(
        request,
        "catalogue",
        (language, *astuple(filters)),
        lambda: catalogue_ids(filters, language=language),
    )


def catalogue_cards(request, ids: tuple, *, language: str) -> list:
    """Return the cards of the listed courses, cached per content version."""
    from . import selectors

    return get_or_set(
        request,
        "catalogue-cards-2",  # cards carry (slug, name) topics since version 2
        (language, ids),
        lambda: selectors.catalogue_cards(list(ids)),
    )


def catalogue_topics(request, *, language: str) -> list:
    from . import selectors

    return get_or_set(
        request, "topics", (language,), lambda: selectors.catalogue_topics(language)
    )
