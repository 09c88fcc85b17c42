"""Serve the catalogue subtree (``/courses/…``) from cached routes and pages.

Wagtail resolves a URL by walking the page tree, a few queries per level.
The result for a path only changes when content is published, moved or
unpublished, so it is cached with the content version it was computed at
(``caching``) and used only while that version is current. Pages with view
restrictions, and anything the cache cannot answer, go through Wagtail's own
serve view with all its hooks.

A learner's lesson page is also cached whole, per learner: its key holds the
content version and the learner's state in the course (tokens in the shared
cache, or the enrolment and last progress row read in one query without
one; see ``caching``), so the page is rebuilt as soon as either changes. The
CSRF token is the one per-request part: the page is cached with a placeholder
that each response fills in.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Page

from . import caching
from .models import ContentVersion, Enrolment, LessonPage, LessonProgress
from .setup import CATALOGUE_SLUG

CSRF_PLACEHOLDER = "csrf-placeholder-d41d8cd98f00b204"
# Learner pages carry navigation drawn from the learner's permissions; a
# role change reaches a cached page within this many seconds.
LEARNER_PAGE_TIMEOUT = 300


@dataclass(frozen=True)
class Route:
    version: str
    label: str = ""
    pk: int = 0
    course_key: object = None

    @property
    def through_wagtail(self) -> bool:
        return not self.label

    @property
    def catalogue(self) -> bool:
        return self.label == "courses.CataloguePage"


def route_key(request, path: str) -> str:
    """The per-process cache key of the route of ``/courses/<path>``."""
    return caching.make_key(
        "route", request.get_host(), get_language(), f"{CATALOGUE_SLUG}/{path}"
    )


def learner_token_keys(user_id, route: Route) -> list[str] | None:
    """The shared tokens a signed-in visitor's cached page at ``route`` is keyed by."""
    if route.catalogue:
        return [caching.CONTENT_TOKEN, caching.learner_catalogue_key(user_id)]
    if route.course_key:
        return [
            caching.CONTENT_TOKEN,
            caching.learner_token_key(user_id, route.course_key),
        ]
    return None


def _tokens(request, shared, keys: list[str]) -> dict:
    # ``courses.prefetch`` may have read them with the user, in one round trip.
    prefetched = getattr(request, "shared_prefetch", None)
    if prefetched is not None and all(key in prefetched for key in keys):
        return {key: prefetched[key] for key in keys if prefetched[key] is not None}
    return shared.get_many(keys)


def serve(request, path: str = ""):
    """Serve a page under the catalogue, from the caches when it is safe to."""
    full_path = f"{CATALOGUE_SLUG}/{path}"
    key = route_key(request, path)
    route = cache.get(key)
    if route is not None and route.catalogue:
        cached = _cached_catalogue(request, route)
        if cached is not None:
            return cached
    if route is not None and route.course_key and request.user.is_authenticated:
        cached = _cached_page(request, route)
        if cached is not None:
            return cached
    version = caching.content_version(request)
    if route is None or route.version != version:
        route = _route(request, full_path, version)
        cache.set(key, route, caching.TIMEOUT)
    if route.through_wagtail:
        return wagtail_views.serve(request, full_path)
    page = apps.get_model(route.label).objects.select_related("locale")
    page = page.filter(pk=route.pk).first()
    if page is None or not page.live:
        raise Http404
    if route.course_key and request.user.is_authenticated:
        return _serve_and_cache(request, page, route)
    if route.catalogue:
        return _serve_and_cache_catalogue(request, page, route)
    return page.serve(request)


def _route(request, full_path: str, version: str) -> Route:
    result = Page.route_for_request(request, full_path)
    if result is None:
        return Route(version)
    page, args, kwargs = result
    if args or kwargs or page.get_view_restrictions().exists():
        return Route(version)
    course_key = page.course_key if isinstance(page, LessonPage) else None
    return Route(version, page._meta.label, page.pk, course_key)


def _learner_state(request, route: Route, *, create: bool) -> tuple | None:
    """Return (content version, learner's state token) for a learner page, or None.

    With a shared cache both are tokens read in one round trip (``create``
    makes missing ones, as a page about to be built must); without one, one
    query reads the content version and the learner's enrolment and progress.
    """
    shared = caching.shared_cache()
    if shared is None:
        return _state_from_database(request.user, route)
    learner_key = caching.learner_token_key(request.user.pk, route.course_key)
    if create:
        return (
            caching.content_version(request),
            caching.shared_token(shared, learner_key),
        )
    tokens = _tokens(request, shared, [caching.CONTENT_TOKEN, learner_key])
    if len(tokens) < 2:
        return None
    return tokens[caching.CONTENT_TOKEN], tokens[learner_key]


def _state_from_database(user, route: Route) -> tuple | None:
    # Raw SQL: this runs on every cached lesson view, where compiling the
    # equivalent ORM query cost more than running it.
    key = Enrolment._meta.get_field("course_key").get_db_prep_value(
        route.course_key, connection
    )
    sql = _STATE_SQL.format(
        enrolment=Enrolment._meta.db_table,
        version=ContentVersion._meta.db_table,
        progress=LessonProgress._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, key, user.pk, key])
        row = cursor.fetchone()
    if row is None:
        return None
    status, started_at, version, last_progress = row
    return version or "0", f"{status}:{started_at}:{last_progress}"


_STATE_SQL = """
SELECT e.status, e.started_at,
       (SELECT v.value FROM {version} v WHERE v.id = 1),
       (SELECT MAX(p.id) FROM {progress} p
         WHERE p.user_id = %s AND p.course_key = %s)
  FROM {enrolment} e
 WHERE e.user_id = %s AND e.course_key = %s
"""


def _page_key(request, route: Route, state: tuple) -> str:
    version, learner = state
    return caching.make_key(
        "learner-page",
        request.user.pk,
        route.pk,
        get_language(),
        version,
        learner,
        request.get_full_path(),
    )


def _cached_page(request, route: Route) -> HttpResponse | None:
    state = _learner_state(request, route, create=False)
    return _from_cache(request, route, state, lambda: _page_key(request, route, state))


def _serve_and_cache(request, page, route: Route) -> HttpResponse:
    # The state is read before the page: a page built from older data must
    # never be stored under a newer state (see courses.caching).
    state = _learner_state(request, route, create=True)
    return _into_cache(
        request, page, route, state, lambda: _page_key(request, route, state)
    )


def _from_cache(request, route: Route, state, key) -> HttpResponse | None:
    """The page cached under ``key()`` at ``state``, with this request's CSRF token."""
    if state is None or state[0] != route.version or _has_messages(request):
        return None
    html = cache.get(key())
    if html is None:
        return None
    return _private(
        request, HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))
    )


def _into_cache(request, page, route: Route, state, key) -> HttpResponse:
    """Serve ``page``, and store it under ``key()`` when ``state`` is current."""
    cacheable = (
        state is not None and state[0] == route.version and not _has_messages(request)
    )
    response = page.serve(request)
    if not cacheable or response.status_code != 200 or not hasattr(response, "render"):
        return response
    response.context_data["csrf_token"] = CSRF_PLACEHOLDER
    html = response.render().content.decode()
    cache.set(key(), html, LEARNER_PAGE_TIMEOUT)
    response.content = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return _private(request, response)


def _has_messages(request) -> bool:
    return bool(len(messages.get_messages(request)))


def _private(request, response: HttpResponse) -> HttpResponse:
    """Keep a signed-in visitor's page out of shared caches (an anonymous one may stay)."""
    if request.user.is_authenticated:
        response["Cache-Control"] = "private, no-cache"
    return response


# The catalogue, cached whole ------------------------------------------------
# Rendering twenty course cards is most of its cost. An anonymous visitor's
# catalogue is the same for everyone at a content version, language and query;
# a learner's adds their status on each card, so it is keyed by a token of
# their state in every course, dropped with any of their course tokens.


def _catalogue_state(request, *, create: bool) -> tuple | None:
    shared = caching.shared_cache()
    if shared is None:
        return None  # without a shared cache, processes could not agree on it
    if not request.user.is_authenticated:
        version = (
            caching.content_version(request)
            if create
            else shared.get(caching.CONTENT_TOKEN)
        )
        return None if version is None else (version, "")
    learner_key = caching.learner_catalogue_key(request.user.pk)
    if create:
        return caching.content_version(request), caching.shared_token(
            shared, learner_key
        )
    tokens = _tokens(request, shared, [caching.CONTENT_TOKEN, learner_key])
    if len(tokens) < 2:
        return None
    return tokens[caching.CONTENT_TOKEN], tokens[learner_key]


def _catalogue_key(request, state: tuple) -> str:
    return caching.make_key(
        "catalogue-page",
        request.get_host(),
        request.user.pk or "",
        get_language(),
        *state,
        request.get_full_path(),
    )


def _cached_catalogue(request, route: Route) -> HttpResponse | None:
    state = _catalogue_state(request, create=False)
    return _from_cache(request, route, state, lambda: _catalogue_key(request, state))


def _serve_and_cache_catalogue(request, page, route: Route) -> HttpResponse:
    state = _catalogue_state(request, create=True)
    return _into_cache(
        request, page, route, state, lambda: _catalogue_key(request, state)
    )
