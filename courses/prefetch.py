"""Read a signed-in learner's user and page tokens from Redis in one round trip.

A warm lesson or catalogue page costs no SQL; what is left is Redis: the
session, then the user (``people.backends``), then the page's tokens
(``courses.routing``), one round trip each. Once the session is read, the
other two are known: the user's id is in it, and the route of the path is
in this process's cache. This middleware, placed before Django's
authentication, reads both in one ``MGET`` and hands them on: the user to
``CachedUserBackend`` (which still checks it as for any cached user), the
tokens to ``routing`` on the request. Anything else (another path, no
route cached yet, an anonymous visitor, no shared cache) passes untouched.
"""

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError

from people.backends import prefetched_users, user_cache_key

from . import caching, routing

PREFIX = "/courses/"


class LearnerPagePrefetchMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        plan = _plan(request)
        if plan is None:
            return self.get_response(request)
        user_id, keys = plan
        values = caching.shared_cache().get_many(keys)
        request.shared_prefetch = {key: values.get(key) for key in keys[1:]}
        with prefetched_users({user_id: values.get(keys[0])}):
            return self.get_response(request)


def _plan(request) -> tuple | None:
    """Return (user id, keys to read) for a signed-in page with a cached route."""
    if request.method not in ("GET", "HEAD") or not request.path.startswith(PREFIX):
        return None
    if caching.shared_cache() is None:
        return None
    route = cache.get(routing.route_key(request, request.path[len(PREFIX) :]))
    if route is None:
        return None
    user_id = _session_user_id(request)
    if user_id is None:
        return None
    tokens = routing.learner_token_keys(user_id, route)
    if tokens is None:
        return None
    return user_id, [user_cache_key(user_id), *tokens]


def _session_user_id(request):
    if not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return None  # no session to read: an anonymous visitor
    raw = request.session.get(SESSION_KEY)
    if raw is None:
        return None
    try:
        return get_user_model()._meta.pk.to_python(raw)
    except ValidationError:
        return None
